#include "mc/sync/outbox.hpp"

#include <fcntl.h>
#include <sodium.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <thread>

#include "mc/core/dossier_code.hpp"
#include "mc/core/log.hpp"
#include "mc/core/messages.hpp"

namespace mc::sync {

namespace {

constexpr size_t kKeyBytes = crypto_aead_xchacha20poly1305_ietf_KEYBYTES;
constexpr size_t kNonceBytes = crypto_aead_xchacha20poly1305_ietf_NPUBBYTES;
// Sealed under the key at creation: tells a wrong key from a damaged row at start.
constexpr std::string_view kKeyCheckCode = "mc-outbox-key-check";
constexpr std::string_view kKeyCheckPlain = "mot-cua outbox key v1";

// The queue's schema, one step per change, run by Database::migrate on the first start of a new version. A
// released step is never edited: a change is a new step at the end. A queue whose schema is newer than this
// list (a downgrade) is refused unopened.
const std::vector<std::string>& migrations() {
  static const std::vector<std::string> all = {
      // 1: the outbox and its metadata.
      "CREATE TABLE outbox_meta(name TEXT PRIMARY KEY, nonce BLOB NOT NULL, sealed BLOB NOT NULL);"
      "CREATE TABLE outbox("
      "  seq INTEGER PRIMARY KEY AUTOINCREMENT,"
      "  code TEXT NOT NULL UNIQUE,"
      "  procedure_code TEXT NOT NULL,"
      "  state TEXT NOT NULL CHECK (state IN ('queued','sending','synced','quarantined')),"
      "  attempts INTEGER NOT NULL DEFAULT 0,"
      "  last_error TEXT NOT NULL DEFAULT '',"
      "  quarantine_reason TEXT NOT NULL DEFAULT '',"
      "  accepted_at INTEGER NOT NULL,"
      "  sent_at INTEGER,"
      "  synced_at INTEGER,"
      "  server_message TEXT NOT NULL DEFAULT '',"
      "  server_status INTEGER,"
      "  server_status_at INTEGER,"
      "  status_checked_at INTEGER,"
      "  nonce BLOB NOT NULL,"
      "  sealed BLOB NOT NULL);"
      "CREATE INDEX outbox_by_state ON outbox(state, seq);",
      // 2: retention. purged_at: when the personal data was removed; kept_json: the dossier without its
      // personal fields (clear text), read instead of the sealed blob once purged.
      "ALTER TABLE outbox ADD COLUMN purged_at INTEGER;"
      "ALTER TABLE outbox ADD COLUMN kept_json TEXT;",
      // 3: why a row is quarantined (quarantine_kind_name), so a code clash or a damaged row is told apart
      // from a refusal of content.
      "ALTER TABLE outbox ADD COLUMN quarantine_kind TEXT NOT NULL DEFAULT '';"
      "UPDATE outbox SET quarantine_kind = 'rejected' WHERE state = 'quarantined';",
      // 4 (issue 20): in_doubt: a push whose outcome is unknown (a failed call, a crash in flight), so the next
      // push is preceded by TraCuuHoSo; force_update: staff chose our version over the server's (isUpdating
      // "True"). progress_state: the intake step (CapNhatTienDoHoSoMC) of a synced dossier, a step of its own
      // ('' none, due, sending, doubt, done, rejected). Rows synced before this version have no step.
      "ALTER TABLE outbox ADD COLUMN in_doubt INTEGER NOT NULL DEFAULT 0;"
      "ALTER TABLE outbox ADD COLUMN force_update INTEGER NOT NULL DEFAULT 0;"
      "ALTER TABLE outbox ADD COLUMN progress_state TEXT NOT NULL DEFAULT '';"
      "ALTER TABLE outbox ADD COLUMN progress_error TEXT NOT NULL DEFAULT '';"
      "ALTER TABLE outbox ADD COLUMN progress_at INTEGER;"
      "CREATE INDEX outbox_by_progress ON outbox(progress_state, seq);",
      // 5 (issue 14): what the server answered for each uploaded document (TepDinhKemId and its address), so
      // `kioskctl queue show` tells an uploaded file from one still to go. Codes, digests and server ids only.
      "CREATE TABLE attachment_upload("
      "  code TEXT NOT NULL,"
      "  document_code TEXT NOT NULL,"
      "  sha256 TEXT NOT NULL,"
      "  file_id TEXT NOT NULL,"
      "  url TEXT NOT NULL DEFAULT '',"
      "  uploaded_at INTEGER NOT NULL,"
      "  PRIMARY KEY (code, document_code));",
#ifdef MC_UPGRADE_TEST_SCHEMA_STEP
      // Only in the upgrade test's N+1 build (tests/package/), never in a release: a step of the kind a
      // release adds (a column with a default, an index), run on a queue full of dossiers at the first start
      // after the upgrade.
      "ALTER TABLE outbox ADD COLUMN upgrade_test_note TEXT NOT NULL DEFAULT 'migrated';"
      "CREATE INDEX outbox_by_accepted_at ON outbox(accepted_at);",
#endif
  };
  return all;
}

void ensure_sodium() {
  if (sodium_init() < 0) throw std::runtime_error("libsodium could not be initialised");
}

std::vector<uint8_t> seal(const std::vector<uint8_t>& key, std::string_view code, std::string_view plain,
                          std::vector<uint8_t>& nonce) {
  nonce.resize(kNonceBytes);
  randombytes_buf(nonce.data(), nonce.size());
  std::vector<uint8_t> sealed(plain.size() + crypto_aead_xchacha20poly1305_ietf_ABYTES);
  unsigned long long sealed_size = 0;
  crypto_aead_xchacha20poly1305_ietf_encrypt(
      sealed.data(), &sealed_size, reinterpret_cast<const unsigned char*>(plain.data()), plain.size(),
      reinterpret_cast<const unsigned char*>(code.data()), code.size(), nullptr, nonce.data(), key.data());
  sealed.resize(sealed_size);
  return sealed;
}

std::optional<std::string> open_sealed(const std::vector<uint8_t>& key, std::string_view code,
                                       const std::vector<uint8_t>& nonce, const std::vector<uint8_t>& sealed) {
  if (nonce.size() != kNonceBytes || sealed.size() < crypto_aead_xchacha20poly1305_ietf_ABYTES) return std::nullopt;
  std::string plain(sealed.size() - crypto_aead_xchacha20poly1305_ietf_ABYTES, '\0');
  unsigned long long plain_size = 0;
  if (crypto_aead_xchacha20poly1305_ietf_decrypt(
          reinterpret_cast<unsigned char*>(plain.data()), &plain_size, nullptr, sealed.data(), sealed.size(),
          reinterpret_cast<const unsigned char*>(code.data()), code.size(), nonce.data(), key.data()) != 0)
    return std::nullopt;
  plain.resize(plain_size);
  return plain;
}

// A row that cannot be decrypted or parsed. The message names the row and what failed, never its content
// (a JSON parser's message quotes the text it choked on, and that text is personal data).
struct UnreadableRow : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// A row's sealed JSON ({"dossier", "record"}), decrypted and parsed; the plain text is wiped from memory.
nlohmann::json open_row(const std::vector<uint8_t>& key, const std::string& code, const std::vector<uint8_t>& nonce,
                        const std::vector<uint8_t>& sealed) {
  auto plain = open_sealed(key, code, nonce, sealed);
  if (!plain)
    throw UnreadableRow("the queue row " + code +
                        " cannot be decrypted: it is damaged or was sealed under another key");
  auto json = nlohmann::json::parse(*plain, nullptr, false);
  sodium_memzero(plain->data(), plain->size());
  if (json.is_discarded() || !json.is_object() || !json.contains("dossier") || !json.contains("record") ||
      !json["record"].is_string())
    throw UnreadableRow("the queue row " + code + " decrypts but is not a dossier and record");
  return json;
}

// The dossier of an opened row; a shape the reader does not accept is an unreadable row too.
Dossier dossier_of_row(const nlohmann::json& row, const std::string& code) {
  try {
    return dossier_from_json(row.at("dossier"));
  } catch (const std::exception&) {
    throw UnreadableRow("the queue row " + code + " holds a dossier this version cannot read");
  }
}

// Stored with the row for staff, in both languages (the staff screen shows the reason as it was stored).
std::string unreadable_reason() {
  const LocalizedText text = message("sync.quarantine.unreadable");
  return text.vi + " / " + text.en;
}

std::optional<std::vector<uint8_t>> read_key(const std::string& key_path) {
  std::error_code ec;
  if (!std::filesystem::exists(key_path, ec)) return std::nullopt;
  std::ifstream in(key_path, std::ios::binary);
  if (!in) throw OutboxKeyError("the queue key file " + key_path + " cannot be read (check its owner and mode 0600)");
  std::vector<uint8_t> key((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (key.size() != kKeyBytes)
    throw OutboxKeyError("the queue key file " + key_path + " is damaged (" + std::to_string(key.size()) +
                         " bytes, expected " + std::to_string(kKeyBytes) +
                         "): restore it from the backup; the queue was not opened");
  return key;
}

// Creates the key file exclusively: the key is written and synced under a name of this process's own, then
// hard-linked to key_path, which fails if another process got there first. The loser then uses the
// winner's key, so two processes starting on an empty data directory always agree on one key.
std::vector<uint8_t> create_key(const std::string& key_path) {
  std::vector<uint8_t> key(kKeyBytes);
  crypto_aead_xchacha20poly1305_ietf_keygen(key.data());
  const std::string temp = key_path + ".tmp." + std::to_string(::getpid());
  int fd = ::open(temp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0 && errno == EEXIST) {  // left by a crash of a process with this pid: ours to replace
    ::unlink(temp.c_str());
    fd = ::open(temp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  }
  if (fd < 0) throw OutboxKeyError("cannot create the queue key file " + key_path + ": " + std::strerror(errno));
  ::fchmod(fd, 0600);
  bool ok = ::write(fd, key.data(), key.size()) == static_cast<ssize_t>(key.size()) && ::fsync(fd) == 0;
  ::close(fd);
  if (!ok) {
    const int error = errno;
    ::unlink(temp.c_str());
    throw OutboxKeyError("cannot write the queue key file " + key_path + ": " + std::strerror(error));
  }
  const bool linked = ::link(temp.c_str(), key_path.c_str()) == 0;
  const int link_error = errno;
  ::unlink(temp.c_str());
  if (!linked) {
    sodium_memzero(key.data(), key.size());
    if (link_error == EEXIST) {
      if (auto theirs = read_key(key_path)) return *theirs;
    }
    throw OutboxKeyError("cannot create the queue key file " + key_path + ": " + std::strerror(link_error));
  }
  // Make the new name itself durable before any row is sealed under this key.
  std::string dir = std::filesystem::path(key_path).parent_path().string();
  int dir_fd = ::open(dir.empty() ? "." : dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dir_fd >= 0) {
    ::fsync(dir_fd);
    ::close(dir_fd);
  }
  return key;
}

OutboxState state_from_text(const std::string& text) {
  auto state = parse_outbox_state(text);
  return state ? *state : OutboxState::Queued;
}

constexpr const char* kEntryColumns =
    "code, state, attempts, last_error, quarantine_reason, accepted_at, synced_at, server_status, "
    "server_status_at, server_message, nonce, sealed, purged_at, kept_json, procedure_code, quarantine_kind, "
    "progress_state, progress_error";

// The SQL twin of mc::is_final (DOMAIN.md §2): not accepted, withdrawn, stopped, result returned.
constexpr const char* kFinalStatusList = "(3, 7, 8, 10)";

// What stays of a dossier after the retention purge: nothing that identifies the applicant.
Dossier without_personal_data(const Dossier& dossier) {
  Dossier kept = dossier;
  kept.applicant = CitizenIdentity{};
  kept.phone.clear();
  kept.email.clear();
  kept.answers.clear();
  return kept;
}

}  // namespace

const char* outbox_state_name(OutboxState state) {
  switch (state) {
    case OutboxState::Queued:
      return "queued";
    case OutboxState::Sending:
      return "sending";
    case OutboxState::Synced:
      return "synced";
    case OutboxState::Quarantined:
      return "quarantined";
  }
  return "queued";
}

const char* quarantine_kind_name(QuarantineKind kind) {
  switch (kind) {
    case QuarantineKind::ServerDiffers:
      return "server_differs";
    case QuarantineKind::Rejected:
      return "rejected";
    case QuarantineKind::CodeClash:
      return "code_clash";
    case QuarantineKind::Unreadable:
      return "unreadable";
  }
  return "rejected";
}

std::optional<OutboxState> parse_outbox_state(std::string_view name) {
  if (name == "queued") return OutboxState::Queued;
  if (name == "sending") return OutboxState::Sending;
  if (name == "synced") return OutboxState::Synced;
  if (name == "quarantined") return OutboxState::Quarantined;
  return std::nullopt;
}

std::unique_ptr<Outbox> Outbox::open(const Config& config) {
  std::error_code ec;
  std::filesystem::create_directories(config.data_dir, ec);
  return open_at(config.path_in_data("queue.db"), config.path_in_data("queue.key"));
}

std::unique_ptr<Outbox> Outbox::open_at(const std::string& db_path, const std::string& key_path) {
  ensure_sodium();
  auto db = std::make_unique<Database>(db_path, Durability::Full);
  // Freed and overwritten cells are zeroed, so a purged (or deleted) ciphertext leaves no trace in pages.
  db->exec("PRAGMA secure_delete=ON");
  db->migrate(migrations());
  std::optional<std::vector<uint8_t>> key = read_key(key_path);

  bool has_check = false;
  std::vector<uint8_t> check_nonce, check_sealed;
  int64_t rows = 0;
  {
    // Statements finished before anything is written: a statement left open keeps an old read snapshot,
    // and a write on top of it fails at once with "database is locked" when another process wrote since.
    auto check = db->prepare("SELECT nonce, sealed FROM outbox_meta WHERE name = 'key_check'");
    has_check = check.step();
    if (has_check) {
      check_nonce = check.column_blob(0);
      check_sealed = check.column_blob(1);
    }
    auto count_rows = db->prepare("SELECT COUNT(*) FROM outbox");
    count_rows.step();
    rows = count_rows.column_int(0);
  }

  if (!key) {
    if (rows > 0)
      throw OutboxKeyError("the queue key file " + key_path + " is missing but the queue " + db_path + " holds " +
                           std::to_string(rows) +
                           " dossiers: restore the key file from the backup (the queue was not opened and "
                           "nothing was deleted)");
    key = create_key(key_path);
    has_check = false;  // an empty queue under a lost key: start afresh with the new key
  } else if (has_check) {
    if (!open_sealed(*key, kKeyCheckCode, check_nonce, check_sealed))
      throw OutboxKeyError("the queue key file " + key_path + " does not match the queue " + db_path +
                           ": it is not the key this queue was created with (the queue was not opened)");
  } else if (rows > 0) {
    throw OutboxKeyError("the queue " + db_path + " has no key check record: it is damaged (not opened)");
  }
  if (!has_check) {
    std::vector<uint8_t> nonce;
    auto sealed = seal(*key, kKeyCheckCode, kKeyCheckPlain, nonce);
    // Replaces a stale check only while the queue is still empty (a lost key with nothing sealed under it).
    auto insert = db->prepare(
        "INSERT OR REPLACE INTO outbox_meta(name, nonce, sealed) SELECT 'key_check', ?, ? WHERE NOT EXISTS"
        " (SELECT 1 FROM outbox)");
    insert.bind_blob(1, nonce.data(), nonce.size()).bind_blob(2, sealed.data(), sealed.size());
    insert.step();
  }
  auto outbox = std::unique_ptr<Outbox>(new Outbox(std::move(db), std::move(*key)));
  outbox->lock_path_ = db_path + "-send.lock";
  return outbox;
}

SendingLock::~SendingLock() {
  if (fd_ >= 0) ::close(fd_);  // closing the descriptor releases the flock
}

SendingLock::SendingLock(SendingLock&& other) noexcept : fd_(other.fd_) {
  other.fd_ = -1;
}

SendingLock& SendingLock::operator=(SendingLock&& other) noexcept {
  if (this != &other) {
    if (fd_ >= 0) ::close(fd_);
    fd_ = other.fd_;
    other.fd_ = -1;
  }
  return *this;
}

SendingLock Outbox::lock_sending(int wait_ms) {
  if (lock_path_ == ":memory:-send.lock") return SendingLock(::open("/dev/null", O_RDONLY | O_CLOEXEC));
  const int fd = ::open(lock_path_.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
  if (fd < 0) throw std::runtime_error("cannot open the sending lock " + lock_path_ + ": " + std::strerror(errno));
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(wait_ms);
  while (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
    if (errno != EWOULDBLOCK && errno != EINTR) {
      const int error = errno;
      ::close(fd);
      throw std::runtime_error("cannot take the sending lock " + lock_path_ + ": " + std::strerror(error));
    }
    if (std::chrono::steady_clock::now() >= deadline) {
      ::close(fd);
      return SendingLock();
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  return SendingLock(fd);
}

Outbox::Outbox(std::unique_ptr<Database> db, std::vector<uint8_t> key) : db_(std::move(db)), key_(std::move(key)) {}

Outbox::~Outbox() {
  sodium_memzero(key_.data(), key_.size());
}

Database& Outbox::database() {
  return *db_;
}
std::unique_lock<std::recursive_mutex> Outbox::lock() {
  return std::unique_lock(mutex_);
}

void Outbox::enqueue(const Dossier& dossier, const std::string& record_json, int64_t now_unix) {
  nlohmann::json plain = {{"dossier", dossier_to_json(dossier)}, {"record", record_json}};
  try {
    (void)dossier_from_json(plain.at("dossier"));  // what find() and the sync engine will read back
  } catch (const std::exception& error) {
    throw OutboxRecordError(std::string("the dossier would not read back: ") + error.what());
  }
  std::string text = plain.dump();
  std::vector<uint8_t> nonce;
  auto sealed = seal(key_, dossier.code, text, nonce);
  sodium_memzero(text.data(), text.size());
  auto guard = lock();
  Transaction transaction(*db_);
  auto insert = db_->prepare(
      "INSERT INTO outbox(code, procedure_code, state, accepted_at, nonce, sealed) VALUES (?, ?, 'queued', ?, ?, ?)");
  insert.bind(1, dossier.code)
      .bind(2, dossier.procedure.code)
      .bind(3, now_unix)
      .bind_blob(4, nonce.data(), nonce.size())
      .bind_blob(5, sealed.data(), sealed.size());
  insert.step();
  transaction.commit();
}

OutboxEntry Outbox::read_entry(Statement& row) {
  OutboxEntry entry;
  std::string code = row.column_text(0);
  entry.state = state_from_text(row.column_text(1));
  entry.attempts = static_cast<int>(row.column_int(2));
  entry.last_error = row.column_text(3);
  entry.quarantine_reason = row.column_text(4);
  entry.accepted_at_unix = row.column_int(5);
  if (!row.is_null(6)) entry.synced_at_unix = row.column_int(6);
  if (!row.is_null(7) && is_valid_status(static_cast<int>(row.column_int(7))))
    entry.server_status = static_cast<DossierStatus>(row.column_int(7));
  if (!row.is_null(8)) entry.server_status_at_unix = row.column_int(8);
  entry.server_message = row.column_text(9);
  if (entry.state == OutboxState::Quarantined) {
    const std::string kind = row.column_text(15);
    entry.quarantine_kind = kind == "code_clash"       ? QuarantineKind::CodeClash
                            : kind == "unreadable"     ? QuarantineKind::Unreadable
                            : kind == "server_differs" ? QuarantineKind::ServerDiffers
                                                       : QuarantineKind::Rejected;
  }
  entry.progress_state = row.column_text(16);
  entry.progress_error = row.column_text(17);
  try {
    if (!row.is_null(12)) {
      entry.personal_data_purged = true;
      entry.purged_at_unix = row.column_int(12);
      auto kept = nlohmann::json::parse(row.column_text(13), nullptr, false);
      if (kept.is_discarded()) throw UnreadableRow("the kept record of " + code + " is not JSON");
      entry.dossier = dossier_of_row(nlohmann::json{{"dossier", kept}}, code);
      return entry;
    }
    const auto json = open_row(key_, code, row.column_blob(10), row.column_blob(11));
    entry.dossier = dossier_of_row(json, code);
    entry.record_json = json.at("record").get<std::string>();
  } catch (const UnreadableRow&) {
    // Listed with what is in clear, so staff screens and kioskctl show it instead of failing on it.
    entry.readable = false;
    entry.dossier = Dossier{};
    entry.dossier.code = code;
    entry.dossier.procedure.code = row.column_text(14);
    entry.dossier.procedure.name = {row.column_text(14), row.column_text(14)};
  }
  return entry;
}

void Outbox::quarantine_unreadable(const std::string& code, int64_t now_unix) {
  mark_quarantined(code, unreadable_reason(), now_unix, QuarantineKind::Unreadable);
  log_error("outbox", "queue row " + code + " cannot be decrypted or read: quarantined, the rest of the queue goes on");
}

std::optional<OutboxEntry> Outbox::find(std::string_view dossier_code) {
  auto guard = lock();
  auto query = db_->prepare(std::string("SELECT ") + kEntryColumns + " FROM outbox WHERE code = ?");
  query.bind(1, dossier_code);
  if (!query.step()) return std::nullopt;
  return read_entry(query);
}

std::vector<OutboxEntry> Outbox::list(std::optional<OutboxState> state, int limit) {
  auto guard = lock();
  std::vector<OutboxEntry> entries;
  auto query =
      state ? db_->prepare(std::string("SELECT ") + kEntryColumns + " FROM outbox WHERE state = ? ORDER BY seq LIMIT ?")
            : db_->prepare(std::string("SELECT ") + kEntryColumns + " FROM outbox ORDER BY seq DESC LIMIT ?");
  if (state) {
    query.bind(1, outbox_state_name(*state)).bind(2, limit);
  } else {
    query.bind(1, limit);
  }
  while (query.step()) entries.push_back(read_entry(query));
  return entries;
}

std::vector<OutboxEntry> Outbox::list_accepted_between(int64_t from_unix, int64_t until_unix, int limit) {
  auto guard = lock();
  std::vector<OutboxEntry> entries;
  auto query =
      db_->prepare(std::string("SELECT ") + kEntryColumns +
                   " FROM outbox WHERE accepted_at >= ? AND accepted_at < ? ORDER BY accepted_at, seq LIMIT ?");
  query.bind(1, from_unix).bind(2, until_unix).bind(3, limit);
  while (query.step()) entries.push_back(read_entry(query));
  return entries;
}

std::vector<OutboxEntry> Outbox::list_by_server_status(DossierStatus status, int limit) {
  auto guard = lock();
  std::vector<OutboxEntry> entries;
  auto query = db_->prepare(std::string("SELECT ") + kEntryColumns +
                            " FROM outbox WHERE state = 'synced' AND server_status = ?"
                            " ORDER BY server_status_at DESC, seq DESC LIMIT ?");
  query.bind(1, static_cast<int>(status)).bind(2, limit);
  while (query.step()) entries.push_back(read_entry(query));
  return entries;
}

QueueStats Outbox::stats() {
  auto guard = lock();
  QueueStats stats;
  auto query = db_->prepare("SELECT state, COUNT(*) FROM outbox GROUP BY state");
  while (query.step()) {
    auto state = parse_outbox_state(query.column_text(0));
    int count = static_cast<int>(query.column_int(1));
    if (!state) continue;
    switch (*state) {
      case OutboxState::Queued:
        stats.queued = count;
        break;
      case OutboxState::Sending:
        stats.sending = count;
        break;
      case OutboxState::Synced:
        stats.synced = count;
        break;
      case OutboxState::Quarantined:
        stats.quarantined = count;
        break;
    }
  }
  auto oldest = db_->prepare("SELECT MIN(accepted_at) FROM outbox WHERE state IN ('queued', 'sending')");
  if (oldest.step() && !oldest.is_null(0)) stats.oldest_queued_unix = oldest.column_int(0);
  auto purged = db_->prepare("SELECT COUNT(*) FROM outbox WHERE purged_at IS NOT NULL");
  if (purged.step()) stats.purged = static_cast<int>(purged.column_int(0));
  return stats;
}

std::optional<int64_t> Outbox::last_synced_at() {
  auto guard = lock();
  auto query = db_->prepare("SELECT MAX(synced_at) FROM outbox WHERE state = 'synced'");
  if (query.step() && !query.is_null(0)) return query.column_int(0);
  return std::nullopt;
}

std::vector<std::string> Outbox::codes() {
  auto guard = lock();
  auto query = db_->prepare("SELECT code FROM outbox");
  std::vector<std::string> out;
  while (query.step()) out.push_back(query.column_text(0));
  return out;
}

PurgeResult Outbox::purge_personal_data(int64_t now_unix, int older_than_days, bool dry_run) {
  // Small transactions: the UI thread (enqueue) never waits long for the lock, even on a first purge
  // over a backlog of thousands of dossiers.
  constexpr int kBatch = 100;
  PurgeResult result;
  const int64_t limit = now_unix - int64_t{std::max(older_than_days, 0)} * 86400;
  const std::string due = std::string(
                              "SELECT code, nonce, sealed FROM outbox WHERE state = 'synced'"
                              " AND purged_at IS NULL AND server_status IN ") +
                          kFinalStatusList + " AND COALESCE(server_status_at, synced_at) <= ? ORDER BY seq";
  if (dry_run) {
    auto guard = lock();
    auto query = db_->prepare(due);
    query.bind(1, limit);
    while (query.step()) result.codes.push_back(query.column_text(0));
    result.purged = static_cast<int>(result.codes.size());
    return result;
  }
  for (int in_batch = kBatch; in_batch == kBatch;) {
    in_batch = 0;
    auto guard = lock();
    Transaction transaction(*db_);
    auto query = db_->prepare(due + " LIMIT " + std::to_string(kBatch));
    query.bind(1, limit);
    auto purge = db_->prepare(
        "UPDATE outbox SET kept_json = ?, purged_at = ?, nonce = x'', sealed = x'' WHERE code = ? AND purged_at IS "
        "NULL");
    while (query.step()) {
      std::string code = query.column_text(0);
      std::string kept;
      try {
        const auto json = open_row(key_, code, query.column_blob(1), query.column_blob(2));
        kept = dossier_to_json(without_personal_data(dossier_of_row(json, code))).dump();
      } catch (const UnreadableRow&) {
        // Nothing readable to keep: the purge still removes the ciphertext, which is all it holds.
        Dossier placeholder;
        placeholder.code = code;
        kept = dossier_to_json(placeholder).dump();
      }
      purge.bind(1, kept).bind(2, now_unix).bind(3, code);
      purge.step();
      purge.reset();
      result.codes.push_back(std::move(code));
      ++in_batch;
    }
    transaction.commit();
    result.purged += in_batch;
  }
  auto guard = lock();
  if (result.purged > 0 || checkpoint_pending_) {
    // Copy the zeroed pages into queue.db and empty the WAL, which still holds the old page images. Busy
    // (another process is reading): tried again at the next purge, even when that one finds nothing.
    auto checkpoint = db_->prepare("PRAGMA wal_checkpoint(TRUNCATE)");
    result.wal_checkpointed = checkpoint.step() && checkpoint.column_int(0) == 0;
    checkpoint_pending_ = !result.wal_checkpointed;
  }
  return result;
}

std::vector<PendingRecord> Outbox::claim_batch(int limit, int64_t now_unix) {
  auto guard = lock();
  std::vector<PendingRecord> batch;
  Transaction transaction(*db_);
  auto query = db_->prepare(
      "SELECT code, nonce, sealed, in_doubt, force_update FROM outbox WHERE state = 'queued' ORDER BY seq LIMIT ?");
  auto mark = db_->prepare("UPDATE outbox SET state = 'sending', attempts = attempts + 1, sent_at = ? WHERE code = ?");
  std::vector<std::string> unreadable;
  // Unreadable rows leave the queued set as they are found, so the query runs again for the rows after them.
  while (static_cast<int>(batch.size()) < limit) {
    query.reset();
    query.bind(1, limit - static_cast<int>(batch.size()));
    bool any = false;
    std::vector<std::string> claimed;
    while (query.step()) {
      any = true;
      std::string code = query.column_text(0);
      try {
        const auto json = open_row(key_, code, query.column_blob(1), query.column_blob(2));
        batch.push_back(
            {code, json.at("record").get<std::string>(), query.column_int(3) != 0, query.column_int(4) != 0});
      } catch (const UnreadableRow&) {
        unreadable.push_back(code);
      }
      claimed.push_back(std::move(code));
    }
    for (const auto& code : claimed) {
      if (std::find(unreadable.begin(), unreadable.end(), code) != unreadable.end()) {
        quarantine_unreadable(code, now_unix);
        continue;
      }
      mark.bind(1, now_unix).bind(2, code);
      mark.step();
      mark.reset();
    }
    if (!any) break;
  }
  transaction.commit();
  return batch;
}

std::vector<PendingRecord> Outbox::in_flight() {
  auto guard = lock();
  std::vector<PendingRecord> records;
  auto query = db_->prepare("SELECT code FROM outbox WHERE state = 'sending' ORDER BY seq");
  while (query.step()) records.push_back({query.column_text(0), {}});
  return records;
}

void Outbox::mark_synced(std::string_view code, int64_t now_unix, std::string_view server_message) {
  auto guard = lock();
  auto update = db_->prepare(
      "UPDATE outbox SET state = 'synced', synced_at = ?, server_message = ?, last_error = '',"
      " server_status = COALESCE(server_status, 1), server_status_at = COALESCE(server_status_at, ?),"
      " in_doubt = 0, force_update = 0,"
      " progress_state = CASE WHEN progress_state = '' THEN 'due' ELSE progress_state END"
      " WHERE code = ? AND state IN ('sending', 'queued')");
  update.bind(1, now_unix).bind(2, server_message).bind(3, now_unix).bind(4, code);
  update.step();
}

void Outbox::note_attachment_uploaded(std::string_view code, std::string_view document_code, std::string_view sha256,
                                      std::string_view file_id, std::string_view url, int64_t now_unix) {
  auto guard = lock();
  auto upsert = db_->prepare(
      "INSERT INTO attachment_upload(code, document_code, sha256, file_id, url, uploaded_at) VALUES (?, ?, ?, ?, ?, ?)"
      " ON CONFLICT(code, document_code) DO UPDATE SET sha256 = excluded.sha256, file_id = excluded.file_id,"
      " url = excluded.url, uploaded_at = excluded.uploaded_at");
  upsert.bind(1, code).bind(2, document_code).bind(3, sha256).bind(4, file_id).bind(5, url).bind(6, now_unix);
  upsert.step();
}

std::vector<AttachmentUpload> Outbox::attachment_uploads(std::string_view code) {
  auto guard = lock();
  auto query = db_->prepare(
      "SELECT document_code, sha256, file_id, url, uploaded_at FROM attachment_upload WHERE code = ?"
      " ORDER BY document_code");
  query.bind(1, code);
  std::vector<AttachmentUpload> uploads;
  while (query.step())
    uploads.push_back(
        {query.column_text(0), query.column_text(1), query.column_text(2), query.column_text(3), query.column_int(4)});
  return uploads;
}

int Outbox::forget_attachment_uploads(std::string_view code) {
  auto guard = lock();
  auto remove = db_->prepare("DELETE FROM attachment_upload WHERE code = ?");
  remove.bind(1, code);
  remove.step();
  return db_->changes();
}

void Outbox::mark_quarantined(std::string_view code, std::string_view reason, int64_t now_unix, QuarantineKind kind) {
  auto guard = lock();
  auto update = db_->prepare(
      "UPDATE outbox SET state = 'quarantined', quarantine_reason = ?, quarantine_kind = ?, last_error = ?,"
      " sent_at = ? WHERE code = ?");
  update.bind(1, reason).bind(2, quarantine_kind_name(kind)).bind(3, reason).bind(4, now_unix).bind(5, code);
  update.step();
}

int Outbox::code_clashes(std::string_view agency_code, int slot) {
  auto guard = lock();
  auto query = db_->prepare("SELECT code FROM outbox WHERE state = 'quarantined' AND quarantine_kind = 'code_clash'");
  int clashes = 0;
  while (query.step()) {
    auto parts = parse_dossier_code(query.column_text(0));
    if (parts && parts->agency_code == agency_code && parts->slot == slot) ++clashes;
  }
  return clashes;
}

void Outbox::mark_queued(std::string_view code, std::string_view error, bool in_doubt) {
  auto guard = lock();
  // Doubt is only ever added here: a later definite answer (not on the server) clears it in mark_settled.
  auto update = db_->prepare(
      "UPDATE outbox SET state = 'queued', last_error = ?, in_doubt = MAX(in_doubt, ?) WHERE code = ? AND state = "
      "'sending'");
  update.bind(1, error).bind(2, in_doubt ? 1 : 0).bind(3, code);
  update.step();
}

void Outbox::clear_doubt(std::string_view code) {
  auto guard = lock();
  auto update = db_->prepare("UPDATE outbox SET in_doubt = 0 WHERE code = ?");
  update.bind(1, code);
  update.step();
}

bool Outbox::retry(std::string_view code) {
  auto guard = lock();
  auto update = db_->prepare(
      "UPDATE outbox SET state = 'queued', quarantine_reason = '', attempts = 0,"
      // Staff retrying a dossier the server holds differently choose this kiosk's version: isUpdating "True".
      " force_update = CASE WHEN quarantine_kind = 'server_differs' THEN 1 ELSE 0 END, in_doubt = 0,"
      " quarantine_kind = ''"
      " WHERE code = ? AND state = 'quarantined' AND quarantine_kind != 'unreadable'");
  update.bind(1, code);
  update.step();
  return db_->changes() > 0;
}

std::vector<std::string> Outbox::status_poll_due(int64_t now_unix, int64_t interval_s, int limit) {
  auto guard = lock();
  std::vector<std::string> codes;
  // Final statuses (DOMAIN §2): 3, 7, 8, 10.
  auto query = db_->prepare(
      "SELECT code FROM outbox WHERE state = 'synced' AND COALESCE(server_status, 1) NOT IN (3, 7, 8, 10)"
      " AND COALESCE(status_checked_at, synced_at, 0) <= ? ORDER BY COALESCE(status_checked_at, 0), seq LIMIT ?");
  query.bind(1, now_unix - interval_s).bind(2, limit);
  while (query.step()) codes.push_back(query.column_text(0));
  return codes;
}

bool Outbox::update_status(std::string_view code, DossierStatus status, std::string_view note, int64_t now_unix) {
  auto guard = lock();
  auto update = db_->prepare(
      "UPDATE outbox SET server_status = ?, server_status_at = ?, server_message = ?, status_checked_at = ?"
      " WHERE code = ? AND COALESCE(server_status, 0) != ?");
  update.bind(1, static_cast<int>(status)).bind(2, now_unix).bind(3, note).bind(4, now_unix).bind(5, code);
  update.bind(6, static_cast<int>(status));
  update.step();
  bool changed = db_->changes() > 0;
  if (!changed) touch_status_check(code, now_unix);
  return changed;
}

void Outbox::touch_status_check(std::string_view code, int64_t now_unix) {
  auto guard = lock();
  auto update = db_->prepare("UPDATE outbox SET status_checked_at = ? WHERE code = ?");
  update.bind(1, now_unix).bind(2, code);
  update.step();
}

// --- the intake progress step (CapNhatTienDoHoSoMC) ---

std::vector<PendingRecord> Outbox::claim_progress(int limit, int64_t now_unix) {
  auto guard = lock();
  std::vector<PendingRecord> steps;
  Transaction transaction(*db_);
  auto query = db_->prepare(
      "SELECT code, nonce, sealed, progress_state, purged_at FROM outbox WHERE state = 'synced' AND progress_state IN "
      "('due', 'doubt') ORDER BY seq LIMIT ?");
  query.bind(1, limit);
  std::vector<std::pair<std::string, std::string>> unusable;  // code, reason
  while (query.step()) {
    std::string code = query.column_text(0);
    if (!query.is_null(4)) {
      unusable.emplace_back(code, "personal data purged before the step was sent");
      continue;
    }
    try {
      const auto json = open_row(key_, code, query.column_blob(1), query.column_blob(2));
      steps.push_back({code, json.at("record").get<std::string>(), query.column_text(3) == "doubt", false});
    } catch (const UnreadableRow&) {
      unusable.emplace_back(code, "the queue row cannot be read");
    }
  }
  auto mark = db_->prepare("UPDATE outbox SET progress_state = 'sending', progress_at = ? WHERE code = ?");
  for (const auto& step : steps) {
    mark.bind(1, now_unix).bind(2, step.code);
    mark.step();
    mark.reset();
  }
  auto reject = db_->prepare("UPDATE outbox SET progress_state = 'rejected', progress_error = ? WHERE code = ?");
  for (const auto& [code, reason] : unusable) {
    reject.bind(1, reason).bind(2, code);
    reject.step();
    reject.reset();
  }
  transaction.commit();
  return steps;
}

int Outbox::recover_progress_in_flight() {
  auto guard = lock();
  auto update = db_->prepare("UPDATE outbox SET progress_state = 'doubt' WHERE progress_state = 'sending'");
  update.step();
  return db_->changes();
}

void Outbox::mark_progress(std::string_view code, std::string_view progress_state, std::string_view error,
                           int64_t now_unix) {
  auto guard = lock();
  auto update = db_->prepare(
      "UPDATE outbox SET progress_state = ?1, progress_error = ?2, progress_at = ?3"
      " WHERE code = ?4 AND progress_state IN ('sending', 'due', 'doubt')");
  update.bind(1, progress_state).bind(2, error).bind(3, now_unix).bind(4, code);
  update.step();
}

ProgressCounts Outbox::progress_counts() {
  auto guard = lock();
  ProgressCounts counts;
  auto query = db_->prepare("SELECT progress_state, COUNT(*) FROM outbox WHERE progress_state != '' GROUP BY 1");
  while (query.step()) {
    const std::string state = query.column_text(0);
    const int n = static_cast<int>(query.column_int(1));
    if (state == "done")
      counts.done += n;
    else if (state == "rejected")
      counts.rejected += n;
    else
      counts.pending += n;
  }
  return counts;
}

}  // namespace mc::sync
