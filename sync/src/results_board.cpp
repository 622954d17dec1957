#include "mc/sync/results_board.hpp"

#include "mc/core/text.hpp"

namespace mc::sync {

std::string name_initials(std::string_view full_name) {
  const std::u32string name = to_u32(to_nfc(full_name));
  std::u32string letters;
  bool word_start = true;
  for (char32_t c : name) {
    const bool space = c == U' ' || c == U'\t' || c == U'\n' || c == U'-';
    if (space) {
      word_start = true;
    } else if (word_start) {
      word_start = false;
      if (letters.size() < 5) letters += c;
    }
  }
  std::string initials;
  for (char32_t letter : letters) initials += to_upper(to_utf8(letter)) + ".";
  return initials;
}

std::vector<ResultReady> results_ready(Outbox& outbox, int limit) {
  std::vector<ResultReady> board;
  for (const auto& entry : outbox.list_by_server_status(DossierStatus::Processed, limit)) {
    ResultReady ready;
    ready.code = entry.dossier.code;
    if (entry.readable) ready.initials = name_initials(entry.dossier.applicant.full_name);
    ready.ready_since_unix = entry.server_status_at_unix.value_or(0);
    board.push_back(std::move(ready));
  }
  return board;
}

}  // namespace mc::sync
