// Writes the files of a test ID card for the emulated chip (tests/idcard/emulator/cccd_card.py), signed
// by a test CSCA that it also writes (csca.pem). For the system tests, the e2e journey and bench_idcard.
//   make_test_card DIR [--jpeg2000] [--no-pace] [--alter-dg N] [--refuse-pace-mrz] [--p256] [--dg14] [--dg15]
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>
#include <string>
#include "card_files.hpp"

int main(int argc, char** argv) {
  using namespace mc::idcard::test;
  if (argc < 2) {
    std::cerr << "usage: make_test_card DIR [--jpeg2000] [--no-pace] [--alter-dg N] [--refuse-pace-mrz] [--p256] "
                 "[--dg14] [--dg15]\n";
    return 2;
  }
  const std::string dir = argv[1];
  CardOptions options;
  bool refuse_pace_mrz = false;
  for (int i = 2; i < argc; ++i) {
    const std::string arg = argv[i];
    if (arg == "--jpeg2000") {
      options.jpeg2000_face = true;
    } else if (arg == "--no-pace") {
      options.with_pace = false;
    } else if (arg == "--alter-dg" && i + 1 < argc) {
      options.alter_data_group = std::atoi(argv[++i]);
    } else if (arg == "--refuse-pace-mrz") {
      refuse_pace_mrz = true;
    } else if (arg == "--p256") {
      options.pace_parameter_id = 12;
    } else if (arg == "--dg14") {
      options.with_dg14 = true;
    } else if (arg == "--dg15") {
      options.with_dg15 = true;
    } else {
      std::cerr << "make_test_card: unknown option " << arg << "\n";
      return 2;
    }
  }
  const TestPki pki("Test CSCA");
  const CardFiles card = build_card_files(CardHolder{}, options, pki);
  write_card_directory(card, options, pki, dir);
  if (refuse_pace_mrz) {
    nlohmann::json keys;
    std::ifstream(dir + "/card.json") >> keys;
    keys["refuse_pace_with_mrz"] = true;
    std::ofstream(dir + "/card.json") << keys.dump(2) << "\n";
  }
  std::cout << dir << "\n";
  return 0;
}
