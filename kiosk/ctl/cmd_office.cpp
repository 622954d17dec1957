// kioskctl ticket stats | office status | office check: the office's view across its machines.
#include <cstdio>
#include <nlohmann/json.hpp>

#include "command.hpp"
#include "mc/core/datetime.hpp"
#include "mc/office/schema.hpp"
#include "tickets_backend.hpp"

namespace mc::ctl {
namespace {

using nlohmann::json;

std::string duration_text(std::optional<double> seconds) {
  if (!seconds) return "—";
  const int64_t total = int64_t(*seconds + 0.5);
  char text[32];
  if (total >= 3600)
    std::snprintf(text, sizeof text, "%lld h %02lld ph", (long long)(total / 3600), (long long)(total % 3600 / 60));
  else
    std::snprintf(text, sizeof text, "%lld ph %02lld s", (long long)(total / 60), (long long)(total % 60));
  return text;
}

json row_json(const TicketStats::Row& row) {
  json out = {{"waiting", row.waiting}, {"called", row.called}, {"served", row.served},
              {"skipped", row.skipped}, {"issued", row.issued}, {"void", row.void_tickets}};
  out["average_wait_s"] = row.average_wait_s ? json(*row.average_wait_s) : json(nullptr);
  return out;
}

int ticket_stats(CommandContext& context) {
  const bool as_json = context.take_flag("--json");
  auto tickets = open_tickets(context);
  if (!tickets) return kExitFailure;
  const TicketStats stats = tickets->store().stats();
  const std::string source = tickets->shared() ? "office database" : "this kiosk (kiosk.db)";
  if (as_json) {
    json out = {{"day", stats.day.iso()},
                {"source", tickets->shared() ? "office" : "kiosk"},
                {"total", row_json(stats.total)},
                {"areas", json::object()},
                {"counters", json::object()}};
    for (const auto& row : stats.areas) out["areas"][row.key] = row_json(row);
    for (const auto& row : stats.counters) out["counters"][row.key] = row_json(row);
    context.out << out.dump(2) << "\n";
    return kExitOk;
  }
  char line[256];
  context.out << "Số thứ tự ngày " << stats.day.dmy() << " / tickets of " << stats.day.iso() << " — " << source
              << "\n\n";
  std::snprintf(line, sizeof line, "%-10s %8s %8s %8s %8s %8s  %s\n", "khu vực", "đã cấp", "đang chờ", "đang gọi",
                "xong", "bỏ qua", "chờ TB");
  context.out << line;
  std::snprintf(line, sizeof line, "%-10s %8s %8s %8s %8s %8s  %s\n", "area", "issued", "waiting", "called", "served",
                "skipped", "avg wait");
  context.out << line;
  auto area_line = [&](const TicketStats::Row& row, const std::string& name) {
    std::snprintf(line, sizeof line, "%-10s %8d %8d %8d %8d %8d  %s\n", name.c_str(), row.issued, row.waiting,
                  row.called, row.served, row.skipped, duration_text(row.average_wait_s).c_str());
    context.out << line;
  };
  for (const auto& row : stats.areas) area_line(row, row.key);
  area_line(stats.total, "tổng/all");
  if (stats.total.void_tickets > 0)
    context.out << "(" << stats.total.void_tickets << " số bị hủy do mất kết nối khi cấp / void after a lost answer)\n";
  if (!stats.counters.empty()) {
    std::snprintf(line, sizeof line, "\n%-12s %8s %8s %8s  %s\n", "quầy/counter", "đang gọi", "xong", "bỏ qua",
                  "chờ TB / avg wait");
    context.out << line;
    for (const auto& row : stats.counters) {
      std::snprintf(line, sizeof line, "%-12s %8d %8d %8d  %s\n", row.key.c_str(), row.called, row.served, row.skipped,
                    duration_text(row.average_wait_s).c_str());
      context.out << line;
    }
  }
  return kExitOk;
}

std::string ago(int64_t seconds) {
  if (seconds < 120) return std::to_string(seconds) + " s";
  if (seconds < 7200) return std::to_string(seconds / 60) + " ph";
  return std::to_string(seconds / 3600) + " h";
}

std::string local_time(std::optional<int64_t> unix_seconds) {
  if (!unix_seconds) return "—";
  const auto at = LocalDateTime::from_unix(*unix_seconds);
  char text[32];
  std::snprintf(text, sizeof text, "%02d/%02d %02d:%02d", at.date.day, at.date.month, at.hour, at.minute);
  return text;
}

// No office database configured: say what to set instead of failing obscurely.
bool require_office(CommandContext& context) {
  if (!context.config().office_db.database.empty()) return true;
  context.err << "kioskctl: no office database is configured ([office] database in the configuration): this "
                 "kiosk keeps its tickets to itself. `kioskctl status` shows this kiosk.\n";
  return false;
}

int office_status(CommandContext& context) {
  const bool as_json = context.take_flag("--json");
  if (!require_office(context)) return kExitUsage;
  auto tickets = open_tickets(context);
  if (!tickets) return kExitFailure;
  const auto machines = tickets->office()->machines();
  int stale = 0;
  for (const auto& machine : machines) stale += machine.stale ? 1 : 0;
  if (as_json) {
    json list = json::array();
    for (const auto& machine : machines) {
      const auto& beat = machine.heartbeat;
      auto optional_number = [](const auto& value) { return value ? json(*value) : json(nullptr); };
      list.push_back({{"id", beat.machine_id},
                      {"role", beat.role},
                      {"host", beat.host},
                      {"version", beat.version},
                      {"queue_depth", optional_number(beat.queue_depth)},
                      {"quarantined", optional_number(beat.quarantined)},
                      {"printer", optional_number(beat.printer_state)},
                      {"last_sync", optional_number(beat.last_sync_unix)},
                      {"pin_locked_until", optional_number(beat.pin_locked_until_unix)},
                      {"tickets_available", optional_number(beat.tickets_available)},
                      {"age_s", machine.age_s},
                      {"stale", machine.stale}});
    }
    context.out << json{{"machines", list}, {"stale", stale}}.dump(2) << "\n";
    return stale ? kExitFailure : kExitOk;
  }
  context.out << "Các máy của bộ phận một cửa / machines of the office (" << machines.size() << ", " << stale
              << " không báo / stale)\n\n";
  char line[320];
  std::snprintf(line, sizeof line, "%-12s %-8s %-14s %-8s %6s %-10s %-12s %-6s %-6s %s\n", "id", "role", "host",
                "version", "queue", "printer", "last sync", "PIN", "số TT", "last seen");
  context.out << line;
  for (const auto& machine : machines) {
    const auto& beat = machine.heartbeat;
    const std::string queue =
        beat.queue_depth ? std::to_string(*beat.queue_depth) + (beat.quarantined && *beat.quarantined ? "!" : "") : "—";
    const std::string pin = beat.pin_locked_until_unix ? "khóa" : "—";
    const std::string numbers = !beat.tickets_available ? "—" : *beat.tickets_available ? "ok" : "ngừng";
    const std::string seen =
        machine.stale ? "STALE " + ago(machine.age_s) + " trước/ago" : ago(machine.age_s) + " trước/ago";
    std::snprintf(line, sizeof line, "%-12s %-8s %-14s %-8s %6s %-10s %-12s %-6s %-6s %s\n", beat.machine_id.c_str(),
                  beat.role.c_str(), beat.host.substr(0, 14).c_str(), beat.version.c_str(), queue.c_str(),
                  beat.printer_state.value_or("—").c_str(), local_time(beat.last_sync_unix).c_str(), pin.c_str(),
                  numbers.c_str(), seen.c_str());
    context.out << line;
  }
  return stale ? kExitFailure : kExitOk;
}

int office_check(CommandContext& context) {
  if (!require_office(context)) return kExitUsage;
  const auto started = std::chrono::steady_clock::now();
  auto tickets = open_tickets(context);
  if (!tickets) return kExitFailure;
  const auto connected = std::chrono::steady_clock::now();
  auto facts = tickets->office()->session().with([](pg_conn* connection) {
    return office::exec(connection,
                        "SELECT current_setting('server_version'), current_user, current_database(),"
                        " (SELECT max(version) FROM mc_office.schema_version), mc_office.office_day(now())::text");
  });
  const auto round_trip = std::chrono::steady_clock::now();
  auto ms = [](auto a, auto b) { return std::chrono::duration_cast<std::chrono::milliseconds>(b - a).count(); };
  context.out << "office database: " << context.config().office_db.database << "\n"
              << "  PostgreSQL " << facts.text(0, 0) << ", role " << facts.text(0, 1) << ", database "
              << facts.text(0, 2) << "\n"
              << "  schema mc_office version " << facts.text(0, 3) << " (this program knows "
              << office::schema_migrations().size() << ")\n"
              << "  the office's day: " << facts.text(0, 4) << "\n"
              << "  connected in " << ms(started, connected) << " ms, one query " << ms(connected, round_trip)
              << " ms\n";
  return kExitOk;
}

const bool registered =
    register_command(
        {"ticket stats", "ticket stats [--json]",
         "Today's tickets per area and counter (across the office's machines when [office] database is set)",
         ticket_stats}) &&
    register_command({"office status", "office status [--json]",
                      "Every machine of the office from its heartbeat in the office database, stale ones marked "
                      "(exit 1 when one is stale)",
                      office_status}) &&
    register_command({"office check", "office check",
                      "Connect to the office database, create or migrate its schema, and say what it found",
                      office_check});

}  // namespace
}  // namespace mc::ctl
