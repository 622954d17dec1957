// Staff mode's electronic documents (issue 14, point 5) on the kiosk's own services without a window: a dossier
// whose document was sealed at intake, on a kiosk without a document scanner (as `kioskctl submit --attach`
// leaves it), is found, its documents listed with pages and upload state, its pages drawn from the sealed PDF,
// and the document exported to the configured folder, the PDF byte for byte, audited by codes only.
#include <catch2/catch.hpp>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <random>
#include <thread>

#include "document_pages.hpp"
#include "mc/capture/document_pdf.hpp"
#include "mc/capture/jpeg.hpp"
#include "mc/core/staff.hpp"
#include "mc/core/staff_console.hpp"
#include "mc/sync/attachment_store.hpp"
#include "mc/sync/outbox.hpp"
#include "mc/sync/record.hpp"
#include "sample_forms.hpp"
#include "services.hpp"
#include "staff_hooks.hpp"

namespace fs = std::filesystem;

namespace {

struct TempDir {
  fs::path path;
  TempDir() {
    std::random_device random;
    path = fs::temp_directory_path() / ("mc-staff-docs-" + std::to_string(random()) + std::to_string(random()));
    fs::create_directories(path);
  }
  ~TempDir() {
    std::error_code ec;
    fs::remove_all(path, ec);
  }
};

// A grey page of `width` x `height` at 100 dpi, white with a black band across its top quarter.
mc::CapturedPage band_page(int width, int height) {
  mc::capture::Raster raster;
  raster.width = width;
  raster.height = height;
  raster.dpi = 100;
  raster.pixels.assign(size_t(width) * height, 255);
  std::fill(raster.pixels.begin(), raster.pixels.begin() + size_t(width) * (height / 4), 0);
  mc::CapturedPage page;
  page.jpeg = mc::capture::encode_jpeg(raster, 70);
  page.width = width;
  page.height = height;
  page.dpi = 100;
  return page;
}

std::vector<uint8_t> file_bytes(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

}  // namespace

TEST_CASE("staff mode lists a dossier's electronic documents, shows their pages and exports one, audited",
          "[app][staff][attachments]") {
  TempDir dir;
  mc::Config config = mc::documents::testing::sample_forms_config(MC_TEST_ASSETS_DIR);
  config.data_dir = (dir.path / "data").string();
  const fs::path usb = dir.path / "usb";
  config.scanner.document_export_dir = usb.string();
  static const std::string pin_hash = mc::hash_staff_pin("246813");
  config.kiosk.staff_pin_hash = pin_hash;
  REQUIRE(config.scanner.document_device.empty());
  mc::app::Services services(config, [] {});
  // No document scanner, and still the sealed documents: kioskctl's attachments are the kiosk's to show,
  // upload and purge.
  REQUIRE(services.outbox());
  REQUIRE(services.attachments());
  REQUIRE(services.document_pages());

  mc::Dossier dossier = mc::documents::testing::sample_form_dossier();
  for (auto& document : dossier.documents_received)
    if (document.code == "TP2") {
      document.medium = mc::DocumentMedium::Electronic;
      document.pages = 2;
    }
  services.outbox()->enqueue(dossier, mc::sync::build_record_text(dossier, config), dossier.received_at.to_unix());
  const mc::CapturedPage first = band_page(400, 560), second = band_page(400, 560);
  mc::capture::PdfMetadata metadata;
  metadata.title = "Giấy khám sức khỏe của người lái xe";
  metadata.subject = dossier.code;
  const std::vector<uint8_t> pdf = mc::capture::build_document_pdf({&first, &second}, metadata);
  services.attachments()->seal(dossier.code, "TP2", pdf);
  // TP4 (the photo) is electronic too and was uploaded; TP2 not yet.
  services.outbox()->note_attachment_uploaded(dossier.code, "TP4", std::string(64, 'a'), "file-4", "/files/4",
                                              dossier.received_at.to_unix());

  mc::StaffConsoleHooks hooks = mc::app::make_staff_hooks(services.outbox(), nullptr, nullptr);
  mc::app::add_document_hooks(hooks, services.attachments(), config.scanner.document_export_dir);
  mc::StaffConsole console(*services.local_state(), config, mc::system_clock(), hooks);
  console.open_pin_pad();
  for (char digit : std::string("246813")) console.press_digit(digit);
  console.submit_pin();
  REQUIRE(console.is_authenticated());

  REQUIRE(console.find(dossier.code));
  const auto& documents = console.current()->documents;
  REQUIRE(documents.size() == 2);
  CHECK(documents[0].code == "TP2");
  CHECK(documents[0].name.vi == "Giấy khám sức khỏe của người lái xe");
  CHECK(documents[0].pages == 2);
  CHECK_FALSE(documents[0].uploaded);
  CHECK(documents[1].code == "TP4");
  CHECK(documents[1].uploaded);
  console.show(mc::StaffScreen::Documents);
  CHECK(console.screen() == mc::StaffScreen::Documents);
  console.open_document("TP9");  // not the dossier's: nothing opens
  CHECK(console.document_code().empty());
  console.open_document("TP2");
  CHECK(console.document_code() == "TP2");

  // The pages, drawn from the sealed PDF in memory: two, at the viewer's 110 dpi, the band black on top.
  mc::app::DocumentPages& pages = *services.document_pages();
  pages.load(dossier.code, "TP2");
  const auto give_up = std::chrono::steady_clock::now() + std::chrono::seconds(30);
  while (pages.view().phase == mc::app::DocumentPages::Phase::Loading && std::chrono::steady_clock::now() < give_up)
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  auto view = pages.view();
  REQUIRE(view.phase == mc::app::DocumentPages::Phase::Ready);
  CHECK(view.page_count == 2);
  REQUIRE(view.pages.size() == 2);
  for (const auto& page : view.pages) {
    // 4 inches at 110 dpi would be 440 pixels: drawn again about 1000 wide, in proportion.
    CHECK(std::abs(page->preview_width - 1000) <= 2);
    CHECK(std::abs(page->preview_height - 1400) <= 3);
    const size_t w = size_t(page->preview_width);
    REQUIRE(page->preview_rgb.size() == w * size_t(page->preview_height) * 3);
    CHECK(page->preview_rgb[(w * 20 + 200) * 3] < 40);    // in the band
    CHECK(page->preview_rgb[(w * 500 + 200) * 3] > 215);  // the paper
  }
  CHECK(view.dossier_code == dossier.code);
  pages.clear();  // staff mode closed: the pictures go, scrubbed
  CHECK(pages.view().pages.empty());
  CHECK(view.pages[0]->preview_rgb.empty());  // even a copy of the view held by a frame
  CHECK(fs::is_empty(dir.path / "data" / "attachments" / dossier.code) == false);
  for (const auto& item : fs::recursive_directory_iterator(dir.path))  // nothing decrypted was written
    CHECK(item.path().extension() != ".pdf");

  // Export: refused while the USB stick is not there, then the PDF byte for byte, named by codes.
  mc::StaffActionResult missing = console.export_document();
  CHECK_FALSE(missing.ok);
  CHECK(console.message().en.find("plug in the USB stick") != std::string::npos);
  fs::create_directories(usb);
  mc::StaffActionResult exported = console.export_document();
  CHECK(exported.ok);
  const fs::path file = usb / (dossier.code + "_TP2.pdf");
  REQUIRE(fs::exists(file));
  CHECK(file_bytes(file) == pdf);
  CHECK(mc::sync::AttachmentStore::sha256_hex(file_bytes(file)) == mc::sync::AttachmentStore::sha256_hex(pdf));
  std::string error;
  const auto info = mc::capture::inspect_pdf(file_bytes(file), error);
  REQUIRE(info);
  CHECK(info->pages == 2);
  CHECK(console.message().en.find(dossier.code + "_TP2.pdf") != std::string::npos);

  // The audit: who looked and what went where, by codes; nothing of the applicant.
  std::vector<std::string> lines;
  for (const auto& entry : console.audit().recent(20)) lines.push_back(entry.action + " " + entry.detail);
  auto has = [&](const std::string& line) { return std::find(lines.begin(), lines.end(), line) != lines.end(); };
  CHECK(has("view_document " + dossier.code + " TP2"));
  CHECK(has("export_document " + dossier.code + " TP2 failed"));
  CHECK(has("export_document " + dossier.code + " TP2 ok bytes=" + std::to_string(pdf.size())));
  for (const auto& line : lines) {
    CHECK(line.find(dossier.applicant.full_name) == std::string::npos);
    CHECK(line.find(dossier.applicant.id_number) == std::string::npos);
  }
}

TEST_CASE("staff's export without a configured folder says so and writes nothing", "[app][staff][attachments]") {
  TempDir dir;
  mc::Config config = mc::documents::testing::sample_forms_config(MC_TEST_ASSETS_DIR);
  config.data_dir = (dir.path / "data").string();
  mc::app::Services services(config, [] {});
  REQUIRE(services.attachments());
  mc::StaffConsoleHooks hooks;
  mc::app::add_document_hooks(hooks, services.attachments(), "");
  REQUIRE(hooks.export_document);
  const mc::StaffActionResult result = hooks.export_document("000.00.15.G12-260302-1007", "TP2");
  CHECK_FALSE(result.ok);
  CHECK(result.message.en.find("scanner.document_export_dir") != std::string::npos);
}
