#include "mc/core/dossier_code.hpp"

#include <cstdio>
#include <cstring>
#include <regex>
#include <stdexcept>

#include <sodium.h>

namespace mc {

bool is_valid_agency_code(std::string_view code) {
  // QCVN 102:2016 electronic identifier: level-1.level-2.level-3.level-4 such as 000.00.15.G12.
  static const std::regex pattern(R"(^\d{3}\.\d{2}\.\d{2}\.[A-Z]\d{2}$)");
  return std::regex_match(code.begin(), code.end(), pattern);
}

std::optional<DossierCodeParts> parse_dossier_code(std::string_view code) {
  // The agency code itself contains no '-', so the last two dashes split the parts.
  if (code.size() < 13) return std::nullopt;
  const size_t second = code.rfind('-');
  if (second == std::string_view::npos || second == 0) return std::nullopt;
  const size_t first = code.rfind('-', second - 1);
  if (first == std::string_view::npos) return std::nullopt;
  const std::string_view agency = code.substr(0, first);
  const std::string_view day = code.substr(first + 1, second - first - 1);
  const std::string_view number = code.substr(second + 1);
  if (!is_valid_agency_code(agency) || day.size() != 6 || number.size() != 4) return std::nullopt;
  for (char c : day)
    if (c < '0' || c > '9') return std::nullopt;
  for (char c : number)
    if (c < '0' || c > '9') return std::nullopt;
  auto date = Date::from_ymd(2000 + (day[0] - '0') * 10 + (day[1] - '0'), (day[2] - '0') * 10 + (day[3] - '0'),
                             (day[4] - '0') * 10 + (day[5] - '0'));
  if (!date) return std::nullopt;
  const int slot = number[0] - '0';
  const int sequence = (number[1] - '0') * 100 + (number[2] - '0') * 10 + (number[3] - '0');
  if (slot < 1 || sequence < 1) return std::nullopt;
  return DossierCodeParts{std::string(agency), *date, slot, sequence};
}

namespace {
constexpr char kCrockford[] = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
}

std::string new_lookup_code() {
  // Random, not derived: the code printed on the receipt is what proves a citizen holds it (an FNV hash of the
  // dossier code, as before, let anyone who read a dossier code compute its lookup code).
  if (sodium_init() < 0) throw std::runtime_error("libsodium could not be initialised");
  std::string out(8, '0');
  for (char& c : out) c = kCrockford[randombytes_uniform(32)];
  return out;
}

std::optional<std::string> normalize_lookup_code(std::string_view text) {
  std::string out;
  for (char c : text) {
    if (c == ' ' || c == '-' || c == '\t') continue;
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
    if (c == 'O') c = '0';
    if (c == 'I' || c == 'L') c = '1';
    if (std::strchr(kCrockford, c) == nullptr || c == '\0') return std::nullopt;
    out += c;
    if (out.size() > 8) return std::nullopt;
  }
  if (out.size() != 8) return std::nullopt;
  return out;
}

bool lookup_code_matches(std::string_view expected, std::string_view given) {
  const auto a = normalize_lookup_code(expected);
  const auto b = normalize_lookup_code(given);
  if (!a || !b) return false;
  // Both are exactly 8 bytes here: the comparison's time does not depend on how many characters were right.
  return sodium_memcmp(a->data(), b->data(), 8) == 0;
}

DossierCodeAllocator::DossierCodeAllocator(Database& db, std::string agency_code, int slot)
    : db_(db), agency_code_(std::move(agency_code)), slot_(slot) {
  if (!is_valid_agency_code(agency_code_))
    throw std::invalid_argument("agency code '" + agency_code_ + "' is not of the form 000.00.15.G12");
  if (slot_ < 1 || slot_ > 9) throw std::invalid_argument("kiosk slot must be 1–9, got " + std::to_string(slot_));
  db_.exec(
      "CREATE TABLE IF NOT EXISTS dossier_sequence ("
      " agency TEXT NOT NULL, slot INTEGER NOT NULL, day TEXT NOT NULL, last INTEGER NOT NULL,"
      " PRIMARY KEY (agency, slot, day))");
}

std::string DossierCodeAllocator::allocate(const LocalDateTime& now) {
  char day[8];
  std::snprintf(day, sizeof day, "%02d%02d%02d", now.date.year % 100, now.date.month, now.date.day);
  Transaction transaction(db_);
  auto select = db_.prepare("SELECT last FROM dossier_sequence WHERE agency = ?1 AND slot = ?2 AND day = ?3");
  select.bind(1, agency_code_).bind(2, slot_).bind(3, std::string_view(day));
  const int64_t last = select.step() ? select.column_int(0) : 0;
  if (last >= 999)
    throw DossierCodeExhausted("kiosk slot " + std::to_string(slot_) + " has used all 999 dossier codes of " +
                               now.date.dmy() + "; use another kiosk or continue tomorrow");
  const int64_t next = last + 1;
  db_.prepare("INSERT INTO dossier_sequence (agency, slot, day, last) VALUES (?1, ?2, ?3, ?4)"
              " ON CONFLICT (agency, slot, day) DO UPDATE SET last = excluded.last")
      .bind(1, agency_code_)
      .bind(2, slot_)
      .bind(3, std::string_view(day))
      .bind(4, next)
      .step();
  transaction.commit();
  char code[64];
  std::snprintf(code, sizeof code, "%s-%s-%d%03d", agency_code_.c_str(), day, slot_, static_cast<int>(next));
  return code;
}

}  // namespace mc
