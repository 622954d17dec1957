#pragma once
// Reads an ID card chip end to end over any CardTransport: access control (PACE with the CAN when the
// card offers it, BAC with the MRZ data otherwise or as the fallback), EF.COM, DG1, DG13, EF.SOD, DG14,
// DG15, DG2, then passive authentication. Progress and cancellation go through callbacks so the reader
// service can run it off the UI thread.
#include <functional>
#include <optional>
#include <string>
#include <vector>
#include "mc/idcard/access_control.hpp"
#include "mc/idcard/active_auth.hpp"
#include "mc/idcard/lds.hpp"
#include "mc/idcard/passive_auth.hpp"

namespace mc::idcard {

struct AccessKey {
  std::string can;            // the 6 digits printed on the card (the last 6 of the ID number), or empty
  std::optional<MrzKey> mrz;  // document number, birth and expiry dates
  bool empty() const { return can.empty() && !mrz; }
};
// "123456" -> the CAN; otherwise nullopt (the CAN is digits only, 6 on the CCCD).
std::optional<std::string> parse_can(std::string_view text);

enum class AccessProtocol { None, Bac, Pace };
const char* access_protocol_name(AccessProtocol protocol);  // "none", "BAC", "PACE"

enum class ReadStage { AccessControl, Identity, Security, Face, Verifying, Done };
const char* read_stage_name(ReadStage stage);
struct ReadProgress {
  ReadStage stage = ReadStage::AccessControl;
  double fraction = 0;  // of the whole read, 0..1
};

struct ReadOptions {
  bool read_face = true;
  size_t max_read_length = 0xDF;
  std::function<void(const ReadProgress&)> on_progress;
  std::function<bool()> should_cancel;  // polled between APDUs; true stops with ChipError(Cancelled)
  TerminalRandom random;
  std::optional<int64_t> check_time;  // certificate validity time (default: now)
};

struct StepTimes {
  double access_control_ms = 0;
  double identity_ms = 0;  // EF.COM, DG1, DG13
  double security_ms = 0;  // EF.SOD, DG14, DG15
  double face_ms = 0;      // DG2
  double verification_ms = 0;
  double total_ms = 0;
};

struct ChipReadResult {
  AccessProtocol protocol = AccessProtocol::None;
  std::string protocol_details;  // "ECDH-GM AES-128 brainpoolP256r1"
  Mrz mrz;
  ChipIdentity identity;
  std::optional<FaceImageData> face;
  PassiveAuthResult passive_auth;
  std::vector<int> data_groups_listed;  // from EF.COM
  std::vector<int> data_groups_read;
  bool chip_authentication_offered = false;
  bool active_authentication_offered = false;
  ActiveAuthResult active_auth;  // when DG15 is present: the chip proves it is the issued one, not a copy
  StepTimes times;
  std::vector<std::string> notes;  // what happened besides the plan, for logs (no personal data)
  size_t apdus = 0;
};

// Throws ChipError: AccessDenied after the card refused the key, NeedCan / NeedMrz when the key given
// cannot open this card, NotAnIdCard, CardRemoved, Cancelled, MalformedData for a damaged DG1.
ChipReadResult read_chip(CardTransport& transport, const AccessKey& key, const TrustStore& trust,
                         const ReadOptions& options = {});

}  // namespace mc::idcard
