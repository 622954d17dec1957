// kioskctl staff set-pin | audit list | ticket take/call/recall/skip/called
#include <filesystem>
#include <iostream>

#include "command.hpp"
#include "mc/core/db.hpp"
#include "mc/core/staff.hpp"
#include "mc/core/text.hpp"
#include "mc/core/tickets.hpp"
#include "tickets_backend.hpp"

namespace mc::ctl {
namespace {

std::unique_ptr<Database> open_local_state(CommandContext& context) {
  const Config& config = context.config();
  std::filesystem::create_directories(config.data_dir);
  return std::make_unique<Database>(config.path_in_data(kLocalStateDbName));
}

int staff_set_pin(CommandContext& context) {
  std::string pin = context.take_option("--pin");
  if (pin.empty()) {
    context.err << "Enter the new staff PIN (4–8 digits): " << std::flush;
    std::getline(std::cin, pin);
    pin = trim(pin);
  }
  const std::string hash = hash_staff_pin(pin);
  context.out << "# Put this line in the [kiosk] section of the configuration file:\n"
              << "staff_pin_hash = \"" << hash << "\"\n";
  auto db = open_local_state(context);
  AuditLog(*db, system_clock()).record("kioskctl", "staff_pin_hash_created");
  return kExitOk;
}

int audit_list(CommandContext& context) {
  const int limit = std::stoi(context.take_option("--limit", "50"));
  auto db = open_local_state(context);
  for (const auto& entry : AuditLog(*db, system_clock()).recent(limit))
    context.out << LocalDateTime::from_unix(entry.at_unix).iso() << "  " << entry.actor << "  " << entry.action
                << (entry.detail.empty() ? "" : "  " + entry.detail) << "\n";
  return kExitOk;
}

void print_ticket(std::ostream& out, const Ticket& ticket) {
  out << ticket.label << "  " << ticket.issued_at.iso() << (ticket.priority ? "  ưu tiên" : "")
      << (ticket.counter.empty() ? "" : "  quầy " + ticket.counter) << "\n";
}

int ticket_take(CommandContext& context) {
  const bool priority = context.take_flag("--priority");
  if (context.args.size() != 1) {
    context.err << "usage: kioskctl ticket take AREA [--priority]\n";
    return kExitUsage;
  }
  const auto areas = load_service_areas(context.config().resolved_assets_dir() + "/tickets/areas.json");
  const std::string area = context.args[0];
  if (std::none_of(areas.begin(), areas.end(), [&](const ServiceArea& a) { return a.code == area; })) {
    context.err << "kioskctl: no service area '" << area << "' in assets/tickets/areas.json\n";
    return kExitUsage;
  }
  auto tickets = open_tickets(context);
  if (!tickets) return kExitFailure;
  const Ticket ticket = tickets->store().take(area, priority);
  print_ticket(context.out, ticket);
  context.out << "people ahead: " << ticket.people_ahead << "\n";
  return kExitOk;
}

int ticket_counter_action(CommandContext& context, const std::string& action) {
  // Defaults from the [counter] section, so a counter terminal's shell needs no options.
  const Config& config = context.config();
  std::string counter = context.take_option("--counter");
  if (counter.empty()) counter = config.counter.name.empty() ? config.kiosk.id : config.counter.name;
  std::vector<std::string> areas = config.counter.areas;
  const std::string list = context.take_option("--areas");
  if (!list.empty()) areas = split(list, ',');
  auto tickets = open_tickets(context);
  if (!tickets) return kExitFailure;
  TicketStore& store = tickets->store();
  std::optional<Ticket> ticket;
  if (action == "call") {
    ticket = store.call_next(areas, counter);
  } else if (action == "recall") {
    ticket = store.recall(counter);
  } else {
    ticket = store.skip(counter);
  }
  auto db = open_local_state(context);
  AuditLog(*db, system_clock()).record("kioskctl", "ticket_" + action, ticket ? ticket->label : "none");
  if (!ticket) {
    context.out << (action == "call" ? "nobody is waiting\n" : "this counter has no called ticket\n");
    return kExitFailure;
  }
  print_ticket(context.out, *ticket);
  return kExitOk;
}

int ticket_called(CommandContext& context) {
  auto tickets = open_tickets(context);
  if (!tickets) return kExitFailure;
  for (const auto& ticket : tickets->store().recently_called(10)) print_ticket(context.out, ticket);
  return kExitOk;
}

const bool registered =
    register_command({"staff set-pin", "staff set-pin [--pin DIGITS]",
                      "Hash a new staff PIN (Argon2id) and print the configuration line", staff_set_pin}) &&
    register_command({"audit list", "audit list [--limit N]", "Show the staff audit log, newest first", audit_list}) &&
    register_command({"ticket take", "ticket take AREA [--priority]", "Issue a queue ticket", ticket_take}) &&
    register_command({"ticket call", "ticket call [--counter NAME] [--areas A,B]",
                      "Call the next ticket (priority first)",
                      [](CommandContext& c) { return ticket_counter_action(c, "call"); }}) &&
    register_command({"ticket recall", "ticket recall [--counter NAME]", "Call the counter's ticket again",
                      [](CommandContext& c) { return ticket_counter_action(c, "recall"); }}) &&
    register_command({"ticket skip", "ticket skip [--counter NAME]", "Skip the counter's current ticket",
                      [](CommandContext& c) { return ticket_counter_action(c, "skip"); }}) &&
    register_command(
        {"ticket called", "ticket called", "The numbers called most recently (what the display shows)", ticket_called});

}  // namespace
}  // namespace mc::ctl
