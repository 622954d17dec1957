#pragma once
// Queue tickets in the office's PostgreSQL database, shared by every kiosk, counter and display of the
// office (mc::TicketStore; the single-machine store is mc::SqliteTicketStore).
//
// - Numbers: one row per area, kind and day in mc_office.ticket_numbers, incremented in the same
//   statement that inserts the ticket, so kiosks never hand out the same number and none is skipped.
//   The day is the database server's day in Vietnam time: one clock for the whole office.
// - Calls: the next waiting ticket is locked FOR UPDATE SKIP LOCKED, so two counters calling at the
//   same moment get two different tickets and neither waits for the other.
// - Displays: a trigger NOTIFYs every call, recall and skip; PgCallFollower LISTENs on its own
//   connection (blocking in poll() on the socket) and re-reads the board after each reconnect.
// - Away: every operation throws TicketStoreUnavailable at once; the session reconnects with backoff.
//   A take whose answer was lost (the statement may have committed) is voided once the connection is
//   back, so a number nobody holds is never called.
#include <memory>
#include <mutex>
#include <set>
#include <string>

#include "mc/core/tickets.hpp"
#include "mc/office/connection.hpp"

namespace mc::office {

struct PgTicketStoreOptions {
  std::string issued_by;  // this machine's kiosk.id, stored with each ticket
  std::string counter;    // this machine's counter name (counter.name, else kiosk.id): its calls, for totals()
  // Tests move time: the store then uses this clock instead of the database server's.
  Clock clock;
  Backoff follower_backoff;
};

class PgTicketStore : public TicketStore {
 public:
  // Registers its on-connect work (schema, statements, voiding lost takes) on the session: construct it
  // before session.start().
  PgTicketStore(Session& session, ConnectionSettings settings, PgTicketStoreOptions options);

  Ticket take(const std::string& area, bool priority) override;
  int waiting(const std::string& area) override;
  std::optional<Ticket> call_next(const std::vector<std::string>& areas, const std::string& counter) override;
  std::optional<Ticket> recall(const std::string& counter) override;
  std::optional<Ticket> skip(const std::string& counter) override;
  std::vector<Ticket> recently_called(int limit, const std::vector<std::string>& areas = {}) override;
  TicketStats stats() override;
  // Tickets issued by this machine (issued_by) and first called at its counter, void ones left out; today's
  // waiting tickets of the whole office.
  TicketTotals totals() override;
  TicketServiceStatus status() override { return session_.status(); }
  std::unique_ptr<CallFollower> follow_calls(CallFollowerOptions options) override;

  size_t takes_in_doubt() const;  // lost answers not yet voided

 private:
  void on_connect(pg_conn* connection);
  Param now_param() const;
  Session& session_;
  ConnectionSettings settings_;
  PgTicketStoreOptions options_;
  mutable std::mutex doubt_mutex_;
  std::set<std::string> in_doubt_;  // request keys of takes whose outcome is unknown
};

// A ticket from a row of the store's column list (see pg_ticket_store.cpp) or a notification payload.
Ticket ticket_from_json(const std::string& payload);

}  // namespace mc::office
