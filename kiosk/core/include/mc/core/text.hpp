#pragma once
// Unicode text helpers. Everything that enters the kiosk is normalised to NFC first:
// ImGui and the receipt renderer do no shaping, so decomposed marks would show detached.
#include <string>
#include <string_view>
#include <vector>

namespace mc {

bool is_valid_utf8(std::string_view text);
// NFC normalisation; invalid UTF-8 bytes are replaced by U+FFFD.
std::string to_nfc(std::string_view text);
// For search and comparison: NFC, case-folded, diacritics removed, đ/Đ -> d, runs of
// white space and punctuation collapsed to one space, trimmed. "Đăng  ký" -> "dang ky".
std::string fold_for_search(std::string_view text);
// Upper case with Vietnamese letters handled (for receipt headings).
std::string to_upper(std::string_view text);
std::string to_lower(std::string_view text);
std::string trim(std::string_view text);
std::vector<std::string> split(std::string_view text, char separator);
// Decodes UTF-8 into code points (invalid bytes become U+FFFD).
std::u32string to_u32(std::string_view text);
std::string to_utf8(std::u32string_view text);
std::string to_utf8(char32_t code_point);

}  // namespace mc
