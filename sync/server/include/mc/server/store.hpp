#pragma once
// The reference server's SQLite storage: each dossier code (MaHoSo) once, whatever arrives.
// Thread-safe: the HTTP server calls it from its worker threads.
#include <cstdint>
#include <functional>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>
#include "mc/core/db.hpp"

namespace mc::server {

enum class PutOutcome {
  Stored,     // new code
  Identical,  // same code, same content: a re-send, success
  Updated,    // same code, new content, isUpdating "True": replaced
  Conflict,   // same code, new content, isUpdating "False": refused, the stored one stays
};
const char* outcome_name(PutOutcome outcome);

struct StoredDossier {
  std::string code;
  nlohmann::json record;
  int64_t received_at = 0;     // first receipt (unix seconds)
  int64_t updated_at = 0;      // last change of content
  int64_t received_count = 0;  // every valid arrival of this code, re-sends and conflicts included
  int initial_status = 1;      // the record's TrangThaiHoSo
};

// A progress step (CapNhatTienDoHoSoMC) of a dossier.
enum class ProgressOutcome {
  Stored,          // a new step
  Repeated,        // a row identical to a step the dossier holds: a re-send, success, not stored twice
  UnknownDossier,  // no dossier with that code: nothing stored
};

// A month's rating aggregate of one procedure (DongBoDanhGia), kept once per (NgayTongHop, Madonvi, MaThuTuc).
enum class RatingOutcome {
  Stored,     // new month and procedure
  Identical,  // the same figures again: a re-send, success
  Conflict,   // other figures for a month already reported: refused, the stored ones stay
};
const char* rating_outcome_name(RatingOutcome outcome);  // "stored" / "identical" / "conflict"

struct StoredRating {
  nlohmann::json row;
  int64_t received_at = 0;
  int64_t received_count = 0;  // every valid arrival, re-sends and conflicts included
};

struct Heartbeat {
  std::string kiosk_id;
  nlohmann::json body;
  int64_t received_at = 0;
};

class DossierStore {
 public:
  // path ":memory:" keeps everything in memory (gone when the server stops).
  explicit DossierStore(const std::string& path);

  // `record` must already be valid (validate_dossier_record). Content is compared as JSON values,
  // so key order and white space do not make a re-send look different.
  PutOutcome put(const nlohmann::json& record, bool is_updating, int64_t now);
  // Runs `work` under the store lock inside one transaction (one commit per batch).
  void in_transaction(const std::function<void()>& work);

  std::optional<StoredDossier> find(const std::string& code);
  std::vector<StoredDossier> all();
  int64_t count();

  // A row identical (as a JSON value) to one the dossier already holds is a re-send: not stored again.
  ProgressOutcome add_progress(const std::string& code, const nlohmann::json& row, int64_t now);
  std::vector<nlohmann::json> progress_of(const std::string& code);
  int64_t progress_count();

  // `row` must already be valid (validate_rating_row).
  RatingOutcome put_rating(const nlohmann::json& row, int64_t now);
  std::vector<StoredRating> ratings();

  void put_heartbeat(const std::string& kiosk_id, const nlohmann::json& body, int64_t now);
  std::vector<Heartbeat> heartbeats();

 private:
  std::recursive_mutex mutex_;
  Database db_;
};

}  // namespace mc::server
