#pragma once
// Scanner devices that run on their own thread: a V4L2 camera scanning continuously, and a serial
// (tty) barcode scanner. Both report codes and device status through a queue the UI polls each frame;
// a missing or unplugged device is reported and retried, never a crash.
#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <unordered_map>
#include <vector>
#include "mc/core/localized.hpp"
#include "mc/scanner/decode.hpp"

namespace mc::scanner {

// Milliseconds of the steady (monotonic) clock: timestamps for WedgeDetector and RepeatSuppressor.
int64_t monotonic_ms();

struct SourceEvent {
  enum class Kind {
    Code,          // code holds what was read
    Connected,     // the device is open and working
    Unavailable,   // could not open / not a usable device; retrying (message says why)
    Disconnected,  // was working, then failed (unplugged); retrying
    Warning,       // something was dropped (an over-long line...)
  };
  Kind kind;
  DecodedCode code;       // for Code
  LocalizedText message;  // for the other kinds: shown to staff; never contains scanned data
};

// Thread-safe event queue shared by the sources.
class EventQueue {
 public:
  void push(SourceEvent event);
  std::vector<SourceEvent> take_all();
  // Waits up to timeout_ms for at least one event (tests, simple tools).
  std::vector<SourceEvent> wait_take_all(int timeout_ms);
  // Called (on the source's thread) after every event, e.g. to wake a UI loop blocked waiting for input.
  // Set it before the source starts.
  void set_on_event(std::function<void()> on_event) { on_event_ = std::move(on_event); }

 private:
  std::function<void()> on_event_;
  std::mutex mutex_;
  std::condition_variable cv_;
  std::vector<SourceEvent> events_;
};

// "Same code reported once until it leaves the view": a code is reported when first seen and again only
// after it has not been seen for forget_after_ms.
class RepeatSuppressor {
 public:
  explicit RepeatSuppressor(int64_t forget_after_ms = 1500) : forget_after_ms_(forget_after_ms) {}
  // Returns the codes of this frame that should be reported now.
  std::vector<DecodedCode> filter(const std::vector<DecodedCode>& frame_codes, int64_t now_ms);

 private:
  int64_t forget_after_ms_;
  std::unordered_map<std::string, int64_t> last_seen_;
};

// Where camera frames come from. The V4L2 implementation is the real one; tests substitute their own.
class FrameGrabber {
 public:
  virtual ~FrameGrabber() = default;
  // Opens the device; on failure returns false and sets error (a short reason, no personal data).
  virtual bool open(std::string& error) = 0;
  // Next frame, waiting up to timeout_ms. nullopt with error set when the device failed (unplugged);
  // nullopt with error empty on a plain timeout.
  virtual std::optional<GrayImage> grab(int timeout_ms, std::string& error) = 0;
  virtual void close() = 0;
};

struct CameraOptions {
  std::string device = "/dev/video0";
  int width = 1280;
  int height = 720;
  int retry_interval_ms = 2000;
  int64_t forget_after_ms = 1500;  // see RepeatSuppressor
};

std::unique_ptr<FrameGrabber> make_v4l2_grabber(const CameraOptions& options);

class CameraSource {
 public:
  explicit CameraSource(CameraOptions options);
  CameraSource(CameraOptions options, std::unique_ptr<FrameGrabber> grabber);
  ~CameraSource();
  CameraSource(const CameraSource&) = delete;
  CameraSource& operator=(const CameraSource&) = delete;

  void start();
  void stop();  // joins the thread; safe to call twice
  std::vector<SourceEvent> poll() { return queue_.take_all(); }
  EventQueue& events() { return queue_; }
  bool connected() const { return connected_; }
  int64_t frames_decoded() const { return frames_; }
  int open_attempts() const { return open_attempts_; }

 private:
  void run();
  bool sleep_unless_stopped(int ms);

  CameraOptions options_;
  std::unique_ptr<FrameGrabber> grabber_;
  EventQueue queue_;
  std::thread thread_;
  std::mutex stop_mutex_;
  std::condition_variable stop_cv_;
  bool stop_requested_ = false;
  std::atomic<bool> connected_{false};
  std::atomic<int64_t> frames_{0};
  std::atomic<int> open_attempts_{0};
};

struct SerialOptions {
  std::string device = "/dev/ttyACM0";
  int baud = 9600;
  int retry_interval_ms = 2000;
  size_t max_line_bytes = 8192;  // longer lines are dropped with a warning (no scanner sends that)
  // Some scanners send no terminator: a pending line is taken as complete after this much silence.
  // 0 = only CR/LF end a scan.
  int idle_flush_ms = 0;
};

// Reads raw bytes (a CCCD payload is UTF-8), one scan per CR/LF-terminated line.
class SerialSource {
 public:
  explicit SerialSource(SerialOptions options);
  ~SerialSource();
  SerialSource(const SerialSource&) = delete;
  SerialSource& operator=(const SerialSource&) = delete;

  void start();
  void stop();
  std::vector<SourceEvent> poll() { return queue_.take_all(); }
  EventQueue& events() { return queue_; }
  bool connected() const { return connected_; }
  int open_attempts() const { return open_attempts_; }

 private:
  void run();
  bool sleep_unless_stopped(int ms);
  bool stopping();
  // Reads until the device fails or stop(); returns the failure reason (empty on stop).
  std::string read_loop(int fd);

  SerialOptions options_;
  EventQueue queue_;
  std::thread thread_;
  std::mutex stop_mutex_;
  std::condition_variable stop_cv_;
  bool stop_requested_ = false;
  std::atomic<bool> connected_{false};
  std::atomic<int> open_attempts_{0};
};

}  // namespace mc::scanner
