#pragma once
// Staff mode access: the PIN is stored only as an Argon2id hash (libsodium crypto_pwhash_str); five
// wrong tries lock the PIN pad for five minutes, and the lock survives a restart. Every staff action
// goes to an append-only audit log, without personal data.
#include <optional>
#include <string>
#include <vector>
#include "mc/core/datetime.hpp"
#include "mc/core/db.hpp"

namespace mc {

// 4–8 digits. Throws std::invalid_argument with the reason for anything else.
std::string hash_staff_pin(std::string_view pin);
bool verify_staff_pin(const std::string& hash, std::string_view pin);

class StaffAuth {
 public:
  enum class Outcome { Granted, WrongPin, LockedOut, NotConfigured };
  struct Attempt {
    Outcome outcome;
    int remaining_tries = 0;        // after a wrong PIN
    int64_t locked_until_unix = 0;  // while locked out
  };

  StaffAuth(Database& db, std::string pin_hash, Clock clock, int max_tries = 5, int lockout_seconds = 300);
  Attempt try_pin(std::string_view pin);
  std::optional<int64_t> locked_until() const;

 private:
  Database& db_;
  std::string pin_hash_;
  Clock clock_;
  int max_tries_;
  int lockout_seconds_;
};

struct AuditEntry {
  int64_t id;
  int64_t at_unix;
  std::string actor;   // "staff", "kiosk", "kioskctl"
  std::string action;  // "login", "reprint", "retry", "sync_now", ...
  std::string detail;  // dossier code or counts; never names or ID numbers
};

class AuditLog {
 public:
  AuditLog(Database& db, Clock clock);
  void record(std::string_view actor, std::string_view action, std::string_view detail = "");
  std::vector<AuditEntry> recent(int limit = 100) const;

 private:
  Database& db_;
  Clock clock_;
};

}  // namespace mc
