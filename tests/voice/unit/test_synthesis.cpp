// espeak-ng behind the Synthesizer interface, the chime and WAV files: real engine, real data files.
#include <catch2/catch.hpp>

#include <unistd.h>
#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "mc/core/speech_text.hpp"
#include "mc/voice/chime.hpp"
#include "mc/voice/espeak.hpp"
#include "mc/voice/wav.hpp"

using namespace mc;
using namespace mc::voice;

namespace {

int peak(const Pcm& pcm) {
  int p = 0;
  for (int16_t s : pcm.samples) p = std::max(p, std::abs(int(s)));
  return p;
}

// Share of 10 ms windows whose RMS is above 1% of full scale.
double voiced_share(const Pcm& pcm) {
  const size_t window = size_t(pcm.sample_rate) / 100;
  size_t voiced = 0, windows = 0;
  for (size_t at = 0; at + window <= pcm.samples.size(); at += window, ++windows) {
    double sum = 0;
    for (size_t i = at; i < at + window; ++i) sum += double(pcm.samples[i]) * pcm.samples[i];
    if (std::sqrt(sum / window) > 327) ++voiced;
  }
  return windows ? double(voiced) / windows : 0;
}

std::filesystem::path temp_dir(const std::string& name) {
  auto dir = std::filesystem::temp_directory_path() / ("mc-test-voice-" + name + "-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  return dir;
}

}  // namespace

TEST_CASE("espeak-ng says a normalised Vietnamese sentence at 22050 Hz, scaled below clipping", "[voice]") {
  EspeakSynthesizer engine;
  CHECK(engine.sample_rate() == 22050);
  const SpeechNormalizer normalizer = SpeechNormalizer::load(std::string(MC_TEST_ASSETS_DIR) + "/voice");
  const std::string words = normalizer.normalize("Mời số A002 đến quầy 2", Lang::Vi);
  const Pcm pcm = engine.synthesize(words, Lang::Vi);
  INFO(pcm.seconds() << " s");
  CHECK(pcm.seconds() > 1.0);  // nine syllables
  CHECK(pcm.seconds() < 4.0);
  CHECK(voiced_share(pcm) > 0.5);
  CHECK(std::abs(peak(pcm) - int(0.7 * 32767)) <= 1);  // espeak's near-clipping output, scaled to -3 dBFS

  // More words take longer: the engine reads what it is given, not a fixed prompt.
  const Pcm longer =
      engine.synthesize(normalizer.normalize("Mời số A002 đến quầy 2, mời số A003 đến quầy 3", Lang::Vi), Lang::Vi);
  CHECK(longer.seconds() > pcm.seconds() * 1.6);
  const Pcm english = engine.synthesize("Your number is eh zero zero two", Lang::En);
  CHECK(english.seconds() > 0.8);
  CHECK(engine.synthesize("", Lang::Vi).samples.empty());
}

TEST_CASE("a slower rate makes longer speech, and an unknown voice is refused by name", "[voice]") {
  EspeakOptions slow;
  slow.rate_wpm = 100;
  EspeakOptions fast;
  fast.rate_wpm = 250;
  const std::string words = "xin mời công dân có số thứ tự a không không hai đến quầy số hai";
  const double slow_s = EspeakSynthesizer(slow).synthesize(words, Lang::Vi).seconds();
  const double fast_s = EspeakSynthesizer(fast).synthesize(words, Lang::Vi).seconds();
  CHECK(slow_s > fast_s * 1.5);
  EspeakOptions wrong;
  wrong.voice_vi = "vi-xx-nowhere";
  CHECK_THROWS_WITH(EspeakSynthesizer(wrong), Catch::Contains("no voice \"vi-xx-nowhere\""));
}

TEST_CASE("the chime from assets/voice/chime.json: its notes, its length, its level", "[voice]") {
  const ChimeSpec spec = load_chime(std::string(MC_TEST_ASSETS_DIR) + "/voice/chime.json");
  REQUIRE(spec.notes.size() >= 2);
  const Pcm chime = render_chime(spec, 22050);
  const double expected_s = ((spec.notes.size() - 1) * spec.spacing_ms + spec.notes.back().duration_ms) / 1000.0;
  CHECK(chime.seconds() == Approx(expected_s).margin(0.01));
  CHECK(std::abs(peak(chime) - int(spec.level * 32767)) <= 1);
  // Each note starts loud: the 20 ms after each onset is louder than the 20 ms before it.
  auto rms = [&](double from_s) {
    const size_t a = size_t(from_s * 22050), b = a + 441;
    double sum = 0;
    for (size_t i = a; i < b; ++i) sum += double(chime.samples[i]) * chime.samples[i];
    return std::sqrt(sum / 441);
  };
  for (size_t i = 1; i < spec.notes.size(); ++i) {
    const double onset = i * spec.spacing_ms / 1000.0;
    CHECK(rms(onset + 0.005) > rms(onset - 0.025) * 1.2);
  }

  const auto dir = temp_dir("chime");
  std::ofstream(dir / "chime.json") << R"({"notes": [{"frequency_hz": 50000, "duration_ms": 300}],
                                            "spacing_ms": 300, "level": 0.5, "decay_per_second": 3,
                                            "harmonics": [1]})";
  CHECK_THROWS_WITH(load_chime((dir / "chime.json").string()),
                    Catch::Contains("chime.json: $.notes[0].frequency_hz: must be between"));
  std::filesystem::remove_all(dir);
}

TEST_CASE("WAV files round-trip and bad ones are refused with the reason", "[voice]") {
  const auto dir = temp_dir("wav");
  Pcm pcm;
  pcm.sample_rate = 22050;
  for (int i = 0; i < 2205; ++i) pcm.samples.push_back(int16_t(10000 * std::sin(i * 0.1)));
  write_wav((dir / "a.wav").string(), pcm);
  CHECK(std::filesystem::file_size(dir / "a.wav") == 44 + 2 * 2205);
  const Pcm back = read_wav((dir / "a.wav").string());
  CHECK(back.sample_rate == 22050);
  CHECK(back.samples == pcm.samples);
  std::ofstream(dir / "b.wav") << "not a wav";
  CHECK_THROWS_WITH(read_wav((dir / "b.wav").string()), Catch::Contains("not a RIFF/WAVE file"));
  CHECK_THROWS_WITH(write_wav((dir / "missing" / "c.wav").string(), pcm), Catch::Contains("cannot write"));
  std::filesystem::remove_all(dir);
}
