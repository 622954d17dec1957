#include <catch2/catch.hpp>

#include "mc/core/log.hpp"
#include "mc/core/text.hpp"

TEST_CASE("text is normalised to NFC", "[text]") {
  const std::string decomposed = "Vie\xCC\xA3\xCC\x82t";  // e + combining dot below + combining circumflex
  CHECK(mc::to_nfc(decomposed) == "Việt");
  CHECK(mc::to_nfc("Nguy\xE1\xBB\x85n") == "Nguyễn");
  CHECK(mc::is_valid_utf8("Đăng ký"));
  CHECK_FALSE(mc::is_valid_utf8("\xC3("));
  CHECK(mc::to_nfc("a\xFF" "b") == "a\xEF\xBF\xBD" "b");
}

TEST_CASE("search folding drops case, diacritics and đ", "[text]") {
  CHECK(mc::fold_for_search("Đăng ký") == "dang ky");
  CHECK(mc::fold_for_search("  CẤP LẠI   giấy-phép ") == "cap lai giay phep");
  CHECK(mc::fold_for_search("Vie\xCC\xA3\xCC\x82t") == "viet");
  CHECK(mc::fold_for_search("1.002820") == "1 002820");
}

TEST_CASE("upper case handles Vietnamese letters", "[text]") {
  CHECK(mc::to_upper("bộ phận tiếp nhận đ") == "BỘ PHẬN TIẾP NHẬN Đ");
}

TEST_CASE("personal data is masked for logs", "[log]") {
  CHECK(mc::mask_id("001099012345") == "001*******45");
  CHECK(mc::mask_name("Nguyễn Văn An") == "N*** V*** A***");
  CHECK(mc::mask_free_text("Số 1") == "<4 chars>");
  CHECK(mc::mask_id("001099012345").find("099012") == std::string::npos);
}
