#include "voice_guide.hpp"

namespace mc::app {

namespace {

VoicePolicy policy_of(const Config::Voice& config) {
  VoicePolicy policy;
  policy.private_audio = config.private_audio;
  policy.tap_to_hear = config.tap_to_hear;
  return policy;
}

// ImGui labels carry "##id" suffixes and arrow marks; only the words are said.
std::string spoken_label(const std::string& label) {
  std::string words = label.substr(0, label.find("##"));
  for (const char* mark : {"‹ ", " ›"})
    for (size_t at = words.find(mark); at != std::string::npos; at = words.find(mark)) words.erase(at, 4);
  return words;
}

}  // namespace

VoiceGuide::VoiceGuide(voice::SpeechPlayer* player, const Translations& tr, const Config::Voice& config)
    : player_(player),
      tr_(tr),
      narrator_(tr, policy_of(config), config.guidance),
      announce_(parse_announce_mode(config.announce).value_or(AnnounceMode::Voice)),
      repeats_(config.announce_repeats) {}

void VoiceGuide::say(const Speech& speech) {
  if (player_ && !speech.empty()) player_->say(speech);
}

void VoiceGuide::toggle(const Journey& journey) {
  const Speech speech = narrator_.toggle(journey);
  if (!narrator_.enabled() && player_) player_->stop();
  say(speech);
}

bool VoiceGuide::tap(const std::string& id, const std::string& label, int64_t now_ms,
                     const std::string& personal_value) {
  const auto result = narrator_.tap(id, spoken_label(label), now_ms, personal_value);
  if (result.speech) say(*result.speech);
  return result.act;
}

void VoiceGuide::echo(const std::string& label, bool personal) {
  if (personal && !narrator_.policy().private_audio) return;
  auto result = narrator_.tap_immediate("key", spoken_label(label));
  if (!result.speech) return;
  for (SpokenLine& line : result.speech->lines) line.personal = personal;  // masked in the spoken-text log
  say(*result.speech);
}

void VoiceGuide::update(const Journey& journey, int64_t now_ms) {
  for (const Speech& speech : narrator_.observe(journey, now_ms)) say(speech);
}

void VoiceGuide::announce_calls(const std::vector<Ticket>& new_calls, Lang lang) {
  for (const Ticket& ticket : new_calls) say(call_announcement(ticket, tr_, lang, announce_, repeats_));
}

}  // namespace mc::app
