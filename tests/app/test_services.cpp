// The kiosk's composition root (mc_app) without a window: the journey's commands run on the real worker
// thread against the real ticket queue (kiosk.db) and the virtual printer, as the app runs them.
#include <catch2/catch.hpp>

#include <chrono>
#include <condition_variable>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <random>
#include <thread>

#include "mc/core/journey.hpp"
#include "mc/core/sqlite_ticket_store.hpp"
#include "mc/sync/client.hpp"
#include "mc/sync/attachment_store.hpp"
#include "mc/sync/outbox.hpp"
#include "services.hpp"

namespace fs = std::filesystem;

namespace {

struct TempDir {
  fs::path path;
  TempDir() {
    std::random_device random;
    path = fs::temp_directory_path() / ("mc-services-test-" + std::to_string(random()) + std::to_string(random()));
    fs::create_directories(path);
  }
  ~TempDir() {
    std::error_code ec;
    fs::remove_all(path, ec);
  }
};

// Applies the worker's results on this thread until `done` or 20 s (a loaded CI machine, not a timing test).
template <typename Done>
bool drain_until(mc::app::Services& services, Done done) {
  const auto give_up = std::chrono::steady_clock::now() + std::chrono::seconds(20);
  while (!done() && std::chrono::steady_clock::now() < give_up) {
    services.drain();
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  services.drain();
  return done();
}

}  // namespace

TEST_CASE("a citizen's priority ticket is stored, printed and called first", "[app][tickets]") {
  TempDir dir;
  mc::Config config;
  config.data_dir = dir.path.string();
  config.assets_dir = MC_TEST_ASSETS_DIR;
  mc::app::Services services(config, [] {});
  REQUIRE_FALSE(services.service_areas().empty());
  const std::string area = services.service_areas().front().code;

  mc::Journey journey(
      services.catalog(), [&services](const mc::SubmitDraft& draft) { return services.submit(draft); },
      [&services](const std::string& code) { return services.lookup_local(code); });
  journey.set_service_areas(services.service_areas());
  journey.take_number();
  REQUIRE(journey.screen() == mc::Screen::TakeNumber);
  REQUIRE(journey.choose_ticket(area, true));
  for (const auto& command : journey.take_commands()) services.execute(journey, command);

  REQUIRE(drain_until(services, [&journey] {
    return journey.ticket_print_state() == mc::PrintState::Printed ||
           journey.ticket_print_state() == mc::PrintState::Failed;
  }));
  REQUIRE(journey.ticket());
  const std::string label = journey.ticket()->label;
  CHECK(label == "U" + area + "001");
  CHECK(journey.ticket_print_state() == mc::PrintState::Printed);
  bool printed = false;
  for (const auto& entry : fs::directory_iterator(dir.path / "printer"))
    printed = printed || entry.path().filename().string().find(label) != std::string::npos;
  CHECK(printed);

  // The counter, through kiosk.db as staff mode and kioskctl open it, calls that number.
  mc::Database kiosk_db((dir.path / mc::kLocalStateDbName).string());
  mc::SqliteTicketStore counter(kiosk_db, mc::system_clock());
  auto called = counter.call_next({area}, "Q1");
  REQUIRE(called);
  CHECK(called->label == label);
}

namespace {
// A complete submission of 1.002820 (re-issue of a driving licence) from assets/catalog.
mc::SubmitDraft citizen_draft(const mc::Catalog& catalog) {
  REQUIRE(catalog.find("1.002820"));
  mc::SubmitDraft draft;
  draft.procedure_code = "1.002820";
  draft.answers = {{"phone", "0912345678"},
                   {"licence_class", "B1"},
                   {"reissue_reason", "expired"},
                   {"expiry_date", "2026-01-10"},
                   {"health_check_date", "2026-02-01"},
                   {"result_delivery", "in_person"},
                   {"consent", "true"}};
  draft.applicant.id_number = "001099012345";
  draft.applicant.full_name = "Nguyễn Văn A";
  draft.applicant.date_of_birth = mc::Date{1999, 3, 15};
  draft.applicant.sex = mc::Sex::Male;
  draft.applicant.address = "Số 1 Đường ABC";
  return draft;
}
}  // namespace

TEST_CASE("with a broken configuration the kiosk takes no dossier, no ticket, and creates nothing", "[app][service]") {
  TempDir dir;
  const fs::path site = dir.path / "site";  // the data_dir the broken file names
  const std::string config_path = (dir.path / "kiosk.toml").string();
  std::ofstream(config_path) << "data_dir = \"" << site.string() << "\"\n[kiosk]\nslot = 2\n[server\n";
  mc::ConfigLoadResult loaded = mc::load_config(config_path);
  loaded.config.assets_dir = MC_TEST_ASSETS_DIR;
  mc::app::Services services(
      loaded.config, [] {}, "kiosk", mc::ServiceGate::from(loaded));
  CHECK_FALSE(services.in_service());
  REQUIRE_FALSE(services.gate().reasons().empty());

  mc::Journey journey(
      services.catalog(), [&services](const mc::SubmitDraft& draft) { return services.submit(draft); },
      [&services](const std::string& code) { return services.lookup_local(code); });
  const mc::SubmitOutcome outcome = services.submit(citizen_draft(services.catalog()));
  CHECK_FALSE(outcome.accepted);
  CHECK_FALSE(outcome.message.vi.empty());

  mc::JourneyCommand take;
  take.kind = mc::JourneyCommand::Kind::TakeTicket;
  take.area = "A";
  take.request = 1;
  services.execute(journey, take);
  services.drain();
  CHECK_FALSE(journey.ticket());
  // Nothing at the defaults' ./var, nothing in the site's data_dir: no new empty queue anywhere.
  CHECK_FALSE(fs::exists(site));
  CHECK(services.outbox() == nullptr);
  CHECK(services.printer() == nullptr);
}

TEST_CASE("a dossier-code clash found by sync takes the kiosk out of service, also after a restart",
          "[app][service][clash]") {
  TempDir dir;
  mc::Config config;
  config.data_dir = dir.path.string();
  config.assets_dir = MC_TEST_ASSETS_DIR;
  config.kiosk.slot = 4;
  std::string code;
  {
    mc::app::Services services(config, [] {});
    REQUIRE(services.in_service());
    const auto outcome = services.submit(citizen_draft(services.catalog()));
    INFO(outcome.message.en << (outcome.errors.empty() ? "" : " " + outcome.errors.front().field_id));
    REQUIRE(outcome.accepted);
    code = outcome.dossier->code;
    // What the sync engine does when the server answers error_code 3 for this code.
    services.outbox()->mark_quarantined(code, "clash", 0, mc::sync::QuarantineKind::CodeClash);
  }
  {
    mc::app::Services restarted(config, [] {});
    CHECK_FALSE(restarted.in_service());
    REQUIRE_FALSE(restarted.gate().reasons().empty());
    CHECK(restarted.gate().reasons().front().find("kiosk.slot 4") != std::string::npos);
    CHECK_FALSE(restarted.submit(citizen_draft(restarted.catalog())).accepted);
  }
  config.kiosk.slot = 5;  // the IT officer gives this kiosk its own slot
  mc::app::Services fixed(config, [] {});
  CHECK(fixed.in_service());
  CHECK(fixed.submit(citizen_draft(fixed.catalog())).accepted);
}

namespace {
// A one-stop client that counts what it is asked and can hold a look-up until released.
struct CountingServer {
  std::mutex mutex;
  std::condition_variable cv;
  int authentications = 0;
  std::vector<std::string> lookups;
  bool hold = false;
};
class CountingClient : public mc::sync::OneStopClient {
 public:
  explicit CountingClient(CountingServer& server) : server_(server) {}
  void authenticate() override {
    std::lock_guard lock(server_.mutex);
    ++server_.authentications;
  }
  std::optional<mc::sync::LookupResult> lookup(std::string_view code) override {
    if (!authenticated_) {
      authenticate();
      authenticated_ = true;
    }
    std::unique_lock lock(server_.mutex);
    server_.lookups.emplace_back(code);
    server_.cv.wait(lock, [this] { return !server_.hold; });
    return mc::sync::LookupResult{std::string(code), "4", "", "Đang xử lý"};
  }
  std::vector<mc::sync::PushItemResult> push(const std::vector<std::string>&, bool) override { return {}; }
  std::vector<nlohmann::json> procedures() override { return {}; }

 private:
  CountingServer& server_;
  bool authenticated_ = false;
};
}  // namespace

TEST_CASE("receipt look-ups have their own lane: printing never waits behind them, one session, newest only",
          "[app][lookup]") {
  TempDir dir;
  mc::Config config;
  config.data_dir = dir.path.string();
  config.assets_dir = MC_TEST_ASSETS_DIR;
  CountingServer server;  // outlives services (and its look-up lane)
  int clients_made = 0;
  mc::app::Services services(config, [] {});
  services.set_lookup_client_factory([&server, &clients_made] {
    ++clients_made;
    return std::make_unique<CountingClient>(server);
  });
  mc::Journey journey(
      services.catalog(), [&services](const mc::SubmitDraft& draft) { return services.submit(draft); },
      [&services](const std::string& code) { return services.lookup_local(code); });

  // A scanner in continuous mode: the first look-up hangs at the server, twenty more scans arrive.
  server.hold = true;
  struct Release {  // lets the held look-up go however this test ends, before services stops its lane
    CountingServer& server;
    void operator()() {
      {
        std::lock_guard lock(server.mutex);
        server.hold = false;
      }
      server.cv.notify_all();
    }
    ~Release() { (*this)(); }
  } release{server};
  auto scan = [&](int n) {
    mc::JourneyCommand fetch;
    fetch.kind = mc::JourneyCommand::Kind::FetchStatus;
    fetch.dossier_code = "000.00.15.G12-260302-10" + std::to_string(10 + n);
    services.execute(journey, fetch);
  };
  scan(0);
  for (int i = 0; i < 100 && server.lookups.empty(); ++i) std::this_thread::sleep_for(std::chrono::milliseconds(10));
  for (int n = 1; n <= 20; ++n) scan(n);

  // A citizen's receipt prints meanwhile: the worker is not stuck behind the look-ups.
  const auto outcome = services.submit(citizen_draft(services.catalog()));
  REQUIRE(outcome.accepted);
  mc::JourneyCommand print;
  print.kind = mc::JourneyCommand::Kind::PrintReceipt;
  print.dossier_code = outcome.dossier->code;
  services.execute(journey, print);
  bool printed = false;
  for (int i = 0; i < 2000 && !printed; ++i) {
    services.drain();
    std::error_code ec;
    for (fs::directory_iterator it(dir.path / "printer", ec), end; !ec && it != end; it.increment(ec))
      printed = printed || it->path().extension() == ".png";
    if (!printed) std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  CHECK(printed);
  release();
  // The lane makes the held look-up, then only the newest of the twenty (after its rate-limit pause).
  for (int i = 0; i < 2000; ++i) {
    {
      std::lock_guard lock(server.mutex);
      if (server.lookups.size() >= 2) break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  std::lock_guard lock(server.mutex);
  REQUIRE(server.lookups.size() == 2);
  CHECK(server.lookups[0] == "000.00.15.G12-260302-1010");
  CHECK(server.lookups[1] == "000.00.15.G12-260302-1030");
  CHECK(server.authentications == 1);  // one session for both
  CHECK(clients_made == 1);
}

TEST_CASE("without a document scanner the kiosk still opens its sealed documents (kioskctl submit --attach)",
          "[app][attachments]") {
  // Its sync engine uploads them before their record and removes them with the retention purge (and removes
  // the folders of intakes that never queued their dossier); before, only a kiosk with a scanner did.
  TempDir dir;
  mc::Config config;
  config.data_dir = dir.path.string();
  config.assets_dir = MC_TEST_ASSETS_DIR;
  REQUIRE(config.scanner.document_device.empty());
  mc::app::Services services(config, [] {});
  REQUIRE(services.attachments());
  CHECK(services.attachments()->folder() == config.path_in_data("attachments"));
  CHECK_FALSE(fs::exists(config.path_in_data("attachments")));  // made at the first document, not at start
}
