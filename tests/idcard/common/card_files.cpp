#include "card_files.hpp"

#include <openjpeg.h>
#include <openssl/bio.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <stb_image_write.h>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <random>
#include <stdexcept>
#include "mc/idcard/bac.hpp"
#include "mc/idcard/crypto.hpp"
#include "mc/idcard/tlv.hpp"

namespace mc::idcard::test {

namespace {

Bytes der_integer(int value) {
  Bytes content;
  if (value == 0) content.push_back(0);
  while (value > 0) {
    content.insert(content.begin(), static_cast<uint8_t>(value & 0xFF));
    value >>= 8;
  }
  if (content[0] & 0x80) content.insert(content.begin(), 0);
  return make_tlv(der::kInteger, content);
}
Bytes der_oid(const std::string& oid) {
  return make_tlv(der::kOid, der::oid_from_string(oid));
}
Bytes der_utf8(const std::string& text) {
  return make_tlv(der::kUtf8String, bytes_of(text));
}
Bytes seq(std::initializer_list<ByteView> parts) {
  return make_tlv(der::kSequence, concat(parts));
}

std::string pad_right(std::string text, size_t length) {
  if (text.size() > length) text.resize(length);
  while (text.size() < length) text += '<';
  return text;
}

std::string mrz_field(std::string text) {
  for (char& c : text)
    if (c == ' ') c = '<';
  return text;
}

char check_char(const std::string& field) {
  return static_cast<char>('0' + mrz_check_digit(field));
}

// A face-like picture: skin-coloured ellipse on a blue-grey background with fine noise, so it
// compresses to the size of a real ID photo (10–20 KB) rather than to a few hundred bytes.
std::vector<uint8_t> face_pixels(int width, int height) {
  std::vector<uint8_t> rgb(static_cast<size_t>(width) * height * 3);
  std::mt19937 noise(42);
  std::uniform_int_distribution<int> jitter(-18, 18);
  for (int y = 0; y < height; ++y) {
    for (int x = 0; x < width; ++x) {
      const double dx = (x - width / 2.0) / (width * 0.33), dy = (y - height * 0.45) / (height * 0.33);
      const bool face = dx * dx + dy * dy < 1.0;
      const bool eye = std::abs(y - height * 0.40) < height * 0.025 &&
                       (std::abs(x - width * 0.38) < width * 0.05 || std::abs(x - width * 0.62) < width * 0.05);
      int r = face ? 224 : 150, g = face ? 180 : 170, b = face ? 150 : 200;
      if (eye) r = g = b = 40;
      const int n = jitter(noise);
      uint8_t* p = &rgb[(static_cast<size_t>(y) * width + x) * 3];
      p[0] = static_cast<uint8_t>(std::clamp(r + n, 0, 255));
      p[1] = static_cast<uint8_t>(std::clamp(g + n, 0, 255));
      p[2] = static_cast<uint8_t>(std::clamp(b + n, 0, 255));
    }
  }
  return rgb;
}

struct MemoryStream {
  Bytes data;
  size_t position = 0;
};

OPJ_SIZE_T stream_write(void* buffer, OPJ_SIZE_T size, void* user) {
  auto* out = static_cast<MemoryStream*>(user);
  if (out->position + size > out->data.size()) out->data.resize(out->position + size);
  std::memcpy(out->data.data() + out->position, buffer, size);
  out->position += size;
  return size;
}
OPJ_OFF_T stream_skip(OPJ_OFF_T count, void* user) {
  auto* out = static_cast<MemoryStream*>(user);
  out->position += static_cast<size_t>(count);
  if (out->position > out->data.size()) out->data.resize(out->position);
  return count;
}
OPJ_BOOL stream_seek(OPJ_OFF_T position, void* user) {
  auto* out = static_cast<MemoryStream*>(user);
  out->position = static_cast<size_t>(position);
  if (out->position > out->data.size()) out->data.resize(out->position);
  return OPJ_TRUE;
}

Bytes face_record(const Bytes& image, bool jpeg2000, int width, int height) {
  // ISO/IEC 19794-5: facial information (20 bytes) and image information (12 bytes) before the image.
  const uint32_t face_length = static_cast<uint32_t>(20 + 12 + image.size());
  const uint32_t record_length = 14 + face_length;
  Bytes record = {'F', 'A', 'C', 0, '0', '1', '0', 0};
  for (int shift : {24, 16, 8, 0}) record.push_back(static_cast<uint8_t>(record_length >> shift));
  record.insert(record.end(), {0x00, 0x01});  // one face
  for (int shift : {24, 16, 8, 0}) record.push_back(static_cast<uint8_t>(face_length >> shift));
  record.insert(record.end(), {0x00, 0x00,                            // feature points
                               0x02, 0x00, 0x00,                      // gender female, eye and hair colour unspecified
                               0x00, 0x00, 0x00,                      // property mask
                               0x00, 0x00,                            // expression
                               0x00, 0x00, 0x00, 0x00, 0x00, 0x00});  // pose angle and uncertainty
  record.insert(record.end(), {0x01, static_cast<uint8_t>(jpeg2000 ? 0x01 : 0x00), static_cast<uint8_t>(width >> 8),
                               static_cast<uint8_t>(width), static_cast<uint8_t>(height >> 8),
                               static_cast<uint8_t>(height), 0x01, 0x02, 0x00, 0x00, 0x00, 0x00});
  record.insert(record.end(), image.begin(), image.end());
  return record;
}

}  // namespace

Bytes synthetic_face_jpeg(int width, int height) {
  const std::vector<uint8_t> rgb = face_pixels(width, height);
  Bytes out;
  stbi_write_jpg_to_func(
      [](void* context, void* data, int size) {
        auto* buffer = static_cast<Bytes*>(context);
        buffer->insert(buffer->end(), static_cast<uint8_t*>(data), static_cast<uint8_t*>(data) + size);
      },
      &out, width, height, 3, rgb.data(), 85);
  return out;
}

Bytes synthetic_face_jpeg2000(int width, int height) {
  const std::vector<uint8_t> rgb = face_pixels(width, height);
  opj_cparameters_t parameters;
  opj_set_default_encoder_parameters(&parameters);
  parameters.tcp_numlayers = 1;
  parameters.tcp_rates[0] = 12;  // compression ratio, as ID photos use
  parameters.cp_disto_alloc = 1;
  opj_image_cmptparm_t components[3];
  for (auto& component : components) {
    std::memset(&component, 0, sizeof component);
    component.dx = component.dy = 1;
    component.w = static_cast<OPJ_UINT32>(width);
    component.h = static_cast<OPJ_UINT32>(height);
    component.prec = 8;
  }
  opj_image_t* image = opj_image_create(3, components, OPJ_CLRSPC_SRGB);
  image->x1 = static_cast<OPJ_UINT32>(width);
  image->y1 = static_cast<OPJ_UINT32>(height);
  for (size_t i = 0; i < static_cast<size_t>(width) * height; ++i)
    for (int c = 0; c < 3; ++c) image->comps[c].data[i] = rgb[i * 3 + c];
  opj_codec_t* codec = opj_create_compress(OPJ_CODEC_JP2);
  MemoryStream memory;
  opj_stream_t* stream = opj_stream_create(OPJ_J2K_STREAM_CHUNK_SIZE, OPJ_FALSE);
  opj_stream_set_write_function(stream, stream_write);
  opj_stream_set_skip_function(stream, stream_skip);
  opj_stream_set_seek_function(stream, stream_seek);
  opj_stream_set_user_data(stream, &memory, nullptr);
  const bool ok = opj_setup_encoder(codec, &parameters, image) && opj_start_compress(codec, image, stream) &&
                  opj_encode(codec, stream) && opj_end_compress(codec, stream);
  opj_stream_destroy(stream);
  opj_destroy_codec(codec);
  opj_image_destroy(image);
  if (!ok) throw std::runtime_error("JPEG 2000 encoding failed");
  return memory.data;
}

std::string build_td1_mrz(const CardHolder& holder) {
  const std::string number = pad_right(holder.document_number(), 9);
  const std::string line1 = "IDVNM" + number + check_char(number) + pad_right(holder.id_number, 15);
  std::string line2 = holder.mrz_date_of_birth + check_char(holder.mrz_date_of_birth) + holder.mrz_sex +
                      holder.mrz_date_of_expiry + check_char(holder.mrz_date_of_expiry) + "VNM" + pad_right("", 11);
  const std::string composite = line1.substr(5, 25) + line2.substr(0, 7) + line2.substr(8, 7) + line2.substr(18, 11);
  line2 += check_char(composite);
  const std::string line3 = pad_right(mrz_field(holder.mrz_surname) + "<<" + mrz_field(holder.mrz_given_names), 30);
  return line1 + line2 + line3;
}

Bytes build_dg13(const CardHolder& holder) {
  std::vector<Bytes> entries;
  auto text = [&](int number, const std::string& value) {
    if (!value.empty()) entries.push_back(seq({der_integer(number), der_utf8(value)}));
  };
  text(1, holder.id_number);
  text(2, holder.full_name);
  text(3, holder.date_of_birth);
  text(4, holder.sex);
  text(5, holder.nationality);
  text(6, holder.ethnicity);
  text(7, holder.religion);
  text(8, holder.place_of_origin);
  text(9, holder.place_of_residence);
  text(10, holder.identifying_marks);
  text(11, holder.issue_date);
  text(12, holder.expiry_date);
  entries.push_back(seq({der_integer(13), seq({der_utf8(holder.father_name), der_utf8(holder.mother_name)})}));
  if (!holder.spouse_name.empty()) entries.push_back(seq({der_integer(14), seq({der_utf8(holder.spouse_name)})}));
  text(15, holder.old_id_number);
  text(16, holder.entry_16);
  Bytes set_content;
  for (const auto& entry : entries) set_content.insert(set_content.end(), entry.begin(), entry.end());
  const Bytes content = seq({der_integer(1), der_oid("1.0.10646.1.0.8"), make_tlv(der::kSet, set_content)});
  return make_tlv(0x6D, content);
}

std::string CardFiles::mrz_text() const {
  return build_td1_mrz(holder);
}

CardFiles build_card_files(const CardHolder& holder, const CardOptions& options, const TestPki& pki) {
  CardFiles card;
  card.holder = holder;
  auto& files = card.files;
  if (options.with_pace) {
    files[0x011C] = make_tlv(
        der::kSet, seq({der_oid(options.pace_protocol), der_integer(2), der_integer(options.pace_parameter_id)}));
  }
  Bytes tag_list = {0x61, 0x75, 0x6D};
  files[0x0101] = make_tlv(0x61, make_tlv(0x5F1F, bytes_of(build_td1_mrz(holder))));
  const Bytes image = options.jpeg2000_face ? synthetic_face_jpeg2000(options.face_width, options.face_height)
                                            : synthetic_face_jpeg(options.face_width, options.face_height);
  const Bytes bit =
      concat({make_tlv(0xA1, concat({make_tlv(0x80, from_hex("0101")), make_tlv(0x87, from_hex("0101")),
                                     make_tlv(0x88, from_hex("0008"))})),
              make_tlv(0x5F2E, face_record(image, options.jpeg2000_face, options.face_width, options.face_height))});
  files[0x0102] = make_tlv(0x75, make_tlv(0x7F61, concat({make_tlv(0x02, Bytes{0x01}), make_tlv(0x7F60, bit)})));
  files[0x010D] = build_dg13(holder);
  if (options.with_dg14) {
    tag_list.push_back(0x6E);
    const Bytes infos = make_tlv(
        der::kSet, concat({seq({der_oid("0.4.0.127.0.7.2.2.3.2.2"), der_integer(1)}),
                           seq({der_oid("2.23.136.1.1.5"), der_integer(1), der_oid("0.4.0.127.0.7.1.1.4.1.3")})}));
    files[0x010E] = make_tlv(0x6E, infos);
  }
  if (options.with_dg15) {
    tag_list.push_back(0x6F);
    EVP_PKEY* key = options.aa_rsa ? EVP_PKEY_Q_keygen(nullptr, nullptr, "RSA", static_cast<size_t>(1024))
                                   : EVP_PKEY_Q_keygen(nullptr, nullptr, "EC", "P-256");
    unsigned char* der = nullptr;
    const int length = i2d_PUBKEY(key, &der);
    files[0x010F] = make_tlv(0x6F, ByteView(der, static_cast<size_t>(length)));
    OPENSSL_free(der);
    BIO* bio = BIO_new(BIO_s_mem());
    PEM_write_bio_PrivateKey(bio, key, nullptr, nullptr, 0, nullptr, nullptr);
    char* pem = nullptr;
    const long pem_length = BIO_get_mem_data(bio, &pem);
    card.aa_private_key_pem.assign(pem, static_cast<size_t>(pem_length));
    BIO_free(bio);
    EVP_PKEY_free(key);
  }
  files[0x011E] = make_tlv(0x60, concat({make_tlv(0x5F01, bytes_of("0107")), make_tlv(0x5F36, bytes_of("040000")),
                                         make_tlv(0x5C, tag_list)}));

  // EF.SOD over every data group, SHA-256.
  Bytes hashes;
  for (const auto& [fid, content] : files) {
    if (fid < 0x0101 || fid > 0x0110) continue;
    const Bytes entry = seq({der_integer(fid - 0x0100), make_tlv(der::kOctetString, sha256(content))});
    hashes.insert(hashes.end(), entry.begin(), entry.end());
  }
  const Bytes lds = seq({der_integer(0), seq({der_oid("2.16.840.1.101.3.4.2.1")}), make_tlv(der::kSequence, hashes)});
  files[0x011D] = make_tlv(0x77, pki.sign_lds_security_object(lds));

  if (options.alter_data_group) {
    Bytes& altered = files.at(static_cast<uint16_t>(0x0100 + *options.alter_data_group));
    altered[altered.size() - 1] ^= 0x01;  // the last byte: the structure still parses, the hash differs
  }
  return card;
}

void write_card_directory(const CardFiles& card, const CardOptions& options, const TestPki& pki,
                          const std::string& dir) {
  std::filesystem::create_directories(dir);
  for (const auto& [fid, content] : card.files) {
    std::ofstream out(dir + "/" + to_hex(Bytes{static_cast<uint8_t>(fid >> 8), static_cast<uint8_t>(fid)}) + ".bin",
                      std::ios::binary);
    out.write(reinterpret_cast<const char*>(content.data()), static_cast<std::streamsize>(content.size()));
  }
  nlohmann::json keys = {{"can", card.holder.can()},
                         {"mrz",
                          {{"document_number", card.holder.document_number()},
                           {"date_of_birth", card.holder.mrz_date_of_birth},
                           {"date_of_expiry", card.holder.mrz_date_of_expiry}}},
                         {"pace", options.with_pace ? nlohmann::json{{"protocol", options.pace_protocol},
                                                                     {"parameter_id", options.pace_parameter_id}}
                                                    : nlohmann::json(nullptr)}};
  std::ofstream(dir + "/card.json") << keys.dump(2) << "\n";
  std::ofstream(dir + "/csca.pem") << pki.csca_pem();
  if (!card.aa_private_key_pem.empty()) std::ofstream(dir + "/aa_key.pem") << card.aa_private_key_pem;
}

}  // namespace mc::idcard::test
