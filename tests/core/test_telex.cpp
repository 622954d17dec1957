#include <catch2/catch.hpp>

#include <cctype>

#include "mc/core/telex.hpp"
#include "mc/core/text.hpp"

using mc::telex_convert;

TEST_CASE("Telex types whole Vietnamese words", "[telex]") {
  CHECK(telex_convert("tieengs Vieetj") == "tiếng Việt");
  CHECK(telex_convert("Nguyeenx Vawn A") == "Nguyễn Văn A");
  CHECK(telex_convert("Truwowngf") == "Trường");
  CHECK(telex_convert("truongwf") == "trường");
  CHECK(telex_convert("dda, ddi") == "đa, đi");  // punctuation ends a word
  CHECK(telex_convert("ddi") == "đi");
  CHECK(telex_convert("DDawng kys") == "Đăng ký");
  CHECK(telex_convert("giaays pheps lais xe") == "giấy phép lái xe");
  CHECK(telex_convert("Haf Nooij") == "Hà Nội");
  CHECK(telex_convert("nguwowif") == "người");
  CHECK(telex_convert("quar") == "quả");
  CHECK(telex_convert("gif") == "gì");
  CHECK(telex_convert("giuwx") == "giữ");
  CHECK(telex_convert("hoaf") == "hòa");
  CHECK(telex_convert("hoafng") == "hoàng");  // the tone moves when a final consonant follows
  CHECK(telex_convert("thuyr") == "thủy");
  CHECK(telex_convert("khuyur") == "khuỷu");
  CHECK(telex_convert("nhw") == "như");
  CHECK(telex_convert("w") == "ư");
  CHECK(telex_convert("Sôs 1, dduwowngf ABC") == "Số 1, đường ABC");
}

TEST_CASE("Telex: every tone on every vowel", "[telex]") {
  struct Row {
    const char* keys;  // the vowel as typed
    const char* forms; // none, sắc, huyền, hỏi, ngã, nặng
  };
  const Row rows[] = {{"a", "aáàảãạ"}, {"aw", "ăắằẳẵặ"}, {"aa", "âấầẩẫậ"}, {"e", "eéèẻẽẹ"},
                      {"ee", "êếềểễệ"}, {"i", "iíìỉĩị"},  {"o", "oóòỏõọ"},  {"oo", "ôốồổỗộ"},
                      {"ow", "ơớờởỡợ"}, {"u", "uúùủũụ"},  {"uw", "ưứừửữự"}, {"y", "yýỳỷỹỵ"}};
  const char tone_keys[] = {'s', 'f', 'r', 'x', 'j'};
  for (const auto& row : rows) {
    std::u32string forms = mc::to_u32(row.forms);
    CHECK(telex_convert(row.keys) == mc::to_utf8(forms[0]));
    for (int tone = 0; tone < 5; ++tone) {
      std::string keys = std::string("t") + row.keys + tone_keys[tone];
      INFO(keys);
      CHECK(telex_convert(keys) == "t" + mc::to_utf8(forms[tone + 1]));
      // Tone typed before the vowel mark lands the same way ("tasa" is not Telex, but "tawsn" is).
      std::string upper = std::string("T") + row.keys + tone_keys[tone];
      for (auto& c : upper) c = char(std::toupper(static_cast<unsigned char>(c)));
      CHECK(telex_convert(upper) == mc::to_upper("t" + mc::to_utf8(forms[tone + 1])));
    }
  }
}

TEST_CASE("Telex: changing and removing a tone", "[telex]") {
  CHECK(telex_convert("asf") == "à");   // a later tone key replaces the tone
  CHECK(telex_convert("asz") == "a");   // z removes it
  CHECK(telex_convert("az") == "az");   // z with no tone is a letter
  CHECK(telex_convert("tieesng") == "tiếng");  // tone typed mid-word moves to the right vowel
}

TEST_CASE("Telex: repeating a mark's key undoes it", "[telex]") {
  CHECK(telex_convert("aas") == "ấ");
  CHECK(telex_convert("ass") == "as");
  CHECK(telex_convert("asss") == "ass");  // after an undo the word is literal
  CHECK(telex_convert("aaa") == "aa");
  CHECK(telex_convert("eee") == "ee");
  CHECK(telex_convert("ooo") == "oo");
  CHECK(telex_convert("aww") == "aw");
  CHECK(telex_convert("oww") == "ow");
  CHECK(telex_convert("uww") == "uw");
  CHECK(telex_convert("ww") == "w");
  CHECK(telex_convert("nhww") == "nhw");
  CHECK(telex_convert("ddd") == "dd");
  CHECK(telex_convert("uoww") == "uow");
  CHECK(telex_convert("bus bus") == "bú bú");  // each word starts fresh
}

TEST_CASE("Telex output is NFC and backspace removes one letter", "[telex]") {
  std::string text = telex_convert("Vieetj");
  CHECK(text == mc::to_nfc(text));
  CHECK(mc::erase_last_char(text) == "Việ");
  CHECK(mc::erase_last_char("") == "");
  mc::TelexComposer composer;
  std::string typed = composer.type("Nguyễn Văn", ' ');
  typed = composer.type(typed, 'A');
  CHECK(typed == "Nguyễn Văn A");
}
