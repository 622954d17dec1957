#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include "mc/core/scan.hpp"
#include "mc/core/staff_console.hpp"

namespace {
struct TempDir {
  std::filesystem::path path;
  TempDir() {
    path = std::filesystem::temp_directory_path() /
           ("mc-staff-console-" + std::to_string(reinterpret_cast<uintptr_t>(this)) + std::to_string(::time(nullptr)));
    std::filesystem::create_directories(path);
  }
  ~TempDir() { std::filesystem::remove_all(path); }
  std::string file(const char* name) const { return (path / name).string(); }
};

int64_t unix_at(const char* iso) {
  return mc::LocalDateTime::parse_iso(iso)->to_unix();
}

const char* kCode = "000.00.15.G12-260305-1007";
const char* kPin = "246813";

// A fake kiosk around the console: records what the hooks were asked to do.
struct Fixture {
  TempDir dir;
  int64_t now = unix_at("2026-03-05T08:00");
  mc::Database db{dir.file("kiosk.db")};
  mc::Config config;
  std::vector<std::string> calls;
  std::vector<mc::StaffSummaryDossier> dossiers;

  static const std::string& pin_hash() {
    static const std::string hash = mc::hash_staff_pin(kPin);  // Argon2id is slow: hash once
    return hash;
  }

  mc::StaffConsoleHooks hooks() {
    mc::StaffConsoleHooks h;
    h.find_dossier = [this](const std::string& code) -> std::optional<mc::StaffDossierView> {
      calls.push_back("find " + code);
      if (code != kCode) return std::nullopt;
      mc::StaffDossierView view;
      view.code = code;
      view.procedure_code = "1.013133";
      view.procedure_name = {"Cấp đổi giấy phép lái xe", "Renewal of driving licence"};
      view.queue_state = "quarantined";
      view.quarantine_reason = "server rejected: MaTTHC";
      view.answers = {{"Họ và tên", "Nguyễn Văn A"}, {"Số CCCD", "001099012345"}};
      view.documents = {{"TP2", {"Giấy khám sức khỏe", "Health certificate"}, 2, false, false}};
      return view;
    };
    h.reprint = [this](const std::string& code, int mask) {
      calls.push_back("reprint " + code + " " + std::to_string(mask));
      return mc::StaffActionResult{true, {"Đã in.", "Printed."}};
    };
    h.retry = [this](const std::string& code) {
      calls.push_back("retry " + code);
      return mc::StaffActionResult{true, {"Đã đưa lại vào hàng đợi.", "Queued again."}};
    };
    h.sync_now = [this] {
      calls.push_back("sync_now");
      return mc::StaffActionResult{true, {"Đang đồng bộ.", "Syncing."}};
    };
    h.print_test_page = [this] {
      calls.push_back("test_page");
      return mc::StaffActionResult{false, {"Hết giấy.", "Paper out."}};
    };
    h.queue_overview = [this] {
      calls.push_back("queue");
      mc::StaffQueueOverview overview;
      overview.quarantined = 1;
      overview.rows.push_back({kCode, "1.013133", "quarantined", 3, "server rejected: MaTTHC", now});
      return overview;
    };
    h.dossiers_of_day = [this](mc::Date day) {
      calls.push_back("dossiers_of_day " + day.iso());
      return dossiers;
    };
    return h;
  }

  Fixture() {
    config.data_dir = dir.path.string();
    config.kiosk.staff_pin_hash = pin_hash();
  }

  mc::StaffConsole make(mc::StaffConsoleOptions options = {}) {
    return mc::StaffConsole(
        db, config, [this] { return now; }, hooks(), std::move(options));
  }

  static void type(mc::StaffConsole& console, std::string_view pin) {
    for (char digit : pin) console.press_digit(digit);
    console.submit_pin();
  }
};
}  // namespace

TEST_CASE("the staff PIN pad masks digits, counts wrong tries, locks for five minutes and unlocks", "[staff_console]") {
  Fixture fx;
  auto console = fx.make();
  CHECK(console.screen() == mc::StaffScreen::Closed);
  console.show(mc::StaffScreen::Queue);  // no way around the PIN
  CHECK(console.screen() == mc::StaffScreen::Closed);

  console.open_pin_pad();
  REQUIRE(console.screen() == mc::StaffScreen::PinPad);
  console.press_digit('1');
  console.press_digit('2');
  console.press_digit('x');  // not a digit: ignored
  CHECK(console.masked_pin() == "**");
  console.press_backspace();
  CHECK(console.pin_length() == 1);
  for (int i = 0; i < 20; ++i) console.press_digit('9');
  CHECK(console.pin_length() == 12);
  console.press_clear();
  CHECK(console.masked_pin().empty());

  for (int i = 1; i <= 4; ++i) {
    Fixture::type(console, "000000");
    CHECK(console.message_is_error());
    CHECK(console.message().vi == "Sai mã PIN. Còn " + std::to_string(5 - i) + " lần thử.");
    CHECK(console.screen() == mc::StaffScreen::PinPad);
  }
  Fixture::type(console, "000000");
  CHECK(console.message().vi.find("Tạm khóa đến 08:05") != std::string::npos);
  CHECK(console.message().en.find("Locked until 08:05") != std::string::npos);
  CHECK(console.locked());

  fx.now += 120;
  Fixture::type(console, kPin);  // the right PIN is refused while locked
  CHECK(console.screen() == mc::StaffScreen::PinPad);
  CHECK(console.message().vi.find("08:05") != std::string::npos);

  // The lock survives a restart of the program: a fresh console on the same database shows it at once.
  {
    auto restarted = fx.make();
    restarted.open_pin_pad();
    CHECK(restarted.message().vi.find("Tạm khóa đến 08:05") != std::string::npos);
  }

  fx.now = unix_at("2026-03-05T08:05") + 1;
  CHECK_FALSE(console.locked());
  Fixture::type(console, kPin);
  CHECK(console.screen() == mc::StaffScreen::Find);
  CHECK(console.is_authenticated());
  CHECK_FALSE(console.message_is_error());
  console.show(mc::StaffScreen::Printer);
  CHECK(console.screen() == mc::StaffScreen::Printer);
}

TEST_CASE("each lockout since the last good PIN lasts longer: 5 min, 15 min, 1 h, 4 h, 24 h", "[staff_console]") {
  Fixture fx;
  auto console = fx.make();
  console.open_pin_pad();
  auto five_wrong = [&] {
    for (int i = 0; i < 5; ++i) Fixture::type(console, "000000");
  };
  const int64_t expected_minutes[] = {5, 15, 60, 240, 1440, 1440};
  for (int64_t minutes : expected_minutes) {
    const int64_t start = fx.now;
    five_wrong();
    REQUIRE(console.locked());
    const auto state = mc::read_staff_lockout(fx.db);  // what kioskctl status reads
    CHECK(state.locked_until_unix == start + minutes * 60);
    fx.now = state.locked_until_unix - 1;
    CHECK(console.locked());
    fx.now = state.locked_until_unix;  // over: the next five wrong tries lock for longer
    CHECK_FALSE(console.locked());
  }
  CHECK(mc::read_staff_lockout(fx.db).lockouts == 6);
  // Growth survives a restart, and a good PIN resets it.
  {
    auto restarted = fx.make();
    restarted.open_pin_pad();
    Fixture::type(restarted, kPin);
    CHECK(restarted.is_authenticated());
  }
  CHECK(mc::read_staff_lockout(fx.db).lockouts == 0);
  const int64_t start = fx.now;
  five_wrong();
  CHECK(mc::read_staff_lockout(fx.db).locked_until_unix == start + 5 * 60);
}

TEST_CASE("a PIN shorter than six digits cannot be set", "[staff_console]") {
  CHECK_THROWS_AS(mc::hash_staff_pin("2468"), std::invalid_argument);
  CHECK_THROWS_AS(mc::hash_staff_pin("24681"), std::invalid_argument);
  CHECK_THROWS_AS(mc::hash_staff_pin("1234567890123"), std::invalid_argument);
  CHECK_THROWS_AS(mc::hash_staff_pin("24681x"), std::invalid_argument);
  CHECK(mc::verify_staff_pin(mc::hash_staff_pin("246813"), "246813"));
}

TEST_CASE("the PIN file is written whole with mode 0600", "[staff_console]") {
  TempDir dir;
  const std::string path = dir.file("staff-pin");
  std::ofstream(path) << "old";
  std::filesystem::permissions(path, std::filesystem::perms::all);  // 0777 before: must not stay so
  mc::write_staff_pin_file(path, Fixture::pin_hash());
  CHECK((std::filesystem::status(path).permissions() & std::filesystem::perms::all) ==
        (std::filesystem::perms::owner_read | std::filesystem::perms::owner_write));
  std::ifstream in(path);
  std::string line;
  std::getline(in, line);
  CHECK(line == Fixture::pin_hash());
}

TEST_CASE("kiosk.db refusing writes never crashes staff mode and never opens the door to guessing",
          "[staff_console][db_errors]") {
  Fixture fx;
  auto console = fx.make();
  // From now on every write to kiosk.db fails as on a read-only file (kioskctl ran as root first).
  fx.db.exec("PRAGMA query_only = ON");
  console.open_pin_pad();
  for (int i = 1; i <= 5; ++i) Fixture::type(console, "000000");
  // The tries were counted in memory although kiosk.db refused them: locked all the same.
  CHECK(console.locked());
  Fixture::type(console, kPin);
  CHECK_FALSE(console.is_authenticated());

  fx.now += 10 * 60;
  Fixture::type(console, kPin);
  REQUIRE(console.is_authenticated());
  // The login itself could not be audited: staff are told, the console goes on.
  CHECK(console.message_is_error());
  CHECK(console.message().en.find("Audit log not written") != std::string::npos);
  CHECK(console.message().en.find("read-only") != std::string::npos);

  // Ticket calls write kiosk.db: a message, no exception, no ticket.
  CHECK_FALSE(console.call_next());
  CHECK(console.message_is_error());
  CHECK(console.recently_called(5).empty());
  // Reading still works: the summary shows what it can.
  const auto summary = console.today_summary();
  CHECK(summary.total_dossiers == 0);
}

TEST_CASE("a full disk under kiosk.db gives a message on the ticket screen", "[staff_console][db_errors]") {
  Fixture fx;
  mc::StaffConsoleOptions options;
  options.areas = {"A"};
  auto console = fx.make(options);
  console.open_pin_pad();
  Fixture::type(console, kPin);
  REQUIRE(console.is_authenticated());
  {
    mc::TicketQueue queue(fx.db, [&fx] { return fx.now; });
    queue.take("A", false);
    queue.take("A", false);
  }
  // No page may be added any more: writes that need one fail with SQLITE_FULL, as on a full disk.
  auto pages = fx.db.prepare("PRAGMA page_count");
  REQUIRE(pages.step());
  fx.db.exec("PRAGMA max_page_count = " + std::to_string(pages.column_int(0)));
  const std::string filler(4000, 'x');
  bool full = false;
  for (int i = 0; i < 100 && !full; ++i) {
    try {
      fx.db.prepare("INSERT INTO audit_log (at, actor, action, detail) VALUES (0, 'test', 'fill', ?1)")
          .bind(1, filler)
          .step();
    } catch (const mc::DbError& error) {
      CHECK(error.is_disk_full());
      full = true;
    }
  }
  REQUIRE(full);
  console.show(mc::StaffScreen::Tickets);
  std::optional<mc::Ticket> called;
  CHECK_NOTHROW(called = console.call_next());
  CHECK(console.message_is_error());
  CHECK(console.message().en.find("disk is full") != std::string::npos);
}

TEST_CASE("without a configured PIN the pad says so and stays shut", "[staff_console]") {
  Fixture fx;
  fx.config.kiosk.staff_pin_hash.clear();
  auto console = fx.make();
  console.open_pin_pad();
  Fixture::type(console, "1234");
  CHECK_FALSE(console.is_authenticated());
  CHECK(console.message().vi.find("Chưa đặt mã PIN") != std::string::npos);
}

TEST_CASE("find accepts a bare dossier code or a receipt QR URL holding one", "[staff_console]") {
  CHECK(mc::dossier_code_in_scan(kCode) == std::string(kCode));
  CHECK(mc::dossier_code_in_scan(std::string("  ") + kCode + "\r\n") == std::string(kCode));
  CHECK(mc::dossier_code_in_scan(std::string("https://dichvucong.example.vn/tra-cuu?ma=") + kCode + "&lang=vi") ==
        std::string(kCode));
  CHECK(mc::dossier_code_in_scan("https://x.example/tra-cuu/000.00.15.G12-260305-1007#top") == std::string(kCode));
  CHECK(mc::dossier_code_in_scan("https://x.example/q?ma=000%2E00%2E15%2EG12%2D260305%2D1007") == std::string(kCode));
  CHECK(mc::dossier_code_in_scan("000.00.15.g12-260305-1007") == std::string(kCode));  // scanner in lower case
  CHECK_FALSE(mc::dossier_code_in_scan("https://x.example/tra-cuu?ma=ABCD"));
  CHECK_FALSE(mc::dossier_code_in_scan("000.00.15.G12-263105-1007"));  // 31/05 is fine, month 31 is not
  CHECK_FALSE(mc::dossier_code_in_scan(""));

  Fixture fx;
  auto console = fx.make();
  console.open_pin_pad();
  Fixture::type(console, kPin);
  CHECK(console.find(std::string("https://dichvucong.example.vn/tra-cuu?ma=") + kCode));
  CHECK(console.screen() == mc::StaffScreen::Detail);
  REQUIRE(console.current());
  CHECK(console.current()->code == kCode);

  CHECK_FALSE(console.find("000.00.15.G12-260305-1999"));
  CHECK(console.message().vi == "Không tìm thấy hồ sơ 000.00.15.G12-260305-1999 trên kiosk này.");
  CHECK_FALSE(console.find("hello"));
  CHECK(console.message().vi.find("Không nhận ra mã hồ sơ") == 0);
}

TEST_CASE("staff find a dossier by the applicant's ID number or phone, audited without the number (issue 13)",
          "[staff_console]") {
  Fixture fx;
  auto hooks = fx.hooks();
  std::vector<std::string> asked;
  hooks.find_codes_by_person = [&asked](const std::string& key) {
    asked.push_back(key);
    if (key == "001099012345") return std::vector<std::string>{kCode};
    if (key == "0912345678") return std::vector<std::string>{kCode, "000.00.15.G12-260301-1002"};
    return std::vector<std::string>{};
  };
  mc::StaffConsole console(
      fx.db, fx.config, [&fx] { return fx.now; }, hooks);
  console.open_pin_pad();
  Fixture::type(console, kPin);
  REQUIRE(console.find("001099012345"));
  CHECK(console.screen() == mc::StaffScreen::Detail);
  CHECK(console.current()->code == kCode);
  // A phone as typed at the counter; two dossiers: the newest is opened and the officer told of the other.
  REQUIRE(console.find("+84 912 345 678"));
  CHECK(console.current()->code == kCode);
  CHECK(console.message().vi.find("2 hồ sơ") != std::string::npos);
  CHECK_FALSE(console.find("0987654321"));
  CHECK(console.screen() == mc::StaffScreen::Find);
  CHECK(console.message().vi == "Không có hồ sơ nào của số điện thoại này trên kiosk.");
  // An ID card's whole QR, or 11 digits, is neither: nothing is looked up.
  CHECK_FALSE(console.find("001099012345|123456789|Nguyễn Văn A|01011990|Nam|Hà Nội|01012021"));
  CHECK_FALSE(console.find("00109901234"));
  CHECK(asked == std::vector<std::string>{"001099012345", "0912345678", "0987654321"});
  // The audit knows how staff searched and what they opened, never the number typed.
  for (const auto& entry : console.audit().recent(100)) {
    INFO(entry.action << " " << entry.detail);
    CHECK(entry.detail.find("001099012345") == std::string::npos);
    CHECK(entry.detail.find("912345678") == std::string::npos);
    CHECK(entry.detail.find("987654321") == std::string::npos);
  }
  auto recent = console.audit().recent(100);
  std::vector<std::string> finds;
  for (auto it = recent.rbegin(); it != recent.rend(); ++it)
    if (it->action == "find") finds.push_back(it->detail);
  CHECK(finds == std::vector<std::string>{"by_id_number " + std::string(kCode) + " found matches=1",
                                          "by_phone " + std::string(kCode) + " found matches=2", "by_phone not_found",
                                          "unrecognized", "unrecognized"});
}

TEST_CASE("every staff action is audited with codes and counts, never personal data", "[staff_console]") {
  Fixture fx;
  auto console = fx.make();
  console.open_pin_pad();
  Fixture::type(console, "1111");  // wrong
  Fixture::type(console, kPin);
  // An ID card QR scanned into the find box by mistake: never echoed into the audit log.
  console.find("001099012345|123456789|Nguyễn Văn A|01011990|Nam|Hà Nội|01012021");
  REQUIRE(console.find(kCode));
  CHECK(console.reprint(1).ok);
  console.reprint(2);
  console.reprint(3);
  console.retry_current();
  console.show(mc::StaffScreen::Queue);
  console.sync_now();
  auto test_page = console.print_test_page();
  CHECK_FALSE(test_page.ok);
  CHECK(console.message().vi == "Hết giấy.");
  console.show(mc::StaffScreen::Configuration);
  mc::SqliteTicketStore tickets(fx.db, [&fx] { return fx.now; });
  tickets.take("A", false);
  console.call_next();
  console.recall();
  console.skip();
  console.call_next();  // nobody left
  CHECK(!console.export_today_csv().empty());
  console.leave();
  CHECK(console.screen() == mc::StaffScreen::Closed);

  CHECK(fx.calls == std::vector<std::string>{"find " + std::string(kCode), "reprint " + std::string(kCode) + " 1",
                                             "reprint " + std::string(kCode) + " 2",
                                             "reprint " + std::string(kCode) + " 3", "retry " + std::string(kCode),
                                             "find " + std::string(kCode), "queue", "queue", "sync_now", "test_page",
                                             "dossiers_of_day 2026-03-05"});

  auto entries = console.audit().recent(100);
  std::reverse(entries.begin(), entries.end());  // oldest first
  std::vector<std::string> lines;
  for (const auto& entry : entries) {
    CHECK(entry.actor == "staff");
    lines.push_back(entry.action + (entry.detail.empty() ? "" : " " + entry.detail));
  }
  const std::string code = kCode;
  CHECK(lines == std::vector<std::string>{
                     "login_failed remaining=4",
                     "login",
                     "find unrecognized",
                     "find " + code + " found",
                     "reprint " + code + " copies=1 ok",
                     "reprint " + code + " copies=2 ok",
                     "reprint " + code + " copies=both ok",
                     "retry " + code + " ok",
                     "sync_now ok",
                     "printer_test failed",
                     "view_config",
                     "ticket_call_next A001 counter=Q1",
                     "ticket_recall A001 counter=Q1",
                     "ticket_skip A001 counter=Q1",
                     "ticket_call_next counter=Q1 none_waiting",
                     "export_summary 2026-03-05 dossiers=0 ratings=0",
                     "leave",
                 });
  for (const auto& line : lines) {
    CHECK(line.find("001099012345") == std::string::npos);
    CHECK(line.find("Nguyễn") == std::string::npos);
    CHECK(line.find(kPin) == std::string::npos);
  }
}

TEST_CASE("staff mode leaves by itself after inactivity, a counter terminal falls back to its PIN pad",
          "[staff_console]") {
  Fixture fx;
  {
    mc::StaffConsoleOptions options;
    options.inactivity_seconds = 120;
    auto console = fx.make(options);
    console.open_pin_pad();
    Fixture::type(console, kPin);
    REQUIRE(console.find(kCode));
    fx.now += 100;
    CHECK_FALSE(console.tick());
    console.note_activity();  // a touch restarts the count
    fx.now += 119;
    CHECK_FALSE(console.tick());
    CHECK(console.seconds_until_auto_leave() == 1);
    fx.now += 1;
    CHECK(console.tick());
    CHECK(console.screen() == mc::StaffScreen::Closed);
    CHECK_FALSE(console.current());  // nothing of the dossier stays in memory
    CHECK(console.audit().recent(1).at(0).action == "auto_leave");
  }
  {
    mc::StaffConsoleOptions options;
    options.counter_terminal = true;
    auto console = fx.make(options);
    CHECK(console.screen() == mc::StaffScreen::PinPad);
    Fixture::type(console, kPin);
    REQUIRE(console.is_authenticated());
    fx.now += 121;
    CHECK(console.tick());
    CHECK(console.screen() == mc::StaffScreen::PinPad);
    fx.now += 1000;
    CHECK_FALSE(console.tick());  // idle PIN pad: nothing to do
    Fixture::type(console, kPin);
    console.leave();
    CHECK(console.screen() == mc::StaffScreen::PinPad);
  }
}

TEST_CASE("today's summary counts dossiers by procedure and status, and ratings, the CSV says the same",
          "[staff_console]") {
  Fixture fx;
  const mc::LocalizedText licence{"Cấp đổi giấy phép lái xe", "Driving licence renewal"};
  const mc::LocalizedText registration{"Đăng ký xe, tạm thời", "Temporary vehicle registration"};
  using S = mc::DossierStatus;
  fx.dossiers = {
      {"000.00.15.G12-260305-1001", "1.013133", licence, S::NewlyRegistered},
      {"000.00.15.G12-260305-1002", "1.013133", licence, S::NewlyRegistered},
      {"000.00.15.G12-260305-1003", "1.013133", licence, S::Accepted},
      {"000.00.15.G12-260305-1004", "2.001010", registration, S::NotAccepted},
      {"000.00.15.G12-260305-1004", "2.001010", registration, S::NotAccepted},  // listed twice: counted once
  };
  mc::RatingStore ratings(fx.db, [&fx] { return fx.now; });
  ratings.record("000.00.15.G12-260305-1001", "1.013133", 3);
  ratings.record("000.00.15.G12-260305-1002", "1.013133", 3);
  ratings.record("000.00.15.G12-260305-1004", "2.001010", 1);
  fx.now += 86400;  // a rating of the next day stays out of today's figures
  ratings.record("000.00.15.G12-260306-1001", "1.013133", 2);
  fx.now -= 86400;

  auto console = fx.make();
  const auto summary = console.today_summary();
  CHECK(summary.day.iso() == "2026-03-05");
  CHECK(summary.total_dossiers == 4);
  CHECK(summary.by_status == std::map<int, int>{{1, 2}, {2, 1}, {3, 1}});
  REQUIRE(summary.procedures.size() == 2);
  CHECK(summary.procedures[0].procedure_code == "1.013133");
  CHECK(summary.procedures[0].total == 3);
  CHECK(summary.procedures[0].by_status == std::map<int, int>{{1, 2}, {2, 1}});
  CHECK(summary.procedures[0].ratings.very_satisfied == 2);
  CHECK(summary.procedures[1].procedure_code == "2.001010");
  CHECK(summary.procedures[1].total == 1);
  CHECK(summary.procedures[1].ratings.unsatisfied == 1);
  CHECK(summary.ratings.total() == 3);

  console.open_pin_pad();
  Fixture::type(console, kPin);
  const std::string path = console.export_today_csv();
  CHECK(path == fx.dir.file("tong-hop-2026-03-05.csv"));
  std::ifstream in(path, std::ios::binary);
  std::stringstream content;
  content << in.rdbuf();
  const std::string csv = content.str();
  CHECK(csv == mc::staff_summary_csv(summary));
  REQUIRE(csv.rfind("\xEF\xBB\xBF", 0) == 0);
  std::vector<std::string> lines;
  std::istringstream stream(csv.substr(3));
  for (std::string line; std::getline(stream, line);) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    lines.push_back(line);
  }
  const std::string st1 = mc::status_label(S::NewlyRegistered).vi, st2 = mc::status_label(S::Accepted).vi,
                    st3 = mc::status_label(S::NotAccepted).vi;
  const std::string r1 = mc::rating_label(mc::Rating::Unsatisfied).vi, r2 = mc::rating_label(mc::Rating::Satisfied).vi,
                    r3 = mc::rating_label(mc::Rating::VerySatisfied).vi;
  CHECK(lines == std::vector<std::string>{
                     "kind,day,procedure_code,procedure_name,key,label,count",
                     "dossiers,2026-03-05,1.013133,Cấp đổi giấy phép lái xe,1," + st1 + ",2",
                     "dossiers,2026-03-05,1.013133,Cấp đổi giấy phép lái xe,2," + st2 + ",1",
                     "dossiers_total,2026-03-05,1.013133,Cấp đổi giấy phép lái xe,,,3",
                     "rating,2026-03-05,1.013133,Cấp đổi giấy phép lái xe,1," + r1 + ",0",
                     "rating,2026-03-05,1.013133,Cấp đổi giấy phép lái xe,2," + r2 + ",0",
                     "rating,2026-03-05,1.013133,Cấp đổi giấy phép lái xe,3," + r3 + ",2",
                     "dossiers,2026-03-05,2.001010,\"Đăng ký xe, tạm thời\",3," + st3 + ",1",
                     "dossiers_total,2026-03-05,2.001010,\"Đăng ký xe, tạm thời\",,,1",
                     "rating,2026-03-05,2.001010,\"Đăng ký xe, tạm thời\",1," + r1 + ",1",
                     "rating,2026-03-05,2.001010,\"Đăng ký xe, tạm thời\",2," + r2 + ",0",
                     "rating,2026-03-05,2.001010,\"Đăng ký xe, tạm thời\",3," + r3 + ",0",
                     "all_dossiers,2026-03-05,,,1," + st1 + ",2",
                     "all_dossiers,2026-03-05,,,2," + st2 + ",1",
                     "all_dossiers,2026-03-05,,,3," + st3 + ",1",
                     "all_dossiers_total,2026-03-05,,,,,4",
                     "rating,2026-03-05,,,1," + r1 + ",1",
                     "rating,2026-03-05,,,2," + r2 + ",0",
                     "rating,2026-03-05,,,3," + r3 + ",2",
                     "all_ratings_total,2026-03-05,,,,,3",
                 });
}

TEST_CASE("a kiosk without a printer or sync hook answers 'not available' instead of failing", "[staff_console]") {
  Fixture fx;
  mc::StaffConsole console(
      fx.db, fx.config, [&fx] { return fx.now; }, mc::StaffConsoleHooks{});
  console.open_pin_pad();
  Fixture::type(console, kPin);
  CHECK_FALSE(console.find(kCode));
  CHECK_FALSE(console.sync_now().ok);
  CHECK(console.message().en == "Not available on this kiosk.");
  CHECK_FALSE(console.print_test_page().ok);
  CHECK(console.printer_state().en == "Unknown");
  CHECK(console.today_summary().total_dossiers == 0);
  CHECK(console.configuration().size() > 10);
}

TEST_CASE("the configuration screen masks secrets", "[staff_console]") {
  mc::Config config;
  config.kiosk.staff_pin_hash = "$argon2id$v=19$m=65536,t=2,p=1$c2FsdA$aGFzaA";
  config.printer.bank_account = "0123456789";
  std::map<std::string, std::string> rows;
  for (const auto& [key, value] : mc::staff_config_rows(config)) rows[key] = value;
  CHECK(rows.at("kiosk.staff_pin_hash").find("argon2") == std::string::npos);
  CHECK(rows.at("printer.bank_account") == "******6789");
  CHECK(rows.at("kiosk.id") == config.kiosk.id);
}

TEST_CASE("keys typed in staff mode: the PIN, then the find box, leaving empties it", "[staff_console]") {
  Fixture fx;
  auto console = fx.make();
  CHECK_FALSE(console.type_text("12"));  // closed: the keys belong to the citizen screen
  console.open_pin_pad();
  CHECK(console.type_text("2x46"));  // letters are no PIN digits
  CHECK(console.masked_pin() == "***");
  console.backspace();
  console.type_text("6813");
  console.enter();
  REQUIRE(console.screen() == mc::StaffScreen::Find);

  console.type_text(std::string(kCode) + "Ư");  // printable ASCII only
  CHECK(console.find_text() == kCode);
  console.type_text("9");
  console.backspace();
  CHECK(console.find_text() == kCode);
  console.enter();
  CHECK(console.screen() == mc::StaffScreen::Detail);
  CHECK(console.find_text().empty());
  CHECK(console.escape());
  CHECK(console.screen() == mc::StaffScreen::Find);

  // A mistaken scan typed into the box does not outlive staff mode.
  console.type_text("001099012345|");
  console.leave();
  CHECK(console.find_text().empty());
}

TEST_CASE("the chip ID card screen takes the ID number, typed or from a scanned ID card QR", "[staff_console][chip]") {
  Fixture fx;
  auto console = fx.make();
  console.open_pin_pad();
  Fixture::type(console, kPin);
  console.show(mc::StaffScreen::IdCard);
  REQUIRE(console.screen() == mc::StaffScreen::IdCard);
  CHECK(std::string(mc::staff_screen_name(console.screen())) == "chip");
  console.type_text("0011-9901 2345x");  // only digits count, 12 at most
  CHECK(console.chip_number() == "001199012345");
  CHECK(console.find_text().empty());
  console.backspace();
  console.enter();  // 11 digits: neither an ID number nor a CAN
  CHECK_FALSE(console.take_chip_request());
  console.type_text("5");
  console.enter();
  CHECK(console.take_chip_request());
  CHECK_FALSE(console.take_chip_request());  // taken once
  console.clear_chip_number();
  console.on_scan("001099012345||Nguyễn Văn A|15031999|Nam|Số 1 Đường ABC|10052021");
  CHECK(console.chip_number() == "001099012345");
  CHECK(console.take_chip_request());
  CHECK(fx.calls.empty());  // no dossier was looked up with it
  console.leave();
  CHECK(console.chip_number().empty());
}

TEST_CASE("a dossier's electronic document: opened by its code and exported, each audited by codes only",
          "[staff_console][attachments]") {
  Fixture fx;
  auto console = fx.make();
  console.export_document();  // not signed in: nothing happens, nothing audited
  console.open_pin_pad();
  Fixture::type(console, kPin);
  console.show(mc::StaffScreen::Documents);  // no dossier yet: the find screen
  CHECK(console.screen() == mc::StaffScreen::Find);
  REQUIRE(console.find(kCode));
  console.open_document("TP7");  // not this dossier's
  CHECK(console.document_code().empty());
  CHECK(console.screen() == mc::StaffScreen::Detail);
  CHECK_FALSE(console.export_document().ok);  // none chosen
  console.open_document("TP2");
  CHECK(console.screen() == mc::StaffScreen::Documents);
  CHECK(console.document_code() == "TP2");
  console.open_document("TP2");  // already open: audited once
  // No export hook on this machine: "not available", audited as such.
  CHECK_FALSE(console.export_document().ok);
  CHECK(console.message_is_error());
  // Another dossier found: no document of the last one stays chosen.
  console.find(kCode);
  CHECK(console.document_code().empty());
  std::vector<std::string> lines;
  for (const auto& entry : console.audit().recent(50))
    if (entry.action == "view_document" || entry.action == "export_document")
      lines.push_back(entry.action + " " + entry.detail);
  CHECK(lines == std::vector<std::string>{"export_document " + std::string(kCode) + " TP2 unavailable",
                                          "view_document " + std::string(kCode) + " TP2"});
}
