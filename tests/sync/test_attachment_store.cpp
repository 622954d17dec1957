// The sealed store of the dossiers' electronic documents: real files in a temp dir, opened back and
// checked; damaged, truncated, moved and swapped files are told apart from good ones.
#include <sodium.h>
#include <sys/stat.h>
#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <random>

#include "mc/sync/attachment_store.hpp"

using mc::sync::AttachmentError;
using mc::sync::AttachmentStore;
namespace fs = std::filesystem;

namespace {

struct TempDir {
  fs::path path;
  TempDir() {
    std::random_device random;
    path = fs::temp_directory_path() / ("mc-attach-test-" + std::to_string(random()));
    fs::create_directories(path);
  }
  ~TempDir() {
    std::error_code ec;
    fs::remove_all(path, ec);
  }
};

std::vector<uint8_t> queue_key() {
  std::vector<uint8_t> key(32);
  randombytes_buf(key.data(), key.size());
  return key;
}

// A PDF-sized blob: "%PDF-" then bytes that do not repeat (so a plaintext search is meaningful).
std::vector<uint8_t> document(size_t size, uint32_t seed = 7) {
  std::vector<uint8_t> bytes(size);
  std::mt19937 random(seed);
  for (auto& b : bytes) b = static_cast<uint8_t>(random());
  std::copy_n("%PDF-1.5", 8, bytes.begin());
  return bytes;
}

std::vector<uint8_t> read_file(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

void write_file(const fs::path& path, const std::vector<uint8_t>& bytes) {
  std::ofstream(path, std::ios::binary | std::ios::trunc)
      .write(reinterpret_cast<const char*>(bytes.data()), static_cast<std::streamsize>(bytes.size()));
}

AttachmentError::Kind error_opening(const AttachmentStore& store, const std::string& dossier,
                                    const std::string& document_code, const std::string& sha = {}) {
  try {
    store.open(dossier, document_code, sha);
  } catch (const AttachmentError& error) {
    // The message names the file, never its content.
    CHECK(std::string(error.what()).find(document_code) != std::string::npos);
    return error.kind;
  }
  FAIL("a damaged document was opened");
  return AttachmentError::Kind::Io;
}

const std::string kDossier = "000.00.15.G12-260302-1001";

}  // namespace

TEST_CASE("a sealed document opens back byte for byte, at rest it is private and unreadable", "[attachments]") {
  TempDir dir;
  AttachmentStore store((dir.path / "attachments").string(), queue_key(), 0);
  // Several 64 KiB chunks and a partial last one; also a tiny document (one chunk).
  const auto big = document(300 * 1024 + 17);
  const auto small = document(9, 3);
  auto sealed = store.seal(kDossier, "TP2", big);
  store.seal(kDossier, "TP3", small);
  CHECK(sealed.file == kDossier + "/TP2.pdf.sealed");
  CHECK(sealed.bytes == static_cast<int64_t>(big.size()));
  CHECK(sealed.sha256 == AttachmentStore::sha256_hex(big));
  CHECK(sealed.sha256.size() == 64);

  CHECK(store.open(kDossier, "TP2", sealed.sha256) == big);
  CHECK(store.open(kDossier, "TP3") == small);

  const fs::path file = dir.path / "attachments" / sealed.file;
  REQUIRE(fs::exists(file));
  CHECK(static_cast<int64_t>(fs::file_size(file)) == sealed.sealed_bytes);
  struct stat info {};
  REQUIRE(::stat(file.c_str(), &info) == 0);
  CHECK((info.st_mode & 0777) == 0600);
  REQUIRE(::stat(file.parent_path().c_str(), &info) == 0);
  CHECK((info.st_mode & 0777) == 0700);
  // No plaintext at rest: neither the PDF header nor any 32-byte run of the document.
  const auto at_rest = read_file(file);
  const std::vector<uint8_t> header(big.begin(), big.begin() + 8), run(big.begin() + 100000, big.begin() + 100032);
  CHECK(std::search(at_rest.begin(), at_rest.end(), header.begin(), header.end()) == at_rest.end());
  CHECK(std::search(at_rest.begin(), at_rest.end(), run.begin(), run.end()) == at_rest.end());
  // Nothing but the sealed files (no temporary left behind).
  int entries = 0;
  for (const auto& entry : fs::recursive_directory_iterator(dir.path / "attachments"))
    if (entry.is_regular_file()) ++entries;
  CHECK(entries == 2);

  // Another kiosk's key (another queue) cannot open it.
  AttachmentStore stranger((dir.path / "attachments").string(), queue_key(), 0);
  CHECK(error_opening(stranger, kDossier, "TP2") == AttachmentError::Kind::Damaged);
}

TEST_CASE("damaged, truncated, moved or swapped documents are refused, never returned", "[attachments]") {
  TempDir dir;
  const fs::path folder = dir.path / "attachments";
  AttachmentStore store(folder.string(), queue_key(), 0);
  const auto pdf = document(150 * 1024);
  const auto sealed = store.seal(kDossier, "TP1", pdf);
  const fs::path file = folder / sealed.file;
  const auto good = read_file(file);
  REQUIRE(store.open(kDossier, "TP1", sealed.sha256) == pdf);

  SECTION("missing") {
    fs::remove(file);
    CHECK(error_opening(store, kDossier, "TP1") == AttachmentError::Kind::Damaged);
  }
  SECTION("one byte altered in the middle") {
    auto bad = good;
    bad[bad.size() / 2] ^= 0x01;
    write_file(file, bad);
    CHECK(error_opening(store, kDossier, "TP1") == AttachmentError::Kind::Damaged);
  }
  SECTION("truncated inside a chunk, at a chunk boundary, or to its header") {
    for (size_t keep : {good.size() - 1, good.size() / 2, size_t{8 + 24 + 4 + 65536 + 17}, size_t{20}, size_t{0}}) {
      INFO("kept " << keep << " of " << good.size() << " bytes");
      write_file(file, std::vector<uint8_t>(good.begin(), good.begin() + static_cast<long>(keep)));
      CHECK(error_opening(store, kDossier, "TP1") == AttachmentError::Kind::Damaged);
    }
  }
  SECTION("bytes appended after its end") {
    auto longer = good;
    longer.insert(longer.end(), good.begin() + 32, good.begin() + 200);
    write_file(file, longer);
    CHECK(error_opening(store, kDossier, "TP1") == AttachmentError::Kind::Damaged);
  }
  SECTION("moved under another dossier or another document code") {
    const std::string other = "000.00.15.G12-260302-1002";
    fs::create_directories(folder / other);
    fs::copy_file(file, folder / AttachmentStore::relative_path(other, "TP1"));
    fs::copy_file(file, folder / AttachmentStore::relative_path(kDossier, "TP9"));
    CHECK(error_opening(store, other, "TP1") == AttachmentError::Kind::Damaged);
    CHECK(error_opening(store, kDossier, "TP9") == AttachmentError::Kind::Damaged);
  }
  SECTION("intact, but not the document recorded at intake") {
    CHECK(error_opening(store, kDossier, "TP1", AttachmentStore::sha256_hex(document(10))) ==
          AttachmentError::Kind::Damaged);
  }
}

TEST_CASE("the reserve: a document that would eat into it is refused before anything is written", "[attachments]") {
  TempDir dir;
  const fs::path folder = dir.path / "attachments";
  // A reserve larger than any disk here: every seal is refused.
  AttachmentStore full(folder.string(), queue_key(), int64_t{1} << 60);
  CHECK_FALSE(full.has_room_for(1));
  try {
    full.seal(kDossier, "TP1", document(1000));
    FAIL("sealed into the reserve");
  } catch (const AttachmentError& error) {
    CHECK(error.kind == AttachmentError::Kind::LowStorage);
  }
  CHECK_FALSE(fs::exists(folder / kDossier));
  CHECK(full.usage().low());
  CHECK(full.usage().files == 0);

  AttachmentStore roomy(folder.string(), queue_key(), 1 << 20);
  CHECK(roomy.has_room_for(1000));
  CHECK_FALSE(roomy.usage().low());
}

TEST_CASE("counted in status, removed by the purge and as orphans, only codes become file names", "[attachments]") {
  TempDir dir;
  const fs::path folder = dir.path / "attachments";
  AttachmentStore store(folder.string(), queue_key(), 0);
  const std::string kept = "000.00.15.G12-260302-1003", purged = "000.00.15.G12-260302-1004",
                    orphan = "000.00.15.G12-260302-1005";
  int64_t expected_bytes = 0;
  for (const auto& code : {kept, purged, orphan})
    for (const char* document_code : {"TP1", "TP2"})
      expected_bytes += store.seal(code, document_code, document(5000)).sealed_bytes;
  auto usage = store.usage();
  CHECK(usage.files == 6);
  CHECK(usage.bytes == expected_bytes);
  CHECK(usage.free_bytes > 0);

  CHECK(store.remove_dossier(purged) == 2);
  CHECK_FALSE(fs::exists(folder / purged));
  CHECK(store.remove_dossier(purged) == 0);
  // An orphan younger than the grace period stays (its intake may be committing right now).
  CHECK(store.remove_orphans({kept}, 3600) == 0);
  CHECK(store.remove_orphans({kept}, 0) == 1);
  CHECK(fs::exists(folder / kept));
  CHECK_FALSE(fs::exists(folder / orphan));
  CHECK(store.usage().files == 2);

  for (const char* bad : {"../etc", "", ".hidden", "a/b", "tên giấy tờ"})
    CHECK_THROWS_AS(store.seal(bad, "TP1", document(10)), std::invalid_argument);
  CHECK_THROWS_AS(store.seal(kept, "../TP1", document(10)), std::invalid_argument);
}
