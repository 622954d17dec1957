#include "mc/core/telex.hpp"

#include <array>
#include <optional>
#include <vector>

#include "mc/core/text.hpp"

namespace mc {
namespace {

// Each row: a vowel base followed by its five toned forms, in the order sắc, huyền, hỏi, ngã, nặng.
constexpr std::array<std::string_view, 12> kLowerRows = {"aáàảãạ", "ăắằẳẵặ", "âấầẩẫậ", "eéèẻẽẹ", "êếềểễệ", "iíìỉĩị",
                                                         "oóòỏõọ", "ôốồổỗộ", "ơớờởỡợ", "uúùủũụ", "ưứừửữự", "yýỳỷỹỵ"};
constexpr std::array<std::string_view, 12> kUpperRows = {"AÁÀẢÃẠ", "ĂẮẰẲẴẶ", "ÂẤẦẨẪẬ", "EÉÈẺẼẸ", "ÊẾỀỂỄỆ", "IÍÌỈĨỊ",
                                                         "OÓÒỎÕỌ", "ÔỐỒỔỖỘ", "ƠỚỜỞỠỢ", "UÚÙỦŨỤ", "ƯỨỪỬỮỰ", "YÝỲỶỸỴ"};

struct VowelTables {
  std::array<std::u32string, 12> lower, upper;
  VowelTables() {
    for (size_t i = 0; i < 12; ++i) {
      lower[i] = to_u32(kLowerRows[i]);
      upper[i] = to_u32(kUpperRows[i]);
    }
  }
};
const VowelTables& tables() {
  static const VowelTables t;
  return t;
}

// One letter of the word being composed: its lower-case base (vowel marks kept, tone removed).
struct Letter {
  char32_t base;
  bool upper;
};

struct Word {
  std::vector<Letter> letters;
  int tone = 0;  // 0 none, 1 sắc, 2 huyền, 3 hỏi, 4 ngã, 5 nặng
};

bool is_vowel_base(char32_t c) {
  for (const auto& row : tables().lower)
    if (row[0] == c) return true;
  return false;
}

// Splits a character into (base, upper, tone); nullopt when it is not a letter Telex works on.
std::optional<std::pair<Letter, int>> decompose(char32_t c) {
  const auto& t = tables();
  for (size_t row = 0; row < 12; ++row)
    for (size_t tone = 0; tone < 6; ++tone) {
      if (t.lower[row][tone] == c) return std::pair{Letter{t.lower[row][0], false}, int(tone)};
      if (t.upper[row][tone] == c) return std::pair{Letter{t.lower[row][0], true}, int(tone)};
    }
  if (c >= 'a' && c <= 'z') return std::pair{Letter{c, false}, 0};
  if (c >= 'A' && c <= 'Z') return std::pair{Letter{char32_t(c - 'A' + 'a'), true}, 0};
  if (c == U'đ') return std::pair{Letter{U'đ', false}, 0};
  if (c == U'Đ') return std::pair{Letter{U'đ', true}, 0};
  return std::nullopt;
}

char32_t render(const Letter& letter, int tone) {
  const auto& t = tables();
  for (size_t row = 0; row < 12; ++row)
    if (t.lower[row][0] == letter.base) return letter.upper ? t.upper[row][tone] : t.lower[row][tone];
  if (letter.base == U'đ') return letter.upper ? U'Đ' : U'đ';
  if (letter.upper && letter.base >= 'a' && letter.base <= 'z') return letter.base - 'a' + 'A';
  return letter.base;
}

// The last run of vowels: [begin, end). Empty (begin == end) when the word has no vowel.
std::pair<size_t, size_t> vowel_cluster(const std::vector<Letter>& letters) {
  size_t end = letters.size();
  while (end > 0 && !is_vowel_base(letters[end - 1].base)) --end;
  size_t begin = end;
  while (begin > 0 && is_vowel_base(letters[begin - 1].base)) --begin;
  return {begin, end};
}

// The cluster that carries the tone: the u of "qu" and the i of "gi" belong to the consonant.
std::pair<size_t, size_t> tone_cluster(const std::vector<Letter>& letters) {
  auto [begin, end] = vowel_cluster(letters);
  if (end - begin > 1 && begin > 0) {
    char32_t first = letters[begin].base, before = letters[begin - 1].base;
    if ((first == 'u' && before == 'q') || (first == 'i' && before == 'g')) ++begin;
  }
  return {begin, end};
}

bool is_marked(char32_t base) {
  return base == U'ă' || base == U'â' || base == U'ê' || base == U'ô' || base == U'ơ' || base == U'ư';
}

std::optional<size_t> tone_position(const std::vector<Letter>& letters) {
  auto [begin, end] = tone_cluster(letters);
  if (begin == end) return std::nullopt;
  for (size_t i = begin; i + 1 < end; ++i)
    if (letters[i].base == U'ư' && letters[i + 1].base == U'ơ') return i + 1;
  std::optional<size_t> marked;
  for (size_t i = begin; i < end; ++i)
    if (is_marked(letters[i].base)) marked = i;
  if (marked) return marked;
  size_t size = end - begin;
  if (size == 1) return begin;
  if (end < letters.size()) return end - 1;  // a final consonant follows: "hoàng", "toán"
  if (size == 3) return begin + 1;           // "khuỷu"
  return begin;                              // "hòa", "mùa", "thủy"
}

std::u32string compose(const Word& word) {
  std::u32string out;
  auto pos = tone_position(word.letters);
  for (size_t i = 0; i < word.letters.size(); ++i)
    out += render(word.letters[i], pos && *pos == i ? word.tone : 0);
  return out;
}

int tone_for_key(char32_t k) {
  switch (k) {
    case 's': return 1;
    case 'f': return 2;
    case 'r': return 3;
    case 'x': return 4;
    case 'j': return 5;
    default: return 0;
  }
}

char32_t circumflex_of(char32_t k) { return k == 'a' ? U'â' : k == 'e' ? U'ê' : U'ô'; }
char32_t breve_or_horn_of(char32_t k) { return k == 'a' ? U'ă' : k == 'o' ? U'ơ' : U'ư'; }
char32_t unmarked_of(char32_t marked) {
  switch (marked) {
    case U'ă': case U'â': return 'a';
    case U'ê': return 'e';
    case U'ô': case U'ơ': return 'o';
    case U'ư': return 'u';
    default: return marked;
  }
}

}  // namespace

std::string TelexComposer::type(std::string_view text, char32_t key) {
  std::u32string all = to_u32(text);
  const bool key_is_ascii_letter = (key >= 'a' && key <= 'z') || (key >= 'A' && key <= 'Z');
  if (!key_is_ascii_letter) {
    literal_word_ = false;
    lone_w_ = false;
    all += key;
    return to_nfc(to_utf8(all));
  }
  const bool key_upper = key >= 'A' && key <= 'Z';
  const char32_t k = key_upper ? key - 'A' + 'a' : key;
  const Letter typed{k, key_upper};

  // The last word: a trailing run of letters Telex understands.
  size_t start = all.size();
  while (start > 0 && decompose(all[start - 1])) --start;
  if (start == all.size()) literal_word_ = false;  // a fresh word begins
  const bool after_lone_w = lone_w_;
  lone_w_ = false;
  if (literal_word_) {
    all += key;
    return to_utf8(all);
  }
  Word word;
  for (size_t i = start; i < all.size(); ++i) {
    auto [letter, tone] = *decompose(all[i]);
    word.letters.push_back(letter);
    if (tone) word.tone = tone;
  }
  auto& letters = word.letters;
  auto [begin, end] = vowel_cluster(letters);
  const bool has_vowel = begin != end;
  auto undo_with = [&](auto revert) {
    revert();
    letters.push_back(typed);
    literal_word_ = true;
  };

  if (int tone = tone_for_key(k); tone && has_vowel) {
    if (word.tone == tone)
      undo_with([&] { word.tone = 0; });
    else
      word.tone = tone;
  } else if (k == 'z' && word.tone) {
    word.tone = 0;
  } else if (k == 'd' && !letters.empty() && (letters[0].base == 'd' || letters[0].base == U'đ')) {
    if (letters[0].base == 'd')
      letters[0].base = U'đ';
    else
      undo_with([&] { letters[0].base = 'd'; });
  } else if ((k == 'a' || k == 'e' || k == 'o') && has_vowel) {
    std::optional<size_t> plain, hatted;
    for (size_t i = begin; i < end; ++i) {
      if (letters[i].base == k) plain = i;
      if (letters[i].base == circumflex_of(k)) hatted = i;
    }
    if (plain)
      letters[*plain].base = circumflex_of(k);
    else if (hatted)
      undo_with([&] { letters[*hatted].base = k; });
    else
      letters.push_back(typed);
  } else if (k == 'w') {
    std::optional<size_t> horn_pair, uo_pair, plain, marked;
    for (size_t i = begin; i < end; ++i) {
      char32_t b = letters[i].base;
      if (i + 1 < end) {
        char32_t n = letters[i + 1].base;
        if (b == U'ư' && n == U'ơ') horn_pair = i;
        bool after_q = i > 0 && letters[i - 1].base == 'q';
        if (!after_q && ((b == 'u' && n == 'o') || (b == U'ư' && n == 'o') || (b == 'u' && n == U'ơ'))) uo_pair = i;
      }
      if (b == 'a' || b == 'o' || b == 'u') plain = i;
      if (b == U'ă' || b == U'ơ' || b == U'ư') marked = i;
    }
    if (horn_pair) {
      undo_with([&] {
        letters[*horn_pair].base = 'u';
        letters[*horn_pair + 1].base = 'o';
      });
    } else if (uo_pair) {
      letters[*uo_pair].base = U'ư';
      letters[*uo_pair + 1].base = U'ơ';
    } else if (plain) {
      letters[*plain].base = breve_or_horn_of(letters[*plain].base);
    } else if (marked) {
      if (after_lone_w && letters[*marked].base == U'ư' && *marked + 1 == letters.size()) {  // "ww" -> "w"
        letters[*marked] = typed;
        literal_word_ = true;
      } else {
        undo_with([&] { letters[*marked].base = unmarked_of(letters[*marked].base); });
      }
    } else if (!has_vowel) {
      letters.push_back(Letter{U'ư', key_upper});  // "w" alone types ư: "nhw" -> "như"
      lone_w_ = true;
    } else {
      letters.push_back(typed);
    }
  } else {
    letters.push_back(typed);
  }

  all.erase(start);
  all += compose(word);
  return to_utf8(all);
}

std::string telex_convert(std::string_view keys) {
  TelexComposer composer;
  std::string text;
  for (char32_t key : to_u32(keys)) text = composer.type(text, key);
  return text;
}

std::string erase_last_char(std::string_view text) {
  std::u32string all = to_u32(text);
  if (!all.empty()) all.pop_back();
  return to_utf8(all);
}

}  // namespace mc
