#include "mc/sync/answers.hpp"

#include <algorithm>

namespace mc::sync {

namespace {

std::string error_code_text(const nlohmann::json& value) {
  if (value.is_string()) return value.get<std::string>();
  if (value.is_number_integer()) return std::to_string(value.get<int64_t>());
  return "?";
}

// A server's own words for the log, cut short (at a character boundary): an answer may be megabytes long.
std::string short_text(const std::string& text) {
  constexpr size_t kMax = 200;
  if (text.size() <= kMax) return text;
  size_t end = kMax;
  while (end > 0 && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) --end;
  return text.substr(0, end) + "…";
}

std::string string_field(const nlohmann::json& object, const char* name) {
  auto it = object.find(name);
  return it != object.end() && it->is_string() ? it->get<std::string>() : std::string();
}

// The body as a JSON object, or the reason it is nonsense.
nlohmann::json object_answer(std::string_view what, std::string_view body, const JsonLimits& limits) {
  std::string why;
  auto json = parse_json_bounded(body, limits, &why);
  if (!json) throw TransientError(std::string(what) + ": the server answered nonsense (" + why + ")", 200);
  if (!json->is_object())
    throw TransientError(std::string(what) + ": the server answered nonsense (not a JSON object)", 200);
  return std::move(*json);
}

}  // namespace

JsonLimits answer_limits(const Config& config) {
  JsonLimits limits;
  limits.max_bytes = static_cast<size_t>(config.server.max_answer_bytes);
  return limits;
}

std::string read_auth_answer(long http_status, std::string_view body, std::optional<int> retry_after_s,
                             const JsonLimits& limits) {
  if (http_status == 401 || http_status == 403) {
    std::string message;
    if (auto json = parse_json_bounded(body, limits); json && json->is_object())
      message = short_text(string_field(*json, "message"));
    throw AuthError("the one-stop server refused the kiosk's credentials: " +
                    (message.empty() ? "HTTP " + std::to_string(http_status) : message));
  }
  if (http_status != 200)
    throw TransientError("auth: HTTP " + std::to_string(http_status), static_cast<int>(http_status), retry_after_s);
  const nlohmann::json json = object_answer("auth", body, limits);
  if (!json.contains("error_code") || !json.contains("session") || !json["session"].is_string() ||
      json["session"].get_ref<const std::string&>().empty())
    throw TransientError("auth: malformed answer", 200);
  if (error_code_text(json["error_code"]) != "0")
    throw AuthError("the one-stop server refused the kiosk's credentials");
  return json["session"].get<std::string>();
}

std::optional<nlohmann::json> read_integration_answer(std::string_view service_name, long http_status,
                                                      std::string_view body, std::optional<int> retry_after_s,
                                                      const JsonLimits& limits) {
  const std::string service(service_name);
  if (http_status == 401) return std::nullopt;
  if (http_status != 200)
    throw TransientError(service + ": HTTP " + std::to_string(http_status), static_cast<int>(http_status),
                         retry_after_s);
  const nlohmann::json json = object_answer(service, body, limits);
  if (!json.contains("error_code"))
    throw TransientError(service + ": malformed answer (" + std::to_string(body.size()) + " bytes)", 200);
  const std::string code = error_code_text(json["error_code"]);
  if (code == "401") return std::nullopt;
  if (code != "0") {
    const std::string message = short_text(string_field(json, "message"));
    throw TransientError(service + ": error_code " + short_text(code) + (message.empty() ? "" : " (" + message + ")"),
                         200);
  }
  auto result = json.find("result");
  if (result == json.end() || !result->is_array())
    throw TransientError(service + ": answer without a result list", 200);
  return *result;
}

std::optional<LookupResult> read_lookup_result(const nlohmann::json& result, std::string_view dossier_code) {
  if (!result.is_array()) throw TransientError("TraCuuHoSo: answer without a result list", 200);
  if (result.empty()) return std::nullopt;
  const auto& item = result[0];
  if (!item.is_object() || string_field(item, "MaHoSo") != dossier_code || !item.contains("TrangThaiHoSo"))
    throw TransientError("TraCuuHoSo: malformed result item", 200);
  LookupResult lookup;
  lookup.code = string_field(item, "MaHoSo");
  lookup.status = error_code_text(item["TrangThaiHoSo"]);
  lookup.updated_at = string_field(item, "NgayCapNhat");
  lookup.note = short_text(string_field(item, "NoiDungXuLy"));
  // The held record and the progress steps are optional (not every system returns them); when present they
  // must have the right shape, or the answer is nonsense rather than half-read.
  if (auto held = item.find("HoSo"); held != item.end() && !held->is_null()) {
    if (!held->is_object() || string_field(*held, "MaHoSo") != dossier_code)
      throw TransientError("TraCuuHoSo: malformed HoSo", 200);
    lookup.record = *held;
    lookup.due_at = string_field(*held, "NgayHenTra");
  }
  if (auto steps = item.find("TienDoXuLy"); steps != item.end() && !steps->is_null()) {
    constexpr size_t kMaxSteps = 500;
    if (!steps->is_array() || steps->size() > kMaxSteps) throw TransientError("TraCuuHoSo: malformed TienDoXuLy", 200);
    for (const auto& row : *steps) {
      if (!row.is_object()) throw TransientError("TraCuuHoSo: malformed TienDoXuLy item", 200);
      ProgressStep step;
      step.at = string_field(row, "ThoiDiemXuLy");
      step.by = short_text(string_field(row, "NguoiXuLy"));
      step.unit = short_text(string_field(row, "PhongBanXuLy"));
      step.what = short_text(string_field(row, "NoiDungXuLy"));
      step.status = row.contains("TrangThai") ? error_code_text(row["TrangThai"]) : std::string();
      lookup.steps.push_back(std::move(step));
    }
  }
  return lookup;
}

std::vector<PushItemResult> read_push_results(const nlohmann::json& result, size_t records_sent,
                                              std::string_view service_name, const char* key_field) {
  const std::string service(service_name);
  if (!result.is_array()) throw TransientError(service + ": answer without a result list", 200);
  if (result.size() != records_sent)
    throw TransientError(
        service + ": " + std::to_string(result.size()) + " results for " + std::to_string(records_sent) + " records",
        200);
  std::vector<PushItemResult> items;
  for (const auto& item : result) {
    if (!item.is_object() || !item.contains(key_field) || !item[key_field].is_string() || !item.contains("error_code"))
      throw TransientError(service + ": malformed result item", 200);
    PushItemResult parsed;
    parsed.code = item[key_field].get<std::string>();
    parsed.error_code = error_code_text(item["error_code"]);
    parsed.message = short_text(string_field(item, "message"));
    items.push_back(std::move(parsed));
  }
  return items;
}

bool read_heartbeat_answer(long http_status, std::string_view body, std::optional<int> retry_after_s,
                           const JsonLimits& limits) {
  if (http_status == 401) return false;
  if (http_status != 200)
    throw TransientError("heartbeat: HTTP " + std::to_string(http_status), static_cast<int>(http_status),
                         retry_after_s);
  const nlohmann::json json = object_answer("heartbeat", body, limits);
  if (!json.contains("error_code") || error_code_text(json["error_code"]) != "0")
    throw TransientError("heartbeat: unexpected answer (" + std::to_string(body.size()) + " bytes)", 200);
  return true;
}

AttachmentReceipt read_attachment_answer(long http_status, std::string_view body, std::optional<int> retry_after_s,
                                         const JsonLimits& limits) {
  if (http_status == 400) {
    // The server named what it will not take (a bad code, not a PDF, too large): sending it again cannot help.
    std::string reason = "the server refused the file";
    if (auto json = parse_json_bounded(body, limits);
        json && json->is_object() && json->contains("message") && (*json)["message"].is_string())
      reason += ": " + (*json)["message"].get<std::string>();
    throw AttachmentRefused(reason);
  }
  if (http_status != 200)
    throw TransientError("files: HTTP " + std::to_string(http_status), static_cast<int>(http_status), retry_after_s);
  const nlohmann::json json = object_answer("files", body, limits);
  const std::string code = json.contains("error_code") ? error_code_text(json["error_code"]) : "";
  // "2" with HTTP 200: the body arrived damaged (its SHA-256 differs); nothing was stored, send it again.
  if (code == "2") throw TransientError("files: the file arrived damaged (SHA-256 differs), nothing stored", 200);
  if (code != "0" || !json.contains("TepDinhKemId") || !json["TepDinhKemId"].is_string() ||
      json["TepDinhKemId"].get<std::string>().empty() || !json.contains("DuongDanTaiTepTin") ||
      !json["DuongDanTaiTepTin"].is_string())
    throw TransientError("files: unexpected answer (" + std::to_string(body.size()) + " bytes)", 200);
  return {json["TepDinhKemId"].get<std::string>(), json["DuongDanTaiTepTin"].get<std::string>()};
}

}  // namespace mc::sync
