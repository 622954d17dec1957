#include "mc/idcard/passive_auth.hpp"

#include <openssl/bio.h>
#include <openssl/cms.h>
#include <openssl/crypto.h>
#include <openssl/err.h>
#include <openssl/objects.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509_vfy.h>
#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iterator>
#include "mc/idcard/crypto.hpp"
#include "mc/idcard/errors.hpp"
#include "mc/idcard/tlv.hpp"

namespace mc::idcard {

namespace {

constexpr const char* kLdsSecurityObjectOid = "2.23.136.1.1.1";

struct X509Free {
  void operator()(X509* cert) const { X509_free(cert); }
};
using X509Ptr = std::unique_ptr<X509, X509Free>;

std::string subject_of(X509* cert) {
  char buffer[512];
  X509_NAME_oneline(X509_get_subject_name(cert), buffer, sizeof buffer);
  return buffer;
}

std::string openssl_error() {
  const unsigned long code = ERR_get_error();
  ERR_clear_error();
  if (!code) return "unknown error";
  char buffer[256];
  ERR_error_string_n(code, buffer, sizeof buffer);
  return buffer;
}

}  // namespace

const char* passive_auth_status_name(PassiveAuthStatus status) {
  switch (status) {
    case PassiveAuthStatus::Verified:
      return "verified";
    case PassiveAuthStatus::CscaUnknown:
      return "csca_unknown";
    case PassiveAuthStatus::Failed:
      return "failed";
    case PassiveAuthStatus::NotChecked:
      return "not_checked";
  }
  return "not_checked";
}

LdsSecurityObject parse_lds_security_object(ByteView der) {
  const Tlv object = read_single(der, der::kSequence, "LDSSecurityObject");
  const std::vector<Tlv> fields = read_tlvs(object.value);
  if (fields.size() < 3) malformed("LDSSecurityObject: fewer than three fields");
  LdsSecurityObject out;
  out.version = der::small_integer(fields[0], "LDSSecurityObject version");
  if (out.version > 1) malformed("LDSSecurityObject: version " + std::to_string(out.version));
  if (fields[1].tag != der::kSequence) malformed("LDSSecurityObject: hashAlgorithm is not an AlgorithmIdentifier");
  const std::vector<Tlv> algorithm = read_tlvs(fields[1].value);
  if (algorithm.empty() || algorithm[0].tag != der::kOid) malformed("LDSSecurityObject: hashAlgorithm without OID");
  const std::string oid = der::oid_to_string(algorithm[0].value);
  const auto name = digest_name_for_oid(oid);
  if (!name) malformed("LDSSecurityObject: unknown hash algorithm " + oid);
  out.digest_algorithm = *name;
  const size_t hash_length = digest(*name, {}).size();
  if (fields[2].tag != der::kSequence) malformed("LDSSecurityObject: dataGroupHashValues is not a SEQUENCE");
  for (const Tlv& entry : read_tlvs(fields[2].value)) {
    if (entry.tag != der::kSequence) malformed("DataGroupHash is not a SEQUENCE");
    const std::vector<Tlv> pair = read_tlvs(entry.value);
    if (pair.size() != 2 || pair[1].tag != der::kOctetString) malformed("DataGroupHash is not {number, OCTET STRING}");
    const int number = der::small_integer(pair[0], "DataGroupHash number");
    if (number < 1 || number > 16) malformed("DataGroupHash for data group " + std::to_string(number));
    if (pair[1].value.size() != hash_length) malformed("DataGroupHash of the wrong length for " + *name);
    if (out.hashes.count(number)) malformed("two DataGroupHash entries for one data group");
    out.hashes[number] = Bytes(pair[1].value.begin(), pair[1].value.end());
  }
  if (out.hashes.empty()) malformed("LDSSecurityObject lists no data group");
  return out;
}

struct TrustStore::Impl {
  std::vector<X509Ptr> certificates;
};

TrustStore::TrustStore() : impl_(std::make_unique<Impl>()) {}
TrustStore::~TrustStore() = default;
TrustStore::TrustStore(TrustStore&&) noexcept = default;
TrustStore& TrustStore::operator=(TrustStore&&) noexcept = default;

bool TrustStore::add_pem(const std::string& pem) {
  BIO* bio = BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size()));
  bool any = false;
  while (X509* cert = PEM_read_bio_X509(bio, nullptr, nullptr, nullptr)) {
    impl_->certificates.emplace_back(cert);
    any = true;
  }
  BIO_free(bio);
  ERR_clear_error();  // the loop ends with a "no start line" error
  return any;
}

bool TrustStore::add_der(ByteView der) {
  const unsigned char* cursor = der.data();
  X509* cert = d2i_X509(nullptr, &cursor, static_cast<long>(der.size()));
  if (!cert || cursor != der.data() + der.size()) {
    X509_free(cert);
    ERR_clear_error();
    return false;
  }
  impl_->certificates.emplace_back(cert);
  return true;
}

size_t TrustStore::size() const {
  return impl_->certificates.size();
}

std::vector<std::string> TrustStore::subjects() const {
  std::vector<std::string> out;
  for (const auto& cert : impl_->certificates) out.push_back(subject_of(cert.get()));
  return out;
}

TrustStore TrustStore::load_directory(const std::string& directory, std::vector<std::string>* problems) {
  TrustStore store;
  std::error_code error;
  if (!std::filesystem::is_directory(directory, error)) return store;
  std::vector<std::filesystem::path> files;
  for (const auto& entry : std::filesystem::directory_iterator(directory, error))
    if (entry.is_regular_file()) files.push_back(entry.path());
  std::sort(files.begin(), files.end());
  for (const auto& path : files) {
    std::string extension = path.extension().string();
    std::transform(extension.begin(), extension.end(), extension.begin(),
                   [](unsigned char c) { return std::tolower(c); });
    if (extension != ".pem" && extension != ".crt" && extension != ".cer" && extension != ".der") continue;
    std::ifstream in(path, std::ios::binary);
    const std::string content((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    const bool ok = content.find("-----BEGIN CERTIFICATE-----") != std::string::npos
                        ? store.add_pem(content)
                        : store.add_der(ByteView(reinterpret_cast<const uint8_t*>(content.data()), content.size()));
    if (!ok && problems) problems->push_back(path.filename().string() + ": not an X.509 certificate");
  }
  return store;
}

PassiveAuthResult verify_passive(ByteView ef_sod, const std::map<int, Bytes>& data_groups, const TrustStore& trust,
                                 std::optional<int64_t> check_time) {
  PassiveAuthResult result;
  auto fail = [&result](std::string reason) {
    result.status = PassiveAuthStatus::Failed;
    result.reason = std::move(reason);
    return result;
  };

  // 1. The CMS SignedData inside tag 77, and its LDSSecurityObject.
  const Tlv sod = read_single(ef_sod, 0x77, "EF.SOD");
  const unsigned char* cursor = sod.value.data();
  CMS_ContentInfo* cms_raw = d2i_CMS_ContentInfo(nullptr, &cursor, static_cast<long>(sod.value.size()));
  std::unique_ptr<CMS_ContentInfo, decltype(&CMS_ContentInfo_free)> cms(cms_raw, CMS_ContentInfo_free);
  if (!cms || cursor != sod.value.data() + sod.value.size()) {
    ERR_clear_error();
    malformed("EF.SOD is not one CMS ContentInfo");
  }
  if (OBJ_obj2nid(CMS_get0_type(cms.get())) != NID_pkcs7_signed) malformed("EF.SOD is not CMS SignedData");
  char oid[80];
  OBJ_obj2txt(oid, sizeof oid, CMS_get0_eContentType(cms.get()), 1);
  if (std::string(oid) != kLdsSecurityObjectOid) malformed(std::string("EF.SOD signs content of type ") + oid);
  ASN1_OCTET_STRING** content = CMS_get0_content(cms.get());
  if (!content || !*content) malformed("EF.SOD has no signed content");
  const LdsSecurityObject lds = parse_lds_security_object(
      ByteView(ASN1_STRING_get0_data(*content), static_cast<size_t>(ASN1_STRING_length(*content))));
  result.digest_algorithm = lds.digest_algorithm;

  // 2. Hashes of what was read.
  bool hashes_ok = true;
  for (const auto& [number, bytes] : data_groups) {
    DataGroupCheck check;
    check.number = number;
    auto listed = lds.hashes.find(number);
    check.listed = listed != lds.hashes.end();
    if (check.listed) {
      const Bytes hash = digest(lds.digest_algorithm, bytes);
      check.matches = CRYPTO_memcmp(hash.data(), listed->second.data(), hash.size()) == 0;
    }
    hashes_ok = hashes_ok && check.matches;
    result.data_groups.push_back(check);
  }

  // 3. The signature, with the document signer certificate EF.SOD carries (no chain yet).
  BIO* out = BIO_new(BIO_s_mem());
  const int signature_ok =
      CMS_verify(cms.get(), nullptr, nullptr, nullptr, out, CMS_NO_SIGNER_CERT_VERIFY | CMS_BINARY);
  BIO_free(out);
  if (signature_ok != 1) return fail("the EF.SOD signature does not verify: " + openssl_error());
  STACK_OF(X509)* signers = CMS_get0_signers(cms.get());
  if (!signers || sk_X509_num(signers) != 1) {
    sk_X509_free(signers);
    return fail("EF.SOD does not have exactly one signer certificate");
  }
  X509* signer = sk_X509_value(signers, 0);
  sk_X509_free(signers);
  result.signer_subject = subject_of(signer);

  for (const auto& check : result.data_groups) {
    if (!check.listed) return fail("DG" + std::to_string(check.number) + " is not covered by EF.SOD");
    if (!check.matches) return fail("the hash of DG" + std::to_string(check.number) + " differs from EF.SOD");
  }
  if (!hashes_ok) return fail("data group hashes differ");

  // 4. The chain to a trusted CSCA.
  X509_STORE* store = X509_STORE_new();
  for (const auto& cert : trust.impl_->certificates) X509_STORE_add_cert(store, cert.get());
  X509_STORE_CTX* ctx = X509_STORE_CTX_new();
  X509_STORE_CTX_init(ctx, store, signer, nullptr);
  if (check_time) X509_VERIFY_PARAM_set_time(X509_STORE_CTX_get0_param(ctx), static_cast<time_t>(*check_time));
  const int chain_ok = X509_verify_cert(ctx);
  const int error = X509_STORE_CTX_get_error(ctx);
  if (chain_ok == 1) {
    STACK_OF(X509)* chain = X509_STORE_CTX_get0_chain(ctx);
    if (chain && sk_X509_num(chain) > 1) result.csca_subject = subject_of(sk_X509_value(chain, sk_X509_num(chain) - 1));
  }
  X509_STORE_CTX_free(ctx);
  X509_STORE_free(store);
  ERR_clear_error();
  if (chain_ok == 1) {
    result.status = PassiveAuthStatus::Verified;
    result.reason = "data group hashes match, signature valid, document signer issued by a trusted CSCA";
    return result;
  }
  if (error == X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT_LOCALLY || error == X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT ||
      error == X509_V_ERR_DEPTH_ZERO_SELF_SIGNED_CERT || error == X509_V_ERR_SELF_SIGNED_CERT_IN_CHAIN) {
    result.status = PassiveAuthStatus::CscaUnknown;
    result.reason =
        "data group hashes match and the signature is valid, but no trusted CSCA issued the document signer";
    return result;
  }
  return fail(std::string("the document signer certificate does not validate: ") +
              X509_verify_cert_error_string(error));
}

}  // namespace mc::idcard
