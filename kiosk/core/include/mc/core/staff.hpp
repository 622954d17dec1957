#pragma once
// Staff mode access: the PIN is stored only as an Argon2id hash (libsodium crypto_pwhash_str), in a file
// of its own (mode 0600). Five wrong tries lock the PIN pad; each lockout since the last good PIN lasts
// longer (5 min, 15 min, 1 h, 4 h, then 24 h), and the lock survives a restart. Every staff action goes to
// an append-only audit log, without personal data.
#include <optional>
#include <string>
#include <vector>
#include "mc/core/datetime.hpp"
#include "mc/core/db.hpp"

namespace mc {

inline constexpr size_t kMinStaffPinDigits = 6;
inline constexpr size_t kMaxStaffPinDigits = 12;
// 6–12 digits. Throws std::invalid_argument with the reason for anything else.
std::string hash_staff_pin(std::string_view pin);
bool verify_staff_pin(const std::string& hash, std::string_view pin);
// Writes the hash to `path` (mode 0600, replaced atomically: never half a hash on disk). Throws
// std::runtime_error naming the file.
void write_staff_pin_file(const std::string& path, const std::string& hash);

class StaffAuth {
 public:
  enum class Outcome { Granted, WrongPin, LockedOut, NotConfigured };
  struct Attempt {
    Outcome outcome;
    int remaining_tries = 0;        // after a wrong PIN
    int64_t locked_until_unix = 0;  // while locked out
  };

  // What kiosk.db holds about wrong PINs (kioskctl status shows it).
  struct LockoutState {
    int failed_tries = 0;           // since the last lockout or good PIN
    int lockouts = 0;               // since the last good PIN: the next lockout lasts longer
    int64_t locked_until_unix = 0;  // 0 or in the past: not locked
  };

  // lockout_seconds: the first lockout; the following ones last 3, 12, 48 and then 288 times as long.
  // Creates its table in db (throws mc::DbError when kiosk.db cannot be written).
  StaffAuth(Database& db, std::string pin_hash, Clock clock, int max_tries = 5, int lockout_seconds = 300);
  // Never throws for a database problem: the count is then kept in memory (so a read-only or full kiosk.db
  // does not open the door to guessing) and storage_problem() says what failed.
  Attempt try_pin(std::string_view pin);
  std::optional<int64_t> locked_until() const;
  LockoutState state() const { return state_; }
  int64_t lockout_seconds_for(int lockout_number) const;  // 1 = the first lockout
  const std::string& storage_problem() const { return storage_problem_; }

 private:
  void save(bool lockout_started = false);
  Database& db_;
  std::string pin_hash_;
  Clock clock_;
  int max_tries_;
  int lockout_seconds_;
  LockoutState state_;
  std::string storage_problem_;
};

// The lockout state as kiosk.db holds it, for kioskctl status (read only; all zero when there is none).
StaffAuth::LockoutState read_staff_lockout(Database& db);

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
