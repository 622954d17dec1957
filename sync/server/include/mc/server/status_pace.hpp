#pragma once
// How the reference server moves a stored dossier through its statuses (TrangThaiHoSo) so that a
// kiosk's TraCuuHoSo sees change: 1 → 2 → 4 → 9 → 10, one step per `pace_s` seconds since the dossier
// was first received. A pure function of the times, so runs are reproducible.
#include <cstdint>
#include <string>

namespace mc::server {

struct StatusNow {
  int status = 1;
  int64_t changed_at = 0;  // unix seconds of the last step (the receipt time when it has not moved)
};

// `initial_status` is the record's TrangThaiHoSo; a status outside the path (3, 5, 6, 7, 8) never moves,
// and neither does anything when pace_s <= 0.
StatusNow status_at(int initial_status, int64_t received_at, int64_t now, int64_t pace_s);

// Vietnamese wording for TraCuuHoSo's NoiDungXuLy, DOMAIN.md §2.
std::string status_text_vi(int status);

}  // namespace mc::server
