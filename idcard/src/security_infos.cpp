#include "mc/idcard/security_infos.hpp"

#include "mc/idcard/errors.hpp"
#include "mc/idcard/pace.hpp"
#include "mc/idcard/tlv.hpp"

namespace mc::idcard {

namespace {
bool starts_with(const std::string& text, const char* prefix) {
  return text.rfind(prefix, 0) == 0;
}
constexpr const char* kIdPace = "0.4.0.127.0.7.2.2.4.";
constexpr const char* kIdCa = "0.4.0.127.0.7.2.2.3.";
constexpr const char* kIdPk = "0.4.0.127.0.7.2.2.1.";
constexpr const char* kIdAa = "2.23.136.1.1.5";
}  // namespace

SecurityInfos parse_security_infos(ByteView der) {
  const Tlv set = read_single(der, der::kSet, "SecurityInfos");
  SecurityInfos infos;
  for (const Tlv& info : read_tlvs(set.value)) {
    if (info.tag != der::kSequence) malformed("SecurityInfo is not a SEQUENCE");
    const std::vector<Tlv> fields = read_tlvs(info.value);
    if (fields.empty() || fields[0].tag != der::kOid) malformed("SecurityInfo does not start with an OID");
    const std::string oid = der::oid_to_string(fields[0].value);
    if (starts_with(oid, kIdPace)) {
      const auto protocol = pace_protocol(oid);
      // PACEInfo: OID, INTEGER version, INTEGER parameterId OPTIONAL. PACEDomainParameterInfo (OID
      // without cipher, then an AlgorithmIdentifier) carries explicit parameters, which we do not run.
      if (!protocol || fields.size() < 2 || fields[1].tag != der::kInteger) {
        infos.other_protocols.push_back(oid);
        continue;
      }
      PaceInfo pace;
      pace.protocol = oid;
      pace.version = der::small_integer(fields[1], "PACEInfo version");
      if (fields.size() >= 3) pace.parameter_id = der::small_integer(fields[2], "PACEInfo parameterId");
      infos.pace.push_back(pace);
    } else if (starts_with(oid, kIdCa)) {
      ChipAuthenticationInfo ca;
      ca.protocol = oid;
      if (fields.size() >= 2 && fields[1].tag == der::kInteger) {
        ca.version = der::small_integer(fields[1], "ChipAuthenticationInfo version");
        if (fields.size() >= 3) ca.key_id = der::small_integer(fields[2], "ChipAuthenticationInfo keyId");
        infos.chip_authentication.push_back(ca);
      } else {
        infos.other_protocols.push_back(oid);  // ChipAuthenticationDomainParameterInfo
      }
    } else if (starts_with(oid, kIdPk)) {
      ++infos.chip_authentication_public_keys;
    } else if (oid == kIdAa) {
      ActiveAuthenticationInfo aa;
      if (fields.size() >= 2) aa.version = der::small_integer(fields[1], "ActiveAuthenticationInfo version");
      if (fields.size() >= 3) {
        if (fields[2].tag != der::kOid) malformed("ActiveAuthenticationInfo signatureAlgorithm is not an OID");
        aa.signature_algorithm = der::oid_to_string(fields[2].value);
      }
      infos.active_authentication = aa;
    } else {
      infos.other_protocols.push_back(oid);
    }
  }
  return infos;
}

std::optional<PaceInfo> choose_pace(const SecurityInfos& infos) {
  std::optional<PaceInfo> best;
  size_t best_key = 0;
  for (const PaceInfo& info : infos.pace) {
    const auto protocol = pace_protocol(info.protocol);
    if (!protocol || !is_supported(*protocol) || info.version != 2) continue;
    if (!info.parameter_id || !EcCurve::is_standard_id_supported(*info.parameter_id)) continue;
    const size_t strength = protocol->cipher == SmCipher::Aes ? protocol->key_length : 1;
    if (!best || strength > best_key) {
      best = info;
      best_key = strength;
    }
  }
  return best;
}

}  // namespace mc::idcard
