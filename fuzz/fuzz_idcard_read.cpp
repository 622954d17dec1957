// libFuzzer target: the whole read flow against an emulated chip whose files come from the fuzzer. The
// card is genuine in every other respect (BAC and secure messaging are right), so the input reaches the
// length checks of READ BINARY, the file reader and every parser through the same path a card does.
// Input: up to four files (DG1, DG13, EF.SOD, DG2) separated by the byte sequence "FUZZ".
#include <cstddef>
#include <cstdint>
#include <string>
#include "card_files.hpp"
#include "emulated_card.hpp"
#include "mc/idcard/chip_reader.hpp"
#include "mc/idcard/errors.hpp"

using namespace mc::idcard;
using namespace mc::idcard::test;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const TestPki pki("Fuzz CSCA");
  static const CardFiles genuine = [] {
    CardOptions options;
    options.with_pace = false;  // BAC: cheap enough for many runs a second
    options.face_width = 24;
    options.face_height = 32;
    return build_card_files({}, options, pki);
  }();
  CardFiles card = genuine;
  const std::string input(reinterpret_cast<const char*>(data), size);
  const uint16_t targets[] = {0x0101, 0x010D, 0x011D, 0x0102};
  size_t start = 0;
  for (uint16_t fid : targets) {
    if (start > input.size()) break;
    const size_t end = std::min(input.find("FUZZ", start), input.size());
    card.files[fid] =
        Bytes(input.begin() + static_cast<std::ptrdiff_t>(start), input.begin() + static_cast<std::ptrdiff_t>(end));
    start = end + 4;
  }
  EmulatedCard chip(card);
  TrustStore trust;
  try {
    read_chip(chip, {"", MrzKey{CardHolder{}.document_number(), "990315", "390315"}}, trust);
  } catch (const ChipError&) {
  }
  return 0;
}
