#include "mc/server/store.hpp"

namespace mc::server {

using nlohmann::json;

const char* outcome_name(PutOutcome outcome) {
  switch (outcome) {
    case PutOutcome::Stored:
      return "stored";
    case PutOutcome::Identical:
      return "identical";
    case PutOutcome::Updated:
      return "updated";
    case PutOutcome::Conflict:
      return "conflict";
  }
  return "?";
}

namespace {
int status_of(const json& record) {
  try {
    return std::stoi(record.value("TrangThaiHoSo", std::string("1")));
  } catch (const std::exception&) {
    return 1;
  }
}

StoredDossier read_dossier(Statement& row) {
  StoredDossier dossier;
  dossier.code = row.column_text(0);
  dossier.record = json::parse(row.column_text(1));
  dossier.received_at = row.column_int(2);
  dossier.updated_at = row.column_int(3);
  dossier.received_count = row.column_int(4);
  dossier.initial_status = static_cast<int>(row.column_int(5));
  return dossier;
}

constexpr const char* kSelectDossier =
    "SELECT code, record, received_at, updated_at, received_count, initial_status FROM dossiers";
}  // namespace

DossierStore::DossierStore(const std::string& path) : db_(path, Durability::Full) {
  db_.migrate({
      "CREATE TABLE dossiers (code TEXT PRIMARY KEY, record TEXT NOT NULL, received_at INTEGER NOT NULL,"
      " updated_at INTEGER NOT NULL, received_count INTEGER NOT NULL, initial_status INTEGER NOT NULL);"
      "CREATE TABLE progress (id INTEGER PRIMARY KEY, code TEXT NOT NULL REFERENCES dossiers(code),"
      " row TEXT NOT NULL, received_at INTEGER NOT NULL);"
      "CREATE INDEX progress_by_code ON progress(code);"
      "CREATE TABLE heartbeats (kiosk_id TEXT PRIMARY KEY, body TEXT NOT NULL, received_at INTEGER NOT NULL);",
      // 2 (issue 20): DongBoDanhGia, one aggregate per month, agency and procedure.
      "CREATE TABLE ratings (month TEXT NOT NULL, agency TEXT NOT NULL, procedure TEXT NOT NULL, row TEXT NOT NULL,"
      " received_at INTEGER NOT NULL, received_count INTEGER NOT NULL, PRIMARY KEY (month, agency, procedure));",
  });
}

void DossierStore::in_transaction(const std::function<void()>& work) {
  std::lock_guard lock(mutex_);
  Transaction transaction(db_);
  work();
  transaction.commit();
}

PutOutcome DossierStore::put(const json& record, bool is_updating, int64_t now) {
  std::lock_guard lock(mutex_);
  const std::string code = record.at("MaHoSo").get<std::string>();
  // nlohmann::json keeps object keys sorted, so dump() is a canonical form of the content.
  const std::string content = record.dump();
  auto existing = db_.prepare("SELECT record FROM dossiers WHERE code = ?1");
  existing.bind(1, code);
  if (!existing.step()) {
    db_.prepare(
           "INSERT INTO dossiers (code, record, received_at, updated_at, received_count, initial_status)"
           " VALUES (?1, ?2, ?3, ?3, 1, ?4)")
        .bind(1, code)
        .bind(2, content)
        .bind(3, now)
        .bind(4, status_of(record))
        .step();
    return PutOutcome::Stored;
  }
  const bool identical = json::parse(existing.column_text(0)) == record;
  PutOutcome outcome = identical ? PutOutcome::Identical : is_updating ? PutOutcome::Updated : PutOutcome::Conflict;
  if (outcome == PutOutcome::Updated) {
    db_.prepare(
           "UPDATE dossiers SET record = ?2, updated_at = ?3, initial_status = ?4,"
           " received_count = received_count + 1 WHERE code = ?1")
        .bind(1, code)
        .bind(2, content)
        .bind(3, now)
        .bind(4, status_of(record))
        .step();
  } else {
    db_.prepare("UPDATE dossiers SET received_count = received_count + 1 WHERE code = ?1").bind(1, code).step();
  }
  return outcome;
}

std::optional<StoredDossier> DossierStore::find(const std::string& code) {
  std::lock_guard lock(mutex_);
  auto row = db_.prepare(std::string(kSelectDossier) + " WHERE code = ?1");
  row.bind(1, code);
  if (!row.step()) return std::nullopt;
  return read_dossier(row);
}

std::vector<StoredDossier> DossierStore::all() {
  std::lock_guard lock(mutex_);
  auto row = db_.prepare(std::string(kSelectDossier) + " ORDER BY received_at, code");
  std::vector<StoredDossier> out;
  while (row.step()) out.push_back(read_dossier(row));
  return out;
}

int64_t DossierStore::count() {
  std::lock_guard lock(mutex_);
  auto row = db_.prepare("SELECT COUNT(*) FROM dossiers");
  row.step();
  return row.column_int(0);
}

ProgressOutcome DossierStore::add_progress(const std::string& code, const json& row, int64_t now) {
  std::lock_guard lock(mutex_);
  auto exists = db_.prepare("SELECT 1 FROM dossiers WHERE code = ?1");
  exists.bind(1, code);
  if (!exists.step()) return ProgressOutcome::UnknownDossier;
  // Compared as JSON values, so key order and white space do not make a re-send look like a new step.
  auto held = db_.prepare("SELECT row FROM progress WHERE code = ?1");
  held.bind(1, code);
  while (held.step())
    if (json::parse(held.column_text(0)) == row) return ProgressOutcome::Repeated;
  db_.prepare("INSERT INTO progress (code, row, received_at) VALUES (?1, ?2, ?3)")
      .bind(1, code)
      .bind(2, row.dump())
      .bind(3, now)
      .step();
  return ProgressOutcome::Stored;
}

std::vector<json> DossierStore::progress_of(const std::string& code) {
  std::lock_guard lock(mutex_);
  auto row = db_.prepare("SELECT row FROM progress WHERE code = ?1 ORDER BY id");
  row.bind(1, code);
  std::vector<json> out;
  while (row.step()) out.push_back(json::parse(row.column_text(0)));
  return out;
}

int64_t DossierStore::progress_count() {
  std::lock_guard lock(mutex_);
  auto row = db_.prepare("SELECT COUNT(*) FROM progress");
  row.step();
  return row.column_int(0);
}

const char* rating_outcome_name(RatingOutcome outcome) {
  switch (outcome) {
    case RatingOutcome::Stored:
      return "stored";
    case RatingOutcome::Identical:
      return "identical";
    case RatingOutcome::Conflict:
      return "conflict";
  }
  return "?";
}

RatingOutcome DossierStore::put_rating(const json& row, int64_t now) {
  std::lock_guard lock(mutex_);
  const std::string month = row.at("NgayTongHop"), agency = row.at("Madonvi"), procedure = row.at("MaThuTuc");
  auto existing = db_.prepare("SELECT row FROM ratings WHERE month = ?1 AND agency = ?2 AND procedure = ?3");
  existing.bind(1, month).bind(2, agency).bind(3, procedure);
  if (existing.step()) {
    const bool same = json::parse(existing.column_text(0)) == row;
    db_.prepare(
           "UPDATE ratings SET received_count = received_count + 1 WHERE month = ?1 AND agency = ?2 AND procedure = ?3")
        .bind(1, month)
        .bind(2, agency)
        .bind(3, procedure)
        .step();
    return same ? RatingOutcome::Identical : RatingOutcome::Conflict;
  }
  db_.prepare(
         "INSERT INTO ratings (month, agency, procedure, row, received_at, received_count) VALUES (?1, ?2, ?3, ?4, ?5, "
         "1)")
      .bind(1, month)
      .bind(2, agency)
      .bind(3, procedure)
      .bind(4, row.dump())
      .bind(5, now)
      .step();
  return RatingOutcome::Stored;
}

std::vector<StoredRating> DossierStore::ratings() {
  std::lock_guard lock(mutex_);
  auto row = db_.prepare("SELECT row, received_at, received_count FROM ratings ORDER BY month, agency, procedure");
  std::vector<StoredRating> out;
  while (row.step()) out.push_back({json::parse(row.column_text(0)), row.column_int(1), row.column_int(2)});
  return out;
}

void DossierStore::put_heartbeat(const std::string& kiosk_id, const json& body, int64_t now) {
  std::lock_guard lock(mutex_);
  db_.prepare(
         "INSERT INTO heartbeats (kiosk_id, body, received_at) VALUES (?1, ?2, ?3)"
         " ON CONFLICT (kiosk_id) DO UPDATE SET body = excluded.body, received_at = excluded.received_at")
      .bind(1, kiosk_id)
      .bind(2, body.dump())
      .bind(3, now)
      .step();
}

std::vector<Heartbeat> DossierStore::heartbeats() {
  std::lock_guard lock(mutex_);
  auto row = db_.prepare("SELECT kiosk_id, body, received_at FROM heartbeats ORDER BY kiosk_id");
  std::vector<Heartbeat> out;
  while (row.step()) out.push_back({row.column_text(0), json::parse(row.column_text(1)), row.column_int(2)});
  return out;
}

}  // namespace mc::server
