#include "mc/voice/espeak.hpp"

#include <espeak-ng/speak_lib.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <mutex>
#include <stdexcept>
#include <string>

namespace mc::voice {

namespace {

// espeak-ng is one engine per process with global state: initialised once, used under this lock.
std::mutex g_engine_mutex;
int g_sample_rate = 0;
std::string g_current_voice;
std::string g_init_error;

int on_samples(short* samples, int count, espeak_EVENT* events) {
  if (samples && count > 0 && events && events->user_data) {
    auto* out = static_cast<std::vector<int16_t>*>(events->user_data);
    out->insert(out->end(), samples, samples + count);
  }
  return 0;  // continue
}

void initialise_once(const std::string& data_path) {
  static std::once_flag once;
  std::call_once(once, [&] {
    // DONT_EXIT: a broken data directory must be an error here, not exit(1) of the whole kiosk.
    const int rate = espeak_Initialize(AUDIO_OUTPUT_SYNCHRONOUS, 0, data_path.empty() ? nullptr : data_path.c_str(),
                                       espeakINITIALIZE_DONT_EXIT);
    if (rate <= 0) {
      g_init_error = "espeak-ng did not start (is espeak-ng-data installed" +
                     (data_path.empty() ? std::string("") : " in " + data_path) + "?)";
      return;
    }
    g_sample_rate = rate;
    espeak_SetSynthCallback(on_samples);
  });
}

void select_voice(const std::string& name) {
  if (name == g_current_voice) return;
  if (espeak_SetVoiceByName(name.c_str()) != EE_OK)
    throw std::runtime_error("espeak-ng has no voice \"" + name + "\" (espeak-ng --voices lists them)");
  g_current_voice = name;
}

}  // namespace

EspeakSynthesizer::EspeakSynthesizer(EspeakOptions options) : options_(std::move(options)) {
  std::lock_guard lock(g_engine_mutex);
  initialise_once(options_.data_path);
  if (g_sample_rate <= 0) throw std::runtime_error(g_init_error);
  sample_rate_ = g_sample_rate;
  // Check both voices now, so a misspelt voice name is reported at start, not at the first word.
  select_voice(options_.voice_en);
  select_voice(options_.voice_vi);
}

Pcm EspeakSynthesizer::synthesize(std::string_view words, Lang lang) {
  Pcm pcm;
  pcm.sample_rate = sample_rate_;
  if (words.empty()) return pcm;
  const std::string text(words);
  {
    std::lock_guard lock(g_engine_mutex);
    select_voice(lang == Lang::En ? options_.voice_en : options_.voice_vi);
    espeak_SetParameter(espeakRATE, std::clamp(options_.rate_wpm, 80, 450), 0);
    const espeak_ERROR result =
        espeak_Synth(text.c_str(), text.size() + 1, 0, POS_CHARACTER, 0, espeakCHARS_UTF8, nullptr, &pcm.samples);
    if (result != EE_OK) throw std::runtime_error("espeak-ng could not synthesise the sentence");
  }
  // Peak normalisation: espeak-ng writes up to full scale, which clips once any gain is applied.
  int peak = 0;
  for (int16_t s : pcm.samples) peak = std::max(peak, std::abs(int(s)));
  if (peak > 0) {
    const double scale = options_.peak * 32767.0 / peak;
    for (int16_t& s : pcm.samples) s = int16_t(std::lround(s * scale));
  }
  return pcm;
}

}  // namespace mc::voice
