#include "mc/core/speech_text.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstdlib>
#include <optional>
#include <stdexcept>
#include <utility>

#include "mc/core/json_file.hpp"
#include "mc/core/text.hpp"

namespace mc {

// ---------------------------------------------------------------------------------------------------------
// Loading the language data
// ---------------------------------------------------------------------------------------------------------

namespace {

class LexiconReader {
 public:
  LexiconReader(const nlohmann::json& root, std::string path) : root_(root), path_(std::move(path)) {}

  [[noreturn]] void fail(const std::string& where, const std::string& reason) const {
    throw std::runtime_error(path_ + ": $." + where + ": " + reason);
  }
  const nlohmann::json& object(const std::string& key) const {
    auto it = root_.find(key);
    if (it == root_.end() || !it->is_object()) fail(key, "missing, or not an object");
    return *it;
  }
  std::string text(const nlohmann::json& parent, const std::string& where, const std::string& key) const {
    auto it = parent.find(key);
    if (it == parent.end() || !it->is_string() || it->get<std::string>().empty())
      fail(where + "." + key, "missing, or not a non-empty string");
    return to_nfc(it->get<std::string>());
  }
  std::vector<std::string> texts(const nlohmann::json& parent, const std::string& where, const std::string& key,
                                 size_t count) const {
    auto it = parent.find(key);
    if (it == parent.end() || !it->is_array()) fail(where + "." + key, "missing, or not a list");
    if (it->size() != count)
      fail(where + "." + key, "must have " + std::to_string(count) + " entries, has " + std::to_string(it->size()));
    std::vector<std::string> out;
    for (const auto& entry : *it) {
      if (!entry.is_string()) fail(where + "." + key, "every entry must be a string");
      out.push_back(to_nfc(entry.get<std::string>()));
    }
    return out;
  }
  std::map<std::string, std::string> table(const nlohmann::json& parent, const std::string& where) const {
    std::map<std::string, std::string> out;
    for (const auto& [key, value] : parent.items()) {
      if (!value.is_string() || value.get<std::string>().empty()) fail(where + "." + key, "must be a non-empty string");
      out[to_nfc(key)] = to_nfc(value.get<std::string>());
    }
    return out;
  }

 private:
  const nlohmann::json& root_;
  std::string path_;
};

}  // namespace

SpeechLexicon SpeechLexicon::load(const std::string& path) {
  const nlohmann::json json = read_json_file(path, "voice language");
  if (!json.is_object()) throw std::runtime_error(path + ": must be a JSON object");
  LexiconReader in(json, path);
  SpeechLexicon lex;
  const std::string language = in.text(json, "", "language").c_str();
  if (language == "vi")
    lex.lang = Lang::Vi;
  else if (language == "en")
    lex.lang = Lang::En;
  else
    in.fail("language", "must be \"vi\" or \"en\", got \"" + language + "\"");

  const auto& numbers = in.object("numbers");
  if (lex.lang == Lang::Vi) {
    lex.digits = in.texts(numbers, "numbers", "digits", 10);
    for (const char* key :
         {"ten", "tens_suffix", "hundred", "zero_tens", "one_after_tens", "four_after_tens", "five_after_ten"}) {
      std::string value = in.text(numbers, "numbers", key);
      if (std::string_view(key) == "ten") lex.ten = value;
      if (std::string_view(key) == "tens_suffix") lex.tens_suffix = value;
      if (std::string_view(key) == "hundred") lex.hundred = value;
      if (std::string_view(key) == "zero_tens") lex.zero_tens = value;
      if (std::string_view(key) == "one_after_tens") lex.one_after_tens = value;
      if (std::string_view(key) == "four_after_tens") lex.four_after_tens = value;
      if (std::string_view(key) == "five_after_ten") lex.five_after_ten = value;
    }
  } else {
    lex.ones = in.texts(numbers, "numbers", "ones", 20);
    lex.tens = in.texts(numbers, "numbers", "tens", 10);
    lex.hundred = in.text(numbers, "numbers", "hundred");
    lex.ordinal_ones = in.texts(numbers, "numbers", "ordinal_ones", 20);
    lex.ordinal_tens = in.texts(numbers, "numbers", "ordinal_tens", 10);
    lex.digits.assign(lex.ones.begin(), lex.ones.begin() + 10);
  }
  lex.scales = in.texts(numbers, "numbers", "scales", 3);
  lex.decimal_point = in.text(numbers, "numbers", "decimal_point");
  lex.minus = in.text(numbers, "numbers", "minus");
  lex.percent = in.text(numbers, "numbers", "percent");

  const auto& context = in.object("context");
  lex.months = in.texts(context, "context", "months", 12);
  lex.number_word = in.text(context, "context", "number_word");
  if (lex.lang == Lang::Vi) {
    lex.day_word = in.text(context, "context", "day_word");
    lex.early_day_prefix = in.text(context, "context", "early_day_prefix");
    lex.month_word = in.text(context, "context", "month_word");
    lex.year_word = in.text(context, "context", "year_word");
    lex.ordinal_word = in.text(context, "context", "ordinal_word");
    lex.hour_word = in.text(context, "context", "hour_word");
    lex.minute_word = in.text(context, "context", "minute_word");
    lex.second_word = in.text(context, "context", "second_word");
    auto ordinals = context.find("ordinals");
    if (ordinals == context.end() || !ordinals->is_object()) in.fail("context.ordinals", "missing, or not an object");
    lex.ordinals = in.table(*ordinals, "context.ordinals");
  } else {
    lex.am = in.text(context, "context", "am");
    lex.pm = in.text(context, "context", "pm");
    lex.oh = in.text(context, "context", "oh");
    lex.oclock = in.text(context, "context", "oclock");
  }

  const auto& money = in.object("money");
  auto marks = money.find("marks");
  if (marks == money.end() || !marks->is_array() || marks->empty())
    in.fail("money.marks", "missing, or not a non-empty list");
  for (const auto& mark : *marks) {
    if (!mark.is_string() || mark.get<std::string>().empty()) in.fail("money.marks", "every entry must be a string");
    lex.money_marks.push_back(to_nfc(mark.get<std::string>()));
  }
  lex.money_word = in.text(money, "money", "word");

  lex.letters = in.table(in.object("letters"), "letters");
  for (char letter = 'A'; letter <= 'Z'; ++letter)
    if (!lex.letters.count(std::string(1, letter))) in.fail("letters", std::string("no name for the letter ") + letter);
  lex.symbols = in.table(in.object("symbols"), "symbols");
  for (const char* symbol : {".", "-", "/", "+"})
    if (!lex.symbols.count(symbol)) in.fail("symbols", std::string("no word for '") + symbol + "'");
  lex.word_slash = in.text(json, "", "word_slash");
  lex.abbreviations = in.table(in.object("abbreviations"), "abbreviations");
  return lex;
}

SpeechNormalizer::SpeechNormalizer(SpeechLexicon vi, SpeechLexicon en) : vi_(std::move(vi)), en_(std::move(en)) {
  if (vi_.lang != Lang::Vi || en_.lang != Lang::En)
    throw std::invalid_argument("SpeechNormalizer: the Vietnamese and English lexicons were swapped");
}

SpeechNormalizer SpeechNormalizer::load(const std::string& voice_dir) {
  return SpeechNormalizer(SpeechLexicon::load(voice_dir + "/vi.json"), SpeechLexicon::load(voice_dir + "/en.json"));
}

// ---------------------------------------------------------------------------------------------------------
// Numbers
// ---------------------------------------------------------------------------------------------------------

namespace {

void add(std::string& out, std::string_view words) {
  if (words.empty()) return;
  if (!out.empty() && out.back() != ' ') out += ' ';
  out += words;
}

// One group of three digits. `spoken_before`: a higher group was said, so a group below 100 still says its
// hundreds and "linh" (1.005 -> "một nghìn không trăm linh năm").
std::string vi_group(const SpeechLexicon& lex, int group, bool spoken_before) {
  const int hundreds = group / 100, tens = group / 10 % 10, units = group % 10;
  std::string out;
  const bool says_hundreds = spoken_before || hundreds > 0;
  if (says_hundreds) {
    add(out, lex.digits[hundreds]);
    add(out, lex.hundred);
  }
  if (tens == 0) {
    if (units != 0) {
      if (says_hundreds) add(out, lex.zero_tens);
      add(out, lex.digits[units]);
    }
  } else if (tens == 1) {
    add(out, lex.ten);
    if (units == 5)
      add(out, lex.five_after_ten);
    else if (units != 0)
      add(out, lex.digits[units]);
  } else {
    add(out, lex.digits[tens]);
    add(out, lex.tens_suffix);
    if (units == 1)
      add(out, lex.one_after_tens);
    else if (units == 4)
      add(out, lex.four_after_tens);
    else if (units == 5)
      add(out, lex.five_after_ten);
    else if (units != 0)
      add(out, lex.digits[units]);
  }
  return out;
}

std::string vi_below_billion(const SpeechLexicon& lex, uint64_t number, bool spoken_before) {
  const int groups[3] = {int(number / 1000000), int(number / 1000 % 1000), int(number % 1000)};
  const std::string* scale[3] = {&lex.scales[1], &lex.scales[0], nullptr};
  std::string out;
  for (int i = 0; i < 3; ++i) {
    if (groups[i] == 0) continue;
    add(out, vi_group(lex, groups[i], spoken_before));
    if (scale[i]) add(out, *scale[i]);
    spoken_before = true;
  }
  return out;
}

std::string vi_cardinal(const SpeechLexicon& lex, uint64_t number) {
  if (number == 0) return lex.digits[0];
  constexpr uint64_t kBillion = 1000000000ULL;
  if (number >= kBillion) {
    std::string out = vi_cardinal(lex, number / kBillion);
    add(out, lex.scales[2]);  // 10^12 is "nghìn tỷ", 10^15 "triệu tỷ": the billions count recursively
    if (number % kBillion) add(out, vi_below_billion(lex, number % kBillion, true));
    return out;
  }
  return vi_below_billion(lex, number, false);
}

std::string en_below_thousand(const SpeechLexicon& lex, int number) {
  std::string out;
  if (number >= 100) {
    add(out, lex.ones[number / 100]);
    add(out, lex.hundred);
    number %= 100;
  }
  if (number >= 20) {
    std::string tens = lex.tens[number / 10];
    if (number % 10) tens += "-" + lex.ones[number % 10];
    add(out, tens);
  } else if (number > 0) {
    add(out, lex.ones[number]);
  }
  return out;
}

std::string en_cardinal(const SpeechLexicon& lex, uint64_t number) {
  if (number == 0) return lex.ones[0];
  constexpr uint64_t kBillion = 1000000000ULL;
  std::string out;
  if (number >= kBillion) {
    out = en_cardinal(lex, number / kBillion);
    add(out, lex.scales[2]);
    number %= kBillion;
  }
  const int groups[3] = {int(number / 1000000), int(number / 1000 % 1000), int(number % 1000)};
  const std::string* scale[3] = {&lex.scales[1], &lex.scales[0], nullptr};
  for (int i = 0; i < 3; ++i) {
    if (groups[i] == 0) continue;
    add(out, en_below_thousand(lex, groups[i]));
    if (scale[i]) add(out, *scale[i]);
  }
  return out;
}

std::string en_ordinal(const SpeechLexicon& lex, int number) {
  if (number < 20) return lex.ordinal_ones[number];
  if (number < 100 && number % 10 == 0) return lex.ordinal_tens[number / 10];
  if (number < 100) return lex.tens[number / 10] + "-" + lex.ordinal_ones[number % 10];
  return en_cardinal(lex, uint64_t(number)) + "th";
}

bool is_digit(char c) {
  return c >= '0' && c <= '9';
}
bool is_ascii_upper(char c) {
  return c >= 'A' && c <= 'Z';
}
bool all_digits(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), is_digit);
}

std::optional<int64_t> to_int(std::string_view digit_string) {
  if (!all_digits(digit_string) || digit_string.size() > 18) return std::nullopt;
  int64_t value = 0;
  for (char c : digit_string) value = value * 10 + (c - '0');
  return value;
}

// A number as written in text: "135000", "135.000" (Vietnamese thousands), "135,000" (English thousands),
// "3,5" (Vietnamese decimal), "3.5" (English decimal). Groups after a thousands separator have exactly three
// digits, so "1.002820" (a procedure code) is not a number.
struct WrittenNumber {
  int64_t integer = 0;
  std::string fraction;  // digits after the decimal separator, or empty
  bool grouped = false;
};

std::optional<WrittenNumber> parse_written_number(std::string_view text, Lang lang) {
  const char thousands = lang == Lang::Vi ? '.' : ',';
  const char decimal = lang == Lang::Vi ? ',' : '.';
  WrittenNumber number;
  std::string_view integer_part = text, fraction_part;
  if (size_t point = text.find(decimal); point != std::string_view::npos) {
    integer_part = text.substr(0, point);
    fraction_part = text.substr(point + 1);
    if (!all_digits(fraction_part)) return std::nullopt;
    number.fraction = std::string(fraction_part);
  }
  std::string digits;
  size_t group_start = 0;
  bool first_group = true;
  for (size_t i = 0; i <= integer_part.size(); ++i) {
    if (i == integer_part.size() || integer_part[i] == thousands) {
      const size_t length = i - group_start;
      if (first_group ? (length == 0) : (length != 3)) return std::nullopt;
      if (!first_group) number.grouped = true;
      if (first_group && i < integer_part.size() && length > 3) return std::nullopt;
      first_group = false;
      group_start = i + 1;
      continue;
    }
    if (!is_digit(integer_part[i])) return std::nullopt;
    digits += integer_part[i];
  }
  if (digits.size() > 15) return std::nullopt;
  auto value = to_int(digits);
  if (!value) return std::nullopt;
  number.integer = *value;
  return number;
}

// Splits a UTF-8 string into code points as strings ("Đ" stays one piece).
std::vector<std::string> code_points(std::string_view text) {
  std::vector<std::string> out;
  for (char32_t cp : to_u32(text)) out.push_back(to_utf8(cp));
  return out;
}

bool is_letter_cp(char32_t cp) {
  if (cp < 128) return (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z');
  return cp >= 0xC0 && cp != 0xD7 && cp != 0xF7 && cp < 0x2000;  // Latin letters with marks, Đ/đ, ơ, ư...
}

bool has_lowercase(std::string_view word) {
  for (char32_t cp : to_u32(word))
    if (is_letter_cp(cp) && to_utf8(cp) != to_upper(to_utf8(cp))) return true;
  return false;
}
bool has_letter(std::string_view word) {
  for (char32_t cp : to_u32(word))
    if (is_letter_cp(cp)) return true;
  return false;
}

}  // namespace

std::string SpeechNormalizer::cardinal(int64_t number, Lang lang) const {
  const SpeechLexicon& lex = lexicon(lang);
  const uint64_t magnitude = number < 0 ? uint64_t(0) - uint64_t(number) : uint64_t(number);
  std::string words = lang == Lang::Vi ? vi_cardinal(lex, magnitude) : en_cardinal(lex, magnitude);
  return number < 0 ? lex.minus + " " + words : words;
}

std::string SpeechNormalizer::digits(std::string_view digit_string, Lang lang) const {
  const SpeechLexicon& lex = lexicon(lang);
  std::string out;
  for (char c : digit_string)
    if (is_digit(c)) add(out, lex.digits[c - '0']);
  return out;
}

std::string SpeechNormalizer::date(const Date& date, Lang lang) const {
  const SpeechLexicon& lex = lexicon(lang);
  if (lang == Lang::En)
    return lex.months[date.month - 1] + " " + en_ordinal(lex, date.day) + ", " + cardinal(date.year, lang);
  std::string out = lex.day_word;
  if (date.day <= 10) add(out, lex.early_day_prefix);  // "ngày mồng hai tháng chín"
  add(out, cardinal(date.day, lang));
  add(out, lex.month_word);
  add(out, lex.months[date.month - 1]);
  add(out, lex.year_word);
  add(out, cardinal(date.year, lang));
  return out;
}

std::string SpeechNormalizer::time(int hour, int minute, Lang lang) const {
  const SpeechLexicon& lex = lexicon(lang);
  if (lang == Lang::En) {
    const int twelve = hour % 12 == 0 ? 12 : hour % 12;
    std::string out = cardinal(twelve, lang);
    if (minute > 0 && minute < 10) add(out, lex.oh);
    if (minute > 0) add(out, cardinal(minute, lang));
    add(out, hour < 12 ? lex.am : lex.pm);
    return out;
  }
  std::string out = cardinal(hour, lang) + " " + lex.hour_word;
  if (minute > 0) add(out, cardinal(minute, lang) + " " + lex.minute_word);
  return out;
}

std::string SpeechNormalizer::money(int64_t amount_vnd, Lang lang) const {
  return cardinal(amount_vnd, lang) + " " + lexicon(lang).money_word;
}

std::string SpeechNormalizer::phone(std::string_view phone_number, Lang lang) const {
  const SpeechLexicon& lex = lexicon(lang);
  std::string text(phone_number);
  std::string out;
  if (text.rfind("+", 0) == 0) {
    out = lex.symbols.at("+");
    text.erase(0, 1);
  }
  // The groups as written; one unbroken run is grouped the way Vietnamese numbers are said:
  // mobile 0912 345 678, landline 024 3942 3456.
  std::vector<std::string> groups;
  std::string current;
  for (char c : text) {
    if (is_digit(c)) {
      current += c;
    } else if (!current.empty()) {
      groups.push_back(current);
      current.clear();
    }
  }
  if (!current.empty()) groups.push_back(current);
  if (groups.size() == 1 && groups[0].size() >= 10 && groups[0][0] == '0') {
    const std::string all = groups[0];
    const std::vector<size_t> sizes = all.size() == 10 ? std::vector<size_t>{4, 3, 3} : std::vector<size_t>{3, 4, 4};
    groups.clear();
    size_t at = 0;
    for (size_t i = 0; i < sizes.size() && at < all.size(); ++i) {
      const size_t length = i + 1 == sizes.size() ? all.size() - at : sizes[i];
      groups.push_back(all.substr(at, length));
      at += length;
    }
  }
  for (size_t i = 0; i < groups.size(); ++i) {
    if (i > 0) out += ",";
    add(out, digits(groups[i], lang));
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------------
// Codes: letters spelled, digits said one by one, separators named
// ---------------------------------------------------------------------------------------------------------

namespace {

enum class RunKind { Letters, Digits, Symbol };
struct Run {
  RunKind kind;
  std::string text;
};

std::vector<Run> split_runs(std::string_view text) {
  std::vector<Run> runs;
  for (const std::string& piece : code_points(text)) {
    const char32_t cp = to_u32(piece)[0];
    const RunKind kind = (piece.size() == 1 && is_digit(piece[0])) ? RunKind::Digits
                         : is_letter_cp(cp)                        ? RunKind::Letters
                                                                   : RunKind::Symbol;
    if (!runs.empty() && runs.back().kind == kind && kind != RunKind::Symbol)
      runs.back().text += piece;
    else
      runs.push_back({kind, piece});
  }
  return runs;
}

}  // namespace

std::string SpeechNormalizer::code(std::string_view code_text, Lang lang) const {
  const SpeechLexicon& lex = lexicon(lang);
  std::string out;
  for (const Run& run : split_runs(code_text)) {
    switch (run.kind) {
      case RunKind::Digits:
        // "A002" -> "a không không hai"; a short run without a leading zero is a number: "B2" -> "bê hai".
        if (run.text.size() <= 2 && run.text[0] != '0')
          add(out, cardinal(*to_int(run.text), lang));
        else
          add(out, digits(run.text, lang));
        break;
      case RunKind::Letters: {
        // Letters in a code are spelled even when they look like an abbreviation: "TP1" is document 1.
        const bool spell = !has_lowercase(run.text) || run.text.size() == 1;
        if (!spell) {
          add(out, run.text);
          break;
        }
        for (const std::string& letter : code_points(run.text)) {
          auto it = lex.letters.find(to_upper(letter));
          add(out, it != lex.letters.end() ? it->second : letter);
        }
        break;
      }
      case RunKind::Symbol:
        if (auto it = lex.symbols.find(run.text); it != lex.symbols.end()) add(out, it->second);
        break;
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------------
// Free text
// ---------------------------------------------------------------------------------------------------------

namespace {

const std::vector<std::string> kOpeningMarks = {"\"", "'", "(", "[", "{", "“", "‘", "«"};
const std::vector<std::string> kClosingMarks = {"\"", "'", ")", "]", "}", "”", "’", "»",
                                                ",",  ";", ":", "!", "?", "…", "*", "."};
const std::vector<std::string> kPauseTokens = {"-", "–", "—", "·", "•", "|", "›", "‹", "→", "←"};

bool starts_with(std::string_view text, std::string_view prefix) {
  return text.substr(0, prefix.size()) == prefix;
}
bool ends_with(std::string_view text, std::string_view suffix) {
  return text.size() >= suffix.size() && text.substr(text.size() - suffix.size()) == suffix;
}

// Times: "9:30", "09:30:15", "9h30", "9h".
std::optional<std::pair<int, int>> parse_time(std::string_view text) {
  size_t sep = text.find(':');
  if (sep == std::string_view::npos) sep = text.find('h');
  if (sep == std::string_view::npos || sep == 0 || sep > 2) return std::nullopt;
  auto hour = to_int(text.substr(0, sep));
  std::string_view rest = text.substr(sep + 1);
  if (text[sep] == ':' && rest.size() == 5 && rest[2] == ':' && all_digits(rest.substr(3))) rest = rest.substr(0, 2);
  std::optional<int64_t> minute = 0;
  if (!(text[sep] == 'h' && rest.empty())) {
    if (rest.size() != 2) return std::nullopt;
    minute = to_int(rest);
  }
  if (!hour || !minute || *hour > 23 || *minute > 59) return std::nullopt;
  return std::make_pair(int(*hour), int(*minute));
}

// "27/02/2026", "27-02-2026", "27.02.2026", "2026-02-27".
std::optional<Date> parse_full_date(std::string_view text) {
  if (auto iso = Date::parse_iso(text)) return iso;
  for (char sep : {'/', '-', '.'}) {
    const std::vector<std::string> parts = split(text, sep);
    if (parts.size() != 3 || parts[0].empty() || parts[0].size() > 2 || parts[1].empty() || parts[1].size() > 2 ||
        parts[2].size() != 4)
      continue;
    auto day = to_int(parts[0]), month = to_int(parts[1]), year = to_int(parts[2]);
    if (!day || !month || !year) continue;
    if (auto date = Date::from_ymd(int(*year), int(*month), int(*day))) return date;
  }
  return std::nullopt;
}

struct Token {
  std::string text;
  std::string leading, trailing;  // punctuation peeled off
};

std::vector<Token> tokenize(std::string_view text) {
  std::vector<Token> tokens;
  std::string current;
  auto flush = [&] {
    if (!current.empty()) tokens.push_back({current, "", ""});
    current.clear();
  };
  for (const std::string& piece : code_points(text)) {
    if (piece == " " || piece == "\t" || piece == "\n" || piece == "\r" || piece == "\u00A0")
      flush();
    else
      current += piece;
  }
  flush();
  for (Token& token : tokens) {
    bool peeled = true;
    while (peeled && !token.text.empty()) {
      peeled = false;
      for (const std::string& mark : kOpeningMarks)
        if (token.text.size() > mark.size() && starts_with(token.text, mark)) {
          token.leading += mark;
          token.text.erase(0, mark.size());
          peeled = true;
        }
    }
    peeled = true;
    while (peeled && !token.text.empty()) {
      peeled = false;
      for (const std::string& mark : kClosingMarks)
        if (token.text.size() > mark.size() && ends_with(token.text, mark)) {
          token.trailing.insert(0, mark);
          token.text.erase(token.text.size() - mark.size());
          peeled = true;
        }
    }
  }
  return tokens;
}

// What punctuation around a token becomes: brackets and dashes are pauses, the rest is kept or dropped.
std::string spoken_punctuation(std::string_view marks) {
  std::string out;
  for (const std::string& mark : code_points(marks)) {
    std::string p;
    if (mark == "," || mark == ";" || mark == ":" || mark == "(" || mark == ")" || mark == "[" || mark == "]")
      p = ",";
    else if (mark == "." || mark == "…" || mark == "!" || mark == "?")
      p = mark == "…" ? "." : mark;
    if (p.empty()) continue;
    if (!out.empty() && (out.back() == ',' || out.back() == '.')) {
      if (p == ",") continue;                 // ".," or ",," -> one pause
      if (out.back() == ',') out.pop_back();  // ",." -> "."
    }
    out += p;
  }
  return out;
}

class TextSpeaker {
 public:
  TextSpeaker(const SpeechNormalizer& normalizer, Lang lang)
      : n_(normalizer), lex_(normalizer.lexicon(lang)), lang_(lang) {}

  std::string speak(std::string_view text) {
    tokens_ = tokenize(to_nfc(text));
    shouting_ = is_shouting();
    for (i_ = 0; i_ < tokens_.size(); ++i_) {
      const Token& token = tokens_[i_];
      pause_or_drop(token.leading, true);
      if (std::find(kPauseTokens.begin(), kPauseTokens.end(), token.text) != kPauseTokens.end()) {
        punctuate(",");
      } else if (is_punctuation(token.text)) {
        pause_or_drop(token.text + token.trailing, false);
      } else {
        std::string trailing = token.trailing;
        say_token(token.text, trailing);
        pause_or_drop(trailing, false);
      }
    }
    // Drop a leading pause and collapse what is left.
    std::string out = trim(out_);
    while (!out.empty() && out[0] == ',') out = trim(out.substr(1));
    while (!out.empty() && out.back() == ',') out = trim(out.substr(0, out.size() - 1));
    return out;
  }

 private:
  static bool is_punctuation(const std::string& text) {
    for (const std::string& piece : code_points(text)) {
      const bool mark = std::find(kOpeningMarks.begin(), kOpeningMarks.end(), piece) != kOpeningMarks.end() ||
                        std::find(kClosingMarks.begin(), kClosingMarks.end(), piece) != kClosingMarks.end();
      if (!mark) return false;
    }
    return true;
  }
  void pause_or_drop(const std::string& marks, bool leading) {
    std::string spoken = spoken_punctuation(marks);
    if (leading && out_.empty()) return;
    if (!spoken.empty()) punctuate(spoken);
  }
  void punctuate(const std::string& marks) {
    if (out_.empty()) return;
    while (!out_.empty() && out_.back() == ' ') out_.pop_back();
    if (!out_.empty() && (out_.back() == ',' || out_.back() == '.' || out_.back() == '?' || out_.back() == '!')) {
      if (marks == ",") return;
      if (out_.back() == ',') out_.pop_back();
    }
    out_ += marks;
  }
  void say(const std::string& words, const std::string& last_word = "") {
    add(out_, words);
    last_word_ = last_word.empty() ? to_lower(words) : last_word;
  }

  // The previous plain word ("ngày", "tháng", "thứ"), for numbers whose reading depends on it.
  bool after(const std::string& word) const { return !word.empty() && last_word_ == word; }

  bool next_is_money_mark() const {
    if (i_ + 1 >= tokens_.size()) return false;
    const std::string& next = tokens_[i_ + 1].text;
    return std::find(lex_.money_marks.begin(), lex_.money_marks.end(), next) != lex_.money_marks.end();
  }

  // Headings in capitals ("MỜI CÔNG DÂN CÓ SỐ") are words, not acronyms to spell.
  bool is_shouting() const {
    int words = 0, capitals = 0;
    for (const Token& token : tokens_) {
      if (!has_letter(token.text)) continue;
      ++words;
      if (!has_lowercase(token.text) && to_u32(token.text).size() >= 2) ++capitals;
    }
    return capitals >= 3 && capitals * 2 >= words;
  }

  void say_number(const WrittenNumber& number) {
    std::string words;
    if (lang_ == Lang::Vi && after(lex_.day_word) && !number.grouped && number.fraction.empty() &&
        number.integer >= 1 && number.integer <= 10)
      words = lex_.early_day_prefix + " " + n_.cardinal(number.integer, lang_);  // "ngày mồng năm"
    else if (lang_ == Lang::Vi && after(lex_.month_word) && !number.grouped && number.integer >= 1 &&
             number.integer <= 12 && number.fraction.empty())
      words = lex_.months[number.integer - 1];  // "tháng tư"
    else if (lang_ == Lang::Vi && after(lex_.ordinal_word) && lex_.ordinals.count(std::to_string(number.integer)))
      words = lex_.ordinals.at(std::to_string(number.integer));  // "thứ nhất", "thứ tư"
    else
      words = n_.cardinal(number.integer, lang_);
    if (!number.fraction.empty()) {
      words += " " + lex_.decimal_point + " ";
      words += number.fraction[0] == '0' || number.fraction.size() > 3 ? n_.digits(number.fraction, lang_)
                                                                       : n_.cardinal(*to_int(number.fraction), lang_);
    }
    say(words, "#");
  }

  // Phone numbers written in groups over several tokens: "0912 345 678", "+84 912 345 678".
  bool try_phone(const std::string& text, std::string& trailing) {
    auto digit_count = [](std::string_view s) { return size_t(std::count_if(s.begin(), s.end(), is_digit)); };
    auto phone_chars = [](std::string_view s) {
      return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return is_digit(c) || c == '.' || c == '-'; });
    };
    const bool international = starts_with(text, "+84");
    if (!(international || (starts_with(text, "0") && text.size() > 1))) return false;
    if (!phone_chars(international ? text.substr(1) : text)) return false;
    std::string joined = text;
    size_t count = digit_count(text), last = i_;
    // Join following digit groups while the digits still fit a phone number.
    while (trailing.empty() && last + 1 < tokens_.size() && tokens_[last + 1].leading.empty()) {
      const std::string& next = tokens_[last + 1].text;
      if (!all_digits(next) || next.size() < 2 || next.size() > 4 || count + next.size() > 11) break;
      joined += " " + next;
      count += next.size();
      ++last;
      trailing = tokens_[last].trailing;
    }
    const size_t national = international ? count - 2 : count;
    const bool phone_length = international ? (national == 9 || national == 10) : (count == 10 || count == 11);
    if (!phone_length) {
      trailing = tokens_[i_].trailing;
      return false;
    }
    i_ = last;
    say(n_.phone(joined, lang_), "#");
    return true;
  }

  // "CNG/LPG", "NĐ-CP", "Nam/Nữ", "Bến Thành–Suối Tiên": words joined by separators.
  bool try_joined_words(const std::string& text) {
    for (const std::string& separator : {std::string("/"), std::string("-"), std::string("–")}) {
      if (text.find(separator) == std::string::npos) continue;
      std::vector<std::string> parts;
      size_t start = 0;
      while (true) {
        size_t at = text.find(separator, start);
        parts.push_back(text.substr(start, at == std::string::npos ? std::string::npos : at - start));
        if (at == std::string::npos) break;
        start = at + separator.size();
      }
      for (const auto& part : parts)
        if (part.empty() || !has_letter(part) || std::any_of(part.begin(), part.end(), is_digit)) return false;
      for (size_t p = 0; p < parts.size(); ++p) {
        if (p > 0) {
          if (separator == "/")
            say(lex_.word_slash);
          else if (separator == "–")
            punctuate(",");
        }
        say_word(parts[p]);
      }
      return true;
    }
    return false;
  }

  void say_word(const std::string& word) {
    if (auto it = lex_.abbreviations.find(word); it != lex_.abbreviations.end()) return say(it->second);
    const bool capitals = !has_lowercase(word);
    const size_t length = to_u32(word).size();
    const bool ascii_capitals =
        capitals && std::all_of(word.begin(), word.end(), [](char c) { return is_ascii_upper(c); });
    // A short word in capitals is spelled out letter by letter, Vietnamese Đ included.
    const char* const capital_d_with_stroke = "Đ";  // i18n-exempt: a letter tested for, never shown
    const bool spellable = capitals && (ascii_capitals || word.find(capital_d_with_stroke) != std::string::npos);
    if (spellable && !shouting_ && length <= 6 && (length >= 2 || lang_ == Lang::Vi))
      return say(n_.code(word, lang_), "#");
    say(capitals && shouting_ ? to_lower(word) : word);
  }

  void say_token(const std::string& text, std::string& trailing) {
    // Abbreviations that end in a dot ("TP.", "v.v.") took it as sentence punctuation.
    if (!trailing.empty() && trailing[0] == '.') {
      if (auto it = lex_.abbreviations.find(text + "."); it != lex_.abbreviations.end()) {
        trailing.erase(0, 1);
        return say(it->second);
      }
    }
    if (auto it = lex_.abbreviations.find(text); it != lex_.abbreviations.end()) return say(it->second);
    if (text == "%") return say(lex_.percent);
    if (auto symbol = lex_.symbols.find(text); symbol != lex_.symbols.end() && text != "." && text != "-")
      return say(symbol->second);

    // Money: "135.000 ₫", "135.000đ", "135000 VND".
    for (const std::string& mark : lex_.money_marks) {
      if (text.size() > mark.size() && ends_with(text, mark)) {
        if (auto number = parse_written_number(text.substr(0, text.size() - mark.size()), lang_))
          return say(n_.money(number->integer, lang_), "#");
      }
    }
    if (auto number = parse_written_number(text, lang_); number && next_is_money_mark()) {
      ++i_;
      trailing = tokens_[i_].trailing;
      return say(n_.money(number->integer, lang_), "#");
    }
    // Percent: "50%".
    if (text.size() > 1 && text.back() == '%')
      if (auto number = parse_written_number(text.substr(0, text.size() - 1), lang_)) {
        say_number(*number);
        return say(lex_.percent);
      }
    if (try_phone(text, trailing)) return;
    if (auto time = parse_time(text)) return say(n_.time(time->first, time->second, lang_), "#");
    if (auto date = parse_full_date(text)) {
      std::string words = n_.date(*date, lang_);
      if (lang_ == Lang::Vi && after(lex_.day_word)) words = words.substr(lex_.day_word.size() + 1);
      return say(words, "#");
    }
    const std::vector<std::string> slash_parts = split(text, '/');
    if (slash_parts.size() == 2 && all_digits(slash_parts[0]) && all_digits(slash_parts[1])) {
      auto first = to_int(slash_parts[0]), second = to_int(slash_parts[1]);
      if (lang_ == Lang::Vi && after(lex_.day_word) && *first >= 1 && *first <= 31 && *second >= 1 && *second <= 12)
        return say((*first <= 10 ? lex_.early_day_prefix + " " : "") + n_.cardinal(*first, lang_) + " " +
                       lex_.month_word + " " + lex_.months[*second - 1],
                   "#");  // "ngày 27/2" -> "ngày hai mươi bảy tháng hai"
      if (lang_ == Lang::Vi && slash_parts[1].size() == 4 && *first >= 1 && *first <= 12)
        return say((after(lex_.month_word) ? "" : lex_.month_word + " ") + lex_.months[*first - 1] + " " +
                       lex_.year_word + " " + n_.cardinal(*second, lang_),
                   "#");  // "12/2020" -> "tháng mười hai năm hai nghìn không trăm hai mươi"
      return say(n_.cardinal(*first, lang_) + " " + lex_.symbols.at("/") + " " + n_.cardinal(*second, lang_),
                 "#");  // "Bước 1/3" -> "bước một trên ba"
    }
    // Legal document numbers: "10/2020/NĐ-CP" -> "mười năm hai nghìn không trăm hai mươi nghị định chính phủ".
    if (slash_parts.size() == 3 && all_digits(slash_parts[0]) && all_digits(slash_parts[1]) &&
        slash_parts[1].size() == 4 && has_letter(slash_parts[2]) &&
        std::none_of(slash_parts[2].begin(), slash_parts[2].end(), is_digit)) {
      say(n_.cardinal(*to_int(slash_parts[0]), lang_), "#");
      if (lang_ == Lang::Vi) say(lex_.year_word);
      say(n_.cardinal(*to_int(slash_parts[1]), lang_), "#");
      if (!try_joined_words(slash_parts[2])) say_word(slash_parts[2]);
      return;
    }
    // English ordinals: "1st", "22nd".
    if (lang_ == Lang::En && text.size() > 2) {
      const std::string suffix = text.substr(text.size() - 2);
      if ((suffix == "st" || suffix == "nd" || suffix == "rd" || suffix == "th") &&
          all_digits(text.substr(0, text.size() - 2)) && text.size() <= 5)
        return say(en_ordinal(lex_, int(*to_int(text.substr(0, text.size() - 2)))), "#");
    }
    if (auto number = parse_written_number(text, lang_)) {
      const bool all = all_digits(text);
      // Leading zeros: "03 năm" is three, "001099012345" is read digit by digit in groups.
      if (all && text.size() > 2 && text[0] == '0') return say(grouped_digits(text), "#");
      if (all && text.size() > 15) return say(grouped_digits(text), "#");
      return say_number(*number);
    }
    if (all_digits(text)) return say(grouped_digits(text), "#");
    if (try_joined_words(text)) return;
    const bool has_digits = std::any_of(text.begin(), text.end(), is_digit);
    if (has_digits || (!has_letter(text) && text.size() > 1))
      return say(n_.code(text, lang_), "#");  // "A002", "000.00.15.G12-260305-1007", "1.002820"
    if (!has_letter(text)) {
      // A lone symbol not named in the lexicon is not read.
      return;
    }
    say_word(text);
  }

  // Long digit strings (ID numbers) in groups of three, so the listener can follow.
  std::string grouped_digits(const std::string& text) const {
    if (text.size() <= 6) return n_.digits(text, lang_);
    std::string out;
    for (size_t at = 0; at < text.size(); at += 3) {
      if (at > 0) out += ",";
      add(out, n_.digits(text.substr(at, 3), lang_));
    }
    return out;
  }

  const SpeechNormalizer& n_;
  const SpeechLexicon& lex_;
  Lang lang_;
  std::vector<Token> tokens_;
  size_t i_ = 0;
  bool shouting_ = false;
  std::string out_;
  std::string last_word_;
};

}  // namespace

std::string SpeechNormalizer::normalize(std::string_view text, Lang lang) const {
  return TextSpeaker(*this, lang).speak(text);
}

}  // namespace mc
