// kioskctl status: one screen for an IT officer in a shell (or, with --json, for fleet scripts): version,
// configuration and its problems, the queue, the last sync, quarantined dossiers (codes and reasons only),
// the printer, staff PIN and lockout, today's tickets, and whether the one-stop server answers.
//
// Exit codes: 0 healthy; 1 something needs attention (quarantined dossiers, printer not ready, credentials
// refused, configuration problems, server unreachable while a dossier has waited longer than
// --stale-queue-s); 2 the state cannot be read (configuration file unreadable or not TOML, queue key
// missing or wrong, database damaged).
#include <chrono>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <ostream>
#include <regex>
#include <sstream>
#include "command.hpp"
#include "mc/core/db.hpp"
#include "mc/core/log.hpp"
#include "mc/core/service_state.hpp"
#include "mc/core/sqlite_ticket_store.hpp"
#include "mc/core/staff.hpp"
#include "mc/printing/printer.hpp"
#include "mc/sync/attachment_store.hpp"
#include "mc/sync/client.hpp"
#include "mc/sync/heartbeat.hpp"
#include "mc/sync/outbox.hpp"

namespace mc::ctl {
namespace {

using nlohmann::json;
namespace fs = std::filesystem;

constexpr const char* kUsage = "status [--json] [--offline] [--timeout S] [--stale-queue-s N]";

std::string time_text(std::optional<int64_t> unix_seconds) {
  if (!unix_seconds) return "";
  return LocalDateTime::from_unix(*unix_seconds).iso();
}

// "3 h 12 min", "45 s": how long something has waited.
std::string age_text(int64_t seconds) {
  std::ostringstream out;
  if (seconds >= 86400)
    out << seconds / 86400 << " d " << (seconds % 86400) / 3600 << " h";
  else if (seconds >= 3600)
    out << seconds / 3600 << " h " << (seconds % 3600) / 60 << " min";
  else if (seconds >= 60)
    out << seconds / 60 << " min";
  else
    out << seconds << " s";
  return out.str();
}

// A server's quarantine reason names a field and a rule; should one ever quote a value, long digit runs
// (ID and phone numbers) are masked so the report stays free of personal data.
std::string scrub_reason(const std::string& reason) {
  static const std::regex digits("[0-9]{6,}");
  return std::regex_replace(reason, digits, "<số / number>");
}

struct Report {
  json data = json::object();
  std::vector<std::string> attention;  // why the exit code is 1
};

void add_config(Report& report, const ConfigLoadResult& loaded) {
  json issues = json::array();
  for (const auto& issue : loaded.issues) issues.push_back({{"key", issue.key}, {"reason", issue.reason}});
  for (const auto& issue : production_blockers(loaded))
    issues.push_back({{"key", issue.key}, {"reason", issue.reason}});
  json warnings = json::array();
  for (const auto& warning : loaded.warnings) warnings.push_back({{"key", warning.key}, {"reason", warning.reason}});
  report.data["config"] = {{"source", loaded.source},
                           {"state", configuration_state_name(configuration_state(loaded))},
                           {"issues", issues},
                           {"warnings", warnings}};
  if (!issues.empty())
    report.attention.push_back("configuration: " + std::to_string(issues.size()) +
                               " problem(s); the kiosk is out of service");
}

// Throws (OutboxKeyError, DbError) when the queue cannot be read: the caller exits 2.
void add_queue(Report& report, const Config& config, int64_t now) {
  json queue = {{"queued", 0},
                {"sending", 0},
                {"synced", 0},
                {"quarantined", 0},
                {"purged", 0},
                {"oldest_queued", ""},
                {"oldest_queued_age_s", nullptr},
                {"last_sync", ""},
                {"quarantined_dossiers", json::array()},
                {"exists", false}};
  const std::string db_path = config.path_in_data("queue.db");
  if (fs::exists(db_path)) {
    auto outbox = open_outbox(config);
    sync::QueueStats stats = outbox->stats();
    queue["exists"] = true;
    queue["queued"] = stats.queued;
    queue["sending"] = stats.sending;
    queue["synced"] = stats.synced;
    queue["quarantined"] = stats.quarantined;
    queue["purged"] = stats.purged;
    if (stats.oldest_queued_unix) {
      queue["oldest_queued"] = time_text(stats.oldest_queued_unix);
      queue["oldest_queued_age_s"] = std::max<int64_t>(0, now - *stats.oldest_queued_unix);
    }
    queue["last_sync"] = time_text(outbox->last_synced_at());
    for (const auto& entry : outbox->list(sync::OutboxState::Quarantined, 50))
      queue["quarantined_dossiers"].push_back(
          {{"code", entry.dossier.code}, {"reason", scrub_reason(entry.quarantine_reason)}});
    if (stats.quarantined > 0)
      report.attention.push_back(std::to_string(stats.quarantined) + " quarantined dossier(s) need staff");
    // Scanned documents sealed at rest (issue 14): counted, and the disk reserve they may not eat into.
    const sync::StorageUsage usage = open_attachment_store(config, *outbox)->usage();
    queue["attachments"] = {{"files", usage.files},
                            {"bytes", usage.bytes},
                            {"free_bytes", usage.free_bytes},
                            {"reserve_bytes", usage.reserve_bytes}};
    if (usage.low() && !config.scanner.document_device.empty())
      report.attention.push_back(
          "less than scanner.attachment_reserve_mb free on the data disk: scanned documents "
          "are refused (kept on paper)");
  }
  if (!queue.contains("attachments"))
    queue["attachments"] = {{"files", 0}, {"bytes", 0}, {"free_bytes", nullptr}, {"reserve_bytes", nullptr}};
  report.data["queue"] = queue;
}

void add_printer(Report& report, const Config& config) {
  printing::ReceiptPrinter printer(config);
  const printing::PrinterState state = printer.state();
  const LocalizedText label = printing::printer_state_label(state);
  report.data["printer"] = {{"transport", config.printer.transport},
                            {"state", printing::printer_state_name(state)},
                            {"label_vi", label.vi},
                            {"label_en", label.en},
                            {"timeout_ms", config.printer.timeout_ms},
                            {"setup_error", printer.setup_error()}};
  if (!printer.ready_to_render())
    report.attention.push_back("printer set-up: " + printer.setup_error());
  else if (!printing::can_print(state))
    report.attention.push_back(std::string("printer not ready: ") + printing::printer_state_name(state));
}

void add_staff_and_tickets(Report& report, const Config& config, int64_t now) {
  const std::string db_path = config.path_in_data(kLocalStateDbName);
  const bool pin_set = !config.kiosk.staff_pin_hash.empty();
  json staff = {{"pin_set", pin_set}, {"locked", false}, {"locked_until", ""}, {"lockouts", 0}, {"failed_tries", 0}};
  json tickets = json::array();
  std::vector<ServiceArea> areas;
  std::string areas_error;
  try {
    areas = load_service_areas(config.resolved_assets_dir() + "/tickets/areas.json");
  } catch (const std::exception& error) {
    areas_error = error.what();
  }
  // No local state yet (a new kiosk): nothing locked, nobody waiting; the file is not created here.
  std::unique_ptr<Database> db;
  if (fs::exists(db_path)) db = open_local_state(config);
  if (db) {
    // Read only: status never counts as a try, and shows how far the lockouts have grown.
    const StaffAuth::LockoutState lockout = read_staff_lockout(*db);
    staff["lockouts"] = lockout.lockouts;
    staff["failed_tries"] = lockout.failed_tries;
    if (lockout.locked_until_unix > now) {
      staff["locked"] = true;
      staff["locked_until"] = time_text(lockout.locked_until_unix);
    }
  }
  int waiting_total = 0;
  for (const auto& area : areas) {
    int waiting = 0;
    if (db) waiting = SqliteTicketStore(*db, fixed_clock(now)).waiting(area.code);
    waiting_total += waiting;
    tickets.push_back({{"area", area.code}, {"name", area.name.vi}, {"waiting", waiting}});
  }
  report.data["staff"] = staff;
  if (staff["lockouts"].get<int>() > 0)
    report.attention.push_back("staff PIN locked out " + std::to_string(staff["lockouts"].get<int>()) +
                               " time(s) since the last good PIN (someone is guessing?)");
  report.data["tickets"] = {{"waiting", waiting_total}, {"areas", tickets}, {"error", areas_error}};
}

void add_server(Report& report, const Config& config, bool offline, int timeout_s, int64_t stale_queue_s) {
  json server = {{"url", config.server.url}, {"checked", !offline}, {"reachable", nullptr}, {"detail", ""}};
  if (!offline) {
    Config quick = config;
    quick.server.connect_timeout_s = std::max(1, std::min(timeout_s, config.server.connect_timeout_s));
    quick.server.total_timeout_s = std::max(1, timeout_s);
    const auto started = std::chrono::steady_clock::now();
    try {
      sync::DvcqgClient client(quick, sync::load_credentials(quick));
      client.authenticate();
      server["reachable"] = true;
      server["detail"] = "authenticated";
    } catch (const sync::AuthError& error) {
      server["reachable"] = true;
      server["detail"] = error.what();
      report.attention.push_back("the server refused the kiosk's credentials");
    } catch (const std::exception& error) {
      server["reachable"] = false;
      server["detail"] = error.what();
    }
    server["answer_ms"] =
        std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - started).count();
    const json& age = report.data["queue"]["oldest_queued_age_s"];
    if (server["reachable"] == false && age.is_number() && age.get<int64_t>() > stale_queue_s)
      report.attention.push_back("server unreachable and a dossier has waited " + age_text(age.get<int64_t>()));
  }
  report.data["server"] = server;
}

std::string yes_no(bool value) {
  return value ? "có / yes" : "không / no";
}

void print_text(std::ostream& out, const Report& report) {
  const json& d = report.data;
  // Padded by characters, not bytes: Vietnamese letters take two or three bytes in UTF-8.
  auto line = [&out](const std::string& label, const std::string& value) {
    size_t width = 0;
    for (unsigned char byte : label) width += (byte & 0xC0) != 0x80;
    out << label << std::string(width < 46 ? 46 - width : 1, ' ') << value << "\n";
  };
  out << "Một Cửa Kiosk — trạng thái / status  (" << d["checked_at"].get<std::string>() << ")\n";
  line("Phiên bản / version:", d["version"]);
  line("Mã ki-ốt / kiosk id:", d["kiosk_id"]);
  line("Tệp cấu hình / config:",
       d["config"]["source"].get<std::string>() + " (" + d["config"]["state"].get<std::string>() + ")");
  for (const auto& issue : d["config"]["issues"])
    out << "  ! " << issue["key"].get<std::string>() << ": " << issue["reason"].get<std::string>() << "\n";
  line("Thư mục dữ liệu / data dir:", d["data_dir"]);

  const json& q = d["queue"];
  out << "\nHàng đợi / queue" << (q["exists"] == true ? "" : " (chưa có / none yet)") << "\n";
  line("  chờ gửi / queued:", std::to_string(q["queued"].get<int>()));
  line("  đang gửi / sending:", std::to_string(q["sending"].get<int>()));
  line("  đã đồng bộ / synced:", std::to_string(q["synced"].get<int>()));
  line("  cách ly / quarantined:", std::to_string(q["quarantined"].get<int>()));
  line("  đã xoá dữ liệu cá nhân / purged:", std::to_string(q["purged"].get<int>()));
  line("  chờ lâu nhất / oldest queued:",
       q["oldest_queued_age_s"].is_number()
           ? q["oldest_queued"].get<std::string>() + " (" + age_text(q["oldest_queued_age_s"].get<int64_t>()) + ")"
           : std::string("-"));
  line("  đồng bộ gần nhất / last sync:", q["last_sync"] == "" ? std::string("-") : q["last_sync"].get<std::string>());
  line("  bản điện tử / scanned files:", std::to_string(q["attachments"]["files"].get<int>()) + " (" +
                                             std::to_string(q["attachments"]["bytes"].get<int64_t>()) + " bytes)");
  for (const auto& item : q["quarantined_dossiers"])
    out << "  ! " << item["code"].get<std::string>() << "  " << item["reason"].get<std::string>() << "\n";

  const json& p = d["printer"];
  out << "\n";
  line("Máy in / printer:", p["state"].get<std::string>() + " — " + p["label_vi"].get<std::string>() + " / " +
                                p["label_en"].get<std::string>() + " (" + p["transport"].get<std::string>() +
                                ", timeout " + std::to_string(p["timeout_ms"].get<int>()) + " ms)");
  if (p["setup_error"] != "") out << "  ! " << p["setup_error"].get<std::string>() << "\n";

  const json& s = d["staff"];
  line("Mã PIN nhân viên / staff PIN set:", yes_no(s["pin_set"]));
  line("Khoá PIN / PIN locked:",
       s["locked"] == true ? "có / yes, đến / until " + s["locked_until"].get<std::string>() : yes_no(false));
  line("Số lần khoá PIN / PIN lockouts:", std::to_string(s["lockouts"].get<int>()) + " (" +
                                              std::to_string(s["failed_tries"].get<int>()) +
                                              " lần sai từ lần khoá cuối / wrong since the last lockout)");

  const json& t = d["tickets"];
  std::string areas;
  for (const auto& area : t["areas"])
    areas += (areas.empty() ? "" : ", ") + area["area"].get<std::string>() + " " +
             std::to_string(area["waiting"].get<int>());
  line("Số thứ tự đang chờ hôm nay / tickets waiting:",
       std::to_string(t["waiting"].get<int>()) + (areas.empty() ? "" : " (" + areas + ")"));
  if (t["error"] != "") out << "  ! " << t["error"].get<std::string>() << "\n";

  const json& srv = d["server"];
  std::string server_text = "không kiểm tra / not checked (--offline)";
  if (srv["checked"] == true)
    server_text = (srv["reachable"] == true ? "trả lời / answers" : "không trả lời / unreachable") + std::string(" (") +
                  srv["detail"].get<std::string>() + ", " + std::to_string(srv["answer_ms"].get<int64_t>()) + " ms)";
  line("Máy chủ một cửa / one-stop server:", server_text);
  line("", srv["url"]);

  out << "\n";
  if (report.attention.empty()) {
    out << "Tình trạng / health: TỐT / OK\n";
  } else {
    out << "Tình trạng / health: CẦN XỬ LÝ / NEEDS ATTENTION\n";
    for (const auto& reason : report.attention) out << "  - " << reason << "\n";
  }
}

int status_command(CommandContext& ctx) {
  const bool as_json = ctx.take_flag("--json");
  const bool offline = ctx.take_flag("--offline");
  int timeout_s = 3;
  int64_t stale_queue_s = 3600;
  try {
    timeout_s = std::stoi(ctx.take_option("--timeout", "3"));
    stale_queue_s = std::stoll(ctx.take_option("--stale-queue-s", "3600"));
  } catch (const std::exception&) {
    ctx.err << "kioskctl status: --timeout and --stale-queue-s need numbers\nUsage: kioskctl " << kUsage << "\n";
    return kExitUsage;
  }
  if (!ctx.args.empty() || timeout_s < 1) {
    ctx.err << "kioskctl status: unexpected '" << (ctx.args.empty() ? "--timeout" : ctx.args[0])
            << "'\nUsage: kioskctl " << kUsage << "\n";
    return kExitUsage;
  }

  // The configuration is read here, not through ctx.config(): its problems are part of the report.
  const ConfigLoadResult loaded = load_config(ctx.config_path);
  const Config& config = loaded.config;
  const int64_t now = system_clock()();
  Report report;
  report.data["checked_at"] = time_text(now);
  report.data["version"] = sync::software_version();
  report.data["kiosk_id"] = config.kiosk.id;
  report.data["data_dir"] = fs::absolute(config.data_dir).lexically_normal().string();
  add_config(report, loaded);
  // A file that cannot be read or parsed at all leaves the data directory unknown: the state is unreadable.
  for (const auto& issue : loaded.issues) {
    if (issue.key != "(file)" && issue.key != "(syntax)") continue;
    if (as_json) {
      report.data["error"] = issue.reason;
      report.data["healthy"] = false;
      ctx.out << report.data.dump(2) << "\n";
    } else {
      ctx.err << "kioskctl status: không đọc được tệp cấu hình / cannot read the configuration: " << issue.reason
              << "\n";
    }
    return kExitUsage;
  }
  try {
    add_queue(report, config, now);
    add_staff_and_tickets(report, config, now);
  } catch (const std::exception& error) {
    // The state cannot be read: say why (key or database problem), exit 2.
    if (as_json) {
      report.data["error"] = error.what();
      report.data["healthy"] = false;
      ctx.out << report.data.dump(2) << "\n";
    } else {
      ctx.err << "kioskctl status: không đọc được trạng thái / cannot read the kiosk's state: " << error.what() << "\n";
    }
    return kExitUsage;
  }
  add_printer(report, config);
  add_server(report, config, offline, timeout_s, stale_queue_s);
  report.data["attention"] = report.attention;
  report.data["healthy"] = report.attention.empty();
  if (as_json)
    ctx.out << report.data.dump(2) << "\n";
  else
    print_text(ctx.out, report);
  return report.attention.empty() ? kExitOk : kExitFailure;
}

const bool registered = register_command(
    {"status", kUsage,
     "health of this kiosk: queue, last sync, printer, staff PIN, tickets, server (exit 0 ok, 1 attention, 2 "
     "unreadable)",
     status_command});

}  // namespace
}  // namespace mc::ctl
