// kioskctl scan / cccd: read barcodes from image files and parse ID card (CCCD) QR payloads, printing one
// JSON object per line (issue 4). Personal data goes to stdout only, for the operator who asked; never to a log.
#include <nlohmann/json.hpp>
#include <ostream>
#include <string>

#include "command.hpp"
#include "mc/scanner/scanner.hpp"

namespace mc::ctl {
namespace {

using json = nlohmann::ordered_json;

json identity_json(const CitizenIdentity& person) {
  return json{{"id", person.id_number},
              {"old_id", person.old_id_number},
              {"name", person.full_name},
              {"dob", person.date_of_birth ? json(person.date_of_birth->iso()) : json(nullptr)},
              {"sex", sex_label_vi(person.sex)},
              {"address", person.address},
              {"issued", person.issue_date ? json(person.issue_date->iso()) : json(nullptr)}};
}

// Fills kind, cccd, warnings and error for one scanned text.
void describe_payload(json& out, std::string_view text, Lang lang) {
  const scanner::ScanKind kind = scanner::classify(text);
  out["kind"] = scanner::scan_kind_name(kind);
  out["cccd"] = nullptr;
  out["warnings"] = json::array();
  out["error"] = nullptr;
  if (kind != scanner::ScanKind::IdCard && kind != scanner::ScanKind::HealthInsuranceCard) return;
  const scanner::CccdParse parsed = scanner::parse_cccd(text);
  if (parsed.identity) out["cccd"] = identity_json(*parsed.identity);
  for (const auto& warning : parsed.warnings) out["warnings"].push_back(warning.get(lang));
  if (parsed.error) out["error"] = parsed.error->get(lang);
}

std::string dump(const json& value) {
  // Invalid UTF-8 from a damaged code must not abort the listing: show it replaced.
  return value.dump(-1, ' ', false, json::error_handler_t::replace);
}

Lang take_lang(CommandContext& ctx) {
  return ctx.take_option("--lang", "vi") == "en" ? Lang::En : Lang::Vi;
}

int run_scan(CommandContext& ctx) {
  const Lang lang = take_lang(ctx);
  if (ctx.args.empty()) {
    ctx.err << "kioskctl scan: give at least one image file\nUsage: kioskctl scan FILE... [--lang en]\n";
    return kExitUsage;
  }
  int exit_code = kExitOk;
  for (const std::string& path : ctx.args) {
    json out;
    out["file"] = path;
    out["codes"] = json::array();
    std::string load_error;
    const auto image = scanner::load_image(path, load_error);
    if (!image) {
      out["kind"] = nullptr;
      out["cccd"] = nullptr;
      out["warnings"] = json::array();
      out["error"] = load_error;
      exit_code = kExitFailure;
      ctx.out << dump(out) << "\n";
      continue;
    }
    const auto codes = scanner::decode_thorough(*image);
    for (const auto& code : codes) out["codes"].push_back({{"format", code.format}, {"text", code.text}});
    // The code that decides "kind": an ID card QR wins over whatever else is in the picture.
    const scanner::DecodedCode* primary = codes.empty() ? nullptr : &codes.front();
    for (const auto& code : codes)
      if (scanner::classify(code.text) == scanner::ScanKind::IdCard) {
        primary = &code;
        break;
      }
    if (primary) {
      describe_payload(out, primary->text, lang);
    } else {
      out["kind"] = "none";
      out["cccd"] = nullptr;
      out["warnings"] = json::array();
      out["error"] = nullptr;
    }
    ctx.out << dump(out) << "\n";
  }
  return exit_code;
}

int run_cccd(CommandContext& ctx) {
  const Lang lang = take_lang(ctx);
  if (ctx.args.size() != 1) {
    ctx.err
        << "kioskctl cccd: give the payload as one argument (quote it)\nUsage: kioskctl cccd 'PAYLOAD' [--lang en]\n";
    return kExitUsage;
  }
  json out;
  describe_payload(out, ctx.args[0], lang);
  if (out["kind"] != "id_card" && out["kind"] != "health_insurance_card") {
    // Not shaped like a card at all: still say why through the parser (too few fields...).
    const scanner::CccdParse parsed = scanner::parse_cccd(ctx.args[0]);
    if (parsed.error) out["error"] = parsed.error->get(lang);
    if (parsed.identity) out["cccd"] = identity_json(*parsed.identity);
  }
  ctx.out << dump(out) << "\n";
  return out["cccd"].is_null() ? kExitFailure : kExitOk;
}

const bool registered_scan = register_command(
    {"scan", "scan FILE... [--lang en]",
     "Decode barcodes in PNG/JPEG files; one JSON line per file (codes, kind, ID card fields)", run_scan});
const bool registered_cccd =
    register_command({"cccd", "cccd 'PAYLOAD' [--lang en]",
                      "Parse an ID card (CCCD) QR payload; JSON with the fields or the reason", run_cccd});

}  // namespace
}  // namespace mc::ctl
