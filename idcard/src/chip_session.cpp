#include "mc/idcard/chip_session.hpp"

#include "mc/idcard/errors.hpp"
#include "mc/idcard/tlv.hpp"

namespace mc::idcard {

ChipSession::ChipSession(CardTransport& transport) : transport_(transport) {}
ChipSession::~ChipSession() = default;

void ChipSession::start_secure_messaging(SessionKeys keys) {
  sm_ = std::make_unique<SecureMessaging>(std::move(keys));
}

ResponseApdu ChipSession::send(const CommandApdu& command) {
  if (sm_) return sm_->unprotect(transport_.transmit(sm_->protect(command)));
  ResponseApdu response = ResponseApdu::parse(transport_.transmit(command.encode()));
  if ((response.sw & 0xFF00) == 0x6C00) {  // wrong Le: the card tells the right one
    CommandApdu again = command;
    again.le = (response.sw & 0xFF) == 0 ? 256 : (response.sw & 0xFF);
    response = ResponseApdu::parse(transport_.transmit(again.encode()));
  }
  Bytes collected = response.data;
  for (int rounds = 0; (response.sw & 0xFF00) == 0x6100; ++rounds) {  // more data waiting
    if (rounds > 256) throw ChipError(ChipErrorKind::Communication, "the card keeps answering 61XX");
    CommandApdu get_response{0x00, 0xC0, 0x00, 0x00, {}, (response.sw & 0xFF) == 0 ? 256 : (response.sw & 0xFF)};
    response = ResponseApdu::parse(transport_.transmit(get_response.encode()));
    collected.insert(collected.end(), response.data.begin(), response.data.end());
  }
  response.data = std::move(collected);
  return response;
}

uint16_t ChipSession::select_file(uint16_t file_id) {
  const CommandApdu select{
      0x00, 0xA4, 0x02, 0x0C, {static_cast<uint8_t>(file_id >> 8), static_cast<uint8_t>(file_id)}, std::nullopt};
  return send(select).sw;
}

uint16_t ChipSession::select_application(ByteView aid) {
  return send({0x00, 0xA4, 0x04, 0x0C, Bytes(aid.begin(), aid.end()), std::nullopt}).sw;
}

Bytes ChipSession::read_binary(size_t offset, size_t length, bool* end_of_file) {
  ResponseApdu response;
  if (offset <= 0x7FFF) {
    response = send({0x00, 0xB0, static_cast<uint8_t>(offset >> 8), static_cast<uint8_t>(offset), {}, length});
  } else {
    // Offsets beyond 15 bits: READ BINARY with odd INS and the offset in DO'54' (ISO 7816-4 §11.2.3).
    Bytes offset_bytes{static_cast<uint8_t>(offset >> 16), static_cast<uint8_t>(offset >> 8),
                       static_cast<uint8_t>(offset)};
    response = send({0x00, 0xB1, 0x00, 0x00, make_tlv(0x54, offset_bytes), length + 4});
    if (response.ok() || response.sw == 0x6282) {
      const Tlv wrapped = read_single(response.data, 0x53, "READ BINARY (B1) answer");
      response.data.assign(wrapped.value.begin(), wrapped.value.end());
    }
  }
  if (response.sw == 0x6282) {  // end of file reached before Le bytes
    *end_of_file = true;
    return response.data;
  }
  if (!response.ok())
    throw ChipError(ChipErrorKind::Communication,
                    "READ BINARY at offset " + std::to_string(offset) + " refused: " + describe_status(response.sw));
  if (response.data.size() > length)
    malformed("READ BINARY returned " + std::to_string(response.data.size()) + " bytes for " + std::to_string(length));
  return response.data;
}

std::optional<Bytes> ChipSession::read_file(uint16_t file_id, const ReadProgress& progress) {
  const uint16_t selected = select_file(file_id);
  if (selected == 0x6A82) return std::nullopt;
  if (selected != 0x9000)
    throw ChipError(ChipErrorKind::Communication,
                    "SELECT " + tag_name(file_id) + " refused: " + describe_status(selected));
  // The first bytes carry the outer tag and length: enough for a two-byte tag and a four-byte length.
  bool end_of_file = false;
  Bytes content = read_binary(0, 8, &end_of_file);
  const std::optional<size_t> total = tlv_total_length(content);
  if (!total) malformed("file " + tag_name(file_id) + " ends inside its first tag or length");
  if (*total > kMaxFileSize)
    malformed("file " + tag_name(file_id) + " declares " + std::to_string(*total) +
              " bytes, more than an ID card holds");
  if (content.size() > *total) content.resize(*total);
  while (content.size() < *total) {
    if (end_of_file)
      malformed("file " + tag_name(file_id) + " ends after " + std::to_string(content.size()) + " of its " +
                std::to_string(*total) + " bytes");
    if (progress) progress(content.size(), *total);
    const size_t want = std::min(max_read_, *total - content.size());
    const Bytes chunk = read_binary(content.size(), want, &end_of_file);
    if (chunk.empty())
      malformed("file " + tag_name(file_id) + " gave no bytes at offset " + std::to_string(content.size()));
    content.insert(content.end(), chunk.begin(), chunk.end());
  }
  if (content.size() > *total) content.resize(*total);
  if (progress) progress(content.size(), *total);
  return content;
}

std::string describe_status(uint16_t sw) {
  std::string text = sw_hex(sw);
  switch (sw) {
    case 0x9000:
      return text + " ok";
    case 0x6282:
      return text + " end of file";
    case 0x6300:
      return text + " authentication failed";
    case 0x6700:
      return text + " wrong length";
    case 0x6882:
      return text + " secure messaging not supported";
    case 0x6982:
      return text + " security status not satisfied";
    case 0x6983:
      return text + " authentication method blocked";
    case 0x6984:
      return text + " reference data not usable";
    case 0x6985:
      return text + " conditions of use not satisfied";
    case 0x6987:
      return text + " secure messaging data objects missing";
    case 0x6988:
      return text + " secure messaging data objects incorrect";
    case 0x6A80:
      return text + " incorrect data";
    case 0x6A82:
      return text + " file or application not found";
    case 0x6A86:
      return text + " incorrect P1-P2";
    case 0x6A88:
      return text + " referenced data not found";
    case 0x6B00:
      return text + " wrong offset";
    case 0x6D00:
      return text + " instruction not supported";
    case 0x6E00:
      return text + " class not supported";
  }
  if ((sw & 0xFFF0) == 0x63C0) return text + " authentication failed, " + std::to_string(sw & 0x0F) + " tries left";
  return text;
}

}  // namespace mc::idcard
