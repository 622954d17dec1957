// kioskctl document scan / document scanners: the document scanner without a dossier, for the IT officer
// setting one up (issue 14): which SANE devices this machine sees, and a test capture to a PDF made the
// way the kiosk makes a dossier's document (same clean-up, JPEG and PDF code). kioskctl document export: a
// queued dossier's electronic document as a plain PDF, audited as staff mode's export is.
#include <unistd.h>

#include <algorithm>
#include <fstream>
#include <ostream>
#include <string>

#include "command.hpp"
#include "mc/capture/document_pdf.hpp"
#include "mc/capture/document_scanner.hpp"
#include "mc/core/db.hpp"
#include "mc/core/staff.hpp"
#include "mc/sync/attachment_store.hpp"
#include "mc/sync/outbox.hpp"

namespace mc::ctl {
namespace {

int run_document_scanners(CommandContext& ctx) {
  try {
    const auto scanners = capture::list_scanners();
    for (const auto& scanner : scanners)
      ctx.out << scanner.name << "\t" << scanner.vendor << " " << scanner.model << " (" << scanner.type << ")\n";
    if (scanners.empty()) ctx.err << "kioskctl document scanners: SANE sees no scanner on this machine\n";
    return scanners.empty() ? kExitFailure : kExitOk;
  } catch (const capture::CaptureError& error) {
    ctx.err << "kioskctl document scanners: " << error.what() << "\n";
    return kExitFailure;
  }
}

int run_document_scan(CommandContext& ctx) {
  const char* usage =
      "Usage: kioskctl document scan --device DEV --out FILE.pdf [--pages N] [--dpi N] [--mode grey|colour]"
      " [--page-size a4|a5|letter|legal] [--option name=value]...\n";
  capture::ScanSettings settings;
  settings.device = ctx.take_option("--device");
  const std::string out_path = ctx.take_option("--out");
  const std::string pages_text = ctx.take_option("--pages", "1");
  const std::string dpi_text = ctx.take_option("--dpi", "200");
  const std::string page_size = ctx.take_option("--page-size", "a4");
  const std::string mode = ctx.take_option("--mode", "grey");
  const bool colour_flag = ctx.take_flag("--colour");  // older spelling of --mode colour
  if (mode != "grey" && mode != "gray" && mode != "colour" && mode != "color") {
    ctx.err << "kioskctl document scan: --mode is grey or colour, not '" << mode << "'\n" << usage;
    return kExitUsage;
  }
  settings.colour = colour_flag || mode == "colour" || mode == "color";
  std::vector<std::string> option_items;
  for (std::string item = ctx.take_option("--option"); !item.empty(); item = ctx.take_option("--option"))
    option_items.push_back(item);
  int pages = 0;
  try {
    pages = std::stoi(pages_text);
    settings.dpi = std::stoi(dpi_text);
    settings.options = capture::parse_option_list(option_items);
  } catch (const std::exception&) {
    ctx.err << "kioskctl document scan: --pages and --dpi take numbers, --option takes name=value\n" << usage;
    return kExitUsage;
  }
  const auto size = capture::page_size_named(page_size);
  if (settings.device.empty() || out_path.empty() || !ctx.args.empty() || pages < 1 || pages > 100 ||
      settings.dpi < 50 || settings.dpi > 1200 || !size) {
    ctx.err << "kioskctl document scan: give --device and --out (pages 1-100, dpi 50-1200, a known page size)\n"
            << usage;
    return kExitUsage;
  }
  settings.page = *size;

  capture::DocumentScanner scanner(settings);
  const bool err_is_tty = ::isatty(STDERR_FILENO);
  std::vector<CapturedPage> captured;
  for (int i = 0; i < pages; ++i) {
    int shown = -1;  // tenths of this page shown so far
    try {
      // Progress of the page being read, in tenths on one line, when stderr is a terminal (a log or a pipe gets
      // the line per page only). stderr: stdout stays the result.
      capture::ProgressFn progress;
      if (err_is_tty)
        progress = [&](double share) {
          const int tenth = share < 0 ? -1 : static_cast<int>(share * 10);
          if (tenth <= shown) return;
          shown = tenth;
          ctx.err << "\rpage " << (i + 1) << "/" << pages << ": " << tenth * 10 << "%" << std::flush;
        };
      captured.push_back(capture::capture_page(scanner, settings.colour, progress));
      if (shown >= 0) ctx.err << "\r\033[K";
      ctx.err << "page " << (i + 1) << "/" << pages << ": " << captured.back().width << "x" << captured.back().height
              << " px at " << captured.back().dpi << " dpi, " << captured.back().jpeg.size() << " bytes of JPEG\n";
    } catch (const capture::CaptureError& error) {
      if (shown >= 0) ctx.err << "\n";
      ctx.err << "kioskctl document scan: page " << (i + 1) << " not captured (" << capture_failure_name(error.failure)
              << "): " << error.what() << "\n";
      return kExitFailure;  // nothing written: a partial test scan would mislead the officer
    }
  }
  scanner.close();
  std::vector<const CapturedPage*> page_pointers;
  for (const auto& page : captured) page_pointers.push_back(&page);
  capture::PdfMetadata metadata;
  metadata.title = "kioskctl document scan " + settings.device;
  const std::vector<uint8_t> pdf = capture::build_document_pdf(page_pointers, metadata);
  std::ofstream file(out_path, std::ios::binary | std::ios::trunc);
  file.write(reinterpret_cast<const char*>(pdf.data()), static_cast<std::streamsize>(pdf.size()));
  file.close();
  if (!file) {
    ctx.err << "kioskctl document scan: cannot write " << out_path << "\n";
    return kExitFailure;
  }
  ctx.out << out_path << "\t" << pages << " page(s)\t" << pdf.size() << " bytes\n";
  return kExitOk;
}

int run_document_export(CommandContext& ctx) {
  const char* usage = "Usage: kioskctl document export CODE TP2 --out FILE.pdf\n";
  const std::string out_path = ctx.take_option("--out");
  if (ctx.args.size() != 2 || out_path.empty()) {
    ctx.err << usage;
    return kExitUsage;
  }
  const std::string& code = ctx.args[0];
  const std::string& document_code = ctx.args[1];
  const Config& config = ctx.config();
  auto outbox = open_outbox(config);
  auto entry = outbox->find(code);
  if (!entry) {
    ctx.err << "Không có hồ sơ " << code << " trong hàng đợi / not in the queue\n";
    return kExitFailure;
  }
  const auto& documents = entry->dossier.documents_received;
  const bool electronic = std::any_of(documents.begin(), documents.end(), [&](const DocumentRequirement& d) {
    return d.code == document_code && d.medium == DocumentMedium::Electronic;
  });
  if (!electronic) {
    ctx.err << "Hồ sơ " << code << " không có bản điện tử của " << document_code << " / has no electronic "
            << document_code << "\n";
    return kExitFailure;
  }
  // Audited like staff mode's export, by codes only; a failure too (someone tried).
  auto audit = [&](const std::string& outcome) {
    auto local = open_local_state(config);
    AuditLog(*local, system_clock()).record("kioskctl", "export_document", code + " " + document_code + " " + outcome);
  };
  try {
    auto store = open_attachment_store(config, *outbox);
    const sync::SealedDocument exported = store->export_to(code, document_code, out_path);
    audit("ok bytes=" + std::to_string(exported.bytes));
    ctx.out << out_path << "\t" << exported.bytes << " bytes\tSHA-256 " << exported.sha256 << "\n";
    return kExitOk;
  } catch (const sync::AttachmentError& error) {
    audit(error.kind == sync::AttachmentError::Kind::Damaged ? "failed damaged" : "failed io_error");
    ctx.err << "kioskctl document export: " << error.what() << "\n";
    return kExitFailure;
  }
}

const bool registered =
    register_command({"document scan",
                      "document scan --device DEV --out FILE.pdf [--pages N] [--dpi N] "
                      "[--mode grey|colour] [--page-size a4] [--option name=value]...",
                      "capture pages from a SANE document scanner into one PDF (no dossier)", run_document_scan}) &&
    register_command(
        {"document scanners", "document scanners", "list the document scanners SANE sees", run_document_scanners}) &&
    register_command({"document export", "document export CODE TP2 --out FILE.pdf",
                      "write a queued dossier's electronic document as a PDF (audited)", run_document_export});

}  // namespace
}  // namespace mc::ctl
