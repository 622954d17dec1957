#pragma once
// The PC/SC fixture of the chip system tests, started once per test program: a private pcscd with
// vsmartcard's virtual reader (vpcd) and the emulated CCCD chip (tests/idcard/emulator/cccd_card.py),
// both inside their own mount and network namespace (`unshare -mn`): vpcd listens on all addresses, and
// pcscd's socket path is compiled in, so /run is a private directory there. Clients reach pcscd through
// PCSCLITE_CSOCK_NAME, which start() sets for this process and its children (kioskctl).
#include <nlohmann/json.hpp>
#include <string>

namespace mc::idcard::test {

class CardFixture {
 public:
  static CardFixture& instance();  // starts on first use; stopped at exit
  ~CardFixture();

  const std::string& dir() const { return dir_; }
  // Writes a test card with make_test_card (options as its command line) into dir()/cards/<name>.
  std::string make_card(const std::string& name, const std::string& options = "");
  void insert(const std::string& card_dir);  // takes the previous card off first
  void remove();
  nlohmann::json stats();  // {"apdus", "busy_ms", "refusals"} of the card on the reader

 private:
  CardFixture();
  std::string control(const std::string& command);
  void stop();

  std::string dir_;
  int shell_pid_ = -1;
};

// Runs a command line, returns (exit status, stdout); stderr is appended to stdout when merge_stderr.
struct CommandResult {
  int status = -1;
  std::string out;
};
CommandResult run_command(const std::string& command_line, bool merge_stderr = false);

}  // namespace mc::idcard::test
