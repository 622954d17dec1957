#pragma once
// Queue tickets (lấy số thứ tự), DOMAIN.md §7: a citizen takes a numbered ticket for a service area,
// normal or priority; counters call next / recall / skip; a waiting-room display shows the called
// numbers. Numbers restart each day (Vietnam local time) and survive restarts (SQLite).
//
// Service areas come from assets/tickets/areas.json:
//   {"areas": [{"code": "A", "name": {"vi": "Đường bộ", "en": "Roads"}}, ...]}
#include <optional>
#include <string>
#include <vector>
#include "mc/core/datetime.hpp"
#include "mc/core/db.hpp"
#include "mc/core/localized.hpp"

namespace mc {

struct ServiceArea {
  std::string code;  // one capital letter, also the ticket prefix
  LocalizedText name;
};
// Throws std::runtime_error naming the file, path and reason.
std::vector<ServiceArea> load_service_areas(const std::string& path);

enum class TicketState { Waiting, Called, Skipped, Done };

struct Ticket {
  int64_t id = 0;
  std::string area;
  bool priority = false;
  int number = 0;
  std::string label;  // "A007"; priority tickets "UA003" (ưu tiên)
  LocalDateTime issued_at;
  TicketState state = TicketState::Waiting;
  std::string counter;  // who called it
  int64_t called_at_unix = 0;
  int people_ahead = 0;  // at issue time
};

class TicketQueue {
 public:
  TicketQueue(Database& db, Clock clock);
  Ticket take(const std::string& area, bool priority);
  int waiting(const std::string& area) const;  // today's tickets still waiting in that area
  // Priority tickets first, then the oldest; only today's. nullopt when nobody waits.
  std::optional<Ticket> call_next(const std::vector<std::string>& areas, const std::string& counter);
  std::optional<Ticket> recall(const std::string& counter);  // the counter's last called ticket, called again
  std::optional<Ticket> skip(const std::string& counter);    // marks the counter's current ticket skipped
  std::vector<Ticket> recently_called(int limit) const;      // for the waiting-room display, newest first

 private:
  Ticket read(Statement& row) const;
  std::optional<Ticket> current_of(const std::string& counter) const;
  std::string today() const;
  Database& db_;
  Clock clock_;
};

}  // namespace mc
