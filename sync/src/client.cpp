#include "mc/sync/client.hpp"

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

size_t write_body(char* data, size_t size, size_t count, void* user) {
  auto* body = static_cast<std::string*>(user);
  body->append(data, size * count);
  return size * count;
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

std::string error_code_text(const nlohmann::json& value) {
  if (value.is_string()) return value.get<std::string>();
  if (value.is_number_integer()) return std::to_string(value.get<int64_t>());
  return "?";
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

DvcqgClient::HttpAnswer DvcqgClient::post(const std::string& path, const std::string& body, int timeout_s) {
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
  curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, write_body);
  curl_easy_setopt(curl, CURLOPT_WRITEDATA, &answer.body);
  curl_easy_setopt(curl, CURLOPT_HEADERFUNCTION, read_header);
  curl_easy_setopt(curl, CURLOPT_HEADERDATA, &answer.retry_after_s);
  curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT, static_cast<long>(config_.server.connect_timeout_s));
  curl_easy_setopt(curl, CURLOPT_TIMEOUT,
                   static_cast<long>(timeout_s > 0 ? timeout_s : config_.server.total_timeout_s));
  curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
  // Proxy variables in the environment must never apply to the local reference server.
  curl_easy_setopt(curl, CURLOPT_NOPROXY, "127.0.0.1,localhost,::1");
  curl_easy_setopt(curl, CURLOPT_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(curl, CURLOPT_SSL_VERIFYPEER, config_.server.verify_tls ? 1L : 0L);
  curl_easy_setopt(curl, CURLOPT_SSL_VERIFYHOST, config_.server.verify_tls ? 2L : 0L);
  if (!config_.server.ca_bundle.empty()) curl_easy_setopt(curl, CURLOPT_CAINFO, config_.server.ca_bundle.c_str());
  CURLcode rc = curl_easy_perform(curl);
  curl_slist_free_all(headers);
  if (rc != CURLE_OK) {
    // Certificate problems are reported plainly (still retried: an operator may fix the CA bundle).
    throw TransientError(std::string("network: ") + curl_easy_strerror(rc));
  }
  curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &answer.status);
  return answer;
}

nlohmann::json DvcqgClient::call(const std::string& service, const std::string& fields_json) {
  for (int attempt = 0; attempt < 2; ++attempt) {
    if (session_.empty()) authenticate();
    // Built as text so the records inside fields_json go out byte for byte as stored.
    nlohmann::json head = {{"session", session_}, {"madonvi", config_.agency.code}, {"service", service}};
    std::string body = head.dump();
    body.pop_back();  // drop the closing brace
    if (!fields_json.empty()) body += "," + fields_json;
    body += "}";
    HttpAnswer answer = post("/integration", body);
    if (answer.status == 401) {
      session_.clear();  // expired session: authenticate again and repeat once
      continue;
    }
    if (answer.status != 200)
      throw TransientError(service + ": HTTP " + std::to_string(answer.status), static_cast<int>(answer.status),
                           answer.retry_after_s);
    auto json = nlohmann::json::parse(answer.body, nullptr, false);
    if (json.is_discarded() || !json.is_object() || !json.contains("error_code"))
      throw TransientError(service + ": malformed answer (" + std::to_string(answer.body.size()) + " bytes)", 200);
    std::string code = error_code_text(json["error_code"]);
    if (code == "401") {
      session_.clear();
      continue;
    }
    if (code != "0") {
      std::string message =
          json.contains("message") && json["message"].is_string() ? json["message"].get<std::string>() : std::string();
      throw TransientError(service + ": error_code " + code + (message.empty() ? "" : " (" + message + ")"), 200);
    }
    if (!json.contains("result") || !json["result"].is_array())
      throw TransientError(service + ": answer without a result list", 200);
    return json["result"];
  }
  throw TransientError(service + ": the session expired again right after authentication", 401);
}

void DvcqgClient::authenticate() {
  nlohmann::json request = {{"username", credentials_.username}, {"password", credentials_.password}};
  HttpAnswer answer = post("/auth", request.dump());
  auto json = nlohmann::json::parse(answer.body, nullptr, false);
  if (answer.status == 401 || answer.status == 403) {
    std::string message =
        !json.is_discarded() && json.is_object() && json.contains("message") && json["message"].is_string()
            ? json["message"].get<std::string>()
            : std::string("HTTP ") + std::to_string(answer.status);
    throw AuthError("the one-stop server refused the kiosk's credentials: " + message);
  }
  if (answer.status != 200)
    throw TransientError("auth: HTTP " + std::to_string(answer.status), static_cast<int>(answer.status),
                         answer.retry_after_s);
  if (json.is_discarded() || !json.is_object() || !json.contains("error_code") || !json.contains("session") ||
      !json["session"].is_string())
    throw TransientError("auth: malformed answer", 200);
  if (error_code_text(json["error_code"]) != "0")
    throw AuthError("the one-stop server refused the kiosk's credentials");
  session_ = json["session"].get<std::string>();
}

std::optional<LookupResult> DvcqgClient::lookup(std::string_view dossier_code) {
  nlohmann::json fields = {{"MaHoSo", dossier_code}};
  std::string text = fields.dump();
  nlohmann::json result = call("TraCuuHoSo", text.substr(1, text.size() - 2));
  if (result.empty()) return std::nullopt;
  const auto& item = result[0];
  if (!item.is_object() || !item.contains("MaHoSo") || !item["MaHoSo"].is_string() ||
      item["MaHoSo"].get<std::string>() != dossier_code || !item.contains("TrangThaiHoSo"))
    throw TransientError("TraCuuHoSo: malformed result item", 200);
  LookupResult lookup;
  lookup.code = item["MaHoSo"].get<std::string>();
  lookup.status = error_code_text(item["TrangThaiHoSo"]);
  if (item.contains("NgayCapNhat") && item["NgayCapNhat"].is_string()) lookup.updated_at = item["NgayCapNhat"];
  if (item.contains("NoiDungXuLy") && item["NoiDungXuLy"].is_string()) lookup.note = item["NoiDungXuLy"];
  return lookup;
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
  nlohmann::json result = call("DongBoHoSoMC", fields);
  if (result.size() != records.size())
    throw TransientError("DongBoHoSoMC: " + std::to_string(result.size()) + " results for " +
                             std::to_string(records.size()) + " records",
                         200);
  std::vector<PushItemResult> items;
  for (const auto& item : result) {
    if (!item.is_object() || !item.contains("MaHoSo") || !item["MaHoSo"].is_string() || !item.contains("error_code"))
      throw TransientError("DongBoHoSoMC: malformed result item", 200);
    PushItemResult parsed;
    parsed.code = item["MaHoSo"].get<std::string>();
    parsed.error_code = error_code_text(item["error_code"]);
    if (item.contains("message") && item["message"].is_string()) parsed.message = item["message"];
    items.push_back(std::move(parsed));
  }
  return items;
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
    if (answer.status == 401) {
      session_.clear();
      continue;
    }
    if (answer.status != 200)
      throw TransientError("heartbeat: HTTP " + std::to_string(answer.status), static_cast<int>(answer.status),
                           answer.retry_after_s);
    auto json = nlohmann::json::parse(answer.body, nullptr, false);
    if (json.is_discarded() || !json.is_object() || !json.contains("error_code") ||
        error_code_text(json["error_code"]) != "0")
      throw TransientError("heartbeat: unexpected answer (" + std::to_string(answer.body.size()) + " bytes)", 200);
    return;
  }
  throw TransientError("heartbeat: the session expired again right after authentication", 401);
}

std::unique_ptr<OneStopClient> make_client(const Config& config) {
  return std::make_unique<DvcqgClient>(config, load_credentials(config));
}

}  // namespace mc::sync
