#include "mc/idcard/chip_reader.hpp"

#include <algorithm>
#include <chrono>
#include "mc/idcard/errors.hpp"
#include "mc/idcard/tlv.hpp"

namespace mc::idcard {

namespace {

using Clock = std::chrono::steady_clock;
double ms_since(Clock::time_point start) {
  return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

// Counts APDUs and lets cancellation in between them.
class CountingTransport : public CardTransport {
 public:
  CountingTransport(CardTransport& inner, const std::function<bool()>& cancel) : inner_(inner), cancel_(cancel) {}
  Bytes transmit(ByteView command) override {
    if (cancel_ && cancel_()) throw ChipError(ChipErrorKind::Cancelled, "the read was cancelled");
    ++count;
    return inner_.transmit(command);
  }
  size_t count = 0;

 private:
  CardTransport& inner_;
  const std::function<bool()>& cancel_;
};

std::string describe_pace(const PaceInfo& info) {
  const auto protocol = pace_protocol(info.protocol);
  std::string text = "ECDH-GM ";
  if (protocol)
    text += protocol->cipher == SmCipher::TripleDes ? "3DES" : "AES-" + std::to_string(protocol->key_length * 8);
  if (info.parameter_id) {
    if (const auto curve = EcCurve::standard(*info.parameter_id)) text += " " + curve->name();
  }
  return text;
}

}  // namespace

std::optional<std::string> parse_can(std::string_view text) {
  if (text.size() != 6 || !std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; }))
    return std::nullopt;
  return std::string(text);
}

const char* access_protocol_name(AccessProtocol protocol) {
  switch (protocol) {
    case AccessProtocol::Bac:
      return "BAC";
    case AccessProtocol::Pace:
      return "PACE";
    case AccessProtocol::None:
      break;
  }
  return "none";
}

const char* read_stage_name(ReadStage stage) {
  switch (stage) {
    case ReadStage::AccessControl:
      return "access_control";
    case ReadStage::Identity:
      return "identity";
    case ReadStage::Security:
      return "security";
    case ReadStage::Face:
      return "face";
    case ReadStage::Verifying:
      return "verifying";
    case ReadStage::Done:
      return "done";
  }
  return "?";
}

ChipReadResult read_chip(CardTransport& raw_transport, const AccessKey& key, const TrustStore& trust,
                         const ReadOptions& options) {
  const auto started = Clock::now();
  CountingTransport transport(raw_transport, options.should_cancel);
  ChipSession session(transport);
  session.set_max_read_length(options.max_read_length);
  ChipReadResult result;
  auto report = [&options](ReadStage stage, double fraction) {
    if (options.on_progress) options.on_progress({stage, std::clamp(fraction, 0.0, 1.0)});
  };
  auto rethrow_if_fatal = [](const ChipError& error) {
    if (error.kind() == ChipErrorKind::CardRemoved || error.kind() == ChipErrorKind::Cancelled) throw error;
  };

  // --- Access control ---------------------------------------------------------------------------------
  report(ReadStage::AccessControl, 0.0);
  auto step_start = Clock::now();
  std::optional<PaceInfo> pace;
  try {
    // Straight to EF.CardAccess: some CCCD chips answer 6D00 to a SELECT of the master file.
    if (const auto card_access = session.read_file(fid::kCardAccess))
      pace = choose_pace(parse_security_infos(*card_access));
  } catch (const ChipError& error) {
    rethrow_if_fatal(error);
    result.notes.push_back(std::string("EF.CardAccess unusable (") + error.what() + "); PACE not tried");
  }
  if (key.empty()) throw ChipError(pace ? ChipErrorKind::NeedCan : ChipErrorKind::NeedMrz, "no access key given");

  bool opened = false;
  if (pace && (!key.can.empty() || key.mrz)) {
    const bool with_can = !key.can.empty();
    try {
      perform_pace(session, *pace, with_can ? PacePassword::Can : PacePassword::Mrz,
                   with_can ? key.can : mrz_information(*key.mrz), options.random);
      result.protocol = AccessProtocol::Pace;
      result.protocol_details = describe_pace(*pace) + (with_can ? " with CAN" : " with MRZ");
      opened = true;
    } catch (const ChipError& error) {
      // A card that does not allow this password type (CCCD chips refuse PACE with the MRZ) or these
      // parameters: BAC with the MRZ data is the fallback. A wrong password is final.
      if (error.kind() != ChipErrorKind::Unsupported || !key.mrz) throw;
      result.notes.push_back(std::string("PACE not possible (") + error.what() + "); BAC used");
    }
  } else if (!pace && !key.mrz) {
    throw ChipError(ChipErrorKind::NeedMrz, "the card offers no PACE this kiosk runs, and BAC needs the MRZ data");
  }
  if (opened) {
    const uint16_t sw = session.select_application(kEmrtdAid);
    if (sw != 0x9000) throw ChipError(ChipErrorKind::NotAnIdCard, "SELECT eMRTD application: " + describe_status(sw));
  } else {
    const uint16_t sw = session.select_application(kEmrtdAid);
    if (sw == 0x6A82) throw ChipError(ChipErrorKind::NotAnIdCard, "no eMRTD application on the card");
    if (sw != 0x9000) throw ChipError(ChipErrorKind::Communication, "SELECT eMRTD application: " + describe_status(sw));
    perform_bac(session, *key.mrz, options.random);
    result.protocol = AccessProtocol::Bac;
    result.protocol_details = "BAC 3DES";
  }
  result.times.access_control_ms = ms_since(step_start);

  // --- Identity: EF.COM, DG1, DG13 ------------------------------------------------------------------
  report(ReadStage::Identity, 0.15);
  step_start = Clock::now();
  std::map<int, Bytes> read;
  std::optional<EfCom> com;
  try {
    if (const auto file = session.read_file(fid::kCom)) {
      com = parse_ef_com(*file);
      result.data_groups_listed = com->data_groups;
    }
  } catch (const ChipError& error) {
    rethrow_if_fatal(error);
    if (error.kind() == ChipErrorKind::SecureMessaging) throw;
    result.notes.push_back(std::string("EF.COM unusable (") + error.what() + ")");
  }
  auto listed = [&com](int number) { return !com || com->lists(number); };
  auto read_group = [&](int number, const ChipSession::ReadProgress& progress = {}) -> std::optional<Bytes> {
    auto file = session.read_file(fid::data_group(number), progress);
    if (file) {
      read[number] = *file;
      result.data_groups_read.push_back(number);
    }
    return file;
  };
  const auto dg1 = read_group(1);
  if (!dg1) throw ChipError(ChipErrorKind::NotAnIdCard, "the card has no DG1");
  result.mrz = parse_dg1(*dg1);
  std::optional<Dg13> dg13;
  if (listed(13)) {
    if (const auto file = read_group(13)) {
      try {
        dg13 = parse_dg13(*file);
      } catch (const ChipError& error) {
        result.notes.push_back(std::string("DG13 unreadable (") + error.what() + "); identity from the MRZ");
      }
    }
  }
  result.identity = make_identity(result.mrz, dg13);
  result.times.identity_ms = ms_since(step_start);

  // --- Security objects: EF.SOD, DG14, DG15 ---------------------------------------------------------
  report(ReadStage::Security, 0.30);
  step_start = Clock::now();
  const auto sod = session.read_file(fid::kSod);
  std::string ecdsa_hash = "SHA256";
  if (listed(14)) {
    if (const auto file = read_group(14)) {
      try {
        const SecurityInfos infos = parse_security_infos(dg14_security_infos(*file));
        result.chip_authentication_offered = !infos.chip_authentication.empty();
        result.active_authentication_offered = infos.active_authentication.has_value();
        if (infos.active_authentication && !infos.active_authentication->signature_algorithm.empty()) {
          if (const auto hash = ecdsa_plain_hash(infos.active_authentication->signature_algorithm)) ecdsa_hash = *hash;
        }
      } catch (const ChipError& error) {
        result.notes.push_back(std::string("DG14 unreadable (") + error.what() + ")");
      }
    }
  }
  if (com && com->lists(15)) {
    if (const auto file = read_group(15)) {
      Bytes key;
      try {
        key = parse_dg15(*file);
        result.active_authentication_offered = true;
      } catch (const ChipError& error) {
        result.notes.push_back(std::string("DG15 unreadable (") + error.what() + ")");
      }
      // Only a key EF.SOD vouches for proves anything; the check below still runs, and passive
      // authentication fails the read if DG15 was altered.
      if (!key.empty()) result.active_auth = perform_active_authentication(session, key, ecdsa_hash);
    }
  }
  result.times.security_ms = ms_since(step_start);

  // --- The face (the longest read) ------------------------------------------------------------------
  step_start = Clock::now();
  if (options.read_face && listed(2)) {
    report(ReadStage::Face, 0.40);
    const auto face_progress = [&](size_t done, size_t total) {
      report(ReadStage::Face,
             0.40 + 0.54 * static_cast<double>(done) / static_cast<double>(std::max<size_t>(total, 1)));
    };
    if (const auto file = read_group(2, face_progress)) {
      try {
        result.face = parse_dg2(*file);
      } catch (const ChipError& error) {
        result.notes.push_back(std::string("DG2 unreadable (") + error.what() + ")");
      }
    }
  }
  result.times.face_ms = ms_since(step_start);

  // --- Passive authentication -------------------------------------------------------------------------
  report(ReadStage::Verifying, 0.95);
  step_start = Clock::now();
  if (!sod) {
    result.passive_auth.status = PassiveAuthStatus::NotChecked;
    result.passive_auth.reason = "the card has no EF.SOD";
  } else {
    try {
      result.passive_auth = verify_passive(*sod, read, trust, options.check_time);
    } catch (const ChipError& error) {
      result.passive_auth.status = PassiveAuthStatus::Failed;
      result.passive_auth.reason = std::string("EF.SOD unreadable: ") + error.what();
    }
  }
  result.times.verification_ms = ms_since(step_start);
  result.times.total_ms = ms_since(started);
  result.apdus = transport.count;
  report(ReadStage::Done, 1.0);
  return result;
}

}  // namespace mc::idcard
