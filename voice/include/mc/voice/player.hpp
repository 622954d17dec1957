#pragma once
// Speaks mc::Speech through SDL2 audio. A worker thread normalises and synthesises line by line (the first
// line starts playing while the next is made); SDL's audio thread pulls the samples. A Speech marked
// `interrupt` stops what is playing and drops what is queued (a new screen, a tapped button); others queue
// behind (call announcements that come quickly).
//
// With no audio device the player runs silent and says so once in the log: the kiosk never stops for want
// of a loudspeaker. Every utterance goes to the log ("voice" component) as the spoken-text log, with lines
// marked personal masked.
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>

#include "mc/core/config.hpp"
#include "mc/core/speech_text.hpp"
#include "mc/core/voice_script.hpp"
#include "mc/voice/synthesizer.hpp"

namespace mc::voice {

struct PlayerOptions {
  int volume = 80;           // 0-100
  std::string device;        // SDL output device; empty: the default
  int buffer_samples = 512;  // SDL's buffer: 23 ms at 22050 Hz, the floor of the tap-to-sound latency
  int pause_between_lines_ms = 250;
  int pause_after_chime_ms = 400;
  int pause_between_utterances_ms = 500;  // a queued utterance after one still playing
  bool open_device = true;                // false: never touch SDL audio (kioskctl writing a file)
};

// What a player is made of, loaded from the configuration and assets (the speech engine started, the chime
// rendered): the slow part of making one, which needs no audio device and may run on any thread.
struct SpeechParts {
  std::unique_ptr<Synthesizer> synthesizer;    // null: the engine did not start (chime only)
  std::optional<SpeechNormalizer> normalizer;  // none: the voice is off
  Pcm chime;
  PlayerOptions options;
};

class SpeechPlayer {
 public:
  using TimePoint = std::chrono::steady_clock::time_point;

  // `synthesizer` may be null (the engine did not start): then only the chime sounds.
  SpeechPlayer(std::unique_ptr<Synthesizer> synthesizer, SpeechNormalizer normalizer, Pcm chime,
               PlayerOptions options = {});
  ~SpeechPlayer();
  SpeechPlayer(const SpeechPlayer&) = delete;
  SpeechPlayer& operator=(const SpeechPlayer&) = delete;

  // Everything the kiosk needs from its configuration and assets; never throws: whatever is missing is
  // logged and the player runs with what it has (no engine: chime only; no device: silent).
  static std::unique_ptr<SpeechPlayer> from_config(const Config& config, bool open_device = true);
  // The two halves of from_config: the parts (any thread; the kiosk loads them while its window opens),
  // then the player, which opens the audio device (the thread that initialised SDL).
  static SpeechParts load_parts(const Config& config, bool open_device = true);
  static std::unique_ptr<SpeechPlayer> from_parts(SpeechParts parts);

  // Returns an id for started_at(); 0 when there was nothing to say.
  uint64_t say(const Speech& speech);
  void stop();  // silence now, drop the queue

  bool silent() const { return device_ == 0; }  // no audio device: nothing is heard
  const std::string& silent_reason() const { return silent_reason_; }
  bool has_engine() const { return synthesizer_ != nullptr; }
  // Nothing queued, being made or playing.
  bool idle() const;
  bool wait_idle(std::chrono::milliseconds timeout) const;
  // When the first sample of utterance `id` was handed to the audio device (tests, bench_voice).
  std::optional<TimePoint> started_at(uint64_t id) const;
  std::chrono::microseconds device_buffer_time() const;  // how long one device buffer plays

  // The whole utterance as PCM, as it would be played (chime, lines, pauses, volume): for
  // `kioskctl say --wav`, tests and the benchmark. Runs on the caller's thread.
  Pcm render(const Speech& speech);
  int sample_rate() const { return sample_rate_; }

 private:
  struct Job {
    uint64_t id;
    Speech speech;
  };
  void worker();
  void audio_callback(uint8_t* stream, int length);
  static void sdl_callback(void* self, uint8_t* stream, int length);
  Pcm render_line(const SpokenLine& line, Lang lang);
  void append(const Pcm& pcm, uint64_t id, uint64_t generation);
  void apply_volume(Pcm& pcm) const;
  void drop_everything_locked();  // mutex_ held

  std::unique_ptr<Synthesizer> synthesizer_;
  SpeechNormalizer normalizer_;
  Pcm chime_;
  PlayerOptions options_;
  int sample_rate_ = 22050;
  uint32_t device_ = 0;
  bool audio_subsystem_ = false;
  std::string silent_reason_;

  mutable std::mutex mutex_;
  mutable std::condition_variable changed_;
  std::deque<Job> jobs_;
  bool working_ = false;  // the worker is making a job's sound
  uint64_t next_id_ = 1;
  uint64_t generation_ = 0;                          // bumped by an interruption: older sound is dropped
  std::deque<int16_t> pending_;                      // samples waiting for the device
  uint64_t written_ = 0, played_ = 0;                // samples appended / handed to the device, ever
  std::deque<std::pair<uint64_t, uint64_t>> marks_;  // (sample position, utterance id) not yet started
  std::map<uint64_t, TimePoint> started_;
  bool quit_ = false;
  std::thread thread_;
};

}  // namespace mc::voice
