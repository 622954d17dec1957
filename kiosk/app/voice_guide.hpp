#pragma once
// The kiosk's voice, wired: voice guidance for the citizen (mc::GuidanceNarrator decides what is said,
// mc_voice's SpeechPlayer says it) and the waiting-room display's call announcements. Views ask it before a
// control acts (tap once to hear, twice to choose); the app calls update() after every round. Without a
// player (no voice data) everything still works, silently.
#include <cstdint>
#include <string>
#include <vector>

#include "mc/core/config.hpp"
#include "mc/core/i18n.hpp"
#include "mc/core/journey.hpp"
#include "mc/core/voice_script.hpp"
#include "mc/voice/player.hpp"

namespace mc::app {

class VoiceGuide {
 public:
  // `player` may be null: nothing is heard, taps act at once.
  VoiceGuide(voice::SpeechPlayer* player, const Translations& tr, const Config::Voice& config);

  bool enabled() const { return narrator_.enabled(); }
  // Something is being said or waits to be said.
  bool speaking() const { return player_ && !player_->idle(); }
  // The "Nghe hướng dẫn / Listen" button and the keypad key: on with one tap, off with another.
  void toggle(const Journey& journey);
  // A tap on a control: true when it should act now. Guidance on and tap-to-hear: the first tap says the
  // label (and, with private audio only, `personal_value`), a second one acts.
  bool tap(const std::string& id, const std::string& label, int64_t now_ms, const std::string& personal_value = "");
  // Keys of the on-screen keyboard: said and typed at once (an echo, as screen readers do). Keys typed into
  // a personal field (name, ID number...) are echoed only with private audio.
  void echo(const std::string& label, bool personal);
  // After each round of the loop: new screens, errors, notices, the idle warning, the ticket's number.
  void update(const Journey& journey, int64_t now_ms);
  // The waiting-room display: calls and recalls new since the last round (WaitingRoomFeed::take_new_calls,
  // oldest first) are announced in turn, queued (chime and words, chime only, or nothing: voice.announce).
  void announce_calls(const std::vector<Ticket>& new_calls, Lang lang);

 private:
  void say(const Speech& speech);

  voice::SpeechPlayer* player_;
  const Translations& tr_;
  GuidanceNarrator narrator_;
  AnnounceMode announce_;
  int repeats_;
};

}  // namespace mc::app
