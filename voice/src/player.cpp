#include "mc/voice/player.hpp"

#include <SDL.h>

#include <algorithm>
#include <cmath>

#include "mc/core/log.hpp"
#include "mc/voice/chime.hpp"
#include "mc/voice/espeak.hpp"

namespace mc::voice {

SpeechPlayer::SpeechPlayer(std::unique_ptr<Synthesizer> synthesizer, SpeechNormalizer normalizer, Pcm chime,
                           PlayerOptions options)
    : synthesizer_(std::move(synthesizer)),
      normalizer_(std::move(normalizer)),
      chime_(std::move(chime)),
      options_(std::move(options)) {
  sample_rate_ = synthesizer_ ? synthesizer_->sample_rate() : chime_.sample_rate;
  if (options_.open_device) {
    if (SDL_InitSubSystem(SDL_INIT_AUDIO) != 0) {
      silent_reason_ = SDL_GetError();
    } else {
      audio_subsystem_ = true;
      SDL_AudioSpec want{}, have{};
      want.freq = sample_rate_;
      want.format = AUDIO_S16SYS;
      want.channels = 1;
      want.samples = Uint16(std::clamp(options_.buffer_samples, 64, 8192));
      want.callback = &SpeechPlayer::sdl_callback;
      want.userdata = this;
      // No allowed changes: SDL converts to whatever the card wants, our samples stay 22050 Hz mono.
      device_ = SDL_OpenAudioDevice(options_.device.empty() ? nullptr : options_.device.c_str(), 0, &want, &have, 0);
      if (device_ == 0) {
        silent_reason_ = SDL_GetError();
      } else {
        options_.buffer_samples = have.samples;
        SDL_PauseAudioDevice(device_, 0);
      }
    }
  } else {
    silent_reason_ = "no device requested";
  }
  if (device_ == 0 && options_.open_device)
    log_warn("voice", "no audio device (" + silent_reason_ + "): the kiosk runs silent");
  else if (device_ != 0)
    log_info("voice", std::string("audio on ") + SDL_GetCurrentAudioDriver() + ", " + std::to_string(sample_rate_) +
                          " Hz" + (synthesizer_ ? "" : ", chime only (no speech engine)"));
  thread_ = std::thread(&SpeechPlayer::worker, this);
}

SpeechPlayer::~SpeechPlayer() {
  if (device_ != 0) SDL_CloseAudioDevice(device_);  // first: the callback uses the members below
  device_ = 0;
  {
    std::lock_guard lock(mutex_);
    quit_ = true;
    ++generation_;
  }
  changed_.notify_all();
  thread_.join();
  if (audio_subsystem_) SDL_QuitSubSystem(SDL_INIT_AUDIO);
}

SpeechParts SpeechPlayer::load_parts(const Config& config, bool open_device) {
  SpeechParts parts;
  const std::string voice_dir = config.resolved_assets_dir() + "/voice";
  try {
    parts.normalizer = SpeechNormalizer::load(voice_dir);
  } catch (const std::exception& error) {
    log_error("voice", std::string("voice off: ") + error.what());
    return parts;
  }
  try {
    EspeakOptions options;
    options.voice_vi = config.voice.voice_vi;
    options.voice_en = config.voice.voice_en;
    options.rate_wpm = config.voice.rate;
    parts.synthesizer = std::make_unique<EspeakSynthesizer>(options);
  } catch (const std::exception& error) {
    log_error("voice", std::string("no speech, chime only: ") + error.what());
  }
  const int rate = parts.synthesizer ? parts.synthesizer->sample_rate() : 22050;
  parts.chime.sample_rate = rate;
  try {
    parts.chime = render_chime(load_chime(voice_dir + "/chime.json"), rate);
  } catch (const std::exception& error) {
    log_error("voice", std::string("no chime: ") + error.what());
  }
  parts.options.volume = config.voice.volume;
  parts.options.device = config.voice.audio_device;
  parts.options.open_device = open_device;
  return parts;
}

std::unique_ptr<SpeechPlayer> SpeechPlayer::from_parts(SpeechParts parts) {
  if (!parts.normalizer) return nullptr;
  return std::make_unique<SpeechPlayer>(std::move(parts.synthesizer), std::move(*parts.normalizer),
                                        std::move(parts.chime), std::move(parts.options));
}

std::unique_ptr<SpeechPlayer> SpeechPlayer::from_config(const Config& config, bool open_device) {
  return from_parts(load_parts(config, open_device));
}

uint64_t SpeechPlayer::say(const Speech& speech) {
  if (speech.empty()) return 0;
  // The spoken-text log: what a person near the kiosk heard, never the citizen's personal data.
  std::string logged = speech.chime ? "[chime]" : "";
  for (const SpokenLine& line : speech.lines)
    logged += (logged.empty() ? "" : " ") + (line.personal ? mask_free_text(line.text) : line.text);
  log_info("voice", std::string(silent() ? "(silent) " : "") + "say [" + lang_code(speech.lang) + "] " + logged);
  std::lock_guard lock(mutex_);
  const uint64_t id = next_id_++;
  if (silent()) return id;
  if (speech.interrupt) drop_everything_locked();
  jobs_.push_back({id, speech});
  changed_.notify_all();
  return id;
}

void SpeechPlayer::stop() {
  std::lock_guard lock(mutex_);
  drop_everything_locked();
  changed_.notify_all();
}

void SpeechPlayer::drop_everything_locked() {
  jobs_.clear();
  written_ -= pending_.size();  // positions of later marks count from what was really played
  pending_.clear();
  marks_.clear();
  ++generation_;  // the job being made is dropped too
}

bool SpeechPlayer::idle() const {
  std::lock_guard lock(mutex_);
  return jobs_.empty() && !working_ && pending_.empty();
}

bool SpeechPlayer::wait_idle(std::chrono::milliseconds timeout) const {
  std::unique_lock lock(mutex_);
  return changed_.wait_for(lock, timeout, [&] { return jobs_.empty() && !working_ && pending_.empty(); });
}

std::optional<SpeechPlayer::TimePoint> SpeechPlayer::started_at(uint64_t id) const {
  std::lock_guard lock(mutex_);
  auto it = started_.find(id);
  if (it == started_.end()) return std::nullopt;
  return it->second;
}

std::chrono::microseconds SpeechPlayer::device_buffer_time() const {
  return std::chrono::microseconds(int64_t(options_.buffer_samples) * 1000000 / std::max(1, sample_rate_));
}

void SpeechPlayer::apply_volume(Pcm& pcm) const {
  const double gain = std::clamp(options_.volume, 0, 100) / 100.0;
  for (int16_t& s : pcm.samples) s = int16_t(std::lround(s * gain));
}

Pcm SpeechPlayer::render_line(const SpokenLine& line, Lang lang) {
  Pcm pcm;
  pcm.sample_rate = sample_rate_;
  if (!synthesizer_) return pcm;
  const std::string words = normalizer_.normalize(line.text, lang);
  if (words.empty()) return pcm;
  try {
    pcm = synthesizer_->synthesize(words, lang);
  } catch (const std::exception& error) {
    log_warn("voice", std::string("a line was not spoken: ") + error.what());
  }
  apply_volume(pcm);
  return pcm;
}

Pcm SpeechPlayer::render(const Speech& speech) {
  Pcm out;
  out.sample_rate = sample_rate_;
  if (speech.chime) {
    Pcm chime = chime_;
    apply_volume(chime);
    out.append(chime);
  }
  for (size_t i = 0; i < speech.lines.size(); ++i) {
    if (i == 0 && speech.chime) out.append_silence(options_.pause_after_chime_ms);
    if (i > 0) out.append_silence(options_.pause_between_lines_ms);
    out.append(render_line(speech.lines[i], speech.lang));
  }
  return out;
}

void SpeechPlayer::append(const Pcm& pcm, uint64_t id, uint64_t generation) {
  std::lock_guard lock(mutex_);
  if (generation != generation_) return;  // interrupted while it was being made
  if (id != 0) marks_.emplace_back(written_, id);
  pending_.insert(pending_.end(), pcm.samples.begin(), pcm.samples.end());
  written_ += pcm.samples.size();
}

void SpeechPlayer::worker() {
  std::unique_lock lock(mutex_);
  while (true) {
    changed_.wait(lock, [&] { return quit_ || !jobs_.empty(); });
    if (quit_) return;
    Job job = std::move(jobs_.front());
    jobs_.pop_front();
    const uint64_t generation = generation_;
    const bool behind_another = !pending_.empty();
    working_ = true;
    lock.unlock();

    // Line by line: the first line plays while the next one is made, and an interruption stops the rest.
    bool first = true;
    auto still_wanted = [&] {
      std::lock_guard check(mutex_);
      return generation == generation_;
    };
    auto with_pause_before = [&](int pause_ms, Pcm pcm) {
      Pcm out;
      out.sample_rate = sample_rate_;
      out.append_silence(pause_ms);
      out.append(pcm);
      return out;
    };
    if (behind_another) append(with_pause_before(options_.pause_between_utterances_ms, {}), 0, generation);
    if (job.speech.chime) {
      Pcm chime = chime_;
      apply_volume(chime);
      append(chime, job.id, generation);
      first = false;
    }
    for (size_t i = 0; i < job.speech.lines.size(); ++i) {
      if (!still_wanted()) break;
      Pcm pcm = render_line(job.speech.lines[i], job.speech.lang);
      if (i == 0 && job.speech.chime) pcm = with_pause_before(options_.pause_after_chime_ms, std::move(pcm));
      if (i > 0) pcm = with_pause_before(options_.pause_between_lines_ms, std::move(pcm));
      append(pcm, first ? job.id : 0, generation);
      first = false;
    }

    lock.lock();
    working_ = false;
    changed_.notify_all();
  }
}

void SpeechPlayer::sdl_callback(void* self, uint8_t* stream, int length) {
  static_cast<SpeechPlayer*>(self)->audio_callback(stream, length);
}

void SpeechPlayer::audio_callback(uint8_t* stream, int length) {
  auto* out = reinterpret_cast<int16_t*>(stream);
  const size_t wanted = size_t(length) / sizeof(int16_t);
  std::lock_guard lock(mutex_);
  const size_t count = std::min(wanted, pending_.size());
  std::copy_n(pending_.begin(), count, out);
  pending_.erase(pending_.begin(), pending_.begin() + std::ptrdiff_t(count));
  std::fill(out + count, out + wanted, int16_t(0));
  if (count == 0) return;
  played_ += count;
  const auto now = std::chrono::steady_clock::now();
  while (!marks_.empty() && marks_.front().first < played_) {
    started_[marks_.front().second] = now;
    marks_.pop_front();
  }
  while (started_.size() > 256) started_.erase(started_.begin());  // only recent ones are ever asked for
  if (pending_.empty()) changed_.notify_all();
}

}  // namespace mc::voice
