// kioskctl catalog list | search | validate | show: the procedure catalog from the shell, for IT officers
// who edit assets/catalog/*.json and want to see what the kiosk will show before restarting it.
#include <iomanip>
#include <ostream>
#include <sstream>
#include <string>

#include "command.hpp"
#include "mc/core/catalog.hpp"
#include "mc/core/config.hpp"
#include "mc/core/search.hpp"

namespace mc::ctl {
namespace {

constexpr const char* kListUsage = "catalog list [--lang en] [--field CODE] [--dir DIR]";
constexpr const char* kSearchUsage = "catalog search QUERY... [--limit N] [--lang en] [--dir DIR]";
constexpr const char* kValidateUsage = "catalog validate [DIR]";
constexpr const char* kShowUsage = "catalog show CODE [--lang en] [--dir DIR]";

int usage_error(CommandContext& ctx, const char* usage, const std::string& problem) {
  ctx.err << "kioskctl: " << problem << "\nUsage: kioskctl " << usage << "\n";
  return kExitUsage;
}

std::optional<Lang> take_lang(CommandContext& ctx) {
  const std::string lang = ctx.take_option("--lang", "vi");
  if (lang == "vi") return Lang::Vi;
  if (lang == "en") return Lang::En;
  return std::nullopt;
}

std::string catalog_dir(CommandContext& ctx) {
  std::string dir = ctx.take_option("--dir");
  if (dir.empty()) dir = ctx.config().resolved_assets_dir() + "/catalog";
  return dir;
}

void print_issues(std::ostream& err, const std::vector<CatalogIssue>& issues) {
  for (const auto& issue : issues) err << issue.file << ": " << issue.json_path << ": " << issue.reason << "\n";
}

// Loads the catalog for list/search/show: problems go to stderr as warnings, the good files are still used
// (the kiosk itself behaves the same way).
Catalog load_for_reading(CommandContext& ctx, const std::string& dir) {
  std::vector<CatalogIssue> issues;
  Catalog catalog = Catalog::load_dir(dir, issues);
  if (!issues.empty()) {
    ctx.err << "warning: " << issues.size() << " problem(s) in " << dir
            << " (run `kioskctl catalog validate` for details); those files are skipped\n";
  }
  return catalog;
}

std::string money(int64_t amount) {
  // 135000 -> "135.000" as Vietnamese documents write amounts.
  std::string digits = std::to_string(amount);
  std::string out;
  for (size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out.push_back('.');
    out.push_back(digits[i]);
  }
  return out;
}

void print_line(std::ostream& out, const Procedure& p, Lang lang) {
  out << std::left << std::setw(10) << p.code << " " << std::setw(6) << p.field_code << " " << p.name.get(lang) << "\n";
}

int run_list(CommandContext& ctx) {
  auto lang = take_lang(ctx);
  if (!lang) return usage_error(ctx, kListUsage, "--lang must be vi or en");
  const std::string field = ctx.take_option("--field");
  const std::string dir = catalog_dir(ctx);
  if (!ctx.args.empty()) return usage_error(ctx, kListUsage, "unexpected argument '" + ctx.args.front() + "'");
  Catalog catalog = load_for_reading(ctx, dir);
  if (!field.empty()) {
    auto procedures = catalog.in_field(field);
    if (procedures.empty()) {
      ctx.err << "kioskctl catalog list: no procedure in field '" << field << "'. Fields:";
      for (const auto& f : catalog.fields_of_work()) ctx.err << " " << f.code;
      ctx.err << "\n";
      return kExitFailure;
    }
    for (const Procedure* p : procedures) print_line(ctx.out, *p, *lang);
    return kExitOk;
  }
  for (const auto& f : catalog.fields_of_work()) {
    ctx.out << "[" << f.code << "] " << f.name.get(*lang) << " (" << f.procedure_count << ")\n";
    for (const Procedure* p : catalog.in_field(f.code)) {
      ctx.out << "  ";
      print_line(ctx.out, *p, *lang);
    }
  }
  return kExitOk;
}

int run_search(CommandContext& ctx) {
  auto lang = take_lang(ctx);
  if (!lang) return usage_error(ctx, kSearchUsage, "--lang must be vi or en");
  const std::string limit_text = ctx.take_option("--limit", "10");
  size_t limit = 0;
  try {
    size_t used = 0;
    const long value = std::stol(limit_text, &used);
    if (used != limit_text.size() || value < 1 || value > 1000) throw std::invalid_argument("range");
    limit = static_cast<size_t>(value);
  } catch (const std::exception&) {
    return usage_error(ctx, kSearchUsage, "--limit must be a whole number from 1 to 1000");
  }
  const std::string dir = catalog_dir(ctx);
  std::string query;
  for (const auto& word : ctx.args) query += (query.empty() ? "" : " ") + word;
  if (query.empty()) return usage_error(ctx, kSearchUsage, "missing QUERY");
  Catalog catalog = load_for_reading(ctx, dir);
  SearchIndex index(catalog);
  auto hits = index.search(query, limit);
  if (hits.empty()) {
    ctx.err << "Không tìm thấy thủ tục nào / No procedure found: " << query << "\n";
    return kExitFailure;
  }
  for (const auto& hit : hits) {
    ctx.out << std::fixed << std::setprecision(0) << std::right << std::setw(5) << hit.score << "  ";
    print_line(ctx.out, *hit.procedure, *lang);
  }
  return kExitOk;
}

int run_validate(CommandContext& ctx) {
  std::string dir = ctx.take_option("--dir");
  if (dir.empty() && !ctx.args.empty()) {
    dir = ctx.args.front();
    ctx.args.erase(ctx.args.begin());
  }
  if (!ctx.args.empty()) return usage_error(ctx, kValidateUsage, "unexpected argument '" + ctx.args.front() + "'");
  if (dir.empty()) dir = ctx.config().resolved_assets_dir() + "/catalog";
  std::vector<CatalogIssue> issues;
  Catalog catalog = Catalog::load_dir(dir, issues);
  if (!issues.empty()) {
    print_issues(ctx.out, issues);
    ctx.out << issues.size() << " problem(s); " << catalog.size() << " procedure(s) loaded from " << dir << "\n";
    return kExitFailure;
  }
  if (catalog.size() == 0) {
    ctx.out << dir << ": no procedure files (*.json) found\n";
    return kExitFailure;
  }
  ctx.out << "OK: " << catalog.size() << " procedures\n";
  return kExitOk;
}

int run_show(CommandContext& ctx) {
  auto lang_opt = take_lang(ctx);
  if (!lang_opt) return usage_error(ctx, kShowUsage, "--lang must be vi or en");
  const Lang lang = *lang_opt;
  const std::string dir = catalog_dir(ctx);
  if (ctx.args.size() != 1) return usage_error(ctx, kShowUsage, "give exactly one procedure CODE");
  Catalog catalog = load_for_reading(ctx, dir);
  const Procedure* p = catalog.find(ctx.args.front());
  if (!p) {
    ctx.err << "Không có thủ tục mã " << ctx.args.front() << " / No procedure with code " << ctx.args.front() << "\n";
    return kExitFailure;
  }
  const bool en = lang == Lang::En;
  std::ostream& out = ctx.out;
  out << p->code << "  " << p->name.get(lang) << "\n";
  if (!en && !p->name.en.empty()) out << "          " << p->name.en << "\n";
  out << (en ? "Field of work: " : "Lĩnh vực: ") << p->field_name.get(lang) << " (" << p->field_code << ")\n";
  out << (en ? "Agency: " : "Cơ quan thực hiện: ") << p->agency_name.get(lang) << " (" << p->agency_code << ")\n";
  out << (en ? "Processing time: " : "Thời hạn giải quyết: ") << p->processing_days
      << (en ? " working day(s)\n" : " ngày làm việc\n");
  out << (en ? "Channels: " : "Cách thức thực hiện: ");
  for (size_t i = 0; i < p->channels.size(); ++i) out << (i ? ", " : "") << channel_label(p->channels[i]).get(lang);
  out << "\n";
  if (!p->applicant_types.vi.empty())
    out << (en ? "Who may apply: " : "Đối tượng thực hiện: ") << p->applicant_types.get(lang) << "\n";
  out << (en ? "Documents:\n" : "Thành phần hồ sơ:\n");
  for (const auto& doc : p->documents) {
    out << "  - " << doc.name.get(lang) << " (" << copy_type_label(doc.copy_type).get(lang) << ", "
        << (en ? "count " : "số lượng ") << doc.count;
    if (!doc.template_name.empty()) out << ", " << doc.template_name;
    out << ")\n";
  }
  out << (en ? "Fees:" : "Phí, lệ phí:");
  if (p->fees.empty()) out << (en ? " none" : " không");
  out << "\n";
  for (const auto& fee : p->fees) out << "  - " << fee.name.get(lang) << ": " << money(fee.amount_vnd) << " đồng\n";
  if (p->fees.size() > 1) out << (en ? "  Total: " : "  Tổng: ") << money(p->total_fee_vnd()) << " đồng\n";
  out << (en ? "Result: " : "Kết quả: ") << p->result.get(lang) << "\n";
  out << (en ? "Legal basis:\n" : "Căn cứ pháp lý:\n");
  for (const auto& basis : p->legal_basis) out << "  - " << basis << "\n";
  if (!p->keywords.empty()) {
    out << (en ? "Keywords: " : "Từ khóa: ");
    for (size_t i = 0; i < p->keywords.size(); ++i) out << (i ? ", " : "") << p->keywords[i];
    out << "\n";
  }
  out << (en ? "Kiosk form:\n" : "Biểu mẫu trên kiosk:\n");
  for (const auto& group : p->form.groups) {
    out << "  [" << group.id << "] " << group.title.get(lang) << "\n";
    for (const auto& field : group.fields) {
      out << "    " << field.id << " (" << field_type_name(field.type) << (field.required ? ", *" : "") << ")  "
          << field.label.get(lang);
      if (field.show_if) {
        out << (en ? "  [shown if " : "  [hiện khi ") << field.show_if->field << " =";
        for (const auto& value : field.show_if->equals) out << " " << value;
        out << "]";
      }
      out << "\n";
    }
  }
  out << (en ? "File: " : "Tệp: ") << p->source_file << "\n";
  return kExitOk;
}

const bool registered = [] {
  register_command({"catalog list", kListUsage, "List the procedures of the catalog by field of work.", run_list});
  register_command({"catalog search", kSearchUsage,
                    "Search procedures by name, code or keyword (case and diacritics ignored), best first.",
                    run_search});
  register_command({"catalog validate", kValidateUsage,
                    "Check every catalog file; prints `file: $.path: reason` for each problem (exit 1 if any).",
                    run_validate});
  register_command({"catalog show", kShowUsage, "Show one procedure: documents, fees, time, form.", run_show});
  return true;
}();

}  // namespace
}  // namespace mc::ctl
