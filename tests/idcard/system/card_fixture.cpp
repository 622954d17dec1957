#include "card_fixture.hpp"

#include <signal.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <stdexcept>
#include <thread>
#include "mc/idcard/pcsc.hpp"

namespace mc::idcard::test {

namespace {

// vpcd's first slot, the one the emulator connects to (port 0x8C7B).
const std::string kReader = "Virtual PCD 00 00";

bool exists(const std::string& path) {
  return std::filesystem::exists(path);
}

void wait_for(const std::function<bool()>& ready, const std::string& what, const std::string& log) {
  const auto until = std::chrono::steady_clock::now() + std::chrono::seconds(20);
  while (!ready()) {
    if (std::chrono::steady_clock::now() > until) {
      std::ifstream in(log);
      std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
      throw std::runtime_error("card fixture: " + what + " did not come up; log:\n" + text);
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
}

}  // namespace

CommandResult run_command(const std::string& command_line, bool merge_stderr) {
  CommandResult result;
  const std::string full = command_line + (merge_stderr ? " 2>&1" : "");
  FILE* pipe = popen(full.c_str(), "r");
  if (!pipe) throw std::runtime_error("popen failed");
  char buffer[4096];
  size_t n;
  while ((n = fread(buffer, 1, sizeof buffer, pipe)) > 0) result.out.append(buffer, n);
  const int status = pclose(pipe);
  result.status = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return result;
}

CardFixture& CardFixture::instance() {
  static CardFixture fixture;
  return fixture;
}

CardFixture::CardFixture() {
  if (geteuid() != 0)
    throw std::runtime_error("card fixture: needs root for its own mount and network namespace (unshare -mn)");
  char pattern[] = "/tmp/mc-chip-fixture.XXXXXX";
  if (!mkdtemp(pattern)) throw std::runtime_error("mkdtemp failed");
  dir_ = pattern;
  std::filesystem::create_directories(dir_ + "/run");
  std::filesystem::create_directories(dir_ + "/reader.conf.d");
  std::filesystem::create_directories(dir_ + "/shim/Crypto");
  std::filesystem::create_directories(dir_ + "/cards");
  // The virtual reader; inside the private network namespace its fixed port cannot collide.
  std::ofstream(dir_ + "/reader.conf.d/vpcd") << "FRIENDLYNAME \"Virtual PCD\"\n"
                                                 "DEVICENAME   /dev/null:0x8C7B\n"
                                                 "LIBPATH      /usr/lib/pcsc/drivers/serial/libifdvpcd.so\n"
                                                 "CHANNELID    0x8C7B\n";
  // vicc imports PyCrypto's Crypto; Debian ships pycryptodome as Cryptodome.
  std::ofstream(dir_ + "/shim/Crypto/__init__.py") << "import Cryptodome\n__path__ = Cryptodome.__path__\n";
  std::ofstream(dir_ + "/fixture.sh") << "set -e\n"
                                         "ip link set lo up\n"
                                         "mount --bind "
                                      << dir_
                                      << "/run /run\n"
                                         "pcscd -f -c "
                                      << dir_ << "/reader.conf.d > " << dir_
                                      << "/pcscd.log 2>&1 &\n"
                                         "echo $! > "
                                      << dir_
                                      << "/pcscd.pid\n"
                                         "PYTHONPATH="
                                      << dir_
                                      << "/shim:/usr/lib/python3/site-packages/virtualsmartcard "
                                         "/usr/bin/python3 " MC_SOURCE_DIR
                                         "/tests/idcard/emulator/cccd_card.py --port 35963 --parent-pid "
                                      << getpid() << " --control " << dir_ << "/card.sock > " << dir_
                                      << "/card.log 2>&1 || true\n"
                                         "kill $(cat "
                                      << dir_
                                      << "/pcscd.pid) 2>/dev/null || true\n"
                                         "wait\n"
                                         "rm -rf "
                                      << dir_ << "\n";  // when the test program was killed, nobody else cleans up
  std::fflush(stdout);  // or the child's freopen() writes our unflushed output a second time
  std::fflush(stderr);
  shell_pid_ = fork();
  if (shell_pid_ == 0) {
    setpgid(0, 0);
    const std::string script = dir_ + "/fixture.sh";
    const std::string log = dir_ + "/fixture.log";
    freopen(log.c_str(), "w", stdout);
    freopen(log.c_str(), "a", stderr);
    execlp("unshare", "unshare", "-mn", "--propagation", "private", "/bin/sh", script.c_str(), nullptr);
    _exit(127);
  }
  const std::string socket_path = dir_ + "/run/pcscd/pcscd.comm";
  wait_for([&] { return exists(socket_path) && exists(dir_ + "/card.sock"); }, "pcscd and the emulated card",
           dir_ + "/fixture.log");
  setenv("PCSCLITE_CSOCK_NAME", socket_path.c_str(), 1);
}

CardFixture::~CardFixture() {
  stop();
}

void CardFixture::stop() {
  if (shell_pid_ <= 0) return;
  try {
    control("quit");  // the emulator exits; the fixture script then stops pcscd and ends
  } catch (const std::exception&) {
    kill(shell_pid_, SIGTERM);
  }
  int status = 0;
  for (int i = 0; i < 200 && waitpid(shell_pid_, &status, WNOHANG) == 0; ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(25));
  if (waitpid(shell_pid_, &status, WNOHANG) == 0) {
    kill(shell_pid_, SIGKILL);
    waitpid(shell_pid_, &status, 0);
  }
  shell_pid_ = -1;
  std::error_code error;
  std::filesystem::remove_all(dir_, error);
}

std::string CardFixture::control(const std::string& command) {
  const int fd = socket(AF_UNIX, SOCK_STREAM, 0);
  sockaddr_un address{};
  address.sun_family = AF_UNIX;
  const std::string path = dir_ + "/card.sock";
  std::snprintf(address.sun_path, sizeof address.sun_path, "%s", path.c_str());
  if (connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0) {
    close(fd);
    throw std::runtime_error("card fixture: control socket unreachable");
  }
  const std::string line = command + "\n";
  (void)!write(fd, line.data(), line.size());
  std::string answer;
  char c;
  while (read(fd, &c, 1) == 1 && c != '\n') answer += c;
  close(fd);
  if (answer.rfind("error", 0) == 0) throw std::runtime_error("card fixture: " + command + ": " + answer);
  return answer;
}

std::string CardFixture::make_card(const std::string& name, const std::string& options) {
  const std::string card_dir = dir_ + "/cards/" + name;
  const auto result = run_command(std::string(MC_MAKE_TEST_CARD) + " " + card_dir + " " + options, true);
  if (result.status != 0) throw std::runtime_error("make_test_card failed: " + result.out);
  return card_dir;
}

// pcscd learns of a card coming or going by polling the virtual reader: wait until it has, so the next
// client never talks to the previous card's state.
void CardFixture::insert(const std::string& card_dir) {
  remove();
  control("insert " + card_dir);
  PcscContext pcsc;
  if (!pcsc.wait_for_card(kReader, std::chrono::seconds(10)))
    throw std::runtime_error("card fixture: pcscd did not see the card arrive");
}

void CardFixture::remove() {
  control("remove");
  PcscContext pcsc;
  if (!pcsc.wait_for_removal(kReader, std::chrono::seconds(10)))
    throw std::runtime_error("card fixture: pcscd did not see the card leave");
}
nlohmann::json CardFixture::stats() {
  return nlohmann::json::parse(control("stats"));
}

}  // namespace mc::idcard::test
