#pragma once
// The official forms of Thông tư 01/2018/TT-VPCP for the office's A4/A5 printer, as PDF (cairo + pango,
// Noto fonts embedded, real text that pdftotext and search can read):
//   Mẫu 01  Giấy tiếp nhận hồ sơ và hẹn trả kết quả — A5 (or A4), Liên 1 and/or Liên 2;
//   Mẫu 05  Phiếu kiểm soát quá trình giải quyết hồ sơ — A4, its handover rows left for hand filling;
//   Mẫu 06  Sổ theo dõi hồ sơ — landscape A4, every dossier received in a day or a period.
// The wording is the thermal receipt's (assets/receipt/default.json and the agency's override): one
// source for the labels both print. Nothing here touches a printer: office_printer.hpp sends the PDF.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "mc/core/config.hpp"
#include "mc/core/datetime.hpp"
#include "mc/core/dossier.hpp"
#include "mc/printing/wording.hpp"

namespace mc::documents {

enum class Paper { A5, A4 };
std::optional<Paper> parse_paper(std::string_view name);  // "a5" / "a4" (any case)
const char* paper_name(Paper paper);                      // "a5" / "a4"

enum class FormKind { Receipt01, ControlSlip05, Register06 };
const char* form_number(FormKind kind);  // "01", "05", "06"

// A dossier as the forms need it. When retention has purged its personal data, the forms print what
// remains and say what was removed and when, instead of leaving blanks that look like a missing entry.
struct FormDossier {
  Dossier dossier;
  DossierStatus status = DossierStatus::NewlyRegistered;  // as last known (the server's, else the kiosk's)
  bool personal_data_purged = false;
  std::optional<int64_t> purged_at_unix;
};

// The agency (configuration) and the printed wording, shared by every form.
struct FormContext {
  const Config& config;
  const printing::ReceiptWording& wording;
};

struct RenderedPdf {
  std::string bytes;
  int pages = 0;
};

constexpr int kCopyForFile = 1;   // Liên 1: lưu
constexpr int kCopyForFiler = 2;  // Liên 2: giao người nộp hồ sơ
constexpr int kBothCopies = kCopyForFile | kCopyForFiler;

struct Form01Options {
  Paper paper = Paper::A5;
  int copies_mask = kBothCopies;  // each copy starts on a new page and is numbered on its own
};

// Throws std::runtime_error only when cairo cannot produce the PDF.
RenderedPdf render_form01(const FormDossier& dossier, const FormContext& context, const Form01Options& options = {});
RenderedPdf render_form05(const FormDossier& dossier, const FormContext& context);
// dossiers: those received from `from` to `to` (inclusive), in the order they were received.
// printed_at: printed in the footer line of the register.
RenderedPdf render_form06(const std::vector<FormDossier>& dossiers, Date from, Date to, const FormContext& context,
                          const LocalDateTime& printed_at);

// A file name for a form that carries no personal data: "mau-01-000.00.15.G12-260305-1007.pdf",
// "mau-06-2026-03-02-2026-03-06.pdf".
std::string form_file_name(FormKind kind, const std::string& dossier_code, Date from = {}, Date to = {});

}  // namespace mc::documents
