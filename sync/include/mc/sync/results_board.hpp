#pragma once
// Results for citizens who come back (issue 20): the dossiers whose result is ready — status 9 "Đã xử lý xong"
// as the one-stop server reports it (through the status map, polled by the sync engine) — for the
// waiting-room display. A board in a public room shows the dossier code and the filer's initials only, never
// a name, an ID number or a procedure.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>
#include "mc/sync/outbox.hpp"

namespace mc::sync {

struct ResultReady {
  std::string code;
  std::string initials;          // "N.V.A."; empty when the name is gone (retention purge) or unreadable
  int64_t ready_since_unix = 0;  // when the kiosk saw status 9
};

// "Nguyễn Văn An" -> "N.V.A.": the first letter of each word, upper case, NFC; at most 5 letters.
std::string name_initials(std::string_view full_name);

// Newest first, at most `limit`.
std::vector<ResultReady> results_ready(Outbox& outbox, int limit = 24);

}  // namespace mc::sync
