#include "mc/scanner/classify.hpp"

#include <algorithm>
#include <cctype>
#include <vector>

#include "mc/core/scan.hpp"
#include "mc/core/text.hpp"

namespace mc::scanner {

namespace {

bool all_digits(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](unsigned char c) { return c >= '0' && c <= '9'; });
}

bool is_hex_text(std::string_view s) {
  return s.size() >= 4 && s.size() % 2 == 0 &&
         std::all_of(s.begin(), s.end(), [](unsigned char c) { return std::isxdigit(c) != 0; });
}

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
  const size_t host_start = s.find("://") + 3;
  if (host_start >= s.size()) return false;
  return std::none_of(s.begin(), s.end(), [](unsigned char c) { return c <= ' ' || c == 0x7f; });
}

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// One EMVCo TLV level: tag -> value. nullopt when the lengths do not add up.
std::optional<std::vector<std::pair<std::string, std::string_view>>> parse_tlv(std::string_view s) {
  std::vector<std::pair<std::string, std::string_view>> fields;
  size_t i = 0;
  while (i < s.size()) {
    if (i + 4 > s.size() || !all_digits(s.substr(i, 4))) return std::nullopt;
    const std::string tag(s.substr(i, 2));
    const size_t length = size_t((s[i + 2] - '0') * 10 + (s[i + 3] - '0'));
    i += 4;
    if (i + length > s.size()) return std::nullopt;
    fields.emplace_back(tag, s.substr(i, length));
    i += length;
  }
  return fields;
}

std::string_view field(const std::vector<std::pair<std::string, std::string_view>>& fields, std::string_view tag) {
  for (const auto& [t, v] : fields)
    if (t == tag) return v;
  return {};
}

}  // namespace

const char* scan_kind_name(ScanKind kind) {
  switch (kind) {
    case ScanKind::IdCard:
      return "id_card";
    case ScanKind::HealthInsuranceCard:
      return "health_insurance_card";
    case ScanKind::Receipt:
      return "receipt";
    case ScanKind::VietQr:
      return "vietqr";
    case ScanKind::Url:
      return "url";
    case ScanKind::Other:
      break;
  }
  return "other";
}

bool looks_like_cccd(std::string_view text) {
  text = strip(text);
  const size_t bar = text.find('|');
  if (bar == std::string_view::npos) return false;
  const std::string_view id = strip(text.substr(0, bar));
  return id.size() == 12 && all_digits(id);
}

bool looks_like_health_insurance_card(std::string_view text) {
  text = strip(text);
  if (text.find('|') == std::string_view::npos) return false;
  const auto parts = split_view(text, '|');
  if (parts.size() < 3) return false;
  const std::string_view card = strip(parts[0]);
  // BHYT card number: 2 letters (beneficiary group), 1 digit (benefit level), 2 digits (province),
  // 10 digits (social insurance number) = 15 characters. Newer cards print only the 10-digit number.
  const bool card_shape = card.size() == 15 && std::isupper(static_cast<unsigned char>(card[0])) &&
                          std::isupper(static_cast<unsigned char>(card[1])) && all_digits(card.substr(2));
  const bool ten_digits = card.size() == 10 && all_digits(card);
  const bool hex_name = is_hex_text(strip(parts[1]));
  return (card_shape && (hex_name || parts.size() >= 4)) || (ten_digits && hex_name);
}

uint16_t crc16_ccitt_false(std::string_view data) {
  uint16_t crc = 0xFFFF;
  for (unsigned char byte : data) {
    crc ^= uint16_t(byte) << 8;
    for (int bit = 0; bit < 8; ++bit) crc = (crc & 0x8000) ? uint16_t((crc << 1) ^ 0x1021) : uint16_t(crc << 1);
  }
  return crc;
}

std::optional<VietQr> parse_vietqr(std::string_view text) {
  text = strip(text);
  if (text.size() < 12 || text.substr(0, 6) != "000201" || text.find("A000000727") == std::string_view::npos)
    return std::nullopt;
  // The CRC is the last field: "6304" + 4 hex digits, computed over everything up to and including "6304".
  const size_t crc_at = text.size() - 8;
  if (text.substr(crc_at, 4) != "6304") return std::nullopt;
  uint16_t stated = 0;
  for (char c : text.substr(crc_at + 4)) {
    const int v = hex_value(c);
    if (v < 0) return std::nullopt;
    stated = uint16_t(stated * 16 + v);
  }
  if (crc16_ccitt_false(text.substr(0, crc_at + 4)) != stated) return std::nullopt;
  const auto top = parse_tlv(text);
  if (!top) return std::nullopt;
  const auto merchant = parse_tlv(field(*top, "38"));
  if (!merchant || field(*merchant, "00") != "A000000727") return std::nullopt;
  VietQr qr;
  qr.dynamic = field(*top, "01") == "12";
  if (const auto beneficiary = parse_tlv(field(*merchant, "01"))) {
    qr.bank_bin = std::string(field(*beneficiary, "00"));
    qr.account = std::string(field(*beneficiary, "01"));
  }
  qr.service = std::string(field(*merchant, "02"));
  const std::string_view amount = field(*top, "54");
  if (all_digits(amount) && amount.size() <= 15) qr.amount_vnd = std::stoll(std::string(amount));
  if (const auto extra = parse_tlv(field(*top, "62"))) qr.purpose = std::string(field(*extra, "08"));
  return qr;
}

ScanKind classify(std::string_view text) {
  const std::string_view s = strip(text);
  if (s.empty()) return ScanKind::Other;
  if (looks_like_cccd(s)) return ScanKind::IdCard;
  if (looks_like_health_insurance_card(s)) return ScanKind::HealthInsuranceCard;
  if (dossier_code_in_scan(s)) return ScanKind::Receipt;
  if (parse_vietqr(s)) return ScanKind::VietQr;
  if (is_url(s)) return ScanKind::Url;
  return ScanKind::Other;
}

}  // namespace mc::scanner
