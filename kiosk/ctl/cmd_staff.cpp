// kioskctl staff set-pin | audit list | ticket take/call/recall/skip/called
#include <sys/stat.h>
#include <termios.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <iostream>
#include <optional>

#include "command.hpp"
#include "mc/core/db.hpp"
#include "mc/core/staff.hpp"
#include "mc/core/text.hpp"
#include "mc/core/tickets.hpp"
#include "tickets_backend.hpp"

namespace mc::ctl {
namespace {

std::unique_ptr<Database> open_local_state(CommandContext& context) {
  return mc::ctl::open_local_state(context.config());
}

// One line from the terminal without echo (the PIN must not show on screen or in the shell history), or
// from standard input when it is not a terminal (scripts, tests: `printf '%s\n' "$PIN" | kioskctl ...`).
std::string read_secret_line(std::ostream& prompt_out, const std::string& prompt) {
  std::string line;
  if (::isatty(STDIN_FILENO)) {
    prompt_out << prompt << std::flush;
    termios saved{};
    const bool restore = ::tcgetattr(STDIN_FILENO, &saved) == 0;
    if (restore) {
      termios quiet = saved;
      quiet.c_lflag &= ~static_cast<tcflag_t>(ECHO);
      ::tcsetattr(STDIN_FILENO, TCSAFLUSH, &quiet);
    }
    std::getline(std::cin, line);
    if (restore) ::tcsetattr(STDIN_FILENO, TCSAFLUSH, &saved);
    prompt_out << "\n";
  } else {
    std::getline(std::cin, line);
  }
  return trim(line);
}

// Owner of the data directory (the kiosk's user), when root runs this: the PIN file must be readable by
// the kiosk and by nobody else.
std::optional<std::pair<uid_t, gid_t>> kiosk_owner(const Config& config) {
  struct stat info {};
  if (::geteuid() != 0 || ::stat(config.data_dir.c_str(), &info) != 0 || info.st_uid == 0) return std::nullopt;
  return std::make_pair(info.st_uid, info.st_gid);
}

int staff_set_pin(CommandContext& context) {
  if (!context.take_option("--pin").empty() || context.take_flag("--pin")) {
    context.err << "kioskctl: the PIN is never taken from the command line (other users see it in the process "
                   "list, and it stays in the shell history): run 'kioskctl staff set-pin' and type it\n";
    return kExitUsage;
  }
  const Config& config = context.config();
  const std::string prompt =
      "New staff PIN (" + std::to_string(kMinStaffPinDigits) + "–" + std::to_string(kMaxStaffPinDigits) + " digits): ";
  const std::string pin = read_secret_line(context.err, prompt);
  if (::isatty(STDIN_FILENO) && read_secret_line(context.err, "Type it again: ") != pin) {
    context.err << "kioskctl: the two PINs differ; nothing was changed\n";
    return kExitFailure;
  }
  std::string hash;
  try {
    hash = hash_staff_pin(pin);
  } catch (const std::invalid_argument& error) {
    context.err << "kioskctl: " << error.what() << "; nothing was changed\n";
    return kExitUsage;
  }
  const std::string path = config.resolved_staff_pin_file();
  write_staff_pin_file(path, hash);
  if (auto owner = kiosk_owner(config)) {
    if (::chown(path.c_str(), owner->first, owner->second) != 0)
      context.err << "kioskctl: warning: cannot give " << path << " to the kiosk's user: " << std::strerror(errno)
                  << "\n";
  }
  context.out << "The staff PIN hash is in " << path << " (mode 0600). The kiosk reads it when it starts.\n";
  try {
    auto db = open_local_state(context);
    AuditLog(*db, system_clock()).record("kioskctl", "staff_pin_set");
  } catch (const std::exception& error) {
    context.err << "kioskctl: note: not recorded in the audit log (" << error.what() << ")\n";
  }
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
    register_command({"staff set-pin", "staff set-pin",
                      "Read a new staff PIN from the terminal and store its Argon2id hash in kiosk.staff_pin_file "
                      "(mode 0600)",
                      staff_set_pin}) &&
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
