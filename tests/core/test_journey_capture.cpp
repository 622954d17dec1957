// The capture step of the citizen's journey (số hóa hồ sơ, issue 14): after the form, before the review,
// each document the catalog lets the kiosk digitize is scanned, seen, retaken, extended or skipped; pages are
// the citizen's data, so every wipe destroys them.
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include "mc/core/catalog.hpp"
#include "mc/core/journey.hpp"
#include "mc/core/messages.hpp"

using namespace mc;

namespace {

// TP1 is the form the kiosk fills in (never scanned), TP2 must be scanned, TP3 may come on paper.
const char* kProcedureJson = R"({
  "code": "1.002820",
  "name": {"vi": "Cấp lại giấy phép lái xe", "en": "Re-issue of a driving licence"},
  "field": {"code": "DB", "name": {"vi": "Đường bộ", "en": "Roads"}},
  "agency": {"code": "000.00.15.G12", "name": {"vi": "Cục Đường bộ Việt Nam", "en": "Vietnam Road Administration"}},
  "processing_days": 5,
  "channels": ["in_person"],
  "documents": [
    {"code": "TP1", "name": {"vi": "Đơn đề nghị", "en": "Application"}, "copy_type": "original", "count": 1, "digitize": "no"},
    {"code": "TP2", "name": {"vi": "Giấy khám sức khỏe", "en": "Health certificate"}, "copy_type": "original", "count": 1,
     "digitize": "required"},
    {"code": "TP3", "name": {"vi": "Bản sao căn cước", "en": "ID card copy"}, "copy_type": "copy", "count": 1,
     "digitize": "optional"}],
  "fees": [],
  "result": {"vi": "Giấy phép lái xe", "en": "Driving licence"},
  "legal_basis": ["Thông tư 12/2017/TT-BGTVT"],
  "form": {"groups": [
    {"id": "contact", "title": {"vi": "Liên hệ", "en": "Contact"}, "fields": [
      {"id": "phone", "type": "phone", "label": {"vi": "Số điện thoại", "en": "Phone"}, "required": true}]}
  ]}
})";

Catalog make_catalog() {
  std::vector<CatalogIssue> issues;
  auto p = Catalog::parse_procedure(nlohmann::json::parse(kProcedureJson), "test.json", issues);
  INFO((issues.empty() ? "" : issues.front().json_path + ": " + issues.front().reason));
  REQUIRE(p);
  Catalog catalog;
  catalog.add(*p);
  return catalog;
}

// A page as the capture module hands it over: some JPEG bytes and a preview (the journey never decodes them).
CapturedPage page_marked(uint8_t mark) {
  CapturedPage page;
  page.jpeg = {0xFF, 0xD8, mark, mark, mark, 0xFF, 0xD9};
  page.width = 1654;
  page.height = 2339;
  page.dpi = 200;
  page.preview_width = 2;
  page.preview_height = 1;
  page.preview_rgb = {mark, mark, mark, mark, mark, mark};
  return page;
}

struct Harness {
  Catalog catalog = make_catalog();
  std::vector<std::vector<std::pair<std::string, std::vector<uint8_t>>>> submitted;  // code, first page's JPEG
  Journey journey;
  Harness()
      : journey(
            catalog,
            [this](const SubmitDraft& draft) {
              std::vector<std::pair<std::string, std::vector<uint8_t>>> documents;
              for (const CapturedDocument* document : draft.documents)
                documents.emplace_back(document->code, document->pages.at(0).jpeg);
              submitted.push_back(documents);
              SubmitOutcome out;
              out.accepted = true;
              Dossier d;
              d.code = "000.00.15.G12-260305-1001";
              d.procedure = *catalog.find(draft.procedure_code);
              out.dossier = d;
              return out;
            },
            nullptr, with_clock()) {}
  static JourneyOptions with_clock() {
    JourneyOptions o;
    o.clock = fixed_clock(LocalDateTime{Date{2026, 3, 2}, 9, 0, 0}.to_unix());
    return o;
  }
  void to_end_of_form() {
    journey.start();
    REQUIRE(journey.choose_procedure("1.002820"));
    journey.next();
    IdentifyFields f;
    f.id_number = "001099012345";
    f.full_name = "Nguyễn Văn A";
    f.date_of_birth = "15/03/1999";
    f.sex = "Nam";
    f.address = "Số 1 Đường ABC";
    journey.set_identify_fields(f);
    journey.next();
    REQUIRE(journey.screen() == Screen::Form);
    journey.set_answer_text(*journey.procedure()->form.find("phone"), "0912345678");
  }
  // Asks for a page and returns the ScanPage command's request.
  int ask_page() {
    journey.take_commands();
    journey.scan_page();
    auto commands = journey.take_commands();
    REQUIRE(commands.size() == 1);
    REQUIRE(commands[0].kind == JourneyCommand::Kind::ScanPage);
    REQUIRE(commands[0].request != 0);
    return commands[0].request;
  }
};

}  // namespace

TEST_CASE("capture: without a document scanner the form goes straight to the review", "[journey][capture]") {
  Harness h;
  h.to_end_of_form();
  h.journey.next();
  CHECK(h.journey.screen() == Screen::Review);
  CHECK(h.journey.captured_documents().empty());
  h.journey.back();
  CHECK(h.journey.screen() == Screen::Form);
}

TEST_CASE("capture: scan, see, retake, add and remove pages, skip an optional document, submit with them",
          "[journey][capture]") {
  Harness h;
  h.journey.set_document_scanner(true);
  h.to_end_of_form();
  h.journey.next();
  REQUIRE(h.journey.screen() == Screen::Capture);
  REQUIRE(h.journey.captured_documents().size() == 2);  // TP1 is never scanned
  REQUIRE(h.journey.capture_document());
  CHECK(h.journey.capture_document()->code == "TP2");
  CHECK_FALSE(h.journey.can_skip_document());

  // A required document cannot be left without a page, by continue or by skip.
  h.journey.next();
  CHECK(h.journey.screen() == Screen::Capture);
  REQUIRE(h.journey.capture_message());
  CHECK(h.journey.capture_message()->vi == message("capture.required").vi);
  h.journey.skip_document();
  CHECK(h.journey.capture_index() == 0);

  // Scan a page: progress while it reads, the page when it arrives.
  int request = h.ask_page();
  CHECK(h.journey.capture_scanning());
  CHECK_FALSE(h.journey.capture_message());
  h.journey.on_capture_progress(request, 0.4);
  CHECK(h.journey.capture_progress() == Approx(0.4));
  h.journey.scan_page();  // one page at a time: a second tap while scanning asks nothing
  CHECK(h.journey.take_commands().empty());
  h.journey.next();  // nor can the citizen leave while the page is read
  CHECK(h.journey.capture_index() == 0);
  h.journey.on_page_captured(request, page_marked(1));
  CHECK_FALSE(h.journey.capture_scanning());
  REQUIRE(h.journey.captured_documents()[0].pages.size() == 1);

  // Add a second page, then retake the first: it is replaced in place.
  h.journey.on_page_captured(h.ask_page(), page_marked(2));
  h.journey.take_commands();
  h.journey.retake_page(0);
  auto commands = h.journey.take_commands();
  REQUIRE(commands.size() == 1);
  h.journey.on_page_captured(commands[0].request, page_marked(3));
  const auto& pages = h.journey.captured_documents()[0].pages;
  REQUIRE(pages.size() == 2);
  CHECK(pages[0].jpeg[2] == 3);
  CHECK(pages[1].jpeg[2] == 2);
  // A third page, then removed again.
  h.journey.on_page_captured(h.ask_page(), page_marked(4));
  REQUIRE(h.journey.captured_documents()[0].pages.size() == 3);
  h.journey.remove_page(2);
  CHECK(h.journey.captured_documents()[0].pages.size() == 2);

  // The optional document: skipped, its page with it.
  h.journey.next();
  REQUIRE(h.journey.capture_index() == 1);
  CHECK(h.journey.capture_document()->code == "TP3");
  CHECK(h.journey.can_skip_document());
  h.journey.on_page_captured(h.ask_page(), page_marked(5));
  h.journey.skip_document();
  CHECK(h.journey.screen() == Screen::Review);
  CHECK(h.journey.captured_documents()[1].skipped);
  CHECK(h.journey.captured_documents()[1].pages.empty());

  // Back from the review shows the last document, back again the first, then the form.
  h.journey.back();
  CHECK(h.journey.screen() == Screen::Capture);
  CHECK(h.journey.capture_index() == 1);
  h.journey.back();
  CHECK(h.journey.capture_index() == 0);
  CHECK(h.journey.captured_documents()[0].pages.size() == 2);  // kept while the citizen walks back
  h.journey.back();
  CHECK(h.journey.screen() == Screen::Form);
  h.journey.next();
  CHECK(h.journey.screen() == Screen::Capture);
  h.journey.next();
  h.journey.next();  // TP3 without a page: brought on paper
  REQUIRE(h.journey.screen() == Screen::Review);
  h.journey.next();
  REQUIRE(h.journey.screen() == Screen::Receipt);
  REQUIRE(h.submitted.size() == 1);
  REQUIRE(h.submitted[0].size() == 1);  // only the scanned document goes with the dossier
  CHECK(h.submitted[0][0].first == "TP2");
  CHECK(h.submitted[0][0].second[2] == 3);
}

TEST_CASE("capture: a jam or an empty glass can be fixed and retried, a missing scanner lets the journey go on",
          "[journey][capture]") {
  Harness h;
  h.journey.set_document_scanner(true);
  h.to_end_of_form();
  h.journey.next();
  REQUIRE(h.journey.screen() == Screen::Capture);

  int request = h.ask_page();
  h.journey.on_capture_failed(request, CaptureFailure::Jammed);
  REQUIRE(h.journey.capture_message());
  CHECK(h.journey.capture_message()->vi == message("capture.failure.jammed").vi);
  CHECK_FALSE(h.journey.capture_unavailable());
  CHECK_FALSE(h.journey.can_skip_document());  // a person can fix a jam: still required
  request = h.ask_page();
  h.journey.on_capture_failed(request, CaptureFailure::NoPaper);
  CHECK(h.journey.capture_message()->vi == message("capture.failure.no_paper").vi);

  // Unplugged mid-page: the message stays calm, the required rule lifts, the rest goes on paper.
  request = h.ask_page();
  h.journey.on_capture_progress(request, 0.5);
  h.journey.on_capture_failed(request, CaptureFailure::Disconnected);
  CHECK(h.journey.capture_message()->vi == message("capture.failure.disconnected").vi);
  CHECK(h.journey.capture_unavailable());
  CHECK(h.journey.can_skip_document());
  h.journey.scan_page();  // no more scanning for this citizen
  CHECK(h.journey.take_commands().empty());
  h.journey.next();
  REQUIRE(h.journey.screen() == Screen::Review);
  h.journey.next();
  REQUIRE(h.journey.screen() == Screen::Receipt);
  CHECK(h.submitted.at(0).empty());
}

TEST_CASE("capture: a page that stops moving is given up as an unplugged scanner, and the journey goes on",
          "[journey][capture]") {
  Harness h;
  h.journey.set_document_scanner(true);
  h.journey.note_input(1'000);
  h.to_end_of_form();
  h.journey.next();
  REQUIRE(h.journey.screen() == Screen::Capture);
  const int stall_ms = JourneyOptions{}.capture_stall_s * 1000;

  // A slow page that keeps moving is waited for, however long it takes in all.
  int request = h.ask_page();
  for (int64_t t = 1'000; t <= 1'000 + 3 * int64_t(stall_ms); t += stall_ms / 2) {
    h.journey.tick(t);
    h.journey.on_capture_progress(request, double(t) / (4.0 * stall_ms));
    h.journey.note_input(t);  // the citizen is there
  }
  CHECK(h.journey.capture_scanning());
  CHECK(h.journey.take_commands().empty());
  h.journey.on_page_captured(request, page_marked(1));
  CHECK(h.journey.captured_documents().at(0).pages.size() == 1);

  // The next page moves once, then the driver answers nothing more: the kiosk wakes up in time to give it up.
  const int64_t asked = 1'000 + 4 * int64_t(stall_ms);
  h.journey.note_input(asked);
  request = h.ask_page();
  h.journey.tick(asked + 1'000);
  h.journey.on_capture_progress(request, 0.3);
  REQUIRE(h.journey.next_deadline_ms());
  CHECK(*h.journey.next_deadline_ms() <= asked + 1'000 + stall_ms);
  h.journey.tick(asked + stall_ms);  // less than the stall after the last move
  CHECK(h.journey.capture_scanning());
  h.journey.tick(asked + 1'000 + stall_ms);
  CHECK_FALSE(h.journey.capture_scanning());
  auto commands = h.journey.take_commands();
  REQUIRE(commands.size() == 1);
  CHECK(commands[0].kind == JourneyCommand::Kind::CancelScan);
  CHECK(commands[0].request == request);
  REQUIRE(h.journey.capture_message());
  CHECK(h.journey.capture_message()->vi == message("capture.failure.disconnected").vi);
  CHECK(h.journey.capture_unavailable());
  CHECK(h.journey.can_skip_document());

  // The stuck page turns up after all: it belongs to no request now. The scanned page stays, the rest on paper.
  h.journey.on_page_captured(request, page_marked(2));
  CHECK(h.journey.captured_documents().at(0).pages.size() == 1);
  h.journey.next();
  REQUIRE(h.journey.screen() == Screen::Review);
  h.journey.next();
  REQUIRE(h.journey.screen() == Screen::Receipt);
  REQUIRE(h.submitted.size() == 1);
  REQUIRE(h.submitted[0].size() == 1);
  CHECK(h.submitted[0][0].second == page_marked(1).jpeg);
}

TEST_CASE("capture: the idle wipe destroys every captured page and stops the page being scanned",
          "[journey][capture][idle]") {
  Harness h;
  h.journey.set_document_scanner(true);
  h.journey.note_input(0);
  h.to_end_of_form();
  h.journey.next();
  REQUIRE(h.journey.screen() == Screen::Capture);
  h.journey.on_page_captured(h.ask_page(), page_marked(7));
  h.journey.on_page_captured(h.ask_page(), page_marked(8));
  CHECK(h.journey.citizen_data_dump().find("TP2 page 7 bytes") != std::string::npos);
  const int pending = h.ask_page();  // the citizen walks away while a page is being read

  h.journey.tick(200'000);  // past idle_timeout_s and idle_warning_s
  REQUIRE(h.journey.screen() == Screen::Attract);
  CHECK(h.journey.captured_documents().empty());
  CHECK(h.journey.citizen_data_dump().empty());
  auto commands = h.journey.take_commands();
  REQUIRE(commands.size() == 1);
  CHECK(commands[0].kind == JourneyCommand::Kind::CancelScan);
  CHECK(commands[0].request == pending);

  // The page that was being read arrives late: it belongs to nobody now and is dropped.
  h.journey.on_page_captured(pending, page_marked(9));
  CHECK(h.journey.captured_documents().empty());
  CHECK(h.journey.citizen_data_dump().empty());

  // The next citizen starts without a page of the previous one, and a fresh request number.
  h.to_end_of_form();
  h.journey.next();
  REQUIRE(h.journey.screen() == Screen::Capture);
  for (const auto& document : h.journey.captured_documents()) CHECK(document.pages.empty());
  CHECK(h.ask_page() != pending);
}

TEST_CASE("capture: scrubbing a session empties every captured page", "[journey][capture][session]") {
  CitizenSession session;
  session.captured.push_back(CapturedDocument{"TP2", {page_marked(0x5A), page_marked(0x5B)}, false});
  session.scrub();
  REQUIRE(session.captured.size() == 1);
  CHECK(session.captured[0].pages.empty());
}
