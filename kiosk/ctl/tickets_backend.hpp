#pragma once
// The ticket store for kioskctl's ticket and office commands: the office database when [office] database
// is set (one connection attempt, then a clear message), else this kiosk's kiosk.db.
#include <chrono>
#include <memory>

#include "command.hpp"
#include "mc/office/office.hpp"

namespace mc::ctl {

// Null after saying why on stderr when the office database cannot be reached.
inline std::unique_ptr<office::TicketBackend> open_tickets(CommandContext& context) {
  auto backend = office::open_ticket_store(context.config(), "kioskctl");
  if (auto* office = backend->office()) {
    const auto timeout = std::chrono::seconds(office->settings().connect_timeout_s + 2);
    if (!office->session().wait_first_attempt(timeout)) {
      context.err << "kioskctl: the office database cannot be reached: " << office->session().status().detail << "\n";
      return nullptr;
    }
  }
  return backend;
}

}  // namespace mc::ctl
