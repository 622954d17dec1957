#pragma once
// The waiting-room chime (a two- or three-note bell before "Mời số ..."), described in
// assets/voice/chime.json and rendered here, so an office can change it without a release.
#include <string>
#include <vector>

#include "mc/voice/synthesizer.hpp"

namespace mc::voice {

struct ChimeSpec {
  struct Note {
    double frequency_hz = 660;
    int duration_ms = 600;  // how long the note rings (it decays over this time)
  };
  std::vector<Note> notes;
  int spacing_ms = 350;                   // from one note's start to the next one's
  double level = 0.5;                     // peak, fraction of full scale
  double decay_per_second = 4.0;          // exponential decay of each note
  std::vector<double> harmonics = {1.0};  // relative strength of the 1st, 2nd, 3rd… partials (a bell, not a beep)
};

// Throws std::runtime_error "<path>: $.key: reason".
ChimeSpec load_chime(const std::string& path);
Pcm render_chime(const ChimeSpec& spec, int sample_rate);

}  // namespace mc::voice
