#pragma once
// Speech synthesis behind a small interface — a sentence in, PCM out — so a better engine can replace
// espeak-ng later without touching the player or the kiosk.
#include <cstdint>
#include <string_view>
#include <vector>

#include "mc/core/localized.hpp"

namespace mc::voice {

// Mono, signed 16-bit samples.
struct Pcm {
  int sample_rate = 22050;
  std::vector<int16_t> samples;
  double seconds() const { return sample_rate > 0 ? double(samples.size()) / sample_rate : 0.0; }
  void append(const Pcm& other) { samples.insert(samples.end(), other.samples.begin(), other.samples.end()); }
  void append_silence(int milliseconds) { samples.resize(samples.size() + size_t(sample_rate) * milliseconds / 1000); }
};

class Synthesizer {
 public:
  virtual ~Synthesizer() = default;
  virtual int sample_rate() const = 0;
  // `words` are what to say, already normalised (mc::SpeechNormalizer): no digits or codes left to guess.
  // Throws std::runtime_error if the engine fails.
  virtual Pcm synthesize(std::string_view words, Lang lang) = 0;
};

}  // namespace mc::voice
