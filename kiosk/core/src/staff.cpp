#include "mc/core/staff.hpp"

#include <sodium.h>

#include <stdexcept>

namespace mc {

namespace {
void ensure_sodium() {
  if (sodium_init() < 0) throw std::runtime_error("libsodium could not be initialised");
}
}  // namespace

std::string hash_staff_pin(std::string_view pin) {
  if (pin.size() < 4 || pin.size() > 8) throw std::invalid_argument("the staff PIN must have 4 to 8 digits");
  for (char c : pin)
    if (c < '0' || c > '9') throw std::invalid_argument("the staff PIN must contain digits only");
  ensure_sodium();
  char hash[crypto_pwhash_STRBYTES];
  if (crypto_pwhash_str(hash, pin.data(), pin.size(), crypto_pwhash_OPSLIMIT_INTERACTIVE,
                        crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0)
    throw std::runtime_error("not enough memory to hash the PIN");
  return hash;
}

bool verify_staff_pin(const std::string& hash, std::string_view pin) {
  ensure_sodium();
  if (hash.rfind("$argon2id$", 0) != 0) return false;
  return crypto_pwhash_str_verify(hash.c_str(), pin.data(), pin.size()) == 0;
}

StaffAuth::StaffAuth(Database& db, std::string pin_hash, Clock clock, int max_tries, int lockout_seconds)
    : db_(db), pin_hash_(std::move(pin_hash)), clock_(std::move(clock)), max_tries_(max_tries),
      lockout_seconds_(lockout_seconds) {
  db_.exec(
      "CREATE TABLE IF NOT EXISTS staff_lockout (id INTEGER PRIMARY KEY CHECK (id = 1),"
      " failed_tries INTEGER NOT NULL, locked_until INTEGER NOT NULL)");
  db_.exec("INSERT OR IGNORE INTO staff_lockout (id, failed_tries, locked_until) VALUES (1, 0, 0)");
}

std::optional<int64_t> StaffAuth::locked_until() const {
  auto select = db_.prepare("SELECT locked_until FROM staff_lockout WHERE id = 1");
  if (!select.step()) return std::nullopt;
  const int64_t until = select.column_int(0);
  if (until > clock_()) return until;
  return std::nullopt;
}

StaffAuth::Attempt StaffAuth::try_pin(std::string_view pin) {
  if (pin_hash_.empty()) return {Outcome::NotConfigured};
  if (auto until = locked_until()) return {Outcome::LockedOut, 0, *until};
  if (verify_staff_pin(pin_hash_, pin)) {
    db_.exec("UPDATE staff_lockout SET failed_tries = 0, locked_until = 0 WHERE id = 1");
    return {Outcome::Granted};
  }
  Transaction transaction(db_);
  auto select = db_.prepare("SELECT failed_tries FROM staff_lockout WHERE id = 1");
  select.step();
  const int failed = static_cast<int>(select.column_int(0)) + 1;
  Attempt attempt{Outcome::WrongPin, max_tries_ - failed, 0};
  if (failed >= max_tries_) {
    attempt = {Outcome::LockedOut, 0, clock_() + lockout_seconds_};
    db_.prepare("UPDATE staff_lockout SET failed_tries = 0, locked_until = ?1 WHERE id = 1")
        .bind(1, attempt.locked_until_unix)
        .step();
  } else {
    db_.prepare("UPDATE staff_lockout SET failed_tries = ?1 WHERE id = 1").bind(1, failed).step();
  }
  transaction.commit();
  return attempt;
}

AuditLog::AuditLog(Database& db, Clock clock) : db_(db), clock_(std::move(clock)) {
  db_.exec(
      "CREATE TABLE IF NOT EXISTS audit_log (id INTEGER PRIMARY KEY AUTOINCREMENT, at INTEGER NOT NULL,"
      " actor TEXT NOT NULL, action TEXT NOT NULL, detail TEXT NOT NULL)");
  // Append-only: the log cannot be edited or trimmed through SQL by mistake.
  db_.exec(
      "CREATE TRIGGER IF NOT EXISTS audit_log_no_update BEFORE UPDATE ON audit_log"
      " BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END");
  db_.exec(
      "CREATE TRIGGER IF NOT EXISTS audit_log_no_delete BEFORE DELETE ON audit_log"
      " BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END");
}

void AuditLog::record(std::string_view actor, std::string_view action, std::string_view detail) {
  db_.prepare("INSERT INTO audit_log (at, actor, action, detail) VALUES (?1, ?2, ?3, ?4)")
      .bind(1, clock_())
      .bind(2, actor)
      .bind(3, action)
      .bind(4, detail)
      .step();
}

std::vector<AuditEntry> AuditLog::recent(int limit) const {
  auto select = db_.prepare("SELECT id, at, actor, action, detail FROM audit_log ORDER BY id DESC LIMIT ?1");
  select.bind(1, limit);
  std::vector<AuditEntry> entries;
  while (select.step())
    entries.push_back({select.column_int(0), select.column_int(1), select.column_text(2), select.column_text(3),
                       select.column_text(4)});
  return entries;
}

}  // namespace mc
