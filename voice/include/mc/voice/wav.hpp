#pragma once
// RIFF/WAVE files of mono 16-bit PCM: what `kioskctl say --wav` writes, and what tests read back.
#include <string>

#include "mc/voice/synthesizer.hpp"

namespace mc::voice {

// Throws std::runtime_error naming the file when it cannot be written.
void write_wav(const std::string& path, const Pcm& pcm);
// Throws std::runtime_error naming the file and the reason when it is not mono 16-bit PCM WAV.
Pcm read_wav(const std::string& path);

}  // namespace mc::voice
