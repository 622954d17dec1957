// kioskctl ratings: the monthly DongBoDanhGia aggregates of the citizens' ratings (issue 20). The kiosk freezes
// and sends them by itself after each month ends; these commands list them and send one on demand.
#include <cstdio>
#include <iostream>
#include <nlohmann/json.hpp>
#include "command.hpp"
#include "mc/core/datetime.hpp"
#include "mc/sync/engine.hpp"
#include "mc/sync/rating_reports.hpp"

namespace mc::ctl {
namespace {

std::unique_ptr<sync::RatingReports> open_reports(CommandContext& ctx) {
  const Config& config = ctx.config();
  require_own_data_dir(config);
  return std::make_unique<sync::RatingReports>(sync::RatingReports::default_path(config), config);
}

int ratings_list(CommandContext& ctx) {
  if (!ctx.args.empty()) {
    ctx.err << "usage: kioskctl ratings list\n";
    return kExitUsage;
  }
  auto reports = open_reports(ctx);
  int shown = 0;
  for (const auto& report : reports->list()) {
    const auto row = nlohmann::json::parse(report.row_json);
    ctx.out << row["NgayTongHop"].get<std::string>() << "  " << report.procedure_code << "  "
            << row["TongSoNguoiDanhGia"] << " người/people  " << row["PhanTramDanhGiaRatHaiLong"] << "% / "
            << row["PhanTramDanhGiaHaiLong"] << "% / " << row["PhanTramDanhGiaChuaHaiLong"] << "%  " << report.state;
    if (!report.error.empty()) ctx.out << " (" << report.error << ")";
    ctx.out << "\n";
    ++shown;
  }
  if (shown == 0) ctx.out << "Chưa có số liệu tháng nào / no month's figures yet\n";
  return kExitOk;
}

// ratings send [--month M-YYYY]: freeze that ended month (default: every ended month) and send what is due
// in one sync round, under the sending lock like `kioskctl sync`.
int ratings_send(CommandContext& ctx) {
  const std::string month = ctx.take_option("--month");
  if (!ctx.args.empty()) {
    ctx.err << "usage: kioskctl ratings send [--month M-YYYY]\n";
    return kExitUsage;
  }
  const Config& config = ctx.config();
  auto reports = std::shared_ptr<sync::RatingReports>(open_reports(ctx));
  const int64_t now = system_clock()();
  if (!month.empty()) {
    int m = 0, y = 0;
    char tail = 0;
    if (std::sscanf(month.c_str(), "%d-%d%c", &m, &y, &tail) != 2 || m < 1 || m > 12 || y < 2000) {
      ctx.err << "--month: a month as M-YYYY, e.g. 3-2026\n";
      return kExitUsage;
    }
    try {
      reports->freeze_month(y, m, now);
    } catch (const std::invalid_argument& error) {
      ctx.err << error.what() << "\n";
      return kExitFailure;
    }
  }
  sync::EngineOptions options;
  options.refresh_catalog = false;
  options.poll_status = false;
  options.heartbeat = false;
  options.purge_personal_data = false;
  options.sending_lock_wait_ms = 60000;
  options.rating_reports = reports;
  auto outbox = open_outbox(config);
  sync::SyncEngine engine(*outbox, sync::make_client(config), config, system_clock(), options);
  const sync::SyncRound round = engine.run_once();
  if (round.another_sender) {
    ctx.err << "another process kept sending this queue for 60 s; try again\n";
    return kExitFailure;
  }
  ctx.out << "rating aggregates sent " << round.ratings_sent << ", refused " << round.ratings_rejected << "\n";
  if (round.transient_failure || round.auth_failure) {
    ctx.err << round.error << "\n";
    return kExitFailure;
  }
  return round.ratings_rejected > 0 ? kExitFailure : kExitOk;
}

const bool registered = [] {
  register_command({"ratings list", "ratings list",
                    "the monthly rating aggregates (DongBoDanhGia) frozen so far and whether they were sent",
                    ratings_list});
  register_command({"ratings send", "ratings send [--month M-YYYY]",
                    "freeze an ended month's rating aggregates (default: every ended month) and send them now",
                    ratings_send});
  return true;
}();

}  // namespace
}  // namespace mc::ctl
