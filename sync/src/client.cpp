#include "mc/sync/client.hpp"

#include "mc/sync/answers.hpp"

#include <curl/curl.h>

#include <toml++/toml.h>
#include <algorithm>
#include <cctype>
#include <mutex>

namespace mc::sync {

namespace {

void ensure_curl_global() {
  static std::once_flag once;
  std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

// The answer's body, never more than server.max_answer_bytes: a server that sends more (or never stops)
// gets the transfer aborted instead of filling the kiosk's memory.
struct BoundedBody {
  std::string* text;
  size_t limit;
  bool too_large = false;
};

size_t write_body(char* data, size_t size, size_t count, void* user) {
  auto* body = static_cast<BoundedBody*>(user);
  const size_t bytes = size * count;
  if (body->text->size() + bytes > body->limit) {
    body->too_large = true;
    return 0;  // CURLE_WRITE_ERROR: libcurl stops reading
  }
  body->text->append(data, bytes);
  return bytes;
}

size_t read_header(char* data, size_t size, size_t count, void* user) {
  auto* retry_after = static_cast<std::optional<int>*>(user);
  std::string_view line(data, size * count);
  constexpr std::string_view kName = "retry-after:";
  if (line.size() > kName.size()) {
    bool match = true;
    for (size_t i = 0; i < kName.size() && match; ++i)
      match = std::tolower(static_cast<unsigned char>(line[i])) == kName[i];
    if (match) {
      int seconds = 0;
      bool digits = false;
      for (size_t i = kName.size(); i < line.size(); ++i) {
        if (std::isdigit(static_cast<unsigned char>(line[i]))) {
          seconds = seconds * 10 + (line[i] - '0');
          digits = true;
          if (seconds > 86400) break;
        } else if (digits) {
          break;
        }
      }
      // An HTTP date instead of seconds is ignored: our own backoff applies.
      if (digits) *retry_after = std::min(seconds, 86400);
    }
  }
  return size * count;
}

std::string base_url(const Config& config) {
  std::string url = config.server.url;
  while (!url.empty() && url.back() == '/') url.pop_back();
  return url;
}

}  // namespace

Credentials load_credentials(const Config& config) {
  Credentials credentials;
  if (config.server.credentials_file.empty()) return credentials;
  toml::table table;
  try {
    table = toml::parse_file(config.server.credentials_file);
  } catch (const toml::parse_error& error) {
    throw std::runtime_error("the credentials file " + config.server.credentials_file +
                             " cannot be read: " + std::string(error.description()));
  }
  auto username = table["username"].value<std::string>();
  auto password = table["password"].value<std::string>();
  if (!username || !password || username->empty())
    throw std::runtime_error("the credentials file " + config.server.credentials_file +
                             " needs the keys username and password");
  credentials.username = *username;
  credentials.password = *password;
  return credentials;
}

DvcqgClient::DvcqgClient(const Config& config, Credentials credentials)
    : config_(config), credentials_(std::move(credentials)) {
  ensure_curl_global();
  curl_ = curl_easy_init();
  if (!curl_) throw std::runtime_error("libcurl could not be initialised");
}

DvcqgClient::~DvcqgClient() {
  curl_easy_cleanup(static_cast<CURL*>(curl_));
}

DvcqgClient::HttpAnswer DvcqgClient::post(const std::string& path, const std::string& body, int timeout_s,
                                          bool fresh_connection) {
  CURL* curl = static_cast<CURL*>(curl_);
  curl_easy_reset(curl);
  HttpAnswer answer;
  std::string url = base_url(config_) + path;
  std::string dstcode = "dstcode: " + config_.agency.code;
  curl_slist* headers = nullptr;
  headers = curl_slist_append(headers, "Content-Type: application/json; charset=utf-8");
  headers = curl_slist_append(headers, "Accept: application/json");
  headers = curl_slist_append(headers, dstcode.c_str());
  headers = curl_slist_append(headers, "Expect:");
  curl_easy_setopt(curl, CURLOPT_URL, url.c_str());
  curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers);
  curl_easy_setopt(curl, CURLOPT_POST, 1L);
  curl_easy_setopt(curl, CURLOPT_POSTFIELDS, body.data());
  curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(body.size()));
  const size_t limit = static_cast<size_t>(config_.server.max_answer_bytes);
  BoundedBody bounded{&answer.body, limit};
  curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, write_body);
  curl_easy_setopt(curl, CURLOPT_WRITEDATA, &bounded);
  curl_easy_setopt(curl, CURLOPT_MAXFILESIZE_LARGE, static_cast<curl_off_t>(limit));  // a declared length
  curl_easy_setopt(curl, CURLOPT_HEADERFUNCTION, read_header);
  curl_easy_setopt(curl, CURLOPT_HEADERDATA, &answer.retry_after_s);
  curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT, static_cast<long>(config_.server.connect_timeout_s));
  curl_easy_setopt(curl, CURLOPT_TIMEOUT,
                   static_cast<long>(timeout_s > 0 ? timeout_s : config_.server.total_timeout_s));
  curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
  if (fresh_connection) curl_easy_setopt(curl, CURLOPT_FRESH_CONNECT, 1L);
  // Proxy variables in the environment must never apply to the local reference server.
  curl_easy_setopt(curl, CURLOPT_NOPROXY, "127.0.0.1,localhost,::1");
  curl_easy_setopt(curl, CURLOPT_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(curl, CURLOPT_SSL_VERIFYPEER, config_.server.verify_tls ? 1L : 0L);
  curl_easy_setopt(curl, CURLOPT_SSL_VERIFYHOST, config_.server.verify_tls ? 2L : 0L);
  if (!config_.server.ca_bundle.empty()) curl_easy_setopt(curl, CURLOPT_CAINFO, config_.server.ca_bundle.c_str());
  CURLcode rc = curl_easy_perform(curl);
  curl_slist_free_all(headers);
  if (bounded.too_large || rc == CURLE_FILESIZE_EXCEEDED) {
    answer.body.clear();
    answer.body.shrink_to_fit();
    throw TransientError(path.substr(1) + ": the server answered nonsense (an answer larger than " +
                             std::to_string(limit) + " bytes, server.max_answer_bytes)",
                         200);
  }
  if (rc != CURLE_OK) {
    // Certificate problems are reported plainly (still retried: an operator may fix the CA bundle).
    throw TransientError(std::string("network: ") + curl_easy_strerror(rc));
  }
  curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &answer.status);
  return answer;
}

nlohmann::json DvcqgClient::call(const std::string& service, const std::string& fields_json, bool fresh_connection) {
  for (int attempt = 0; attempt < 2; ++attempt) {
    if (session_.empty()) authenticate();
    // Built as text so the records inside fields_json go out byte for byte as stored.
    nlohmann::json head = {{"session", session_}, {"madonvi", config_.agency.code}, {"service", service}};
    std::string body = head.dump();
    body.pop_back();  // drop the closing brace
    if (!fields_json.empty()) body += "," + fields_json;
    body += "}";
    HttpAnswer answer = post("/integration", body, 0, fresh_connection);
    auto result =
        read_integration_answer(service, answer.status, answer.body, answer.retry_after_s, answer_limits(config_));
    if (result) return std::move(*result);
    session_.clear();  // expired session: authenticate again and repeat once
  }
  throw TransientError(service + ": the session expired again right after authentication", 401);
}

void DvcqgClient::authenticate() {
  nlohmann::json request = {{"username", credentials_.username}, {"password", credentials_.password}};
  HttpAnswer answer = post("/auth", request.dump());
  session_ = read_auth_answer(answer.status, answer.body, answer.retry_after_s, answer_limits(config_));
}

std::optional<LookupResult> DvcqgClient::lookup(std::string_view dossier_code) {
  nlohmann::json fields = {{"MaHoSo", dossier_code}};
  std::string text = fields.dump();
  return read_lookup_result(call("TraCuuHoSo", text.substr(1, text.size() - 2)), dossier_code);
}

std::vector<PushItemResult> DvcqgClient::push(const std::vector<std::string>& records, bool is_updating) {
  std::string fields = std::string("\"data\":[");
  for (size_t i = 0; i < records.size(); ++i) {
    if (i) fields += ",";
    fields += records[i];
  }
  fields += "],\"isUpdating\":\"";
  fields += is_updating ? "True" : "False";
  fields += "\"";
  return read_push_results(call("DongBoHoSoMC", fields), records.size());
}

namespace {
std::string data_fields(const std::vector<nlohmann::json>& rows) {
  return "\"data\":" + nlohmann::json(rows).dump();
}
std::vector<PushItemResult> not_supported(const std::vector<nlohmann::json>& rows, const char* service) {
  std::vector<PushItemResult> results;
  for (const auto& row : rows)
    results.push_back({row.value("MaHoSo", row.value("MaThuTuc", "")), "2",
                       std::string(service) + " is not supported by this one-stop adapter"});
  return results;
}
}  // namespace

std::vector<PushItemResult> OneStopClient::push_progress(const std::vector<nlohmann::json>& rows) {
  return not_supported(rows, "CapNhatTienDoHoSoMC");
}

std::vector<PushItemResult> OneStopClient::push_ratings(const std::vector<nlohmann::json>& rows) {
  return not_supported(rows, "DongBoDanhGia");
}

std::vector<PushItemResult> DvcqgClient::push_progress(const std::vector<nlohmann::json>& rows) {
  // The server stores every progress row it receives: no hidden re-send by libcurl (see post()).
  return read_push_results(call("CapNhatTienDoHoSoMC", data_fields(rows), true), rows.size(), "CapNhatTienDoHoSoMC",
                           "MaHoSo");
}

std::vector<PushItemResult> DvcqgClient::push_ratings(const std::vector<nlohmann::json>& rows) {
  return read_push_results(call("DongBoDanhGia", data_fields(rows)), rows.size(), "DongBoDanhGia", "MaThuTuc");
}

std::vector<nlohmann::json> DvcqgClient::procedures() {
  nlohmann::json result = call("LayDanhSachTTHC", "");
  return std::vector<nlohmann::json>(result.begin(), result.end());
}

void DvcqgClient::heartbeat(const nlohmann::json& fields) {
  // A short timeout: a heartbeat must never hold the sync thread for long.
  const int timeout_s = std::max(1, std::min(config_.server.total_timeout_s, 10));
  for (int attempt = 0; attempt < 2; ++attempt) {
    if (session_.empty()) authenticate();
    nlohmann::json body = fields;
    body["session"] = session_;
    HttpAnswer answer = post("/heartbeat", body.dump(), timeout_s);
    if (read_heartbeat_answer(answer.status, answer.body, answer.retry_after_s, answer_limits(config_))) return;
    session_.clear();
  }
  throw TransientError("heartbeat: the session expired again right after authentication", 401);
}

AttachmentReceipt OneStopClient::upload_attachment(std::string_view, std::string_view, const std::vector<uint8_t>&,
                                                   const std::string&) {
  throw AttachmentRefused("this one-stop adapter takes no attachments");
}

AttachmentReceipt DvcqgClient::upload_attachment(std::string_view dossier_code, std::string_view document_code,
                                                 const std::vector<uint8_t>& pdf, const std::string& sha256) {
  for (int attempt = 0; attempt < 2; ++attempt) {
    if (session_.empty()) authenticate();
    CURL* curl = static_cast<CURL*>(curl_);
    curl_easy_reset(curl);
    const std::string url = base_url(config_) + "/files";
    const std::vector<std::string> header_lines = {"Content-Type: application/pdf",
                                                   "Accept: application/json",
                                                   "dstcode: " + config_.agency.code,
                                                   "session: " + session_,
                                                   "X-MaHoSo: " + std::string(dossier_code),
                                                   "X-MaThanhPhanHoSo: " + std::string(document_code),
                                                   "X-SHA256: " + sha256,
                                                   "Expect:"};
    curl_slist* headers = nullptr;
    for (const auto& line : header_lines) headers = curl_slist_append(headers, line.c_str());
    HttpAnswer answer;
    const size_t limit = static_cast<size_t>(config_.server.max_answer_bytes);
    BoundedBody bounded{&answer.body, limit};
    curl_easy_setopt(curl, CURLOPT_URL, url.c_str());
    curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers);
    curl_easy_setopt(curl, CURLOPT_POST, 1L);
    curl_easy_setopt(curl, CURLOPT_POSTFIELDS, reinterpret_cast<const char*>(pdf.data()));
    curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(pdf.size()));
    curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, write_body);
    curl_easy_setopt(curl, CURLOPT_WRITEDATA, &bounded);
    curl_easy_setopt(curl, CURLOPT_HEADERFUNCTION, read_header);
    curl_easy_setopt(curl, CURLOPT_HEADERDATA, &answer.retry_after_s);
    curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT, static_cast<long>(config_.server.connect_timeout_s));
    curl_easy_setopt(curl, CURLOPT_TIMEOUT, static_cast<long>(config_.server.total_timeout_s));
    curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(curl, CURLOPT_NOPROXY, "127.0.0.1,localhost,::1");
    curl_easy_setopt(curl, CURLOPT_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(curl, CURLOPT_SSL_VERIFYPEER, config_.server.verify_tls ? 1L : 0L);
    curl_easy_setopt(curl, CURLOPT_SSL_VERIFYHOST, config_.server.verify_tls ? 2L : 0L);
    if (!config_.server.ca_bundle.empty()) curl_easy_setopt(curl, CURLOPT_CAINFO, config_.server.ca_bundle.c_str());
    const CURLcode rc = curl_easy_perform(curl);
    curl_slist_free_all(headers);
    if (bounded.too_large) throw TransientError("files: the server answered nonsense (too long an answer)", 200);
    if (rc != CURLE_OK) throw TransientError(std::string("network: ") + curl_easy_strerror(rc));
    curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &answer.status);
    if (answer.status == 401) {
      session_.clear();  // expired: authenticate again and repeat once
      continue;
    }
    return read_attachment_answer(answer.status, answer.body, answer.retry_after_s, answer_limits(config_));
  }
  throw TransientError("files: the session expired again right after authentication", 401);
}

std::unique_ptr<OneStopClient> make_client(const Config& config) {
  return std::make_unique<DvcqgClient>(config, load_credentials(config));
}

}  // namespace mc::sync
