// Staff actions on the real queue (SQLite), the virtual printer (PNG + ESC/POS files) and the real
// decoder: what a counter officer does with a dossier that already reached the one-stop system.
#include <catch2/catch.hpp>

#include <algorithm>
#include <deque>
#include <filesystem>
#include <fstream>
#include <random>
#include <set>

#include "mc/core/calendar.hpp"
#include "mc/core/ratings.hpp"
#include "mc/core/staff_console.hpp"
#include "mc/printing/printer.hpp"
#include "mc/scanner/decode.hpp"
#include "mc/sync/intake.hpp"
#include "mc/sync/outbox.hpp"
#include "staff_hooks.hpp"

namespace fs = std::filesystem;

namespace {

const char* kPin = "246813";
const std::string kName = "Nguyễn Văn A";
const std::string kId = "001099012345";
constexpr int64_t kMonday0900 = 1772416800;  // 2026-03-02 09:00 +07:00

struct TempDir {
  fs::path path;
  TempDir() {
    std::random_device random;
    path = fs::temp_directory_path() / ("mc-app-test-" + std::to_string(random()) + std::to_string(random()));
    fs::create_directories(path);
  }
  ~TempDir() {
    std::error_code ec;
    fs::remove_all(path, ec);
  }
};

mc::Procedure licence_procedure(const std::string& code, const std::string& name) {
  mc::Procedure procedure;
  procedure.code = code;
  procedure.name = {name, name};
  procedure.field_code = "DB";
  procedure.field_name = {"Đường bộ", "Roads"};
  procedure.agency_code = "000.00.15.G12";
  procedure.agency_name = {"Cục Đường bộ Việt Nam", "Vietnam Road Administration"};
  procedure.processing_days = 5;
  procedure.channels = {mc::Channel::InPerson};
  procedure.result = {"Giấy phép lái xe", "Driving licence"};
  mc::FieldGroup group;
  group.id = "licence";
  group.title = {"Giấy phép", "Licence"};
  mc::FieldSpec number;
  number.id = "licence_number";
  number.type = mc::FieldType::Text;
  number.label = {"Số giấy phép lái xe", "Licence number"};
  number.required = true;
  group.fields.push_back(number);
  procedure.form.groups.push_back(group);
  return procedure;
}

std::set<fs::path> printed_pngs(const fs::path& dir) {
  std::set<fs::path> out;
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(dir, ec))
    if (entry.path().extension() == ".png") out.insert(entry.path());
  return out;
}

// What a phone or the kiosk's scanner reads from a printed receipt.
std::vector<std::string> qr_texts(const fs::path& png) {
  std::string error;
  auto image = mc::scanner::load_image(png.string(), error);
  INFO(error);
  REQUIRE(image);
  std::vector<std::string> out;
  for (const auto& code : mc::scanner::decode_thorough(*image))
    if (code.format == "QRCode") out.push_back(code.text);
  return out;
}

// A kiosk's real queue, printer and kiosk.db in a temporary folder.
struct Kiosk {
  TempDir dir;
  mc::Config config;
  mc::Catalog catalog;
  std::unique_ptr<mc::WorkingCalendar> calendar;
  std::unique_ptr<mc::sync::Outbox> outbox;
  std::unique_ptr<mc::printing::ReceiptPrinter> printer;
  std::mutex printer_mutex;
  std::unique_ptr<mc::Database> kiosk_db;
  int64_t now = kMonday0900;

  Kiosk() {
    config.data_dir = dir.path.string();
    config.assets_dir = MC_TEST_ASSETS_DIR;
    config.kiosk.staff_pin_hash = pin_hash();
    catalog.add(licence_procedure("1.002820", "Cấp lại giấy phép lái xe"));
    catalog.add(licence_procedure("1.002835", "Đổi giấy phép lái xe"));
    calendar = std::make_unique<mc::WorkingCalendar>(
        mc::HolidayTable::load(std::string(MC_TEST_ASSETS_DIR) + "/calendar/holidays.json"));
    outbox = mc::sync::Outbox::open(config);
    printer = std::make_unique<mc::printing::ReceiptPrinter>(config);
    kiosk_db = std::make_unique<mc::Database>((dir.path / "kiosk.db").string());
  }
  static const std::string& pin_hash() {
    static const std::string hash = mc::hash_staff_pin(kPin);  // Argon2id is slow on purpose: hash once
    return hash;
  }
  std::string submit(const std::string& procedure_code, int64_t at) {
    mc::sync::Intake intake(*outbox, catalog, *calendar, config, [at] { return at; });
    mc::sync::SubmitRequest request;
    request.procedure_code = procedure_code;
    request.applicant.id_number = kId;
    request.applicant.full_name = kName;
    request.applicant.date_of_birth = mc::Date{1999, 3, 15};
    request.applicant.sex = mc::Sex::Male;
    request.applicant.address = "Số 1 Đường ABC, Phường X, TP Z";
    request.phone = "0912345678";
    request.answers = {{"licence_number", "AB123456"}};
    auto result = intake.submit(request);
    REQUIRE(result.accepted);
    return result.dossier.code;
  }
  // What the sync engine does when the one-stop system acknowledges the dossier.
  void sync(const std::string& code, int64_t at) {
    REQUIRE_FALSE(outbox->claim_batch(10, at).empty());
    outbox->mark_synced(code, at, "Tiếp nhận thành công");
    REQUIRE(outbox->find(code)->state == mc::sync::OutboxState::Synced);
  }
  mc::StaffConsoleHooks hooks() {
    return mc::app::make_staff_hooks(outbox.get(), nullptr, printer.get(), &printer_mutex);
  }
  fs::path printer_dir() const { return dir.path / "printer"; }
};

// A kiosk with one dossier accepted at 09:00 and synced at 09:05.
struct SyncedKiosk : Kiosk {
  std::string code;
  SyncedKiosk() {
    code = submit("1.002820", now);
    sync(code, now + 300);
  }
};

void sign_in(mc::StaffConsole& console) {
  console.open_pin_pad();
  for (char digit : std::string(kPin)) console.press_digit(digit);
  console.submit_pin();
  REQUIRE(console.is_authenticated());
}

}  // namespace

TEST_CASE("staff find a synced dossier by its receipt QR and reprint the citizen's copy", "[staff][app]") {
  SyncedKiosk kiosk;
  // The citizen's receipt, printed at submission.
  const auto entry = kiosk.outbox->find(kiosk.code);
  REQUIRE(entry);
  REQUIRE(kiosk.printer->print_receipt(entry->dossier).printed);
  const auto citizen_copies = printed_pngs(kiosk.printer_dir());
  REQUIRE(citizen_copies.size() == 1);
  const auto scanned = qr_texts(*citizen_copies.begin());
  REQUIRE_FALSE(scanned.empty());

  mc::StaffConsole console(
      *kiosk.kiosk_db, kiosk.config, [&kiosk] { return kiosk.now + 3600; }, kiosk.hooks());
  sign_in(console);
  REQUIRE(console.find(scanned.front()));
  REQUIRE(console.current());
  CHECK(console.current()->code == kiosk.code);
  CHECK(console.current()->queue_state == "synced");
  CHECK(console.current()->history.size() >= 2);  // accepted, synced

  auto result = console.reprint(mc::printing::kCopyForFiler);
  CHECK(result.ok);
  CHECK_FALSE(result.pending);
  const auto after = printed_pngs(kiosk.printer_dir());
  REQUIRE(after.size() == 2);
  fs::path reprint;
  for (const auto& p : after)
    if (!citizen_copies.count(p)) reprint = p;
  // The reprint carries the same dossier code in its QR as the original.
  bool code_in_qr = false;
  for (const auto& text : qr_texts(reprint)) code_in_qr = code_in_qr || text.find(kiosk.code) != std::string::npos;
  CHECK(code_in_qr);

  // Audited with the code, never with who the citizen is.
  bool audited = false;
  for (const auto& entry : console.audit().recent(20)) {
    if (entry.action == "reprint" && entry.detail.find(kiosk.code) != std::string::npos &&
        entry.detail.find("ok") != std::string::npos)
      audited = true;
    CHECK(entry.detail.find(kId) == std::string::npos);
    CHECK(entry.detail.find("Nguyễn") == std::string::npos);
  }
  CHECK(audited);
}

TEST_CASE("a reprint runs in the background and its outcome reaches the screen and the audit", "[staff][app]") {
  SyncedKiosk kiosk;
  std::deque<mc::app::BackgroundJob> jobs;
  mc::StaffConsole* console_ref = nullptr;
  auto hooks = mc::app::run_printer_hooks_in_background(
      kiosk.hooks(), [&jobs](mc::app::BackgroundJob job) { jobs.push_back(std::move(job)); },
      [&console_ref](std::string_view action, const std::string& code, const mc::StaffActionResult& outcome) {
        console_ref->complete(action, code, outcome);
      });
  mc::StaffConsole console(
      *kiosk.kiosk_db, kiosk.config, [&kiosk] { return kiosk.now; }, hooks);
  console_ref = &console;
  sign_in(console);
  REQUIRE(console.find(kiosk.code));

  auto started = console.reprint(mc::printing::kBothCopies);
  CHECK(started.pending);
  CHECK(printed_pngs(kiosk.printer_dir()).empty());  // nothing printed on the UI thread
  CHECK(console.message().en.find("Reprinting") != std::string::npos);
  // Asking the printer's state does not block either: a placeholder until the worker has asked.
  CHECK(console.printer_state().en == "Checking the printer…");
  REQUIRE(jobs.size() == 2);

  while (!jobs.empty()) {  // the worker thread, then the UI thread's continuation
    auto continuation = jobs.front()();
    jobs.pop_front();
    if (continuation) continuation();
  }
  CHECK(printed_pngs(kiosk.printer_dir()).size() == 1);
  CHECK_FALSE(console.message_is_error());
  CHECK(console.printer_state().en != "Checking the printer…");
  std::vector<std::string> details;
  for (const auto& entry : console.audit().recent(20))
    if (entry.action == "reprint") details.push_back(entry.detail);
  CHECK(std::find(details.begin(), details.end(), kiosk.code + " copies=both started") != details.end());
  CHECK(std::find(details.begin(), details.end(), kiosk.code + " ok") != details.end());
}

TEST_CASE("today's summary counts the queue's dossiers of the day by procedure and status, and the ratings",
          "[staff][app]") {
  Kiosk kiosk;
  const int64_t sunday = kMonday0900 - 24 * 3600;
  kiosk.submit("1.002820", sunday);  // the day before: not in Monday's summary
  const std::string first = kiosk.submit("1.002820", kMonday0900);
  const std::string second = kiosk.submit("1.002820", kMonday0900 + 600);
  const std::string other = kiosk.submit("1.002835", kMonday0900 + 3600);
  kiosk.sync(first, kMonday0900 + 900);  // also claims the others; they go back to the queue below
  for (const auto& code : {second, other}) kiosk.outbox->mark_queued(code, "test: not yet");
  REQUIRE(kiosk.outbox->update_status(first, mc::DossierStatus::InProgress, "Đang xử lý", kMonday0900 + 1800));
  mc::RatingStore ratings(*kiosk.kiosk_db, [] { return kMonday0900 + 1000; });
  ratings.record(first, "1.002820", 3);
  ratings.record(other, "1.002835", 2);

  mc::StaffConsole console(
      *kiosk.kiosk_db, kiosk.config, [] { return kMonday0900 + 7200; }, kiosk.hooks());
  sign_in(console);
  const mc::StaffSummary summary = console.today_summary();
  CHECK(summary.day == mc::Date{2026, 3, 2});
  CHECK(summary.total_dossiers == 3);
  CHECK(summary.by_status.at(int(mc::DossierStatus::InProgress)) == 1);
  CHECK(summary.by_status.at(int(mc::DossierStatus::NewlyRegistered)) == 2);
  REQUIRE(summary.procedures.size() == 2);
  CHECK(summary.procedures[0].procedure_code == "1.002820");
  CHECK(summary.procedures[0].total == 2);
  CHECK(summary.procedures[0].ratings.very_satisfied == 1);
  CHECK(summary.procedures[1].procedure_code == "1.002835");
  CHECK(summary.procedures[1].total == 1);
  CHECK(summary.procedures[1].ratings.satisfied == 1);
  CHECK(summary.ratings.total() == 2);

  // The CSV that staff export says the same.
  const std::string path = console.export_today_csv();
  REQUIRE_FALSE(path.empty());
  std::ifstream in(path);
  const std::string csv((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  CHECK(csv.find("all_dossiers_total,2026-03-02,,,,,3") != std::string::npos);
  CHECK(csv.find(kName) == std::string::npos);
  CHECK(csv.find(kId) == std::string::npos);
}

TEST_CASE("after the retention purge staff still find the dossier and count it, but cannot reprint it",
          "[staff][app]") {
  SyncedKiosk kiosk;
  const int64_t returned_at = kMonday0900 + 3 * 24 * 3600;
  REQUIRE(kiosk.outbox->update_status(kiosk.code, mc::DossierStatus::ResultReturned, "Đã trả kết quả", returned_at));
  const int64_t later = returned_at + 91 * 24 * 3600;
  REQUIRE(kiosk.outbox->purge_personal_data(later, 90).purged == 1);

  mc::StaffConsole console(*kiosk.kiosk_db, kiosk.config, [later] { return later; }, kiosk.hooks());
  sign_in(console);
  REQUIRE(console.find(kiosk.code));
  const auto& view = *console.current();
  CHECK(view.status == mc::DossierStatus::ResultReturned);
  REQUIRE(view.answers.size() == 1);
  CHECK(view.answers.front().second.find("purged") != std::string::npos);
  for (const auto& [label, value] : view.answers) CHECK(value.find(kId) == std::string::npos);

  const auto result = console.reprint(mc::printing::kBothCopies);
  CHECK_FALSE(result.ok);
  CHECK(result.message.en.find("cannot be reprinted") != std::string::npos);
  CHECK(printed_pngs(kiosk.printer_dir()).empty());

  // The day's figures keep the dossier.
  CHECK(console.summary_for(mc::Date{2026, 3, 2}).total_dossiers == 1);
}

TEST_CASE("a damaged queue row shows on the staff queue screen with its reason, and cannot be reprinted",
          "[staff][app][poison]") {
  Kiosk kiosk;
  const std::string damaged = kiosk.submit("1.002820", kMonday0900);
  const std::string good = kiosk.submit("1.002835", kMonday0900 + 60);
  {
    auto guard = kiosk.outbox->lock();
    kiosk.outbox->database().prepare("UPDATE outbox SET sealed = zeroblob(64) WHERE code = ?").bind(1, damaged).step();
  }
  // The sync engine's next claim quarantines it and goes on.
  const auto batch = kiosk.outbox->claim_batch(10, kMonday0900 + 120);
  REQUIRE(batch.size() == 1);
  CHECK(batch[0].code == good);

  mc::StaffConsole console(
      *kiosk.kiosk_db, kiosk.config, [&kiosk] { return kiosk.now + 3600; }, kiosk.hooks());
  sign_in(console);
  console.show(mc::StaffScreen::Queue);  // used to throw from the UI thread
  const auto& overview = console.queue();
  CHECK(overview.quarantined == 1);
  REQUIRE_FALSE(overview.rows.empty());
  CHECK(overview.rows.front().code == damaged);
  CHECK(overview.rows.front().reason.find("cannot be decrypted") != std::string::npos);
  CHECK_FALSE(console.message_is_error());

  REQUIRE(console.find(damaged));
  CHECK(console.current()->queue_state == "quarantined");
  CHECK(console.current()->answers.empty());
  const auto reprint = console.reprint(3);
  CHECK_FALSE(reprint.ok);
  CHECK(reprint.message.en.find("cannot be read") != std::string::npos);
  CHECK_FALSE(console.retry(damaged).ok);
}
