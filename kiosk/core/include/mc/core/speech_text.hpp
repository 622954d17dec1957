#pragma once
// Text normalisation for speech: turns what the screen shows into the words a person says, so the speech
// engine only ever reads words. "A002" -> "a không không hai", "27/02/2026" -> "ngày hai mươi bảy tháng hai
// năm hai nghìn không trăm hai mươi sáu", "135.000 ₫" -> "một trăm ba mươi lăm nghìn đồng",
// "0912 345 678" -> "không chín một hai, ba bốn năm, sáu bảy tám", "GPLX" -> "giấy phép lái xe".
//
// The rules are code; the words are data: assets/voice/<lang>.json holds the number words (and the regional
// choices: nghìn/ngàn, linh/lẻ, mươi tư/mươi bốn, mồng/mùng), month names, letter names for spelling codes,
// symbol names and the abbreviations that occur in procedure names. See assets/voice/README.md.
#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>
#include "mc/core/datetime.hpp"
#include "mc/core/localized.hpp"

namespace mc {

// The language data of one language, validated on load.
struct SpeechLexicon {
  Lang lang = Lang::Vi;
  // Vietnamese numbers.
  std::vector<std::string> digits;  // 0..9
  std::string ten, tens_suffix, hundred, zero_tens, one_after_tens, four_after_tens, five_after_ten;
  // English numbers.
  std::vector<std::string> ones;  // 0..19
  std::vector<std::string> tens;  // index 2..9
  std::vector<std::string> ordinal_ones, ordinal_tens;
  // Both.
  std::vector<std::string> scales;  // thousand, million, billion
  std::string decimal_point, minus, percent;
  // Context words (Vietnamese: "ngày", "tháng", "năm", "giờ"...; English: a.m./p.m. words).
  std::vector<std::string> months;  // 12
  std::string day_word, early_day_prefix, month_word, year_word, ordinal_word, hour_word, minute_word, second_word,
      number_word, am, pm, oh, oclock;
  std::map<std::string, std::string> ordinals;  // Vietnamese "thứ N": {"1": "nhất", "4": "tư"}
  std::vector<std::string> money_marks;
  std::string money_word;
  std::map<std::string, std::string> letters;        // "A" -> "a", "B" -> "bê" (spelling codes)
  std::map<std::string, std::string> symbols;        // "." -> "chấm"
  std::string word_slash;                            // "CNG/LPG", "Nam/Nữ": "hoặc"
  std::map<std::string, std::string> abbreviations;  // case-sensitive whole tokens

  // Throws std::runtime_error "<path>: $.key: reason".
  static SpeechLexicon load(const std::string& path);
};

class SpeechNormalizer {
 public:
  SpeechNormalizer(SpeechLexicon vi, SpeechLexicon en);
  // Loads <voice_dir>/vi.json and en.json; throws std::runtime_error naming the file and the reason.
  static SpeechNormalizer load(const std::string& voice_dir);

  // Free text as shown on screen (any mix of words, numbers, codes, dates, times, money, phone numbers,
  // abbreviations) -> words to speak. Sentence punctuation is kept so the engine pauses.
  std::string normalize(std::string_view text, Lang lang) const;

  // The pieces, for callers that know what they hold.
  std::string cardinal(int64_t number, Lang lang) const;               // 135000 -> "một trăm ba mươi lăm nghìn"
  std::string digits(std::string_view digit_string, Lang lang) const;  // "002" -> "không không hai"
  std::string code(std::string_view code, Lang lang) const;            // "A002", "000.00.15.G12-260305-1007"
  std::string date(const Date& date, Lang lang) const;                 // "ngày hai mươi bảy tháng hai năm ..."
  std::string time(int hour, int minute, Lang lang) const;             // "chín giờ ba mươi phút"
  std::string money(int64_t amount_vnd, Lang lang) const;              // "một trăm ba mươi lăm nghìn đồng"
  std::string phone(std::string_view phone_number, Lang lang) const;   // digit groups with pauses

  const SpeechLexicon& lexicon(Lang lang) const { return lang == Lang::En ? en_ : vi_; }

 private:
  SpeechLexicon vi_, en_;
};

}  // namespace mc
