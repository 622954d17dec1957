#pragma once
// Byte strings as the chip speaks them, and hex for test vectors and diagnostics.
#include <cstdint>
#include <initializer_list>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace mc::idcard {

using Bytes = std::vector<uint8_t>;
using ByteView = std::span<const uint8_t>;

// "0CA4 020C" -> {0x0C, 0xA4, 0x02, 0x0C}; white space is ignored. Throws std::invalid_argument otherwise.
Bytes from_hex(std::string_view hex);
std::string to_hex(ByteView bytes);  // upper case, no separators
Bytes concat(std::initializer_list<ByteView> parts);
inline Bytes bytes_of(std::string_view text) {
  return Bytes(text.begin(), text.end());
}
inline Bytes slice(ByteView bytes, size_t offset, size_t length) {
  return Bytes(bytes.begin() + offset, bytes.begin() + offset + length);
}
// Overwrites key material before the memory is given back.
void wipe(Bytes& secret);

}  // namespace mc::idcard
