// libFuzzer target: every parser of what an ID card's chip returns. The first byte picks the parser, the
// rest is the file. A parser may refuse (ChipError) but must never crash, hang, leak or read out of bounds.
#include <cstddef>
#include <cstdint>
#include <map>
#include "mc/idcard/errors.hpp"
#include "mc/idcard/lds.hpp"
#include "mc/idcard/passive_auth.hpp"
#include "mc/idcard/security_infos.hpp"
#include "mc/idcard/tlv.hpp"

using namespace mc::idcard;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size < 1) return 0;
  const ByteView file(data + 1, size - 1);
  try {
    switch (data[0] % 10) {
      case 0: {
        for (const Tlv& tlv : read_tlvs(file))
          if (tlv.constructed()) read_tlvs(tlv.value);
        tlv_total_length(file);
        break;
      }
      case 1:
        parse_ef_com(file);
        break;
      case 2: {
        const Mrz mrz = parse_dg1(file);
        (void)mrz_information(mrz.access_key());
        break;
      }
      case 3:
        parse_dg2(file);
        break;
      case 4: {
        const Dg13 dg13 = parse_dg13(file);
        (void)make_identity(parse_mrz_text(std::string(90, '<')), dg13);
        break;
      }
      case 5:
        parse_dg15(file);
        break;
      case 6:
        choose_pace(parse_security_infos(file));
        break;
      case 7:
        parse_lds_security_object(file);
        break;
      case 8: {
        // EF.SOD through OpenSSL's CMS parser and verification, against an empty trust store.
        static const TrustStore empty;
        verify_passive(file, {{1, Bytes(file.begin(), file.end())}}, empty);
        break;
      }
      case 9:
        der::oid_to_string(file);
        break;
    }
  } catch (const ChipError&) {
  } catch (const std::invalid_argument&) {  // mrz_information on an MRZ whose fields are not MRZ-shaped
  }
  return 0;
}
