// Playback through SDL's real audio path, with the disk driver standing in for the sound card: it writes
// exactly what the device is given, paced in real time, so the tests can find the speech in the file.
#include <catch2/catch.hpp>

#include <unistd.h>
#include <chrono>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <thread>

#include "mc/core/config.hpp"
#include "mc/voice/player.hpp"

using namespace mc;
using namespace mc::voice;
using namespace std::chrono_literals;

namespace {

std::filesystem::path temp_dir(const std::string& name) {
  auto dir = std::filesystem::temp_directory_path() / ("mc-test-player-" + name + "-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  return dir;
}

std::vector<int16_t> read_raw(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::vector<int16_t> samples;
  int16_t s;
  while (in.read(reinterpret_cast<char*>(&s), 2)) samples.push_back(s);
  return samples;
}

// Non-silent stretches (10 ms windows above 1% RMS), merging gaps shorter than `gap_s`; in seconds.
std::vector<std::pair<double, double>> stretches(const std::vector<int16_t>& samples, double gap_s, int rate = 22050) {
  const size_t window = size_t(rate) / 100;
  std::vector<std::pair<double, double>> out;
  for (size_t at = 0; at + window <= samples.size(); at += window) {
    double sum = 0;
    for (size_t i = at; i < at + window; ++i) sum += double(samples[i]) * samples[i];
    if (std::sqrt(sum / window) < 327) continue;
    const double t = double(at) / rate;
    if (!out.empty() && t - out.back().second <= gap_s)
      out.back().second = t + 0.01;
    else
      out.push_back({t, t + 0.01});
  }
  return out;
}

Config test_config() {
  Config config;
  config.assets_dir = MC_TEST_ASSETS_DIR;
  return config;
}

struct DiskAudio {
  std::filesystem::path dir, file;
  explicit DiskAudio(const std::string& name) : dir(temp_dir(name)), file(dir / "audio.raw") {
    setenv("SDL_AUDIODRIVER", "disk", 1);
    setenv("SDL_DISKAUDIOFILE", file.c_str(), 1);
  }
  ~DiskAudio() {
    unsetenv("SDL_AUDIODRIVER");
    unsetenv("SDL_DISKAUDIOFILE");
    std::filesystem::remove_all(dir);
  }
};

Speech speech(std::initializer_list<const char*> lines, bool interrupt = true, bool chime = false) {
  Speech s;
  for (const char* line : lines) s.lines.push_back({line});
  s.interrupt = interrupt;
  s.chime = chime;
  return s;
}

}  // namespace

TEST_CASE("a spoken sentence reaches the audio device whole, with its first sample timed", "[player]") {
  DiskAudio audio("say");
  const Speech call = speech({"Mời số A002 đến quầy 2"});
  double expected_s = 0;
  {
    auto player = SpeechPlayer::from_config(test_config());
    REQUIRE(player);
    REQUIRE_FALSE(player->silent());
    expected_s = player->render(call).seconds();
    const auto asked = std::chrono::steady_clock::now();
    const uint64_t id = player->say(call);
    REQUIRE(player->wait_idle(10s));
    const auto started = player->started_at(id);
    REQUIRE(started);
    CHECK(*started >= asked);
    std::this_thread::sleep_for(100ms);
  }
  const auto found = stretches(read_raw(audio.file), 0.35);
  REQUIRE(found.size() == 1);  // one sentence, its words closer together than 0.35 s
  const double heard_s = found[0].second - found[0].first;
  INFO("expected " << expected_s << " s, heard " << heard_s << " s");
  CHECK(heard_s > expected_s * 0.8);
  CHECK(heard_s < expected_s + 0.1);
}

TEST_CASE("a new utterance interrupts, queued ones wait their turn", "[player]") {
  DiskAudio audio("interrupt");
  double long_s = 0, short_s = 0;
  {
    auto player = SpeechPlayer::from_config(test_config());
    REQUIRE(player);
    const Speech long_one = speech({"Xin mời công dân có số thứ tự A001 đến quầy số 1 để được tiếp nhận hồ sơ",
                                    "Xin mời công dân có số thứ tự A001 đến quầy số 1"});
    const Speech short_one = speech({"Quay lại"});
    long_s = player->render(long_one).seconds();
    short_s = player->render(short_one).seconds();
    player->say(long_one);
    std::this_thread::sleep_for(600ms);  // a new screen comes while the old one is still being read
    const uint64_t interrupting = player->say(short_one);
    REQUIRE(player->wait_idle(15s));
    CHECK(player->started_at(interrupting));  // and is heard at once, not after the dropped samples
    std::this_thread::sleep_for(100ms);
  }
  const auto found = stretches(read_raw(audio.file), 0.35);
  double total = 0;
  for (const auto& [from, to] : found) total += to - from;
  INFO("long " << long_s << " s, short " << short_s << " s, heard " << total << " s in " << found.size());
  CHECK(total < 0.6 + short_s + 0.5);  // the rest of the long one was dropped
  CHECK(total > short_s * 0.8);

  DiskAudio queued_audio("queue");
  {
    auto player = SpeechPlayer::from_config(test_config());
    player->say(speech({"A002"}, false));
    player->say(speech({"A003"}, false));
    player->say(speech({"A004"}, false));
    REQUIRE(player->wait_idle(15s));
    std::this_thread::sleep_for(100ms);
  }
  // Three calls in quick succession: all three heard, one after the other.
  CHECK(stretches(read_raw(queued_audio.file), 0.2).size() == 3);
}

TEST_CASE("with no audio device the player runs silent and says so", "[player]") {
  setenv("SDL_AUDIODRIVER", "no-such-driver", 1);
  auto player = SpeechPlayer::from_config(test_config());
  unsetenv("SDL_AUDIODRIVER");
  REQUIRE(player);
  CHECK(player->silent());
  CHECK_FALSE(player->silent_reason().empty());
  CHECK(player->say(speech({"Xin chào"})) != 0);
  CHECK(player->wait_idle(1s));
  CHECK(player->render(speech({"Xin chào"})).seconds() > 0.3);  // the words still exist for a file
}
