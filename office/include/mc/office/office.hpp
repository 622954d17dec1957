#pragma once
// The office database as one object for a program (kiosk, counter terminal, display, kioskctl): its
// session, its ticket store, and this machine's heartbeat. open_ticket_store() picks the office database
// when [office] database is set, else the kiosk's own SQLite file.
#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "mc/core/config.hpp"
#include "mc/core/db.hpp"
#include "mc/core/sqlite_ticket_store.hpp"
#include "mc/office/connection.hpp"
#include "mc/office/pg_ticket_store.hpp"

namespace mc::office {

const char* software_version();  // the CMake project version

// One machine's health, stored in mc_office.machines. No personal data.
struct MachineHeartbeat {
  std::string machine_id;  // kiosk.id
  std::string role;        // kiosk | staff | display
  std::string host;        // the machine's host name
  std::string version = software_version();
  int interval_s = 30;
  std::optional<int> queue_depth;  // dossiers waiting to be sent to the one-stop system
  std::optional<int> quarantined;
  std::optional<std::string> printer_state;
  std::optional<int64_t> last_sync_unix;
  std::optional<int64_t> pin_locked_until_unix;  // staff PIN pad locked after wrong PINs
  std::optional<bool> tickets_available;
  int64_t started_at_unix = 0;
};

struct MachineStatus {
  MachineHeartbeat heartbeat;
  int64_t reported_at_unix = 0;
  int64_t age_s = 0;   // by the database server's clock
  bool stale = false;  // three heartbeats missed
};

void record_heartbeat(pg_conn* connection, const MachineHeartbeat& heartbeat);
std::vector<MachineStatus> list_machines(pg_conn* connection);  // by role, then id

struct OfficeOptions {
  Backoff backoff;
  Clock ticket_clock;  // tests only: see PgTicketStoreOptions::clock
};

class Office {
 public:
  // Starts connecting in the background; never blocks. role: kiosk | staff | display | kioskctl.
  Office(const Config& config, std::string role, OfficeOptions options = {});
  ~Office();  // stops the heartbeat, then the session

  Session& session() { return *session_; }
  PgTicketStore& tickets() { return *tickets_; }
  const ConnectionSettings& settings() const { return settings_; }

  // Records this machine's heartbeat now and then every office.heartbeat_interval_s (while connected),
  // on a thread of its own. `figures` fills what only the caller knows (queue, printer, PIN lock);
  // identity, version and times are filled here.
  void start_heartbeats(std::function<void(MachineHeartbeat&)> figures);
  void stop_heartbeats();  // before what `figures` reads goes away (also done by the destructor)
  std::vector<MachineStatus> machines();
  // Called on the session's thread when the database comes or goes (keep it short: wake the UI).
  void set_on_change(std::function<void()> hook);

 private:
  MachineHeartbeat heartbeat_now();
  ConnectionSettings settings_;
  std::string machine_id_;
  std::string role_;
  int interval_s_;
  int64_t started_at_unix_;
  std::unique_ptr<Session> session_;
  std::unique_ptr<PgTicketStore> tickets_;
  std::function<void(MachineHeartbeat&)> figures_;
  std::function<void()> on_change_;
  std::mutex heartbeat_mutex_;
  std::condition_variable heartbeat_wake_;
  bool stopping_ = false;
  std::thread heartbeat_thread_;
};

// The ticket store a configuration asks for, with whatever it needs kept alive.
class TicketBackend {
 public:
  TicketStore& store() { return *store_; }
  Office* office() { return office_.get(); }  // null on a single machine
  bool shared() const { return office_ != nullptr; }

 private:
  friend std::unique_ptr<TicketBackend> open_ticket_store(const Config&, std::string_view, OfficeOptions);
  std::unique_ptr<Database> local_;
  std::unique_ptr<SqliteTicketStore> sqlite_;
  std::unique_ptr<Office> office_;
  TicketStore* store_ = nullptr;
};
// [office] database set: the office database (connecting in the background); else kiosk.db in data_dir.
std::unique_ptr<TicketBackend> open_ticket_store(const Config& config, std::string_view role,
                                                 OfficeOptions options = {});

}  // namespace mc::office
