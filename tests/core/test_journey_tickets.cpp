// The queue-ticket part of the citizen journey (lấy số thứ tự): Attract -> TakeNumber -> Ticket -> Attract.
#include <catch2/catch.hpp>

#include "mc/core/calendar.hpp"
#include "mc/core/catalog.hpp"
#include "mc/core/journey.hpp"

using namespace mc;

namespace {

std::vector<ServiceArea> two_areas() {
  return {{"A", {"Đường bộ — Giấy phép lái xe", "Roads — Driving licences"}},
          {"B", {"Đăng kiểm phương tiện", "Vehicle inspection"}}};
}

struct TicketHarness {
  Catalog catalog;  // the ticket path needs no procedure
  Journey journey;
  explicit TicketHarness(JourneyOptions options = {})
      : journey(
            catalog, [](const SubmitDraft&) { return SubmitOutcome{}; },
            [](const std::string& code) {
              DossierStatusView v;
              v.code = code;
              return v;
            },
            options) {
    journey.set_service_areas(two_areas());
  }

  // What the app's worker answers: the ticket as TicketStore::take returns it.
  static Ticket issued(const std::string& area, bool priority, int number, int ahead) {
    Ticket t;
    t.area = area;
    t.priority = priority;
    t.number = number;
    t.label = (priority ? "U" : "") + area + (number < 10 ? "00" : "0") + std::to_string(number);
    t.people_ahead = ahead;
    t.issued_at = LocalDateTime{Date{2026, 3, 2}, 9, 15, 0};
    return t;
  }

  JourneyCommand take(const std::string& area, bool priority) {
    journey.take_number();
    REQUIRE(journey.screen() == Screen::TakeNumber);
    REQUIRE(journey.choose_ticket(area, priority));
    auto commands = journey.take_commands();
    REQUIRE(commands.size() == 1);
    return commands[0];
  }
};

}  // namespace

TEST_CASE("tickets: take a number, see it printed, back to attract after a few seconds", "[journey][tickets]") {
  JourneyOptions options;
  options.ticket_s = 10;
  TicketHarness h(options);
  h.journey.note_input(1'000);
  h.journey.tick(1'000);
  CHECK(h.journey.tickets_available());
  CHECK(h.journey.screen() == Screen::Attract);
  h.journey.take_number();
  REQUIRE(h.journey.screen() == Screen::TakeNumber);
  CHECK(std::string(screen_name(h.journey.screen())) == "take_number");
  CHECK(h.journey.service_areas().size() == 2);
  CHECK_FALSE(h.journey.choose_ticket("Z", false));  // not an area of this office
  CHECK(h.journey.screen() == Screen::TakeNumber);
  CHECK(h.journey.take_commands().empty());
  h.journey.next();  // nothing chosen: stays
  CHECK(h.journey.screen() == Screen::TakeNumber);

  REQUIRE(h.journey.choose_ticket("B", true));
  CHECK(h.journey.screen() == Screen::Ticket);
  CHECK(std::string(screen_name(h.journey.screen())) == "ticket");
  CHECK(h.journey.ticket_pending());
  REQUIRE(h.journey.ticket_area());
  CHECK(h.journey.ticket_area()->name.vi == "Đăng kiểm phương tiện");
  CHECK(h.journey.ticket_priority());
  auto commands = h.journey.take_commands();
  REQUIRE(commands.size() == 1);
  CHECK(commands[0].kind == JourneyCommand::Kind::TakeTicket);
  CHECK(commands[0].area == "B");
  CHECK(commands[0].priority);
  CHECK(commands[0].request > 0);
  // Waiting for the number: no timer runs yet, the screen must not go away under the citizen.
  REQUIRE(h.journey.next_deadline_ms());
  CHECK(*h.journey.next_deadline_ms() > 1'000 + 60'000);

  h.journey.on_ticket_taken(commands[0].request, TicketHarness::issued("B", true, 3, 4));
  CHECK_FALSE(h.journey.ticket_pending());
  REQUIRE(h.journey.ticket());
  CHECK(h.journey.ticket()->label == "UB003");
  CHECK(h.journey.ticket()->people_ahead == 4);
  CHECK(h.journey.ticket_print_state() == PrintState::Printing);

  h.journey.tick(2'000);
  h.journey.on_ticket_printed(commands[0].request, true, {"Đã in phiếu số thứ tự UB003", "Queue ticket UB003 printed"});
  CHECK(h.journey.ticket_print_state() == PrintState::Printed);
  REQUIRE(h.journey.next_deadline_ms());
  CHECK(*h.journey.next_deadline_ms() == 12'000);  // ten seconds from the print result
  h.journey.tick(11'999);
  CHECK(h.journey.screen() == Screen::Ticket);
  h.journey.tick(12'000);
  CHECK(h.journey.screen() == Screen::Attract);
  CHECK_FALSE(h.journey.ticket());
  CHECK(h.journey.citizen_data_dump().empty());
  CHECK_FALSE(h.journey.next_deadline_ms());
}

TEST_CASE("tickets: a printer failure keeps the number on screen longer, a tap goes home", "[journey][tickets]") {
  JourneyOptions options;
  options.ticket_s = 10;
  options.ticket_unprinted_s = 25;
  TicketHarness h(options);
  h.journey.tick(0);
  auto command = h.take("A", false);
  CHECK(command.area == "A");
  CHECK_FALSE(command.priority);
  h.journey.on_ticket_taken(command.request, TicketHarness::issued("A", false, 7, 2));
  h.journey.on_ticket_printed(command.request, false, {"Máy in hết giấy", "Out of paper"});
  CHECK(h.journey.ticket_print_state() == PrintState::Failed);
  CHECK(h.journey.ticket_print_message().vi == "Máy in hết giấy");
  REQUIRE(h.journey.ticket());
  CHECK(h.journey.ticket()->label == "A007");  // the number stands: it is in the queue
  h.journey.tick(24'000);
  CHECK(h.journey.screen() == Screen::Ticket);
  h.journey.next();  // "Xong" or a tap on the ticket
  CHECK(h.journey.screen() == Screen::Attract);
  CHECK(h.journey.citizen_data_dump().empty());
}

TEST_CASE("tickets: when no number can be taken the citizen is told, and the screen times out", "[journey][tickets]") {
  JourneyOptions options;
  options.ticket_unprinted_s = 25;
  TicketHarness h(options);
  h.journey.tick(5'000);
  auto command = h.take("A", true);
  h.journey.on_ticket_failed(command.request, {"Lỗi cơ sở dữ liệu", "Database error"});
  CHECK_FALSE(h.journey.ticket_pending());
  CHECK_FALSE(h.journey.ticket());
  REQUIRE(h.journey.ticket_error());
  CHECK(h.journey.ticket_error()->vi == "Lỗi cơ sở dữ liệu");
  // No ticket: a print answer cannot make one up.
  h.journey.on_ticket_printed(command.request, true, {});
  CHECK(h.journey.ticket_print_state() == PrintState::None);
  REQUIRE(h.journey.next_deadline_ms());
  CHECK(*h.journey.next_deadline_ms() == 30'000);
  h.journey.tick(30'000);
  CHECK(h.journey.screen() == Screen::Attract);
  CHECK_FALSE(h.journey.ticket_error());
}

TEST_CASE("tickets: back and cancel, late answers, and no areas at all", "[journey][tickets]") {
  TicketHarness h;
  h.journey.take_number();
  REQUIRE(h.journey.screen() == Screen::TakeNumber);
  h.journey.back();
  CHECK(h.journey.screen() == Screen::Attract);
  h.journey.take_number();
  h.journey.cancel();
  CHECK(h.journey.screen() == Screen::Attract);

  // The citizen leaves before the number arrives: the late answer must not bring the screen back,
  // nor land on the next citizen's ticket screen.
  auto first = h.take("A", false);
  h.journey.next();
  CHECK(h.journey.screen() == Screen::Attract);
  h.journey.on_ticket_taken(first.request, TicketHarness::issued("A", false, 1, 0));
  CHECK(h.journey.screen() == Screen::Attract);
  CHECK_FALSE(h.journey.ticket());
  auto second = h.take("B", false);
  CHECK(second.request != first.request);
  h.journey.on_ticket_taken(first.request, TicketHarness::issued("A", false, 1, 0));
  CHECK_FALSE(h.journey.ticket());
  CHECK(h.journey.ticket_pending());
  h.journey.on_ticket_taken(second.request, TicketHarness::issued("B", false, 1, 0));
  REQUIRE(h.journey.ticket());
  CHECK(h.journey.ticket()->label == "B001");
  h.journey.back();  // the ticket is taken: back means done
  CHECK(h.journey.screen() == Screen::Attract);

  // An office without service areas (areas.json failed to load): no ticket screen at all.
  h.journey.set_service_areas({});
  CHECK_FALSE(h.journey.tickets_available());
  h.journey.take_number();
  CHECK(h.journey.screen() == Screen::Attract);
}

TEST_CASE("tickets: the idle wipe and scans cover the ticket screens", "[journey][tickets][idle]") {
  JourneyOptions options;
  options.idle_timeout_s = 90;
  options.idle_warning_s = 20;
  TicketHarness h(options);
  h.journey.note_input(0);
  h.journey.take_number();
  h.journey.set_lang(Lang::En);
  h.journey.tick(109'000);
  CHECK(h.journey.screen() == Screen::TakeNumber);
  h.journey.tick(110'000);
  CHECK(h.journey.screen() == Screen::Attract);
  CHECK(h.journey.lang() == Lang::Vi);

  // A number taken but the printer never answers: the idle wipe still ends the screen.
  h.journey.note_input(200'000);
  auto command = h.take("A", false);
  h.journey.on_ticket_taken(command.request, TicketHarness::issued("A", false, 2, 1));
  h.journey.tick(309'000);
  CHECK(h.journey.screen() == Screen::Ticket);
  h.journey.tick(310'000);
  CHECK(h.journey.screen() == Screen::Attract);
  CHECK(h.journey.citizen_data_dump().empty());

  // A receipt scanned on the ticket screen looks the dossier up, as on the attract screen.
  h.journey.note_input(400'000);
  h.take("A", false);
  h.journey.on_receipt_scan("000.00.15.G12-260305-1001");
  CHECK(h.journey.screen() == Screen::DossierStatus);
  CHECK_FALSE(h.journey.ticket_area());
}

TEST_CASE("tickets: while the office database is away no number is offered, and dossiers go on", "[journey][tickets]") {
  TicketHarness h;
  h.journey.set_ticket_issuing_suspended(true);
  CHECK(h.journey.ticket_issuing_suspended());
  h.journey.note_input(1'000);
  h.journey.tick(1'000);
  h.journey.take_number();  // the attract screen says so; a tap that still comes is answered
  CHECK(h.journey.screen() == Screen::Ticket);
  REQUIRE(h.journey.ticket_error());
  CHECK_THAT(h.journey.ticket_error()->vi, Catch::StartsWith("Tạm ngừng cấp số thứ tự"));
  CHECK_FALSE(h.journey.ticket());
  CHECK(h.journey.take_commands().empty());  // nothing asked of the database, no number invented
  h.journey.tick(1'000 + 26'000);            // and the screen returns by itself
  CHECK(h.journey.screen() == Screen::Attract);
  h.journey.start();
  CHECK(h.journey.screen() == Screen::ChooseProcedure);  // filing a dossier does not need the office database
  h.journey.cancel();
  CHECK(h.journey.ticket_issuing_suspended());  // the office's state outlives the citizen's wipe

  h.journey.set_ticket_issuing_suspended(false);  // the database is back: the kiosk reconnected by itself
  auto take = h.take("B", false);
  CHECK(take.kind == JourneyCommand::Kind::TakeTicket);
  CHECK(take.area == "B");
}

namespace {

const WorkingCalendar& shipped_calendar() {
  static const WorkingCalendar calendar(
      HolidayTable::load(std::string(MC_TEST_ASSETS_DIR) + "/calendar/holidays.json"));
  return calendar;
}

}  // namespace

TEST_CASE("tickets after closing time say the office is closed, or are refused, by configuration (issue 13)",
          "[journey][tickets][hours]") {
  const WorkingCalendar& calendar = shipped_calendar();
  OfficeHours hours;  // 07:30 - 17:00
  const Date monday{2026, 3, 2}, friday{2026, 3, 6}, saturday{2026, 3, 7};
  // Before opening people queue for the opening; during the day nothing to say.
  CHECK_FALSE(tickets_after_hours(calendar, hours, LocalDateTime{monday, 6, 45, 0}));
  CHECK_FALSE(tickets_after_hours(calendar, hours, LocalDateTime{monday, 16, 59, 59}));
  auto evening = tickets_after_hours(calendar, hours, LocalDateTime{monday, 17, 0, 0});
  REQUIRE(evening);
  CHECK_FALSE(evening->refuse);  // office.tickets_after_close = "warn" by default
  CHECK(evening->text.vi ==
        "Đã hết giờ làm việc (17:00): số này có thể không được gọi hôm nay. Nếu chưa được gọi, mời bạn quay lại từ "
        "07:30 ngày 03/03/2026.");
  auto friday_night = tickets_after_hours(calendar, hours, LocalDateTime{friday, 19, 30, 0});
  REQUIRE(friday_night);
  CHECK(friday_night->text.en.find("07:30 on 09/03/2026") != std::string::npos);  // the next working day
  hours.refuse_tickets_after_close = true;
  auto weekend = tickets_after_hours(calendar, hours, LocalDateTime{saturday, 9, 0, 0});
  REQUIRE(weekend);
  CHECK(weekend->refuse);
  CHECK(weekend->text.vi == "Hôm nay văn phòng nghỉ: không cấp số thứ tự. Mời bạn quay lại từ 07:30 ngày 09/03/2026.");

  SECTION("refused: no number is asked for, the citizen reads why and when to come back") {
    JourneyOptions options;
    options.ticket_hours = [&] { return tickets_after_hours(calendar, hours, LocalDateTime{monday, 17, 5, 0}); };
    TicketHarness h(options);
    h.journey.take_number();
    CHECK(h.journey.screen() == Screen::Ticket);
    REQUIRE(h.journey.ticket_error());
    CHECK(h.journey.ticket_error()->vi.find("hôm nay không cấp thêm số thứ tự") != std::string::npos);
    REQUIRE(h.journey.ticket_hours_notice());
    CHECK(h.journey.take_commands().empty());
    CHECK_FALSE(h.journey.ticket_pending());
  }
  SECTION("warned: the number is issued, with the notice on the way") {
    hours.refuse_tickets_after_close = false;
    JourneyOptions options;
    options.ticket_hours = [&] { return tickets_after_hours(calendar, hours, LocalDateTime{monday, 17, 5, 0}); };
    TicketHarness h(options);
    const JourneyCommand command = h.take("A", false);
    CHECK(command.kind == JourneyCommand::Kind::TakeTicket);
    REQUIRE(h.journey.ticket_hours_notice());
    CHECK(h.journey.ticket_hours_notice()->vi.find("số này có thể không được gọi hôm nay") != std::string::npos);
    h.journey.on_ticket_taken(command.request, TicketHarness::issued("A", false, 7, 0));
    CHECK(h.journey.ticket());
    CHECK(h.journey.ticket_hours_notice());
  }
}
