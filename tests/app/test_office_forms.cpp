// The office forms from staff mode without an office printer: the PDF is kept under <data_dir>/forms and
// staff are told where; a dossier that is not in the queue, a purged one, the register of a day.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <random>

#include "mc/core/staff_console.hpp"
#include "office_forms.hpp"
#include "queue_seed.hpp"

namespace fs = std::filesystem;
using namespace mc;
using namespace mc::documents::testing;

namespace {

struct NoOfficePrinter {
  fs::path dir;
  SeededQueue seeded;
  std::unique_ptr<sync::Outbox> outbox;
  std::unique_ptr<app::OfficeForms> forms;

  NoOfficePrinter() {
    std::random_device random;
    dir = fs::temp_directory_path() / ("mc-app-forms-" + std::to_string(random()) + std::to_string(random()));
    fs::create_directories(dir);
    seeded = seed_queue(dir.string(), "");
    outbox = sync::Outbox::open(seeded.config);
    forms = std::make_unique<app::OfficeForms>(seeded.config, outbox.get(),
                                               fixed_clock(LocalDateTime{Date{2026, 3, 2}, 17, 0, 0}.to_unix()));
  }
  ~NoOfficePrinter() {
    std::error_code error;
    fs::remove_all(dir, error);
  }
  std::string forms_dir() const { return seeded.config.data_dir + "/forms"; }
};

bool is_pdf(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::string head(5, '\0');
  in.read(head.data(), 5);
  return head == "%PDF-";
}

}  // namespace

TEST_CASE("without an office printer the form is saved as PDF and staff are told where", "[app][forms]") {
  NoOfficePrinter kiosk;
  REQUIRE(kiosk.forms->ready());
  const std::string code = kiosk.seeded.monday[0].code;
  const StaffActionResult result = kiosk.forms->print_dossier_form(code, OfficeForm::Receipt01);
  const std::string file = kiosk.forms_dir() + "/mau-01-" + code + ".pdf";
  INFO(result.message.vi);
  CHECK(result.ok);
  CHECK(result.message.vi ==
        "Giấy tiếp nhận (Mẫu 01): chưa cấu hình máy in văn phòng (printer.office_queue) nên đã "
        "lưu thành tệp " +
            file + ".");
  CHECK_THAT(result.message.en, Catch::Contains("saved as " + file));
  CHECK(result.audit_detail == "paper=a5 saved");
  CHECK(is_pdf(file));

  const StaffActionResult slip = kiosk.forms->print_dossier_form(code, OfficeForm::ControlSlip05);
  CHECK(slip.ok);
  CHECK(is_pdf(kiosk.forms_dir() + "/mau-05-" + code + ".pdf"));

  const StaffActionResult book = kiosk.forms->print_register(Date{2026, 3, 2}, Date{2026, 3, 3});
  CHECK(book.ok);
  CHECK(book.audit_detail == "dossiers=5 saved");
  CHECK(is_pdf(kiosk.forms_dir() + "/mau-06-2026-03-02-2026-03-03.pdf"));
}

TEST_CASE("a dossier not in the queue, and a purged one, are said so", "[app][forms]") {
  NoOfficePrinter kiosk;
  const StaffActionResult missing = kiosk.forms->print_dossier_form("000.00.15.G12-260302-9999", OfficeForm::Receipt01);
  CHECK_FALSE(missing.ok);
  CHECK(missing.message.vi == "Không tìm thấy hồ sơ 000.00.15.G12-260302-9999.");
  CHECK_FALSE(fs::exists(kiosk.forms_dir() + "/mau-01-000.00.15.G12-260302-9999.pdf"));

  const StaffActionResult purged = kiosk.forms->print_dossier_form(kiosk.seeded.purged.code, OfficeForm::Receipt01);
  CHECK(purged.ok);
  CHECK_THAT(purged.message.vi, Catch::EndsWith("Thông tin cá nhân của hồ sơ đã được xóa theo thời hạn lưu trữ: biểu "
                                                "mẫu ghi rõ phần đã xóa."));
  CHECK(purged.audit_detail == "paper=a5 purged saved");
}

TEST_CASE("the staff console audits form actions and says when they are not available", "[app][forms]") {
  NoOfficePrinter kiosk;
  kiosk.seeded.config.kiosk.staff_pin_hash = hash_staff_pin("246813");
  Database local(kiosk.seeded.config.path_in_data(kLocalStateDbName));
  StaffConsoleHooks hooks;
  hooks.find_dossier = [](const std::string& code) -> std::optional<StaffDossierView> {
    StaffDossierView view;
    view.code = code;
    return view;
  };
  StaffConsole without(local, kiosk.seeded.config, fixed_clock(LocalDateTime{Date{2026, 3, 2}, 17, 0, 0}.to_unix()),
                       hooks);
  // Not signed in: nothing is printed.
  CHECK_FALSE(without.print_today_register().ok);
  without.open_pin_pad();
  for (char digit : std::string("246813")) without.press_digit(digit);
  without.submit_pin();
  REQUIRE(without.is_authenticated());
  CHECK_FALSE(without.print_office_form(OfficeForm::Receipt01).ok);  // no dossier selected
  REQUIRE(without.find(kiosk.seeded.monday[0].code));
  CHECK_FALSE(without.print_office_form(OfficeForm::Receipt01).ok);  // no forms hook on this kiosk
  CHECK_FALSE(without.print_register(Date{2026, 3, 3}, Date{2026, 3, 2}).ok);
  std::string audit;
  for (const auto& entry : without.audit().recent(20)) audit += entry.action + " " + entry.detail + "\n";
  CHECK_THAT(audit, Catch::Contains("form_01 " + kiosk.seeded.monday[0].code + " unavailable"));
  CHECK_THAT(audit, Catch::Contains("form_06 2026-03-02..2026-03-03 unavailable"));  // the period put in order
}
