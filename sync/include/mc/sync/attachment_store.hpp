#pragma once
// The electronic documents of queued dossiers (one PDF per document), sealed at rest like the rest of the
// dossier: <data_dir>/attachments/<dossier code>/<document code>.pdf.sealed, mode 0600 in 0700 folders.
// File names carry only codes, never text from the citizen's form.
//
// Sealing: libsodium's secretstream (XChaCha20-Poly1305) in 64 KiB chunks under a key derived from the
// queue key (crypto_kdf, context "mcattach"), so a PDF of any size is sealed and checked without holding
// it twice. The first chunk carries "<dossier code>/<document code>" as associated data (a file moved
// under another dossier does not open) and the last is tagged FINAL (a truncated file does not open).
//
// Before the disk is full: seal() refuses (LowStorage) when writing would leave less than the configured
// reserve free on the data directory's file system.
#include <cstdint>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace mc::sync {

// What the store holds of one document, as the outbox records it.
struct SealedDocument {
  std::string file;          // relative to the store's folder: "<dossier code>/<document code>.pdf.sealed"
  int64_t bytes = 0;         // the PDF's size
  int64_t sealed_bytes = 0;  // the file's size
  std::string sha256;        // of the PDF, 64 lower-case hex digits
};

struct AttachmentError : std::runtime_error {
  enum class Kind {
    LowStorage,  // writing would eat into the reserve: refused, nothing written
    Io,          // the file system failed (permissions, disk error, full after all)
    Damaged,     // the sealed file is missing, truncated, altered or not this document's
  };
  Kind kind;
  AttachmentError(Kind k, const std::string& message) : std::runtime_error(message), kind(k) {}
};

struct StorageUsage {
  int files = 0;              // sealed documents on disk
  int64_t bytes = 0;          // their size on disk
  int64_t free_bytes = 0;     // free on the data directory's file system (for this user)
  int64_t reserve_bytes = 0;  // what must stay free
  bool low() const { return free_bytes < reserve_bytes; }
};

class AttachmentStore {
 public:
  // folder: <data_dir>/attachments (created 0700 on first write); queue_key: the outbox's key (32 bytes).
  AttachmentStore(std::string folder, const std::vector<uint8_t>& queue_key, int64_t reserve_bytes);
  ~AttachmentStore();
  AttachmentStore(const AttachmentStore&) = delete;
  AttachmentStore& operator=(const AttachmentStore&) = delete;

  const std::string& folder() const { return folder_; }
  int64_t reserve_bytes() const { return reserve_bytes_; }

  // True when `bytes` more can be written without eating into the reserve.
  bool has_room_for(int64_t bytes) const;
  // Seals and writes (temporary name, fsync, rename, fsync of the folder). Throws AttachmentError
  // (LowStorage before anything is written, Io on a write failure; nothing is left behind either way).
  SealedDocument seal(std::string_view dossier_code, std::string_view document_code, const std::vector<uint8_t>& pdf);
  // Opens, checks every chunk and the final tag, and compares the SHA-256 with the one recorded at intake
  // (empty: not compared). Throws AttachmentError{Damaged} naming the file, never its content.
  std::vector<uint8_t> open(std::string_view dossier_code, std::string_view document_code,
                            std::string_view expected_sha256 = {}) const;

  // Writes the document, opened and checked as open() does, as a plain PDF at `path` (a temporary name beside
  // it, fsync, rename: a stick pulled out mid-way leaves no half PDF under the name): staff's export to a USB
  // stick, `kioskctl document export`. The returned file is `path`, bytes and SHA-256 those of the PDF.
  // Throws AttachmentError: Damaged as open(), Io naming the path.
  SealedDocument export_to(std::string_view dossier_code, std::string_view document_code, const std::string& path,
                           std::string_view expected_sha256 = {}) const;
  // The export's file name: codes only, "<dossier code>_<document code>.pdf".
  static std::string export_file_name(std::string_view dossier_code, std::string_view document_code);

  // Removes a dossier's folder (retention purge, or an intake that did not commit). Returns files removed.
  int remove_dossier(std::string_view dossier_code);
  // Folders of dossiers the queue does not know and older than min_age_s (an intake killed between writing
  // its files and committing its row). Returns how many folders went.
  int remove_orphans(const std::vector<std::string>& known_codes, int64_t min_age_s);
  StorageUsage usage() const;

  static std::string sha256_hex(const std::vector<uint8_t>& bytes);
  static std::string relative_path(std::string_view dossier_code, std::string_view document_code);

 private:
  std::string folder_;
  std::vector<uint8_t> key_;
  int64_t reserve_bytes_;
};

}  // namespace mc::sync
