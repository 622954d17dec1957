#pragma once
// Receipt, queue ticket and test page layouts. All text is drawn with FreeType from Noto Sans after
// NFC normalisation, so Vietnamese prints identically on every printer: no code page is involved.
#include <string>
#include "mc/core/config.hpp"
#include "mc/core/datetime.hpp"
#include "mc/core/dossier.hpp"
#include "mc/core/localized.hpp"
#include "mc/core/tickets.hpp"
#include "mc/printing/bitmap.hpp"
#include "mc/printing/profile.hpp"
#include "mc/printing/wording.hpp"

namespace mc::printing {

// "09 giờ 05 phút, ngày 02 tháng 03 năm 2026" (the wording's time_format).
std::string official_time(const LocalDateTime& time, const ReceiptWording& wording);
// "135.000" (Vietnamese thousands separator).
std::string format_vnd(int64_t amount_vnd);
// The tracking QR's content: printer.tracking_url with {code} replaced, or the code itself.
std::string tracking_payload(const Dossier& dossier, const Config& config);

// copy: 1 = Liên 1 (kept with the dossier), 2 = Liên 2 (for the filer). Throws std::runtime_error only
// when the fonts cannot be loaded.
Bitmap render_receipt(const Dossier& dossier, const Config& config, const PrinterProfile& profile,
                      const ReceiptWording& wording, int copy);

struct QueueTicket {
  std::string number;   // "A023"
  LocalizedText area;   // service area or counter
  std::string counter;  // optional counter name ("Quầy 3")
  LocalDateTime issued_at;
  int waiting = 0;        // people ahead
  bool priority = false;  // elderly, disabled, pregnant... (ưu tiên)
  // Issued after office.close or on a day off (office.tickets_after_close = "warn", issue 13): the paper says
  // the office is closed and when it opens, as the screen did. Empty: office hours.
  std::optional<TicketHoursNotice> closed;
};
Bitmap render_queue_ticket(const QueueTicket& ticket, const Config& config, const PrinterProfile& profile,
                           const ReceiptWording& wording);

// Every Vietnamese vowel with every tone, the profile's figures, a QR and a width ruler.
Bitmap render_test_page(const Config& config, const PrinterProfile& profile, const ReceiptWording& wording,
                        const LocalDateTime& now);

// A bare QR code (quiet zone included) at module_dots per module; for `kioskctl vietqr --png`.
Bitmap render_qr(const std::string& payload, int module_dots);

}  // namespace mc::printing
