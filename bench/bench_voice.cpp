// The kiosk's voice (issue 17): time from a tap to the first audio sample of its spoken label (goal under
// 150 ms), the synthesis real-time factor, and the memory the voice adds to the process.
//
// The tap goes through the same path as in the kiosk: GuidanceNarrator::tap (tap-to-hear) -> SpeechPlayer::say
// -> worker thread: normalise, espeak-ng, queue -> SDL's audio thread hands the first sample to the device.
// The device is SDL's disk driver writing to /dev/null, paced in real time like a sound card (one callback per
// 512-sample buffer); "+ buffer" adds the one buffer a real card plays before that sample is heard.
//
//   bench_voice [--taps N]
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "mc/core/config.hpp"
#include "mc/core/i18n.hpp"
#include "mc/core/speech_text.hpp"
#include "mc/core/voice_script.hpp"
#include "mc/voice/espeak.hpp"
#include "mc/voice/player.hpp"

using namespace mc;
using SteadyClock = std::chrono::steady_clock;

namespace {

double ms(SteadyClock::duration d) {
  return std::chrono::duration<double, std::milli>(d).count();
}

double percentile(std::vector<double> values, double p) {
  std::sort(values.begin(), values.end());
  return values[std::min(values.size() - 1, size_t(p * (values.size() - 1) + 0.5))];
}

// Proportional set size and resident size of this process, in KiB.
std::pair<long, long> pss_rss_kib() {
  std::ifstream in("/proc/self/smaps_rollup");
  std::string line;
  long pss = 0, rss = 0;
  while (std::getline(in, line)) {
    if (line.rfind("Pss:", 0) == 0) pss = std::atol(line.c_str() + 4);
    if (line.rfind("Rss:", 0) == 0) rss = std::atol(line.c_str() + 4);
  }
  return {pss, rss};
}

std::string loadavg() {
  std::ifstream in("/proc/loadavg");
  std::string a, b, c;
  in >> a >> b >> c;
  return a + " " + b + " " + c;
}

}  // namespace

int main(int argc, char** argv) {
  int taps = 60;
  for (int i = 1; i + 1 < argc; ++i)
    if (std::strcmp(argv[i], "--taps") == 0) taps = std::max(5, std::atoi(argv[i + 1]));

  std::printf("bench_voice: load average at start %s (2 cores)\n", loadavg().c_str());
  Config config;
  config.assets_dir = MC_BENCH_ASSETS_DIR;
  const Translations tr = Translations::load(config.resolved_assets_dir() + "/i18n");

  // --- memory: before the voice, after the engine, after the player (SDL audio + threads) ---
  const auto before = pss_rss_kib();
  voice::EspeakSynthesizer engine;
  engine.synthesize("xin chào", Lang::Vi);
  engine.synthesize("hello", Lang::En);
  const auto with_engine = pss_rss_kib();
  setenv("SDL_AUDIODRIVER", "disk", 1);
  setenv("SDL_DISKAUDIOFILE", "/dev/null", 1);
  auto player = voice::SpeechPlayer::from_config(config);
  if (!player || player->silent()) {
    std::fprintf(stderr, "bench_voice: could not open SDL's disk audio driver\n");
    return 1;
  }
  player->render(Speech{Lang::Vi, {{"Mời số A002 đến quầy 2"}}});
  const auto with_player = pss_rss_kib();

  // --- synthesis real-time factor over what the kiosk says ---
  const SpeechNormalizer normalizer = SpeechNormalizer::load(config.resolved_assets_dir() + "/voice");
  std::vector<std::pair<Lang, std::string>> sentences;
  for (const char* key : {"attract.title", "attract.start", "choose.title", "choose.search_hint", "identify.title",
                          "identify.scan_hint", "review.title", "review.hint", "receipt.title", "receipt.body",
                          "ticket.wait", "idle.title", "idle.body", "voice.how_to_tap", "voice.private_not_read"})
    for (Lang lang : {Lang::Vi, Lang::En}) sentences.push_back({lang, tr.tr(key, lang)});
  sentences.push_back({Lang::Vi, "Mã hồ sơ: 000.00.15.G12-260302-1007. Ngày hẹn trả kết quả: 09/03/2026, 09:00."});
  sentences.push_back({Lang::Vi, "Lệ phí cấp lại giấy phép lái xe: 135.000 ₫"});
  double synth_s = 0, audio_s = 0, normalise_s = 0;
  for (int round = 0; round < 3; ++round)
    for (const auto& [lang, text] : sentences) {
      const auto t0 = SteadyClock::now();
      const std::string words = normalizer.normalize(text, lang);
      const auto t1 = SteadyClock::now();
      const voice::Pcm pcm = engine.synthesize(words, lang);
      const auto t2 = SteadyClock::now();
      normalise_s += std::chrono::duration<double>(t1 - t0).count();
      synth_s += std::chrono::duration<double>(t2 - t1).count();
      audio_s += pcm.seconds();
    }
  const size_t lines = 3 * sentences.size();

  // --- tap -> first audio sample of the spoken label ---
  std::vector<std::pair<std::string, std::string>> controls;
  for (const char* key : {"attract.start", "attract.take_number", "nav.next", "nav.back", "nav.cancel", "nav.submit",
                          "nav.start_dossier", "voice.toggle", "rating.very_happy", "rating.skip", "ticket.normal",
                          "ticket.priority", "identify.scan", "receipt.reprint", "idle.continue", "review.edit"})
    controls.push_back({key, tr.tr(key, Lang::Vi)});
  VoicePolicy policy;  // tap once to hear
  GuidanceNarrator narrator(tr, policy, /*on_for_every_citizen=*/true);
  std::vector<double> latency_ms;
  int64_t fake_now_ms = 0;
  for (int i = 0; i < taps; ++i) {
    const auto& [id, label] = controls[size_t(i) % controls.size()];
    fake_now_ms += 10'000;  // each tap a new control, outside the confirm window: it speaks
    const auto tapped = SteadyClock::now();
    auto result = narrator.tap(id + std::to_string(i), label, fake_now_ms);
    const uint64_t utterance = player->say(*result.speech);
    std::optional<SteadyClock::time_point> started;
    while (!(started = player->started_at(utterance)) && SteadyClock::now() - tapped < std::chrono::seconds(5))
      std::this_thread::sleep_for(std::chrono::microseconds(200));
    if (!started) {
      std::fprintf(stderr, "bench_voice: tap %d never sounded\n", i);
      return 1;
    }
    latency_ms.push_back(ms(*started - tapped));
    // The next tap comes while this label is still being said (it interrupts), as a citizen exploring does.
    std::this_thread::sleep_for(std::chrono::milliseconds(250 + (i * 37) % 200));
  }
  player->stop();
  const double buffer_ms = std::chrono::duration<double, std::milli>(player->device_buffer_time()).count();

  std::printf(
      "tap -> first audio sample of its spoken label (%d taps, SDL disk driver paced like a card, "
      "%.1f ms buffer):\n",
      taps, buffer_ms);
  std::printf(
      "  to the device: median %.1f ms, p95 %.1f ms, max %.1f ms; heard (+ one buffer): p95 %.1f ms; "
      "goal < 150 ms: %s\n",
      percentile(latency_ms, 0.5), percentile(latency_ms, 0.95),
      *std::max_element(latency_ms.begin(), latency_ms.end()), percentile(latency_ms, 0.95) + buffer_ms,
      percentile(latency_ms, 0.95) + buffer_ms < 150 ? "met" : "NOT met");
  std::printf(
      "synthesis (espeak-ng %d Hz, %zu lines of the kiosk's own text, vi and en): %.2f s of speech in "
      "%.1f ms: real-time factor %.4f (%.0fx faster than real time); normalising %.3f ms a line\n",
      engine.sample_rate(), lines, audio_s, synth_s * 1000, synth_s / audio_s, audio_s / synth_s,
      normalise_s * 1000 / lines);
  std::printf(
      "memory added by the voice: engine + voices %+.1f MB PSS (%+.1f MB RSS); with the player "
      "(SDL audio, worker thread, chime) %+.1f MB PSS (%+.1f MB RSS)\n",
      (with_engine.first - before.first) / 1024.0, (with_engine.second - before.second) / 1024.0,
      (with_player.first - before.first) / 1024.0, (with_player.second - before.second) / 1024.0);
  std::printf("bench_voice: load average at end %s\n", loadavg().c_str());
  return 0;
}
