#include "mc/core/dossier.hpp"
#include "mc/core/messages.hpp"

#include <nlohmann/json.hpp>
#include <stdexcept>

namespace mc {

bool is_valid_status(int code) { return code >= 1 && code <= 10; }

bool is_final(DossierStatus status) {
  switch (status) {
    case DossierStatus::NotAccepted:
    case DossierStatus::Withdrawn:
    case DossierStatus::Stopped:
    case DossierStatus::ResultReturned:
      return true;
    default:
      return false;
  }
}

LocalizedText status_label(DossierStatus status) {
  // assets/i18n: "dossier_status.<code>" (the TrangThaiHoSo codes, DOMAIN.md §2).
  if (is_valid_status(int(status))) return message("dossier_status." + std::to_string(int(status)));
  return message("dossier_status.unknown");
}

namespace {

nlohmann::json optional_date(const std::optional<Date>& date) {
  return date ? nlohmann::json(date->iso()) : nlohmann::json(nullptr);
}

std::optional<Date> read_optional_date(const nlohmann::json& json, const char* key) {
  if (!json.contains(key) || json.at(key).is_null()) return std::nullopt;
  auto date = Date::parse_iso(json.at(key).get<std::string>());
  if (!date) throw std::runtime_error(std::string("dossier: ") + key + " is not a date YYYY-MM-DD");
  return date;
}

LocalDateTime read_time(const nlohmann::json& json, const char* key) {
  auto time = LocalDateTime::parse_iso(json.at(key).get<std::string>());
  if (!time) throw std::runtime_error(std::string("dossier: ") + key + " is not a time YYYY-MM-DDTHH:MM:SS+07:00");
  return *time;
}

nlohmann::json document_json(const DocumentRequirement& document) {
  return {{"code", document.code},
          {"name", {{"vi", document.name.vi}, {"en", document.name.en}}},
          {"copy_type", copy_type_name(document.copy_type)},
          {"count", document.count},
          {"template", document.template_name},
          {"medium", document_medium_name(document.medium)},
          {"pages", document.pages}};
}

DocumentRequirement document_from_json(const nlohmann::json& json) {
  DocumentRequirement document;
  document.code = json.at("code").get<std::string>();
  document.name.vi = json.at("name").at("vi").get<std::string>();
  document.name.en = json.at("name").value("en", "");
  const std::string copy_type = json.at("copy_type").get<std::string>();
  if (copy_type == "original")
    document.copy_type = CopyType::Original;
  else if (copy_type == "copy")
    document.copy_type = CopyType::Copy;
  else if (copy_type == "certified_copy")
    document.copy_type = CopyType::CertifiedCopy;
  else
    throw std::runtime_error("dossier: unknown copy_type " + copy_type);
  document.count = json.at("count").get<int>();
  document.template_name = json.value("template", "");
  // Dossiers stored before the medium was recorded were all handed in on paper.
  const std::string medium = json.value("medium", "paper");
  if (medium == "paper")
    document.medium = DocumentMedium::Paper;
  else if (medium == "electronic")
    document.medium = DocumentMedium::Electronic;
  else
    throw std::runtime_error("dossier: unknown document medium " + medium);
  document.pages = json.value("pages", 0);  // older dossiers: none scanned
  return document;
}

}  // namespace

nlohmann::json dossier_to_json(const Dossier& dossier) {
  nlohmann::json documents = nlohmann::json::array();
  for (const auto& document : dossier.documents_received) documents.push_back(document_json(document));
  const CitizenIdentity& person = dossier.applicant;
  nlohmann::json out = {
      {"code", dossier.code},
      {"lookup_code", dossier.lookup_code},
      {"kiosk_id", dossier.kiosk_id},
      {"procedure", Catalog::to_json(dossier.procedure)},
      {"applicant",
       {{"id_number", person.id_number},
        {"old_id_number", person.old_id_number},
        {"full_name", person.full_name},
        {"date_of_birth", optional_date(person.date_of_birth)},
        {"sex", sex_label_vi(person.sex)},
        {"address", person.address},
        {"issue_date", optional_date(person.issue_date)}}},
      {"phone", dossier.phone},
      {"email", dossier.email},
      {"answers", dossier.answers},
      {"documents_received", documents},
      {"sets", dossier.sets},
      {"result_delivery", dossier.result_delivery},
      {"postal_address", dossier.postal_address},
      {"received_at", dossier.received_at.iso()},
      {"due_at", dossier.due_at.iso()},
      {"status", static_cast<int>(dossier.status)},
  };
  // Only when the identity came from the chip: dossiers stored before issue 16 read back the same.
  if (dossier.chip_check.read())
    out["chip_check"] = {{"status", chip_verification_name(dossier.chip_check.status)},
                         {"access", dossier.chip_check.access},
                         {"read_at", dossier.chip_check.read_at}};
  return out;
}

Dossier dossier_from_json(const nlohmann::json& json) {
  try {
    Dossier dossier;
    dossier.code = json.at("code").get<std::string>();
    dossier.lookup_code = json.value("lookup_code", "");
    dossier.kiosk_id = json.value("kiosk_id", "");
    std::vector<CatalogIssue> issues;
    auto procedure = Catalog::parse_procedure(json.at("procedure"), "(dossier " + dossier.code + ")", issues);
    if (!procedure) {
      std::string reason = issues.empty() ? "invalid" : issues.front().json_path + ": " + issues.front().reason;
      throw std::runtime_error("dossier: procedure snapshot " + reason);
    }
    dossier.procedure = std::move(*procedure);
    const auto& person = json.at("applicant");
    dossier.applicant.id_number = person.at("id_number").get<std::string>();
    dossier.applicant.old_id_number = person.value("old_id_number", "");
    dossier.applicant.full_name = person.at("full_name").get<std::string>();
    dossier.applicant.date_of_birth = read_optional_date(person, "date_of_birth");
    dossier.applicant.sex = parse_sex(person.value("sex", "")).value_or(Sex::Unknown);
    dossier.applicant.address = person.value("address", "");
    dossier.applicant.issue_date = read_optional_date(person, "issue_date");
    if (json.contains("chip_check")) {
      const auto& chip = json.at("chip_check");
      const auto status = parse_chip_verification(chip.at("status").get<std::string>());
      if (!status) throw std::runtime_error("dossier: chip_check.status is not verified, csca_unknown or failed");
      dossier.chip_check.status = *status;
      dossier.chip_check.access = chip.value("access", "");
      dossier.chip_check.read_at = chip.value("read_at", int64_t{0});
    }
    dossier.phone = json.value("phone", "");
    dossier.email = json.value("email", "");
    dossier.answers = json.at("answers").get<Answers>();
    for (const auto& document : json.at("documents_received")) dossier.documents_received.push_back(document_from_json(document));
    dossier.sets = json.value("sets", 1);
    dossier.result_delivery = json.value("result_delivery", "in_person");
    dossier.postal_address = json.value("postal_address", "");
    dossier.received_at = read_time(json, "received_at");
    dossier.due_at = read_time(json, "due_at");
    const int status = json.at("status").get<int>();
    if (!is_valid_status(status)) throw std::runtime_error("dossier: status " + std::to_string(status) + " is not 1–10");
    dossier.status = static_cast<DossierStatus>(status);
    return dossier;
  } catch (const nlohmann::json::exception& error) {
    throw std::runtime_error(std::string("dossier: malformed JSON: ") + error.what());
  }
}

}  // namespace mc
