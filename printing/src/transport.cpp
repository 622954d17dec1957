#include "mc/printing/transport.hpp"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netdb.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <ctime>
#include <filesystem>
#include <fstream>

#include "mc/core/datetime.hpp"
#include "mc/core/log.hpp"
#include "mc/core/text.hpp"

#ifdef MC_HAVE_CUPS
#include <cups/cups.h>
#endif

namespace mc::printing {

namespace {

using Deadline = std::chrono::steady_clock::time_point;

int ms_left(Deadline deadline) {
  auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
  return static_cast<int>(std::max<int64_t>(0, left.count()));
}

// Writes everything before the deadline (non-blocking fd). Returns an error text or "".
std::string write_all(int fd, const uint8_t* data, size_t size, Deadline deadline) {
  size_t sent = 0;
  while (sent < size) {
    ssize_t n = ::write(fd, data + sent, size - sent);
    if (n > 0) {
      sent += static_cast<size_t>(n);
      continue;
    }
    if (n < 0 && errno == EINTR) continue;
    if (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK) return std::string("write failed: ") + std::strerror(errno);
    pollfd pfd{fd, POLLOUT, 0};
    int left = ms_left(deadline);
    if (left == 0 || ::poll(&pfd, 1, left) <= 0)
      return "timed out after " + std::to_string(sent) + " of " + std::to_string(size) + " bytes";
    if (pfd.revents & (POLLERR | POLLHUP)) return "the printer closed the connection";
  }
  return "";
}

// One status byte, or nullopt when nothing comes before the deadline.
std::optional<uint8_t> read_byte(int fd, Deadline deadline) {
  for (;;) {
    pollfd pfd{fd, POLLIN, 0};
    int left = ms_left(deadline);
    if (left == 0) return std::nullopt;
    int ready = ::poll(&pfd, 1, left);
    if (ready < 0 && errno == EINTR) continue;
    if (ready <= 0) return std::nullopt;
    uint8_t byte = 0;
    ssize_t n = ::read(fd, &byte, 1);
    if (n == 1) return byte;
    if (n < 0 && (errno == EINTR || errno == EAGAIN)) continue;
    return std::nullopt;
  }
}

// DLE EOT 1, 2, 3, 4 over an open, readable fd. Each answer has its own share of the timeout.
PrinterState query_dle_eot(int fd, int timeout_ms) {
  std::optional<uint8_t> answers[4];
  int per_query = std::max(50, timeout_ms / 4);
  for (int n = 1; n <= 4; ++n) {
    auto request = status_request(n);
    Deadline deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(per_query);
    if (!write_all(fd, request.data(), request.size(), deadline).empty()) break;
    answers[n - 1] = read_byte(fd, deadline);
    // A printer that ignores the first question will ignore the rest: do not wait four times.
    if (n == 1 && !answers[0]) break;
  }
  return decode_status(answers[0], answers[1], answers[2], answers[3]);
}

class FailingTransport : public Transport {
 public:
  FailingTransport(std::string name, std::string reason) : name_(std::move(name)), reason_(std::move(reason)) {}
  std::string describe() const override { return name_; }
  SendResult send(const std::vector<uint8_t>&, const PrintJobInfo&) override {
    return {false, PrinterState::Offline, reason_, "", ""};
  }
  PrinterState query_status() override { return PrinterState::Offline; }

 private:
  std::string name_, reason_;
};

// ---- virtual printer ------------------------------------------------------------------------------

std::string file_safe(const std::string& name) {
  std::string out;
  for (char c : name)
    out += (std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '-' || c == '_') ? c : '_';
  return out.empty() ? "job" : out;
}

// Creates path with mode 0600 (never readable by others, whatever the umask) and writes bytes to it.
bool write_private_file(const std::string& path, const uint8_t* data, size_t size) {
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, 0600);
  if (fd < 0) return false;
  ::fchmod(fd, 0600);
  size_t written = 0;
  while (written < size) {
    const ssize_t n = ::write(fd, data + written, size - written);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    written += static_cast<size_t>(n);
  }
  return ::close(fd) == 0 && written == size;
}

class VirtualTransport : public Transport {
 public:
  explicit VirtualTransport(std::string dir) : dir_(std::move(dir)) {}
  std::string describe() const override { return "virtual " + dir_; }

  SendResult send(const std::vector<uint8_t>& bytes, const PrintJobInfo& job) override {
    SendResult result;
    PrinterState simulated = simulated_state();
    if (!can_print(simulated)) {
      result.state = simulated;
      result.detail =
          "virtual printer simulates " + std::string(printer_state_name(simulated)) + " (" + dir_ + "/STATE)";
      return result;
    }
    std::error_code error;
    if (std::filesystem::create_directories(dir_, error))
      std::filesystem::permissions(dir_, std::filesystem::perms::owner_all, error);
    if (error) {
      result.state = PrinterState::Offline;
      result.detail = "cannot create " + dir_ + ": " + error.message();
      return result;
    }
    // <timestamp>-<name>: sorts by time; the counter keeps two jobs in one millisecond apart.
    auto now = std::chrono::system_clock::now();
    int64_t ms = std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch()).count();
    LocalDateTime local = LocalDateTime::from_unix(ms / 1000);
    char stamp[48];
    std::snprintf(stamp, sizeof stamp, "%04d%02d%02d-%02d%02d%02d-%03d-%02d", local.date.year, local.date.month,
                  local.date.day, local.hour, local.minute, local.second, static_cast<int>(ms % 1000),
                  static_cast<int>(counter_++ % 100));
    std::string base = dir_ + "/" + stamp + "-" + file_safe(job.name);
    if (!write_private_file(base + ".escpos", bytes.data(), bytes.size())) {
      result.state = PrinterState::Offline;
      result.detail = "cannot write " + base + ".escpos";
      return result;
    }
    result.escpos_file = base + ".escpos";
    if (job.preview) {
      const std::vector<uint8_t> png = png_bytes(*job.preview);
      if (png.empty() || !write_private_file(base + ".png", png.data(), png.size())) {
        result.state = PrinterState::Offline;
        result.detail = "cannot write " + base + ".png";
        return result;
      }
      result.preview_png = base + ".png";
    }
    result.ok = true;
    result.state = simulated;
    result.detail = "written to " + result.escpos_file;
    return result;
  }

  PrinterState query_status() override { return simulated_state(); }

 private:
  // Staff and UI tests can make the virtual printer misbehave: echo paper_out > <dir>/STATE.
  PrinterState simulated_state() const {
    std::ifstream in(dir_ + "/STATE");
    std::string word;
    if (!(in >> word)) return PrinterState::Ready;
    for (PrinterState state : {PrinterState::Ready, PrinterState::PaperNearEnd, PrinterState::PaperOut,
                               PrinterState::CoverOpen, PrinterState::Offline, PrinterState::Unknown})
      if (word == printer_state_name(state)) return state;
    return PrinterState::Ready;
  }

  std::string dir_;
  int64_t counter_ = 0;
};

// ---- device file (/dev/usb/lp0) -------------------------------------------------------------------

class DeviceTransport : public Transport {
 public:
  DeviceTransport(std::string path, int timeout_ms) : path_(std::move(path)), timeout_ms_(timeout_ms) {}
  std::string describe() const override { return "device " + path_; }

  SendResult send(const std::vector<uint8_t>& bytes, const PrintJobInfo&) override {
    SendResult result;
    int fd = ::open(path_.c_str(), O_WRONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY);
    if (fd < 0) {
      result.state = PrinterState::Offline;
      result.detail = "cannot open " + path_ + ": " + std::strerror(errno);
      return result;
    }
    // A whole receipt can take several seconds to print; allow for it on top of the timeout.
    auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms_ + bytes.size() / 20);
    std::string error = write_all(fd, bytes.data(), bytes.size(), deadline);
    ::close(fd);
    result.ok = error.empty();
    result.state = result.ok ? PrinterState::Ready : PrinterState::Offline;
    result.detail = result.ok ? "sent " + std::to_string(bytes.size()) + " bytes to " + path_ : path_ + ": " + error;
    return result;
  }

  PrinterState query_status() override {
    int fd = ::open(path_.c_str(), O_RDWR | O_NONBLOCK | O_CLOEXEC | O_NOCTTY);
    if (fd < 0) return errno == ENOENT || errno == ENODEV ? PrinterState::Offline : PrinterState::Unknown;
    PrinterState state = query_dle_eot(fd, timeout_ms_);
    ::close(fd);
    // usblp answers reads only on printers that implement the back channel: no answer is "unknown".
    return state == PrinterState::Offline ? PrinterState::Unknown : state;
  }

 private:
  std::string path_;
  int timeout_ms_;
};

// ---- raw TCP (JetDirect, port 9100) --------------------------------------------------------------

class TcpTransport : public Transport {
 public:
  TcpTransport(std::string host, int port, int timeout_ms)
      : host_(std::move(host)), port_(port), timeout_ms_(timeout_ms) {}
  std::string describe() const override { return "tcp " + host_ + ":" + std::to_string(port_); }

  SendResult send(const std::vector<uint8_t>& bytes, const PrintJobInfo&) override {
    SendResult result;
    std::string error;
    int fd = connect_socket(error);
    if (fd < 0) {
      result.state = PrinterState::Offline;
      result.detail = describe() + ": " + error;
      return result;
    }
    auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms_ + bytes.size() / 20);
    error = write_all(fd, bytes.data(), bytes.size(), deadline);
    ::shutdown(fd, SHUT_WR);
    ::close(fd);
    result.ok = error.empty();
    result.state = result.ok ? PrinterState::Ready : PrinterState::Offline;
    result.detail =
        result.ok ? "sent " + std::to_string(bytes.size()) + " bytes to " + describe() : describe() + ": " + error;
    return result;
  }

  PrinterState query_status() override {
    std::string error;
    int fd = connect_socket(error);
    if (fd < 0) {
      log_warn("printing", describe() + ": " + error);
      return PrinterState::Offline;
    }
    PrinterState state = query_dle_eot(fd, timeout_ms_);
    ::close(fd);
    return state;
  }

 private:
  int connect_socket(std::string& error) {
    addrinfo hints{};
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;
    addrinfo* found = nullptr;
    int rc = ::getaddrinfo(host_.c_str(), std::to_string(port_).c_str(), &hints, &found);
    if (rc != 0) {
      error = std::string("cannot resolve the host: ") + gai_strerror(rc);
      return -1;
    }
    auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms_);
    int fd = -1;
    error = "no address";
    for (addrinfo* address = found; address; address = address->ai_next) {
      fd = ::socket(address->ai_family, address->ai_socktype | SOCK_NONBLOCK | SOCK_CLOEXEC, address->ai_protocol);
      if (fd < 0) continue;
      if (::connect(fd, address->ai_addr, address->ai_addrlen) == 0) break;
      if (errno == EINPROGRESS) {
        pollfd pfd{fd, POLLOUT, 0};
        int ready = ::poll(&pfd, 1, ms_left(deadline));
        int socket_error = 0;
        socklen_t length = sizeof socket_error;
        if (ready > 0 && ::getsockopt(fd, SOL_SOCKET, SO_ERROR, &socket_error, &length) == 0 && socket_error == 0)
          break;
        error = ready == 0 ? "connection timed out after " + std::to_string(timeout_ms_) + " ms"
                           : std::string("cannot connect: ") + std::strerror(socket_error ? socket_error : errno);
      } else {
        error = std::string("cannot connect: ") + std::strerror(errno);
      }
      ::close(fd);
      fd = -1;
    }
    ::freeaddrinfo(found);
    return fd;
  }

  std::string host_;
  int port_;
  int timeout_ms_;
};

// ---- CUPS raw queue ------------------------------------------------------------------------------

#ifdef MC_HAVE_CUPS
class CupsTransport : public Transport {
 public:
  explicit CupsTransport(std::string queue) : queue_(std::move(queue)) {}
  std::string describe() const override { return "cups " + queue_; }

  SendResult send(const std::vector<uint8_t>& bytes, const PrintJobInfo& job) override {
    SendResult result;
    result.state = PrinterState::Offline;
    int job_id = cupsCreateJob(CUPS_HTTP_DEFAULT, queue_.c_str(), job.name.c_str(), 0, nullptr);
    if (job_id == 0) {
      result.detail = describe() + ": " + cupsLastErrorString();
      return result;
    }
    if (cupsStartDocument(CUPS_HTTP_DEFAULT, queue_.c_str(), job_id, job.name.c_str(), CUPS_FORMAT_RAW, 1) !=
        HTTP_STATUS_CONTINUE) {
      result.detail = describe() + ": " + cupsLastErrorString();
      cupsCancelJob(queue_.c_str(), job_id);
      return result;
    }
    http_status_t written =
        cupsWriteRequestData(CUPS_HTTP_DEFAULT, reinterpret_cast<const char*>(bytes.data()), bytes.size());
    ipp_status_t finished = cupsFinishDocument(CUPS_HTTP_DEFAULT, queue_.c_str());
    result.ok = written == HTTP_STATUS_CONTINUE && finished <= IPP_STATUS_OK_EVENTS_COMPLETE;
    result.state = result.ok ? PrinterState::Unknown : PrinterState::Offline;
    result.detail = result.ok ? "queued as job " + std::to_string(job_id) + " on " + queue_
                              : describe() + ": " + cupsLastErrorString();
    return result;
  }

  PrinterState query_status() override {
    cups_dest_t* dests = nullptr;
    int count = cupsGetDests(&dests);
    cups_dest_t* dest = cupsGetDest(queue_.c_str(), nullptr, count, dests);
    PrinterState state = PrinterState::Offline;
    if (dest) {
      const char* printer_state = cupsGetOption("printer-state", dest->num_options, dest->options);
      // IPP printer-state: 3 idle, 4 processing, 5 stopped. CUPS cannot see the paper: otherwise unknown.
      state = printer_state && std::string(printer_state) == "5" ? PrinterState::Offline : PrinterState::Unknown;
    }
    cupsFreeDests(count, dests);
    return state;
  }

 private:
  std::string queue_;
};
#endif

}  // namespace

bool cups_available() {
#ifdef MC_HAVE_CUPS
  return true;
#else
  return false;
#endif
}

std::string virtual_output_dir(const Config& config) {
  return config.printer.output_dir.empty() ? config.path_in_data("printer") : config.printer.output_dir;
}

int purge_virtual_printer_output(const std::string& dir, int64_t older_than_unix, bool dry_run) {
  namespace fs = std::filesystem;
  std::error_code ec;
  int removed = 0;
  for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
    const auto extension = it->path().extension();
    if ((extension != ".escpos" && extension != ".png") || !it->is_regular_file(ec)) continue;
    struct stat info {};
    if (::stat(it->path().c_str(), &info) != 0 || info.st_mtime >= older_than_unix) continue;
    if (dry_run || fs::remove(it->path(), ec)) ++removed;
  }
  return removed;
}

std::unique_ptr<Transport> make_virtual_transport(const std::string& output_dir) {
  return std::make_unique<VirtualTransport>(output_dir);
}

std::unique_ptr<Transport> make_device_transport(const std::string& device_path, int timeout_ms) {
  return std::make_unique<DeviceTransport>(device_path, timeout_ms);
}

std::unique_ptr<Transport> make_tcp_transport(const std::string& host, int port, int timeout_ms) {
  return std::make_unique<TcpTransport>(host, port, timeout_ms);
}

std::unique_ptr<Transport> make_cups_transport(const std::string& queue) {
#ifdef MC_HAVE_CUPS
  if (queue.empty()) return std::make_unique<FailingTransport>("cups", "printer.cups_queue is empty");
  return std::make_unique<CupsTransport>(queue);
#else
  return std::make_unique<FailingTransport>("cups " + queue, "this build has no CUPS support (libcups2-dev)");
#endif
}

std::unique_ptr<Transport> make_transport(const Config& config) {
  const auto& printer = config.printer;
  if (printer.transport == "virtual") return make_virtual_transport(virtual_output_dir(config));
  if (printer.transport == "device") return make_device_transport(printer.device, printer.timeout_ms);
  if (printer.transport == "tcp") return make_tcp_transport(printer.host, printer.port, printer.timeout_ms);
  if (printer.transport == "cups") return make_cups_transport(printer.cups_queue);
  return std::make_unique<FailingTransport>(
      printer.transport, "unknown printer.transport '" + printer.transport + "' (virtual, device, tcp or cups)");
}

}  // namespace mc::printing
