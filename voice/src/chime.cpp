#include "mc/voice/chime.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <stdexcept>

#include "mc/core/json_file.hpp"

namespace mc::voice {

namespace {

double number(const nlohmann::json& parent, const std::string& path, const std::string& key, double min, double max) {
  auto it = parent.find(key);
  if (it == parent.end() || !it->is_number()) throw std::runtime_error(path + "." + key + ": missing, or not a number");
  const double value = it->get<double>();
  if (value < min || value > max)
    throw std::runtime_error(path + "." + key + ": must be between " + std::to_string(min) + " and " +
                             std::to_string(max));
  return value;
}

}  // namespace

ChimeSpec load_chime(const std::string& path) {
  const nlohmann::json json = read_json_file(path, "chime");
  ChimeSpec spec;
  try {
    if (!json.is_object()) throw std::runtime_error("$: must be an object");
    auto notes = json.find("notes");
    if (notes == json.end() || !notes->is_array() || notes->empty() || notes->size() > 8)
      throw std::runtime_error("$.notes: must be a list of 1 to 8 notes");
    for (size_t i = 0; i < notes->size(); ++i) {
      const std::string at = "$.notes[" + std::to_string(i) + "]";
      if (!(*notes)[i].is_object()) throw std::runtime_error(at + ": must be an object");
      ChimeSpec::Note note;
      note.frequency_hz = number((*notes)[i], at, "frequency_hz", 100, 4000);
      note.duration_ms = int(number((*notes)[i], at, "duration_ms", 50, 4000));
      spec.notes.push_back(note);
    }
    spec.spacing_ms = int(number(json, "$", "spacing_ms", 50, 2000));
    spec.level = number(json, "$", "level", 0.05, 0.9);
    spec.decay_per_second = number(json, "$", "decay_per_second", 0, 50);
    auto harmonics = json.find("harmonics");
    if (harmonics == json.end() || !harmonics->is_array() || harmonics->empty() || harmonics->size() > 8)
      throw std::runtime_error("$.harmonics: must be a list of 1 to 8 numbers");
    spec.harmonics.clear();
    for (const auto& h : *harmonics) {
      if (!h.is_number() || h.get<double>() < 0 || h.get<double>() > 1)
        throw std::runtime_error("$.harmonics: every entry must be a number from 0 to 1");
      spec.harmonics.push_back(h.get<double>());
    }
  } catch (const std::runtime_error& error) {
    throw std::runtime_error(path + ": " + error.what());
  }
  return spec;
}

Pcm render_chime(const ChimeSpec& spec, int sample_rate) {
  Pcm pcm;
  pcm.sample_rate = sample_rate;
  size_t length = 0;
  for (size_t i = 0; i < spec.notes.size(); ++i)
    length = std::max(length, size_t(sample_rate) * (i * spec.spacing_ms + spec.notes[i].duration_ms) / 1000);
  std::vector<double> mix(length, 0.0);
  const double attack_s = 0.005, release_s = 0.030;  // no clicks at either end of a note
  for (size_t i = 0; i < spec.notes.size(); ++i) {
    const auto& note = spec.notes[i];
    const size_t start = size_t(sample_rate) * i * spec.spacing_ms / 1000;
    const size_t count = size_t(sample_rate) * note.duration_ms / 1000;
    const double duration_s = note.duration_ms / 1000.0;
    for (size_t n = 0; n < count && start + n < length; ++n) {
      const double t = double(n) / sample_rate;
      double envelope = std::exp(-spec.decay_per_second * t);
      envelope *= std::min(1.0, t / attack_s) * std::min(1.0, (duration_s - t) / release_s);
      double value = 0;
      for (size_t k = 0; k < spec.harmonics.size(); ++k)
        value += spec.harmonics[k] * std::sin(2 * M_PI * note.frequency_hz * double(k + 1) * t);
      mix[start + n] += envelope * value;
    }
  }
  double peak = 0;
  for (double v : mix) peak = std::max(peak, std::abs(v));
  pcm.samples.resize(length);
  const double scale = peak > 0 ? spec.level * 32767.0 / peak : 0;
  for (size_t n = 0; n < length; ++n) pcm.samples[n] = int16_t(std::lround(mix[n] * scale));
  return pcm;
}

}  // namespace mc::voice
