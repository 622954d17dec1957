// kioskctl form 01 | 05 | 06: the official forms as PDF for the office printer (issue 15).
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <ostream>
#include <string>

#include "command.hpp"
#include "mc/core/db.hpp"
#include "mc/core/dossier.hpp"
#include "mc/core/staff.hpp"
#include "mc/documents/forms.hpp"
#include "mc/documents/office_printer.hpp"
#include "mc/printing/wording.hpp"
#include "mc/sync/outbox.hpp"

namespace mc::ctl {
namespace {

using namespace mc::documents;

constexpr const char* kForm01Usage =
    "form 01 CODE --pdf FILE [--paper a5|a4] [--copy 1|2] [--print] [--dossier-json FILE]";
constexpr const char* kForm05Usage = "form 05 CODE --pdf FILE [--print] [--dossier-json FILE]";
constexpr const char* kForm06Usage = "form 06 --from YYYY-MM-DD [--to YYYY-MM-DD] --pdf FILE [--print]";

int usage_error(CommandContext& ctx, const char* usage, const std::string& problem) {
  ctx.err << "kioskctl: " << problem << "\nUsage: kioskctl " << usage << "\n";
  return kExitUsage;
}

FormDossier form_dossier(const sync::OutboxEntry& entry) {
  return {entry.dossier, entry.server_status.value_or(entry.dossier.status), entry.personal_data_purged,
          entry.purged_at_unix};
}

// The dossier from the queue, or from a JSON file (dossier_to_json) for previews and documentation.
std::optional<FormDossier> load_dossier(CommandContext& ctx, const std::string& code, const std::string& json_file) {
  if (!json_file.empty()) {
    std::ifstream in(json_file);
    if (!in) {
      ctx.err << "kioskctl form: cannot open " << json_file << "\n";
      return std::nullopt;
    }
    try {
      FormDossier form;
      form.dossier = dossier_from_json(nlohmann::json::parse(in));
      form.status = form.dossier.status;
      if (!code.empty() && form.dossier.code != code) {
        ctx.err << "kioskctl form: " << json_file << " holds dossier " << form.dossier.code << ", not " << code << "\n";
        return std::nullopt;
      }
      return form;
    } catch (const std::exception& error) {
      ctx.err << "kioskctl form: " << json_file << " is not a valid dossier: " << error.what() << "\n";
      return std::nullopt;
    }
  }
  const Config& config = ctx.config();
  auto outbox = sync::Outbox::open(config);
  auto entry = outbox->find(code);
  if (!entry) {
    ctx.err << "kioskctl form: no dossier " << code << " in the queue (" << config.path_in_data("queue.db") << ")\n";
    return std::nullopt;
  }
  return form_dossier(*entry);
}

bool write_pdf(CommandContext& ctx, const std::string& path, const RenderedPdf& pdf) {
  std::ofstream out(path, std::ios::binary);
  out.write(pdf.bytes.data(), static_cast<std::streamsize>(pdf.bytes.size()));
  if (!out) {
    ctx.err << "kioskctl form: cannot write " << path << "\n";
    return false;
  }
  return true;
}

// Sends the PDF to printer.office_queue and says what became of the job. Exit 0 when it printed or
// waits its turn; 1 when staff must act (queue stopped, printer offline, refused, failed).
int print_pdf(CommandContext& ctx, const RenderedPdf& pdf, const std::string& title, Paper paper, bool landscape,
              std::string& audit) {
  const Config& config = ctx.config();
  OfficePrinter printer(OfficePrinter::options_from(config));
  OfficeJobOutcome outcome = printer.print({title, pdf.bytes, paper, landscape}, [&](const OfficeJobOutcome& seen) {
    if (seen.state == OfficeJobState::Waiting) ctx.out << "job " << seen.job_id << " queued on " << seen.queue << "\n";
  });
  ctx.out << "print: " << office_job_state_name(outcome.state);
  if (outcome.job_id) ctx.out << " (job " << outcome.job_id << " on " << outcome.queue << ")";
  if (!outcome.detail.empty()) ctx.out << ": " << outcome.detail;
  ctx.out << "\n";
  audit += std::string(" print=") + office_job_state_name(outcome.state);
  if (outcome.job_id) audit += " job=" + std::to_string(outcome.job_id);
  return outcome.state == OfficeJobState::Completed || outcome.state == OfficeJobState::Waiting ? kExitOk
                                                                                                : kExitFailure;
}

void record_audit(CommandContext& ctx, const std::string& action, const std::string& detail) {
  const Config& config = ctx.config();
  std::filesystem::create_directories(config.data_dir);
  Database local(config.path_in_data(kLocalStateDbName));
  AuditLog(local, system_clock()).record("kioskctl", action, detail);
}

std::optional<printing::ReceiptWording> load_wording(CommandContext& ctx) {
  const Config& config = ctx.config();
  try {
    return printing::ReceiptWording::load(config.resolved_assets_dir(), config.agency.code);
  } catch (const std::exception& error) {
    ctx.err << "kioskctl form: " << error.what() << "\n";
    return std::nullopt;
  }
}

int run_dossier_form(CommandContext& ctx, FormKind kind) {
  const char* usage = kind == FormKind::Receipt01 ? kForm01Usage : kForm05Usage;
  const std::string pdf_path = ctx.take_option("--pdf");
  const std::string paper_text = kind == FormKind::Receipt01 ? ctx.take_option("--paper", "a5") : "a4";
  const std::string copy_text = kind == FormKind::Receipt01 ? ctx.take_option("--copy") : "";
  const std::string json_file = ctx.take_option("--dossier-json");
  const bool send = ctx.take_flag("--print");
  if (ctx.args.size() > 1) return usage_error(ctx, usage, "unexpected '" + ctx.args[1] + "'");
  const std::string code = ctx.args.empty() ? "" : ctx.args[0];
  if (code.empty() && json_file.empty()) return usage_error(ctx, usage, "give the dossier code");
  if (pdf_path.empty() && !send) return usage_error(ctx, usage, "say where the form goes: --pdf FILE and/or --print");
  const auto paper = parse_paper(paper_text);
  if (!paper) return usage_error(ctx, usage, "--paper must be a5 or a4, got '" + paper_text + "'");
  Form01Options options;
  options.paper = *paper;
  if (copy_text == "1")
    options.copies_mask = kCopyForFile;
  else if (copy_text == "2")
    options.copies_mask = kCopyForFiler;
  else if (!copy_text.empty())
    return usage_error(ctx, usage, "--copy must be 1 or 2 (both copies when absent)");

  auto wording = load_wording(ctx);
  if (!wording) return kExitFailure;
  auto form = load_dossier(ctx, code, json_file);
  if (!form) return kExitFailure;
  const Config& config = ctx.config();
  const FormContext context{config, *wording};
  const RenderedPdf pdf =
      kind == FormKind::Receipt01 ? render_form01(*form, context, options) : render_form05(*form, context);

  const std::string& dossier_code = form->dossier.code;
  std::string audit = dossier_code + " paper=" + paper_name(*paper);
  if (kind == FormKind::Receipt01)
    audit += std::string(" copies=") + (options.copies_mask == kBothCopies ? "both" : copy_text);
  if (form->personal_data_purged) audit += " purged";
  int exit_code = kExitOk;
  if (!pdf_path.empty()) {
    if (!write_pdf(ctx, pdf_path, pdf)) return kExitFailure;
    ctx.out << "Mẫu " << form_number(kind) << " " << dossier_code << " -> " << pdf_path << " (" << pdf.pages
            << (pdf.pages == 1 ? " page, " : " pages, ") << pdf.bytes.size() << " bytes)\n";
    audit += " pdf";
  }
  if (send)
    exit_code = print_pdf(ctx, pdf, std::string("Mau ") + form_number(kind) + " " + dossier_code, *paper, false, audit);
  record_audit(ctx, std::string("form_") + form_number(kind), audit);
  return exit_code;
}

int run_form01(CommandContext& ctx) {
  return run_dossier_form(ctx, FormKind::Receipt01);
}
int run_form05(CommandContext& ctx) {
  return run_dossier_form(ctx, FormKind::ControlSlip05);
}

int run_form06(CommandContext& ctx) {
  const std::string from_text = ctx.take_option("--from");
  const std::string to_text = ctx.take_option("--to", from_text);
  const std::string pdf_path = ctx.take_option("--pdf");
  const bool send = ctx.take_flag("--print");
  if (!ctx.args.empty()) return usage_error(ctx, kForm06Usage, "unexpected '" + ctx.args[0] + "'");
  const auto from = Date::parse_iso(from_text);
  const auto to = Date::parse_iso(to_text);
  if (!from) return usage_error(ctx, kForm06Usage, "--from must be a date YYYY-MM-DD, got '" + from_text + "'");
  if (!to) return usage_error(ctx, kForm06Usage, "--to must be a date YYYY-MM-DD, got '" + to_text + "'");
  if (*to < *from) return usage_error(ctx, kForm06Usage, "--to is before --from");
  if (pdf_path.empty() && !send)
    return usage_error(ctx, kForm06Usage, "say where the register goes: --pdf FILE and/or --print");

  auto wording = load_wording(ctx);
  if (!wording) return kExitFailure;
  const Config& config = ctx.config();
  auto outbox = sync::Outbox::open(config);
  const int64_t start = LocalDateTime{*from, 0, 0, 0}.to_unix();
  const int64_t end = LocalDateTime{to->plus_days(1), 0, 0, 0}.to_unix();
  std::vector<FormDossier> dossiers;
  for (const auto& entry : outbox->list_accepted_between(start, end)) dossiers.push_back(form_dossier(entry));
  const RenderedPdf pdf =
      render_form06(dossiers, *from, *to, {config, *wording}, LocalDateTime::from_unix(system_clock()()));

  std::string audit = from->iso() + ".." + to->iso() + " dossiers=" + std::to_string(dossiers.size());
  int exit_code = kExitOk;
  if (!pdf_path.empty()) {
    if (!write_pdf(ctx, pdf_path, pdf)) return kExitFailure;
    ctx.out << "Mẫu 06 " << from->iso() << " .. " << to->iso() << ": " << dossiers.size() << " dossier(s) -> "
            << pdf_path << " (" << pdf.pages << (pdf.pages == 1 ? " page, " : " pages, ") << pdf.bytes.size()
            << " bytes)\n";
    audit += " pdf";
  }
  if (send) exit_code = print_pdf(ctx, pdf, "Mau 06 " + from->iso() + " " + to->iso(), Paper::A4, true, audit);
  record_audit(ctx, "form_06", audit);
  return exit_code;
}

const bool registered =
    register_command({"form 01", kForm01Usage,
                      "Mẫu 01 (giấy tiếp nhận và hẹn trả kết quả) of a dossier as PDF on A5/A4; --print sends it to "
                      "printer.office_queue",
                      run_form01}) &&
    register_command({"form 05", kForm05Usage,
                      "Mẫu 05 (phiếu kiểm soát quá trình giải quyết hồ sơ) of a dossier as PDF (A4)", run_form05}) &&
    register_command({"form 06", kForm06Usage,
                      "Mẫu 06 (sổ theo dõi hồ sơ): every dossier received in the period, landscape A4", run_form06});

}  // namespace
}  // namespace mc::ctl
