#include "mc/sync/attachment_store.hpp"

#include <dirent.h>
#include <fcntl.h>
#include <sodium.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <filesystem>

namespace mc::sync {

namespace {

namespace fs = std::filesystem;
using Stream = crypto_secretstream_xchacha20poly1305_state;

constexpr char kMagic[8] = {'M', 'C', 'A', 'T', 'T', '1', '\n', '\0'};
constexpr size_t kChunk = 64 * 1024;
constexpr size_t kHeaderBytes = crypto_secretstream_xchacha20poly1305_HEADERBYTES;
constexpr size_t kOverhead = crypto_secretstream_xchacha20poly1305_ABYTES;
constexpr const char kKdfContext[crypto_kdf_CONTEXTBYTES + 1] = "mcattach";
constexpr const char* kSuffix = ".pdf.sealed";

// Codes become path components: no separators, nothing hidden, nothing empty.
void check_name(std::string_view what, std::string_view name) {
  const bool bad =
      name.empty() || name.size() > 64 || name.front() == '.' || std::any_of(name.begin(), name.end(), [](char c) {
        return !(std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '-' || c == '_');
      });
  if (bad) throw std::invalid_argument(std::string(what) + " is not usable as a file name");
}

std::string associated_data(std::string_view dossier_code, std::string_view document_code) {
  return std::string(dossier_code) + "/" + std::string(document_code);
}

void fsync_folder(const std::string& path) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd >= 0) {
    ::fsync(fd);
    ::close(fd);
  }
}

bool write_all(int fd, const void* data, size_t size) {
  const auto* bytes = static_cast<const uint8_t*>(data);
  while (size > 0) {
    const ssize_t written = ::write(fd, bytes, size);
    if (written < 0) {
      if (errno == EINTR) continue;
      return false;
    }
    bytes += written;
    size -= static_cast<size_t>(written);
  }
  return true;
}

int64_t free_bytes_at(const std::string& path) {
  // The folder may not exist yet: ask its nearest existing parent.
  fs::path probe = path;
  std::error_code ec;
  while (!probe.empty() && !fs::exists(probe, ec)) probe = probe.parent_path();
  struct statvfs stats {};
  if (::statvfs(probe.empty() ? "." : probe.c_str(), &stats) != 0) return 0;
  return static_cast<int64_t>(stats.f_bavail) * static_cast<int64_t>(stats.f_frsize);
}

}  // namespace

AttachmentStore::AttachmentStore(std::string folder, const std::vector<uint8_t>& queue_key, int64_t reserve_bytes)
    : folder_(std::move(folder)), key_(crypto_secretstream_xchacha20poly1305_KEYBYTES), reserve_bytes_(reserve_bytes) {
  if (sodium_init() < 0) throw std::runtime_error("libsodium could not be initialised");
  if (queue_key.size() != crypto_kdf_KEYBYTES) throw std::invalid_argument("the queue key has the wrong size");
  crypto_kdf_derive_from_key(key_.data(), key_.size(), 1, kKdfContext, queue_key.data());
}

AttachmentStore::~AttachmentStore() {
  sodium_memzero(key_.data(), key_.size());
}

std::string AttachmentStore::relative_path(std::string_view dossier_code, std::string_view document_code) {
  return std::string(dossier_code) + "/" + std::string(document_code) + kSuffix;
}

std::string AttachmentStore::sha256_hex(const std::vector<uint8_t>& bytes) {
  unsigned char digest[crypto_hash_sha256_BYTES];
  crypto_hash_sha256(digest, bytes.data(), bytes.size());
  char hex[2 * crypto_hash_sha256_BYTES + 1];
  sodium_bin2hex(hex, sizeof hex, digest, sizeof digest);
  return hex;
}

bool AttachmentStore::has_room_for(int64_t bytes) const {
  return free_bytes_at(folder_) - bytes >= reserve_bytes_;
}

SealedDocument AttachmentStore::seal(std::string_view dossier_code, std::string_view document_code,
                                     const std::vector<uint8_t>& pdf) {
  check_name("the dossier code", dossier_code);
  check_name("the document code", document_code);
  const int64_t sealed_size = static_cast<int64_t>(sizeof kMagic + kHeaderBytes) +
                              static_cast<int64_t>((pdf.size() / kChunk + 1) * (4 + kOverhead)) +
                              static_cast<int64_t>(pdf.size());
  if (!has_room_for(sealed_size))
    throw AttachmentError(AttachmentError::Kind::LowStorage, "the data directory is within its reserve of " +
                                                                 std::to_string(reserve_bytes_ >> 20) +
                                                                 " MB free: the document was not stored");

  const fs::path dossier_folder = fs::path(folder_) / std::string(dossier_code);
  std::error_code ec;
  fs::create_directories(dossier_folder, ec);
  if (ec)
    throw AttachmentError(AttachmentError::Kind::Io, "cannot create " + dossier_folder.string() + ": " + ec.message());
  ::chmod(folder_.c_str(), 0700);
  ::chmod(dossier_folder.c_str(), 0700);
  const fs::path target = fs::path(folder_) / relative_path(dossier_code, document_code);
  const fs::path temp = target.string() + ".tmp";
  const int fd = ::open(temp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (fd < 0)
    throw AttachmentError(AttachmentError::Kind::Io, "cannot create " + temp.string() + ": " + std::strerror(errno));

  Stream state;
  unsigned char header[kHeaderBytes];
  crypto_secretstream_xchacha20poly1305_init_push(&state, header, key_.data());
  bool ok = write_all(fd, kMagic, sizeof kMagic) && write_all(fd, header, sizeof header);
  const std::string ad = associated_data(dossier_code, document_code);
  std::vector<uint8_t> cipher(kChunk + kOverhead);
  size_t offset = 0;
  bool first = true;
  do {
    const size_t length = std::min(kChunk, pdf.size() - offset);
    const bool last = offset + length == pdf.size();
    unsigned long long cipher_length = 0;
    crypto_secretstream_xchacha20poly1305_push(
        &state, cipher.data(), &cipher_length, pdf.data() + offset, length,
        first ? reinterpret_cast<const unsigned char*>(ad.data()) : nullptr, first ? ad.size() : 0,
        last ? crypto_secretstream_xchacha20poly1305_TAG_FINAL : crypto_secretstream_xchacha20poly1305_TAG_MESSAGE);
    const uint32_t size_le = static_cast<uint32_t>(cipher_length);
    const uint8_t size_bytes[4] = {static_cast<uint8_t>(size_le), static_cast<uint8_t>(size_le >> 8),
                                   static_cast<uint8_t>(size_le >> 16), static_cast<uint8_t>(size_le >> 24)};
    ok = ok && write_all(fd, size_bytes, 4) && write_all(fd, cipher.data(), cipher_length);
    offset += length;
    first = false;
  } while (offset < pdf.size() && ok);
  sodium_memzero(&state, sizeof state);
  ok = ok && ::fsync(fd) == 0;
  const int write_error = errno;
  ::close(fd);
  if (!ok || ::rename(temp.c_str(), target.c_str()) != 0) {
    const int error = ok ? errno : write_error;
    ::unlink(temp.c_str());
    throw AttachmentError(AttachmentError::Kind::Io, "cannot write " + target.string() + ": " + std::strerror(error));
  }
  fsync_folder(dossier_folder.string());
  fsync_folder(folder_);

  SealedDocument sealed;
  sealed.file = relative_path(dossier_code, document_code);
  sealed.bytes = static_cast<int64_t>(pdf.size());
  sealed.sealed_bytes = static_cast<int64_t>(fs::file_size(target, ec));
  sealed.sha256 = sha256_hex(pdf);
  return sealed;
}

std::vector<uint8_t> AttachmentStore::open(std::string_view dossier_code, std::string_view document_code,
                                           std::string_view expected_sha256) const {
  check_name("the dossier code", dossier_code);
  check_name("the document code", document_code);
  const std::string name = relative_path(dossier_code, document_code);
  const fs::path path = fs::path(folder_) / name;
  auto damaged = [&name](const std::string& why) {
    return AttachmentError(AttachmentError::Kind::Damaged, "the stored document " + name + " " + why);
  };
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) throw damaged(errno == ENOENT ? "is missing" : std::string("cannot be read: ") + std::strerror(errno));
  std::vector<uint8_t> sealed;
  {
    struct stat info {};
    if (::fstat(fd, &info) == 0 && info.st_size > 0) sealed.reserve(static_cast<size_t>(info.st_size));
    uint8_t buffer[64 * 1024];
    for (;;) {
      const ssize_t n = ::read(fd, buffer, sizeof buffer);
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) break;
      sealed.insert(sealed.end(), buffer, buffer + n);
    }
    ::close(fd);
  }
  if (sealed.size() < sizeof kMagic + kHeaderBytes || std::memcmp(sealed.data(), kMagic, sizeof kMagic) != 0)
    throw damaged("is not a sealed document (damaged or truncated header)");
  Stream state;
  if (crypto_secretstream_xchacha20poly1305_init_pull(&state, sealed.data() + sizeof kMagic, key_.data()) != 0)
    throw damaged("has a damaged header");
  const std::string ad = associated_data(dossier_code, document_code);
  std::vector<uint8_t> plain;
  plain.reserve(sealed.size());
  size_t offset = sizeof kMagic + kHeaderBytes;
  bool first = true, finished = false;
  std::vector<uint8_t> chunk(kChunk);
  while (offset < sealed.size() && !finished) {
    if (sealed.size() - offset < 4) throw damaged("is truncated");
    const uint32_t length = uint32_t(sealed[offset]) | uint32_t(sealed[offset + 1]) << 8 |
                            uint32_t(sealed[offset + 2]) << 16 | uint32_t(sealed[offset + 3]) << 24;
    offset += 4;
    if (length < kOverhead || length > kChunk + kOverhead || sealed.size() - offset < length)
      throw damaged("is truncated or altered");
    unsigned long long plain_length = 0;
    unsigned char tag = 0;
    if (crypto_secretstream_xchacha20poly1305_pull(
            &state, chunk.data(), &plain_length, &tag, sealed.data() + offset, length,
            first ? reinterpret_cast<const unsigned char*>(ad.data()) : nullptr, first ? ad.size() : 0) != 0) {
      sodium_memzero(plain.data(), plain.size());
      throw damaged("does not pass its integrity check (altered, or not this dossier's document)");
    }
    plain.insert(plain.end(), chunk.begin(), chunk.begin() + static_cast<long>(plain_length));
    offset += length;
    first = false;
    finished = tag == crypto_secretstream_xchacha20poly1305_TAG_FINAL;
  }
  sodium_memzero(chunk.data(), chunk.size());
  sodium_memzero(&state, sizeof state);
  if (!finished || offset != sealed.size()) {
    sodium_memzero(plain.data(), plain.size());
    throw damaged(finished ? "has bytes after its end" : "is truncated (its last part is missing)");
  }
  if (!expected_sha256.empty() && sha256_hex(plain) != expected_sha256) {
    sodium_memzero(plain.data(), plain.size());
    throw damaged("is not the document recorded at intake (SHA-256 differs)");
  }
  return plain;
}

std::string AttachmentStore::export_file_name(std::string_view dossier_code, std::string_view document_code) {
  check_name("the dossier code", dossier_code);
  check_name("the document code", document_code);
  return std::string(dossier_code) + "_" + std::string(document_code) + ".pdf";
}

SealedDocument AttachmentStore::export_to(std::string_view dossier_code, std::string_view document_code,
                                          const std::string& path, std::string_view expected_sha256) const {
  std::vector<uint8_t> pdf = open(dossier_code, document_code, expected_sha256);
  const std::string temp = path + ".tmp";
  auto fail = [&](int error) {
    sodium_memzero(pdf.data(), pdf.size());
    ::unlink(temp.c_str());
    return AttachmentError(AttachmentError::Kind::Io, "cannot write " + path + ": " + std::strerror(error));
  };
  const int fd = ::open(temp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (fd < 0) throw fail(errno);
  bool ok = write_all(fd, pdf.data(), pdf.size()) && ::fsync(fd) == 0;
  const int write_error = errno;
  ::close(fd);
  if (!ok) throw fail(write_error);
  if (::rename(temp.c_str(), path.c_str()) != 0) throw fail(errno);
  fsync_folder(fs::path(path).parent_path().empty() ? "." : fs::path(path).parent_path().string());
  SealedDocument exported;
  exported.file = path;
  exported.bytes = static_cast<int64_t>(pdf.size());
  exported.sha256 = sha256_hex(pdf);
  sodium_memzero(pdf.data(), pdf.size());
  return exported;
}

int AttachmentStore::remove_dossier(std::string_view dossier_code) {
  check_name("the dossier code", dossier_code);
  const fs::path folder = fs::path(folder_) / std::string(dossier_code);
  std::error_code ec;
  int files = 0;
  for (const auto& entry : fs::directory_iterator(folder, ec))
    if (entry.is_regular_file(ec) && entry.path().string().size() > std::strlen(kSuffix) &&
        entry.path().string().ends_with(kSuffix))
      ++files;
  fs::remove_all(folder, ec);
  if (files) fsync_folder(folder_);
  return files;
}

int AttachmentStore::remove_orphans(const std::vector<std::string>& known_codes, int64_t min_age_s) {
  std::error_code ec;
  int removed = 0;
  const auto now = fs::file_time_type::clock::now();
  for (const auto& entry : fs::directory_iterator(folder_, ec)) {
    if (!entry.is_directory(ec)) continue;
    const std::string code = entry.path().filename().string();
    if (std::find(known_codes.begin(), known_codes.end(), code) != known_codes.end()) continue;
    const auto modified = fs::last_write_time(entry.path(), ec);
    if (ec || now - modified < std::chrono::seconds(min_age_s)) continue;
    fs::remove_all(entry.path(), ec);
    if (!ec) ++removed;
  }
  return removed;
}

StorageUsage AttachmentStore::usage() const {
  StorageUsage usage;
  usage.reserve_bytes = reserve_bytes_;
  usage.free_bytes = free_bytes_at(folder_);
  std::error_code ec;
  for (auto it = fs::recursive_directory_iterator(folder_, ec); !ec && it != fs::recursive_directory_iterator();
       it.increment(ec)) {
    if (!it->is_regular_file(ec) || !it->path().string().ends_with(kSuffix)) continue;
    ++usage.files;
    usage.bytes += static_cast<int64_t>(it->file_size(ec));
  }
  return usage;
}

}  // namespace mc::sync
