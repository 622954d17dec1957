#pragma once
// kioskctl's sub-command registry. Each cmd_*.cpp registers its commands at static-initialisation
// time (the files are compiled straight into the executable, so the registrars are never dropped).
#include <functional>
#include <iosfwd>
#include <memory>
#include <optional>
#include <string>
#include <vector>
#include "mc/core/config.hpp"

namespace mc::sync {
class Outbox;
class AttachmentStore;
}  // namespace mc::sync
namespace mc {
class Database;
}

namespace mc::ctl {

struct CommandContext {
  CommandContext(std::vector<std::string> words, std::string config_file, std::ostream& out_stream,
                 std::ostream& err_stream)
      : args(std::move(words)), config_path(std::move(config_file)), out(out_stream), err(err_stream) {}

  std::vector<std::string> args;  // the words after the command name
  std::string config_path;        // --config FILE, or empty
  std::ostream& out;
  std::ostream& err;

  // The configuration in force (loaded on first use); exits with code 2 and the issues when it is invalid.
  const Config& config();
  // Value of "--name VALUE" in args (removes both words), or fallback.
  std::string take_option(const std::string& name, const std::string& fallback = "");
  bool take_flag(const std::string& name);

 private:
  std::optional<Config> config_;
};

struct Command {
  std::string name;   // "catalog list"
  std::string usage;  // "catalog list [--lang en]"
  std::string summary;
  std::function<int(CommandContext&)> run;
};

// Before any command opens or creates a file in data_dir: refuses (std::runtime_error naming the owner and
// the command to use instead) when data_dir belongs to another user. kioskctl run as root in the kiosk
// user's directory would otherwise leave root-owned files (queue.db-wal, kiosk.db) that the kiosk cannot
// write. A data_dir that does not exist yet is created (by whoever runs kioskctl).
void require_own_data_dir(const Config& config);
// The queue and kiosk.db of the configured data_dir, after require_own_data_dir().
std::unique_ptr<sync::Outbox> open_outbox(const Config& config);
std::unique_ptr<Database> open_local_state(const Config& config);
// The sealed documents of the queue (<data_dir>/attachments, under the queue's key), as the kiosk opens them.
std::unique_ptr<sync::AttachmentStore> open_attachment_store(const Config& config, sync::Outbox& outbox);

bool register_command(Command command);
const std::vector<Command>& commands();

// Exit codes shared by every command.
constexpr int kExitOk = 0;
constexpr int kExitFailure = 1;  // the command ran and the answer is "no" (invalid file, not found...)
constexpr int kExitUsage = 2;    // bad arguments or configuration

}  // namespace mc::ctl
