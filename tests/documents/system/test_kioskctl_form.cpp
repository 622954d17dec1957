// `kioskctl form` as an IT officer or a script runs it, on a real queue and through the private cupsd:
// the PDFs, the print job's fate, the audit rows (without personal data) and the answers to bad input.
#include <sys/wait.h>
#include <catch2/catch.hpp>

#include <cstdio>

#include "mc/core/log.hpp"
#include "mc/test/cupsd_fixture.hpp"
#include "pdf_tools.hpp"
#include "queue_seed.hpp"

using namespace mc;
using namespace mc::documents;
using namespace mc::documents::testing;
using mc::test::CupsdFixture;

namespace {

struct Run {
  int exit_code = -1;
  std::string out;  // stdout and stderr
};

Run kioskctl(const SeededQueue& seeded, const std::string& args, const std::string& env = "") {
  const std::string command =
      env + " '" + std::string(MC_KIOSKCTL) + "' --config '" + seeded.config_path + "' " + args + " 2>&1";
  Run run;
  FILE* pipe = ::popen(command.c_str(), "r");
  REQUIRE(pipe);
  char buffer[4096];
  size_t got;
  while ((got = std::fread(buffer, 1, sizeof buffer, pipe)) > 0) run.out.append(buffer, got);
  const int status = ::pclose(pipe);
  run.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return run;
}

// "job 12 on VanPhong" in kioskctl's "print: ..." line.
int job_id_in(const std::string& out) {
  const size_t at = out.find("(job ");
  return at == std::string::npos ? 0 : std::atoi(out.c_str() + at + 5);
}

}  // namespace

TEST_CASE("kioskctl form 01 writes a queued dossier's Mẫu 01 on A5 and prints it on the office printer",
          "[documents][kioskctl][cups][system]") {
  CupsdFixture& cups = CupsdFixture::instance();
  cups.add_pdf_queue("QuayMotCua");
  const std::string dir = temp_dir("ctl-01");
  const SeededQueue seeded = seed_queue(dir, "QuayMotCua");
  const Dossier& d = seeded.monday[1];

  const Run run = kioskctl(seeded, "form 01 " + d.code + " --pdf '" + dir + "/m01.pdf' --print");
  INFO(run.out);
  REQUIRE(run.exit_code == 0);
  CHECK_THAT(run.out, Catch::Contains("-> " + dir + "/m01.pdf (2 pages"));
  CHECK_THAT(run.out, Catch::Contains("print: completed (job "));
  const PdfInfo info = pdf_info(dir + "/m01.pdf");
  CHECK(info.pages == 2);
  CHECK(info.width == Approx(419.5).margin(0.05));
  const std::string text = collapse(pdf_text(dir + "/m01.pdf"));
  CHECK_THAT(text, Catch::Contains("Ông/Bà: " + d.applicant.full_name));
  CHECK_THAT(text, Catch::Contains("Mã hồ sơ: " + d.code));
  const auto printed = cups.wait_for_printed_file(job_id_in(run.out), std::chrono::seconds(30));
  REQUIRE(printed);
  CHECK(pdf_info(*printed).pages == 2);

  // One copy, on A4.
  const Run a4 = kioskctl(seeded, "form 01 " + d.code + " --pdf '" + dir + "/m01-a4.pdf' --paper a4 --copy 2");
  REQUIRE(a4.exit_code == 0);
  const PdfInfo a4_info = pdf_info(dir + "/m01-a4.pdf");
  CHECK(a4_info.pages == 1);
  CHECK(a4_info.width == Approx(595.3).margin(0.05));
  CHECK_THAT(collapse(pdf_text(dir + "/m01-a4.pdf")), Catch::Contains("Liên 2: Giao người nộp hồ sơ"));
}

TEST_CASE("kioskctl form 05 and form 06 for a day and for a period", "[documents][kioskctl][system]") {
  const std::string dir = temp_dir("ctl-0506");
  const SeededQueue seeded = seed_queue(dir, "");
  const Dossier& d = seeded.monday[0];
  const Run slip = kioskctl(seeded, "form 05 " + d.code + " --pdf '" + dir + "/m05.pdf'");
  INFO(slip.out);
  REQUIRE(slip.exit_code == 0);
  CHECK_THAT(collapse(pdf_text(dir + "/m05.pdf")), Catch::Contains("PHIẾU KIỂM SOÁT QUÁ TRÌNH GIẢI QUYẾT HỒ SƠ"));

  const Run day = kioskctl(seeded, "form 06 --from 2026-03-02 --to 2026-03-02 --pdf '" + dir + "/day.pdf'");
  INFO(day.out);
  REQUIRE(day.exit_code == 0);
  CHECK_THAT(day.out, Catch::Contains("4 dossier(s)"));
  const std::string monday = collapse(pdf_text(dir + "/day.pdf", 0, true));
  for (const Dossier& m : seeded.monday) CHECK_THAT(monday, Catch::Contains(m.code));
  CHECK_THAT(monday, Catch::Contains(seeded.purged.code));
  CHECK(monday.find(seeded.tuesday.code) == std::string::npos);
  CHECK_THAT(monday, Catch::Contains("Ngày 02/03/2026"));
  // In the order received: 09:05, 10:05, 11:05, then the purged one at 15:00.
  CHECK(monday.find(seeded.monday[0].code) < monday.find(seeded.monday[2].code));
  CHECK(monday.find(seeded.monday[2].code) < monday.find(seeded.purged.code));

  const Run period = kioskctl(seeded, "form 06 --from 2026-03-02 --to 2026-03-03 --pdf '" + dir + "/period.pdf'");
  REQUIRE(period.exit_code == 0);
  const std::string both = collapse(pdf_text(dir + "/period.pdf", 0, true));
  CHECK_THAT(both, Catch::Contains(seeded.tuesday.code));
  CHECK_THAT(both, Catch::Contains("Từ ngày 02/03/2026 đến ngày 03/03/2026"));
  CHECK_THAT(both, Catch::Contains("Tổng số: 5 hồ sơ"));
}

TEST_CASE("kioskctl form on a purged dossier says what was purged", "[documents][kioskctl][system]") {
  const std::string dir = temp_dir("ctl-purged");
  const SeededQueue seeded = seed_queue(dir, "");
  const Run run = kioskctl(seeded, "form 01 " + seeded.purged.code + " --pdf '" + dir + "/p.pdf' --copy 1");
  INFO(run.out);
  REQUIRE(run.exit_code == 0);
  const std::string text = collapse(pdf_text(dir + "/p.pdf"));
  CHECK_THAT(text, Catch::Contains("đã được xóa ngày 10/06/2026 theo thời hạn lưu trữ"));
  CHECK(text.find(seeded.purged.applicant.full_name) == std::string::npos);
  const Run register_run = kioskctl(seeded, "form 06 --from 2026-03-02 --pdf '" + dir + "/r.pdf'");
  REQUIRE(register_run.exit_code == 0);
  CHECK_THAT(collapse(pdf_text(dir + "/r.pdf")), Catch::Contains("Đã xóa thông tin cá nhân ngày 10/06/2026"));
}

TEST_CASE("kioskctl form audits the form and the dossier code, never the person", "[documents][kioskctl][system]") {
  const std::string dir = temp_dir("ctl-audit");
  const SeededQueue seeded = seed_queue(dir, "");
  const Dossier& d = seeded.monday[0];
  REQUIRE(kioskctl(seeded, "form 01 " + d.code + " --pdf '" + dir + "/a.pdf'").exit_code == 0);
  REQUIRE(kioskctl(seeded, "form 05 " + d.code + " --pdf '" + dir + "/b.pdf'").exit_code == 0);
  REQUIRE(kioskctl(seeded, "form 01 " + seeded.purged.code + " --pdf '" + dir + "/c.pdf'").exit_code == 0);
  REQUIRE(kioskctl(seeded, "form 06 --from 2026-03-02 --pdf '" + dir + "/d.pdf'").exit_code == 0);
  const Run audit = kioskctl(seeded, "audit list");
  INFO(audit.out);
  REQUIRE(audit.exit_code == 0);
  CHECK_THAT(audit.out, Catch::Contains("form_01") && Catch::Contains(d.code + " paper=a5 copies=both pdf"));
  CHECK_THAT(audit.out, Catch::Contains("form_05"));
  CHECK_THAT(audit.out, Catch::Contains(seeded.purged.code + " paper=a5 copies=both purged pdf"));
  CHECK_THAT(audit.out, Catch::Contains("form_06") && Catch::Contains("2026-03-02..2026-03-02 dossiers=4 pdf"));
  for (const std::string& personal : {d.applicant.full_name, d.applicant.id_number, d.phone, d.email,
                                      d.applicant.address, mask_name(d.applicant.full_name)}) {
    INFO(personal);
    CHECK(audit.out.find(personal) == std::string::npos);
  }
}

TEST_CASE("kioskctl form reports a stopped office queue and an unreachable print server",
          "[documents][kioskctl][cups][system]") {
  CupsdFixture& cups = CupsdFixture::instance();
  cups.add_pdf_queue("MayInDung");
  cups.disable("MayInDung");
  const std::string dir = temp_dir("ctl-stopped");
  const SeededQueue seeded = seed_queue(dir, "MayInDung");
  const Dossier& d = seeded.monday[2];
  const Run stopped = kioskctl(seeded, "form 01 " + d.code + " --print");
  INFO(stopped.out);
  CHECK(stopped.exit_code == 1);
  CHECK_THAT(stopped.out, Catch::Contains("print: stopped (job ") && Catch::Contains("on MayInDung"));
  CHECK_THAT(stopped.out, Catch::Contains("paused"));
  CHECK_THAT(kioskctl(seeded, "audit list").out, Catch::Contains(d.code + " paper=a5 copies=both print=stopped job="));
  cups.cancel_all("MayInDung");

  const Run unreachable = kioskctl(seeded, "form 01 " + d.code + " --print",
                                   "CUPS_SERVER=127.0.0.1:" + std::to_string(CupsdFixture::free_port()));
  INFO(unreachable.out);
  CHECK(unreachable.exit_code == 1);
  CHECK_THAT(unreachable.out, Catch::Contains("print: unreachable"));
}

TEST_CASE("kioskctl form answers bad input with the reason and the usage", "[documents][kioskctl][system]") {
  const std::string dir = temp_dir("ctl-bad");
  const SeededQueue seeded = seed_queue(dir, "");
  const std::string code = seeded.monday[0].code;
  struct Case {
    std::string args;
    int exit_code;
    std::string says;
  };
  for (const Case& c : std::vector<Case>{
           {"form 01 000.00.15.G12-260302-9999 --pdf '" + dir + "/x.pdf'", 1, "no dossier 000.00.15.G12-260302-9999"},
           {"form 01 " + code + " --pdf '" + dir + "/x.pdf' --paper a3", 2, "--paper must be a5 or a4"},
           {"form 01 " + code + " --pdf '" + dir + "/x.pdf' --copy 3", 2, "--copy must be 1 or 2"},
           {"form 01 " + code, 2, "--pdf FILE and/or --print"},
           {"form 05", 2, "give the dossier code"},
           {"form 06 --from 2026-13-01 --pdf '" + dir + "/x.pdf'", 2, "--from must be a date"},
           {"form 06 --from 2026-03-05 --to 2026-03-01 --pdf '" + dir + "/x.pdf'", 2, "--to is before --from"},
           {"form 01 " + code + " --pdf /nonexistent-dir/x.pdf", 1, "cannot write /nonexistent-dir/x.pdf"},
       }) {
    const Run run = kioskctl(seeded, c.args);
    INFO(c.args << "\n" << run.out);
    CHECK(run.exit_code == c.exit_code);
    CHECK_THAT(run.out, Catch::Contains(c.says));
  }
  CHECK_FALSE(std::filesystem::exists(dir + "/x.pdf"));
}
