#include "mc/idcard/bytes.hpp"

#include <openssl/crypto.h>
#include <stdexcept>

namespace mc::idcard {

namespace {
int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}
}  // namespace

Bytes from_hex(std::string_view hex) {
  Bytes out;
  int high = -1;
  for (char c : hex) {
    if (c == ' ' || c == '\n' || c == '\t') continue;
    const int value = hex_value(c);
    if (value < 0) throw std::invalid_argument("from_hex: not a hex digit");
    if (high < 0) {
      high = value;
    } else {
      out.push_back(static_cast<uint8_t>(high << 4 | value));
      high = -1;
    }
  }
  if (high >= 0) throw std::invalid_argument("from_hex: odd number of hex digits");
  return out;
}

std::string to_hex(ByteView bytes) {
  static const char* digits = "0123456789ABCDEF";
  std::string out;
  out.reserve(bytes.size() * 2);
  for (uint8_t b : bytes) {
    out += digits[b >> 4];
    out += digits[b & 0x0F];
  }
  return out;
}

Bytes concat(std::initializer_list<ByteView> parts) {
  Bytes out;
  size_t total = 0;
  for (auto part : parts) total += part.size();
  out.reserve(total);
  for (auto part : parts) out.insert(out.end(), part.begin(), part.end());
  return out;
}

void wipe(Bytes& secret) {
  if (!secret.empty()) OPENSSL_cleanse(secret.data(), secret.size());
  secret.clear();
}

}  // namespace mc::idcard
