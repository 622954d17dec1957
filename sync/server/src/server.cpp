#include "mc/server/server.hpp"

#include <arpa/inet.h>
#include <dirent.h>
#include <netinet/in.h>
#include <sodium.h>
#include <sys/socket.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <csignal>
#include <cstdlib>
#include <map>
#include <regex>
#include <shared_mutex>
#include <stdexcept>
#include <thread>

#include <httplib.h>
#include <nlohmann/json.hpp>

#include "mc/core/dossier_code.hpp"
#include "mc/core/json_bounded.hpp"
#include "mc/core/log.hpp"
#include "mc/server/status_pace.hpp"
#include "mc/server/store.hpp"
#include "mc/server/validator.hpp"

namespace mc::server {

using nlohmann::json;

namespace {

constexpr const char* kLog = "onestop-server";
constexpr size_t kMaxBatch = 1000;
// Requests are JSON of at most this size and nesting (a batch of kMaxBatch dossiers is about 3 MB): anything
// else is answered 400/413 before it is parsed. A client sending 300,000 nested brackets must not take the
// server down (copying and dumping nested JSON recurses once per level).
constexpr size_t kMaxRequestBytes = size_t{8} << 20;
const JsonLimits kRequestLimits{kMaxRequestBytes, 64};
// An attachment (DOMAIN.md §3, "Attachments"): one PDF of at most 20 MB per request.
constexpr size_t kMaxFileBytes = size_t{20} << 20;

std::string hex(const unsigned char* data, size_t size) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out;
  for (size_t i = 0; i < size; ++i) {
    out += kDigits[data[i] >> 4];
    out += kDigits[data[i] & 15];
  }
  return out;
}

std::string content_hash(const std::string& text) {
  unsigned char digest[16];
  crypto_generichash(digest, sizeof digest, reinterpret_cast<const unsigned char*>(text.data()), text.size(), nullptr,
                     0);
  return hex(digest, sizeof digest);
}

std::string compact_time(int64_t unix_seconds) {
  return LocalDateTime::from_unix(unix_seconds).compact();
}

void reply(httplib::Response& res, int status, const json& body) {
  res.status = status;
  res.set_content(body.dump(), "application/json; charset=utf-8");
}

void reply_error(httplib::Response& res, int status, const std::string& message) {
  reply(res, status, json{{"error_code", std::to_string(status)}, {"message", message}});
}

// Closes the connection a request came in on without an answer: find the socket by its addresses
// (cpp-httplib does not hand it to handlers) and shut it down. cpp-httplib's own write then fails
// and it closes the socket, so the client sees an empty reply.
bool shut_down_connection(const httplib::Request& req) {
  DIR* fds = opendir("/proc/self/fd");
  if (!fds) return false;
  bool done = false;
  while (dirent* entry = readdir(fds)) {
    char* end = nullptr;
    const long fd = std::strtol(entry->d_name, &end, 10);
    if (end == entry->d_name || *end != '\0' || fd == dirfd(fds)) continue;
    sockaddr_storage peer{}, local{};
    socklen_t peer_size = sizeof peer, local_size = sizeof local;
    if (getpeername(static_cast<int>(fd), reinterpret_cast<sockaddr*>(&peer), &peer_size) != 0) continue;
    if (getsockname(static_cast<int>(fd), reinterpret_cast<sockaddr*>(&local), &local_size) != 0) continue;
    const auto address_port = [](const sockaddr_storage& address) -> std::pair<std::string, int> {
      char text[INET6_ADDRSTRLEN] = {};
      if (address.ss_family == AF_INET) {
        const auto* v4 = reinterpret_cast<const sockaddr_in*>(&address);
        inet_ntop(AF_INET, &v4->sin_addr, text, sizeof text);
        return {text, ntohs(v4->sin_port)};
      }
      if (address.ss_family == AF_INET6) {
        const auto* v6 = reinterpret_cast<const sockaddr_in6*>(&address);
        inet_ntop(AF_INET6, &v6->sin6_addr, text, sizeof text);
        return {text, ntohs(v6->sin6_port)};
      }
      return {"", -1};
    };
    const auto [peer_address, peer_port] = address_port(peer);
    const auto [local_address, local_port] = address_port(local);
    if (peer_port == req.remote_port && peer_address == req.remote_addr && local_port == req.local_port) {
      shutdown(static_cast<int>(fd), SHUT_RDWR);
      done = true;
      break;
    }
  }
  closedir(fds);
  return done;
}

struct Session {
  std::string username;
  std::string agency;
  int64_t expires_at;
};

struct CatalogEntry {
  std::string code;
  json item;  // the LayDanhSachTTHC / LayThuTuc result item
};

}  // namespace

struct OnestopServer::Impl {
  ServerOptions options;
  DossierStore store;
  FaultInjector faults;
  httplib::Server http;
  std::thread background;
  int port = -1;
  std::mutex run_mutex;
  bool stop_requested = false;
  bool run_started = false;
  std::atomic<bool> run_done{false};

  std::vector<CatalogIssue> catalog_issues;
  std::vector<CatalogEntry> catalog;  // read-only after construction
  std::map<std::string, size_t, std::less<>> catalog_index;

  std::mutex sessions_mutex;
  std::map<std::string, Session> sessions;

  std::mutex stats_mutex;
  std::map<std::string, int64_t> counters;  // "requests.auth", "faults.drop", ...

  // Attachments by TepDinhKemId (held in memory: the reference server's files live as long as it runs).
  struct StoredFile {
    std::string agency, dossier_code, document_code, sha256;
    std::string bytes;
    int uploads = 0;  // accepted uploads of these bytes (a repeat after a lost answer counts again)
  };
  std::mutex files_mutex;
  std::map<std::string, StoredFile> files;

  explicit Impl(ServerOptions opts)
      : options(std::move(opts)), store(options.db_path), faults(options.fail_rate, options.fail_modes, options.seed) {
    if (sodium_init() < 0) throw std::runtime_error("libsodium could not be initialised");
    load_catalog();
    routes();
  }

  void count(const std::string& key, int64_t by = 1) {
    std::lock_guard lock(stats_mutex);
    counters[key] += by;
  }

  void load_catalog() {
    if (options.catalog_dir.empty()) options.catalog_dir = default_catalog_dir();
    Catalog loaded = Catalog::load_dir(options.catalog_dir, catalog_issues);
    for (const auto& issue : catalog_issues)
      log_warn(kLog, "catalog: " + issue.file + " " + issue.json_path + ": " + issue.reason);
    for (const Procedure& procedure : loaded.procedures()) {
      json kiosk = Catalog::to_json(procedure);
      json item = {{"MATTHC", procedure.code},
                   {"TENTTHC", procedure.name.vi},
                   {"MALINHVUC", procedure.field_code},
                   {"TENLINHVUC", procedure.field_name.vi},
                   {"PHIENBAN", content_hash(kiosk.dump())},
                   {"KIOSK", std::move(kiosk)}};
      catalog_index[procedure.code] = catalog.size();
      catalog.push_back({procedure.code, std::move(item)});
    }
  }

  bool known_procedure(std::string_view code) const { return catalog_index.find(code) != catalog_index.end(); }

  int64_t now() const { return options.clock(); }

  // --- sessions -------------------------------------------------------------------------------

  std::string new_session(const std::string& username, const std::string& agency) {
    unsigned char token[16];
    randombytes_buf(token, sizeof token);
    const std::string id = hex(token, sizeof token);
    std::lock_guard lock(sessions_mutex);
    const int64_t t = now();
    std::erase_if(sessions, [&](const auto& entry) { return entry.second.expires_at <= t; });
    sessions[id] = {username, agency, t + options.session_ttl_s};
    return id;
  }

  // Empty when the session is usable; else the reason for the 401.
  std::string check_session(const json& body, const std::string& agency) {
    auto it = body.find("session");
    if (it == body.end() || !it->is_string()) return "Phiên làm việc hết hạn";
    std::lock_guard lock(sessions_mutex);
    auto session = sessions.find(it->get<std::string>());
    if (session == sessions.end() || session->second.expires_at <= now()) return "Phiên làm việc hết hạn";
    if (!agency.empty() && session->second.agency != agency) return "Phiên làm việc hết hạn (phiên thuộc đơn vị khác)";
    return {};
  }

  // --- faults ---------------------------------------------------------------------------------

  void apply_fault(const Fault& fault, const httplib::Request& req, httplib::Response& res) {
    const bool after = fault.phase == FaultPhase::AfterProcessing;
    count(std::string("faults.") + fault_mode_name(fault.mode));
    count(after ? "faults.after_processing" : "faults.before_processing");
    count("faults.total");
    if (options.verbose)
      log_info(kLog, std::string("fault ") + fault_mode_name(fault.mode) + (after ? " after" : " before") +
                         " processing on " + req.path);
    switch (fault.mode) {
      case FaultMode::Http500:
      case FaultMode::Http503: {
        const int status = fault.mode == FaultMode::Http500 ? 500 : 503;
        res.headers.clear();
        res.set_header("Retry-After", std::to_string(options.retry_after_s));
        res.status = status;
        res.set_content(
            status == 500 ? "Internal Server Error (injected fault)" : "Service Unavailable (injected fault)",
            "text/plain; charset=utf-8");
        break;
      }
      case FaultMode::Drop:
        if (!shut_down_connection(req)) {
          log_warn(kLog, "drop fault: connection not found, answering 503 instead");
          res.status = 503;
          res.set_content("Service Unavailable (injected fault)", "text/plain");
        }
        break;
      case FaultMode::Garbage:
        res.status = 200;
        if (fault.variant == 0) {
          res.set_content("<html><head><title>502 Bad Gateway</title></head><body>nginx</body></html>",
                          "application/json; charset=utf-8");
        } else {
          // A real answer cut short (or, before processing, the start of one).
          std::string body = after && res.body.size() > 2 ? res.body : R"({"error_code": "0", "result": [{"MaHoSo": ")";
          body.resize(std::max<size_t>(1, body.size() / 2));
          res.set_content(body, "application/json; charset=utf-8");
        }
        break;
    }
  }

  void with_faults(const httplib::Request& req, httplib::Response& res,
                   void (Impl::*handler)(const httplib::Request&, httplib::Response&)) {
    const auto fault = faults.roll();
    if (fault && fault->phase == FaultPhase::BeforeProcessing) {
      apply_fault(*fault, req, res);
      return;
    }
    (this->*handler)(req, res);
    if (fault) apply_fault(*fault, req, res);
  }

  // --- routes ---------------------------------------------------------------------------------

  void routes() {
    // httplib refuses a longer body itself (413) before reading it into memory.
    // Uploads may be larger than JSON requests; the JSON ones are bounded again by parse_json_bounded.
    http.set_payload_max_length(std::max(kMaxRequestBytes, kMaxFileBytes + 1));
    // cpp-httplib's default also sets SO_REUSEPORT, which lets a second server share a busy port
    // silently (the kernel then splits the requests between both): keep only SO_REUSEADDR.
    http.set_socket_options([](socket_t sock) {
      int yes = 1;
      setsockopt(sock, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);
    });
    http.set_pre_routing_handler([this](const httplib::Request& req, httplib::Response& res) {
      count("requests.total");
      // Only an upload may be larger than a JSON request: a longer JSON body is refused by its declared length,
      // before it is read (the payload limit above has to leave room for the uploads).
      if (req.path != options.base + "/files" && req.has_header("Content-Length") &&
          std::strtoull(req.get_header_value("Content-Length").c_str(), nullptr, 10) > kMaxRequestBytes) {
        count("errors.too_large");
        reply_error(res, 413, "Yêu cầu quá lớn");
        return httplib::Server::HandlerResponse::Handled;
      }
      if (options.latency_ms > 0) std::this_thread::sleep_for(std::chrono::milliseconds(options.latency_ms));
      return httplib::Server::HandlerResponse::Unhandled;
    });
    http.set_exception_handler([this](const httplib::Request& req, httplib::Response& res, std::exception_ptr error) {
      std::string what = "unknown";
      try {
        if (error) std::rethrow_exception(error);
      } catch (const std::exception& e) {
        what = e.what();
      } catch (...) {
      }
      count("errors.internal");
      log_error(kLog, "internal error on " + req.path + ": " + what);
      reply_error(res, 500, "Lỗi nội bộ máy chủ");
    });
    if (options.verbose) {
      http.set_logger([](const httplib::Request& req, const httplib::Response& res) {
        log_info(kLog, req.method + " " + req.path + " -> " + std::to_string(res.status));
      });
    }
    http.Post(options.base + "/auth", [this](const httplib::Request& req, httplib::Response& res) {
      count("requests.auth");
      with_faults(req, res, &Impl::handle_auth);
    });
    http.Post(options.base + "/integration", [this](const httplib::Request& req, httplib::Response& res) {
      count("requests.integration");
      with_faults(req, res, &Impl::handle_integration);
    });
    http.Post(options.base + "/files", [this](const httplib::Request& req, httplib::Response& res) {
      count("requests.files");
      with_faults(req, res, &Impl::handle_file_upload);
    });
    http.Get(options.base + R"(/files/([0-9a-f]{32}))", [this](const httplib::Request& req, httplib::Response& res) {
      count("requests.files_get");
      handle_file_download(req, res);
    });
    http.Get("/admin/files", [this](const httplib::Request&, httplib::Response& res) {
      count("requests.admin");
      json list = json::array();
      std::lock_guard lock(files_mutex);
      for (const auto& [id, file] : files)
        list.push_back({{"TepDinhKemId", id},
                        {"MaHoSo", file.dossier_code},
                        {"MaThanhPhanHoSo", file.document_code},
                        {"sha256", file.sha256},
                        {"bytes", file.bytes.size()},
                        {"uploads", file.uploads}});
      reply(res, 200, json{{"count", list.size()}, {"files", std::move(list)}});
    });
    http.Post(options.base + "/heartbeat", [this](const httplib::Request& req, httplib::Response& res) {
      count("requests.heartbeat");
      handle_heartbeat(req, res);
    });
    http.Get("/admin/dossiers", [this](const httplib::Request& req, httplib::Response& res) {
      count("requests.admin");
      admin_dossiers(req, res);
    });
    http.Get("/admin/ratings", [this](const httplib::Request&, httplib::Response& res) {
      count("requests.admin");
      json list = json::array();
      for (const auto& rating : store.ratings())
        list.push_back({{"row", rating.row},
                        {"received_count", rating.received_count},
                        {"received_at", compact_time(rating.received_at)}});
      reply(res, 200, json{{"count", list.size()}, {"ratings", std::move(list)}});
    });
    http.Get("/admin/stats", [this](const httplib::Request&, httplib::Response& res) {
      count("requests.admin");
      admin_stats(res);
    });
    http.Get("/admin/heartbeats", [this](const httplib::Request&, httplib::Response& res) {
      count("requests.admin");
      json list = json::array();
      for (const auto& beat : store.heartbeats()) {
        json entry = beat.body;
        entry["KioskId"] = beat.kiosk_id;
        entry["received_at"] = compact_time(beat.received_at);
        list.push_back(std::move(entry));
      }
      reply(res, 200, json{{"count", list.size()}, {"heartbeats", std::move(list)}});
    });
  }

  static std::optional<json> parse_object(const httplib::Request& req) {
    auto body = parse_json_bounded(req.body, kRequestLimits);
    if (body && body->is_object()) return body;
    return std::nullopt;
  }

  void handle_auth(const httplib::Request& req, httplib::Response& res) {
    const auto body = parse_object(req);
    if (!body) return reply_error(res, 400, "Yêu cầu không phải JSON hợp lệ");
    const std::string agency = req.get_header_value("dstcode");
    if (agency.empty()) return reply_error(res, 400, "Thiếu tiêu đề dstcode (mã đơn vị)");
    if (!is_valid_agency_code(agency)) return reply_error(res, 400, "dstcode: mã đơn vị sai định dạng");
    const auto username = body->find("username");
    const auto password = body->find("password");
    if (username == body->end() || !username->is_string() || password == body->end() || !password->is_string())
      return reply_error(res, 400, "Thiếu username hoặc password");
    const std::string given_password = password->get<std::string>();
    for (const UserAccount& user : options.users) {
      if (user.username != username->get<std::string>()) continue;
      const bool password_ok = user.password.size() == given_password.size() &&
                               sodium_memcmp(user.password.data(), given_password.data(), given_password.size()) == 0;
      if (!password_ok) break;
      if (!user.agencies.empty() &&
          std::find(user.agencies.begin(), user.agencies.end(), agency) == user.agencies.end()) {
        count("auth.refused");
        return reply(res, 401,
                     json{{"error_code", 1}, {"message", "Tài khoản không được phép làm việc với đơn vị " + agency}});
      }
      count("sessions.issued");
      return reply(res, 200, json{{"error_code", 0}, {"session", new_session(user.username, agency)}});
    }
    count("auth.refused");
    reply(res, 401, json{{"error_code", 1}, {"message", "Sai tên đăng nhập hoặc mật khẩu"}});
  }

  // The session of a request that is not JSON (an upload): the `session` header.
  std::string check_session_header(const httplib::Request& req, const std::string& agency) {
    return check_session(json{{"session", req.get_header_value("session")}}, agency);
  }

  std::string file_id(const std::string& agency, const std::string& dossier, const std::string& document,
                      const std::string& sha256) const {
    // The same dossier, document and bytes always get the same id: a repeated upload is harmless.
    const std::string key = agency + "\n" + dossier + "\n" + document + "\n" + sha256;
    unsigned char digest[16];
    crypto_generichash(digest, sizeof digest, reinterpret_cast<const unsigned char*>(key.data()), key.size(), nullptr,
                       0);
    return hex(digest, sizeof digest);
  }

  void handle_file_upload(const httplib::Request& req, httplib::Response& res) {
    const std::string agency = req.get_header_value("dstcode");
    if (agency.empty()) return reply_error(res, 400, "Thiếu tiêu đề dstcode (mã đơn vị)");
    if (auto problem = check_session_header(req, agency); !problem.empty()) {
      count("sessions.rejected");
      return reply_error(res, 401, problem);
    }
    const std::string dossier = req.get_header_value("X-MaHoSo");
    const std::string document = req.get_header_value("X-MaThanhPhanHoSo");
    const std::string claimed = req.get_header_value("X-SHA256");
    static const std::regex document_code(R"([A-Za-z0-9._-]{1,32})");
    static const std::regex sha_hex(R"([0-9a-f]{64})");
    std::string problem;
    if (!parse_dossier_code(dossier))
      problem = "X-MaHoSo: mã hồ sơ sai định dạng";
    else if (!std::regex_match(document, document_code))
      problem = "X-MaThanhPhanHoSo: mã thành phần hồ sơ sai định dạng";
    else if (!std::regex_match(claimed, sha_hex))
      problem = "X-SHA256: phải là 64 chữ số hex viết thường";
    else if (req.get_header_value("Content-Type") != "application/pdf")
      problem = "Content-Type: chỉ nhận application/pdf";
    else if (req.body.empty() || req.body.size() > kMaxFileBytes)
      problem = "Tệp rỗng hoặc lớn hơn 20 MB";
    else if (req.body.rfind("%PDF-", 0) != 0)
      problem = "Tệp không phải PDF";
    if (!problem.empty()) {
      count("files.invalid");
      return reply(res, 400, json{{"error_code", "2"}, {"message", problem}});
    }
    unsigned char digest[crypto_hash_sha256_BYTES];
    crypto_hash_sha256(digest, reinterpret_cast<const unsigned char*>(req.body.data()), req.body.size());
    if (hex(digest, sizeof digest) != claimed) {
      count("files.hash_mismatch");  // damaged on the way: nothing is stored
      return reply(res, 200, json{{"error_code", "2"}, {"message", "X-SHA256 không khớp với nội dung tệp"}});
    }
    const std::string id = file_id(agency, dossier, document, claimed);
    {
      std::lock_guard lock(files_mutex);
      StoredFile& file = files[id];
      if (file.uploads == 0) {
        file = {agency, dossier, document, claimed, req.body, 0};
        count("files.stored");
      } else {
        count("files.repeated");
      }
      ++file.uploads;
    }
    reply(res, 200,
          json{{"error_code", "0"},
               {"TepDinhKemId", id},
               {"DuongDanTaiTepTin", "http://" + req.get_header_value("Host") + options.base + "/files/" + id}});
  }

  void handle_file_download(const httplib::Request& req, httplib::Response& res) {
    if (auto problem = check_session_header(req, req.get_header_value("dstcode")); !problem.empty()) {
      count("sessions.rejected");
      return reply_error(res, 401, problem);
    }
    std::lock_guard lock(files_mutex);
    auto it = files.find(req.matches[1].str());
    if (it == files.end()) return reply_error(res, 404, "Không có tệp này");
    res.status = 200;
    res.set_content(it->second.bytes, "application/pdf");
  }

  // A TaiLieuNop entry naming a file must name one this server holds for that dossier.
  std::vector<FieldIssue> unknown_attachments(const json& record) {
    std::vector<FieldIssue> issues;
    const std::string dossier = code_of(record);
    auto list = record.find("TaiLieuNop");
    if (list == record.end() || !list->is_array()) return issues;
    std::lock_guard lock(files_mutex);
    for (size_t i = 0; i < list->size(); ++i) {
      const json& item = (*list)[i];
      if (!item.is_object() || !item.contains("TepDinhKemId") || !item["TepDinhKemId"].is_string()) continue;
      const std::string id = item["TepDinhKemId"].get<std::string>();
      if (id.empty()) continue;  // a document handed in on paper
      auto file = files.find(id);
      if (file == files.end() || file->second.dossier_code != dossier)
        issues.push_back(
            {"TaiLieuNop[" + std::to_string(i) + "].TepDinhKemId", "tệp đính kèm chưa được tải lên cho hồ sơ này"});
    }
    return issues;
  }

  void handle_integration(const httplib::Request& req, httplib::Response& res) {
    const auto body = parse_object(req);
    if (!body) return reply_error(res, 400, "Yêu cầu không phải JSON hợp lệ");
    const std::string agency = req.get_header_value("dstcode");
    if (agency.empty()) return reply_error(res, 400, "Thiếu tiêu đề dstcode (mã đơn vị)");
    if (auto problem = check_session(*body, agency); !problem.empty()) {
      count("sessions.rejected");
      return reply_error(res, 401, problem);
    }
    const auto service_it = body->find("service");
    if (service_it == body->end() || !service_it->is_string()) return reply_error(res, 400, "Thiếu service");
    const auto unit = body->find("madonvi");
    if (unit == body->end() || !unit->is_string() || unit->get<std::string>().empty())
      return reply_error(res, 400, "Thiếu madonvi (mã đơn vị)");
    const std::string service = service_it->get<std::string>();
    if (service == "TraCuuHoSo") {
      count("services.TraCuuHoSo");
      return lookup(*body, res);
    }
    if (service == "DongBoHoSoMC") {
      count("services.DongBoHoSoMC");
      return push_dossiers(*body, res);
    }
    if (service == "CapNhatTienDoHoSoMC") {
      count("services.CapNhatTienDoHoSoMC");
      return push_progress(*body, res);
    }
    if (service == "DongBoDanhGia") {
      count("services.DongBoDanhGia");
      return push_ratings(*body, agency, res);
    }
    if (service == "LayDanhSachTTHC") {
      count("services.LayDanhSachTTHC");
      json result = json::array();
      for (const auto& entry : catalog) result.push_back(entry.item);
      return reply(res, 200, json{{"error_code", "0"}, {"result", std::move(result)}});
    }
    if (service == "LayThuTuc") {
      count("services.LayThuTuc");
      const auto code = body->find("maTTHC");
      if (code == body->end() || !code->is_string()) return reply_error(res, 400, "Thiếu maTTHC");
      json result = json::array();
      if (auto it = catalog_index.find(code->get<std::string>()); it != catalog_index.end())
        result.push_back(catalog[it->second].item);
      return reply(res, 200, json{{"error_code", "0"}, {"result", std::move(result)}});
    }
    reply_error(res, 400, "Dịch vụ không được hỗ trợ: " + service);
  }

  json status_item(const StoredDossier& dossier) {
    const StatusNow status = status_at(dossier.initial_status, dossier.received_at, now(), options.status_pace_s);
    return json{{"MaHoSo", dossier.code},
                {"TrangThaiHoSo", std::to_string(status.status)},
                {"NgayCapNhat", compact_time(status.changed_at)},
                {"NoiDungXuLy", status_text_vi(status.status)}};
  }

  void lookup(const json& body, httplib::Response& res) {
    const auto code = body.find("MaHoSo");
    if (code == body.end() || !code->is_string()) return reply_error(res, 400, "Thiếu MaHoSo");
    json result = json::array();
    if (auto dossier = store.find(code->get<std::string>())) {
      // As one-stop systems answer a look-up: the status, the dossier as held (HoSo) and its progress steps
      // (TienDoXuLy), so a kiosk can tell its own record from another and see which steps arrived.
      json item = status_item(*dossier);
      item["HoSo"] = dossier->record;
      item["TienDoXuLy"] = store.progress_of(dossier->code);
      result.push_back(std::move(item));
    }
    reply(res, 200, json{{"error_code", "0"}, {"result", std::move(result)}});
  }

  // Batch checks shared by DongBoHoSoMC and CapNhatTienDoHoSoMC; nullptr after replying 400.
  static const json* batch_of(const json& body, httplib::Response& res) {
    const auto data = body.find("data");
    if (data == body.end() || !data->is_array()) {
      reply_error(res, 400, "data: phải là mảng các bản ghi");
      return nullptr;
    }
    if (data->size() > kMaxBatch) {
      reply_error(res, 400, "data: tối đa " + std::to_string(kMaxBatch) + " bản ghi mỗi lần");
      return nullptr;
    }
    return &*data;
  }

  static std::string code_of(const json& record) {
    if (record.is_object())
      if (auto it = record.find("MaHoSo"); it != record.end() && it->is_string()) return it->get<std::string>();
    return "";
  }

  void push_dossiers(const json& body, httplib::Response& res) {
    const auto updating = body.find("isUpdating");
    if (updating == body.end() || (*updating != "True" && *updating != "False"))
      return reply_error(res, 400, "isUpdating: phải là \"True\" hoặc \"False\"");
    const bool is_updating = *updating == "True";
    const json* data = batch_of(body, res);
    if (!data) return;
    json result = json::array();
    const int64_t t = now();
    store.in_transaction([&] {
      for (const json& record : *data) {
        auto issues = validate_dossier_record(record, [this](std::string_view c) { return known_procedure(c); });
        if (issues.empty()) issues = unknown_attachments(record);
        if (!issues.empty()) {
          count("dossiers.invalid");
          result.push_back({{"MaHoSo", code_of(record)}, {"error_code", "2"}, {"message", join_issues(issues)}});
          continue;
        }
        const PutOutcome outcome = store.put(record, is_updating, t);
        count(std::string("dossiers.") + outcome_name(outcome));
        static const std::map<PutOutcome, std::pair<const char*, const char*>> kAnswers = {
            {PutOutcome::Stored, {"0", "Đã tiếp nhận hồ sơ"}},
            {PutOutcome::Identical, {"0", "Hồ sơ đã được tiếp nhận trước đó với nội dung trùng khớp"}},
            {PutOutcome::Updated, {"0", "Đã cập nhật hồ sơ"}},
            {PutOutcome::Conflict, {"3", "Mã hồ sơ đã tồn tại với nội dung khác"}},
        };
        const auto& [code, message] = kAnswers.at(outcome);
        result.push_back({{"MaHoSo", code_of(record)}, {"error_code", code}, {"message", message}});
      }
    });
    reply(res, 200, json{{"error_code", "0"}, {"result", std::move(result)}});
  }

  void push_progress(const json& body, httplib::Response& res) {
    const json* data = batch_of(body, res);
    if (!data) return;
    json result = json::array();
    const int64_t t = now();
    store.in_transaction([&] {
      for (const json& row : *data) {
        auto issues = validate_progress_row(row);
        if (issues.empty()) {
          // A step identical to one held is a re-send (an answer lost on the way back): success, stored once,
          // counted so tests can see that re-sends happened and were absorbed.
          switch (store.add_progress(code_of(row), row, t)) {
            case ProgressOutcome::Stored:
              count("progress.stored");
              break;
            case ProgressOutcome::Repeated:
              count("progress.repeated");
              break;
            case ProgressOutcome::UnknownDossier:
              issues.push_back({"MaHoSo", "hồ sơ chưa có trên hệ thống"});
              break;
          }
        }
        if (issues.empty()) {
          result.push_back({{"MaHoSo", code_of(row)}, {"error_code", "0"}, {"message", "Đã cập nhật tiến độ"}});
        } else {
          count("progress.invalid");
          result.push_back({{"MaHoSo", code_of(row)}, {"error_code", "2"}, {"message", join_issues(issues)}});
        }
      }
    });
    reply(res, 200, json{{"error_code", "0"}, {"result", std::move(result)}});
  }

  void push_ratings(const json& body, const std::string& agency, httplib::Response& res) {
    const json* data = batch_of(body, res);
    if (!data) return;
    json result = json::array();
    const int64_t t = now();
    const LocalDateTime today = LocalDateTime::from_unix(t);
    store.in_transaction([&] {
      for (const json& row : *data) {
        const std::string procedure = row.is_object() && row.contains("MaThuTuc") && row["MaThuTuc"].is_string()
                                          ? row["MaThuTuc"].get<std::string>()
                                          : "";
        const auto issues = validate_rating_row(
            row, [this](std::string_view c) { return known_procedure(c); }, agency, today.date.year, today.date.month);
        if (!issues.empty()) {
          count("ratings.invalid");
          result.push_back({{"MaThuTuc", procedure}, {"error_code", "2"}, {"message", join_issues(issues)}});
          continue;
        }
        const RatingOutcome outcome = store.put_rating(row, t);
        count(std::string("ratings.") + rating_outcome_name(outcome));
        static const std::map<RatingOutcome, std::pair<const char*, const char*>> kAnswers = {
            {RatingOutcome::Stored, {"0", "Đã nhận số liệu đánh giá"}},
            {RatingOutcome::Identical, {"0", "Số liệu đánh giá của tháng này đã được nhận trước đó, trùng khớp"}},
            {RatingOutcome::Conflict, {"3", "Tháng này đã có số liệu đánh giá khác cho thủ tục này"}},
        };
        const auto& [code, message] = kAnswers.at(outcome);
        result.push_back({{"MaThuTuc", procedure}, {"error_code", code}, {"message", message}});
      }
    });
    reply(res, 200, json{{"error_code", "0"}, {"result", std::move(result)}});
  }

  void handle_heartbeat(const httplib::Request& req, httplib::Response& res) {
    const auto body = parse_object(req);
    if (!body) return reply_error(res, 400, "Yêu cầu không phải JSON hợp lệ");
    if (auto problem = check_session(*body, ""); !problem.empty()) {
      count("sessions.rejected");
      return reply_error(res, 401, problem);
    }
    const auto kiosk = body->find("KioskId");
    if (kiosk == body->end() || !kiosk->is_string() || kiosk->get<std::string>().empty())
      return reply_error(res, 400, "KioskId: không được để trống");
    json stored = *body;
    stored.erase("session");
    store.put_heartbeat(kiosk->get<std::string>(), stored, now());
    reply(res, 200, json{{"error_code", "0"}});
  }

  void admin_dossiers(const httplib::Request& req, httplib::Response& res) {
    std::vector<StoredDossier> dossiers;
    if (req.has_param("MaHoSo")) {
      if (auto one = store.find(req.get_param_value("MaHoSo"))) dossiers.push_back(std::move(*one));
    } else {
      dossiers = store.all();
    }
    json list = json::array();
    for (auto& dossier : dossiers) {
      const json status = status_item(dossier);
      list.push_back({{"MaHoSo", dossier.code},
                      {"record", std::move(dossier.record)},
                      {"received_count", dossier.received_count},
                      {"received_at", compact_time(dossier.received_at)},
                      {"status", status["TrangThaiHoSo"]},
                      {"progress", store.progress_of(dossier.code)}});
    }
    reply(res, 200, json{{"count", list.size()}, {"dossiers", std::move(list)}});
  }

  void admin_stats(httplib::Response& res) {
    json stats = {{"dossiers_stored", store.count()},
                  {"progress_rows", store.progress_count()},
                  {"rating_rows", static_cast<int64_t>(store.ratings().size())},
                  {"catalog_procedures", catalog.size()}};
    std::map<std::string, int64_t> snapshot;
    {
      std::lock_guard lock(stats_mutex);
      snapshot = counters;
    }
    // "faults.drop" -> stats["faults"]["drop"]; the fixed keys are always present so scripts can rely on them.
    for (const char* key : {"requests.total",
                            "requests.auth",
                            "requests.integration",
                            "requests.heartbeat",
                            "requests.admin",
                            "faults.total",
                            "faults.500",
                            "faults.503",
                            "faults.drop",
                            "faults.garbage",
                            "faults.before_processing",
                            "faults.after_processing",
                            "dossiers.stored",
                            "dossiers.identical",
                            "dossiers.updated",
                            "dossiers.conflict",
                            "dossiers.invalid",
                            "progress.stored",
                            "progress.repeated",
                            "progress.invalid",
                            "ratings.stored",
                            "ratings.identical",
                            "ratings.conflict",
                            "ratings.invalid",
                            "sessions.issued",
                            "sessions.rejected",
                            "auth.refused"})
      snapshot.try_emplace(key, 0);
    for (const auto& [key, value] : snapshot) {
      const size_t dot = key.find('.');
      stats[key.substr(0, dot)][key.substr(dot + 1)] = value;
    }
    reply(res, 200, stats);
  }
};

OnestopServer::OnestopServer(ServerOptions options) {
  // cpp-httplib writes without MSG_NOSIGNAL: a client that hangs up must not kill the server.
  std::signal(SIGPIPE, SIG_IGN);
  try {
    impl_ = std::make_unique<Impl>(std::move(options));
  } catch (const DbError& e) {
    throw std::runtime_error(std::string("database: ") + e.what());
  }
}

OnestopServer::~OnestopServer() {
  stop();
}

int OnestopServer::bind() {
  Impl& impl = *impl_;
  if (impl.options.port == 0) {
    impl.port = impl.http.bind_to_any_port(impl.options.host);
  } else if (impl.http.bind_to_port(impl.options.host, impl.options.port)) {
    impl.port = impl.options.port;
  } else {
    impl.port = -1;
  }
  if (impl.port <= 0)
    throw std::runtime_error("cannot listen on " + impl.options.host + ":" + std::to_string(impl.options.port) +
                             " (address in use or not available)");
  return impl.port;
}

void OnestopServer::run() {
  {
    std::lock_guard lock(impl_->run_mutex);
    if (impl_->stop_requested) return;
    impl_->run_started = true;
  }
  impl_->http.listen_after_bind();
  impl_->run_done = true;
}

void OnestopServer::start_in_background() {
  bind();
  impl_->background = std::thread([this] { run(); });
}

void OnestopServer::stop() {
  if (!impl_) return;
  bool started;
  {
    std::lock_guard lock(impl_->run_mutex);
    impl_->stop_requested = true;
    started = impl_->run_started;
  }
  // httplib's stop() does nothing until its accept loop runs, so ask until the loop has ended.
  while (started && !impl_->run_done) {
    if (impl_->http.is_running()) impl_->http.stop();
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
  }
  if (impl_->background.joinable()) impl_->background.join();
}

int OnestopServer::port() const {
  return impl_->port;
}
const std::vector<CatalogIssue>& OnestopServer::catalog_issues() const {
  return impl_->catalog_issues;
}
size_t OnestopServer::catalog_size() const {
  return impl_->catalog.size();
}

}  // namespace mc::server
