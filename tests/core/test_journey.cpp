#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include "mc/core/catalog.hpp"
#include "mc/core/journey.hpp"

using namespace mc;

namespace {

// A small procedure: applicant (prefilled from the ID card), contact, and a group shown only for post delivery.
const char* kProcedureJson = R"({
  "code": "1.002820",
  "name": {"vi": "Cấp lại giấy phép lái xe", "en": "Re-issue of a driving licence"},
  "field": {"code": "DB", "name": {"vi": "Đường bộ", "en": "Roads"}},
  "agency": {"code": "000.00.15.G12", "name": {"vi": "Cục Đường bộ Việt Nam", "en": "Vietnam Road Administration"}},
  "processing_days": 5,
  "channels": ["in_person"],
  "documents": [{"code": "TP1", "name": {"vi": "Đơn đề nghị", "en": "Application"}, "copy_type": "original", "count": 1}],
  "fees": [{"code": "LP1", "name": {"vi": "Lệ phí", "en": "Fee"}, "amount_vnd": 135000, "kind": "fee"}],
  "result": {"vi": "Giấy phép lái xe", "en": "Driving licence"},
  "legal_basis": ["Thông tư 12/2017/TT-BGTVT"],
  "keywords": ["bang lai", "gplx"],
  "hand_in": {"place": {"vi": "Quầy khu A", "en": "Area A counters"}, "ticket_area": "A"},
  "form": {"groups": [
    {"id": "applicant", "title": {"vi": "Người nộp", "en": "Applicant"}, "fields": [
      {"id": "full_name", "type": "text", "label": {"vi": "Họ và tên", "en": "Full name"}, "required": true, "prefill": "full_name"},
      {"id": "date_of_birth", "type": "date", "label": {"vi": "Ngày sinh", "en": "Date of birth"}, "required": true,
       "max_date": "today", "prefill": "date_of_birth"}]},
    {"id": "contact", "title": {"vi": "Liên hệ", "en": "Contact"}, "fields": [
      {"id": "phone", "type": "phone", "label": {"vi": "Số điện thoại", "en": "Phone"}, "required": true},
      {"id": "delivery", "type": "single_choice", "label": {"vi": "Nhận kết quả", "en": "Result"}, "required": true,
       "options": [{"value": "office", "label": {"vi": "Tại cơ quan", "en": "At the office"}},
                   {"value": "post", "label": {"vi": "Qua bưu điện", "en": "By post"}}]}]},
    {"id": "post", "title": {"vi": "Địa chỉ nhận", "en": "Postal address"}, "fields": [
      {"id": "post_address", "type": "long_text", "label": {"vi": "Địa chỉ", "en": "Address"}, "required": true,
       "show_if": {"field": "delivery", "equals": ["post"]}}]}
  ]}
})";

Catalog make_catalog() {
  std::vector<CatalogIssue> issues;
  auto p = Catalog::parse_procedure(nlohmann::json::parse(kProcedureJson), "test.json", issues);
  INFO((issues.empty() ? "" : issues.front().json_path + ": " + issues.front().reason));
  REQUIRE(p);
  Catalog catalog;
  catalog.add(*p);
  auto other = *p;
  other.code = "1.000972";
  other.name = {"Kiểm định xe cơ giới", "Motor vehicle inspection"};
  other.field_code = "DK";
  other.field_name = {"Đăng kiểm", "Vehicle inspection"};
  other.keywords = {};
  catalog.add(other);
  return catalog;
}

CitizenIdentity fake_citizen() {
  CitizenIdentity id;
  id.id_number = "001099012345";
  id.full_name = "Nguyễn Văn A";
  id.date_of_birth = Date::from_ymd(1999, 3, 15);
  id.sex = Sex::Male;
  id.address = "Số 1 Đường ABC, Phường X, TP Z";
  return id;
}

struct Harness {
  Catalog catalog = make_catalog();
  std::vector<SubmitDraft> submitted;
  bool accept = true;
  Journey journey;
  Harness(JourneyOptions options = {})
      : journey(
            catalog,
            [this](const SubmitDraft& draft) {
              submitted.push_back(draft);
              SubmitOutcome out;
              if (!accept) {
                out.message = {"Đĩa đầy", "Disk full"};
                return out;
              }
              out.accepted = true;
              Dossier d;
              d.code = "000.00.15.G12-260305-1001";
              d.procedure = *catalog.find(draft.procedure_code);  // the snapshot, as the intake keeps it
              d.applicant = draft.applicant;
              d.answers = draft.answers;
              out.dossier = d;
              return out;
            },
            [](const std::string& code) {
              DossierStatusView v;
              v.code = code;
              v.found = code == "000.00.15.G12-260305-1001";
              if (v.found) v.status = DossierStatus::NewlyRegistered;
              return v;
            },
            with_clock(options)) {}
  static JourneyOptions with_clock(JourneyOptions o) {
    o.clock = fixed_clock(LocalDateTime{Date{2026, 3, 2}, 9, 0, 0}.to_unix());
    return o;
  }
  void to_identify() {
    journey.start();
    REQUIRE(journey.choose_procedure("1.002820"));
    journey.next();
    REQUIRE(journey.screen() == Screen::Identify);
  }
  void type_identity() {
    IdentifyFields f;
    f.id_number = "001099012345";
    f.full_name = "Nguyễn Văn A";
    f.date_of_birth = "15/03/1999";
    f.sex = "Nam";
    f.address = "Số 1 Đường ABC";
    journey.set_identify_fields(f);
  }
  void set_date_of_birth(const char* text) {
    IdentifyFields f = journey.identify_fields();
    f.date_of_birth = text;
    journey.set_identify_fields(f);
  }
  const FieldSpec& field(const char* id) { return *journey.procedure()->form.find(id); }
};

}  // namespace

TEST_CASE("journey: the whole happy path", "[journey]") {
  Harness h;
  CHECK(h.journey.screen() == Screen::Attract);
  h.journey.start();
  CHECK(h.journey.screen() == Screen::ChooseProcedure);
  CHECK(h.journey.visible_procedures().size() == 2);
  h.journey.choose_field("DB");
  CHECK(h.journey.visible_procedures().size() == 1);
  h.journey.choose_field("");
  h.journey.set_search_text("bang lai");
  REQUIRE(h.journey.visible_procedures().size() == 1);
  CHECK(h.journey.visible_procedures()[0]->code == "1.002820");
  h.journey.set_search_text("giấy phép");
  CHECK(h.journey.visible_procedures().size() == 1);
  h.journey.next();  // nothing chosen yet: stays
  CHECK(h.journey.screen() == Screen::ChooseProcedure);
  CHECK_FALSE(h.journey.choose_procedure("9.999999"));
  REQUIRE(h.journey.choose_procedure("1.002820"));
  CHECK(h.journey.screen() == Screen::ProcedureInfo);
  h.journey.next();
  CHECK(h.journey.screen() == Screen::Identify);
  h.type_identity();
  h.journey.next();
  REQUIRE(h.journey.screen() == Screen::Form);
  CHECK(h.journey.group_index() == 0);
  // Prefilled from the identity typed at the identify step.
  CHECK(h.journey.answer_text(h.field("full_name")) == "Nguyễn Văn A");
  CHECK(h.journey.answer_text(h.field("date_of_birth")) == "15/03/1999");
  h.journey.next();
  REQUIRE(h.journey.group_index() == 1);
  h.journey.set_answer_text(h.field("phone"), "0912 345 678");
  h.journey.toggle_choice(h.field("delivery"), "office");
  h.journey.next();  // the post group is hidden: straight to review
  CHECK(h.journey.screen() == Screen::Review);
  h.journey.next();
  REQUIRE(h.journey.screen() == Screen::Receipt);
  REQUIRE(h.submitted.size() == 1);
  CHECK(h.submitted[0].procedure_code == "1.002820");
  CHECK(h.submitted[0].applicant.id_number == "001099012345");
  CHECK(h.submitted[0].answers.at("delivery") == "office");
  CHECK(h.journey.print_state() == PrintState::Printing);
  auto commands = h.journey.take_commands();
  REQUIRE(commands.size() == 1);
  CHECK(commands[0].kind == JourneyCommand::Kind::PrintReceipt);
  CHECK(commands[0].dossier_code == "000.00.15.G12-260305-1001");
  h.journey.on_print_result(commands[0].dossier_code, true, {});
  CHECK(h.journey.print_state() == PrintState::Printed);
  h.journey.next();
  CHECK(h.journey.screen() == Screen::Rating);
  h.journey.rate(3);
  CHECK(h.journey.screen() == Screen::Thanks);
  commands = h.journey.take_commands();
  REQUIRE(commands.size() == 1);
  CHECK(commands[0].kind == JourneyCommand::Kind::RecordRating);
  CHECK(commands[0].rating == 3);
  h.journey.tick(10'000);
  CHECK(h.journey.screen() == Screen::Attract);
  CHECK(h.journey.citizen_data_dump().empty());
}

TEST_CASE("journey: identify refuses bad input with reasons", "[journey]") {
  Harness h;
  h.to_identify();
  h.journey.next();
  CHECK(h.journey.screen() == Screen::Identify);
  CHECK(h.journey.identify_errors().count("id_number"));
  CHECK(h.journey.identify_errors().count("full_name"));
  CHECK(h.journey.identify_errors().count("date_of_birth"));
  h.type_identity();
  h.set_date_of_birth("31/02/1999");  // not a real date
  h.journey.next();
  CHECK(h.journey.screen() == Screen::Identify);
  CHECK(h.journey.identify_errors().size() == 1);
  CHECK(h.journey.identify_errors().count("date_of_birth"));
  h.set_date_of_birth("15031999");
  h.journey.next();
  CHECK(h.journey.screen() == Screen::Form);
}

TEST_CASE("journey: a form step cannot be left with errors, and errors follow the edits", "[journey]") {
  Harness h;
  h.to_identify();
  h.type_identity();
  h.journey.next();
  h.journey.next();
  REQUIRE(h.journey.group_index() == 1);
  h.journey.next();
  CHECK(h.journey.group_index() == 1);
  CHECK(h.journey.field_error("phone"));
  CHECK(h.journey.field_error("delivery"));
  h.journey.set_answer_text(h.field("phone"), "12");
  CHECK(h.journey.field_error("phone"));  // still wrong: the inline error stays
  h.journey.set_answer_text(h.field("phone"), "0912345678");
  CHECK_FALSE(h.journey.field_error("phone"));  // fixed: the error goes at once
  h.journey.toggle_choice(h.field("delivery"), "post");
  CHECK_FALSE(h.journey.field_error("delivery"));
  h.journey.next();
  REQUIRE(h.journey.screen() == Screen::Form);
  CHECK(h.journey.group_index() == 2);  // shown because the result goes by post
  h.journey.next();
  CHECK(h.journey.field_error("post_address"));
  h.journey.set_answer_text(h.field("post_address"), "Số 2 Đường DEF");
  h.journey.next();
  CHECK(h.journey.screen() == Screen::Review);
}

TEST_CASE("journey: back walks every step in reverse", "[journey]") {
  Harness h;
  h.to_identify();
  h.type_identity();
  h.journey.next();
  h.journey.next();
  h.journey.set_answer_text(h.field("phone"), "0912345678");
  h.journey.toggle_choice(h.field("delivery"), "office");
  h.journey.next();
  REQUIRE(h.journey.screen() == Screen::Review);
  h.journey.back();
  CHECK(h.journey.screen() == Screen::Form);
  CHECK(h.journey.group_index() == 1);  // the hidden post group is skipped going back too
  h.journey.back();
  CHECK(h.journey.group_index() == 0);
  h.journey.back();
  CHECK(h.journey.screen() == Screen::Identify);
  CHECK(h.journey.identify_fields().full_name == "Nguyễn Văn A");  // kept while going back
  h.journey.back();
  CHECK(h.journey.screen() == Screen::ProcedureInfo);
  h.journey.back();
  CHECK(h.journey.screen() == Screen::ChooseProcedure);
  h.journey.back();
  CHECK(h.journey.screen() == Screen::Attract);
  CHECK(h.journey.citizen_data_dump().empty());
}

TEST_CASE("journey: review can jump to a step, and cancel wipes from anywhere", "[journey]") {
  Harness h;
  h.to_identify();
  h.type_identity();
  h.journey.next();
  h.journey.next();
  h.journey.set_answer_text(h.field("phone"), "0912345678");
  h.journey.toggle_choice(h.field("delivery"), "office");
  h.journey.next();
  REQUIRE(h.journey.screen() == Screen::Review);
  h.journey.edit_group(0);
  CHECK(h.journey.screen() == Screen::Form);
  CHECK(h.journey.group_index() == 0);
  h.journey.cancel();
  CHECK(h.journey.screen() == Screen::Attract);
  CHECK(h.journey.citizen_data_dump().empty());
  CHECK(h.submitted.empty());
}

TEST_CASE("journey: Sửa on the review comes back to the review after the edited step (issue 13)", "[journey]") {
  Harness h;
  h.to_identify();
  h.type_identity();
  h.journey.next();
  h.journey.next();
  h.journey.set_answer_text(h.field("phone"), "0912345678");
  h.journey.toggle_choice(h.field("delivery"), "office");
  h.journey.next();
  REQUIRE(h.journey.screen() == Screen::Review);
  // The first step edited: its "continue" returns to the review, not through the contact step again.
  h.journey.edit_group(0);
  REQUIRE(h.journey.screen() == Screen::Form);
  h.journey.next();
  CHECK(h.journey.screen() == Screen::Review);
  // An edit that shows a step with required answers (delivery by post: the address) goes through that step.
  h.journey.edit_group(1);
  h.journey.toggle_choice(h.field("delivery"), "post");
  h.journey.next();
  REQUIRE(h.journey.screen() == Screen::Form);
  CHECK(h.journey.current_group()->id == "post");
  h.journey.set_answer_text(h.field("post_address"), "Số 2 Đường DEF");
  h.journey.next();
  CHECK(h.journey.screen() == Screen::Review);
  // Without "Sửa", the steps run in order as before.
  h.journey.back();
  CHECK(h.journey.screen() == Screen::Form);
}

TEST_CASE("journey: Hủy asks first, only a yes wipes the form (issue 13)", "[journey]") {
  Harness h;
  h.to_identify();
  h.type_identity();
  h.journey.ask_cancel();
  CHECK(h.journey.cancel_asked());
  CHECK(h.journey.screen() == Screen::Identify);
  CHECK(h.journey.identify_fields().full_name == "Nguyễn Văn A");  // nothing lost by the first tap
  h.journey.keep_going();
  CHECK_FALSE(h.journey.cancel_asked());
  CHECK(h.journey.identify_fields().full_name == "Nguyễn Văn A");
  h.journey.ask_cancel();
  h.journey.cancel();
  CHECK(h.journey.screen() == Screen::Attract);
  CHECK_FALSE(h.journey.cancel_asked());
  CHECK(h.journey.citizen_data_dump().empty());
  h.journey.ask_cancel();  // nothing to cancel on the attract screen
  CHECK_FALSE(h.journey.cancel_asked());
}

TEST_CASE("journey: a refused submission stays on review with the reason, a print failure keeps the dossier",
          "[journey]") {
  Harness h;
  h.to_identify();
  h.type_identity();
  h.journey.next();
  h.journey.next();
  h.journey.set_answer_text(h.field("phone"), "0912345678");
  h.journey.toggle_choice(h.field("delivery"), "office");
  h.journey.next();
  h.accept = false;
  h.journey.next();
  CHECK(h.journey.screen() == Screen::Review);
  REQUIRE(h.journey.submit_message());
  CHECK(h.journey.submit_message()->vi == "Đĩa đầy");
  h.accept = true;
  h.journey.next();
  REQUIRE(h.journey.screen() == Screen::Receipt);
  auto code = h.journey.dossier()->code;
  h.journey.take_commands();
  h.journey.on_print_result(code, false, {"Máy in hết giấy", "Out of paper"});
  CHECK(h.journey.print_state() == PrintState::Failed);
  CHECK(h.journey.dossier());  // still accepted
  h.journey.back();
  CHECK(h.journey.screen() == Screen::Receipt);  // no way back into an accepted dossier
  h.journey.reprint();
  auto commands = h.journey.take_commands();
  REQUIRE(commands.size() == 1);
  CHECK(commands[0].kind == JourneyCommand::Kind::PrintReceipt);
  CHECK(h.journey.print_state() == PrintState::Printing);
  h.journey.on_print_result("other-code", true, {});  // not this citizen's: ignored
  CHECK(h.journey.print_state() == PrintState::Printing);
}

TEST_CASE("journey: after a failed print the reprint offer ends with the citizen's session", "[journey][idle]") {
  Harness h;
  h.journey.note_input(0);
  h.to_identify();
  h.type_identity();
  h.journey.next();
  h.journey.next();
  h.journey.set_answer_text(h.field("phone"), "0912345678");
  h.journey.toggle_choice(h.field("delivery"), "office");
  h.journey.next();
  h.journey.next();
  REQUIRE(h.journey.screen() == Screen::Receipt);
  const std::string code = h.journey.dossier()->code;
  h.journey.take_commands();
  h.journey.note_input(5'000);
  h.journey.on_print_result(code, false, {"Máy in hết giấy", "Out of paper"});

  // The citizen, still there, presses "reprint" at once: it prints.
  h.journey.tick(10'000);
  h.journey.note_input(10'000);
  CHECK(h.journey.reprint_available());
  h.journey.reprint();
  REQUIRE(h.journey.take_commands().size() == 1);
  h.journey.on_print_result(code, false, {"Máy in hết giấy", "Out of paper"});

  // Then walks away. 25 s later someone touches the screen (the idle wipe is still 85 s off): the offer
  // is over, for the next person at the kiosk cannot be told from the citizen.
  CHECK(*h.journey.next_deadline_ms() <= 30'001);  // the view redraws without the button on its own
  h.journey.tick(31'000);
  CHECK_FALSE(h.journey.reprint_available());
  h.journey.note_input(35'000);
  h.journey.tick(35'000);
  CHECK(h.journey.screen() == Screen::Receipt);
  CHECK_FALSE(h.journey.reprint_available());
  h.journey.reprint();
  CHECK(h.journey.take_commands().empty());
  CHECK(h.journey.print_state() == PrintState::Failed);

  // The same holds when the touch comes before the kiosk's own timer noticed the pause.
  Harness h2;
  h2.journey.note_input(0);
  h2.to_identify();
  h2.type_identity();
  h2.journey.next();
  h2.journey.next();
  h2.journey.set_answer_text(h2.field("phone"), "0912345678");
  h2.journey.toggle_choice(h2.field("delivery"), "office");
  h2.journey.next();
  h2.journey.next();
  h2.journey.take_commands();
  h2.journey.on_print_result(h2.journey.dossier()->code, false, {});
  h2.journey.note_input(60'000);  // no tick in between
  h2.journey.reprint();
  CHECK(h2.journey.take_commands().empty());
}

TEST_CASE("journey: the what-next step offers the counter's queue ticket with one tap (issue 13)",
          "[journey][tickets]") {
  Harness h;
  auto to_receipt = [&h] {
    h.to_identify();
    h.type_identity();
    h.journey.next();
    h.journey.next();
    h.journey.set_answer_text(h.field("phone"), "0912345678");
    h.journey.toggle_choice(h.field("delivery"), "office");
    h.journey.next();
    h.journey.next();
    REQUIRE(h.journey.screen() == Screen::Receipt);
    h.journey.take_commands();
  };
  SECTION("an office without queue tickets offers none") {
    to_receipt();
    CHECK_FALSE(h.journey.hand_in_ticket_offered());
    h.journey.take_hand_in_ticket();
    CHECK(h.journey.take_commands().empty());
  }
  SECTION("the catalog's area is taken in one tap, and the answer shows on the receipt screen") {
    h.journey.set_service_areas({{"A", {"Đường bộ", "Roads"}}, {"B", {"Đăng kiểm", "Inspection"}}});
    to_receipt();
    REQUIRE(h.journey.hand_in_ticket_offered());
    h.journey.take_hand_in_ticket();
    auto commands = h.journey.take_commands();
    REQUIRE(commands.size() == 1);
    CHECK(commands[0].kind == JourneyCommand::Kind::TakeTicket);
    CHECK(commands[0].area == "A");
    CHECK_FALSE(commands[0].priority);
    CHECK(h.journey.screen() == Screen::Receipt);
    CHECK(h.journey.ticket_pending());
    CHECK_FALSE(h.journey.hand_in_ticket_offered());  // a second tap takes no second number
    h.journey.take_hand_in_ticket();
    CHECK(h.journey.take_commands().empty());
    Ticket ticket;
    ticket.area = "A";
    ticket.number = 7;
    ticket.label = "A007";
    h.journey.on_ticket_taken(commands[0].request, ticket);
    REQUIRE(h.journey.ticket());
    CHECK(h.journey.ticket()->label == "A007");
    h.journey.on_ticket_printed(commands[0].request, true, {});
    CHECK(h.journey.ticket_print_state() == PrintState::Printed);
    CHECK(h.journey.screen() == Screen::Receipt);
    h.journey.next();  // rating, thanks, attract: the citizen's ticket goes with the session
    h.journey.next();
    h.journey.next();
    CHECK(h.journey.screen() == Screen::Attract);
    CHECK_FALSE(h.journey.ticket());
  }
  SECTION("while the office database is away no ticket is offered") {
    h.journey.set_service_areas({{"A", {"Đường bộ", "Roads"}}});
    h.journey.set_ticket_issuing_suspended(true);
    to_receipt();
    CHECK_FALSE(h.journey.hand_in_ticket_offered());
  }
}

TEST_CASE("journey: idle warning, dismissal and wipe leave no trace", "[journey][idle]") {
  JourneyOptions options;
  options.idle_timeout_s = 90;
  options.idle_warning_s = 20;
  Harness h(options);
  h.journey.note_input(0);
  h.to_identify();
  h.type_identity();
  h.journey.next();
  h.journey.set_answer_text(h.field("full_name"), "Nguyễn Văn A");
  h.journey.set_search_text("bang lai");
  h.journey.tick(89'000);
  CHECK_FALSE(h.journey.idle_seconds_left(89'000));
  CHECK(*h.journey.next_deadline_ms() == 90'000);
  h.journey.tick(95'000);
  REQUIRE(h.journey.idle_seconds_left(95'000));
  CHECK(*h.journey.idle_seconds_left(95'000) == 15);
  h.journey.note_input(96'000);  // a touch dismisses the warning
  CHECK_FALSE(h.journey.idle_seconds_left(96'000));
  h.journey.tick(185'000);
  CHECK(h.journey.screen() == Screen::Form);
  CHECK(h.journey.idle_seconds_left(190'000) == 16);
  h.journey.tick(206'000);  // 90 + 20 s after the last touch
  CHECK(h.journey.screen() == Screen::Attract);
  CHECK_FALSE(h.journey.idle_seconds_left(206'000));
  CHECK(h.journey.citizen_data_dump().empty());
  CHECK(h.journey.identify_fields().full_name.empty());
  CHECK(h.journey.answers().empty());
  CHECK(h.journey.search_text().empty());
  CHECK(h.journey.procedure() == nullptr);
  CHECK(h.journey.lang() == Lang::Vi);
  CHECK_FALSE(h.journey.next_deadline_ms());  // attract: nothing to wait for, the kiosk can sleep
}

TEST_CASE("journey: the receipt screen is wiped after idling too", "[journey][idle]") {
  Harness h;
  h.journey.note_input(0);
  h.to_identify();
  h.type_identity();
  h.journey.next();
  h.journey.next();
  h.journey.set_answer_text(h.field("phone"), "0912345678");
  h.journey.toggle_choice(h.field("delivery"), "office");
  h.journey.next();
  h.journey.next();
  REQUIRE(h.journey.screen() == Screen::Receipt);
  h.journey.set_lang(Lang::En);
  h.journey.tick(200'000);
  CHECK(h.journey.screen() == Screen::Attract);
  CHECK_FALSE(h.journey.dossier());
  CHECK(h.journey.citizen_data_dump().empty());
  CHECK(h.journey.lang() == Lang::Vi);
}

TEST_CASE("journey: scan routing", "[journey][scan]") {
  SECTION("an ID card on the attract screen starts the journey with the identity filled") {
    Harness h;
    h.journey.on_id_card(fake_citizen());
    CHECK(h.journey.screen() == Screen::ChooseProcedure);
    CHECK(h.journey.notice());
    h.journey.choose_procedure("1.002820");
    h.journey.next();
    REQUIRE(h.journey.screen() == Screen::Identify);
    CHECK(h.journey.identify_fields().full_name == "Nguyễn Văn A");
    CHECK(h.journey.identify_fields().date_of_birth == "15/03/1999");
    CHECK(h.journey.identify_fields().sex == "Nam");
    CHECK(h.journey.identity_from_card());
    h.journey.next();
    CHECK(h.journey.screen() == Screen::Form);
  }
  SECTION("an ID card during the form prefills empty answers, never overwriting typed ones") {
    Harness h;
    h.to_identify();
    h.type_identity();
    IdentifyFields typed = h.journey.identify_fields();
    typed.full_name = "Nguyễn Văn B";
    h.journey.set_identify_fields(typed);
    h.journey.next();
    h.journey.set_answer_text(h.field("full_name"), "");
    h.journey.set_answer_text(h.field("date_of_birth"), "01/01/2000");
    h.journey.on_id_card(fake_citizen());
    CHECK(h.journey.screen() == Screen::Form);
    CHECK(h.journey.answer_text(h.field("full_name")) == "Nguyễn Văn A");
    CHECK(h.journey.answer_text(h.field("date_of_birth")) == "01/01/2000");
  }
  SECTION("a receipt QR on the attract screen opens the dossier status, then the server's answer") {
    Harness h;
    h.journey.on_receipt_scan("000.00.15.G12-260305-1001");
    REQUIRE(h.journey.screen() == Screen::DossierStatus);
    CHECK(h.journey.status_view().found);
    CHECK(h.journey.status_view().checking_server);
    auto commands = h.journey.take_commands();
    REQUIRE(commands.size() == 1);
    CHECK(commands[0].kind == JourneyCommand::Kind::FetchStatus);
    h.journey.on_remote_status("000.00.15.G12-260305-1001", true, DossierStatus::InProgress, {"Đang xử lý", ""});
    CHECK_FALSE(h.journey.status_view().checking_server);
    CHECK(h.journey.status_view().status == DossierStatus::InProgress);
    h.journey.back();
    CHECK(h.journey.screen() == Screen::Attract);
    CHECK(h.journey.citizen_data_dump().empty());
  }
  SECTION("a code it cannot use asks to scan again without blaming the card (a wedge scan split in pieces)") {
    Harness h;
    h.to_identify();
    ScanReading piece;
    piece.kind = ScanReading::Kind::Other;
    h.journey.on_scan(piece);
    CHECK(h.journey.screen() == Screen::Identify);
    REQUIRE(h.journey.notice());
    CHECK(h.journey.notice()->vi.find("quét lại") != std::string::npos);
    CHECK(h.journey.notice()->vi.find("không nhận ra") == std::string::npos);
    CHECK(h.journey.notice()->en.find("scan again") != std::string::npos);
  }
  SECTION("a receipt QR in the middle of a journey only gives a notice") {
    Harness h;
    h.to_identify();
    h.journey.on_receipt_scan("000.00.15.G12-260305-1001");
    CHECK(h.journey.screen() == Screen::Identify);
    CHECK(h.journey.notice());
    CHECK(h.journey.take_commands().empty());
  }
  SECTION("other scans give a friendly message that goes away") {
    Harness h;
    h.journey.note_input(0);
    h.journey.on_unusable_scan({"Đây không phải căn cước công dân.", "This is not an ID card."});
    REQUIRE(h.journey.notice());
    CHECK(h.journey.screen() == Screen::Attract);
    h.journey.tick(60'000);
    CHECK_FALSE(h.journey.notice());
  }
  SECTION("an ID card on the receipt screen does not mix two citizens") {
    Harness h;
    h.to_identify();
    h.type_identity();
    h.journey.next();
    h.journey.next();
    h.journey.set_answer_text(h.field("phone"), "0912345678");
    h.journey.toggle_choice(h.field("delivery"), "office");
    h.journey.next();
    h.journey.next();
    REQUIRE(h.journey.screen() == Screen::Receipt);
    CitizenIdentity other = fake_citizen();
    other.full_name = "Trần Thị B";
    h.journey.on_id_card(other);
    CHECK(h.journey.screen() == Screen::Receipt);
    CHECK(h.journey.citizen_data_dump().find("Trần Thị B") == std::string::npos);
  }
}

TEST_CASE("journey: events for metrics — started, completed, abandoned at a screen, and lookups are not journeys",
          "[journey][metrics]") {
  std::vector<std::pair<JourneyEvent, Screen>> events;
  JourneyOptions options;
  options.on_event = [&events](JourneyEvent event, Screen at) { events.emplace_back(event, at); };
  Harness h(options);

  // Completed: started once, completed once, nothing abandoned when the thank-you screen wipes.
  h.to_identify();
  h.type_identity();
  h.journey.next();
  h.journey.next();
  h.journey.set_answer_text(h.field("phone"), "0912 345 678");
  h.journey.toggle_choice(h.field("delivery"), "office");
  h.journey.next();
  h.journey.next();  // review -> submitted
  REQUIRE(h.journey.screen() == Screen::Receipt);
  h.journey.next();
  h.journey.rate(2);
  h.journey.tick(10'000);
  REQUIRE(h.journey.screen() == Screen::Attract);
  REQUIRE(events.size() == 2);
  CHECK(events[0] == std::make_pair(JourneyEvent::Started, Screen::ChooseProcedure));
  CHECK(events[1].first == JourneyEvent::Completed);

  // Abandoned by cancel at the identify step, and by the idle wipe on a form step.
  events.clear();
  h.to_identify();
  h.journey.cancel();
  h.journey.note_input(20'000);
  h.to_identify();
  h.type_identity();
  h.journey.next();
  REQUIRE(h.journey.screen() == Screen::Form);
  h.journey.tick(20'000 + 111'000);
  REQUIRE(h.journey.screen() == Screen::Attract);
  REQUIRE(events.size() == 4);
  CHECK(events[1] == std::make_pair(JourneyEvent::Abandoned, Screen::Identify));
  CHECK(events[2] == std::make_pair(JourneyEvent::Started, Screen::ChooseProcedure));
  CHECK(events[3] == std::make_pair(JourneyEvent::Abandoned, Screen::Form));

  // A refused submission is not completed; leaving then counts as abandoned at review.
  events.clear();
  h.accept = false;
  h.to_identify();
  h.type_identity();
  h.journey.next();
  h.journey.next();
  h.journey.set_answer_text(h.field("phone"), "0912 345 678");
  h.journey.toggle_choice(h.field("delivery"), "office");
  h.journey.next();
  h.journey.next();  // refused
  REQUIRE(h.journey.screen() == Screen::Review);
  h.journey.cancel();
  REQUIRE(events.size() == 2);
  CHECK(events[1] == std::make_pair(JourneyEvent::Abandoned, Screen::Review));

  // A receipt lookup from the attract screen is not a journey.
  events.clear();
  h.journey.on_receipt_scan("000.00.15.G12-260305-1001");
  h.journey.cancel();
  CHECK(events.empty());
}

TEST_CASE("journey: the card fills the identify step, and the applicant step is not asked again (issue 13)",
          "[journey]") {
  Harness h;
  h.journey.on_id_card(fake_citizen());
  h.journey.choose_procedure("1.002820");
  h.journey.next();
  REQUIRE(h.journey.screen() == Screen::Identify);
  REQUIRE(h.journey.identity_from_card());
  h.journey.next();
  // Straight to the contact step: name and birth date were on the identify step already.
  REQUIRE(h.journey.screen() == Screen::Form);
  CHECK(h.journey.current_group()->id == "contact");
  CHECK(h.journey.answer_text(h.field("full_name")) == "Nguyễn Văn A");  // still in the dossier
  // Back from the contact step is the identify step; a correction there reaches the dossier.
  h.journey.back();
  REQUIRE(h.journey.screen() == Screen::Identify);
  IdentifyFields corrected = h.journey.identify_fields();
  corrected.full_name = "Nguyễn Văn Ánh";
  h.journey.set_identify_fields(corrected);
  h.journey.next();
  REQUIRE(h.journey.screen() == Screen::Form);
  CHECK(h.journey.current_group()->id == "contact");
  CHECK(h.journey.answer_text(h.field("full_name")) == "Nguyễn Văn Ánh");
  h.journey.set_answer_text(h.field("phone"), "0912345678");
  h.journey.toggle_choice(h.field("delivery"), "office");
  h.journey.next();
  REQUIRE(h.journey.screen() == Screen::Review);
  // "Sửa" on the applicant's data opens the identify step, and its "continue" comes back to the review.
  h.journey.edit_group(0);
  REQUIRE(h.journey.screen() == Screen::Identify);
  h.journey.next();
  CHECK(h.journey.screen() == Screen::Review);
  h.journey.next();
  REQUIRE(h.submitted.size() == 1);
  CHECK(h.submitted[0].applicant.full_name == "Nguyễn Văn Ánh");
  CHECK(h.submitted[0].answers.at("full_name") == "Nguyễn Văn Ánh");
}

TEST_CASE("journey: typed by hand, the applicant step stays to check what was typed (issue 13)", "[journey]") {
  Harness h;
  h.to_identify();
  h.type_identity();
  h.journey.next();
  REQUIRE(h.journey.screen() == Screen::Form);
  CHECK(h.journey.current_group()->id == "applicant");
}
