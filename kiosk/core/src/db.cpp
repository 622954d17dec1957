#include "mc/core/db.hpp"

#include <sqlite3.h>

#include <chrono>
#include <thread>

#include "mc/core/version.hpp"

namespace mc {

bool DbError::is_disk_full() const { return (code & 0xff) == SQLITE_FULL; }
bool DbError::is_busy() const {
  return (code & 0xff) == SQLITE_BUSY || (code & 0xff) == SQLITE_LOCKED;
}
bool DbError::is_read_only() const {
  return (code & 0xff) == SQLITE_READONLY;
}

namespace {
[[noreturn]] void fail(sqlite3* db, int rc, std::string_view what) {
  std::string message = std::string(what) + ": " + (db ? sqlite3_errmsg(db) : sqlite3_errstr(rc));
  if ((rc & 0xff) == SQLITE_FULL) message += " (the disk or the database size limit is full)";
  throw DbError(rc, message);
}

// Two processes opening a new database at once can both try to switch it to WAL; SQLite then answers BUSY
// at once, without calling the busy handler (it would deadlock otherwise). Retry for up to the same 10 s.
void enter_wal_mode(Database& db) {
  for (int attempt = 0;; ++attempt) {
    try {
      db.exec("PRAGMA journal_mode=WAL");
      return;
    } catch (const DbError& error) {
      if ((error.code & 0xff) != SQLITE_BUSY || attempt >= 200) throw;
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
  }
}
}  // namespace

Statement::Statement(sqlite3* db, std::string_view sql) : db_(db) {
  int rc = sqlite3_prepare_v2(db, sql.data(), static_cast<int>(sql.size()), &stmt_, nullptr);
  if (rc != SQLITE_OK) fail(db, rc, "prepare '" + std::string(sql.substr(0, 60)) + "'");
}

Statement::~Statement() { sqlite3_finalize(stmt_); }

Statement::Statement(Statement&& other) noexcept : db_(other.db_), stmt_(other.stmt_) { other.stmt_ = nullptr; }

Statement& Statement::bind(int index, int64_t value) {
  int rc = sqlite3_bind_int64(stmt_, index, value);
  if (rc != SQLITE_OK) fail(db_, rc, "bind");
  return *this;
}

Statement& Statement::bind(int index, double value) {
  int rc = sqlite3_bind_double(stmt_, index, value);
  if (rc != SQLITE_OK) fail(db_, rc, "bind");
  return *this;
}

Statement& Statement::bind(int index, std::string_view text) {
  int rc = sqlite3_bind_text(stmt_, index, text.data(), static_cast<int>(text.size()), SQLITE_TRANSIENT);
  if (rc != SQLITE_OK) fail(db_, rc, "bind");
  return *this;
}

Statement& Statement::bind_blob(int index, const void* data, size_t size) {
  int rc = sqlite3_bind_blob(stmt_, index, data ? data : "", static_cast<int>(size), SQLITE_TRANSIENT);
  if (rc != SQLITE_OK) fail(db_, rc, "bind");
  return *this;
}

Statement& Statement::bind_null(int index) {
  int rc = sqlite3_bind_null(stmt_, index);
  if (rc != SQLITE_OK) fail(db_, rc, "bind");
  return *this;
}

bool Statement::step() {
  int rc = sqlite3_step(stmt_);
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  sqlite3_reset(stmt_);
  fail(db_, rc, "step");
}

void Statement::reset() {
  sqlite3_reset(stmt_);
  sqlite3_clear_bindings(stmt_);
}

bool Statement::is_null(int column) const { return sqlite3_column_type(stmt_, column) == SQLITE_NULL; }
int64_t Statement::column_int(int column) const { return sqlite3_column_int64(stmt_, column); }
double Statement::column_double(int column) const { return sqlite3_column_double(stmt_, column); }

std::string Statement::column_text(int column) const {
  const auto* text = sqlite3_column_text(stmt_, column);
  if (!text) return {};
  return std::string(reinterpret_cast<const char*>(text), static_cast<size_t>(sqlite3_column_bytes(stmt_, column)));
}

std::vector<uint8_t> Statement::column_blob(int column) const {
  const auto* data = static_cast<const uint8_t*>(sqlite3_column_blob(stmt_, column));
  int size = sqlite3_column_bytes(stmt_, column);
  return data ? std::vector<uint8_t>(data, data + size) : std::vector<uint8_t>{};
}

Database::Database(const std::string& path, Durability durability) : path_(path) {
  int rc = sqlite3_open_v2(path.c_str(), &db_, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_FULLMUTEX,
                           nullptr);
  if (rc != SQLITE_OK) {
    std::string message = "cannot open database " + path + ": " + (db_ ? sqlite3_errmsg(db_) : sqlite3_errstr(rc));
    sqlite3_close(db_);
    db_ = nullptr;
    throw DbError(rc, message);
  }
  sqlite3_busy_timeout(db_, 10000);
  enter_wal_mode(*this);
  exec(durability == Durability::Full ? "PRAGMA synchronous=FULL" : "PRAGMA synchronous=NORMAL");
  exec("PRAGMA foreign_keys=ON");
}

Database::~Database() { sqlite3_close(db_); }


void Database::exec(std::string_view sql) {
  char* error = nullptr;
  std::string statement(sql);
  int rc = sqlite3_exec(db_, statement.c_str(), nullptr, nullptr, &error);
  if (rc != SQLITE_OK) {
    std::string message = "'" + statement.substr(0, 60) + "': " + (error ? error : sqlite3_errstr(rc));
    sqlite3_free(error);
    if ((rc & 0xff) == SQLITE_FULL) message += " (the disk or the database size limit is full)";
    throw DbError(rc, message);
  }
}

Statement Database::prepare(std::string_view sql) { return Statement(db_, sql); }
int64_t Database::last_insert_rowid() const { return sqlite3_last_insert_rowid(db_); }
int Database::changes() const { return sqlite3_changes(db_); }

int Database::user_version() {
  auto statement = prepare("PRAGMA user_version");
  statement.step();
  return static_cast<int>(statement.column_int(0));
}

void Database::migrate(const std::vector<std::string>& migrations) {
  // Each step reads the version inside its own write transaction: two processes opening a new database at
  // the same time (the kiosk and kioskctl, say) then run each migration once between them, never twice.
  // An up-to-date database is only read (it may be read-only).
  const auto refuse_downgrade = [&](int version) {
    // A downgrade: this database was migrated by a newer version. Opening it could misread or damage what
    // it holds, so it is left untouched and the message says how to go on.
    if (version > static_cast<int>(migrations.size()))
      throw DbError(SQLITE_ERROR, path_ + " was written by a newer version of the kiosk software (schema " +
                                      std::to_string(version) + "; this version, " + software_version() +
                                      ", knows schema " + std::to_string(migrations.size()) +
                                      "). It was not opened and nothing in it changed: install the newer "
                                      "version again (downgrades are not supported)");
  };
  const int found = user_version();
  refuse_downgrade(found);
  if (found == static_cast<int>(migrations.size())) return;
  while (true) {
    Transaction transaction(*this);
    const int version = user_version();
    refuse_downgrade(version);  // a newer program may have migrated it meanwhile
    if (version == static_cast<int>(migrations.size())) return;  // nothing written: the rollback is a no-op
    exec(migrations[version]);
    exec("PRAGMA user_version=" + std::to_string(version + 1));
    transaction.commit();
  }
}

Transaction::Transaction(Database& db) : db_(db) { db_.exec("BEGIN IMMEDIATE"); }

Transaction::~Transaction() {
  if (!done_) {
    try {
      db_.exec("ROLLBACK");
    } catch (...) {
    }
  }
}

void Transaction::commit() {
  db_.exec("COMMIT");
  done_ = true;
}

}  // namespace mc
