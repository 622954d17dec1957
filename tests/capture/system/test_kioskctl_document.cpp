// kioskctl document scan / scanners: the real binary against SANE's test backend, its PDF read back by
// pdfinfo and pdfimages (poppler-utils).
#include <sys/wait.h>
#include <catch2/catch.hpp>

#include <cstdio>
#include <filesystem>
#include <random>
#include <string>

#include "mc/test/sane_test_backend.hpp"

namespace fs = std::filesystem;

namespace {

std::string run_command(const std::string& command, int& status) {
  std::string out;
  FILE* pipe = ::popen(command.c_str(), "r");
  REQUIRE(pipe);
  char buffer[4096];
  size_t n;
  while ((n = std::fread(buffer, 1, sizeof buffer, pipe)) > 0) out.append(buffer, n);
  const int rc = ::pclose(pipe);
  status = WIFEXITED(rc) ? WEXITSTATUS(rc) : -1;
  return out;
}

}  // namespace

TEST_CASE("kioskctl document scan: three grey A4 pages into one PDF, scanners lists the test devices",
          "[capture][kioskctl]") {
  mc::test::use_sane_test_backend();
  const fs::path dir = fs::temp_directory_path() / ("mc-document-scan-" + std::to_string(std::random_device{}()));
  fs::create_directories(dir);
  const std::string kioskctl = MC_KIOSKCTL_PATH;
  int status = -1;

  const std::string listed = run_command(kioskctl + " document scanners 2>&1", status);
  CHECK(status == 0);
  CHECK(listed.find("test:0") != std::string::npos);
  CHECK(listed.find("test:1") != std::string::npos);

  const fs::path pdf = dir / "scan.pdf";
  const std::string out = run_command(kioskctl + " document scan --device test:0 --pages 3 --dpi 100 --out " +
                                          pdf.string() + " --option test-picture=Grid 2>&1",
                                      status);
  INFO(out);
  REQUIRE(status == 0);
  const std::string info = run_command("pdfinfo " + pdf.string() + " 2>&1", status);
  INFO(info);
  CHECK(status == 0);
  const size_t pages_line = info.find("\nPages:");
  REQUIRE(pages_line != std::string::npos);
  CHECK(std::stoi(info.substr(pages_line + 7)) == 3);
  const std::string images = run_command("pdfimages -list " + pdf.string() + " 2>&1", status);
  INFO(images);
  int jpeg_rows = 0;
  for (size_t at = images.find(" jpeg "); at != std::string::npos; at = images.find(" jpeg ", at + 1)) ++jpeg_rows;
  CHECK(jpeg_rows == 3);

  // A scanner that is not there: a clear message, exit 1, no file.
  const fs::path none = dir / "none.pdf";
  const std::string missing =
      run_command(kioskctl + " document scan --device test:9 --out " + none.string() + " 2>&1", status);
  CHECK(status == 1);
  CHECK(missing.find("missing") != std::string::npos);
  CHECK_FALSE(fs::exists(none));
  // Bad arguments: usage, exit 2.
  run_command(kioskctl + " document scan --device test:0 2>&1", status);
  CHECK(status == 2);

  std::error_code ec;
  fs::remove_all(dir, ec);
}
