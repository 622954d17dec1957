// The sync engine counts for metrics (mc/core/metrics.hpp): rounds that spoke to the server, failures by
// kind, quarantines and the last complete round, in kiosk.db; idle rounds count nothing.
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>
#include "fixtures.hpp"
#include "mc/core/metrics.hpp"
#include "mc/sync/engine.hpp"

using namespace mc;
using namespace mc::sync;
using namespace mc::sync::testing;

namespace {

// A server whose next answer is chosen by the test.
struct ScriptedServer {
  enum class Next { Store, Network, Busy, Garbage, BadCredentials, Reject } next = Next::Store;
};

class ScriptedClient : public OneStopClient {
 public:
  explicit ScriptedClient(ScriptedServer& server) : server_(server) {}
  void authenticate() override {}
  std::optional<LookupResult> lookup(std::string_view) override { return std::nullopt; }
  std::vector<PushItemResult> push(const std::vector<std::string>& records, bool) override {
    switch (server_.next) {
      case ScriptedServer::Next::Network:
        throw TransientError("connection refused");
      case ScriptedServer::Next::Busy:
        throw TransientError("HTTP 503", 503, 1);
      case ScriptedServer::Next::Garbage:
        throw TransientError("DongBoHoSoMC: the answer is not JSON", 200);
      case ScriptedServer::Next::BadCredentials:
        throw AuthError("the server refused the credentials");
      default:
        break;
    }
    std::vector<PushItemResult> results;
    for (const auto& text : records) {
      std::string code = nlohmann::json::parse(text)["MaHoSo"];
      if (server_.next == ScriptedServer::Next::Reject)
        results.push_back({code, "2", "MaDoiTuong: phải gồm 12 chữ số"});
      else
        results.push_back({code, "0", "stored"});
    }
    return results;
  }
  std::vector<nlohmann::json> procedures() override { return {}; }

 private:
  ScriptedServer& server_;
};

}  // namespace

TEST_CASE("sync rounds, failures by kind and quarantines are counted durably, idle rounds are not",
          "[engine][metrics]") {
  TempDir dir;
  Config config = test_config(dir.str());
  Catalog catalog = test_catalog();
  WorkingCalendar calendar{HolidayTable{}};
  auto outbox = Outbox::open(config);
  Intake intake(*outbox, catalog, calendar, config, fixed_clock(kMonday0900));
  metrics::CounterStore counters(config.path_in_data(kLocalStateDbName));
  ScriptedServer server;
  EngineOptions options;
  options.poll_status = false;
  options.refresh_catalog = false;
  options.heartbeat = false;
  options.purge_personal_data = false;
  options.counters = &counters;
  SyncEngine engine(*outbox, std::make_unique<ScriptedClient>(server), config, fixed_clock(kMonday0900 + 60), options);
  auto count = [&counters](const char* name, const char* label = "") {
    auto all = counters.all();
    auto found = all.find({name, label});
    return found == all.end() ? int64_t{0} : found->second;
  };

  CHECK_FALSE(engine.run_once().contacted);  // nothing queued: no request, nothing counted
  CHECK(count(metrics::counter::kSyncRounds) == 0);
  CHECK_FALSE(counters.mark(metrics::mark::kSyncSuccess));

  REQUIRE(intake.submit(test_request(1)).accepted);
  const std::vector<std::pair<ScriptedServer::Next, const char*>> failures = {
      {ScriptedServer::Next::Network, "network"},
      {ScriptedServer::Next::Busy, "server"},
      {ScriptedServer::Next::Garbage, "bad_answer"},
      {ScriptedServer::Next::BadCredentials, "auth"}};
  for (const auto& [next, kind] : failures) {
    server.next = next;
    SyncRound round = engine.run_once();
    CHECK(round.failure_kind == kind);
    CHECK(count(metrics::counter::kSyncFailures, kind) == 1);
  }
  CHECK(count(metrics::counter::kSyncRounds) == 4);
  CHECK_FALSE(counters.mark(metrics::mark::kSyncSuccess));

  server.next = ScriptedServer::Next::Store;
  CHECK(engine.run_once().sent == 1);
  CHECK(count(metrics::counter::kSyncRounds) == 5);
  auto success = counters.mark(metrics::mark::kSyncSuccess);
  REQUIRE(success);
  CHECK(success->second == kMonday0900 + 60);

  REQUIRE(intake.submit(test_request(2)).accepted);
  REQUIRE(intake.submit(test_request(3)).accepted);
  server.next = ScriptedServer::Next::Reject;
  CHECK(engine.run_once().quarantined == 2);
  CHECK(count(metrics::counter::kDossiersQuarantined) == 2);
  CHECK(count(metrics::counter::kSyncRounds) == 6);
  engine.run_once();  // idle again
  CHECK(count(metrics::counter::kSyncRounds) == 6);
}
