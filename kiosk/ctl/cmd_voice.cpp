// kioskctl say: what the kiosk would say, as words (stdout) and as sound — a WAV file for tests and for the
// IT officer to listen to elsewhere, or the kiosk's own loudspeaker (issue 17).
#include <chrono>
#include <cstdio>
#include <ostream>
#include <string>
#include <thread>

#include "command.hpp"
#include "mc/core/voice_script.hpp"
#include "mc/voice/player.hpp"
#include "mc/voice/wav.hpp"

namespace mc::ctl {
namespace {

constexpr const char* kSayUsage = "say \"TEXT\" [--lang vi|en] [--wav FILE] [--chime]";

int run_say(CommandContext& ctx) {
  const std::string lang_code = ctx.take_option("--lang", "vi");
  const std::string wav = ctx.take_option("--wav");
  const bool chime = ctx.take_flag("--chime");
  if (lang_code != "vi" && lang_code != "en") {
    ctx.err << "kioskctl say: --lang must be vi or en\nUsage: kioskctl " << kSayUsage << "\n";
    return kExitUsage;
  }
  std::string text;
  for (const std::string& word : ctx.args) text += (text.empty() ? "" : " ") + word;
  if (text.empty() && !chime) {
    ctx.err << "kioskctl say: nothing to say\nUsage: kioskctl " << kSayUsage << "\n";
    return kExitUsage;
  }
  const Config& config = ctx.config();
  auto player = voice::SpeechPlayer::from_config(config, /*open_device=*/wav.empty());
  if (!player) {
    ctx.err << "kioskctl say: the voice data in " << config.resolved_assets_dir() << "/voice could not be loaded\n";
    return kExitFailure;
  }
  if (!player->has_engine() && !text.empty()) {
    ctx.err << "kioskctl say: espeak-ng did not start (see the message above)\n";
    return kExitFailure;
  }
  Speech speech;
  speech.lang = lang_code == "en" ? Lang::En : Lang::Vi;
  speech.chime = chime;
  if (!text.empty()) speech.lines.push_back({text});

  // The words the engine is given, so the officer sees how numbers and codes are read.
  if (!text.empty()) {
    const SpeechNormalizer normalizer = SpeechNormalizer::load(config.resolved_assets_dir() + "/voice");
    ctx.out << normalizer.normalize(text, speech.lang) << "\n";
  }
  if (!wav.empty()) {
    const voice::Pcm pcm = player->render(speech);
    voice::write_wav(wav, pcm);
    char summary[96];
    std::snprintf(summary, sizeof summary, "%.2f s, %d Hz mono", pcm.seconds(), pcm.sample_rate);
    ctx.err << "kioskctl say: wrote " << wav << " (" << summary << ")\n";
    return kExitOk;
  }
  if (player->silent()) {
    ctx.err << "kioskctl say: no audio device (" << player->silent_reason() << "); use --wav FILE\n";
    return kExitFailure;
  }
  player->say(speech);
  player->wait_idle(std::chrono::seconds(120));
  // The last buffer handed to the device is still playing: let it finish before the device closes.
  std::this_thread::sleep_for(2 * player->device_buffer_time());
  return kExitOk;
}

const bool registered = register_command(
    {"say", kSayUsage,
     "print the words the kiosk would speak for TEXT (numbers, codes, dates, money spelled out) and play them, "
     "or write them to a WAV file; --chime adds the waiting-room chime before",
     run_say});

}  // namespace
}  // namespace mc::ctl
