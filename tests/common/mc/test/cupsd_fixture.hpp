#pragma once
// A private CUPS print server for tests (STACK.md, "CUPS 2.4 + cups-pdf"): cupsd in a temporary directory,
// listening on a free loopback port and a socket of its own, never the system's cupsd. Its cups-pdf
// backend reads the hard-coded /etc/cups/cups-pdf.conf, so cupsd runs in a private mount namespace where
// that file is bind-mounted from the fixture's directory: printed PDFs land in output_dir(), nowhere else.
// One instance per test program (instance()), started on first use and stopped by its PID at exit.
// Needs root (mount namespace) and the Debian packages cups and printer-driver-cups-pdf.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <optional>
#include <stdexcept>
#include <string>
#include <thread>

namespace mc::test {

class CupsdFixture {
 public:
  // The shared instance; throws std::runtime_error with the reason when cupsd cannot be started.
  static CupsdFixture& instance() {
    static CupsdFixture fixture;
    return fixture;
  }

  // "127.0.0.1:PORT": what CUPS_SERVER and `lpadmin -h` take. The constructor already exported it.
  const std::string& server() const { return server_; }
  const std::string& output_dir() const { return output_dir_; }
  const std::string& dir() const { return dir_; }

  // A queue printing to PDF files in output_dir() (cups-pdf).
  void add_pdf_queue(const std::string& name) {
    admin("lpadmin -h " + server_ + " -p " + name + " -v cups-pdf:/ -E -m lsb/usr/cups-pdf/CUPS-PDF_opt.ppd");
  }
  // A queue whose printer is a raw socket nobody answers on: the backend keeps trying, as with a printer
  // that is switched off.
  void add_unreachable_queue(const std::string& name, int port) {
    admin("lpadmin -h " + server_ + " -p " + name + " -v socket://127.0.0.1:" + std::to_string(port) + " -E -m raw");
  }
  void disable(const std::string& name) { admin("cupsdisable -h " + server_ + " " + name); }
  void enable(const std::string& name) { admin("cupsenable -h " + server_ + " " + name); }
  void reject(const std::string& name) { admin("cupsreject -h " + server_ + " " + name); }
  void accept(const std::string& name) { admin("cupsaccept -h " + server_ + " " + name); }
  void cancel_all(const std::string& name) { admin("cancel -h " + server_ + " -a " + name); }

  // cups-pdf names files "<title>-job_<id>.pdf" (the title part may carry garbage): match on the id.
  std::optional<std::string> printed_file(int job_id) const {
    const std::string suffix = "-job_" + std::to_string(job_id) + ".pdf";
    for (const auto& entry : std::filesystem::directory_iterator(output_dir_)) {
      const std::string name = entry.path().filename().string();
      if (name.size() >= suffix.size() && name.compare(name.size() - suffix.size(), suffix.size(), suffix) == 0)
        return entry.path().string();
    }
    return std::nullopt;
  }
  // Waits for cups-pdf to finish writing the job's file (ghostscript writes it in one go at the end).
  std::optional<std::string> wait_for_printed_file(int job_id, std::chrono::milliseconds timeout) const {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (std::chrono::steady_clock::now() < deadline) {
      if (auto file = printed_file(job_id); file && std::filesystem::file_size(*file) > 0) {
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
        return file;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    return std::nullopt;
  }

  // A loopback TCP port that nothing listens on (bound, then closed).
  static int free_port() {
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t length = sizeof address;
    int port = 0;
    if (::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0 &&
        ::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length) == 0)
      port = ntohs(address.sin_port);
    ::close(fd);
    return port;
  }

  ~CupsdFixture() { stop(); }
  CupsdFixture(const CupsdFixture&) = delete;
  CupsdFixture& operator=(const CupsdFixture&) = delete;

 private:
  CupsdFixture() {
    dir_ = (std::filesystem::temp_directory_path() / ("mc-cupsd-" + std::to_string(::getpid()))).string();
    std::filesystem::remove_all(dir_);
    for (const char* sub : {"etc", "run", "spool", "cache", "state", "log", "pdf", "anon", "tmp", "cups-pdf-spool"})
      std::filesystem::create_directories(dir_ + "/" + sub);
    // Filters run as the unprivileged lp user and need a temporary directory they can write.
    std::filesystem::permissions(dir_ + "/tmp", std::filesystem::perms::all | std::filesystem::perms::sticky_bit);
    output_dir_ = dir_ + "/pdf";
    const int port = free_port();
    server_ = "127.0.0.1:" + std::to_string(port);
    std::ofstream(dir_ + "/etc/cups-files.conf") << "ServerRoot " << dir_ << "/etc\n"
                                                 << "RequestRoot " << dir_ << "/spool\n"
                                                 << "TempDir " << dir_ << "/tmp\n"
                                                 << "CacheDir " << dir_ << "/cache\n"
                                                 << "StateDir " << dir_ << "/state\n"
                                                 << "AccessLog " << dir_ << "/log/access_log\n"
                                                 << "ErrorLog " << dir_ << "/log/error_log\n"
                                                 << "PageLog " << dir_ << "/log/page_log\n"
                                                 << "Printcap " << dir_ << "/printcap\n"
                                                 << "SystemGroup root\n";
    std::ofstream(dir_ + "/etc/cupsd.conf") << "Listen " << server_ << "\n"
                                            << "Listen " << dir_ << "/run/cups.sock\n"
                                            << "Browsing No\nDefaultAuthType None\nLogLevel info\n"
                                            << "<Policy default>\n  <Limit All>\n    Order allow,deny\n"
                                               "    Allow all\n  </Limit>\n</Policy>\n";
    std::ofstream(dir_ + "/cups-pdf.conf") << "Out " << output_dir_ << "\nAnonDirName " << dir_ << "/anon\n"
                                           << "Spool " << dir_ << "/cups-pdf-spool\nLog " << dir_ << "/log\n"
                                           << "Grp root\n";
    const std::string command = "mount --bind '" + dir_ +
                                "/cups-pdf.conf' /etc/cups/cups-pdf.conf && exec cupsd -f -c '" + dir_ +
                                "/etc/cupsd.conf' -s '" + dir_ + "/etc/cups-files.conf'";
    pid_ = ::fork();
    if (pid_ < 0) throw std::runtime_error("fork failed");
    if (pid_ == 0) {
      // 0, 1 and 2 must be open files: cupsd wires its filters' pipes to them, and a closed stdin (a test
      // runner's) would leave fd 0 to whatever cupsd opens next.
      const std::string log = dir_ + "/log/cupsd.out";
      if (FILE* in = std::freopen("/dev/null", "r", stdin)) (void)in;
      if (FILE* out = std::freopen(log.c_str(), "w", stdout)) (void)out;
      ::dup2(STDOUT_FILENO, STDERR_FILENO);
      // unshare and sh exec in place: the PID we hold is cupsd's.
      ::execlp("unshare", "unshare", "-m", "--propagation", "private", "sh", "-c", command.c_str(),
               static_cast<char*>(nullptr));
      ::_exit(127);
    }
    ::setenv("CUPS_SERVER", server_.c_str(), 1);
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(15);
    while (run("lpstat -h " + server_ + " -r").find("is running") == std::string::npos) {
      int status = 0;
      if (::waitpid(pid_, &status, WNOHANG) == pid_) {
        pid_ = -1;
        throw std::runtime_error("cupsd did not start (root, cups and printer-driver-cups-pdf needed); see " + dir_ +
                                 "/log/cupsd.out and error_log");
      }
      if (std::chrono::steady_clock::now() > deadline) {
        stop();
        throw std::runtime_error("cupsd did not answer within 15 s; see " + dir_ + "/log/error_log");
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
  }

  void stop() {
    if (pid_ <= 0) return;
    ::kill(pid_, SIGTERM);
    for (int i = 0; i < 300; ++i) {
      int status = 0;
      if (::waitpid(pid_, &status, WNOHANG) == pid_) {
        pid_ = -1;
        break;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    if (pid_ > 0) {
      ::kill(pid_, SIGKILL);
      ::waitpid(pid_, nullptr, 0);
      pid_ = -1;
    }
    if (std::getenv("MC_KEEP_CUPSD_DIR") == nullptr) std::filesystem::remove_all(dir_);
  }

  static std::string run(const std::string& command) {
    std::string output;
    if (FILE* pipe = ::popen((command + " 2>&1").c_str(), "r")) {
      std::array<char, 4096> buffer;
      size_t n;
      while ((n = std::fread(buffer.data(), 1, buffer.size(), pipe)) > 0) output.append(buffer.data(), n);
      ::pclose(pipe);
    }
    return output;
  }

  void admin(const std::string& command) {
    FILE* pipe = ::popen((command + " 2>&1").c_str(), "r");
    if (!pipe) throw std::runtime_error("cannot run " + command);
    std::string output;
    std::array<char, 1024> buffer;
    size_t n;
    while ((n = std::fread(buffer.data(), 1, buffer.size(), pipe)) > 0) output.append(buffer.data(), n);
    const int status = ::pclose(pipe);
    if (status != 0) throw std::runtime_error(command + " failed: " + output);
  }

  std::string dir_;
  std::string output_dir_;
  std::string server_;
  pid_t pid_ = -1;
};

}  // namespace mc::test
