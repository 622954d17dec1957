#include "mc/idcard/errors.hpp"

namespace mc::idcard {

const char* error_kind_name(ChipErrorKind kind) {
  switch (kind) {
    case ChipErrorKind::NoReader:
      return "no_reader";
    case ChipErrorKind::NoCard:
      return "no_card";
    case ChipErrorKind::CardRemoved:
      return "card_removed";
    case ChipErrorKind::NotAnIdCard:
      return "not_an_id_card";
    case ChipErrorKind::AccessDenied:
      return "access_denied";
    case ChipErrorKind::AccessBlocked:
      return "access_blocked";
    case ChipErrorKind::NeedMrz:
      return "need_mrz";
    case ChipErrorKind::NeedCan:
      return "need_can";
    case ChipErrorKind::Unsupported:
      return "unsupported";
    case ChipErrorKind::SecureMessaging:
      return "secure_messaging";
    case ChipErrorKind::MalformedData:
      return "malformed_data";
    case ChipErrorKind::Communication:
      return "communication";
    case ChipErrorKind::Cancelled:
      return "cancelled";
  }
  return "unknown";
}

const char* error_message_key(ChipErrorKind kind) {
  switch (kind) {
    case ChipErrorKind::NoReader:
      return "chip.error.no_reader";
    case ChipErrorKind::NoCard:
      return "chip.error.no_card";
    case ChipErrorKind::CardRemoved:
      return "chip.error.card_removed";
    case ChipErrorKind::NotAnIdCard:
      return "chip.error.not_an_id_card";
    case ChipErrorKind::AccessDenied:
      return "chip.error.access_denied";
    case ChipErrorKind::AccessBlocked:
      return "chip.error.access_blocked";
    case ChipErrorKind::NeedMrz:
      return "chip.error.need_mrz";
    case ChipErrorKind::NeedCan:
      return "chip.error.need_can";
    case ChipErrorKind::Unsupported:
      return "chip.error.unsupported";
    case ChipErrorKind::SecureMessaging:
      return "chip.error.secure_messaging";
    case ChipErrorKind::MalformedData:
      return "chip.error.malformed_data";
    case ChipErrorKind::Communication:
      return "chip.error.communication";
    case ChipErrorKind::Cancelled:
      return "chip.error.cancelled";
  }
  return "chip.error.communication";
}

}  // namespace mc::idcard
