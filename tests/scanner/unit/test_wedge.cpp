#include <catch2/catch.hpp>

#include "mc/scanner/wedge.hpp"

using namespace mc::scanner;
using Kind = WedgeEvent::Kind;

namespace {
const std::string kPayload = "001099012345||Nguyễn Văn A|15031999|Nam|Số 1|10052021";

// Feeds one key event per code point, `ms_per_char` apart, then the terminator; polls after every event
// as the UI does each frame. Returns everything the UI would receive.
std::vector<WedgeEvent> type(WedgeDetector& wedge, const std::string& text, int64_t& t, int64_t ms_per_char,
                             Kind terminator = Kind::Enter) {
  std::vector<WedgeEvent> events;
  auto drain = [&](int64_t now) {
    for (auto& e : wedge.poll(now)) events.push_back(std::move(e));
  };
  for (size_t i = 0; i < text.size();) {
    size_t len = 1;
    while (i + len < text.size() && (static_cast<unsigned char>(text[i + len]) & 0xC0) == 0x80) ++len;
    wedge.feed_text(text.substr(i, len), t);
    i += len;
    // The UI polls between key events (a frame every ~16 ms at most).
    for (int64_t now = t + 16; now < t + ms_per_char; now += 16) drain(now);
    t += ms_per_char;
  }
  if (terminator == Kind::Enter) wedge.feed_enter(t);
  if (terminator == Kind::Tab) wedge.feed_tab(t);
  drain(t);
  t += 1000;
  drain(t);
  return events;
}

std::string typed_text(const std::vector<WedgeEvent>& events) {
  std::string out;
  for (const auto& e : events)
    if (e.kind == Kind::Typed) out += e.text;
  return out;
}
}  // namespace

TEST_CASE("wedge: a burst at scanner speed (5 ms/char) ending in Enter is one scan, nothing typed", "[unit]") {
  WedgeDetector wedge;
  int64_t t = 1000;
  const auto events = type(wedge, kPayload, t, 5);
  REQUIRE(events.size() == 1);
  CHECK(events[0].kind == Kind::Scanned);
  CHECK(events[0].text == kPayload);
  CHECK_FALSE(wedge.holding());
}

TEST_CASE("wedge: a scan ending in Tab is a scan too, the Tab is swallowed", "[unit]") {
  WedgeDetector wedge;
  int64_t t = 0;
  const auto events = type(wedge, "000.00.15.G12-260305-1007", t, 8, Kind::Tab);
  REQUIRE(events.size() == 1);
  CHECK(events[0] == WedgeEvent{Kind::Scanned, "000.00.15.G12-260305-1007"});
}

TEST_CASE("wedge: a person typing the same text (150 ms/char) is typing, Enter passes through", "[unit]") {
  WedgeDetector wedge;
  int64_t t = 0;
  const auto events = type(wedge, kPayload, t, 150);
  CHECK(typed_text(events) == kPayload);
  REQUIRE_FALSE(events.empty());
  CHECK(events.back().kind == Kind::Enter);
  for (const auto& e : events) CHECK(e.kind != Kind::Scanned);
}

TEST_CASE("wedge: a fast short burst (rollover of a few keys) is typing, not a scan", "[unit]") {
  WedgeDetector wedge;
  int64_t t = 0;
  const auto events = type(wedge, "abc", t, 5);
  CHECK(typed_text(events) == "abc");
  CHECK(events.back().kind == Kind::Enter);
}

TEST_CASE("wedge: a person types, then a scan arrives, each goes to its place in order", "[unit]") {
  WedgeDetector wedge;
  int64_t t = 0;
  std::vector<WedgeEvent> events;
  // Typing "Hà Nội" without Enter, then 400 ms later the scanner fires.
  const std::string typed = "Hà Nội";
  for (size_t i = 0; i < typed.size();) {
    size_t len = 1;
    while (i + len < typed.size() && (static_cast<unsigned char>(typed[i + len]) & 0xC0) == 0x80) ++len;
    wedge.feed_text(typed.substr(i, len), t);
    i += len;
    t += 150;
    for (auto& e : wedge.poll(t)) events.push_back(e);
  }
  t += 400;
  for (auto& e : type(wedge, kPayload, t, 4)) events.push_back(e);
  REQUIRE(events.size() >= 2);
  CHECK(typed_text(events) == typed);
  CHECK(events.back() == WedgeEvent{Kind::Scanned, kPayload});
}

TEST_CASE("wedge: held characters are released as typing once the gap shows a person", "[unit]") {
  WedgeDetector wedge;
  wedge.feed_text("x", 100);
  CHECK(wedge.holding());
  CHECK(wedge.poll(120).empty());  // still could be the start of a scan
  const auto later = wedge.poll(100 + wedge.options().max_gap_ms + 1);
  REQUIRE(later.size() == 1);
  CHECK(later[0] == WedgeEvent{Kind::Typed, "x"});
  CHECK_FALSE(wedge.holding());
}

TEST_CASE("wedge: a scan whose Enter comes late (after the gap) is not taken as a scan", "[unit]") {
  WedgeDetector wedge;
  int64_t t = 0;
  for (char c : std::string("0123456789")) wedge.feed_text(std::string(1, c), t += 5);
  wedge.feed_enter(t + 500);
  const auto events = wedge.poll(t + 500);
  CHECK(typed_text(events) == "0123456789");
  CHECK(events.back().kind == Kind::Enter);
}

TEST_CASE("wedge: thresholds are configurable (a slow 25 ms/char scanner)", "[unit]") {
  int64_t t = 0;
  WedgeDetector strict(WedgeOptions{20, 8});
  CHECK(type(strict, kPayload, t, 25).back().kind == Kind::Enter);
  WedgeDetector relaxed(WedgeOptions{60, 8});
  const auto events = type(relaxed, kPayload, t, 25);
  REQUIRE(events.size() == 1);
  CHECK(events[0].kind == Kind::Scanned);
}

namespace {
// A scan whose keys happened 5 ms apart on the window system's clock (source_start, wrapping 32-bit), read by
// a loop that reads promptly except for one slow frame of frame_ms after the 10th key: the keys typed during
// it are all read at its end. Feeds the wedge with the times `stamp` gives each key; returns the events.
template <typename Stamp>
std::vector<WedgeEvent> scan_across_slow_frame(WedgeDetector& wedge, uint32_t source_start, int64_t frame_ms,
                                               Stamp stamp) {
  std::vector<std::string> keys;
  for (size_t i = 0; i < kPayload.size();) {
    size_t len = 1;
    while (i + len < kPayload.size() && (static_cast<unsigned char>(kPayload[i + len]) & 0xC0) == 0x80) ++len;
    keys.push_back(kPayload.substr(i, len));
    i += len;
  }
  std::vector<WedgeEvent> events;
  const int64_t local_start = 50'000;  // the local clock when the first key happened (+1 ms to read it)
  int64_t frame_end = local_start + 10 * 5 + frame_ms;
  auto read_time = [&](size_t k) {
    const int64_t happened = local_start + int64_t(k * 5);
    return (k < 10 ? happened : std::max(happened, frame_end)) + 1;
  };
  for (size_t k = 0; k <= keys.size(); ++k) {
    const uint32_t source = source_start + uint32_t(k * 5);
    const int64_t read = read_time(k);
    if (k < keys.size())
      wedge.feed_text(keys[k], stamp(source, read));
    else
      wedge.feed_enter(stamp(source, read));
    // The loop polls once it has read every key waiting, as the kiosk's event loop does.
    if (k == keys.size() || read_time(k + 1) > read)
      for (auto& e : wedge.poll(read)) events.push_back(std::move(e));
  }
  for (auto& e : wedge.poll(frame_end + 1000)) events.push_back(std::move(e));
  return events;
}
}  // namespace

TEST_CASE("wedge: a scan read across an 80 ms frame stays one scan on the keys' own times (issue 13)", "[unit]") {
  for (uint32_t source_start : {uint32_t(123'456), uint32_t(0xFFFFFFF0u)}) {  // also across the 32-bit wrap
    INFO("source clock starts at " << source_start);
    WedgeDetector wedge(WedgeOptions{30, 8});
    KeyTimeMapper mapper;
    const auto events = scan_across_slow_frame(
        wedge, source_start, 80, [&](uint32_t source, int64_t read) { return mapper.local_time(source, read); });
    REQUIRE(events.size() == 1);
    CHECK(events[0] == WedgeEvent{Kind::Scanned, kPayload});
  }
  // The times the loop read the keys at split the same scan: what the kiosk did before.
  WedgeDetector wedge(WedgeOptions{30, 8});
  const auto split = scan_across_slow_frame(wedge, 0, 80, [](uint32_t, int64_t read) { return read; });
  CHECK(split.size() > 1);
}

TEST_CASE("wedge: the key clock mapper follows the quickest read and survives a clock jump", "[unit]") {
  KeyTimeMapper mapper;
  CHECK(mapper.local_time(1000, 5020) == 5020);  // first key: its read time is the best guess
  CHECK(mapper.local_time(1010, 5021) == 5021);  // read quicker than the first: the offset is learnt from it
  CHECK(mapper.local_time(1020, 5100) == 5031);  // read late (a slow frame): put back where it happened
  CHECK(mapper.local_time(900'000, 5200) == 5200);  // the source clock jumped: no minute-long "delay"
  CHECK(mapper.local_time(900'010, 5210) == 5210);
}
