// The office database (mc_office) against the suite's private PostgreSQL server: the same ticket store
// contract as the single-machine SQLite store, the schema, credentials, heartbeats, and what the store
// does when its connection is cut.
#include <catch2/catch.hpp>

#include <libpq-fe.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <thread>

#include "mc/office/office.hpp"
#include "mc/office/schema.hpp"
#include "mc/test/ticket_store_contract.hpp"
#include "pg_instance.hpp"

namespace {

using namespace std::chrono_literals;

mc::office::OfficeOptions fast_reconnect() {
  mc::office::OfficeOptions options;
  options.backoff.base_ms = 100;
  options.backoff.cap_ms = 1000;
  return options;
}

template <class Pred>
bool eventually(Pred pred, std::chrono::milliseconds timeout = 15s) {
  const auto until = std::chrono::steady_clock::now() + timeout;
  while (std::chrono::steady_clock::now() < until) {
    if (pred()) return true;
    std::this_thread::sleep_for(20ms);
  }
  return pred();
}

struct PgStoreFixture {
  mc::test::PgInstance& pg = mc::test::PgInstance::get();
  std::string database = pg.fresh_database("contract");
  int64_t now = 0;
  std::vector<std::unique_ptr<mc::office::Office>> offices;

  // A new connection (a new machine, as far as the database can tell) on this test's database.
  mc::TicketStore* open() {
    auto options = fast_reconnect();
    options.ticket_clock = [this] { return now; };
    offices.push_back(std::make_unique<mc::office::Office>(pg.config(database), "kiosk", options));
    REQUIRE(offices.back()->session().wait_connected(15s));
    return &offices.back()->tickets();
  }
  std::unique_ptr<mc::CallFollower> follow(mc::TicketStore& store, mc::CallFollowerOptions options) {
    return store.follow_calls(std::move(options));
  }
};

}  // namespace

MC_TICKET_STORE_CONTRACT(PgStoreFixture, "[office]")

TEST_CASE("the kiosk creates the versioned schema once, and refuses a database newer than itself", "[office]") {
  auto& pg = mc::test::PgInstance::get();
  const std::string database = pg.fresh_database("schema");
  {
    // Three machines starting at once: one migrates, the others wait for it and find the work done.
    std::vector<std::unique_ptr<mc::office::Office>> machines;
    for (int i = 0; i < 3; ++i)
      machines.push_back(std::make_unique<mc::office::Office>(pg.config(database, "K" + std::to_string(i)), "kiosk",
                                                              fast_reconnect()));
    for (auto& machine : machines) REQUIRE(machine->session().wait_connected(15s));
  }
  CHECK(pg.admin("SELECT count(*) FROM mc_office.schema_version", database) ==
        std::to_string(mc::office::schema_migrations().size()));
  CHECK(pg.admin("SELECT tableowner FROM pg_tables WHERE tablename = 'tickets'", database) == "mc_kiosk");

  pg.admin("INSERT INTO mc_office.schema_version (version, migrated_by) VALUES (99, 'a newer kiosk')", database);
  mc::office::Office old_kiosk(pg.config(database), "kiosk", fast_reconnect());
  CHECK_FALSE(old_kiosk.session().wait_connected(2s));
  const auto status = old_kiosk.tickets().status();
  CHECK_FALSE(status.available);
  CHECK_THAT(status.detail, Catch::Contains("schema version 99") && Catch::Contains("update the software"));
  CHECK_THROWS_AS(old_kiosk.tickets().take("A", false), mc::TicketStoreUnavailable);
}

TEST_CASE("credentials come from the 0600 password file, and a wrong one is a clear message, never a crash",
          "[office]") {
  auto& pg = mc::test::PgInstance::get();
  // The deployment script's own database, as an IT officer sets it up (assets/deploy/office-db.sql).
  mc::office::Office kiosk(pg.config("mocua"), "kiosk", fast_reconnect());
  REQUIRE(kiosk.session().wait_connected(15s));
  CHECK(kiosk.tickets().take("A", false).label.size() == 4);
  CHECK(pg.admin("SELECT has_table_privilege('mc_report', 'mc_office.tickets', 'SELECT')", "mocua") == "t");
  CHECK(pg.admin("SELECT has_table_privilege('mc_report', 'mc_office.tickets', 'INSERT')", "mocua") == "f");
  CHECK(pg.admin("SELECT rolsuper OR rolcreatedb OR rolcreaterole FROM pg_roles WHERE rolname = 'mc_kiosk'") == "f");

  const auto dir = std::filesystem::temp_directory_path() / ("mc-office-wrong-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  const std::string wrong = (dir / "pgpass").string();
  std::ofstream(wrong) << "127.0.0.1:" << pg.port() << ":*:mc_kiosk:not-the-password\n";
  std::filesystem::permissions(wrong, std::filesystem::perms::owner_read | std::filesystem::perms::owner_write);
  mc::Config config = pg.config("mocua");
  config.office_db.password_file = wrong;
  mc::office::Office refused(config, "kiosk", fast_reconnect());
  CHECK_FALSE(refused.session().wait_connected(2s));
  const auto status = refused.tickets().status();
  CHECK_FALSE(status.available);
  CHECK_THAT(status.detail, Catch::Contains("password authentication failed"));
  CHECK(status.detail.find("not-the-password") == std::string::npos);
  CHECK_THROWS_AS(refused.tickets().take("A", false), mc::TicketStoreUnavailable);
  std::filesystem::remove_all(dir);
}

TEST_CASE("every machine's heartbeat is in the office database, and a silent one turns stale", "[office]") {
  auto& pg = mc::test::PgInstance::get();
  const std::string database = pg.fresh_database("heartbeat");
  mc::Config kiosk_config = pg.config(database, "KIOSK-02");
  kiosk_config.office_db.heartbeat_interval_s = 5;
  mc::office::Office kiosk(kiosk_config, "kiosk", fast_reconnect());
  kiosk.start_heartbeats([](mc::office::MachineHeartbeat& beat) {
    beat.queue_depth = 3;
    beat.quarantined = 1;
    beat.printer_state = "paper_out";
    beat.last_sync_unix = 1772672400;
    beat.pin_locked_until_unix = 1772673000;
    beat.tickets_available = true;
  });
  mc::office::Office display(pg.config(database, "TV-1"), "display", fast_reconnect());
  display.start_heartbeats(nullptr);
  REQUIRE(kiosk.session().wait_connected(15s));
  REQUIRE(display.session().wait_connected(15s));
  REQUIRE(eventually([&] { return pg.admin("SELECT count(*) FROM mc_office.machines", database) == "2"; }));

  auto machines = kiosk.machines();
  REQUIRE(machines.size() == 2);
  const auto& shown_display = machines[0].heartbeat;  // sorted by role: display, kiosk
  CHECK(shown_display.machine_id == "TV-1");
  CHECK(shown_display.role == "display");
  CHECK_FALSE(shown_display.queue_depth);
  const auto& shown_kiosk = machines[1];
  CHECK(shown_kiosk.heartbeat.machine_id == "KIOSK-02");
  CHECK(shown_kiosk.heartbeat.version == mc::office::software_version());
  CHECK(shown_kiosk.heartbeat.queue_depth == 3);
  CHECK(shown_kiosk.heartbeat.quarantined == 1);
  CHECK(shown_kiosk.heartbeat.printer_state == "paper_out");
  CHECK(shown_kiosk.heartbeat.last_sync_unix == 1772672400);
  CHECK(shown_kiosk.heartbeat.pin_locked_until_unix == 1772673000);
  CHECK(shown_kiosk.heartbeat.tickets_available == true);
  CHECK_FALSE(shown_kiosk.heartbeat.host.empty());
  CHECK_FALSE(shown_kiosk.stale);

  // Three intervals without a word: stale (judged by the database server's clock).
  pg.admin("UPDATE mc_office.machines SET reported_at = now() - interval '16 seconds' WHERE machine_id = 'KIOSK-02'",
           database);
  machines = display.machines();
  CHECK(machines[1].stale);
  CHECK(machines[1].age_s >= 16);
  CHECK_FALSE(machines[0].stale);
}

TEST_CASE("a cut connection makes the store unavailable at once, then it reconnects by itself", "[office]") {
  auto& pg = mc::test::PgInstance::get();
  const std::string database = pg.fresh_database("cut");
  mc::office::Office kiosk(pg.config(database), "kiosk", fast_reconnect());
  REQUIRE(kiosk.session().wait_connected(15s));
  auto& store = kiosk.tickets();
  CHECK(store.take("A", false).label == "A001");

  // Every backend of this database is terminated (as a server restart or a network cut would).
  pg.admin("SELECT pg_terminate_backend(pid, 5000) FROM pg_stat_activity WHERE datname = '" + database + "'");
  // The idle connection's death is noticed without anyone asking, and the session comes back.
  REQUIRE(eventually([&] { return kiosk.session().reconnects() >= 1 && store.status().available; }));
  CHECK(store.take("A", false).label == "A002");

  // A take whose connection dies mid-statement fails (no number shown to anyone) and leaves no gap:
  // a trigger holds the insert long enough to cut the connection under it.
  pg.admin(
      "CREATE FUNCTION slow() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN PERFORM pg_sleep(3); RETURN NEW; END $$;"
      " CREATE TRIGGER slow BEFORE INSERT ON mc_office.tickets FOR EACH ROW EXECUTE FUNCTION slow()",
      database);
  std::thread cutter([&] {
    std::this_thread::sleep_for(500ms);
    pg.admin("SELECT pg_terminate_backend(pid, 5000) FROM pg_stat_activity WHERE datname = '" + database +
             "' AND query LIKE '%ticket_numbers%'");
  });
  CHECK_THROWS_AS(store.take("A", false), mc::TicketStoreUnavailable);
  cutter.join();
  pg.admin("DROP TRIGGER slow ON mc_office.tickets", database);
  REQUIRE(eventually([&] { return store.status().available && store.takes_in_doubt() == 0; }));
  CHECK(store.take("A", false).label == "A003");  // the lost statement rolled back: A003 was never issued
  CHECK(pg.admin("SELECT count(*) FROM mc_office.tickets WHERE state = 4", database) == "0");
}
