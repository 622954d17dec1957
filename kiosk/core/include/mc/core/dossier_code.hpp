#pragma once
// Dossier codes, DOMAIN.md §2: {agency code}-{YYMMDD}-{XXXX}, XXXX = kiosk slot digit + 3-digit
// sequence of the day. The sequence lives in SQLite (WAL, synchronous=FULL) and is committed before a
// code is handed out, so a restart or crash never reuses one.
#include <optional>
#include <stdexcept>
#include <string>
#include "mc/core/datetime.hpp"
#include "mc/core/db.hpp"

namespace mc {

struct DossierCodeExhausted : std::runtime_error {
  using std::runtime_error::runtime_error;
};

struct DossierCodeParts {
  std::string agency_code;
  Date intake_day;
  int slot;
  int sequence;
};
std::optional<DossierCodeParts> parse_dossier_code(std::string_view code);
bool is_valid_agency_code(std::string_view code);  // QCVN 102:2016 shape, e.g. 000.00.15.G12

// Short, unambiguous lookup code derived from the dossier code (8 chars of Crockford base32).
std::string lookup_code_for(std::string_view dossier_code);

class DossierCodeAllocator {
 public:
  // Creates its table in db if needed. Throws std::invalid_argument for a bad agency code or slot.
  DossierCodeAllocator(Database& db, std::string agency_code, int slot);
  // The next code for the day of `now` (Vietnam local time). Throws DossierCodeExhausted after 999.
  std::string allocate(const LocalDateTime& now);

 private:
  Database& db_;
  std::string agency_code_;
  int slot_;
};

}  // namespace mc
