#pragma once
// Passive authentication (ICAO 9303-11 §5.1): the hashes of the data groups read must match the ones in
// EF.SOD; EF.SOD's CMS signature must verify with the document signer certificate it carries; that
// certificate must chain to a country signing CA (CSCA) the kiosk trusts. The CSCA certificates come
// from a directory the IT officer fills from the ICAO PKD (assets/idcard/csca/ by default).
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>
#include "mc/idcard/bytes.hpp"

namespace mc::idcard {

// The signed content of EF.SOD (LDSSecurityObject, 9303-10 §4.6.2.2).
struct LdsSecurityObject {
  int version = 0;
  std::string digest_algorithm;  // OpenSSL name, "SHA256"
  std::map<int, Bytes> hashes;   // data group number -> hash
};
LdsSecurityObject parse_lds_security_object(ByteView der);

enum class PassiveAuthStatus {
  Verified,     // hashes match, signature valid, chain to a trusted CSCA
  CscaUnknown,  // hashes match and the signature is valid, but no trusted CSCA issued the signer
  Failed,       // a hash differs, a data group is not covered, or a signature or chain check fails
  NotChecked,   // EF.SOD was not read
};
const char* passive_auth_status_name(PassiveAuthStatus status);  // "verified", "csca_unknown", "failed"...

struct DataGroupCheck {
  int number = 0;
  bool listed = false;   // EF.SOD has a hash for it
  bool matches = false;  // ... and it equals the hash of what was read
};

struct PassiveAuthResult {
  PassiveAuthStatus status = PassiveAuthStatus::NotChecked;
  std::string reason;  // technical English for logs and staff; never personal data
  std::string digest_algorithm;
  std::string signer_subject;  // the document signer certificate's subject (an authority, not a person)
  std::string csca_subject;    // the trusted CSCA that issued it, when found
  std::vector<DataGroupCheck> data_groups;
};

class TrustStore {
 public:
  TrustStore();
  ~TrustStore();
  TrustStore(TrustStore&&) noexcept;
  TrustStore& operator=(TrustStore&&) noexcept;

  // Every *.pem, *.crt, *.cer and *.der file in `directory` (PEM may hold several certificates). Files
  // that do not parse are named in `problems`; a missing directory is an empty store.
  static TrustStore load_directory(const std::string& directory, std::vector<std::string>* problems = nullptr);
  bool add_pem(const std::string& pem);  // false when no certificate could be read
  bool add_der(ByteView der);
  size_t size() const;
  std::vector<std::string> subjects() const;

 private:
  friend PassiveAuthResult verify_passive(ByteView, const std::map<int, Bytes>&, const TrustStore&,
                                          std::optional<int64_t>);
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// ef_sod: the file as read (tag 77). data_groups: number -> the whole file as read. check_time: Unix
// seconds at which certificates must be valid (default: now).
PassiveAuthResult verify_passive(ByteView ef_sod, const std::map<int, Bytes>& data_groups, const TrustStore& trust,
                                 std::optional<int64_t> check_time = std::nullopt);

}  // namespace mc::idcard
