#include <pwd.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <iostream>
#include <optional>
#include "command.hpp"
#include "mc/core/db.hpp"
#include "mc/core/log.hpp"
#include "mc/core/version.hpp"
#include "mc/sync/attachment_store.hpp"
#include "mc/sync/outbox.hpp"

namespace mc::ctl {

namespace {
std::vector<Command>& registry() {
  static std::vector<Command> all;
  return all;
}
}  // namespace

namespace {
std::string user_name(uid_t uid) {
  if (const passwd* entry = ::getpwuid(uid)) return entry->pw_name;
  return "uid " + std::to_string(uid);
}
}  // namespace

void require_own_data_dir(const Config& config) {
  struct stat info {};
  if (::stat(config.data_dir.c_str(), &info) != 0) {
    std::filesystem::create_directories(config.data_dir);
    return;
  }
  const uid_t me = ::geteuid();
  if (info.st_uid == me) return;
  const std::string owner = user_name(info.st_uid);
  throw std::runtime_error("the data directory " + config.data_dir + " belongs to " + owner + ", not to " +
                           user_name(me) + ": files kioskctl created there would belong to " + user_name(me) +
                           " and the kiosk could not write them. Run it as the kiosk's user instead: sudo -u " + owner +
                           " kioskctl ...");
}

std::unique_ptr<sync::Outbox> open_outbox(const Config& config) {
  require_own_data_dir(config);
  return sync::Outbox::open(config);
}

std::unique_ptr<Database> open_local_state(const Config& config) {
  require_own_data_dir(config);
  return std::make_unique<Database>(config.path_in_data(kLocalStateDbName));
}

std::unique_ptr<sync::AttachmentStore> open_attachment_store(const Config& config, sync::Outbox& outbox) {
  return std::make_unique<sync::AttachmentStore>(config.path_in_data("attachments"), outbox.key(),
                                                 int64_t{config.scanner.attachment_reserve_mb} << 20);
}

bool register_command(Command command) {
  registry().push_back(std::move(command));
  return true;
}

const std::vector<Command>& commands() {
  return registry();
}

const Config& CommandContext::config() {
  if (!config_) {
    ConfigLoadResult loaded = load_config(config_path);
    if (!loaded.ok()) {
      err << "kioskctl: the configuration " << loaded.source << " has errors:\n";
      for (const auto& issue : loaded.issues) err << "  " << issue.key << ": " << issue.reason << "\n";
      std::exit(kExitUsage);
    }
    config_ = std::move(loaded.config);
  }
  return *config_;
}

std::string CommandContext::take_option(const std::string& name, const std::string& fallback) {
  for (size_t i = 0; i < args.size(); ++i) {
    if (args[i] == name && i + 1 < args.size()) {
      std::string value = args[i + 1];
      args.erase(args.begin() + i, args.begin() + i + 2);
      return value;
    }
    if (args[i].rfind(name + "=", 0) == 0) {
      std::string value = args[i].substr(name.size() + 1);
      args.erase(args.begin() + i);
      return value;
    }
  }
  return fallback;
}

bool CommandContext::take_flag(const std::string& name) {
  auto it = std::find(args.begin(), args.end(), name);
  if (it == args.end()) return false;
  args.erase(it);
  return true;
}

}  // namespace mc::ctl

namespace {

void print_usage(std::ostream& out) {
  out << "kioskctl — Một Cửa Kiosk command-line tool\n\n"
         "Usage: kioskctl [--config FILE] COMMAND [ARGS...]   (kioskctl --version: the software version)\n\n"
         "Commands:\n";
  auto sorted = mc::ctl::commands();
  std::sort(sorted.begin(), sorted.end(), [](const auto& a, const auto& b) { return a.name < b.name; });
  for (const auto& command : sorted) out << "  " << command.usage << "\n      " << command.summary << "\n";
}

}  // namespace

int main(int argc, char** argv) {
  std::vector<std::string> args(argv + 1, argv + argc);
  std::string config_path;
  if (args.size() >= 2 && args[0] == "--config") {
    config_path = args[1];
    args.erase(args.begin(), args.begin() + 2);
  }
  if (args.size() == 1 && args[0] == "--version") {
    std::cout << "kioskctl " << mc::software_version() << "\n";
    return mc::ctl::kExitOk;
  }
  if (args.empty() || args[0] == "--help" || args[0] == "-h" || args[0] == "help") {
    print_usage(std::cout);
    return args.empty() ? mc::ctl::kExitUsage : mc::ctl::kExitOk;
  }
  // Longest registered name that prefixes the arguments: "queue show X" beats "queue".
  const mc::ctl::Command* best = nullptr;
  size_t best_words = 0;
  for (const auto& command : mc::ctl::commands()) {
    auto words = std::vector<std::string>{};
    size_t start = 0;
    while (start <= command.name.size()) {
      size_t space = command.name.find(' ', start);
      if (space == std::string::npos) space = command.name.size();
      words.push_back(command.name.substr(start, space - start));
      start = space + 1;
    }
    if (words.size() > args.size() || words.size() <= best_words) continue;
    if (std::equal(words.begin(), words.end(), args.begin())) {
      best = &command;
      best_words = words.size();
    }
  }
  if (!best) {
    std::cerr << "kioskctl: unknown command '" << args[0] << "'\n\n";
    print_usage(std::cerr);
    return mc::ctl::kExitUsage;
  }
  mc::ctl::CommandContext context{std::vector<std::string>(args.begin() + best_words, args.end()), config_path,
                                  std::cout, std::cerr};
  try {
    return best->run(context);
  } catch (const std::exception& error) {
    std::cerr << "kioskctl " << best->name << ": " << error.what() << "\n";
    return mc::ctl::kExitFailure;
  }
}
