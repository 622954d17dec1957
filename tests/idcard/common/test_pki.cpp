#include "test_pki.hpp"

#include <openssl/bio.h>
#include <openssl/cms.h>
#include <openssl/evp.h>
#include <openssl/objects.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>
#include <stdexcept>

namespace mc::idcard::test {

namespace {

void require(bool ok, const char* what) {
  if (!ok) throw std::runtime_error(std::string("test PKI: ") + what);
}

void add_extension(X509* cert, X509* issuer, int nid, const char* value) {
  X509V3_CTX ctx;
  X509V3_set_ctx_nodb(&ctx);
  X509V3_set_ctx(&ctx, issuer, cert, nullptr, nullptr, 0);
  X509_EXTENSION* ext = X509V3_EXT_conf_nid(nullptr, &ctx, nid, value);
  require(ext != nullptr, "extension");
  X509_add_ext(cert, ext, -1);
  X509_EXTENSION_free(ext);
}

X509* make_cert(EVP_PKEY* key, X509* issuer, EVP_PKEY* issuer_key, const std::string& country,
                const std::string& common_name, long serial, bool ca) {
  X509* cert = X509_new();
  X509_set_version(cert, 2);
  ASN1_INTEGER_set(X509_get_serialNumber(cert), serial);
  X509_gmtime_adj(X509_getm_notBefore(cert), -3600);
  X509_gmtime_adj(X509_getm_notAfter(cert), 10L * 365 * 24 * 3600);
  X509_NAME* name = X509_get_subject_name(cert);
  X509_NAME_add_entry_by_txt(name, "C", MBSTRING_ASC, reinterpret_cast<const unsigned char*>(country.c_str()), -1, -1,
                             0);
  X509_NAME_add_entry_by_txt(name, "O", MBSTRING_ASC, reinterpret_cast<const unsigned char*>("Test Ministry"), -1, -1,
                             0);
  X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC, reinterpret_cast<const unsigned char*>(common_name.c_str()), -1,
                             -1, 0);
  X509_set_issuer_name(cert, issuer ? X509_get_subject_name(issuer) : name);
  X509_set_pubkey(cert, key);
  X509* issuer_cert = issuer ? issuer : cert;
  add_extension(cert, issuer_cert, NID_subject_key_identifier, "hash");
  if (ca) {
    add_extension(cert, issuer_cert, NID_basic_constraints, "critical,CA:TRUE,pathlen:0");
    add_extension(cert, issuer_cert, NID_key_usage, "critical,keyCertSign,cRLSign");
  } else {
    add_extension(cert, issuer_cert, NID_authority_key_identifier, "keyid:always");
    add_extension(cert, issuer_cert, NID_key_usage, "critical,digitalSignature");
  }
  require(X509_sign(cert, issuer_key ? issuer_key : key, EVP_sha256()) > 0, "X509_sign");
  return cert;
}

std::string to_pem(X509* cert) {
  BIO* bio = BIO_new(BIO_s_mem());
  PEM_write_bio_X509(bio, cert);
  char* data = nullptr;
  const long length = BIO_get_mem_data(bio, &data);
  std::string out(data, static_cast<size_t>(length));
  BIO_free(bio);
  return out;
}

}  // namespace

struct TestPki::Impl {
  EVP_PKEY* csca_key = nullptr;
  X509* csca = nullptr;
  EVP_PKEY* ds_key = nullptr;
  X509* ds = nullptr;
  ~Impl() {
    X509_free(ds);
    EVP_PKEY_free(ds_key);
    X509_free(csca);
    EVP_PKEY_free(csca_key);
  }
};

TestPki::TestPki(const std::string& csca_name, const std::string& country) : impl_(std::make_unique<Impl>()) {
  impl_->csca_key = EVP_PKEY_Q_keygen(nullptr, nullptr, "EC", "P-256");
  impl_->ds_key = EVP_PKEY_Q_keygen(nullptr, nullptr, "EC", "P-256");
  require(impl_->csca_key && impl_->ds_key, "keygen");
  impl_->csca = make_cert(impl_->csca_key, nullptr, nullptr, country, csca_name, 1, true);
  impl_->ds = make_cert(impl_->ds_key, impl_->csca, impl_->csca_key, country, csca_name + " Document Signer", 2, false);
}

TestPki::~TestPki() = default;
TestPki::TestPki(TestPki&&) noexcept = default;

std::string TestPki::csca_pem() const {
  return to_pem(impl_->csca);
}
std::string TestPki::document_signer_pem() const {
  return to_pem(impl_->ds);
}

Bytes TestPki::csca_der() const {
  unsigned char* out = nullptr;
  const int length = i2d_X509(impl_->csca, &out);
  Bytes der(out, out + length);
  OPENSSL_free(out);
  return der;
}

Bytes TestPki::sign_lds_security_object(ByteView content) const {
  BIO* in = BIO_new_mem_buf(content.data(), static_cast<int>(content.size()));
  CMS_ContentInfo* cms = CMS_sign(nullptr, nullptr, nullptr, nullptr, CMS_PARTIAL | CMS_BINARY);
  require(cms != nullptr, "CMS_sign");
  ASN1_OBJECT* type = OBJ_txt2obj("2.23.136.1.1.1", 1);
  require(CMS_set1_eContentType(cms, type) == 1, "eContentType");
  ASN1_OBJECT_free(type);
  require(CMS_add1_signer(cms, impl_->ds, impl_->ds_key, EVP_sha256(), CMS_BINARY) != nullptr, "CMS_add1_signer");
  require(CMS_final(cms, in, nullptr, CMS_BINARY) == 1, "CMS_final");
  unsigned char* out = nullptr;
  const int length = i2d_CMS_ContentInfo(cms, &out);
  Bytes der(out, out + length);
  OPENSSL_free(out);
  CMS_ContentInfo_free(cms);
  BIO_free(in);
  return der;
}

}  // namespace mc::idcard::test
