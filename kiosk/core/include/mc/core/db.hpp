#pragma once
// A thin RAII wrapper over SQLite, shared by every module that keeps state on disk.
#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

struct sqlite3;
struct sqlite3_stmt;

namespace mc {

struct DbError : std::runtime_error {
  int code;  // the SQLite result code (SQLITE_FULL, SQLITE_BUSY, ...)
  DbError(int sqlite_code, const std::string& message) : std::runtime_error(message), code(sqlite_code) {}
  bool is_disk_full() const;  // SQLITE_FULL: the disk (or the size limit) is full
  bool is_busy() const;       // SQLITE_BUSY / SQLITE_LOCKED: another connection held it beyond the timeout
  bool is_read_only() const;  // SQLITE_READONLY: e.g. kiosk.db owned by root after kioskctl ran as root
};

class Statement {
 public:
  Statement(sqlite3* db, std::string_view sql);
  ~Statement();
  Statement(Statement&&) noexcept;
  Statement& operator=(Statement&&) = delete;
  Statement(const Statement&) = delete;

  // Binding is 1-based, as in SQLite.
  Statement& bind(int index, int64_t value);
  Statement& bind(int index, int value) { return bind(index, static_cast<int64_t>(value)); }
  Statement& bind(int index, double value);
  Statement& bind(int index, std::string_view text);
  Statement& bind(int index, const char* text) { return bind(index, std::string_view(text)); }
  Statement& bind(int index, const std::string& text) { return bind(index, std::string_view(text)); }
  Statement& bind_blob(int index, const void* data, size_t size);
  Statement& bind_null(int index);

  bool step();  // true while a row is available
  void reset();

  bool is_null(int column) const;
  int64_t column_int(int column) const;
  double column_double(int column) const;
  std::string column_text(int column) const;
  std::vector<uint8_t> column_blob(int column) const;

 private:
  sqlite3* db_;
  sqlite3_stmt* stmt_ = nullptr;
};

enum class Durability {
  Full,    // WAL + synchronous=FULL: a returned commit survives power loss
  Normal,  // WAL + synchronous=NORMAL: for data we can rebuild
};

class Database {
 public:
  explicit Database(const std::string& path, Durability durability = Durability::Full);
  ~Database();
  Database(const Database&) = delete;
  Database& operator=(const Database&) = delete;

  void exec(std::string_view sql);
  Statement prepare(std::string_view sql);
  int64_t last_insert_rowid() const;
  int changes() const;
  // Schema version kept in PRAGMA user_version; migrations run in order, each in a transaction.
  int user_version();
  void migrate(const std::vector<std::string>& migrations);
  sqlite3* handle() { return db_; }
  const std::string& path() const { return path_; }

 private:
  sqlite3* db_ = nullptr;
  std::string path_;
};

// BEGIN IMMEDIATE ... COMMIT; rolls back if not committed.
class Transaction {
 public:
  explicit Transaction(Database& db);
  ~Transaction();
  void commit();

 private:
  Database& db_;
  bool done_ = false;
};

}  // namespace mc
