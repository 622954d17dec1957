#pragma once
// One conversation with a chip: plain APDUs until access control succeeds, secure messaging after. The
// file helpers select an elementary file and read it whole, checking the length its first TLV declares.
#include <functional>
#include <memory>
#include <optional>
#include "mc/idcard/apdu.hpp"
#include "mc/idcard/secure_messaging.hpp"

namespace mc::idcard {

// File identifiers of the eMRTD (ICAO 9303-10 §4).
namespace fid {
constexpr uint16_t kCardAccess = 0x011C, kCom = 0x011E, kSod = 0x011D;
constexpr uint16_t data_group(int number) {
  return static_cast<uint16_t>(0x0100 + number);
}
}  // namespace fid

inline const Bytes kEmrtdAid = {0xA0, 0x00, 0x00, 0x02, 0x47, 0x10, 0x01};

class ChipSession {
 public:
  explicit ChipSession(CardTransport& transport);
  ~ChipSession();

  // Sends one command (protected when secure messaging is on) and returns the plain answer. A plain
  // 61XX is followed by GET RESPONSE and a 6CXX repeated with the length the card asks for.
  ResponseApdu send(const CommandApdu& command);
  void start_secure_messaging(SessionKeys keys);
  bool secure() const { return sm_ != nullptr; }

  // Largest READ BINARY: 0xDF keeps a protected answer within a short APDU for either cipher.
  void set_max_read_length(size_t length) { max_read_ = length; }
  // Called with (bytes read, bytes in the file) as a file comes in; cancellation throws from it.
  using ReadProgress = std::function<void(size_t done, size_t total)>;

  // SELECT by file identifier under the current DF (P2 0C: no FCI). Returns the status word.
  uint16_t select_file(uint16_t file_id);
  uint16_t select_application(ByteView aid);
  // The whole file that begins with one TLV; nullopt when the card says it does not exist (6A82).
  // Throws ChipError for any other refusal, for a file larger than max_file_size, or one cut short.
  std::optional<Bytes> read_file(uint16_t file_id, const ReadProgress& progress = {});

  static constexpr size_t kMaxFileSize = 512 * 1024;  // an ID card's largest file (the face) is ~20–60 KB

 private:
  Bytes read_binary(size_t offset, size_t length, bool* end_of_file);

  CardTransport& transport_;
  std::unique_ptr<SecureMessaging> sm_;
  size_t max_read_ = 0xDF;
};

// What the card's status word says, for errors and logs ("6982 security status not satisfied").
std::string describe_status(uint16_t sw);

}  // namespace mc::idcard
