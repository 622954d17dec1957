#pragma once
// The one object the kiosk UI and staff mode use. Loads the printer profile and the agency's wording
// from assets, renders, encodes and sends. Nothing here throws and nothing touches the dossier: a failed
// print is a PrintOutcome with a clear message, and the receipt can be printed again later.
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include "mc/core/config.hpp"
#include "mc/core/dossier.hpp"
#include "mc/core/localized.hpp"
#include "mc/printing/escpos.hpp"
#include "mc/printing/profile.hpp"
#include "mc/printing/render.hpp"
#include "mc/printing/transport.hpp"
#include "mc/printing/wording.hpp"

namespace mc::printing {

struct PrintOutcome {
  bool printed = false;
  PrinterState state = PrinterState::Unknown;
  LocalizedText message;    // for the citizen / staff screen
  std::string preview_png;  // virtual printer: path of the PNG preview
  std::string detail;       // technical detail for staff and logs (no personal data)
};

constexpr int kCopyForFile = 1;   // Liên 1: lưu
constexpr int kCopyForFiler = 2;  // Liên 2: giao người nộp hồ sơ
constexpr int kBothCopies = kCopyForFile | kCopyForFiler;
// What the kiosk prints at the end of a journey: the citizen's Liên 2; Liên 1 is the office's and prints at the
// counter, or here only when printer.copies says "both".
int kiosk_receipt_copies(const Config& config);

class ReceiptPrinter {
 public:
  explicit ReceiptPrinter(const Config& config);
  // Tests and staff tools can pass their own transport.
  ReceiptPrinter(const Config& config, std::unique_ptr<Transport> transport);
  ~ReceiptPrinter();

  // copies_mask: bit 0 = Liên 1, bit 1 = Liên 2.
  PrintOutcome print_receipt(const Dossier& dossier, int copies_mask = kBothCopies);
  PrintOutcome print_ticket(const QueueTicket& ticket);
  PrintOutcome print_test_page();
  PrinterState state();

  // Set up without problems? (profile and wording loaded). The message says what is wrong otherwise.
  bool ready_to_render() const { return setup_error_.empty(); }
  const std::string& setup_error() const { return setup_error_; }
  const PrinterProfile& profile() const { return profile_; }
  const ReceiptWording& wording() const { return wording_; }

 private:
  PrintOutcome send_job(const std::vector<Bitmap>& pages, const std::string& job_name);

  Config config_;
  PrinterProfile profile_;
  ReceiptWording wording_;
  std::string setup_error_;
  std::unique_ptr<Transport> transport_;
  std::mutex mutex_;  // one job at a time (UI thread and staff mode may both print)
};

}  // namespace mc::printing
