// kioskctl receipt / print-test / vietqr: the printing module from the shell (issue 5).
#include <fstream>
#include <nlohmann/json.hpp>
#include <ostream>
#include <sstream>
#include <string>

#include "command.hpp"
#include "mc/core/dossier.hpp"
#include "mc/printing/printing.hpp"
#include "mc/sync/outbox.hpp"

namespace mc::ctl {
namespace {

using namespace mc::printing;

constexpr const char* kReceiptUsage =
    "receipt CODE --png FILE [--escpos FILE] [--copy 1|2] [--dossier-json FILE] [--print]";
constexpr const char* kVietqrUsage = "vietqr --bin BIN --account ACC --amount N --purpose TEXT [--png FILE]";

int usage_error(CommandContext& ctx, const std::string& command, const std::string& usage, const std::string& problem) {
  ctx.err << "kioskctl " << command << ": " << problem << "\nUsage: kioskctl " << usage << "\n";
  return kExitUsage;
}

bool write_bytes(const std::string& path, const std::vector<uint8_t>& bytes) {
  std::ofstream out(path, std::ios::binary);
  out.write(reinterpret_cast<const char*>(bytes.data()), static_cast<std::streamsize>(bytes.size()));
  return static_cast<bool>(out);
}

void report(CommandContext& ctx, const PrintOutcome& outcome) {
  ctx.out << (outcome.printed ? "printed" : "NOT printed") << " (" << printer_state_name(outcome.state) << ")\n"
          << outcome.message.vi << "\n"
          << outcome.message.en << "\n";
  if (!outcome.detail.empty()) ctx.out << "detail: " << outcome.detail << "\n";
  if (!outcome.preview_png.empty()) ctx.out << "preview: " << outcome.preview_png << "\n";
}

int run_receipt(CommandContext& ctx) {
  const std::string png = ctx.take_option("--png");
  const std::string escpos = ctx.take_option("--escpos");
  const std::string copy_text = ctx.take_option("--copy");
  const std::string dossier_json = ctx.take_option("--dossier-json");
  const bool send = ctx.take_flag("--print");
  if (ctx.args.size() > 1) return usage_error(ctx, "receipt", kReceiptUsage, "unexpected '" + ctx.args[1] + "'");
  const std::string code = ctx.args.empty() ? "" : ctx.args[0];
  if (code.empty() && dossier_json.empty())
    return usage_error(ctx, "receipt", kReceiptUsage, "give the dossier code (or --dossier-json FILE)");
  if (png.empty() && escpos.empty() && !send)
    return usage_error(ctx, "receipt", kReceiptUsage, "say where the receipt goes: --png, --escpos or --print");
  int copies = kBothCopies;
  if (copy_text == "1")
    copies = kCopyForFile;
  else if (copy_text == "2")
    copies = kCopyForFiler;
  else if (!copy_text.empty())
    return usage_error(ctx, "receipt", kReceiptUsage, "--copy must be 1 or 2");

  const Config& config = ctx.config();
  Dossier dossier;
  if (!dossier_json.empty()) {
    std::ifstream in(dossier_json);
    if (!in) {
      ctx.err << "kioskctl receipt: cannot open " << dossier_json << "\n";
      return kExitFailure;
    }
    try {
      dossier = dossier_from_json(nlohmann::json::parse(in));
    } catch (const std::exception& error) {
      ctx.err << "kioskctl receipt: " << dossier_json << " is not a valid dossier: " << error.what() << "\n";
      return kExitFailure;
    }
    if (!code.empty() && dossier.code != code) {
      ctx.err << "kioskctl receipt: " << dossier_json << " holds dossier " << dossier.code << ", not " << code << "\n";
      return kExitFailure;
    }
  } else {
    auto outbox = open_outbox(config);
    auto entry = outbox->find(code);
    if (!entry) {
      ctx.err << "kioskctl receipt: no dossier " << code << " in the queue (" << config.path_in_data("queue.db")
              << ")\n";
      return kExitFailure;
    }
    dossier = entry->dossier;
  }

  ReceiptPrinter printer(config);
  if (!printer.ready_to_render()) {
    ctx.err << "kioskctl receipt: " << printer.setup_error() << "\n";
    return kExitFailure;
  }
  std::vector<Bitmap> pages;
  for (int copy : {1, 2})
    if (copies & copy) pages.push_back(render_receipt(dossier, config, printer.profile(), printer.wording(), copy));
  if (!png.empty()) {
    if (!save_png(stack_vertically(pages, printer.profile().feed_before_cut_dots), png)) {
      ctx.err << "kioskctl receipt: cannot write " << png << "\n";
      return kExitFailure;
    }
    ctx.out << "receipt " << dossier.code << " -> " << png << "\n";
  }
  if (!escpos.empty()) {
    std::vector<uint8_t> bytes;
    for (const Bitmap& page : pages) {
      auto page_bytes = encode_escpos(page, printer.profile());
      bytes.insert(bytes.end(), page_bytes.begin(), page_bytes.end());
    }
    if (!write_bytes(escpos, bytes)) {
      ctx.err << "kioskctl receipt: cannot write " << escpos << "\n";
      return kExitFailure;
    }
    ctx.out << "ESC/POS (" << bytes.size() << " bytes) -> " << escpos << "\n";
  }
  if (send) {
    PrintOutcome outcome = printer.print_receipt(dossier, copies);
    report(ctx, outcome);
    return outcome.printed ? kExitOk : kExitFailure;
  }
  return kExitOk;
}

int run_print_test(CommandContext& ctx) {
  const bool status_only = ctx.take_flag("--status");
  if (!ctx.args.empty())
    return usage_error(ctx, "print-test", "print-test [--status]", "unexpected '" + ctx.args[0] + "'");
  const Config& config = ctx.config();
  ReceiptPrinter printer(config);
  if (status_only) {
    PrinterState state = printer.state();
    ctx.out << printer_state_name(state) << ": " << printer_state_label(state).vi << " / "
            << printer_state_label(state).en << "\n";
    return can_print(state) ? kExitOk : kExitFailure;
  }
  PrintOutcome outcome = printer.print_test_page();
  report(ctx, outcome);
  return outcome.printed ? kExitOk : kExitFailure;
}

int run_vietqr(CommandContext& ctx) {
  const std::string bin = ctx.take_option("--bin");
  const std::string account = ctx.take_option("--account");
  const std::string amount_text = ctx.take_option("--amount", "0");
  const std::string purpose = ctx.take_option("--purpose");
  const std::string png = ctx.take_option("--png");
  if (!ctx.args.empty()) return usage_error(ctx, "vietqr", kVietqrUsage, "unexpected '" + ctx.args[0] + "'");
  if (bin.empty() || account.empty())
    return usage_error(ctx, "vietqr", kVietqrUsage, "--bin and --account are required");
  int64_t amount = 0;
  try {
    size_t used = 0;
    amount = std::stoll(amount_text, &used);
    if (used != amount_text.size() || amount < 0) throw std::invalid_argument("amount");
  } catch (const std::exception&) {
    return usage_error(ctx, "vietqr", kVietqrUsage,
                       "--amount must be a whole number of VND, got '" + amount_text + "'");
  }
  std::string payload;
  try {
    payload = vietqr_payload(bin, account, amount, purpose);
  } catch (const std::invalid_argument& error) {
    return usage_error(ctx, "vietqr", kVietqrUsage, error.what());
  }
  ctx.out << payload << "\n";
  if (!png.empty() && !save_png(render_qr(payload, 6), png)) {
    ctx.err << "kioskctl vietqr: cannot write " << png << "\n";
    return kExitFailure;
  }
  return kExitOk;
}

const bool registered =
    register_command(
        {"receipt", kReceiptUsage, "Render a queued dossier's receipt to PNG / ESC/POS, or print it", run_receipt}) &&
    register_command({"print-test", "print-test [--status]",
                      "Print a test page on the configured printer (or show its state)", run_print_test}) &&
    register_command({"vietqr", kVietqrUsage, "Build a VietQR payment payload (and its QR)", run_vietqr});

}  // namespace
}  // namespace mc::ctl
