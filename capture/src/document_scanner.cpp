#include "mc/capture/document_scanner.hpp"

#include <sane/sane.h>
#include <sane/saneopts.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstring>

#include "mc/capture/jpeg.hpp"
#include "mc/core/log.hpp"

namespace mc::capture {

namespace {

constexpr std::string_view kLog = "capture";
// A page bigger than this is a backend reporting nonsense (A3 at 600 dpi in colour is about 210 MB).
constexpr size_t kMaxPageBytes = size_t{400} << 20;

// SANE is process-wide and not thread-safe: one initialisation, and one user at a time.
std::mutex& sane_mutex() {
  static std::mutex mutex;
  return mutex;
}

void ensure_sane_initialised() {
  static std::once_flag once;
  std::call_once(once, [] {
    SANE_Int version = 0;
    const SANE_Status status = sane_init(&version, nullptr);
    if (status != SANE_STATUS_GOOD)
      throw CaptureError(CaptureFailure::Failed, std::string("sane_init: ") + sane_strstatus(status));
  });
}

std::string lower(std::string_view text) {
  std::string out(text);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

std::string sane_error(const char* call, SANE_Status status) {
  return std::string(call) + ": " + sane_strstatus(status);
}

struct Option {
  SANE_Int index = -1;
  const SANE_Option_Descriptor* descriptor = nullptr;
  explicit operator bool() const { return descriptor != nullptr; }
};

Option find_option(SANE_Handle handle, std::string_view name) {
  SANE_Int count = 0;
  if (sane_control_option(handle, 0, SANE_ACTION_GET_VALUE, &count, nullptr) != SANE_STATUS_GOOD) return {};
  for (SANE_Int i = 1; i < count; ++i) {
    const SANE_Option_Descriptor* descriptor = sane_get_option_descriptor(handle, i);
    if (descriptor && descriptor->name && name == descriptor->name) return {i, descriptor};
  }
  return {};
}

bool settable(const Option& option) {
  return option && SANE_OPTION_IS_ACTIVE(option.descriptor->cap) && SANE_OPTION_IS_SETTABLE(option.descriptor->cap);
}

// The allowed value nearest to `wanted` (ranges are clamped and quantised, word lists searched).
double nearest_allowed(const SANE_Option_Descriptor* descriptor, double wanted) {
  const bool fixed = descriptor->type == SANE_TYPE_FIXED;
  auto value_of = [fixed](SANE_Word word) { return fixed ? SANE_UNFIX(word) : static_cast<double>(word); };
  if (descriptor->constraint_type == SANE_CONSTRAINT_RANGE) {
    const SANE_Range* range = descriptor->constraint.range;
    double low = value_of(range->min), high = value_of(range->max), quant = value_of(range->quant);
    double value = std::clamp(wanted, low, high);
    if (quant > 0) value = low + std::round((value - low) / quant) * quant;
    return std::clamp(value, low, high);
  }
  if (descriptor->constraint_type == SANE_CONSTRAINT_WORD_LIST) {
    const SANE_Word* list = descriptor->constraint.word_list;
    double best = wanted, best_distance = -1;
    for (SANE_Word i = 1; i <= list[0]; ++i) {
      const double value = value_of(list[i]);
      if (best_distance < 0 || std::abs(value - wanted) < best_distance) {
        best = value;
        best_distance = std::abs(value - wanted);
      }
    }
    return best;
  }
  return wanted;
}

double range_max(const SANE_Option_Descriptor* descriptor, double fallback) {
  if (descriptor->constraint_type != SANE_CONSTRAINT_RANGE) return fallback;
  return descriptor->type == SANE_TYPE_FIXED ? SANE_UNFIX(descriptor->constraint.range->max)
                                             : static_cast<double>(descriptor->constraint.range->max);
}

// Sets a numeric option (INT or FIXED, one value); returns the value the backend kept.
std::optional<double> set_number(SANE_Handle handle, std::string_view name, double wanted) {
  Option option = find_option(handle, name);
  if (!settable(option)) return std::nullopt;
  const SANE_Option_Descriptor* d = option.descriptor;
  if ((d->type != SANE_TYPE_INT && d->type != SANE_TYPE_FIXED) || d->size != sizeof(SANE_Word)) return std::nullopt;
  const double value = nearest_allowed(d, wanted);
  SANE_Word word = d->type == SANE_TYPE_FIXED ? SANE_FIX(value) : static_cast<SANE_Word>(std::lround(value));
  const SANE_Status status = sane_control_option(handle, option.index, SANE_ACTION_SET_VALUE, &word, nullptr);
  if (status != SANE_STATUS_GOOD)
    throw CaptureError(status == SANE_STATUS_DEVICE_BUSY ? CaptureFailure::Busy : CaptureFailure::Failed,
                       "setting " + std::string(name) + ": " + sane_strstatus(status));
  // SANE_INFO_INEXACT: read back what the device chose.
  sane_control_option(handle, option.index, SANE_ACTION_GET_VALUE, &word, nullptr);
  return d->type == SANE_TYPE_FIXED ? SANE_UNFIX(word) : static_cast<double>(word);
}

void set_string(SANE_Handle handle, const Option& option, const std::string& value) {
  std::vector<char> buffer(std::max<size_t>(static_cast<size_t>(option.descriptor->size), value.size() + 1), '\0');
  std::memcpy(buffer.data(), value.data(), value.size());
  const SANE_Status status = sane_control_option(handle, option.index, SANE_ACTION_SET_VALUE, buffer.data(), nullptr);
  if (status != SANE_STATUS_GOOD)
    throw CaptureError(status == SANE_STATUS_DEVICE_BUSY ? CaptureFailure::Busy : CaptureFailure::Failed,
                       "setting " + std::string(option.descriptor->name) + "=" + value + ": " + sane_strstatus(status));
}

// The device's own name for colour or grey among its modes ("Color", "24bit Color", "Gray", "Grayscale"...).
std::optional<std::string> mode_name(const SANE_Option_Descriptor* descriptor, bool colour) {
  if (descriptor->constraint_type != SANE_CONSTRAINT_STRING_LIST) return std::nullopt;
  const std::string exact = colour ? SANE_VALUE_SCAN_MODE_COLOR : SANE_VALUE_SCAN_MODE_GRAY;
  std::optional<std::string> partial;
  for (const SANE_String_Const* item = descriptor->constraint.string_list; *item; ++item) {
    if (exact == *item) return exact;
    const std::string name = lower(*item);
    const bool match = colour ? (name.find("color") != std::string::npos || name.find("colour") != std::string::npos)
                              : (name.find("gray") != std::string::npos || name.find("grey") != std::string::npos);
    if (match && !partial) partial = *item;
  }
  return partial;
}

void set_named_option(SANE_Handle handle, const std::string& name, const std::string& value) {
  Option option = find_option(handle, name);
  if (!option)
    throw CaptureError(CaptureFailure::Failed, "the scanner has no option \"" + name + "\" (scanner.document_options)");
  if (!settable(option))
    throw CaptureError(CaptureFailure::Failed, "the scanner's option \"" + name + "\" cannot be set now");
  const SANE_Option_Descriptor* d = option.descriptor;
  SANE_Status status = SANE_STATUS_GOOD;
  switch (d->type) {
    case SANE_TYPE_BOOL: {
      const std::string v = lower(value);
      SANE_Bool flag = (v == "yes" || v == "true" || v == "1" || v == "on") ? SANE_TRUE : SANE_FALSE;
      if (!flag && v != "no" && v != "false" && v != "0" && v != "off")
        throw CaptureError(CaptureFailure::Failed, "option " + name + " wants yes or no, got \"" + value + "\"");
      status = sane_control_option(handle, option.index, SANE_ACTION_SET_VALUE, &flag, nullptr);
      break;
    }
    case SANE_TYPE_INT:
    case SANE_TYPE_FIXED: {
      char* end = nullptr;
      const double number = std::strtod(value.c_str(), &end);
      if (end == value.c_str() || *end != '\0')
        throw CaptureError(CaptureFailure::Failed, "option " + name + " wants a number, got \"" + value + "\"");
      set_number(handle, name, number);
      return;
    }
    case SANE_TYPE_STRING:
      set_string(handle, option, value);
      return;
    case SANE_TYPE_BUTTON:
      status = sane_control_option(handle, option.index, SANE_ACTION_SET_VALUE, nullptr, nullptr);
      break;
    default:
      throw CaptureError(CaptureFailure::Failed, "option " + name + " cannot be set from the configuration");
  }
  if (status != SANE_STATUS_GOOD)
    throw CaptureError(CaptureFailure::Failed, "setting " + name + ": " + sane_strstatus(status));
}

}  // namespace

std::optional<PageSize> page_size_named(std::string_view name) {
  const std::string key = lower(name);
  if (key == "a4") return PageSize{210, 297};
  if (key == "a5") return PageSize{148, 210};
  if (key == "letter") return PageSize{215.9, 279.4};
  if (key == "legal") return PageSize{215.9, 355.6};
  return std::nullopt;
}

std::vector<std::pair<std::string, std::string>> parse_option_list(const std::vector<std::string>& items) {
  std::vector<std::pair<std::string, std::string>> options;
  for (const auto& item : items) {
    const size_t equals = item.find('=');
    if (equals == std::string::npos || equals == 0) throw std::invalid_argument("\"" + item + "\" is not name=value");
    options.emplace_back(item.substr(0, equals), item.substr(equals + 1));
  }
  return options;
}

CaptureFailure failure_of_sane_status(int sane_status) {
  switch (static_cast<SANE_Status>(sane_status)) {
    case SANE_STATUS_DEVICE_BUSY:
      return CaptureFailure::Busy;
    case SANE_STATUS_JAMMED:
      return CaptureFailure::Jammed;
    case SANE_STATUS_NO_DOCS:
      return CaptureFailure::NoPaper;
    case SANE_STATUS_COVER_OPEN:
      return CaptureFailure::CoverOpen;
    case SANE_STATUS_IO_ERROR:
      return CaptureFailure::Disconnected;
    case SANE_STATUS_CANCELLED:
      return CaptureFailure::Cancelled;
    case SANE_STATUS_ACCESS_DENIED:
      return CaptureFailure::Missing;
    default:
      return CaptureFailure::Failed;
  }
}

std::vector<ScannerInfo> list_scanners() {
  std::lock_guard lock(sane_mutex());
  ensure_sane_initialised();
  const SANE_Device** devices = nullptr;
  const SANE_Status status = sane_get_devices(&devices, SANE_FALSE);
  if (status != SANE_STATUS_GOOD) throw CaptureError(CaptureFailure::Failed, sane_error("sane_get_devices", status));
  std::vector<ScannerInfo> out;
  for (const SANE_Device** device = devices; device && *device; ++device)
    out.push_back({(*device)->name ? (*device)->name : "", (*device)->vendor ? (*device)->vendor : "",
                   (*device)->model ? (*device)->model : "", (*device)->type ? (*device)->type : ""});
  return out;
}

DocumentScanner::DocumentScanner(ScanSettings settings) : settings_(std::move(settings)) {}

DocumentScanner::~DocumentScanner() {
  close();
}

void DocumentScanner::open() {
  if (handle_) return;
  if (settings_.device.empty()) throw CaptureError(CaptureFailure::Missing, "no document scanner is configured");
  ensure_sane_initialised();
  SANE_Handle handle = nullptr;
  const SANE_Status status = sane_open(settings_.device.c_str(), &handle);
  if (status != SANE_STATUS_GOOD) {
    // sane_open answers INVAL (or IO_ERROR) for a device that is not there: "missing" to the citizen.
    const CaptureFailure failure = status == SANE_STATUS_DEVICE_BUSY ? CaptureFailure::Busy : CaptureFailure::Missing;
    throw CaptureError(failure, "cannot open the scanner " + settings_.device + ": " + sane_strstatus(status));
  }
  std::lock_guard lock(cancel_mutex_);
  handle_ = handle;
}

void DocumentScanner::close() {
  std::lock_guard guard(sane_mutex());
  std::lock_guard lock(cancel_mutex_);
  if (!handle_) return;
  if (batch_open_) sane_cancel(handle_);
  batch_open_ = false;
  sane_close(handle_);
  handle_ = nullptr;
}

void DocumentScanner::end_batch() {
  std::lock_guard guard(sane_mutex());
  std::lock_guard lock(cancel_mutex_);
  if (handle_ && batch_open_) sane_cancel(handle_);
  batch_open_ = false;
}

void DocumentScanner::cancel() {
  cancelled_ = true;
  // SANE allows sane_cancel from another thread (or a signal handler) to stop a blocking sane_read. When
  // the lock is taken the reading thread is itself cancelling or closing the device, perhaps stuck in the
  // driver: it sees cancelled_ when it returns, and waiting for it here would stall this caller too.
  std::unique_lock lock(cancel_mutex_, std::try_to_lock);
  if (lock.owns_lock() && handle_) sane_cancel(handle_);
}

void DocumentScanner::apply_options(bool colour) {
  SANE_Handle handle = handle_;
  // The configuration's own options first: a source (flatbed / feeder) changes the geometry ranges.
  for (const auto& [name, value] : settings_.options) set_named_option(handle, name, value);
  if (Option mode = find_option(handle, SANE_NAME_SCAN_MODE);
      settable(mode) && mode.descriptor->type == SANE_TYPE_STRING)
    if (auto name = mode_name(mode.descriptor, colour)) set_string(handle, mode, *name);
  set_number(handle, SANE_NAME_BIT_DEPTH, 8);
  if (auto dpi = set_number(handle, SANE_NAME_SCAN_RESOLUTION, settings_.dpi))
    last_dpi_ = static_cast<int>(std::lround(*dpi));
  else
    last_dpi_ = settings_.dpi;
  // The page from its top-left corner, as much of it as the glass holds.
  set_number(handle, SANE_NAME_SCAN_TL_X, 0);
  set_number(handle, SANE_NAME_SCAN_TL_Y, 0);
  if (Option br_x = find_option(handle, SANE_NAME_SCAN_BR_X); settable(br_x) && br_x.descriptor->unit == SANE_UNIT_MM)
    set_number(handle, SANE_NAME_SCAN_BR_X, std::min(settings_.page.width_mm, range_max(br_x.descriptor, 1e9)));
  if (Option br_y = find_option(handle, SANE_NAME_SCAN_BR_Y); settable(br_y) && br_y.descriptor->unit == SANE_UNIT_MM)
    set_number(handle, SANE_NAME_SCAN_BR_Y, std::min(settings_.page.height_mm, range_max(br_y.descriptor, 1e9)));
}

Raster DocumentScanner::scan_page(bool colour, const ProgressFn& progress) {
  std::unique_lock guard(sane_mutex());
  cancelled_ = false;
  auto fail = [this](const CaptureError& error) {
    // Give the device back in a known state; a lasting failure also closes it so the next page reopens.
    std::lock_guard lock(cancel_mutex_);
    if (handle_) {
      sane_cancel(handle_);
      batch_open_ = false;
      if (capture_failure_is_lasting(error.failure)) {
        sane_close(handle_);
        handle_ = nullptr;
      }
    }
    log_warn(kLog, std::string("page not captured (") + capture_failure_name(error.failure) + "): " + error.what());
    throw error;
  };
  try {
    open();
    if (batch_open_) {
      // Options cannot change inside a batch on most backends: end it first (the colour may differ).
      sane_cancel(handle_);
      batch_open_ = false;
    }
    apply_options(colour);
    const SANE_Status started = sane_start(handle_);
    if (started != SANE_STATUS_GOOD) {
      const CaptureFailure failure = cancelled_ ? CaptureFailure::Cancelled : failure_of_sane_status(started);
      throw CaptureError(failure, sane_error("sane_start", started));
    }
    batch_open_ = true;
    Raster page = read_page(progress);
    page.dpi = last_dpi_;
    return page;
  } catch (const CaptureError& error) {
    fail(error);
  } catch (const std::bad_alloc&) {
    fail(CaptureError(CaptureFailure::Failed, "out of memory for the page"));
  }
  throw CaptureError(CaptureFailure::Failed, "unreachable");
}

Raster DocumentScanner::read_page(const ProgressFn& progress) {
  SANE_Parameters parameters{};
  SANE_Status status = sane_get_parameters(handle_, &parameters);
  if (status != SANE_STATUS_GOOD)
    throw CaptureError(failure_of_sane_status(status), sane_error("sane_get_parameters", status));
  if (parameters.format != SANE_FRAME_GRAY && parameters.format != SANE_FRAME_RGB)
    throw CaptureError(CaptureFailure::Failed, "three-pass colour scanners are not supported");
  if (parameters.depth != 1 && parameters.depth != 8 && parameters.depth != 16)
    throw CaptureError(CaptureFailure::Failed, "unsupported sample depth " + std::to_string(parameters.depth));
  if (parameters.pixels_per_line <= 0 || parameters.bytes_per_line <= 0)
    throw CaptureError(CaptureFailure::Failed, "the scanner reported an empty line");
  const int channels = parameters.format == SANE_FRAME_RGB ? 3 : 1;
  const size_t line_bytes = static_cast<size_t>(parameters.bytes_per_line);
  const bool known_length = parameters.lines > 0;
  const size_t expected = known_length ? line_bytes * static_cast<size_t>(parameters.lines) : 0;
  if (expected > kMaxPageBytes) throw CaptureError(CaptureFailure::Failed, "the scanner announced an oversized page");

  std::vector<uint8_t> data;
  data.reserve(known_length ? expected : line_bytes * 1024);
  std::vector<SANE_Byte> buffer(64 * 1024);
  double reported = -2;
  for (;;) {
    if (cancelled_) throw CaptureError(CaptureFailure::Cancelled, "cancelled");
    SANE_Int length = 0;
    status = sane_read(handle_, buffer.data(), static_cast<SANE_Int>(buffer.size()), &length);
    if (status == SANE_STATUS_EOF) break;
    if (status != SANE_STATUS_GOOD) {
      const CaptureFailure failure = cancelled_ ? CaptureFailure::Cancelled : failure_of_sane_status(status);
      throw CaptureError(
          failure, sane_error("sane_read", status) + " after " + std::to_string(data.size() / line_bytes) + " lines");
    }
    if (data.size() + static_cast<size_t>(length) > kMaxPageBytes)
      throw CaptureError(CaptureFailure::Failed, "the page is larger than any document page");
    data.insert(data.end(), buffer.data(), buffer.data() + length);
    if (progress) {
      const double share = known_length ? std::min(1.0, double(data.size()) / double(expected)) : -1;
      if (share < 0 || share - reported >= 0.01) {  // at most a hundred calls a page
        progress(share);
        reported = share;
      }
    }
  }
  // Some backends answer a cancel with an early EOF rather than SANE_STATUS_CANCELLED.
  if (cancelled_) throw CaptureError(CaptureFailure::Cancelled, "cancelled");
  const size_t lines = data.size() / line_bytes;
  if (lines == 0) throw CaptureError(CaptureFailure::Disconnected, "the scanner ended the page before its first line");
  if (known_length && lines < static_cast<size_t>(parameters.lines))
    log_warn(kLog,
             "the page ended after " + std::to_string(lines) + " of " + std::to_string(parameters.lines) + " lines");

  Raster page;
  page.width = parameters.pixels_per_line;
  page.height = static_cast<int>(lines);
  page.channels = channels;
  page.pixels.resize(page.row_bytes() * lines);
  const size_t samples = page.row_bytes();
  for (size_t y = 0; y < lines; ++y) {
    const uint8_t* in = data.data() + y * line_bytes;
    uint8_t* out = page.pixels.data() + y * samples;
    if (parameters.depth == 8) {
      std::memcpy(out, in, std::min(samples, line_bytes));
    } else if (parameters.depth == 16) {
      // Samples in the machine's byte order (SANE standard): keep the high byte.
      for (size_t i = 0; i < samples && 2 * i + 1 < line_bytes; ++i) {
        uint16_t sample;
        std::memcpy(&sample, in + 2 * i, 2);
        out[i] = static_cast<uint8_t>(sample >> 8);
      }
    } else {
      // Line art: for grey a set bit is black; for colour (three bits a pixel) a set bit is full intensity.
      for (size_t i = 0; i < samples && i / 8 < line_bytes; ++i) {
        const bool bit = (in[i / 8] >> (7 - i % 8)) & 1;
        out[i] = channels == 1 ? (bit ? 0 : 255) : (bit ? 255 : 0);
      }
    }
  }
  if (progress && reported < 1.0) progress(1.0);
  return page;
}

CapturedPage captured_page_of(Raster page) {
  whiten_paper(page);
  CapturedPage captured;
  captured.jpeg = encode_jpeg(page, page.colour() ? kColourQuality : kGreyQuality);
  captured.width = page.width;
  captured.height = page.height;
  captured.dpi = page.dpi;
  captured.colour = page.colour();
  Raster preview = preview_of(page, kPreviewMaxWidth, kPreviewMaxHeight);
  captured.preview_width = preview.width;
  captured.preview_height = preview.height;
  captured.preview_rgb = std::move(preview.pixels);
  std::fill(page.pixels.begin(), page.pixels.end(), 0);  // the raw scan is the citizen's document too
  return captured;
}

CapturedPage capture_page(DocumentScanner& scanner, bool colour, const ProgressFn& progress) {
  return captured_page_of(scanner.scan_page(colour, progress));
}

}  // namespace mc::capture
