#include "mc/voice/wav.hpp"

#include <cstring>
#include <fstream>
#include <stdexcept>

namespace mc::voice {

namespace {

void put32(std::string& out, uint32_t v) {
  for (int i = 0; i < 4; ++i) out += char((v >> (8 * i)) & 0xFF);
}
void put16(std::string& out, uint16_t v) {
  out += char(v & 0xFF);
  out += char(v >> 8);
}
uint32_t get32(const std::string& in, size_t at) {
  uint32_t v = 0;
  for (int i = 3; i >= 0; --i) v = (v << 8) | uint8_t(in[at + i]);
  return v;
}
uint16_t get16(const std::string& in, size_t at) {
  return uint16_t(uint8_t(in[at]) | (uint8_t(in[at + 1]) << 8));
}

}  // namespace

void write_wav(const std::string& path, const Pcm& pcm) {
  const uint32_t data_bytes = uint32_t(pcm.samples.size() * 2);
  std::string out;
  out += "RIFF";
  put32(out, 36 + data_bytes);
  out += "WAVEfmt ";
  put32(out, 16);
  put16(out, 1);  // PCM
  put16(out, 1);  // mono
  put32(out, uint32_t(pcm.sample_rate));
  put32(out, uint32_t(pcm.sample_rate) * 2);
  put16(out, 2);
  put16(out, 16);
  out += "data";
  put32(out, data_bytes);
  for (int16_t s : pcm.samples) put16(out, uint16_t(s));
  std::ofstream file(path, std::ios::binary | std::ios::trunc);
  if (!file || !file.write(out.data(), std::streamsize(out.size())))
    throw std::runtime_error(path + ": cannot write the WAV file");
}

Pcm read_wav(const std::string& path) {
  std::ifstream file(path, std::ios::binary);
  if (!file) throw std::runtime_error(path + ": cannot open the WAV file");
  const std::string in((std::istreambuf_iterator<char>(file)), std::istreambuf_iterator<char>());
  if (in.size() < 12 || in.compare(0, 4, "RIFF") != 0 || in.compare(8, 4, "WAVE") != 0)
    throw std::runtime_error(path + ": not a RIFF/WAVE file");
  Pcm pcm;
  bool format_seen = false;
  for (size_t at = 12; at + 8 <= in.size();) {
    const std::string id = in.substr(at, 4);
    const uint32_t size = get32(in, at + 4);
    const size_t body = at + 8;
    if (body + size > in.size()) throw std::runtime_error(path + ": chunk '" + id + "' runs past the end");
    if (id == "fmt ") {
      if (size < 16 || get16(in, body) != 1 || get16(in, body + 2) != 1 || get16(in, body + 14) != 16)
        throw std::runtime_error(path + ": not mono 16-bit PCM");
      pcm.sample_rate = int(get32(in, body + 4));
      format_seen = true;
    } else if (id == "data") {
      if (!format_seen) throw std::runtime_error(path + ": data before the format chunk");
      pcm.samples.resize(size / 2);
      std::memcpy(pcm.samples.data(), in.data() + body, pcm.samples.size() * 2);  // little-endian host
      return pcm;
    }
    at = body + size + (size & 1);
  }
  throw std::runtime_error(path + ": no data chunk");
}

}  // namespace mc::voice
