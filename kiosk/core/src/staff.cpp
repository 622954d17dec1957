#include "mc/core/staff.hpp"

#include <fcntl.h>
#include <sodium.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <iterator>
#include <optional>
#include <stdexcept>

#include "mc/core/metrics.hpp"

namespace mc {

namespace {
void ensure_sodium() {
  if (sodium_init() < 0) throw std::runtime_error("libsodium could not be initialised");
}
}  // namespace

std::string hash_staff_pin(std::string_view pin) {
  if (pin.size() < kMinStaffPinDigits || pin.size() > kMaxStaffPinDigits)
    throw std::invalid_argument("the staff PIN must have " + std::to_string(kMinStaffPinDigits) + " to " +
                                std::to_string(kMaxStaffPinDigits) + " digits");
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

void write_staff_pin_file(const std::string& path, const std::string& hash) {
  const std::string temp = path + ".tmp." + std::to_string(::getpid());
  int fd = ::open(temp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, 0600);
  if (fd < 0) throw std::runtime_error("cannot write " + temp + ": " + std::strerror(errno));
  ::fchmod(fd, 0600);  // whatever the umask
  const std::string line = hash + "\n";
  const bool ok = ::write(fd, line.data(), line.size()) == static_cast<ssize_t>(line.size()) && ::fsync(fd) == 0;
  const int error = errno;
  ::close(fd);
  if (!ok || ::rename(temp.c_str(), path.c_str()) != 0) {
    const int rename_error = ok ? errno : error;
    ::unlink(temp.c_str());
    throw std::runtime_error("cannot write " + path + ": " + std::strerror(rename_error));
  }
}

namespace {
void create_lockout_table(Database& db) {
  db.exec(
      "CREATE TABLE IF NOT EXISTS staff_lockout (id INTEGER PRIMARY KEY CHECK (id = 1),"
      " failed_tries INTEGER NOT NULL, locked_until INTEGER NOT NULL, lockouts INTEGER NOT NULL DEFAULT 0)");
  bool has_lockouts = false;  // kiosk.db from before lockouts grew
  auto columns = db.prepare("PRAGMA table_info(staff_lockout)");
  while (columns.step()) has_lockouts = has_lockouts || columns.column_text(1) == "lockouts";
  if (!has_lockouts) db.exec("ALTER TABLE staff_lockout ADD COLUMN lockouts INTEGER NOT NULL DEFAULT 0");
  db.exec("INSERT OR IGNORE INTO staff_lockout (id, failed_tries, locked_until, lockouts) VALUES (1, 0, 0, 0)");
}
}  // namespace

StaffAuth::LockoutState read_staff_lockout(Database& db) {
  StaffAuth::LockoutState state;
  bool has_table = false;
  auto table = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'staff_lockout'");
  has_table = table.step();
  if (!has_table) return state;
  bool has_lockouts = false;
  auto columns = db.prepare("PRAGMA table_info(staff_lockout)");
  while (columns.step()) has_lockouts = has_lockouts || columns.column_text(1) == "lockouts";
  auto select = db.prepare(has_lockouts ? "SELECT failed_tries, locked_until, lockouts FROM staff_lockout WHERE id = 1"
                                        : "SELECT failed_tries, locked_until, 0 FROM staff_lockout WHERE id = 1");
  if (select.step()) {
    state.failed_tries = static_cast<int>(select.column_int(0));
    state.locked_until_unix = select.column_int(1);
    state.lockouts = static_cast<int>(select.column_int(2));
  }
  return state;
}

StaffAuth::StaffAuth(Database& db, std::string pin_hash, Clock clock, int max_tries, int lockout_seconds)
    : db_(db), pin_hash_(std::move(pin_hash)), clock_(std::move(clock)), max_tries_(max_tries),
      lockout_seconds_(lockout_seconds) {
  create_lockout_table(db_);
  state_ = read_staff_lockout(db_);
}

int64_t StaffAuth::lockout_seconds_for(int lockout_number) const {
  static constexpr int64_t kFactors[] = {1, 3, 12, 48, 288};  // 5 min, 15 min, 1 h, 4 h, 24 h
  const int index = std::max(1, std::min<int>(lockout_number, std::size(kFactors))) - 1;
  return lockout_seconds_ * kFactors[index];
}

std::optional<int64_t> StaffAuth::locked_until() const {
  if (state_.locked_until_unix > clock_()) return state_.locked_until_unix;
  return std::nullopt;
}

void StaffAuth::save(bool lockout_started) {
  try {
    // A lockout is counted (metrics) in the same transaction that stores it: exactly once per lockout.
    std::optional<Transaction> transaction;
    if (lockout_started) transaction.emplace(db_);
    db_.prepare("UPDATE staff_lockout SET failed_tries = ?1, locked_until = ?2, lockouts = ?3 WHERE id = 1")
        .bind(1, state_.failed_tries)
        .bind(2, state_.locked_until_unix)
        .bind(3, state_.lockouts)
        .step();
    if (transaction) {
      metrics::CounterStore::add_in(db_, metrics::counter::kStaffPinLockouts);
      transaction->commit();
    }
    storage_problem_.clear();
  } catch (const std::exception& error) {
    storage_problem_ = error.what();
  }
}

StaffAuth::Attempt StaffAuth::try_pin(std::string_view pin) {
  if (pin_hash_.empty()) return {Outcome::NotConfigured};
  if (auto until = locked_until()) return {Outcome::LockedOut, 0, *until};
  // Another process (a second kiosk role on the same kiosk.db) may have counted tries, or reset them with
  // a good PIN, meanwhile: the stored state wins, unless this process could not store its own count (then
  // never go below what it counted in memory).
  try {
    LockoutState stored = read_staff_lockout(db_);
    if (storage_problem_.empty()) {
      state_ = stored;
    } else {
      state_.failed_tries = std::max(state_.failed_tries, stored.failed_tries);
      state_.lockouts = std::max(state_.lockouts, stored.lockouts);
      state_.locked_until_unix = std::max(state_.locked_until_unix, stored.locked_until_unix);
    }
  } catch (const std::exception&) {
  }
  if (auto until = locked_until()) return {Outcome::LockedOut, 0, *until};
  if (verify_staff_pin(pin_hash_, pin)) {
    state_ = {};
    save();
    return {Outcome::Granted};
  }
  Attempt attempt{Outcome::WrongPin, max_tries_ - (state_.failed_tries + 1), 0};
  if (++state_.failed_tries >= max_tries_) {
    ++state_.lockouts;
    state_.failed_tries = 0;
    state_.locked_until_unix = clock_() + lockout_seconds_for(state_.lockouts);
    attempt = {Outcome::LockedOut, 0, state_.locked_until_unix};
  }
  save(/*lockout_started=*/attempt.outcome == Outcome::LockedOut);
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
