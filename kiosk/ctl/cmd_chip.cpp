// kioskctl chip: read the chip of a citizen ID card over PC/SC and say whether it is genuine (issue 16).
// What was read is printed masked unless --reveal is given (for the officer at the reader; never logged).
// The face image is summarised, never written anywhere.
#include <chrono>
#include <nlohmann/json.hpp>
#include <ostream>
#include <string>

#include "command.hpp"
#include "mc/core/i18n.hpp"
#include "mc/core/log.hpp"
#include "mc/idcard/chip_reader.hpp"
#include "mc/idcard/errors.hpp"
#include "mc/idcard/pcsc.hpp"

namespace mc::ctl {
namespace {

using json = nlohmann::ordered_json;
using namespace mc::idcard;

Lang take_lang(CommandContext& ctx) {
  return ctx.take_option("--lang", "vi") == "en" ? Lang::En : Lang::Vi;
}

std::string translated(CommandContext& ctx, const std::string& key, Lang lang) {
  try {
    static const Translations translations = Translations::load(ctx.config().resolved_assets_dir() + "/i18n");
    return translations.tr(key, lang);
  } catch (const std::exception&) {
    return key;
  }
}

// "DOC,YYMMDD,YYMMDD"
std::optional<MrzKey> parse_mrz_option(const std::string& text) {
  const auto first = text.find(',');
  const auto second = first == std::string::npos ? std::string::npos : text.find(',', first + 1);
  if (second == std::string::npos) return std::nullopt;
  MrzKey key{text.substr(0, first), text.substr(first + 1, second - first - 1), text.substr(second + 1)};
  try {
    mrz_information(key);
  } catch (const std::invalid_argument&) {
    return std::nullopt;
  }
  return key;
}

int chip_read(CommandContext& ctx) {
  const Lang lang = take_lang(ctx);
  const bool as_json = ctx.take_flag("--json");
  const bool reveal = ctx.take_flag("--reveal");
  const bool no_face = ctx.take_flag("--no-face");
  const std::string can_text = ctx.take_option("--can");
  const std::string mrz_text = ctx.take_option("--mrz");
  const std::string reader = ctx.take_option("--reader", ctx.config().idcard.reader);
  const std::string wait_text = ctx.take_option("--wait", std::to_string(ctx.config().idcard.card_wait_s));
  const char* usage =
      "Usage: kioskctl chip read [--can 123456 | --mrz DOCNO,YYMMDD,YYMMDD] [--json] [--reveal] [--reader NAME]\n"
      "                          [--no-face] [--wait SECONDS] [--lang en]\n";
  if (!ctx.args.empty() || (can_text.empty() == mrz_text.empty() && !(can_text.empty() && mrz_text.empty()))) {
    ctx.err << "kioskctl chip read: give --can or --mrz (not both)\n" << usage;
    return kExitUsage;
  }
  AccessKey key;
  if (!can_text.empty()) {
    const auto can = parse_can(can_text);
    if (!can) {
      ctx.err << "kioskctl chip read: the CAN is 6 digits (the last 6 of the ID number)\n" << usage;
      return kExitUsage;
    }
    key.can = *can;
  }
  if (!mrz_text.empty()) {
    key.mrz = parse_mrz_option(mrz_text);
    if (!key.mrz) {
      ctx.err << "kioskctl chip read: --mrz is DOCNO,YYMMDD,YYMMDD (document number, birth date, expiry date)\n"
              << usage;
      return kExitUsage;
    }
  }
  int wait_s = 0;
  try {
    wait_s = std::stoi(wait_text);
  } catch (const std::exception&) {
  }
  if (wait_s < 1) {
    ctx.err << "kioskctl chip read: --wait is a number of seconds\n" << usage;
    return kExitUsage;
  }

  std::vector<std::string> trust_problems;
  const TrustStore trust = TrustStore::load_directory(ctx.config().resolved_csca_dir(), &trust_problems);
  for (const auto& problem : trust_problems) ctx.err << "kioskctl chip read: CSCA store: " << problem << "\n";

  ChipReadResult result;
  std::string reader_name;
  try {
    PcscContext pcsc;
    const auto found = pcsc.wait_for_card(reader, std::chrono::seconds(wait_s));
    if (!found)
      throw ChipError(ChipErrorKind::NoCard, pcsc.readers().empty() ? "no PC/SC reader" : "no card on the reader");
    reader_name = *found;
    auto card = pcsc.connect(*found);
    ReadOptions options;
    options.read_face = !no_face && ctx.config().idcard.read_face;
    result = read_chip(*card, key, trust, options);
  } catch (const ChipError& error) {
    ChipErrorKind kind = error.kind();
    if (kind == ChipErrorKind::NoCard && std::string(error.what()) == "no PC/SC reader") kind = ChipErrorKind::NoReader;
    if (as_json) {
      ctx.out << json{{"ok", false},
                      {"error", error_kind_name(kind)},
                      {"message", translated(ctx, error_message_key(kind), lang)},
                      {"detail", error.what()}}
                     .dump()
              << "\n";
    } else {
      ctx.err << translated(ctx, error_message_key(kind), lang) << "\n  (" << error_kind_name(kind) << ": "
              << error.what() << ")\n";
    }
    return kExitFailure;
  }

  const ChipIdentity& who = result.identity;
  auto shown = [reveal](const std::string& value, const std::string& masked) { return reveal ? value : masked; };
  auto name = [&](const std::string& value) { return shown(value, mask_name(value)); };
  auto text = [&](const std::string& value) { return value.empty() ? value : shown(value, mask_free_text(value)); };
  // Dates of birth and issue are personal: only the year when masked.
  auto date = [&](const std::optional<Date>& value) {
    if (!value) return std::string();
    return reveal ? value->dmy() : "**/**/" + std::to_string(value->year);
  };
  const PassiveAuthResult& pa = result.passive_auth;
  const std::string status_key = std::string("chip.status.") + passive_auth_status_name(pa.status);

  if (as_json) {
    json groups = json::array();
    for (const auto& check : pa.data_groups)
      groups.push_back({{"dg", check.number}, {"listed", check.listed}, {"matches", check.matches}});
    json out = {
        {"ok", true},
        {"reader", reader_name},
        {"access", access_protocol_name(result.protocol)},
        {"access_details", result.protocol_details},
        {"masked", !reveal},
        {"identity",
         {{"id_number", shown(who.id_number, mask_id(who.id_number))},
          {"full_name", name(who.full_name)},
          {"date_of_birth", date(who.date_of_birth)},
          {"sex", sex_label_vi(who.sex)},
          {"nationality", who.nationality},
          {"ethnicity", text(who.ethnicity)},
          {"religion", text(who.religion)},
          {"place_of_origin", text(who.place_of_origin)},
          {"place_of_residence", text(who.place_of_residence)},
          {"identifying_marks", text(who.identifying_marks)},
          {"issue_date", date(who.issue_date)},
          {"expiry_date", who.expiry_date ? who.expiry_date->dmy() : who.expiry_text},
          {"father_name", name(who.father_name)},
          {"mother_name", name(who.mother_name)},
          {"spouse_name", name(who.spouse_name)},
          {"old_id_number", who.old_id_number.empty() ? "" : shown(who.old_id_number, mask_id(who.old_id_number))},
          {"warnings", who.warnings}}},
        {"mrz_check_digit_errors", result.mrz.check_digit_errors},
        {"face", result.face ? json{{"format", image_format_name(result.face->format)},
                                    {"width", result.face->width},
                                    {"height", result.face->height},
                                    {"bytes", result.face->encoded.size()}}
                             : json(nullptr)},
        {"data_groups_listed", result.data_groups_listed},
        {"passive_authentication",
         {{"status", passive_auth_status_name(pa.status)},
          {"message", translated(ctx, status_key, lang)},
          {"reason", pa.reason},
          {"digest", pa.digest_algorithm},
          {"document_signer", pa.signer_subject},
          {"csca", pa.csca_subject},
          {"data_groups", groups}}},
        {"active_authentication",
         {{"status", active_auth_status_name(result.active_auth.status)}, {"reason", result.active_auth.reason}}},
        {"chip_authentication_offered", result.chip_authentication_offered},
        {"notes", result.notes},
        {"apdus", result.apdus},
        {"times_ms",
         {{"access_control", result.times.access_control_ms},
          {"identity", result.times.identity_ms},
          {"security", result.times.security_ms},
          {"face", result.times.face_ms},
          {"verification", result.times.verification_ms},
          {"total", result.times.total_ms}}},
    };
    ctx.out << out.dump(-1, ' ', false, json::error_handler_t::replace) << "\n";
  } else {
    std::ostream& out = ctx.out;
    out << "Đầu đọc / reader:        " << reader_name << "\n"
        << "Truy cập / access:       " << access_protocol_name(result.protocol) << " (" << result.protocol_details
        << ")\n"
        << "Số định danh / ID:       " << shown(who.id_number, mask_id(who.id_number)) << "\n"
        << "Họ và tên / name:        " << name(who.full_name) << "\n"
        << "Ngày sinh / born:        " << date(who.date_of_birth) << "\n"
        << "Giới tính / sex:         " << sex_label_vi(who.sex) << "\n"
        << "Quốc tịch / nationality: " << who.nationality << "\n"
        << "Dân tộc / ethnicity:     " << text(who.ethnicity) << "\n"
        << "Tôn giáo / religion:     " << text(who.religion) << "\n"
        << "Quê quán / origin:       " << text(who.place_of_origin) << "\n"
        << "Thường trú / residence:  " << text(who.place_of_residence) << "\n"
        << "Nhận dạng / marks:       " << text(who.identifying_marks) << "\n"
        << "Ngày cấp / issued:       " << date(who.issue_date) << "\n"
        << "Hết hạn / expires:       " << (who.expiry_date ? who.expiry_date->dmy() : who.expiry_text) << "\n"
        << "Cha / father:            " << name(who.father_name) << "\n"
        << "Mẹ / mother:             " << name(who.mother_name) << "\n"
        << "Vợ, chồng / spouse:      " << name(who.spouse_name) << "\n"
        << "CMND cũ / old ID:        "
        << (who.old_id_number.empty() ? "" : shown(who.old_id_number, mask_id(who.old_id_number))) << "\n";
    if (result.face)
      out << "Ảnh / face:              " << image_format_name(result.face->format) << " " << result.face->width << "x"
          << result.face->height << ", " << result.face->encoded.size() << " bytes (not saved)\n";
    out << "Xác thực / verification: " << translated(ctx, status_key, lang) << " ["
        << passive_auth_status_name(pa.status) << "]\n"
        << "  " << pa.reason << "\n";
    if (!pa.signer_subject.empty()) out << "  document signer: " << pa.signer_subject << "\n";
    if (!pa.csca_subject.empty()) out << "  CSCA: " << pa.csca_subject << "\n";
    if (result.active_auth.status != ActiveAuthStatus::NotOffered)
      out << "Chống sao chép / AA:     " << active_auth_status_name(result.active_auth.status) << " — "
          << result.active_auth.reason << "\n";
    for (const auto& note : result.notes) out << "  note: " << note << "\n";
    for (const auto& warning : who.warnings) out << "  warning: " << warning << "\n";
    out << "Thời gian / time:        " << static_cast<int>(result.times.total_ms) << " ms ("
        << static_cast<int>(result.times.access_control_ms) << " access, " << static_cast<int>(result.times.identity_ms)
        << " DG1+DG13, " << static_cast<int>(result.times.face_ms) << " DG2), " << result.apdus << " APDUs\n";
  }
  return pa.status == PassiveAuthStatus::Verified ? kExitOk : kExitFailure;
}

int chip_readers(CommandContext& ctx) {
  try {
    PcscContext pcsc;
    const auto readers = pcsc.readers();
    if (readers.empty()) ctx.out << "Không có đầu đọc / no reader\n";
    for (const auto& reader : readers) ctx.out << reader << "\n";
    return readers.empty() ? kExitFailure : kExitOk;
  } catch (const ChipError& error) {
    ctx.err << "kioskctl chip readers: " << error.what() << "\n";
    return kExitFailure;
  }
}

int chip_csca(CommandContext& ctx) {
  const std::string dir = ctx.config().resolved_csca_dir();
  std::vector<std::string> problems;
  const TrustStore trust = TrustStore::load_directory(dir, &problems);
  ctx.out << "CSCA: " << dir << " (" << trust.size() << ")\n";
  for (const auto& subject : trust.subjects()) ctx.out << "  " << subject << "\n";
  for (const auto& problem : problems) ctx.out << "  không đọc được / unreadable: " << problem << "\n";
  return problems.empty() ? kExitOk : kExitFailure;
}

const bool registered_read = register_command(
    {"chip read",
     "chip read [--can N | --mrz DOC,YYMMDD,YYMMDD] [--json] [--reveal] [--reader NAME] [--no-face] [--wait S]",
     "Read the ID card's chip over PC/SC (PACE or BAC), print it masked and whether passive authentication verified it",
     chip_read});
const bool registered_readers =
    register_command({"chip readers", "chip readers", "List the PC/SC card readers pcscd sees", chip_readers});
const bool registered_csca =
    register_command({"chip csca", "chip csca",
                      "List the trusted CSCA certificates (idcard.csca_dir) and any unreadable file", chip_csca});

}  // namespace
}  // namespace mc::ctl
