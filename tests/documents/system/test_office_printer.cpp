// Printing the forms through a real print server: a private cupsd with a cups-pdf queue (STACK.md). The
// printed PDF is found by its job id; a stopped queue, a printer that does not answer, a missing queue
// and a queue that refuses jobs are each reported as such.
#include <catch2/catch.hpp>

#include <chrono>

#include "mc/documents/office_printer.hpp"
#include "mc/test/cupsd_fixture.hpp"
#include "pdf_tools.hpp"
#include "sample_forms.hpp"

using namespace mc;
using namespace mc::documents;
using namespace mc::documents::testing;
using mc::test::CupsdFixture;

namespace {

struct Printing {
  CupsdFixture& cups = CupsdFixture::instance();
  Config config = sample_forms_config(MC_TEST_ASSETS_DIR);
  printing::ReceiptWording wording = printing::ReceiptWording::load(MC_TEST_ASSETS_DIR, config.agency.code);
  FormContext context{config, wording};
  std::string dir = temp_dir("office");

  OfficeJob form01_job(Paper paper = Paper::A5) {
    Form01Options options;
    options.paper = paper;
    options.copies_mask = kCopyForFile;
    return {"Mau 01 " + sample_form_dossier().code, render_form01(sample_form(), context, options).bytes, paper, false};
  }
};

OfficePrinterOptions options_for(const std::string& queue, int follow_ms = 60000) {
  OfficePrinterOptions options;
  options.queue = queue;
  options.follow_timeout_ms = follow_ms;
  options.offline_after_ms = 1500;
  return options;
}

// Follows a job sent earlier until it is printed (cups-pdf runs ghostscript: a second or two).
OfficeJobOutcome wait_until_completed(OfficePrinter& printer, int job_id) {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  OfficeJobOutcome outcome = printer.check(job_id);
  while (outcome.state != OfficeJobState::Completed && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
    outcome = printer.check(job_id);
  }
  return outcome;
}

}  // namespace

TEST_CASE("Mẫu 01 printed through cupsd arrives as a PDF on A5 with its text", "[documents][cups][system]") {
  Printing p;
  p.cups.add_pdf_queue("VanPhong");
  OfficePrinter printer(options_for("VanPhong"));
  std::vector<OfficeJobState> seen;
  const OfficeJobOutcome outcome =
      printer.print(p.form01_job(), [&](const OfficeJobOutcome& o) { seen.push_back(o.state); });
  INFO(outcome.detail);
  REQUIRE(outcome.state == OfficeJobState::Completed);
  CHECK(outcome.job_id > 0);
  CHECK(outcome.queue == "VanPhong");
  CHECK(seen.back() == OfficeJobState::Completed);

  const auto printed = p.cups.wait_for_printed_file(outcome.job_id, std::chrono::seconds(30));
  REQUIRE(printed);
  const PdfInfo info = pdf_info(*printed);
  CHECK(info.pages == 1);
  CHECK(info.width == Approx(419.5).margin(2.0));  // the media asked for: A5
  CHECK(info.height == Approx(595.3).margin(2.0));
  // cups-pdf prints through PostScript and ghostscript, which turn the text into outlines: the form is
  // recognised by its QR code, read back from the printed page.
  CHECK(qr_codes_on_page(*printed, 1, 150, p.dir) == std::vector<std::string>{sample_form_dossier().code});
}

TEST_CASE("a stopped queue is reported as stopped, and the job prints once it is started again",
          "[documents][cups][system]") {
  Printing p;
  p.cups.add_pdf_queue("DungIn");
  p.cups.disable("DungIn");
  OfficePrinter printer(options_for("DungIn"));
  const OfficeJobOutcome outcome = printer.print(p.form01_job());
  INFO(outcome.detail);
  CHECK(outcome.state == OfficeJobState::Stopped);
  REQUIRE(outcome.job_id > 0);
  CHECK(outcome.queued());
  CHECK_THAT(outcome.detail, Catch::Contains("paused"));
  CHECK_FALSE(p.cups.printed_file(outcome.job_id));

  p.cups.enable("DungIn");
  CHECK(wait_until_completed(printer, outcome.job_id).state == OfficeJobState::Completed);
  CHECK(p.cups.wait_for_printed_file(outcome.job_id, std::chrono::seconds(30)));
}

TEST_CASE("a printer that does not answer is reported offline, with the print server's words",
          "[documents][cups][system]") {
  Printing p;
  p.cups.add_unreachable_queue("TatMay", CupsdFixture::free_port());
  OfficePrinter printer(options_for("TatMay", 20000));
  const auto started = std::chrono::steady_clock::now();
  const OfficeJobOutcome outcome = printer.print(p.form01_job());
  INFO(outcome.detail);
  CHECK(outcome.state == OfficeJobState::Offline);
  CHECK(outcome.job_id > 0);
  CHECK_FALSE(outcome.detail.empty());
  CHECK(std::chrono::steady_clock::now() - started < std::chrono::seconds(15));  // said after offline_after_ms
  p.cups.cancel_all("TatMay");
}

TEST_CASE("a missing queue and a queue refusing jobs queue nothing and say why", "[documents][cups][system]") {
  Printing p;
  OfficePrinter missing(options_for("KhongCo"));
  const OfficeJobOutcome none = missing.print(p.form01_job());
  CHECK(none.state == OfficeJobState::Refused);
  CHECK(none.job_id == 0);
  CHECK_THAT(none.detail, Catch::Contains("KhongCo"));

  p.cups.add_pdf_queue("TuChoi");
  p.cups.reject("TuChoi");
  OfficePrinter refusing(options_for("TuChoi"));
  const OfficeJobOutcome refused = refusing.print(p.form01_job());
  CHECK(refused.state == OfficeJobState::Refused);
  CHECK(refused.job_id == 0);
  CHECK_FALSE(refused.queued());

  OfficePrinter unconfigured(options_for(""));
  CHECK(unconfigured.print(p.form01_job()).state == OfficeJobState::NotConfigured);
}

TEST_CASE("Mẫu 06 prints as landscape A4 pages", "[documents][cups][system]") {
  Printing p;
  p.cups.add_pdf_queue("SoTheoDoi");
  OfficePrinter printer(options_for("SoTheoDoi"));
  const auto dossiers = sample_register(40);
  const std::string pdf =
      render_form06(dossiers, Date{2026, 3, 2}, Date{2026, 3, 2}, p.context, LocalDateTime{Date{2026, 3, 2}, 17, 0, 0})
          .bytes;
  const OfficeJobOutcome outcome = printer.print({"Mau 06 2026-03-02", pdf, Paper::A4, true});
  INFO(outcome.detail);
  REQUIRE(outcome.state == OfficeJobState::Completed);
  const auto printed = p.cups.wait_for_printed_file(outcome.job_id, std::chrono::seconds(30));
  REQUIRE(printed);
  CHECK(pdf_info(*printed).pages == pdf_info(write_file(p.dir + "/m06.pdf", pdf)).pages);
}
