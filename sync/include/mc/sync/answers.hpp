#pragma once
// Reading the one-stop server's answers (docs/protocol.md), apart from the HTTP transport so that every
// shape a server can send — too big, too deep, wrong types, not UTF-8, not JSON — is unit-tested and fuzzed
// without a network. Everything unacceptable becomes the ordinary "server answered nonsense" path: a
// TransientError (logged, retried with backoff, nothing in the queue touched), never a crash.
#include <cstddef>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>
#include "mc/core/json_bounded.hpp"
#include "mc/sync/client.hpp"

namespace mc::sync {

// server.max_answer_bytes and a nesting limit far above what the protocol uses.
JsonLimits answer_limits(const Config& config);

// The session token from /auth. Throws AuthError (credentials refused), TransientError (anything else).
std::string read_auth_answer(long http_status, std::string_view body, std::optional<int> retry_after_s,
                             const JsonLimits& limits);

// An /integration answer: "result" of an error_code 0 answer; nullopt when the session expired (HTTP 401 or
// error_code 401: authenticate again). Throws TransientError for any other status, error code or shape.
std::optional<nlohmann::json> read_integration_answer(std::string_view service, long http_status, std::string_view body,
                                                      std::optional<int> retry_after_s, const JsonLimits& limits);

// TraCuuHoSo's result list: nullopt when the server does not have the dossier.
std::optional<LookupResult> read_lookup_result(const nlohmann::json& result, std::string_view dossier_code);
// DongBoHoSoMC's result list: one item per record sent, in order (CapNhatTienDoHoSoMC and DongBoDanhGia answer
// the same way; key_field names each item: MaHoSo, or MaThuTuc for DongBoDanhGia).
std::vector<PushItemResult> read_push_results(const nlohmann::json& result, size_t records_sent,
                                              std::string_view service = "DongBoHoSoMC",
                                              const char* key_field = "MaHoSo");
// /heartbeat: true when accepted, false when the session expired; throws TransientError otherwise.
bool read_heartbeat_answer(long http_status, std::string_view body, std::optional<int> retry_after_s,
                           const JsonLimits& limits);
// /files (401 is the caller's): the receipt; AttachmentRefused for a 400 (the file as it is will never be
// taken); TransientError for anything else, including "2" (the body arrived damaged, nothing stored).
AttachmentReceipt read_attachment_answer(long http_status, std::string_view body, std::optional<int> retry_after_s,
                                         const JsonLimits& limits);

}  // namespace mc::sync
