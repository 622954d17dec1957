#include "mc/idcard/apdu.hpp"

#include <cstdio>
#include <stdexcept>
#include "mc/idcard/errors.hpp"

namespace mc::idcard {

Bytes CommandApdu::encode() const {
  if (data.size() > 65535) throw std::invalid_argument("APDU: more than 65535 bytes of data");
  if (le && (*le == 0 || *le > 65536)) throw std::invalid_argument("APDU: Le out of range");
  const bool extended = data.size() > 255 || (le && *le > 256);
  Bytes out{cla, ins, p1, p2};
  if (!extended) {
    if (!data.empty()) {
      out.push_back(static_cast<uint8_t>(data.size()));
      out.insert(out.end(), data.begin(), data.end());
    }
    if (le) out.push_back(static_cast<uint8_t>(*le == 256 ? 0 : *le));
    return out;
  }
  if (!data.empty()) {
    out.push_back(0x00);
    out.push_back(static_cast<uint8_t>(data.size() >> 8));
    out.push_back(static_cast<uint8_t>(data.size()));
    out.insert(out.end(), data.begin(), data.end());
  }
  if (le) {
    if (data.empty()) out.push_back(0x00);
    const size_t value = *le == 65536 ? 0 : *le;
    out.push_back(static_cast<uint8_t>(value >> 8));
    out.push_back(static_cast<uint8_t>(value));
  }
  return out;
}

CommandApdu CommandApdu::parse(ByteView raw) {
  if (raw.size() < 4) malformed("command APDU of " + std::to_string(raw.size()) + " bytes");
  CommandApdu command;
  command.cla = raw[0];
  command.ins = raw[1];
  command.p1 = raw[2];
  command.p2 = raw[3];
  const ByteView body = raw.subspan(4);
  if (body.empty()) return command;
  if (body.size() == 1) {  // case 2 short
    command.le = body[0] == 0 ? 256 : body[0];
    return command;
  }
  if (body[0] != 0 || body.size() < 3) {  // short case 3 or 4
    const size_t lc = body[0];
    if (lc == 0 || body.size() < 1 + lc || body.size() > 2 + lc) malformed("command APDU: Lc does not match");
    command.data.assign(body.begin() + 1, body.begin() + 1 + static_cast<std::ptrdiff_t>(lc));
    if (body.size() == 2 + lc) command.le = body[1 + lc] == 0 ? 256 : body[1 + lc];
    return command;
  }
  // Extended: 00 then two bytes.
  const size_t first = static_cast<size_t>(body[1] << 8 | body[2]);
  if (body.size() == 3) {  // case 2 extended
    command.le = first == 0 ? 65536 : first;
    return command;
  }
  if (first == 0 || body.size() < 3 + first) malformed("command APDU: extended Lc does not match");
  command.data.assign(body.begin() + 3, body.begin() + 3 + static_cast<std::ptrdiff_t>(first));
  const size_t rest = body.size() - 3 - first;
  if (rest == 2) {
    const size_t le = static_cast<size_t>(body[3 + first] << 8 | body[4 + first]);
    command.le = le == 0 ? 65536 : le;
  } else if (rest != 0) {
    malformed("command APDU: extended Le does not match");
  }
  return command;
}

ResponseApdu ResponseApdu::parse(ByteView raw) {
  if (raw.size() < 2)
    throw ChipError(ChipErrorKind::Communication,
                    "response of " + std::to_string(raw.size()) + " bytes has no status word");
  ResponseApdu response;
  response.data.assign(raw.begin(), raw.end() - 2);
  response.sw = static_cast<uint16_t>(raw[raw.size() - 2] << 8 | raw[raw.size() - 1]);
  return response;
}

Bytes ResponseApdu::encode() const {
  Bytes out = data;
  out.push_back(static_cast<uint8_t>(sw >> 8));
  out.push_back(static_cast<uint8_t>(sw));
  return out;
}

std::string sw_hex(uint16_t sw) {
  char buffer[8];
  std::snprintf(buffer, sizeof buffer, "%04X", sw);
  return buffer;
}

}  // namespace mc::idcard
