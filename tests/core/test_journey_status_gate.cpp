// The attract screen's receipt look-up behind the receipt's lookup code (issue 20, kiosk.status_lookup):
// with the gate off a scanned receipt shows its dossier at once, as before; with it on nothing of the dossier
// shows until its mã tra cứu is given (in the receipt's QR, or typed), a wrong code reveals nothing, and a few
// wrong codes send the screen back to the attract screen.
#include <catch2/catch.hpp>

#include "mc/core/catalog.hpp"
#include "mc/core/journey.hpp"
#include "mc/core/messages.hpp"
#include "mc/core/scan.hpp"

using namespace mc;

namespace {

const std::string kLocal = "000.00.15.G12-260305-1001";   // in this kiosk's queue
const std::string kRemote = "000.00.15.G12-260305-2001";  // filed at another kiosk: only the server knows it
const std::string kAbsent = "000.00.15.G12-260305-1999";  // nobody has it
const std::string kLocalCode = "K7P2QX8A";
const std::string kRemoteCode = "M3NV9TB4";

struct GateHarness {
  Catalog catalog;  // a look-up needs no procedure
  Journey journey;
  explicit GateHarness(bool gate)
      : journey(
            catalog, [](const SubmitDraft&) { return SubmitOutcome{}; },
            [](const std::string& code) {
              DossierStatusView v;
              v.code = code;
              if (code == kLocal) {
                v.found = true;
                v.procedure_name = {"Cấp lại giấy phép lái xe", "Re-issue of a driving licence"};
                v.status = DossierStatus::NewlyRegistered;
                v.received_at = LocalDateTime{Date{2026, 3, 5}, 9, 0, 0};
                v.due_at = LocalDateTime{Date{2026, 3, 12}, 9, 0, 0};
                v.lookup_code = kLocalCode;
              }
              return v;
            },
            options(gate)) {}
  static JourneyOptions options(bool gate) {
    JourneyOptions o;
    o.status_needs_lookup_code = gate;
    return o;
  }
  // The server's answer as the services deliver it: status, then steps and due date.
  void server_has(const std::string& code, const std::string& lookup_code) {
    journey.on_remote_status(code, true, DossierStatus::InProgress, {"Đang thẩm định", "Đang thẩm định"}, lookup_code);
    journey.on_remote_progress(code, {{LocalDateTime{Date{2026, 3, 6}, 14, 0, 0}, "Thẩm định hồ sơ", "Phòng QLPT"}},
                               LocalDateTime{Date{2026, 3, 13}, 9, 0, 0});
  }
  void type_code(const std::string& text) {
    journey.set_status_code_text(text);
    journey.next();  // the footer's "Xem tình trạng" (and Enter on the keyboard)
  }
  // Everything a person could read about the dossier on the status screen.
  bool reveals_anything() const {
    const auto& v = journey.status_view();
    return v.found || v.status || v.received_at || v.due_at || !v.steps.empty() || !v.procedure_name.vi.empty() ||
           !v.server_note.vi.empty();
  }
};

}  // namespace

TEST_CASE("status gate off: a scanned receipt shows its dossier at once, as before", "[journey][status_gate]") {
  GateHarness h(false);
  h.journey.on_receipt_scan(kLocal);
  REQUIRE(h.journey.screen() == Screen::DossierStatus);
  CHECK(h.journey.status_gate() == StatusGate::Open);
  CHECK(h.journey.status_view().status == DossierStatus::NewlyRegistered);
  CHECK(h.journey.status_view().lookup_code.empty());  // never on a screen it is not asked for
  h.server_has(kLocal, kLocalCode);
  CHECK(h.journey.status_view().status == DossierStatus::InProgress);
  CHECK(h.journey.status_view().steps.size() == 1);
  h.journey.next();
  CHECK(h.journey.screen() == Screen::Attract);
}

TEST_CASE("status gate on: nothing shows before the code, a wrong one reveals nothing, the right one opens it",
          "[journey][status_gate]") {
  GateHarness h(true);
  h.journey.on_receipt_scan(kLocal);
  REQUIRE(h.journey.screen() == Screen::DossierStatus);
  CHECK(h.journey.status_gate() == StatusGate::AskCode);
  CHECK(h.journey.status_view().code == kLocal);  // what the citizen scanned, nothing more
  CHECK_FALSE(h.reveals_anything());
  // The server's answer while the code is asked shows nothing either.
  h.server_has(kLocal, kLocalCode);
  CHECK_FALSE(h.reveals_anything());

  SECTION("a wrong code says so, and still nothing of the dossier") {
    h.type_code("K7P2QX8B");
    CHECK(h.journey.screen() == Screen::DossierStatus);
    CHECK(h.journey.status_gate() == StatusGate::AskCode);
    REQUIRE(h.journey.status_code_message());
    CHECK(*h.journey.status_code_message() == message("status.code_wrong"));
    CHECK_FALSE(h.reveals_anything());
    CHECK(h.journey.status_code_text().empty());  // typed again from scratch
    SECTION("then the right one, typed as people type it, shows status, due date and the server's steps") {
      h.type_code("k7p2 qx8a");
      CHECK(h.journey.status_gate() == StatusGate::Open);
      CHECK_FALSE(h.journey.status_code_message());
      CHECK(h.journey.status_view().status == DossierStatus::InProgress);
      REQUIRE(h.journey.status_view().due_at);
      CHECK(h.journey.status_view().due_at->date == Date{2026, 3, 13});
      REQUIRE(h.journey.status_view().steps.size() == 1);
      CHECK(h.journey.status_view().steps[0].what == "Thẩm định hồ sơ");
      CHECK(h.journey.status_view().lookup_code.empty());
      h.journey.next();  // "Trang đầu"
      CHECK(h.journey.screen() == Screen::Attract);
      CHECK(h.journey.citizen_data_dump().empty());
    }
  }
  SECTION("a code that is not 8 letters and digits is asked again without using a try") {
    for (int i = 0; i < 5; ++i) h.type_code("K7P2");
    CHECK(h.journey.screen() == Screen::DossierStatus);
    REQUIRE(h.journey.status_code_message());
    CHECK(*h.journey.status_code_message() == message("status.code_format"));
    h.type_code(kLocalCode);
    CHECK(h.journey.status_gate() == StatusGate::Open);
  }
  SECTION("three wrong codes go back to the attract screen, with nothing of the look-up left") {
    h.type_code("00000000");
    h.type_code("11111111");
    CHECK(h.journey.screen() == Screen::DossierStatus);
    h.type_code("22222222");
    CHECK(h.journey.screen() == Screen::Attract);
    REQUIRE(h.journey.notice());
    CHECK(*h.journey.notice() == message("status.code_too_many"));
    CHECK(h.journey.citizen_data_dump().empty());
    CHECK_FALSE(h.reveals_anything());
  }
  SECTION("back leaves without showing anything") {
    h.journey.back();
    CHECK(h.journey.screen() == Screen::Attract);
  }
}

TEST_CASE("status gate on: the receipt's own QR carrying its code opens the status at once", "[journey][status_gate]") {
  GateHarness h(true);
  ScanReading scan;
  scan.kind = ScanReading::Kind::Receipt;
  scan.dossier_code = kLocal;
  scan.lookup_code = kLocalCode;
  h.journey.on_scan(scan);
  REQUIRE(h.journey.screen() == Screen::DossierStatus);
  CHECK(h.journey.status_gate() == StatusGate::Open);
  CHECK(h.journey.status_view().status == DossierStatus::NewlyRegistered);
  REQUIRE(h.journey.status_view().due_at);
  CHECK(h.journey.status_view().due_at->date == Date{2026, 3, 12});

  SECTION("a QR with another code is a wrong try, and asks for the code") {
    GateHarness forged(true);
    scan.lookup_code = "K7P2QX8B";
    forged.journey.on_scan(scan);
    CHECK(forged.journey.status_gate() == StatusGate::AskCode);
    CHECK_FALSE(forged.reveals_anything());
    REQUIRE(forged.journey.status_code_message());
    CHECK(*forged.journey.status_code_message() == message("status.code_wrong"));
  }
}

TEST_CASE("status gate on: a dossier filed elsewhere is judged by the code the server holds (SoBienNhan)",
          "[journey][status_gate]") {
  GateHarness h(true);
  h.journey.on_receipt_scan(kRemote);
  REQUIRE(h.journey.status_gate() == StatusGate::AskCode);

  SECTION("typed before the server answers: judged when it does") {
    h.type_code(kRemoteCode);
    CHECK(h.journey.status_gate() == StatusGate::Checking);
    CHECK_FALSE(h.reveals_anything());
    h.server_has(kRemote, kRemoteCode);
    CHECK(h.journey.status_gate() == StatusGate::Open);
    CHECK(h.journey.status_view().status == DossierStatus::InProgress);
    CHECK(h.journey.status_view().steps.size() == 1);
  }
  SECTION("typed after the answer, wrong: the same words as for any wrong code") {
    h.server_has(kRemote, kRemoteCode);
    h.type_code(kLocalCode);
    CHECK(h.journey.status_gate() == StatusGate::AskCode);
    CHECK_FALSE(h.reveals_anything());
    REQUIRE(h.journey.status_code_message());
    CHECK(*h.journey.status_code_message() == message("status.code_wrong"));
  }
  SECTION("a server that did not answer opens nothing") {
    h.type_code(kRemoteCode);
    h.journey.on_remote_status(kRemote, false, std::nullopt, message("status.note.offline"));
    CHECK(h.journey.status_gate() == StatusGate::AskCode);
    CHECK_FALSE(h.reveals_anything());
  }
}

TEST_CASE("status gate on: a dossier nobody has answers exactly as a wrong code does", "[journey][status_gate]") {
  // What a person sees after a wrong code for a real dossier...
  GateHarness real(true);
  real.journey.on_receipt_scan(kLocal);
  real.server_has(kLocal, kLocalCode);
  real.type_code("ABCD1234");
  // ...and after any code for a dossier that does not exist.
  GateHarness none(true);
  none.journey.on_receipt_scan(kAbsent);
  none.journey.on_remote_status(kAbsent, true, std::nullopt, message("status.note.not_on_server"));
  none.type_code("ABCD1234");
  for (auto* h : {&real, &none}) {
    CHECK(h->journey.screen() == Screen::DossierStatus);
    CHECK(h->journey.status_gate() == StatusGate::AskCode);
    CHECK_FALSE(h->reveals_anything());
    REQUIRE(h->journey.status_code_message());
    CHECK(*h->journey.status_code_message() == message("status.code_wrong"));
  }
  // And "not found" is never said behind the gate: three tries, then home, like any other.
  none.type_code("ABCD1235");
  none.type_code("ABCD1236");
  CHECK(none.journey.screen() == Screen::Attract);
}

TEST_CASE("a receipt QR with its lookup code: the dossier code and the code are both read", "[scan][status_gate]") {
  CHECK(dossier_code_in_scan(kLocal + " " + kLocalCode) == kLocal);
  CHECK(lookup_code_in_scan(kLocal + " " + kLocalCode) == kLocalCode);
  CHECK(lookup_code_in_scan(" " + kLocal + " k7p2qx8a\r\n") == kLocalCode);
  CHECK_FALSE(lookup_code_in_scan(kLocal));  // a receipt printed without it
  CHECK_FALSE(dossier_code_in_scan(kLocal + " K7P2"));
  const std::string url = "https://dichvucong.example.vn/tra-cuu?ma=" + kLocal + "&k=" + kLocalCode;
  CHECK(dossier_code_in_scan(url) == kLocal);
  CHECK(lookup_code_in_scan(url) == kLocalCode);
  CHECK_FALSE(lookup_code_in_scan("https://dichvucong.example.vn/tra-cuu?ma=" + kLocal + "&lang=vi"));
}
