#pragma once
// BER-TLV as ISO/IEC 7816-4 and ICAO 9303-10 use it (and DER, its strict subset, for the ASN.1 inside the
// chip's files). Every tag and length is checked against the bytes that are really there: a chip is outside
// input, and a malformed file gets a ChipError(MalformedData) naming what broke, never a read past the end.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>
#include "mc/idcard/bytes.hpp"

namespace mc::idcard {

struct Tlv {
  uint32_t tag = 0;  // the tag bytes big-endian: 0x61, 0x5F1F, 0x7F61
  ByteView value;    // points into the parsed buffer
  ByteView encoded;  // tag, length and value
  bool constructed() const;
};

// One TLV at the start of `data` (trailing bytes allowed). Throws ChipError(MalformedData).
Tlv read_tlv(ByteView data);
// The TLVs that fill `data` exactly.
std::vector<Tlv> read_tlvs(ByteView data);
// `data` must be exactly one TLV with this tag; `what` names it in the error ("DG1").
Tlv read_single(ByteView data, uint32_t expected_tag, const char* what);
// The first TLV with this tag, or nullptr.
const Tlv* find_tag(const std::vector<Tlv>& tlvs, uint32_t tag);
// The TLV with this tag; throws naming `what` when it is missing.
const Tlv& require_tag(const std::vector<Tlv>& tlvs, uint32_t tag, const char* what);
// Total length of the TLV whose first bytes are `head` (to size a file read); nullopt while the header
// is incomplete. Throws on a malformed header.
std::optional<size_t> tlv_total_length(ByteView head);

Bytes encode_length(size_t length);
Bytes make_tlv(uint32_t tag, ByteView value);
std::string tag_name(uint32_t tag);  // "5F1F"

// DER helpers for the ASN.1 objects inside EF.CardAccess, DG13, DG14 and EF.SOD.
namespace der {
constexpr uint32_t kInteger = 0x02, kBitString = 0x03, kOctetString = 0x04, kNull = 0x05, kOid = 0x06,
                   kUtf8String = 0x0C, kPrintableString = 0x13, kIa5String = 0x16, kSequence = 0x30, kSet = 0x31;
// A non-negative INTEGER that fits in 31 bits (versions, counters, parameter ids, data group numbers).
int small_integer(const Tlv& tlv, const char* what);
// "0.4.0.127.0.7.2.2.4.2.2" from the OID content bytes.
std::string oid_to_string(ByteView content);
Bytes oid_from_string(std::string_view dotted);  // content bytes, without tag and length
}  // namespace der

}  // namespace mc::idcard
