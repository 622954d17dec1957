// chip_fixture CARD_DIR: the system tests' PC/SC fixture (private pcscd + vsmartcard-vpcd + the emulated
// CCCD chip, see system/card_fixture.hpp) for shell scripts such as tests/e2e/chip_journey.sh. Puts the
// card on the reader, prints "PCSCLITE_CSOCK_NAME=<socket>" for the clients, then reads commands from
// stdin ("insert DIR", "remove"), answering "ok" to each; at the end of stdin it stops everything.
#include <cstdlib>
#include <iostream>
#include <string>
#include "card_fixture.hpp"

int main(int argc, char** argv) {
  if (argc != 2) {
    std::cerr << "usage: chip_fixture CARD_DIR\n";
    return 2;
  }
  try {
    auto& fixture = mc::idcard::test::CardFixture::instance();
    fixture.insert(argv[1]);
    std::cout << "PCSCLITE_CSOCK_NAME=" << std::getenv("PCSCLITE_CSOCK_NAME") << std::endl;
    std::string line;
    while (std::getline(std::cin, line)) {
      if (line.rfind("insert ", 0) == 0)
        fixture.insert(line.substr(7));
      else if (line == "remove")
        fixture.remove();
      std::cout << "ok" << std::endl;
    }
  } catch (const std::exception& error) {
    std::cerr << "chip_fixture: " << error.what() << "\n";
    return 1;
  }
  return 0;
}
