#pragma once
// The single-machine ticket store: table `tickets` in kiosk.db. The default when [office] database is
// empty. A display on the same machine follows it by re-reading once a second (SQLite has no
// notifications between processes); the office database notifies instead.
#include "mc/core/db.hpp"
#include "mc/core/tickets.hpp"

namespace mc {

class SqliteTicketStore : public TicketStore {
 public:
  SqliteTicketStore(Database& db, Clock clock);
  Ticket take(const std::string& area, bool priority) override;
  int waiting(const std::string& area) override;
  std::optional<Ticket> call_next(const std::vector<std::string>& areas, const std::string& counter) override;
  std::optional<Ticket> recall(const std::string& counter) override;
  std::optional<Ticket> skip(const std::string& counter) override;
  std::vector<Ticket> recently_called(int limit, const std::vector<std::string>& areas = {}) override;
  TicketStats stats() override;
  TicketTotals totals() override;  // every ticket of this kiosk.db (one machine, or the roles sharing it)
  TicketServiceStatus status() override { return {}; }
  // Reads through a connection of its own (the file's path), on its own thread.
  std::unique_ptr<CallFollower> follow_calls(CallFollowerOptions options) override;
  std::unique_ptr<CallFollower> follow_calls(CallFollowerOptions options, int64_t period_ms);

 private:
  Ticket read(Statement& row) const;
  std::optional<Ticket> current_of(const std::string& counter);
  std::string today() const;
  Database& db_;
  Clock clock_;
};

// The name before the office database existed; kept while kiosk/app is being restructured (issue 12).
using TicketQueue = SqliteTicketStore;

}  // namespace mc
