#pragma once
// What the kiosk says, as a function of what it shows: the words of voice guidance for each screen of the
// citizen's journey, spoken labels of tapped controls, errors and the idle warning, the ticket screen's
// number, and the waiting-room display's call announcements. UI-free, so every rule is unit-tested; the
// voice module (mc_voice) only turns the Speech it is handed into sound.
//
// Privacy (ADA §707.8, EN 301 549 §5.1.3.12): the citizen's personal data — name, ID number, date of
// birth, address, answers — is marked personal and never leaves this model unless the kiosk has a handset
// or headphones (voice.private_audio). Dossier codes, due dates and ticket numbers are not personal (they
// are printed on paper the citizen carries, and logs may carry them).
//
// Texts are as shown on screen (the normaliser in speech_text.hpp makes them speakable) and come from
// assets/i18n ("voice.*" keys for what is only spoken).
#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "mc/core/i18n.hpp"
#include "mc/core/journey.hpp"
#include "mc/core/localized.hpp"
#include "mc/core/tickets.hpp"

namespace mc {

struct SpokenLine {
  std::string text;
  bool personal = false;  // the citizen's own data: only with private audio, and masked in logs
};

struct Speech {
  Lang lang = Lang::Vi;
  std::vector<SpokenLine> lines;
  bool chime = false;     // a chime before the words (call announcements)
  bool interrupt = true;  // true: stop what is being said and say this now; false: say it after
  bool empty() const { return lines.empty() && !chime; }
  std::string text() const;  // the lines joined, for logs and tests
};

struct VoicePolicy {
  bool private_audio = false;    // a handset or headphones: personal data may be spoken
  bool tap_to_hear = true;       // guidance on: the first tap on a control speaks it, a second one acts
  int confirm_window_ms = 6000;  // how long the second tap may come after the first
  bool announce_ticket = true;   // the ticket screen says the number even without guidance
};

// What a screen says when it appears (title, instruction and the facts on it). Personal lines are left out
// unless policy.private_audio.
Speech screen_speech(const Journey& journey, const Translations& tr, const VoicePolicy& policy);

// Voice guidance for the citizen kiosk. The view calls observe() after input and timers, and tap() before a
// control acts; both return what to say (already filtered for privacy).
class GuidanceNarrator {
 public:
  GuidanceNarrator(const Translations& tr, VoicePolicy policy, bool on_for_every_citizen = false);

  bool enabled() const { return enabled_; }
  // Turning guidance on says so and then says the current screen; turning it off says so once.
  Speech set_enabled(bool on, const Journey& journey);
  Speech toggle(const Journey& journey) { return set_enabled(!enabled_, journey); }

  // What changed since the last call and must be said: a new screen (interrupting), then errors, notices, the
  // idle warning, print and ticket results. When the journey returns to the attract screen (a citizen has
  // left), guidance goes back to its configured default for the next person.
  std::vector<Speech> observe(const Journey& journey, int64_t now_ms);

  struct TapResult {
    bool act = true;               // false: the tap only announced the control
    std::optional<Speech> speech;  // its label (guidance on)
  };
  // A tap on a control (`id` stable per control, `label` as shown). `personal_value` is what a text field
  // holds, said after the label only with private audio. Guidance off: act, say nothing.
  TapResult tap(const std::string& id, const std::string& label, int64_t now_ms,
                const std::string& personal_value = "");
  // A control whose first tap must act even in tap-to-hear mode (the guidance toggle itself).
  TapResult tap_immediate(const std::string& id, const std::string& label);

  const VoicePolicy& policy() const { return policy_; }

 private:
  Speech make(Lang lang, std::vector<SpokenLine> lines, bool interrupt) const;
  std::string screen_key(const Journey& journey) const;

  const Translations& tr_;
  VoicePolicy policy_;
  bool default_on_;
  bool enabled_;
  bool primed_ = false;  // observe() has seen the journey once
  std::string last_screen_key_;
  std::string last_errors_, last_notice_, last_status_;
  bool idle_warning_said_ = false;
  Lang lang_ = Lang::Vi;  // of the screen last observed: taps are spoken in it
  std::string last_tap_id_;
  int64_t last_tap_ms_ = 0;
};

enum class AnnounceMode { Voice, ChimeOnly, Off };
std::optional<AnnounceMode> parse_announce_mode(std::string_view text);  // "voice" | "chime" | "off"

// "Mời số A002 đến quầy 2" after a chime, said `repeats` times; chime-only mode gives just the chime.
// Queued (not interrupting): calls that come quickly are each announced in turn.
Speech call_announcement(const Ticket& ticket, const Translations& tr, Lang lang, AnnounceMode mode, int repeats = 1);

}  // namespace mc
