#include "mc/printing/render.hpp"

#include <cstdio>
#include <stdexcept>

#include "canvas.hpp"
#include "mc/core/log.hpp"
#include "mc/core/next_steps.hpp"
#include "mc/core/text.hpp"
#include "mc/printing/vietqr.hpp"

namespace mc::printing {

using detail::Align;
using detail::Canvas;
using detail::Column;
using detail::Run;

namespace {

std::string two_digits(int value) {
  char buffer[16];
  std::snprintf(buffer, sizeof buffer, "%02d", value);
  return buffer;
}

std::map<std::string, std::string> date_values(const Date& date) {
  return {{"dd", two_digits(date.day)}, {"MM", two_digits(date.month)}, {"yyyy", std::to_string(date.year)}};
}

// The wording's text as runs: literal words regular, substituted values bold (what the officer fills in
// by hand on the paper form is what stands out).
std::vector<Run> runs(const ReceiptWording& wording, const std::string& key,
                      const std::map<std::string, std::string>& values, bool bold_values = true) {
  std::string pattern = wording.get(key);
  std::vector<Run> out;
  std::string literal;
  for (size_t i = 0; i < pattern.size();) {
    if (pattern[i] == '{') {
      size_t close = pattern.find('}', i);
      if (close != std::string::npos) {
        auto it = values.find(pattern.substr(i + 1, close - i - 1));
        if (it != values.end()) {
          if (!literal.empty()) out.push_back({literal, false});
          literal.clear();
          out.push_back({it->second, bold_values});
          i = close + 1;
          continue;
        }
      }
    }
    literal += pattern[i++];
  }
  if (!literal.empty()) out.push_back({literal, false});
  return out;
}

int hanging_indent(const std::string& text, int px) {
  // "1. Thành phần..." -> continuation lines start under the text after "1. ".
  size_t dot = text.find(". ");
  if (dot == std::string::npos || dot > 3) return 0;
  auto& fonts = detail::Fonts::instance();
  return fonts.measure(to_u32(text.substr(0, dot + 2)), false, px);
}

void item(Canvas& canvas, const ReceiptWording& wording, const std::string& key,
          const std::map<std::string, std::string>& values, int px) {
  canvas.paragraph(runs(wording, key, values), px, Align::Left, hanging_indent(wording.get(key), px));
}

std::string copy_label(const ReceiptWording& wording, CopyType type) {
  switch (type) {
    case CopyType::Original:
      return wording.get("copy_original");
    case CopyType::Copy:
      return wording.get("copy_copy");
    case CopyType::CertifiedCopy:
      return wording.get("copy_certified");
  }
  return wording.get("copy_original");
}

std::string sequence_of(const std::string& code) {
  size_t dash = code.rfind('-');
  return dash == std::string::npos ? code : code.substr(dash + 1);
}

void header(Canvas& canvas, const Config& config, const PrinterProfile& p, const ReceiptWording& wording) {
  if (!config.agency.parent_vi.empty()) canvas.text(to_upper(config.agency.parent_vi), p.body_px, false);
  canvas.text(to_upper(config.agency.name_vi), p.body_px, true);
  canvas.text(wording.get("office_name"), p.body_px, true);
  canvas.space(4);
  canvas.rule(2, false, canvas.content_width() / 3);
  canvas.space(p.body_px / 2);
  canvas.text(wording.get("motto_line1"), p.body_px, true);
  canvas.text(wording.get("motto_line2"), p.body_px, true);
  canvas.space(4);
  canvas.rule(2, false, canvas.content_width() / 4);
  canvas.space(p.body_px / 2);
}

// The citizen's copy opens with what is still to do (issue 13): the kiosk took no paper and no money, so the
// paper must not read as if the matter were settled. Same sentences as the receipt screen (mc::NextSteps).
void next_steps_block(Canvas& canvas, const Dossier& dossier, const Config& config, const PrinterProfile& p,
                      const ReceiptWording& wording) {
  const NextSteps steps = next_steps(dossier, !config.printer.bank_bin.empty() && !config.printer.bank_account.empty());
  const int body = p.body_px;
  canvas.text(wording.get("next_steps_heading"), p.heading_px, true, Align::Left);
  canvas.space(4);
  auto bullet = [&](const std::string& text, int indent_px, bool bold) {
    const std::string line = std::string(indent_px > 0 ? "  - " : "• ") + text;
    canvas.paragraph({{line, bold}}, body, Align::Left);
  };
  bullet(steps.hand_in_line().vi, 0, true);
  for (const auto& line : steps.document_lines()) bullet(line.vi, 1, false);
  bullet(steps.fee_line().vi, 0, false);
  if (const auto due = steps.due_line(); !due.vi.empty()) bullet(due.vi, 0, false);
  canvas.space(body / 2);
  canvas.rule(2, true);
  canvas.space(body / 2);
}

}  // namespace

std::string official_time(const LocalDateTime& time, const ReceiptWording& wording) {
  auto values = date_values(time.date);
  values["HH"] = two_digits(time.hour);
  values["mm"] = two_digits(time.minute);
  return wording.format("time_format", values);
}

std::string format_vnd(int64_t amount_vnd) {
  return mc::format_vnd(amount_vnd);
}

std::string tracking_payload(const Dossier& dossier, const Config& config) {
  std::string url = config.printer.tracking_url;
  // With the look-up behind the mã tra cứu, the paper receipt is the proof: its QR carries the code too, after
  // one space (QR alphanumeric, as the dossier code; dossier_code_in_scan still finds the code alone).
  if (url.empty())
    return config.kiosk.status_needs_lookup_code() && !dossier.lookup_code.empty()
               ? dossier.code + " " + dossier.lookup_code
               : dossier.code;
  for (auto [name, value] : {std::pair<std::string, std::string>{"{code}", dossier.code},
                             std::pair<std::string, std::string>{"{lookup_code}", dossier.lookup_code}}) {
    size_t pos = 0;
    while ((pos = url.find(name, pos)) != std::string::npos) {
      url.replace(pos, name.size(), value);
      pos += value.size();
    }
  }
  return url;
}

Bitmap render_receipt(const Dossier& dossier, const Config& config, const PrinterProfile& p,
                      const ReceiptWording& wording, int copy) {
  auto& fonts = detail::Fonts::instance();
  auto lock = fonts.lock();
  const size_t missing_before = fonts.missing_glyphs();
  Canvas canvas(p.print_width_dots, p.margin_dots);
  const int body = p.body_px, small = p.small_px;

  canvas.banner(wording.get(copy == 2 ? "copy_2" : "copy_1"), body, true);
  canvas.space(6);
  if (copy == 2) next_steps_block(canvas, dossier, config, p, wording);
  canvas.text(wording.get("form_number"), small, true, Align::Right);
  canvas.text(wording.get("legal_basis"), small, false, Align::Right);
  canvas.space(small / 2);
  header(canvas, config, p, wording);
  auto place_values = date_values(dossier.received_at.date);
  place_values["place"] = config.agency.place;
  canvas.paragraph(runs(wording, "place_date", place_values, false), body, Align::Center);
  canvas.space(body / 2);
  canvas.text(wording.get("title"), p.title_px, true);
  canvas.space(4);
  canvas.paragraph(runs(wording, "dossier_code", {{"code", dossier.code}}), p.heading_px, Align::Center);
  canvas.space(body / 2);
  canvas.rule(2, true);
  canvas.space(body / 2);

  canvas.paragraph(
      runs(wording, "intro", {{"office", wording.get("office_name")}, {"agency", config.agency.name_vi}}, false), body);
  canvas.paragraph(runs(wording, "applicant", {{"name", dossier.applicant.full_name}}), body);
  if (dossier.chip_check.read()) {
    const std::string key = std::string("identity_chip_") + chip_verification_name(dossier.chip_check.status);
    canvas.paragraph(runs(wording, key, {{"access", dossier.chip_check.access}}, false), body);
  }
  if (!trim(dossier.applicant.address).empty())
    canvas.paragraph(runs(wording, "address", {{"address", dossier.applicant.address}}, false), body);
  if (!trim(dossier.phone).empty()) canvas.paragraph(runs(wording, "phone", {{"phone", dossier.phone}}, false), body);
  if (!trim(dossier.email).empty()) canvas.paragraph(runs(wording, "email", {{"email", dossier.email}}, false), body);
  canvas.paragraph(runs(wording, "request", {{"procedure", dossier.procedure.name.vi}}), body);
  if (!dossier.procedure.code.empty())
    canvas.paragraph(runs(wording, "procedure_code", {{"procedure_code", dossier.procedure.code}}, false), small);
  canvas.space(body / 3);

  // 1. Documents, as a table: number | name | original/copy | count.
  canvas.paragraph({{wording.get("documents_heading"), false}}, body);
  canvas.space(4);
  if (dossier.documents_received.empty()) {
    canvas.paragraph({{wording.get("documents_none"), false}}, body);
  } else {
    int total = canvas.content_width();
    int number_width = small * 2;
    int count_width = small * 2 + small / 2;
    int kind_width = total * 27 / 100;
    int name_width = total - number_width - count_width - kind_width;
    std::vector<Column> columns = {{number_width, Align::Center},
                                   {name_width, Align::Left},
                                   {kind_width, Align::Left},
                                   {count_width, Align::Center}};
    std::vector<std::vector<std::string>> rows = {{wording.get("documents_col_number"),
                                                   wording.get("documents_col_name"), wording.get("documents_col_kind"),
                                                   wording.get("documents_col_count")}};
    int n = 0;
    // The kiosk received no paper: a paper document is listed as still owed, never as handed in.
    for (const auto& document : dossier.documents_received)
      rows.push_back({std::to_string(++n), document.name.vi,
                      copy_label(wording, document.copy_type) + ", " +
                          (document.medium == DocumentMedium::Paper
                               ? wording.get("document_paper_due")
                               : wording.format("document_electronic", {{"pages", std::to_string(document.pages)}})),
                      std::to_string(document.count)});
    canvas.table(columns, rows, small);
  }
  canvas.space(body / 3);
  item(canvas, wording, "sets", {{"sets", std::to_string(dossier.sets)}}, body);
  item(canvas, wording, "processing_time", {{"days", std::to_string(dossier.procedure.processing_days)}}, body);
  item(canvas, wording, "received_at", {{"time", official_time(dossier.received_at, wording)}}, body);
  item(canvas, wording, "due_at", {{"time", official_time(dossier.due_at, wording)}}, body);
  std::string place = dossier.result_delivery == "post"
                          ? (dossier.postal_address.empty()
                                 ? wording.get("delivery_post")
                                 : wording.format("delivery_post_address", {{"address", dossier.postal_address}}))
                          : wording.format("delivery_in_person",
                                           {{"office", wording.get("office_name")}, {"agency", config.agency.name_vi}});
  item(canvas, wording, "delivery", {{"place", place}}, body);
  canvas.space(body / 2);

  // Fees (phí, lệ phí) and, when the agency has an account, the VietQR to pay them.
  int64_t total_fee = 0;
  for (const auto& fee : dossier.procedure.fees) total_fee += fee.amount_vnd;
  canvas.paragraph({{wording.get("fees_heading"), true}}, body);
  if (total_fee <= 0) {
    canvas.paragraph({{wording.get("fees_none"), false}}, body);
  } else {
    for (const auto& fee : dossier.procedure.fees)
      canvas.left_right("- " + fee.name.vi, wording.format("fee_amount", {{"amount", format_vnd(fee.amount_vnd)}}),
                        body);
    if (dossier.procedure.fees.size() > 1)
      canvas.left_right(wording.get("fee_total"), wording.format("fee_amount", {{"amount", format_vnd(total_fee)}}),
                        body, true);
    if (!config.printer.bank_bin.empty() && !config.printer.bank_account.empty()) {
      try {
        std::string payload =
            vietqr_payload(config.printer.bank_bin, config.printer.bank_account, total_fee, dossier.code);
        canvas.space(body / 2);
        canvas.paragraph(
            runs(wording, "payment_qr_caption", {{"amount", format_vnd(total_fee)}, {"code", dossier.code}}), small,
            Align::Center);
        canvas.qr(payload, std::max(3, p.qr_module_dots - 1));
      } catch (const std::invalid_argument&) {
        // A misconfigured account must not stop the receipt; config validation reports it to staff.
      }
    }
  }
  canvas.space(body / 2);
  canvas.rule(2, true);
  canvas.space(body / 2);

  // Tracking QR and the short lookup code.
  canvas.text(wording.get("tracking_qr_caption"), small, false);
  canvas.qr(tracking_payload(dossier, config), p.qr_module_dots);
  if (!dossier.lookup_code.empty())
    canvas.paragraph(runs(wording, "lookup_code", {{"lookup_code", dossier.lookup_code}}), p.heading_px, Align::Center);
  canvas.space(body / 2);
  canvas.paragraph(runs(wording, "register", {{"sequence", sequence_of(dossier.code)}}), small, Align::Center);
  canvas.space(body);

  // Signatures: the filer and the receiving officer, with room to sign.
  canvas.two_columns({{wording.get("signature_filer"), true, small}, {wording.get("signature_hint"), false, small}},
                     {{wording.get("signature_officer"), true, small}, {wording.get("signature_hint"), false, small}});
  canvas.space(body * 4);
  canvas.two_columns({{dossier.applicant.full_name, true, small}}, {{"", false, small}});
  canvas.space(body / 2);
  canvas.paragraph(
      runs(wording, "kiosk_note", {{"kiosk", dossier.kiosk_id.empty() ? config.kiosk.id : dossier.kiosk_id}}, false),
      small, Align::Center);
  if (fonts.missing_glyphs() != missing_before)
    log_warn("printing", "receipt " + dossier.code + ": " + std::to_string(fonts.missing_glyphs() - missing_before) +
                             " character(s) have no glyph in the receipt font and print as boxes");
  return canvas.finish(p.body_px);
}

Bitmap render_queue_ticket(const QueueTicket& ticket, const Config& config, const PrinterProfile& p,
                           const ReceiptWording& wording) {
  auto& fonts = detail::Fonts::instance();
  auto lock = fonts.lock();
  Canvas canvas(p.print_width_dots, p.margin_dots);
  canvas.text(to_upper(config.agency.name_vi), p.body_px, true);
  canvas.text(wording.get("office_name"), p.small_px, false);
  canvas.space(p.body_px / 2);
  canvas.banner(wording.get("ticket_title"), p.heading_px);
  canvas.space(p.body_px / 2);
  canvas.text(ticket.number, p.title_px * 3, true);
  if (ticket.priority) canvas.banner(wording.get("ticket_priority"), p.heading_px);
  canvas.space(p.body_px / 2);
  canvas.paragraph(runs(wording, "ticket_area", {{"area", ticket.area.vi}, {"area_en", ticket.area.en}}), p.body_px,
                   Align::Center);
  if (!ticket.counter.empty())
    canvas.paragraph(runs(wording, "ticket_counter", {{"counter", ticket.counter}}), p.body_px, Align::Center);
  canvas.paragraph(runs(wording, "ticket_waiting", {{"waiting", std::to_string(ticket.waiting)}}), p.body_px,
                   Align::Center);
  canvas.paragraph(runs(wording, "ticket_time", {{"time", official_time(ticket.issued_at, wording)}}, false),
                   p.small_px, Align::Center);
  if (ticket.closed) {
    // The screen said it, but the paper is what the citizen keeps and reads again while waiting (or at home):
    // it may not be called today, and when to come back. Vietnamese first, then English as on the rest.
    const std::string key = ticket.closed->day_off ? "ticket_closed_day_off" : "ticket_closed_after_close";
    const std::map<std::string, std::string> values = {
        {"close", ticket.closed->close}, {"open", ticket.closed->open}, {"date", ticket.closed->opens_on.dmy()}};
    canvas.space(p.body_px / 2);
    canvas.rule(2, false);
    canvas.space(p.body_px / 3);
    canvas.text(wording.get("ticket_closed_title"), p.heading_px, true);
    canvas.paragraph(runs(wording, key, values), p.body_px, Align::Center);
    canvas.paragraph(runs(wording, key + "_en", values, false), p.small_px, Align::Center);
  }
  canvas.space(p.body_px / 2);
  canvas.rule(2, true);
  canvas.space(p.body_px / 2);
  canvas.text(wording.get("ticket_footer"), p.small_px, false);
  return canvas.finish(p.body_px);
}

Bitmap render_test_page(const Config& config, const PrinterProfile& p, const ReceiptWording& wording,
                        const LocalDateTime& now) {
  auto& fonts = detail::Fonts::instance();
  auto lock = fonts.lock();
  Canvas canvas(p.print_width_dots, p.margin_dots);
  canvas.banner(wording.get("test_title"), p.heading_px);
  canvas.space(p.body_px / 2);
  canvas.text(to_upper(config.agency.name_vi), p.body_px, true);
  canvas.text(official_time(now, wording), p.small_px, false);
  canvas.space(p.body_px / 2);
  canvas.labelled("Profile: ", p.name + (p.description.empty() ? "" : " — " + p.description), p.small_px);
  canvas.labelled("Paper: ",
                  std::to_string(p.paper_width_mm) + " mm, " + std::to_string(p.print_width_dots) + " dots, " +
                      std::to_string(p.dpi) + " dpi",
                  p.small_px);
  canvas.labelled("Native QR (GS ( k): ", p.native_qr ? "yes" : "no", p.small_px);
  canvas.labelled("Cut: ",
                  p.cut == CutMode::Partial ? "partial"
                  : p.cut == CutMode::Full  ? "full"
                                            : "none",
                  p.small_px);
  canvas.space(p.body_px / 2);
  for (int px : {p.small_px, p.body_px, p.heading_px})
    canvas.text("Cộng hòa xã hội chủ nghĩa Việt Nam (" + std::to_string(px) + " px)", px, false, Align::Left);
  canvas.text("ĐỘC LẬP - TỰ DO - HẠNH PHÚC", p.heading_px, true, Align::Left);
  canvas.space(p.body_px / 2);
  // Every vowel with every tone, both cases: missing glyphs would show as boxes here first.
  for (const char* line :
       {"a à á ả ã ạ ă ằ ắ ẳ ẵ ặ â ầ ấ ẩ ẫ ậ", "e è é ẻ ẽ ẹ ê ề ế ể ễ ệ i ì í ỉ ĩ ị",
        "o ò ó ỏ õ ọ ô ồ ố ổ ỗ ộ ơ ờ ớ ở ỡ ợ", "u ù ú ủ ũ ụ ư ừ ứ ử ữ ự y ỳ ý ỷ ỹ ỵ đ",
        "Ắ Ằ Ẳ Ẵ Ặ Ấ Ầ Ẩ Ẫ Ậ Ế Ề Ể Ễ Ệ Ố Ồ Ổ Ỗ Ộ Ớ Ờ Ở Ỡ Ợ Ứ Ừ Ử Ữ Ự Đ", "0123456789 ₫ — – “ ” … · % / @"})
    canvas.text(line, p.body_px, false, Align::Left);
  canvas.space(p.body_px / 2);
  // Width ruler: a tick every 8 dots, a long tick every 80; the last tick must be on the paper.
  int top = canvas.y();
  for (int x = 0; x < p.print_width_dots; x += 8) canvas.fill(x, top, 1, x % 80 == 0 ? 24 : 10);
  canvas.fill(p.print_width_dots - 2, top, 2, 24);
  canvas.space(30);
  canvas.qr("TEST " + config.kiosk.id + " " + now.iso(), p.qr_module_dots);
  return canvas.finish(p.body_px);
}

Bitmap render_qr(const std::string& payload, int module_dots) {
  auto modules = detail::qr_modules(payload);
  int n = static_cast<int>(modules.size());
  int module = std::max(1, module_dots);
  const int quiet = 4;
  Bitmap bitmap((n + 2 * quiet) * module, (n + 2 * quiet) * module);
  for (int y = 0; y < bitmap.height; ++y)
    for (int x = 0; x < bitmap.width; ++x) {
      int mx = x / module - quiet, my = y / module - quiet;
      if (mx >= 0 && my >= 0 && mx < n && my < n && modules[my][mx]) bitmap.at(x, y) = 255;
    }
  bitmap.qr_regions.push_back({0, bitmap.height, payload, module});
  return bitmap;
}

}  // namespace mc::printing
