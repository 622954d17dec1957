#pragma once
// The one-stop protocol behind an interface, so a ministry with another API only needs another adapter.
// DvcqgClient speaks docs/protocol.md (the national portal's one-stop integration) over libcurl.
#include <cstdint>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>
#include "mc/core/config.hpp"

namespace mc::sync {

// Network errors, timeouts, 5xx, 408, 429, answers of the wrong shape: try again later.
struct TransientError : std::runtime_error {
  std::optional<int> retry_after_s;  // the server's Retry-After, when it sent one
  int http_status = 0;               // 0: no HTTP answer at all
  TransientError(const std::string& message, int status = 0, std::optional<int> retry_after = {})
      : std::runtime_error(message), retry_after_s(retry_after), http_status(status) {}
};
// The server refused the credentials: not transient; staff must fix the credentials file. The queue stays.
struct AuthError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// One step of a dossier's progress as the server reports it (CapNhatTienDoHoSoMC rows, TraCuuHoSo's
// TienDoXuLy list).
struct ProgressStep {
  std::string at;      // ThoiDiemXuLy, yyyyMMddHHmmss
  std::string by;      // NguoiXuLy
  std::string unit;    // PhongBanXuLy
  std::string what;    // NoiDungXuLy
  std::string status;  // TrangThai, the server's code
};

struct LookupResult {
  std::string code;
  std::string status;      // TrangThaiHoSo: the server's code (mapped to ours by StatusMap)
  std::string updated_at;  // yyyyMMddHHmmss
  std::string note;        // NoiDungXuLy
  // What the server holds (HoSo), when it says: look-up-then-push compares its digest with ours.
  std::optional<nlohmann::json> record;
  std::string due_at;               // NgayHenTra of the held record, yyyyMMddHHmmss ("" when not told)
  std::vector<ProgressStep> steps;  // TienDoXuLy, oldest first
};

struct PushItemResult {
  std::string code;
  std::string error_code;  // "0" stored, "2" invalid content, "3" conflict
  std::string message;
};

// Where the server keeps an uploaded attachment: TaiLieuNop's TepDinhKemId and DuongDanTaiTepTin.
struct AttachmentReceipt {
  std::string id;
  std::string url;
};
// The server will not take this file as it is (not a PDF, too large, a bad code): sending it again cannot help.
struct AttachmentRefused : std::runtime_error {
  using std::runtime_error::runtime_error;
};

class OneStopClient {
 public:
  virtual ~OneStopClient() = default;
  virtual void authenticate() = 0;
  // nullopt: the server does not have this dossier.
  virtual std::optional<LookupResult> lookup(std::string_view dossier_code) = 0;
  // records: DongBoHoSoMC records as JSON text, sent byte for byte. One result per record, in order.
  virtual std::vector<PushItemResult> push(const std::vector<std::string>& records, bool is_updating) = 0;
  // CapNhatTienDoHoSoMC: progress rows; one result per row, in order (error_code "0" stored, "2" refused).
  // The default refuses: an adapter without progress updates reports every row as not supported.
  virtual std::vector<PushItemResult> push_progress(const std::vector<nlohmann::json>& rows);
  // DongBoDanhGia: monthly rating aggregates; one result per row ("0" stored or identical, "2" refused, "3" the
  // server holds other figures for that month and procedure).
  virtual std::vector<PushItemResult> push_ratings(const std::vector<nlohmann::json>& rows);
  // LayDanhSachTTHC: the raw result items.
  virtual std::vector<nlohmann::json> procedures() = 0;
  // POST {base}/heartbeat with the session and these fields (mc/sync/heartbeat.hpp). Throws like the
  // other calls; the engine ignores its failures. The default does nothing (adapters without heartbeats).
  virtual void heartbeat(const nlohmann::json& fields) { (void)fields; }
  // POST {base}/files (DOMAIN.md §3, "Attachments"): one document's PDF, before its dossier's record. The same
  // dossier, document code and SHA-256 always get the same id, so a repeat after a lost answer is harmless.
  // Throws TransientError (network, 5xx, a garbled answer, the body damaged on the way) or AttachmentRefused.
  // The default refuses: an adapter without attachments sends records with paper documents only.
  virtual AttachmentReceipt upload_attachment(std::string_view dossier_code, std::string_view document_code,
                                              const std::vector<uint8_t>& pdf, const std::string& sha256);
};

struct Credentials {
  std::string username = "kiosk";
  std::string password = "kiosk-demo";
};
// server.credentials_file (TOML: username, password), or the reference server's demo account when empty.
// Throws std::runtime_error naming the file (never the password) when it cannot be used.
Credentials load_credentials(const Config& config);

class DvcqgClient : public OneStopClient {
 public:
  DvcqgClient(const Config& config, Credentials credentials);
  ~DvcqgClient() override;
  void authenticate() override;
  std::optional<LookupResult> lookup(std::string_view dossier_code) override;
  std::vector<PushItemResult> push(const std::vector<std::string>& records, bool is_updating) override;
  std::vector<PushItemResult> push_progress(const std::vector<nlohmann::json>& rows) override;
  std::vector<PushItemResult> push_ratings(const std::vector<nlohmann::json>& rows) override;
  std::vector<nlohmann::json> procedures() override;
  void heartbeat(const nlohmann::json& fields) override;
  AttachmentReceipt upload_attachment(std::string_view dossier_code, std::string_view document_code,
                                      const std::vector<uint8_t>& pdf, const std::string& sha256) override;

 private:
  struct HttpAnswer {
    long status = 0;
    std::string body;
    std::optional<int> retry_after_s;
  };
  // timeout_s 0: server.total_timeout_s. fresh_connection: never over a kept-alive connection, because libcurl
  // silently sends a request again when a reused connection dies before the answer; the server may already
  // have taken the first one. Needed for calls the server does not deduplicate (CapNhatTienDoHoSoMC).
  HttpAnswer post(const std::string& path, const std::string& body, int timeout_s = 0, bool fresh_connection = false);
  // Sends {"session","madonvi","service", ...fields_json}; re-authenticates once on 401. Returns "result".
  nlohmann::json call(const std::string& service, const std::string& fields_json, bool fresh_connection = false);

  Config config_;
  Credentials credentials_;
  std::string session_;
  void* curl_ = nullptr;
};

std::unique_ptr<OneStopClient> make_client(const Config& config);

}  // namespace mc::sync
