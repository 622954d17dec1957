#pragma once
// Command and response APDUs (ISO/IEC 7816-4 §5.1), and the one interface between the reading logic and
// whatever carries the bytes: a PC/SC reader in the kiosk, a card emulated in memory in the unit tests.
#include <cstdint>
#include <optional>
#include <string>
#include "mc/idcard/bytes.hpp"

namespace mc::idcard {

struct CommandApdu {
  uint8_t cla = 0x00, ins = 0, p1 = 0, p2 = 0;
  Bytes data;
  std::optional<size_t> le;  // expected response length: 1..256 short (256 is sent as 00), up to 65536 extended
  Bytes encode() const;      // short form when it fits, extended otherwise
  // Card side: parses cases 1–4, short or extended. Throws ChipError(MalformedData).
  static CommandApdu parse(ByteView raw);
};

struct ResponseApdu {
  Bytes data;
  uint16_t sw = 0;
  bool ok() const { return sw == 0x9000; }
  // Throws ChipError(Communication) for fewer than two bytes.
  static ResponseApdu parse(ByteView raw);
  Bytes encode() const;
};

std::string sw_hex(uint16_t sw);  // "6982"

// A channel to one card. transmit() sends one command APDU and returns the raw response (data + SW);
// it throws ChipError(CardRemoved / Communication) when the card or reader goes away.
class CardTransport {
 public:
  virtual ~CardTransport() = default;
  virtual Bytes transmit(ByteView command) = 0;
};

}  // namespace mc::idcard
