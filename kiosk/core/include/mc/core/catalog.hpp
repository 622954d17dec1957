#pragma once
// The procedure catalog (thủ tục hành chính): one JSON file per procedure under assets/catalog/.
// Fields are modelled on the national portal's procedure record (LayThuTuc) plus the kiosk form.
//
// JSON shape of one file:
// {
//   "code": "1.002820",
//   "name": {"vi": "Cấp lại giấy phép lái xe", "en": "Re-issue of a driving licence"},
//   "field": {"code": "DB", "name": {"vi": "Đường bộ", "en": "Roads"}},
//   "agency": {"code": "000.00.15.G12", "name": {"vi": "...", "en": "..."}},
//   "processing_days": 5,
//   "channels": ["in_person", "online", "post"],
//   "documents": [{"code": "TP1", "name": {"vi","en"}, "copy_type": "original"|"copy"|"certified_copy",
//                  "count": 1, "template": "Mẫu số 01"?, "digitize": "required"|"optional"|"no"?}],
//   "fees": [{"code": "LP1", "name": {"vi","en"}, "amount_vnd": 135000, "kind": "fee"|"charge"}],
//   "result": {"vi","en"},
//   "applicant_types": {"vi","en"}?,
//   "legal_basis": ["Thông tư số ..."],
//   "keywords": ["gplx", "bang lai"]?,
//   "hand_in": {"place": {"vi","en"}, "ticket_area": "A"?}?,   where the paper originals go after the kiosk
//   "due_from": "submission" | "complete_documents"?,          when the processing days start counting
//   "form": FORM (see form.hpp)
// }
#include <nlohmann/json_fwd.hpp>
#include <optional>
#include <string>
#include <vector>
#include "mc/core/form.hpp"
#include "mc/core/localized.hpp"

namespace mc {

enum class CopyType { Original, Copy, CertifiedCopy };
const char* copy_type_name(CopyType type);     // "original" / "copy" / "certified_copy"
LocalizedText copy_type_label(CopyType type);  // "Bản chính" / "Bản sao" / "Bản sao chứng thực"

// How a received document was handed in: on paper at the counter, or as an electronic file (a scan or an
// upload). Catalog entries describe requirements and leave it Paper; a dossier's received documents say.
enum class DocumentMedium { Paper, Electronic };
const char* document_medium_name(DocumentMedium medium);  // "paper" / "electronic"

// Whether the kiosk scans a document at intake (số hóa hồ sơ, issue 14): required (it cannot be skipped while
// the scanner works), optional (the citizen may skip it and bring the paper), no (never scanned: the form the
// kiosk itself fills in, a photo the office needs as a print). Absent in a file: no.
enum class Digitize { No, Optional, Required };
const char* digitize_name(Digitize digitize);  // "no" / "optional" / "required"
std::optional<Digitize> parse_digitize(std::string_view name);

enum class Channel { InPerson, Online, Post };
const char* channel_name(Channel channel);  // "in_person" / "online" / "post"
LocalizedText channel_label(Channel channel);

struct DocumentRequirement {
  std::string code;
  LocalizedText name;
  CopyType copy_type = CopyType::Original;
  int count = 1;
  std::string template_name;  // e.g. "Mẫu số 01" or empty
  DocumentMedium medium = DocumentMedium::Paper;
  Digitize digitize = Digitize::No;
  int pages = 0;  // a received document scanned at the kiosk (medium Electronic): its pages
};

struct Fee {
  std::string code;
  LocalizedText name;
  int64_t amount_vnd = 0;
  std::string kind = "fee";  // "fee" (lệ phí) or "charge" (phí)
};

// Where a citizen who filed at the kiosk hands in the paper originals (the kiosk takes no paper).
struct HandIn {
  LocalizedText place;      // "Quầy 1–3, khu A, tầng 1"; empty: the office's reception counter in general
  std::string ticket_area;  // service area (assets/tickets/areas.json) whose queue ticket the receipt offers
};

// From when the procedure's processing days count: the kiosk's submission, or the day the office holds
// every paper original (then the due date shown at the kiosk is the earliest possible one).
enum class DueFrom { Submission, CompleteDocuments };
const char* due_from_name(DueFrom from);  // "submission" / "complete_documents"

struct Procedure {
  std::string code;
  LocalizedText name;
  std::string field_code;
  LocalizedText field_name;
  std::string agency_code;
  LocalizedText agency_name;
  int processing_days = 0;
  std::vector<Channel> channels;
  std::vector<DocumentRequirement> documents;
  std::vector<Fee> fees;
  LocalizedText result;
  LocalizedText applicant_types;
  std::vector<std::string> legal_basis;
  std::vector<std::string> keywords;
  HandIn hand_in;
  DueFrom due_from = DueFrom::Submission;
  FormSpec form;
  std::string source_file;

  int64_t total_fee_vnd() const;
};

struct CatalogIssue {
  std::string file;
  std::string json_path;  // "$.documents[2].count"
  std::string reason;
};

struct FieldOfWork {
  std::string code;
  LocalizedText name;
  size_t procedure_count = 0;
};

class Catalog {
 public:
  // Loads every *.json in the folder, in file-name order. A broken file is reported in issues and
  // skipped; the rest still loads. Duplicate codes: the later file is reported and skipped.
  static Catalog load_dir(const std::string& dir, std::vector<CatalogIssue>& issues);
  // One procedure from JSON text (also used for the server's LayThuTuc answers).
  static std::optional<Procedure> parse_procedure(const nlohmann::json& json, const std::string& file,
                                                  std::vector<CatalogIssue>& issues);
  static nlohmann::json to_json(const Procedure& procedure);

  void add(Procedure procedure);
  const std::vector<Procedure>& procedures() const { return procedures_; }
  const Procedure* find(std::string_view code) const;
  std::vector<FieldOfWork> fields_of_work() const;  // in first-appearance order
  std::vector<const Procedure*> in_field(std::string_view field_code) const;
  size_t size() const { return procedures_.size(); }

 private:
  std::vector<Procedure> procedures_;
};

}  // namespace mc
