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

// The receipt's lookup code (mã tra cứu): 8 characters of Crockford base32 drawn at random (libsodium), so
// knowing a dossier code tells nothing of it (40 bits; it gates the receipt look-up, kiosk.status_lookup).
// Dossiers stored before keep the code they were given.
std::string new_lookup_code();
// A code as a citizen typed or a scanner read it, in its canonical form: spaces and dashes dropped, lower case
// raised, Crockford's look-alikes read as digits (O as 0, I and L as 1). nullopt unless 8 base32 characters.
std::optional<std::string> normalize_lookup_code(std::string_view text);
// Whether `given` is `expected` (both normalized), in time independent of where they differ. False when
// either is not a lookup code (an unknown expected code never matches).
bool lookup_code_matches(std::string_view expected, std::string_view given);

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
