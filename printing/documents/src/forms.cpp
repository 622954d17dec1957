#include "mc/documents/forms.hpp"

#include <algorithm>
#include <cctype>
#include <cstdio>

#include "layout.hpp"
#include "mc/core/text.hpp"
#include "mc/printing/render.hpp"

namespace mc::documents {

using detail::Align;
using detail::bold;
using detail::Cell;
using detail::Document;
using detail::escape;
using detail::fill;
using detail::italic;
using detail::Item;
using detail::PageGeometry;
using detail::TableColumn;
using detail::TextStyle;
using detail::unbreakable;

std::optional<Paper> parse_paper(std::string_view name) {
  std::string lower(name);
  std::transform(lower.begin(), lower.end(), lower.begin(), [](unsigned char c) { return std::tolower(c); });
  if (lower == "a5") return Paper::A5;
  if (lower == "a4") return Paper::A4;
  return std::nullopt;
}

const char* paper_name(Paper paper) {
  return paper == Paper::A4 ? "a4" : "a5";
}

const char* form_number(FormKind kind) {
  switch (kind) {
    case FormKind::Receipt01:
      return "01";
    case FormKind::ControlSlip05:
      return "05";
    case FormKind::Register06:
      return "06";
  }
  return "01";
}

std::string form_file_name(FormKind kind, const std::string& dossier_code, Date from, Date to) {
  std::string name = std::string("mau-") + form_number(kind) + "-";
  if (kind == FormKind::Register06) return name + from.iso() + "-" + to.iso() + ".pdf";
  // Dossier codes are letters, digits, dots and dashes; anything else would not be a code.
  for (char c : dossier_code) name += std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '-' ? c : '_';
  return name + ".pdf";
}

namespace {

// The font of the printed forms: a serif, as official documents are set (Noto Serif, fonts-noto-core).
constexpr const char* kFontFamily = "Noto Serif";

constexpr double kPointsPerMm = 72.0 / 25.4;

// Type sizes per paper: A5 is the form's own size, A4 the same form a little larger.
struct Scale {
  double body, small, title, header;
};
Scale scale_for(Paper paper) {
  return paper == Paper::A4 ? Scale{12, 9.5, 14, 10.5} : Scale{9, 7, 11, 7.5};
}

PageGeometry geometry(double width_mm, double height_mm, double top_mm, double bottom_mm, double left_mm,
                      double right_mm) {
  return {width_mm * kPointsPerMm,  height_mm * kPointsPerMm, top_mm * kPointsPerMm,
          bottom_mm * kPointsPerMm, left_mm * kPointsPerMm,   right_mm * kPointsPerMm};
}

PageGeometry portrait(Paper paper) {
  return paper == Paper::A4 ? geometry(210, 297, 15, 15, 25, 15) : geometry(148, 210, 8, 10, 12, 9);
}

TextStyle style(double size, Align align = Align::Left, bool is_bold = false, bool is_italic = false) {
  TextStyle s;
  s.size = size;
  s.align = align;
  s.bold = is_bold;
  s.italic = is_italic;
  return s;
}

std::string two_digits(int value) {
  char buffer[16];
  std::snprintf(buffer, sizeof buffer, "%02d", value);
  return buffer;
}

std::string copy_label(const printing::ReceiptWording& wording, CopyType type) {
  switch (type) {
    case CopyType::Copy:
      return wording.get("copy_copy");
    case CopyType::CertifiedCopy:
      return wording.get("copy_certified");
    default:
      return wording.get("copy_original");
  }
}

std::string purged_date(const FormDossier& form) {
  return form.purged_at_unix ? LocalDateTime::from_unix(*form.purged_at_unix).date.dmy() : std::string("?");
}

// A personal value, or what happened to it: retention removed it (said in italics), or it was never
// given (left empty, as on a hand-filled form).
std::string personal(const FormDossier& form, const printing::ReceiptWording& wording, const std::string& value,
                     bool emphasise = false) {
  if (form.personal_data_purged) return italic(wording.get("purged_field"));
  return emphasise ? bold(value) : escape(value);
}

// Agency on the left, the national motto on the right, each underlined by a short rule (the layout of
// every form of Thông tư 01/2018 and of Nghị định 30/2020 on administrative documents).
void agency_and_motto(Document& doc, const Config& config, const printing::ReceiptWording& wording, double size) {
  const double width = doc.content_width();
  const double left_width = width * 0.45, right_width = width - left_width;
  Cell agency{left_width, {}};
  if (!config.agency.parent_vi.empty())
    agency.items.push_back(Item::text(escape(to_upper(config.agency.parent_vi)), style(size, Align::Center)));
  agency.items.push_back(Item::text(bold(to_upper(config.agency.name_vi)), style(size, Align::Center)));
  agency.items.push_back(Item::text(bold(wording.get("office_name")), style(size, Align::Center)));
  agency.items.push_back(Item::rule(left_width * 0.35));
  Cell motto{right_width, {}};
  motto.items.push_back(Item::text(bold(wording.get("motto_line1")), style(size, Align::Center)));
  motto.items.push_back(Item::text(bold(wording.get("motto_line2")), style(size + 0.5, Align::Center)));
  motto.items.push_back(Item::rule(right_width * 0.55));
  doc.block({agency, motto});
}

// "Mẫu số 01" and the legal basis, top right; an optional label (Liên 1 / Liên 2) top left.
void form_corner(Document& doc, const printing::ReceiptWording& wording, const std::string& form_key,
                 const std::string& left_label, double size) {
  const double width = doc.content_width();
  Cell left{width * 0.4, {}};
  if (!left_label.empty()) left.items.push_back(Item::text(bold(left_label), style(size, Align::Left, false, true)));
  Cell right{width * 0.6, {}};
  right.items.push_back(Item::text(bold(wording.get(form_key)), style(size, Align::Right)));
  right.items.push_back(Item::text(italic(wording.get("legal_basis")), style(size - 1, Align::Right)));
  doc.block({left, right});
}

std::string place_and_date(const Config& config, const printing::ReceiptWording& wording, const Date& date) {
  return fill(wording.get("place_date"), {{"place", escape(config.agency.place)},
                                          {"dd", two_digits(date.day)},
                                          {"MM", two_digits(date.month)},
                                          {"yyyy", std::to_string(date.year)}});
}

std::string time_markup(const LocalDateTime& time, const printing::ReceiptWording& wording) {
  return unbreakable(bold(printing::official_time(time, wording)));
}

void purge_notice(Document& doc, const FormDossier& form, const printing::ReceiptWording& wording, double size) {
  if (!form.personal_data_purged) return;
  doc.space(size * 0.4);
  doc.text(fill(wording.get("purged_notice"), {{"date", bold(purged_date(form))}}),
           style(size, Align::Center, false, true));
}

void metadata(Document& doc, const Config& config, const std::string& title, const std::string& subject) {
  doc.set_metadata(title, config.agency.name_vi, subject);
}

}  // namespace

// ---- Mẫu 01 ----------------------------------------------------------------------------------------

RenderedPdf render_form01(const FormDossier& form, const FormContext& context, const Form01Options& options) {
  const Dossier& dossier = form.dossier;
  const auto& wording = context.wording;
  const Config& config = context.config;
  const Scale s = scale_for(options.paper);
  Document doc(portrait(options.paper), kFontFamily);
  metadata(doc, config, wording.get("title") + " — " + dossier.code, wording.get("form_number"));
  const double width = doc.content_width();
  TextStyle body = style(s.body, Align::Justify);
  // Numbered items are not justified: a long unbreakable time would stretch the spaces before it.
  TextStyle item = style(s.body);
  item.hanging = s.body * 1.1;  // continuation lines of "4. Thời gian nhận hồ sơ: ..." under its text

  const int mask = (options.copies_mask & kBothCopies) ? (options.copies_mask & kBothCopies) : kBothCopies;
  for (int copy : {kCopyForFile, kCopyForFiler}) {
    if (!(mask & copy)) continue;
    doc.begin_section(escape(wording.get("page_number")), s.small);
    form_corner(doc, wording, "form_number", wording.get(copy == kCopyForFile ? "copy_1" : "copy_2"), s.small);
    doc.space(s.body * 0.5);
    agency_and_motto(doc, config, wording, s.header);
    doc.space(s.body * 0.3);
    doc.block({Cell{width * 0.45, {}}, Cell{width * 0.55,
                                            {Item::text(place_and_date(config, wording, dossier.received_at.date),
                                                        style(s.body, Align::Center, false, true))}}});
    doc.space(s.body * 0.5);
    doc.text(bold(wording.get("title")), style(s.title, Align::Center));
    doc.text(fill(wording.get("dossier_code"), {{"code", unbreakable(bold(dossier.code))}}),
             style(s.body + 1, Align::Center));
    purge_notice(doc, form, wording, s.small);
    doc.space(s.body * 0.4);

    doc.text(fill(wording.get("intro"),
                  {{"office", escape(wording.get("office_name"))}, {"agency", escape(config.agency.name_vi)}}),
             body);
    doc.text(fill(wording.get("applicant"), {{"name", personal(form, wording, dossier.applicant.full_name, true)}}),
             body);
    doc.text(fill(wording.get("address"), {{"address", personal(form, wording, dossier.applicant.address)}}), body);
    doc.text(fill(wording.get("phone"), {{"phone", personal(form, wording, dossier.phone)}}), body);
    doc.text(fill(wording.get("email"), {{"email", personal(form, wording, dossier.email)}}), body);
    doc.text(fill(wording.get("request"), {{"procedure", bold(dossier.procedure.name.vi)}}), body);
    if (!dossier.procedure.code.empty())
      doc.text(fill(wording.get("procedure_code"), {{"procedure_code", escape(dossier.procedure.code)}}),
               style(s.small));
    doc.space(s.body * 0.3);

    // 1. The documents received: number | name | original/copy | paper/electronic | count.
    doc.text(escape(wording.get("documents_heading")), item);
    doc.space(s.body * 0.2);
    if (dossier.documents_received.empty()) {
      doc.text(italic(wording.get("documents_none")), body);
    } else {
      const double number_width = s.body * 2.2, count_width = s.body * 2.6, medium_width = width * 0.16;
      const double kind_width = width * 0.2;
      const double name_width = width - number_width - count_width - medium_width - kind_width;
      std::vector<TableColumn> columns = {{number_width, Align::Center},
                                          {name_width, Align::Left},
                                          {kind_width, Align::Left},
                                          {medium_width, Align::Left},
                                          {count_width, Align::Center}};
      std::vector<std::string> header = {
          bold(wording.get("documents_col_number")), bold(wording.get("documents_col_name")),
          bold(wording.get("documents_col_kind")), bold(wording.get("documents_col_medium")),
          bold(wording.get("documents_col_count"))};
      std::vector<std::vector<std::string>> rows;
      int number = 0;
      for (const auto& document : dossier.documents_received)
        rows.push_back(
            {std::to_string(++number), escape(document.name.vi), escape(copy_label(wording, document.copy_type)),
             escape(wording.get(document.medium == DocumentMedium::Electronic ? "medium_electronic" : "medium_paper")),
             std::to_string(document.count)});
      doc.table(columns, header, rows, style(s.small + 0.5), style(s.small + 0.5, Align::Center));
    }
    doc.space(s.body * 0.3);
    doc.text(fill(wording.get("sets"), {{"sets", bold(std::to_string(dossier.sets))}}), item);
    doc.text(fill(wording.get("processing_time"), {{"days", bold(std::to_string(dossier.procedure.processing_days))}}),
             item);
    doc.text(fill(wording.get("received_at"), {{"time", time_markup(dossier.received_at, wording)}}), item);
    doc.text(fill(wording.get("due_at"), {{"time", time_markup(dossier.due_at, wording)}}), item);
    const std::string place =
        dossier.result_delivery == "post"
            ? escape(wording.get("delivery_post"))
            : fill(wording.get("delivery_in_person"),
                   {{"office", escape(wording.get("office_name"))}, {"agency", escape(config.agency.name_vi)}});
    doc.text(fill(wording.get("delivery"), {{"place", place}}), item);

    // Fees (phí, lệ phí), a common local extra of the form.
    int64_t total_fee = 0;
    for (const auto& fee : dossier.procedure.fees) total_fee += fee.amount_vnd;
    if (total_fee <= 0) {
      doc.text(bold(wording.get("fees_heading")) + " " + escape(wording.get("fees_none")), body);
    } else {
      std::string fees = bold(wording.get("fees_heading"));
      for (const auto& fee : dossier.procedure.fees)
        fees +=
            " " + escape(fee.name.vi) + ": " +
            unbreakable(fill(wording.get("fee_amount"), {{"amount", escape(printing::format_vnd(fee.amount_vnd))}})) +
            ";";
      if (dossier.procedure.fees.size() > 1)
        fees += " " + escape(wording.get("fee_total")) + ": " +
                unbreakable(bold(wording.format("fee_amount", {{"amount", printing::format_vnd(total_fee)}})));
      else if (!fees.empty() && fees.back() == ';')
        fees.pop_back();
      doc.text(fees, body);
    }
    doc.space(s.body * 0.4);

    // The register entry and lookup code beside the tracking QR.
    const double qr_side = options.paper == Paper::A4 ? 80 : 56;
    Cell register_cell{width - qr_side - 8, {}};
    register_cell.items.push_back(
        Item::text(fill(wording.get("register"), {{"sequence", bold([&] {
                                                     const size_t dash = dossier.code.rfind('-');
                                                     return dash == std::string::npos ? dossier.code
                                                                                      : dossier.code.substr(dash + 1);
                                                   }())}}),
                   style(s.body)));
    if (!dossier.lookup_code.empty())
      register_cell.items.push_back(Item::text(
          fill(wording.get("lookup_code"), {{"lookup_code", unbreakable(bold(dossier.lookup_code))}}), style(s.body)));
    register_cell.items.push_back(Item::text(italic(wording.get("tracking_qr_caption")), style(s.small)));
    if (!dossier.kiosk_id.empty())
      register_cell.items.push_back(
          Item::text(italic(wording.format("kiosk_note", {{"kiosk", dossier.kiosk_id}})), style(s.small)));
    Cell qr_cell{qr_side, {Item::qr(printing::tracking_payload(dossier, config), qr_side, Align::Right)}};
    doc.block({register_cell, qr_cell}, 8);
    doc.space(s.body * 0.2);

    // Signatures, with room to sign; the filer's name printed under their signature.
    const double half = width / 2;
    Cell filer{
        half,
        {Item::text(bold(wording.get("signature_filer")), style(s.body, Align::Center)),
         Item::text(italic(wording.get("signature_hint")), style(s.small, Align::Center)), Item::space(s.body * 3.5)}};
    if (!form.personal_data_purged)
      filer.items.push_back(Item::text(bold(dossier.applicant.full_name), style(s.body, Align::Center)));
    Cell officer{
        half,
        {Item::text(bold(wording.get("signature_officer")), style(s.body, Align::Center)),
         Item::text(italic(wording.get("signature_hint")), style(s.small, Align::Center)), Item::space(s.body * 3.5)}};
    doc.block({filer, officer});
  }
  RenderedPdf out;
  out.pages = doc.page_count();
  out.bytes = doc.finish();
  return out;
}

// ---- Mẫu 05 ----------------------------------------------------------------------------------------

RenderedPdf render_form05(const FormDossier& form, const FormContext& context) {
  const Dossier& dossier = form.dossier;
  const auto& wording = context.wording;
  const Config& config = context.config;
  const Scale s = scale_for(Paper::A4);
  Document doc(portrait(Paper::A4), kFontFamily);
  metadata(doc, config, wording.get("form05_title") + " — " + dossier.code, wording.get("form05_number"));
  const double width = doc.content_width();
  const TextStyle body = style(s.body, Align::Justify);

  doc.begin_section(escape(wording.get("page_number")), s.small);
  form_corner(doc, wording, "form05_number", "", s.small);
  doc.space(s.body * 0.5);
  agency_and_motto(doc, config, wording, s.header);
  doc.space(s.body * 1.2);
  doc.text(bold(wording.get("form05_title")), style(s.title, Align::Center));
  doc.text(fill(wording.get("form05_receipt_ref"), {{"code", unbreakable(bold(dossier.code))}}),
           style(s.body, Align::Center, false, true));
  purge_notice(doc, form, wording, s.small + 0.5);
  doc.space(s.body * 0.8);
  doc.text(fill(wording.get("applicant"), {{"name", personal(form, wording, dossier.applicant.full_name, true)}}),
           body);
  doc.text(fill(wording.get("request"), {{"procedure", bold(dossier.procedure.name.vi)}}), body);
  doc.text(fill(wording.get("form05_received"), {{"time", time_markup(dossier.received_at, wording)}}), body);
  doc.text(fill(wording.get("form05_due"), {{"time", time_markup(dossier.due_at, wording)}}), body);
  const std::string handling = dossier.procedure.agency_name.vi.empty() ? escape(wording.get("form05_blank"))
                                                                        : bold(dossier.procedure.agency_name.vi);
  doc.text(fill(wording.get("form05_handling_agency"), {{"agency", handling}}), body);
  doc.text(fill(wording.get("form05_coordinating_agency"), {{"agency", escape(wording.get("form05_blank"))}}), body);
  doc.space(s.body * 0.8);

  // The handovers, left for the officers to fill in by hand as the paper dossier travels: from the
  // one-stop desk to the handling department, between departments, and back to the desk.
  const double agency_width = width * 0.3, time_width = width * 0.36, result_width = width * 0.19;
  const double note_width = width - agency_width - time_width - result_width;
  std::vector<TableColumn> columns = {{agency_width, Align::Left},
                                      {time_width, Align::Center},
                                      {result_width, Align::Center},
                                      {note_width, Align::Left}};
  std::vector<std::string> header = {bold(wording.get("form05_col_agency")), bold(wording.get("form05_col_time")),
                                     bold(wording.get("form05_col_result")), bold(wording.get("form05_col_note"))};
  const std::string blank = escape(wording.get("form05_blank"));
  const std::string office = escape(wording.get("form05_office"));
  constexpr int kHandoverRows = 5;
  std::vector<std::vector<std::string>> rows;
  for (int n = 1; n <= kHandoverRows; ++n) {
    const std::string from = n == 1 ? office : blank;
    const std::string to = n == kHandoverRows ? office : blank;
    rows.push_back({fill(wording.get("form05_handover"), {{"n", std::to_string(n)}, {"from", from}}) + "\n" +
                        fill(wording.get("form05_receive"), {{"to", to}}),
                    escape(wording.get("form05_blank_time")) + "\n" + escape(wording.get("form05_giver")) +
                        "          " + escape(wording.get("form05_receiver")) + "\n\n",
                    "", ""});
  }
  doc.table(columns, header, rows, style(s.small), style(s.small, Align::Center), 5);
  RenderedPdf out;
  out.pages = doc.page_count();
  out.bytes = doc.finish();
  return out;
}

// ---- Mẫu 06 ----------------------------------------------------------------------------------------

RenderedPdf render_form06(const std::vector<FormDossier>& dossiers, Date from, Date to, const FormContext& context,
                          const LocalDateTime& printed_at) {
  const auto& wording = context.wording;
  const Config& config = context.config;
  const double body = 10, small = 7.5;
  Document doc(geometry(297, 210, 12, 13, 15, 12), kFontFamily);
  metadata(doc, config, wording.get("form06_title") + " — " + from.dmy() + " – " + to.dmy(),
           wording.get("form06_number"));
  const double width = doc.content_width();

  doc.begin_section(escape(wording.get("page_number")), small);
  Cell agency{
      width * 0.5,
      {Item::text(bold(to_upper(config.agency.name_vi)), style(body, Align::Center)),
       Item::text(bold(wording.get("office_name")), style(body, Align::Center)), Item::rule(width * 0.5 * 0.25)}};
  Cell corner{width * 0.5,
              {Item::text(bold(wording.get("form06_number")), style(small, Align::Right)),
               Item::text(italic(wording.get("legal_basis")), style(small - 1, Align::Right))}};
  doc.block({agency, corner});
  doc.space(body * 0.8);
  doc.text(bold(wording.get("form06_title")), style(14, Align::Center));
  doc.text(from == to ? fill(wording.get("form06_day"), {{"date", bold(from.dmy())}})
                      : fill(wording.get("form06_period"), {{"from", bold(from.dmy())}, {"to", bold(to.dmy())}}),
           style(body, Align::Center, false, true));
  doc.space(body * 0.8);

  if (dossiers.empty()) {
    doc.text(italic(wording.get("form06_empty")), style(body, Align::Center));
  } else {
    // The columns of Mẫu 06, narrowed to what a kiosk records; "Ghi chú" is left for the officer's pen.
    const double number_w = 22, code_w = 116, sets_w = 24, name_w = 92, time_w = 56, status_w = 64, note_w = 52;
    const double rest = width - number_w - code_w - sets_w - name_w - 2 * time_w - status_w - note_w;
    const double procedure_w = rest * 0.48, contact_w = rest - procedure_w;
    std::vector<TableColumn> columns = {{number_w, Align::Center}, {code_w, Align::Left},   {procedure_w, Align::Left},
                                        {sets_w, Align::Center},   {name_w, Align::Left},   {contact_w, Align::Left},
                                        {time_w, Align::Center},   {time_w, Align::Center}, {status_w, Align::Left},
                                        {note_w, Align::Left}};
    std::vector<std::string> header;
    for (const char* key :
         {"form06_col_number", "form06_col_code", "form06_col_procedure", "form06_col_sets", "form06_col_filer",
          "form06_col_contact", "form06_col_received", "form06_col_due", "form06_col_status", "form06_col_note"})
      header.push_back(bold(wording.get(key)));
    std::vector<std::vector<std::string>> rows;
    rows.reserve(dossiers.size());
    int number = 0;
    for (const FormDossier& form : dossiers) {
      const Dossier& d = form.dossier;
      std::string name, contact;
      if (form.personal_data_purged) {
        name = italic(wording.format("form06_purged", {{"date", purged_date(form)}}));
      } else {
        name = bold(d.applicant.full_name);
        contact = escape(d.applicant.address);
        if (!trim(d.phone).empty()) contact += (contact.empty() ? "" : "; ") + unbreakable(escape(d.phone));
      }
      rows.push_back({std::to_string(++number), unbreakable(escape(d.code)), escape(d.procedure.name.vi),
                      std::to_string(d.sets), name, contact, escape(d.received_at.dmy_hm()), escape(d.due_at.dmy_hm()),
                      escape(status_label(form.status).vi), ""});
    }
    doc.table(columns, header, rows, style(small), style(small, Align::Center), 2);
    doc.space(body * 0.6);
    doc.text(fill(wording.get("form06_total"), {{"count", bold(std::to_string(dossiers.size()))}}), style(body));
  }
  doc.text(fill(wording.get("form06_printed_at"), {{"time", escape(printed_at.dmy_hm())}}),
           style(small, Align::Right, false, true));
  RenderedPdf out;
  out.pages = doc.page_count();
  out.bytes = doc.finish();
  return out;
}

}  // namespace mc::documents
