#include "mc/printing/printer.hpp"

#include "mc/core/log.hpp"
#include "mc/core/messages.hpp"

namespace mc::printing {

namespace {

LocalizedText failure_message(PrinterState state) {
  return message("print.receipt_failed", {{"state", printer_state_label(state)}});
}

}  // namespace

ReceiptPrinter::ReceiptPrinter(const Config& config) : ReceiptPrinter(config, make_transport(config)) {}

ReceiptPrinter::ReceiptPrinter(const Config& config, std::unique_ptr<Transport> transport)
    : config_(config), transport_(std::move(transport)) {
  std::string assets;
  try {
    assets = config_.resolved_assets_dir();
    profile_ = PrinterProfile::load(assets, config_.printer.profile);
    wording_ = ReceiptWording::load(assets, config_.agency.code);
  } catch (const std::exception& error) {
    setup_error_ = error.what();
    log_error("printing", "printer setup failed: " + setup_error_);
  }
}

ReceiptPrinter::~ReceiptPrinter() = default;

PrinterState ReceiptPrinter::state() {
  std::lock_guard<std::mutex> guard(mutex_);
  if (!profile_.status_query) return PrinterState::Unknown;
  try {
    return transport_->query_status();
  } catch (const std::exception& error) {
    log_error("printing", std::string("status query failed: ") + error.what());
    return PrinterState::Unknown;
  }
}

PrintOutcome ReceiptPrinter::send_job(const std::vector<Bitmap>& pages, const std::string& job_name) {
  PrintOutcome outcome;
  // Ask first: a printer without paper accepts the bytes and prints nothing.
  PrinterState before = profile_.status_query ? transport_->query_status() : PrinterState::Unknown;
  if (!can_print(before)) {
    outcome.state = before;
    outcome.message = failure_message(before);
    outcome.detail = transport_->describe() + ": " + printer_state_name(before);
    log_warn("printing", "not printing " + job_name + ": " + outcome.detail);
    return outcome;
  }
  std::vector<uint8_t> bytes;
  for (const Bitmap& page : pages) {
    std::vector<uint8_t> page_bytes = encode_escpos(page, profile_);
    bytes.insert(bytes.end(), page_bytes.begin(), page_bytes.end());
  }
  // The preview is what the bytes print, page after page (the feed before each cut included as blank rows).
  std::vector<Bitmap> with_feed;
  for (const Bitmap& page : pages) {
    with_feed.push_back(page);
    if (profile_.feed_before_cut_dots > 0) with_feed.push_back(Bitmap(page.width, profile_.feed_before_cut_dots));
  }
  Bitmap preview = stack_vertically(with_feed);
  SendResult sent = transport_->send(bytes, PrintJobInfo{job_name, &preview});
  outcome.preview_png = sent.preview_png;
  outcome.detail = sent.detail;
  if (!sent.ok) {
    outcome.state = sent.state == PrinterState::Ready ? PrinterState::Offline : sent.state;
    outcome.message = failure_message(outcome.state);
    log_warn("printing", "print of " + job_name + " failed: " + sent.detail);
    return outcome;
  }
  outcome.printed = true;
  outcome.state = before == PrinterState::PaperNearEnd ? before : sent.state;
  if (before == PrinterState::PaperNearEnd) {
    outcome.message = message("print.receipt_printed_paper_low");
  } else {
    outcome.message = message("print.receipt_printed");
  }
  log_info("printing",
           "printed " + job_name + " (" + std::to_string(bytes.size()) + " bytes) via " + transport_->describe());
  return outcome;
}

int kiosk_receipt_copies(const Config& config) {
  return config.printer.copies == "both" ? kBothCopies : kCopyForFiler;
}

PrintOutcome ReceiptPrinter::print_receipt(const Dossier& dossier, int copies_mask) {
  std::lock_guard<std::mutex> guard(mutex_);
  PrintOutcome outcome;
  try {
    if (!setup_error_.empty()) throw std::runtime_error(setup_error_);
    std::vector<Bitmap> pages;
    if (copies_mask & kCopyForFile) pages.push_back(render_receipt(dossier, config_, profile_, wording_, 1));
    if (copies_mask & kCopyForFiler) pages.push_back(render_receipt(dossier, config_, profile_, wording_, 2));
    if (pages.empty()) throw std::runtime_error("no copy selected (copies_mask " + std::to_string(copies_mask) + ")");
    return send_job(pages, "receipt-" + dossier.code);
  } catch (const std::exception& error) {
    outcome.state = PrinterState::Unknown;
    outcome.message = message("print.receipt_setup_error");
    outcome.detail = error.what();
    log_error("printing", "receipt for " + dossier.code + " not printed: " + outcome.detail);
    return outcome;
  }
}

PrintOutcome ReceiptPrinter::print_ticket(const QueueTicket& ticket) {
  std::lock_guard<std::mutex> guard(mutex_);
  try {
    if (!setup_error_.empty()) throw std::runtime_error(setup_error_);
    PrintOutcome outcome =
        send_job({render_queue_ticket(ticket, config_, profile_, wording_)}, "ticket-" + ticket.number);
    if (outcome.printed)
      outcome.message = message("print.ticket_printed", {{"number", ticket.number}});
    else
      outcome.message = message("print.ticket_failed", {{"state", printer_state_label(outcome.state)}});
    return outcome;
  } catch (const std::exception& error) {
    PrintOutcome outcome;
    outcome.message = message("print.ticket_setup_error");
    outcome.detail = error.what();
    return outcome;
  }
}

PrintOutcome ReceiptPrinter::print_test_page() {
  std::lock_guard<std::mutex> guard(mutex_);
  try {
    if (!setup_error_.empty()) throw std::runtime_error(setup_error_);
    LocalDateTime now = LocalDateTime::from_unix(system_clock()());
    PrintOutcome outcome = send_job({render_test_page(config_, profile_, wording_, now)}, "test-page");
    if (outcome.printed)
      outcome.message = message("print.test_printed");
    else
      outcome.message = message("print.test_failed", {{"state", printer_state_label(outcome.state)}});
    return outcome;
  } catch (const std::exception& error) {
    PrintOutcome outcome;
    outcome.message = message("print.setup_error");
    outcome.detail = error.what();
    return outcome;
  }
}

}  // namespace mc::printing
