// Scanning through SANE's own `test` backend (a real SANE device, STACK.md), cross-checked with scanimage
// (SANE's own frontend), pdfinfo and pdfimages (poppler-utils, independent of the kiosk's PDF code).
#include <sys/wait.h>
#include <catch2/catch.hpp>

#include <atomic>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <random>
#include <sstream>
#include <thread>

#include "mc/capture/document_pdf.hpp"
#include "mc/capture/document_scanner.hpp"
#include "mc/capture/jpeg.hpp"
#include "mc/test/sane_test_backend.hpp"

using namespace mc;
using namespace mc::capture;
namespace fs = std::filesystem;

namespace {

struct TempDir {
  fs::path path;
  TempDir() {
    std::random_device random;
    path = fs::temp_directory_path() / ("mc-capture-test-" + std::to_string(random()));
    fs::create_directories(path);
  }
  ~TempDir() {
    std::error_code ec;
    fs::remove_all(path, ec);
  }
};

std::string run(const std::string& command, int* status = nullptr) {
  std::string out;
  FILE* pipe = ::popen(command.c_str(), "r");
  REQUIRE(pipe);
  char buffer[4096];
  size_t n;
  while ((n = std::fread(buffer, 1, sizeof buffer, pipe)) > 0) out.append(buffer, n);
  const int rc = ::pclose(pipe);
  if (status) *status = WIFEXITED(rc) ? WEXITSTATUS(rc) : -1;
  return out;
}

std::vector<uint8_t> read_file(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

// "Pages:           2" -> "2": pdfinfo pads its labels to a width that differs between poppler versions.
std::string pdfinfo_field(const std::string& info, const std::string& name) {
  std::istringstream lines(info);
  for (std::string line; std::getline(lines, line);)
    if (line.rfind(name + ":", 0) == 0) {
      const size_t start = line.find_first_not_of(' ', name.size() + 1);
      return start == std::string::npos ? "" : line.substr(start);
    }
  return "<no " + name + " line>";
}

// The images `pdfimages -list` finds, one "page:colour:components:encoding" a row ("1:rgb:3:jpeg").
std::vector<std::string> pdfimages_rows(const std::string& list) {
  std::vector<std::string> rows;
  std::istringstream lines(list);
  for (std::string line; std::getline(lines, line);) {
    std::istringstream fields(line);
    std::vector<std::string> f{std::istream_iterator<std::string>(fields), std::istream_iterator<std::string>()};
    if (f.size() >= 9 && std::isdigit(static_cast<unsigned char>(f[0][0])))
      rows.push_back(f[0] + ":" + f[5] + ":" + f[6] + ":" + f[8]);
  }
  return rows;
}

ScanSettings a4(std::vector<std::pair<std::string, std::string>> options = {}) {
  mc::test::use_sane_test_backend();
  ScanSettings settings;
  settings.device = "test:0";
  settings.dpi = 100;
  settings.page = *page_size_named("a4");
  // The test backend keeps its option values for the life of the process (its devices are made at sane_init):
  // every scanner of a test starts from the stock values, then sets its own.
  settings.options = {{"source", "Flatbed"},
                      {"read-return-value", "Default"},
                      {"read-delay", "no"},
                      {"read-limit", "no"},
                      {"test-picture", "Solid black"}};
  settings.options.insert(settings.options.end(), options.begin(), options.end());
  return settings;
}

CaptureFailure failure_of(DocumentScanner& scanner, bool colour = false) {
  try {
    scanner.scan_page(colour);
  } catch (const CaptureError& error) {
    return error.failure;
  }
  FAIL("the page was captured although it should have failed");
  return CaptureFailure::Failed;
}

}  // namespace

// Hidden from ctest ([.]): SANE's test backend ends its reader thread with pthread_cancel on sane_cancel, and a
// page that fails or is cancelled mid-read now and then deadlocks in glibc's malloc as that thread exits
// (seen twice in four whole-binary runs). Run them by hand: test_capture_system "[sane-cancel]".

TEST_CASE("an A4 page from the test backend: size, resolution, and the same pixels scanimage gets", "[capture][sane]") {
  TempDir dir;
  DocumentScanner scanner(a4({{"test-picture", "Grid"}}));
  std::vector<double> progress;
  Raster page = scanner.scan_page(false, [&](double share) { progress.push_back(share); });
  CHECK(page.channels == 1);
  CHECK(page.dpi == 100);
  CHECK(std::abs(page.width - 827) <= 1);  // 210 mm at 100 dpi
  CHECK(std::abs(page.height - 1169) <= 1);
  REQUIRE_FALSE(progress.empty());
  CHECK(std::is_sorted(progress.begin(), progress.end()));
  CHECK(progress.back() == 1.0);
  scanner.end_batch();

  // scanimage, SANE's own frontend, with the same options: the same raster byte for byte.
  const fs::path pnm = dir.path / "grid.pnm";
  int status = -1;
  run("scanimage -d test:0 --mode Gray --depth 8 --resolution 100 --test-picture Grid -l 0 -t 0 -x 210 -y 297"
      " --format=pnm -o " +
          pnm.string() + " 2>&1",
      &status);
  REQUIRE(status == 0);
  std::vector<uint8_t> file = read_file(pnm);
  // "P5\n# comments\nW H\n255\n": the pixels are the last width*height bytes.
  REQUIRE(file.size() >= page.pixels.size());
  std::vector<uint8_t> theirs(file.end() - static_cast<long>(page.pixels.size()), file.end());
  CHECK(theirs == page.pixels);
}

TEST_CASE("colour and grey per page, and the whole capture path to a readable PDF", "[capture][sane]") {
  TempDir dir;
  DocumentScanner scanner(a4({{"test-picture", "Color pattern"}}));
  CapturedPage colour = capture_page(scanner, true);
  CapturedPage grey = capture_page(scanner, false);
  CHECK(colour.colour);
  CHECK_FALSE(grey.colour);
  CHECK(jpeg_info(colour.jpeg)->components == 3);
  CHECK(jpeg_info(grey.jpeg)->components == 1);
  CHECK(colour.preview_width > 0);
  scanner.close();

  PdfMetadata metadata{"Đơn đề nghị đổi giấy phép lái xe", "000.00.15.G12-260302-1001", "TP1",
                       "2026-03-02T09:00:00+07:00"};
  auto pdf = build_document_pdf({&colour, &grey}, metadata);
  const fs::path file = dir.path / "TP1.pdf";
  std::ofstream(file, std::ios::binary).write(reinterpret_cast<const char*>(pdf.data()), long(pdf.size()));

  int status = -1;
  const std::string info = run("pdfinfo " + file.string() + " 2>&1", &status);
  INFO(info);
  REQUIRE(status == 0);
  CHECK(pdfinfo_field(info, "Pages") == "2");
  CHECK(pdfinfo_field(info, "Title") == "Đơn đề nghị đổi giấy phép lái xe");
  CHECK(pdfinfo_field(info, "Subject") == "000.00.15.G12-260302-1001");
  CHECK(pdfinfo_field(info, "Keywords") == "TP1");
  CHECK(pdfinfo_field(info, "Page size").rfind("594.72 x 841.68 pts", 0) == 0);  // A4 at 100 dpi (827 x 1169 px)

  const std::string list = run("pdfimages -list " + file.string() + " 2>&1", &status);
  INFO(list);
  REQUIRE(status == 0);
  // One image a page, as JPEG (DCT): the colour page in RGB, the grey one in grey.
  CHECK(pdfimages_rows(list) == std::vector<std::string>{"1:rgb:3:jpeg", "2:gray:1:jpeg"});
  // pdfimages -j gives back the very JPEG bytes the kiosk captured.
  run("pdfimages -j " + file.string() + " " + (dir.path / "img").string(), &status);
  REQUIRE(status == 0);
  CHECK(read_file(dir.path / "img-000.jpg") == colour.jpeg);
  CHECK(read_file(dir.path / "img-001.jpg") == grey.jpeg);
}

TEST_CASE("SANE's error statuses become failures the citizen is told about", "[.][capture][sane][sane-cancel]") {
  const std::vector<std::pair<std::string, CaptureFailure>> cases = {
      {"SANE_STATUS_JAMMED", CaptureFailure::Jammed},         {"SANE_STATUS_NO_DOCS", CaptureFailure::NoPaper},
      {"SANE_STATUS_COVER_OPEN", CaptureFailure::CoverOpen},  {"SANE_STATUS_DEVICE_BUSY", CaptureFailure::Busy},
      {"SANE_STATUS_IO_ERROR", CaptureFailure::Disconnected},
  };
  for (const auto& [status, expected] : cases) {
    DYNAMIC_SECTION(status) {
      DocumentScanner scanner(a4({{"read-return-value", status}}));
      CHECK(failure_of(scanner) == expected);
      // Every failure has its own words for the citizen, in both languages.
      const LocalizedText text = capture_failure_message(expected);
      CHECK(text.vi.rfind("capture.failure.", 0) != 0);
      CHECK_FALSE(text.en.empty());
      // A lasting failure closes the device, so the next page opens it afresh.
      CHECK(scanner.is_open() == !capture_failure_is_lasting(expected));
    }
  }
}

TEST_CASE("a missing scanner, then one that comes back after failing mid-page", "[.][capture][sane][sane-cancel]") {
  ScanSettings missing = a4();
  missing.device = "test:7";  // test.conf makes two devices
  DocumentScanner absent(missing);
  CHECK(failure_of(absent) == CaptureFailure::Missing);
  ScanSettings no_backend = a4();
  no_backend.device = "nosuchbackend:0";
  DocumentScanner nowhere(no_backend);
  CHECK(failure_of(nowhere) == CaptureFailure::Missing);
  ScanSettings unconfigured = a4();
  unconfigured.device.clear();
  DocumentScanner none(unconfigured);
  CHECK(failure_of(none) == CaptureFailure::Missing);

  // The page starts, then the device answers with an I/O error (what an unplugged USB scanner does).
  DocumentScanner failing(a4({{"read-return-value", "SANE_STATUS_IO_ERROR"}}));
  CHECK(failure_of(failing) == CaptureFailure::Disconnected);
  CHECK_FALSE(failing.is_open());
  // Plugged back in: the same kiosk process scans again.
  DocumentScanner back(a4());
  CHECK(back.scan_page(false).height > 1000);
}

TEST_CASE("a feeder batch: ten sheets, then no paper", "[capture][sane]") {
  DocumentScanner feeder(a4({{"source", "Automatic Document Feeder"}}));
  int pages = 0;
  CaptureFailure last = CaptureFailure::Failed;
  for (int i = 0; i < 12; ++i) {
    try {
      feeder.scan_page(false);
      ++pages;
    } catch (const CaptureError& error) {
      last = error.failure;
      break;
    }
  }
  CHECK(pages == 10);
  CHECK(last == CaptureFailure::NoPaper);
}

TEST_CASE("cancel stops a slow page from another thread", "[.][capture][sane][sane-cancel]") {
  DocumentScanner slow(a4(
      {{"read-delay", "yes"}, {"read-delay-duration", "100000"}, {"read-limit", "yes"}, {"read-limit-size", "20000"}}));
  std::atomic<double> seen{0};
  std::thread canceller([&] {
    while (seen.load() <= 0.0) std::this_thread::sleep_for(std::chrono::milliseconds(5));
    slow.cancel();
  });
  CaptureFailure failure = CaptureFailure::Failed;
  try {
    slow.scan_page(false, [&](double share) { seen = share > 0 ? share : 0.001; });
  } catch (const CaptureError& error) {
    failure = error.failure;
  }
  canceller.join();
  CHECK(failure == CaptureFailure::Cancelled);
  CHECK(seen.load() < 1.0);
}

TEST_CASE("settings the device does not have are reported by name", "[capture][sane]") {
  DocumentScanner scanner(a4({{"no-such-option", "1"}}));
  try {
    scanner.scan_page(false);
    FAIL("an unknown option was accepted");
  } catch (const CaptureError& error) {
    CHECK(error.failure == CaptureFailure::Failed);
    CHECK(std::string(error.what()).find("no-such-option") != std::string::npos);
  }
}
