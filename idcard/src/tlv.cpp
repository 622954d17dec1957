#include "mc/idcard/tlv.hpp"

#include <cstdio>
#include "mc/idcard/errors.hpp"

namespace mc::idcard {

namespace {

// Bounds of what a chip file can hold: EF lengths are at most 3 length bytes in practice (16 MiB).
constexpr size_t kMaxLengthBytes = 3;
constexpr size_t kMaxTagBytes = 3;

struct Header {
  uint32_t tag = 0;
  size_t header_length = 0;
  size_t value_length = 0;
};

// Parses tag and length; nullopt when `data` ends inside the header.
std::optional<Header> read_header(ByteView data) {
  Header header;
  size_t pos = 0;
  if (data.empty()) return std::nullopt;
  uint8_t first = data[pos++];
  if (first == 0x00 || first == 0xFF)
    malformed("TLV: tag byte " + to_hex(ByteView(&first, 1)) + " is padding, not a tag");
  header.tag = first;
  if ((first & 0x1F) == 0x1F) {
    for (;;) {
      if (pos >= data.size()) return std::nullopt;
      if (pos >= kMaxTagBytes) malformed("TLV: tag longer than 3 bytes");
      const uint8_t next = data[pos++];
      header.tag = header.tag << 8 | next;
      if ((next & 0x80) == 0) break;
    }
  }
  if (pos >= data.size()) return std::nullopt;
  const uint8_t length_byte = data[pos++];
  if (length_byte < 0x80) {
    header.value_length = length_byte;
  } else {
    const size_t count = length_byte & 0x7F;
    if (count == 0) malformed("TLV " + tag_name(header.tag) + ": indefinite length is not allowed");
    if (count > kMaxLengthBytes)
      malformed("TLV " + tag_name(header.tag) + ": length field of " + std::to_string(count) + " bytes");
    if (pos + count > data.size()) return std::nullopt;
    size_t length = 0;
    for (size_t i = 0; i < count; ++i) length = length << 8 | data[pos++];
    header.value_length = length;
  }
  header.header_length = pos;
  return header;
}

}  // namespace

bool Tlv::constructed() const {
  uint32_t first = tag;
  while (first > 0xFF) first >>= 8;
  return (first & 0x20) != 0;
}

std::string tag_name(uint32_t tag) {
  char buffer[16];
  std::snprintf(buffer, sizeof buffer, tag > 0xFFFF ? "%06X" : tag > 0xFF ? "%04X" : "%02X", tag);
  return buffer;
}

Tlv read_tlv(ByteView data) {
  const auto header = read_header(data);
  if (!header) malformed("TLV: the data ends inside a tag or length (" + std::to_string(data.size()) + " bytes)");
  if (header->value_length > data.size() - header->header_length)
    malformed("TLV " + tag_name(header->tag) + ": declares " + std::to_string(header->value_length) +
              " bytes but only " + std::to_string(data.size() - header->header_length) + " follow");
  Tlv tlv;
  tlv.tag = header->tag;
  tlv.value = data.subspan(header->header_length, header->value_length);
  tlv.encoded = data.subspan(0, header->header_length + header->value_length);
  return tlv;
}

std::vector<Tlv> read_tlvs(ByteView data) {
  std::vector<Tlv> out;
  size_t pos = 0;
  while (pos < data.size()) {
    Tlv tlv = read_tlv(data.subspan(pos));
    pos += tlv.encoded.size();
    out.push_back(tlv);
  }
  return out;
}

Tlv read_single(ByteView data, uint32_t expected_tag, const char* what) {
  Tlv tlv = read_tlv(data);
  if (tlv.tag != expected_tag)
    malformed(std::string(what) + ": tag " + tag_name(tlv.tag) + " where " + tag_name(expected_tag) + " was expected");
  if (tlv.encoded.size() != data.size())
    malformed(std::string(what) + ": " + std::to_string(data.size() - tlv.encoded.size()) +
              " bytes after the end of its TLV");
  return tlv;
}

const Tlv* find_tag(const std::vector<Tlv>& tlvs, uint32_t tag) {
  for (const auto& tlv : tlvs)
    if (tlv.tag == tag) return &tlv;
  return nullptr;
}

const Tlv& require_tag(const std::vector<Tlv>& tlvs, uint32_t tag, const char* what) {
  const Tlv* found = find_tag(tlvs, tag);
  if (!found) malformed(std::string(what) + ": tag " + tag_name(tag) + " is missing");
  return *found;
}

std::optional<size_t> tlv_total_length(ByteView head) {
  const auto header = read_header(head);
  if (!header) return std::nullopt;
  return header->header_length + header->value_length;
}

Bytes encode_length(size_t length) {
  if (length < 0x80) return {static_cast<uint8_t>(length)};
  if (length <= 0xFF) return {0x81, static_cast<uint8_t>(length)};
  if (length <= 0xFFFF) return {0x82, static_cast<uint8_t>(length >> 8), static_cast<uint8_t>(length)};
  return {0x83, static_cast<uint8_t>(length >> 16), static_cast<uint8_t>(length >> 8), static_cast<uint8_t>(length)};
}

Bytes make_tlv(uint32_t tag, ByteView value) {
  Bytes out;
  if (tag > 0xFFFF) out.push_back(static_cast<uint8_t>(tag >> 16));
  if (tag > 0xFF) out.push_back(static_cast<uint8_t>(tag >> 8));
  out.push_back(static_cast<uint8_t>(tag));
  const Bytes length = encode_length(value.size());
  out.insert(out.end(), length.begin(), length.end());
  out.insert(out.end(), value.begin(), value.end());
  return out;
}

namespace der {

int small_integer(const Tlv& tlv, const char* what) {
  if (tlv.tag != kInteger) malformed(std::string(what) + ": not an INTEGER");
  if (tlv.value.empty() || tlv.value.size() > 4)
    malformed(std::string(what) + ": INTEGER of " + std::to_string(tlv.value.size()) + " bytes");
  if (tlv.value[0] & 0x80) malformed(std::string(what) + ": negative INTEGER");
  int64_t value = 0;
  for (uint8_t b : tlv.value) value = value << 8 | b;
  if (value > 0x7FFFFFFF) malformed(std::string(what) + ": INTEGER too large");
  return static_cast<int>(value);
}

std::string oid_to_string(ByteView content) {
  if (content.empty()) malformed("OID: empty");
  std::string out;
  uint64_t value = 0;
  bool first = true;
  size_t digits = 0;
  for (size_t i = 0; i < content.size(); ++i) {
    if (++digits > 9) malformed("OID: arc too long");
    value = value << 7 | (content[i] & 0x7F);
    if (content[i] & 0x80) continue;
    if (first) {
      const uint64_t top = value < 40 ? 0 : value < 80 ? 1 : 2;
      out = std::to_string(top) + "." + std::to_string(value - top * 40);
      first = false;
    } else {
      out += "." + std::to_string(value);
    }
    value = 0;
    digits = 0;
  }
  if (digits != 0) malformed("OID: last arc is cut off");
  return out;
}

Bytes oid_from_string(std::string_view dotted) {
  std::vector<uint64_t> arcs;
  uint64_t current = 0;
  bool have_digit = false;
  for (char c : dotted) {
    if (c == '.') {
      if (!have_digit) throw std::invalid_argument("oid_from_string: empty arc");
      arcs.push_back(current);
      current = 0;
      have_digit = false;
    } else if (c >= '0' && c <= '9') {
      current = current * 10 + static_cast<uint64_t>(c - '0');
      have_digit = true;
    } else {
      throw std::invalid_argument("oid_from_string: not an OID");
    }
  }
  if (!have_digit || arcs.empty()) throw std::invalid_argument("oid_from_string: not an OID");
  arcs.push_back(current);
  Bytes out;
  auto put = [&out](uint64_t value) {
    uint8_t groups[10];
    int count = 0;
    do {
      groups[count++] = static_cast<uint8_t>(value & 0x7F);
      value >>= 7;
    } while (value);
    for (int i = count - 1; i >= 0; --i) out.push_back(static_cast<uint8_t>(groups[i] | (i ? 0x80 : 0)));
  };
  put(arcs[0] * 40 + arcs[1]);
  for (size_t i = 2; i < arcs.size(); ++i) put(arcs[i]);
  return out;
}

}  // namespace der

}  // namespace mc::idcard
