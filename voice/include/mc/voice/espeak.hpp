#pragma once
// The espeak-ng engine (its Vietnamese voice "vi", English "en"): offline, small, fast — a 2 s sentence in a
// few milliseconds. espeak-ng keeps global state, so every EspeakSynthesizer shares one engine behind a lock.
#include <string>

#include "mc/voice/synthesizer.hpp"

namespace mc::voice {

struct EspeakOptions {
  std::string voice_vi = "vi";
  std::string voice_en = "en";
  int rate_wpm = 150;
  // espeak-ng's output peaks at full scale: every sentence is scaled so its peak sits here (about -3 dBFS),
  // leaving headroom for the player's volume and the sound card.
  double peak = 0.7;
  std::string data_path;  // empty: espeak-ng's own (espeak-ng-data)
};

class EspeakSynthesizer : public Synthesizer {
 public:
  // Throws std::runtime_error naming the reason when the engine cannot start or a voice does not exist.
  explicit EspeakSynthesizer(EspeakOptions options = {});
  int sample_rate() const override { return sample_rate_; }
  Pcm synthesize(std::string_view words, Lang lang) override;

 private:
  EspeakOptions options_;
  int sample_rate_ = 0;
};

}  // namespace mc::voice
