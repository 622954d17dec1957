#include "mc/core/scan.hpp"

#include <algorithm>
#include <cctype>
#include <vector>

#include "mc/core/dossier_code.hpp"

namespace mc {
namespace {

std::string_view strip(std::string_view s) {
  if (s.substr(0, 3) == "\xEF\xBB\xBF") s.remove_prefix(3);  // a UTF-8 BOM some serial scanners send
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return s;
}

std::vector<std::string_view> split_view(std::string_view s, char sep) {
  std::vector<std::string_view> parts;
  size_t start = 0;
  while (true) {
    const size_t at = s.find(sep, start);
    if (at == std::string_view::npos) {
      parts.push_back(s.substr(start));
      return parts;
    }
    parts.push_back(s.substr(start, at - start));
    start = at + 1;
  }
}

bool starts_with_nocase(std::string_view s, std::string_view prefix) {
  if (s.size() < prefix.size()) return false;
  for (size_t i = 0; i < prefix.size(); ++i)
    if (std::tolower(static_cast<unsigned char>(s[i])) != prefix[i]) return false;
  return true;
}

bool is_url(std::string_view s) {
  if (!(starts_with_nocase(s, "http://") || starts_with_nocase(s, "https://"))) return false;
  if (s.find("://") + 3 >= s.size()) return false;
  return std::none_of(s.begin(), s.end(), [](unsigned char c) { return c <= ' ' || c == 0x7f; });
}

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

std::string percent_decode(std::string_view s) {
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '%' && i + 2 < s.size() && hex_value(s[i + 1]) >= 0 && hex_value(s[i + 2]) >= 0) {
      out += char(hex_value(s[i + 1]) * 16 + hex_value(s[i + 2]));
      i += 2;
    } else if (s[i] == '+') {
      out += ' ';
    } else {
      out += s[i];
    }
  }
  return out;
}

// The code as written, or in capitals (agency codes use them: G12) when a scanner sent lower case.
std::optional<std::string> as_dossier_code(std::string_view candidate) {
  if (candidate.empty() || candidate.size() >= 64) return std::nullopt;
  if (parse_dossier_code(candidate)) return std::string(candidate);
  std::string upper(candidate);
  std::transform(upper.begin(), upper.end(), upper.begin(),
                 [](char c) { return (c >= 'a' && c <= 'z') ? static_cast<char>(c - 32) : c; });
  if (parse_dossier_code(upper)) return upper;
  return std::nullopt;
}

// "CODE LOOKUPCODE", the QR of a receipt whose look-up needs its code.
std::optional<std::pair<std::string, std::string>> code_and_lookup_code(std::string_view text) {
  const size_t space = text.find(' ');
  if (space == std::string_view::npos || text.find(' ', space + 1) != std::string_view::npos) return std::nullopt;
  auto code = as_dossier_code(text.substr(0, space));
  auto lookup = normalize_lookup_code(text.substr(space + 1));
  if (!code || !lookup) return std::nullopt;
  return std::make_pair(*code, *lookup);
}

// The first value of a tracking link that `match` accepts, each percent-decoded: query values first
// (…?ma=CODE is the usual tracking link), then path segments (…/ho-so/CODE).
template <typename Match>
std::optional<std::string> first_in_url(std::string_view url, const Match& match) {
  std::string_view rest = url.substr(url.find("://") + 3);
  if (const size_t hash = rest.find('#'); hash != std::string_view::npos) rest = rest.substr(0, hash);
  std::string_view path = rest, query;
  if (const size_t q = rest.find('?'); q != std::string_view::npos) {
    path = rest.substr(0, q);
    query = rest.substr(q + 1);
  }
  for (std::string_view pair : split_view(query, '&')) {
    const size_t eq = pair.find('=');
    if (eq == std::string_view::npos) continue;
    if (auto found = match(percent_decode(pair.substr(eq + 1)))) return found;
  }
  const auto segments = split_view(path, '/');
  for (size_t i = 1; i < segments.size(); ++i)  // segment 0 is the host
    if (auto found = match(percent_decode(segments[i]))) return found;
  return std::nullopt;
}

}  // namespace

const char* scan_reading_kind_name(ScanReading::Kind kind) {
  switch (kind) {
    case ScanReading::Kind::IdCard:
      return "id_card";
    case ScanReading::Kind::UnreadableIdCard:
      return "unreadable_id_card";
    case ScanReading::Kind::HealthInsuranceCard:
      return "health_insurance_card";
    case ScanReading::Kind::Receipt:
      return "receipt";
    case ScanReading::Kind::Other:
      break;
  }
  return "other";
}

std::optional<std::string> dossier_code_in_scan(std::string_view text) {
  text = strip(text);
  if (auto code = as_dossier_code(text)) return code;
  if (auto pair = code_and_lookup_code(text)) return pair->first;
  if (!is_url(text)) return std::nullopt;
  return first_in_url(text, [](const std::string& value) { return as_dossier_code(value); });
}

std::optional<std::string> lookup_code_in_scan(std::string_view text) {
  text = strip(text);
  if (auto pair = code_and_lookup_code(text)) return pair->second;
  if (!is_url(text) || !dossier_code_in_scan(text)) return std::nullopt;
  // Exactly 8 characters as printed: a longer or shorter value is something else of the portal's.
  return first_in_url(text, [](const std::string& value) -> std::optional<std::string> {
    if (value.size() != 8 || as_dossier_code(value)) return std::nullopt;
    return normalize_lookup_code(value);
  });
}

}  // namespace mc
