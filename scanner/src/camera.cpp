#include <fcntl.h>
#include <libv4l2.h>
#include <linux/videodev2.h>
#include <poll.h>
#include <sys/ioctl.h>

#include <cerrno>
#include <cstring>

#include "mc/core/log.hpp"
#include "mc/core/messages.hpp"
#include "mc/scanner/sources.hpp"

namespace mc::scanner {

namespace {

int xioctl(int fd, unsigned long request, void* arg) {
  int r;
  do r = v4l2_ioctl(fd, request, arg);
  while (r == -1 && errno == EINTR);
  return r;
}

// libv4l2 converts whatever the camera delivers (YUYV, MJPEG...) to planar YUV 4:2:0, whose first plane
// is exactly the luminance image ZXing wants.
class V4l2Grabber : public FrameGrabber {
 public:
  explicit V4l2Grabber(CameraOptions options) : options_(std::move(options)) {}
  ~V4l2Grabber() override { close(); }

  bool open(std::string& error) override {
    close();
    fd_ = v4l2_open(options_.device.c_str(), O_RDWR | O_NONBLOCK);
    if (fd_ < 0) {
      error = std::strerror(errno);
      return false;
    }
    v4l2_capability caps{};
    if (xioctl(fd_, VIDIOC_QUERYCAP, &caps) < 0) {
      error = "not a V4L2 device";
      close();
      return false;
    }
    const uint32_t device_caps = (caps.capabilities & V4L2_CAP_DEVICE_CAPS) ? caps.device_caps : caps.capabilities;
    if (!(device_caps & V4L2_CAP_VIDEO_CAPTURE)) {
      error = "the device cannot capture video";
      close();
      return false;
    }
    v4l2_format format{};
    format.type = V4L2_BUF_TYPE_VIDEO_CAPTURE;
    format.fmt.pix.width = uint32_t(options_.width);
    format.fmt.pix.height = uint32_t(options_.height);
    format.fmt.pix.pixelformat = V4L2_PIX_FMT_YUV420;
    format.fmt.pix.field = V4L2_FIELD_ANY;
    if (xioctl(fd_, VIDIOC_S_FMT, &format) < 0 ||
        (format.fmt.pix.pixelformat != V4L2_PIX_FMT_YUV420 && format.fmt.pix.pixelformat != V4L2_PIX_FMT_GREY)) {
      error = "no usable picture format";
      close();
      return false;
    }
    width_ = int(format.fmt.pix.width);
    height_ = int(format.fmt.pix.height);
    stride_ = format.fmt.pix.bytesperline ? int(format.fmt.pix.bytesperline) : width_;
    buffer_.resize(format.fmt.pix.sizeimage ? format.fmt.pix.sizeimage : size_t(stride_) * height_ * 3 / 2);
    if (width_ <= 0 || height_ <= 0 || buffer_.size() < size_t(stride_) * height_) {
      error = "the device reported an unusable frame size";
      close();
      return false;
    }
    return true;
  }

  std::optional<GrayImage> grab(int timeout_ms, std::string& error) override {
    error.clear();
    if (fd_ < 0) {
      error = "not open";
      return std::nullopt;
    }
    pollfd pfd{fd_, POLLIN, 0};
    const int ready = ::poll(&pfd, 1, timeout_ms);
    if (ready < 0 && errno != EINTR) {
      error = std::strerror(errno);
      return std::nullopt;
    }
    if (ready <= 0) return std::nullopt;
    if (pfd.revents & (POLLERR | POLLHUP | POLLNVAL)) {
      error = "the device stopped responding";
      return std::nullopt;
    }
    const ssize_t got = v4l2_read(fd_, buffer_.data(), buffer_.size());
    if (got < 0) {
      if (errno == EAGAIN || errno == EINTR) return std::nullopt;
      error = std::strerror(errno);
      return std::nullopt;
    }
    if (size_t(got) < size_t(stride_) * height_) return std::nullopt;  // a short frame: skip it
    GrayImage image{width_, height_, {}};
    image.pixels.resize(size_t(width_) * height_);
    for (int y = 0; y < height_; ++y)
      std::memcpy(image.pixels.data() + size_t(y) * width_, buffer_.data() + size_t(y) * stride_, size_t(width_));
    return image;
  }

  void close() override {
    if (fd_ >= 0) v4l2_close(fd_);
    fd_ = -1;
  }

 private:
  CameraOptions options_;
  int fd_ = -1;
  int width_ = 0, height_ = 0, stride_ = 0;
  std::vector<uint8_t> buffer_;
};

// "<what happened> (<device>: <reason>)." from assets/i18n ("camera.*"): shown to staff, never scanned data.
LocalizedText camera_message(const char* key, const std::string& device, const std::string& reason) {
  return message(key, {{"device", device}, {"reason", reason}});
}

}  // namespace

std::unique_ptr<FrameGrabber> make_v4l2_grabber(const CameraOptions& options) {
  return std::make_unique<V4l2Grabber>(options);
}

CameraSource::CameraSource(CameraOptions options) : CameraSource(options, make_v4l2_grabber(options)) {}

CameraSource::CameraSource(CameraOptions options, std::unique_ptr<FrameGrabber> grabber)
    : options_(std::move(options)), grabber_(std::move(grabber)) {}

CameraSource::~CameraSource() {
  stop();
}

void CameraSource::start() {
  if (thread_.joinable()) return;
  {
    std::lock_guard lock(stop_mutex_);
    stop_requested_ = false;
  }
  thread_ = std::thread([this] { run(); });
}

void CameraSource::stop() {
  {
    std::lock_guard lock(stop_mutex_);
    stop_requested_ = true;
  }
  stop_cv_.notify_all();
  if (thread_.joinable()) thread_.join();
}

bool CameraSource::sleep_unless_stopped(int ms) {
  std::unique_lock lock(stop_mutex_);
  return !stop_cv_.wait_for(lock, std::chrono::milliseconds(ms), [this] { return stop_requested_; });
}

void CameraSource::run() {
  std::string last_reported;
  auto stopping = [this] {
    std::lock_guard lock(stop_mutex_);
    return stop_requested_;
  };
  while (!stopping()) {
    try {
      std::string error;
      ++open_attempts_;
      if (!grabber_->open(error)) {
        // Report a failure once per reason: the status line stays true without flooding the queue.
        if (error != last_reported) {
          queue_.push({SourceEvent::Kind::Unavailable,
                       {},
                       camera_message("camera.unavailable", options_.device, error)});
          log_warn("camera", "cannot open " + options_.device + ": " + error);
          last_reported = error;
        }
        sleep_unless_stopped(options_.retry_interval_ms);
        continue;
      }
      last_reported.clear();
      connected_ = true;
      queue_.push({SourceEvent::Kind::Connected,
                   {},
                   message("camera.ready", {{"device", options_.device}})});
      log_info("camera", "scanning from " + options_.device);
      RepeatSuppressor suppressor(options_.forget_after_ms);
      while (!stopping()) {
        auto frame = grabber_->grab(200, error);
        if (!frame) {
          if (error.empty()) continue;  // no frame yet
          queue_.push({SourceEvent::Kind::Disconnected,
                       {},
                       camera_message("camera.disconnected", options_.device, error)});
          log_warn("camera", options_.device + " failed: " + error);
          break;
        }
        const auto codes = decode_live(*frame);
        ++frames_;
        for (auto& code : suppressor.filter(codes, monotonic_ms()))
          queue_.push({SourceEvent::Kind::Code, std::move(code), {}});
      }
      grabber_->close();
      connected_ = false;
      if (!stopping()) sleep_unless_stopped(options_.retry_interval_ms);
    } catch (const std::exception& e) {
      // Nothing the camera does may take the kiosk down: report, close, retry.
      connected_ = false;
      grabber_->close();
      queue_.push({SourceEvent::Kind::Disconnected,
                   {},
                   camera_message("camera.error", options_.device, e.what())});
      sleep_unless_stopped(options_.retry_interval_ms);
    }
  }
}

}  // namespace mc::scanner
