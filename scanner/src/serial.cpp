#include <fcntl.h>
#include <poll.h>
#include <termios.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "mc/core/log.hpp"
#include "mc/core/messages.hpp"
#include "mc/scanner/sources.hpp"

namespace mc::scanner {

namespace {

speed_t speed_for(int baud) {
  switch (baud) {
    case 1200:
      return B1200;
    case 2400:
      return B2400;
    case 4800:
      return B4800;
    case 19200:
      return B19200;
    case 38400:
      return B38400;
    case 57600:
      return B57600;
    case 115200:
      return B115200;
    default:
      return B9600;
  }
}

// "<what happened> (<device>: <reason>)." from assets/i18n ("serial.*"): shown to staff, never scanned data.
LocalizedText serial_message(const char* key, const std::string& device, const std::string& reason) {
  return message(key, {{"device", device}, {"reason", reason}});
}

}  // namespace

SerialSource::SerialSource(SerialOptions options) : options_(std::move(options)) {}

SerialSource::~SerialSource() {
  stop();
}

void SerialSource::start() {
  if (thread_.joinable()) return;
  {
    std::lock_guard lock(stop_mutex_);
    stop_requested_ = false;
  }
  thread_ = std::thread([this] { run(); });
}

void SerialSource::stop() {
  {
    std::lock_guard lock(stop_mutex_);
    stop_requested_ = true;
  }
  stop_cv_.notify_all();
  if (thread_.joinable()) thread_.join();
}

bool SerialSource::stopping() {
  std::lock_guard lock(stop_mutex_);
  return stop_requested_;
}

bool SerialSource::sleep_unless_stopped(int ms) {
  std::unique_lock lock(stop_mutex_);
  return !stop_cv_.wait_for(lock, std::chrono::milliseconds(ms), [this] { return stop_requested_; });
}

void SerialSource::run() {
  std::string last_reported;
  while (!stopping()) {
    ++open_attempts_;
    std::string error;
    const int fd = ::open(options_.device.c_str(), O_RDWR | O_NOCTTY | O_NONBLOCK | O_CLOEXEC);
    termios tio{};
    if (fd < 0) {
      error = std::strerror(errno);
    } else if (tcgetattr(fd, &tio) != 0) {
      error = "not a serial device";
    } else {
      // Raw bytes, no echo, no CR/LF translation: the payload is UTF-8 and we split lines ourselves.
      cfmakeraw(&tio);
      tio.c_cflag |= CLOCAL | CREAD;
      tio.c_cc[VMIN] = 0;
      tio.c_cc[VTIME] = 0;
      cfsetispeed(&tio, speed_for(options_.baud));
      cfsetospeed(&tio, speed_for(options_.baud));
      if (tcsetattr(fd, TCSANOW, &tio) != 0) error = std::string("cannot configure: ") + std::strerror(errno);
    }
    if (!error.empty()) {
      if (fd >= 0) ::close(fd);
      if (error != last_reported) {
        queue_.push({SourceEvent::Kind::Unavailable,
                     {},
                     serial_message("serial.unavailable",
                                    options_.device, error)});
        log_warn("serial", "cannot open " + options_.device + ": " + error);
        last_reported = error;
      }
      sleep_unless_stopped(options_.retry_interval_ms);
      continue;
    }
    last_reported.clear();
    connected_ = true;
    queue_.push({SourceEvent::Kind::Connected,
                 {},
                 message("serial.ready", {{"device", options_.device}})});
    std::string failure;
    try {
      failure = read_loop(fd);
    } catch (const std::exception& e) {
      failure = e.what();
    }
    ::close(fd);
    connected_ = false;
    if (stopping()) break;
    queue_.push({SourceEvent::Kind::Disconnected,
                 {},
                 serial_message("serial.disconnected",
                                options_.device, failure)});
    log_warn("serial", options_.device + " failed: " + failure);
    sleep_unless_stopped(options_.retry_interval_ms);
  }
}

std::string SerialSource::read_loop(int fd) {
  std::string line;
  bool discarding = false;  // inside an over-long line: drop until its terminator
  int64_t last_byte_ms = monotonic_ms();
  auto emit = [&] {
    if (!line.empty() && !discarding) queue_.push({SourceEvent::Kind::Code, {"Serial", line}, {}});
    line.clear();
    discarding = false;
  };
  char buffer[512];
  while (!stopping()) {
    pollfd pfd{fd, POLLIN, 0};
    const int ready = ::poll(&pfd, 1, 100);
    if (ready < 0) {
      if (errno == EINTR) continue;
      return std::strerror(errno);
    }
    if (ready == 0) {
      if (options_.idle_flush_ms > 0 && !line.empty() && monotonic_ms() - last_byte_ms >= options_.idle_flush_ms)
        emit();
      continue;
    }
    if (pfd.revents & POLLNVAL) return "invalid descriptor";
    const ssize_t got = ::read(fd, buffer, sizeof buffer);
    if (got < 0) {
      if (errno == EAGAIN || errno == EINTR) continue;
      return std::strerror(errno);  // EIO: unplugged (or the pty master went away)
    }
    if (got == 0) {
      if (pfd.revents & (POLLHUP | POLLERR)) return "hang-up";
      continue;
    }
    last_byte_ms = monotonic_ms();
    for (ssize_t i = 0; i < got; ++i) {
      const char c = buffer[i];
      if (c == '\r' || c == '\n') {
        emit();
      } else if (discarding) {
        continue;
      } else if (line.size() >= options_.max_line_bytes) {
        discarding = true;
        line.clear();
        queue_.push({SourceEvent::Kind::Warning,
                     {},
                     message("serial.line_too_long")});
      } else {
        line += c;
      }
    }
  }
  return {};
}

}  // namespace mc::scanner
