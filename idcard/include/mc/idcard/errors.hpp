#pragma once
// Everything that can go wrong between the reader and the chip, as one exception type whose kind decides
// what the citizen is told (an i18n key) and whose detail is for the log: technical, never personal data.
#include <stdexcept>
#include <string>

namespace mc::idcard {

enum class ChipErrorKind {
  NoReader,         // no PC/SC reader, or pcscd not running
  NoCard,           // no card came within the time allowed
  CardRemoved,      // the card left the reader during the read
  NotAnIdCard,      // no eMRTD application on the card
  AccessDenied,     // the card refused the CAN or MRZ data (wrong key)
  AccessBlocked,    // the card blocks the password (retry counter used up or suspended)
  NeedMrz,          // the card offers only BAC and no MRZ data was given
  NeedCan,          // the card offers only PACE and neither CAN nor MRZ data was given
  Unsupported,      // the card asks for a protocol or curve we do not implement
  SecureMessaging,  // a response failed its MAC or could not be decrypted
  MalformedData,    // a file or response breaks its declared structure
  Communication,    // the reader or card stopped answering properly
  Cancelled,        // the kiosk stopped the read (citizen left, idle wipe)
};

// "chip.error.access_denied": the key under assets/i18n of the message people see.
const char* error_message_key(ChipErrorKind kind);
const char* error_kind_name(ChipErrorKind kind);  // "access_denied", for logs and --json

class ChipError : public std::runtime_error {
 public:
  ChipError(ChipErrorKind kind, const std::string& detail) : std::runtime_error(detail), kind_(kind) {}
  ChipErrorKind kind() const { return kind_; }

 private:
  ChipErrorKind kind_;
};

[[noreturn]] inline void malformed(const std::string& detail) {
  throw ChipError(ChipErrorKind::MalformedData, detail);
}

}  // namespace mc::idcard
