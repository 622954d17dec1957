#pragma once
// A country signing CA and a document signer of our own, made with OpenSSL for the tests (the real
// Vietnamese CSCA comes from the ICAO PKD). Certificates are valid from an hour ago for ten years.
#include <memory>
#include <string>
#include "mc/idcard/bytes.hpp"

namespace mc::idcard::test {

class TestPki {
 public:
  // country: "VN"; name: distinguishes several CSCAs in one test ("Test CSCA", "Other CSCA").
  explicit TestPki(const std::string& csca_name = "Test CSCA", const std::string& country = "VN");
  ~TestPki();
  TestPki(TestPki&&) noexcept;

  std::string csca_pem() const;
  Bytes csca_der() const;
  std::string document_signer_pem() const;
  // CMS SignedData (eContentType id-icao-mrtd-security-ldsSecurityObject) over `content`, signed by the
  // document signer with SHA-256, the signer certificate included: the value inside EF.SOD's tag 77.
  Bytes sign_lds_security_object(ByteView content) const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace mc::idcard::test
