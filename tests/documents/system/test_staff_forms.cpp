// Staff mode's form actions (the staff console model with mc_app's hooks) on a real queue and the private
// cupsd: what the officer reads on screen when the job prints, when the queue is stopped, and what the
// audit keeps. The buttons are thin views over exactly these calls.
#include <catch2/catch.hpp>

#include <deque>

#include "mc/core/db.hpp"
#include "mc/core/staff.hpp"
#include "mc/core/staff_console.hpp"
#include "mc/test/cupsd_fixture.hpp"
#include "office_forms.hpp"
#include "pdf_tools.hpp"
#include "queue_seed.hpp"

using namespace mc;
using namespace mc::documents;
using namespace mc::documents::testing;
using mc::test::CupsdFixture;

namespace {

constexpr const char* kPin = "246813";

struct Counter {
  Counter(const std::string& queue, bool in_background = false)
      : dir(temp_dir("staff-" + queue)), seeded(seed_queue(dir, queue)) {
    seeded.config.kiosk.staff_pin_hash = hash_staff_pin(kPin);
    outbox = sync::Outbox::open(seeded.config);
    forms = std::make_shared<app::OfficeForms>(seeded.config, outbox.get(),
                                               fixed_clock(LocalDateTime{Date{2026, 3, 2}, 17, 0, 0}.to_unix()));
    StaffConsoleHooks hooks;
    hooks.find_dossier = [this](const std::string& code) -> std::optional<StaffDossierView> {
      if (!outbox->find(code)) return std::nullopt;
      StaffDossierView view;
      view.code = code;
      return view;
    };
    if (in_background) {
      app::add_office_form_hooks(
          hooks, forms, [this](app::BackgroundJob job) { jobs.push_back(std::move(job)); },
          [this](std::string_view action, const std::string& code, const StaffActionResult& outcome) {
            console->complete(action, code, outcome);
          });
    } else {
      app::add_office_form_hooks(hooks, forms);
    }
    local = std::make_unique<Database>(seeded.config.path_in_data(kLocalStateDbName));
    console = std::make_unique<StaffConsole>(
        *local, seeded.config, fixed_clock(LocalDateTime{Date{2026, 3, 2}, 17, 0, 0}.to_unix()), std::move(hooks));
    console->open_pin_pad();
    for (const char* digit = kPin; *digit; ++digit) console->press_digit(*digit);
    console->submit_pin();
    REQUIRE(console->is_authenticated());
  }
  // What the worker thread does, then what comes back to the UI thread.
  void run_background_jobs() {
    while (!jobs.empty()) {
      auto job = std::move(jobs.front());
      jobs.pop_front();
      job()();
    }
  }
  std::string audit_text() {
    std::string text;
    for (const auto& entry : console->audit().recent(50)) text += entry.action + " " + entry.detail + "\n";
    return text;
  }

  std::string dir;
  SeededQueue seeded;
  std::unique_ptr<sync::Outbox> outbox;
  std::shared_ptr<app::OfficeForms> forms;
  std::deque<app::BackgroundJob> jobs;
  std::unique_ptr<Database> local;
  std::unique_ptr<StaffConsole> console;
};

}  // namespace

TEST_CASE("staff print Mẫu 01 on the office printer and read that it printed", "[documents][staff][cups][system]") {
  CupsdFixture& cups = CupsdFixture::instance();
  cups.add_pdf_queue("QuayHai");
  Counter counter("QuayHai", true);
  const Dossier& d = counter.seeded.monday[0];
  REQUIRE(counter.console->find(d.code));

  const StaffActionResult started = counter.console->print_office_form(OfficeForm::Receipt01);
  CHECK(started.pending);  // the screen is not held while the job prints
  CHECK(counter.console->message().vi == "Đang in Giấy tiếp nhận (Mẫu 01)…");
  counter.run_background_jobs();
  INFO(counter.console->message().vi);
  CHECK_FALSE(counter.console->message_is_error());
  CHECK_THAT(counter.console->message().vi,
             Catch::StartsWith("Giấy tiếp nhận (Mẫu 01): đã in xong trên máy in QuayHai"));
  CHECK_THAT(counter.console->message().en, Catch::StartsWith("Receipt form (Mẫu 01): printed on QuayHai"));
  const std::string audit = counter.audit_text();
  CHECK_THAT(audit, Catch::Contains("form_01 " + d.code + " started"));
  CHECK_THAT(audit, Catch::Contains("form_01 " + d.code + " ok paper=a5 print=completed job="));
  CHECK(audit.find(d.applicant.full_name) == std::string::npos);
}

TEST_CASE("a stopped office queue reaches staff as stopped, with the job waiting in it",
          "[documents][staff][cups][system]") {
  CupsdFixture& cups = CupsdFixture::instance();
  cups.add_pdf_queue("QuayBa");
  cups.disable("QuayBa");
  Counter counter("QuayBa");
  const Dossier& d = counter.seeded.monday[1];
  REQUIRE(counter.console->find(d.code));
  const StaffActionResult result = counter.console->print_office_form(OfficeForm::ControlSlip05);
  INFO(result.message.vi);
  CHECK_FALSE(result.ok);
  CHECK(counter.console->message_is_error());
  CHECK_THAT(result.message.vi, Catch::Contains("Phiếu kiểm soát (Mẫu 05): máy in QuayBa đang tạm dừng. Lệnh in số"));
  CHECK_THAT(result.message.vi, Catch::Contains("sẽ được in khi máy in được bật lại"));
  CHECK_THAT(result.message.en, Catch::Contains("the printer QuayBa is stopped"));
  CHECK_THAT(counter.audit_text(), Catch::Contains("form_05 " + d.code + " failed paper=a4 print=stopped job="));
  cups.cancel_all("QuayBa");
}

TEST_CASE("staff print the day's register from the summary screen", "[documents][staff][cups][system]") {
  CupsdFixture& cups = CupsdFixture::instance();
  cups.add_pdf_queue("SoNgay");
  Counter counter("SoNgay");
  const StaffActionResult result = counter.console->print_today_register();  // the clock says 2 March 2026
  INFO(result.message.vi);
  CHECK(result.ok);
  CHECK_THAT(result.message.vi, Catch::StartsWith("Sổ theo dõi hồ sơ (Mẫu 06): đã in xong trên máy in SoNgay"));
  CHECK_THAT(counter.audit_text(),
             Catch::Contains("form_06 2026-03-02..2026-03-02 ok dossiers=4 print=completed job="));
}
