#include "mc/core/text.hpp"

#include <utf8proc.h>

#include <cstdlib>
#include <memory>

namespace mc {

bool is_valid_utf8(std::string_view text) {
  const auto* bytes = reinterpret_cast<const utf8proc_uint8_t*>(text.data());
  utf8proc_ssize_t pos = 0, size = static_cast<utf8proc_ssize_t>(text.size());
  while (pos < size) {
    utf8proc_int32_t cp;
    utf8proc_ssize_t n = utf8proc_iterate(bytes + pos, size - pos, &cp);
    if (n < 0 || cp < 0) return false;
    pos += n;
  }
  return true;
}

std::u32string to_u32(std::string_view text) {
  std::u32string out;
  out.reserve(text.size());
  const auto* bytes = reinterpret_cast<const utf8proc_uint8_t*>(text.data());
  utf8proc_ssize_t pos = 0, size = static_cast<utf8proc_ssize_t>(text.size());
  while (pos < size) {
    utf8proc_int32_t cp;
    utf8proc_ssize_t n = utf8proc_iterate(bytes + pos, size - pos, &cp);
    if (n < 0 || cp < 0) {
      out.push_back(U'\uFFFD');
      pos += 1;
    } else {
      out.push_back(static_cast<char32_t>(cp));
      pos += n;
    }
  }
  return out;
}

std::string to_utf8(char32_t code_point) {
  utf8proc_uint8_t buffer[4];
  utf8proc_ssize_t n = utf8proc_encode_char(static_cast<utf8proc_int32_t>(code_point), buffer);
  if (n <= 0) return "\xEF\xBF\xBD";
  return std::string(reinterpret_cast<char*>(buffer), static_cast<size_t>(n));
}

std::string to_utf8(std::u32string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char32_t cp : text) out += to_utf8(cp);
  return out;
}

namespace {

std::string utf8proc_transform(std::string_view text, int options) {
  std::string valid = is_valid_utf8(text) ? std::string(text) : to_utf8(to_u32(text));
  utf8proc_uint8_t* result = nullptr;
  utf8proc_ssize_t n = utf8proc_map(reinterpret_cast<const utf8proc_uint8_t*>(valid.data()),
                                    static_cast<utf8proc_ssize_t>(valid.size()), &result,
                                    static_cast<utf8proc_option_t>(options));
  if (n < 0) return valid;
  std::unique_ptr<utf8proc_uint8_t, decltype(&std::free)> owned(result, &std::free);
  return std::string(reinterpret_cast<char*>(result), static_cast<size_t>(n));
}

bool is_separator(char32_t cp) {
  if (cp < 128) return !((cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z') || (cp >= '0' && cp <= '9'));
  const utf8proc_category_t category = utf8proc_category(static_cast<utf8proc_int32_t>(cp));
  switch (category) {
    case UTF8PROC_CATEGORY_ZS: case UTF8PROC_CATEGORY_ZL: case UTF8PROC_CATEGORY_ZP:
    case UTF8PROC_CATEGORY_PC: case UTF8PROC_CATEGORY_PD: case UTF8PROC_CATEGORY_PS:
    case UTF8PROC_CATEGORY_PE: case UTF8PROC_CATEGORY_PI: case UTF8PROC_CATEGORY_PF:
    case UTF8PROC_CATEGORY_PO: case UTF8PROC_CATEGORY_SM: case UTF8PROC_CATEGORY_SC:
    case UTF8PROC_CATEGORY_SK: case UTF8PROC_CATEGORY_SO: case UTF8PROC_CATEGORY_CC:
      return true;
    default:
      return false;
  }
}

}  // namespace

std::string to_nfc(std::string_view text) { return utf8proc_transform(text, UTF8PROC_STABLE | UTF8PROC_COMPOSE); }

std::string fold_for_search(std::string_view text) {
  // Decompose, drop marks, fold case; đ has no decomposition, so it is mapped by hand.
  const std::string folded =
      utf8proc_transform(text, UTF8PROC_STABLE | UTF8PROC_DECOMPOSE | UTF8PROC_STRIPMARK | UTF8PROC_CASEFOLD |
                                   UTF8PROC_COMPAT);
  std::u32string out;
  bool pending_space = false;
  for (char32_t cp : to_u32(folded)) {
    if (cp == U'đ' || cp == U'Đ') cp = U'd';
    if (is_separator(cp)) {
      pending_space = !out.empty();
      continue;
    }
    if (pending_space) out.push_back(U' ');
    pending_space = false;
    out.push_back(cp);
  }
  return to_utf8(out);
}

std::string to_upper(std::string_view text) {
  std::u32string out;
  for (char32_t cp : to_u32(to_nfc(text)))
    out.push_back(static_cast<char32_t>(utf8proc_toupper(static_cast<utf8proc_int32_t>(cp))));
  return to_utf8(out);
}

std::string to_lower(std::string_view text) {
  std::u32string out;
  for (char32_t cp : to_u32(to_nfc(text)))
    out.push_back(static_cast<char32_t>(utf8proc_tolower(static_cast<utf8proc_int32_t>(cp))));
  return to_utf8(out);
}

std::string trim(std::string_view text) {
  const char* spaces = " \t\r\n\v\f";
  size_t begin = text.find_first_not_of(spaces);
  if (begin == std::string_view::npos) return {};
  size_t end = text.find_last_not_of(spaces);
  return std::string(text.substr(begin, end - begin + 1));
}

std::vector<std::string> split(std::string_view text, char separator) {
  std::vector<std::string> parts;
  size_t start = 0;
  while (true) {
    size_t pos = text.find(separator, start);
    if (pos == std::string_view::npos) {
      parts.emplace_back(text.substr(start));
      return parts;
    }
    parts.emplace_back(text.substr(start, pos - start));
    start = pos + 1;
  }
}

}  // namespace mc
