// The real onestop-server binary, driven over loopback HTTP as a kiosk would (label "system").
#include <catch2/catch.hpp>
#include <chrono>
#include <set>
#include <thread>

#include "mc/core/catalog.hpp"
#include "sample_record.hpp"
#include "server_process.hpp"

using mc::test::call;
using mc::test::post;
using mc::test::ServerUnderTest;
using nlohmann::json;

namespace {
std::string code(int n) {
  return "000.00.15.G12-260305-1" + std::to_string(100 + n).substr(0, 3);
}

json push(const std::string& session, const json& records, bool updating = false) {
  return call(session, "DongBoHoSoMC", {{"isUpdating", updating ? "True" : "False"}, {"data", records}});
}
}  // namespace

TEST_CASE("With --port 0 the first stdout line names the port, and SIGTERM stops the server cleanly",
          "[server][system]") {
  ServerUnderTest server({"--seed", "1"});
  CHECK(server.first_line() == "listening on 127.0.0.1:" + std::to_string(server.port()));
  CHECK(server.port() > 0);
  auto client = server.client();
  CHECK(mc::test::get_json(client, "/admin/stats")["dossiers_stored"] == 0);
  CHECK(server.stop() == 0);
}

TEST_CASE("Authentication: demo account, wrong password, missing dstcode, expired session", "[server][system]") {
  ServerUnderTest server({"--session-ttl-s", "1"});
  auto client = server.client();
  const auto refused = post(client, "/api/auth", {{"username", "kiosk"}, {"password", "wrong"}});
  CHECK(refused.status == 401);
  CHECK(refused.json["error_code"] == 1);
  CHECK(refused.json["message"] == "Sai tên đăng nhập hoặc mật khẩu");
  const auto no_agency = post(client, "/api/auth", {{"username", "kiosk"}, {"password", "kiosk-demo"}}, {});
  CHECK(no_agency.status == 400);
  CHECK(no_agency.json["message"].get<std::string>().find("dstcode") != std::string::npos);

  const auto ok = post(client, "/api/auth", {{"username", "kiosk"}, {"password", "kiosk-demo"}});
  REQUIRE(ok.status == 200);
  CHECK(ok.json["error_code"] == 0);
  const std::string session = ok.json["session"];
  const json lookup = call(session, "TraCuuHoSo", {{"MaHoSo", code(1)}});
  CHECK(post(client, "/api/integration", lookup).status == 200);

  std::this_thread::sleep_for(std::chrono::milliseconds(1100));
  const auto expired = post(client, "/api/integration", lookup);
  CHECK(expired.status == 401);
  CHECK(expired.json["error_code"] == "401");
  CHECK(expired.json["message"] == "Phiên làm việc hết hạn");
  const auto unknown = post(client, "/api/integration", call("not-a-session", "TraCuuHoSo", {{"MaHoSo", code(1)}}));
  CHECK(unknown.status == 401);
  // Authenticating again makes the same call work.
  CHECK(post(client, "/api/integration", call(mc::test::login(client), "TraCuuHoSo", {{"MaHoSo", code(1)}})).status ==
        200);
}

TEST_CASE("Malformed integration requests get HTTP 400", "[server][system]") {
  ServerUnderTest server({});
  auto client = server.client();
  const std::string session = mc::test::login(client);
  auto not_json = client.Post("/api/integration", mc::test::agency_header(), "{oops", "application/json");
  REQUIRE(not_json);
  CHECK(not_json->status == 400);
  const auto unknown_service = post(client, "/api/integration", call(session, "XoaHoSo"));
  CHECK(unknown_service.status == 400);
  CHECK(unknown_service.json["error_code"] == "400");
  const auto bad_flag =
      post(client, "/api/integration", call(session, "DongBoHoSoMC", {{"isUpdating", "yes"}, {"data", json::array()}}));
  CHECK(bad_flag.status == 400);
}

TEST_CASE("DongBoHoSoMC: a bad record is refused with its reason, the others are stored once", "[server][system]") {
  ServerUnderTest server({"--status-pace-s", "0"});
  auto client = server.client();
  const std::string session = mc::test::login(client);
  json bad = mc::test::sample_record(code(2));
  bad["MaDoiTuong"] = "00109901234";
  const json batch = json::array({mc::test::sample_record(code(1)), bad, mc::test::sample_record(code(3))});
  const auto answer = post(client, "/api/integration", push(session, batch));
  REQUIRE(answer.status == 200);
  CHECK(answer.json["error_code"] == "0");
  const json& result = answer.json["result"];
  REQUIRE(result.size() == 3);
  CHECK(result[0]["MaHoSo"] == code(1));
  CHECK(result[0]["error_code"] == "0");
  CHECK(result[1]["MaHoSo"] == code(2));
  CHECK(result[1]["error_code"] == "2");
  CHECK(result[1]["message"] == "MaDoiTuong: phải gồm 12 chữ số");
  CHECK(result[2]["error_code"] == "0");

  // Identical re-send: success, still one dossier per code.
  const auto again = post(client, "/api/integration", push(session, batch));
  CHECK(again.json["result"][0]["error_code"] == "0");
  CHECK(again.json["result"][2]["error_code"] == "0");
  // Same code, other content: conflict unless updating.
  json changed = mc::test::sample_record(code(1));
  changed["SoDienThoai"] = "0987654321";
  const auto conflict = post(client, "/api/integration", push(session, json::array({changed})));
  CHECK(conflict.json["result"][0]["error_code"] == "3");
  auto dossiers = mc::test::get_json(client, "/admin/dossiers?MaHoSo=" + code(1));
  REQUIRE(dossiers["count"] == 1);
  CHECK(dossiers["dossiers"][0]["record"]["SoDienThoai"] == "0912345678");
  const auto update = post(client, "/api/integration", push(session, json::array({changed}), true));
  CHECK(update.json["result"][0]["error_code"] == "0");

  dossiers = mc::test::get_json(client, "/admin/dossiers");
  REQUIRE(dossiers["count"] == 2);
  std::map<std::string, json> by_code;
  for (const auto& d : dossiers["dossiers"]) by_code[d["MaHoSo"]] = d;
  CHECK(by_code.count(code(2)) == 0);
  CHECK(by_code[code(1)]["record"] == changed);
  CHECK(by_code[code(1)]["received_count"] == 4);
  CHECK(by_code[code(3)]["record"] == mc::test::sample_record(code(3)));
  CHECK(by_code[code(3)]["received_count"] == 2);

  const json stats = mc::test::get_json(client, "/admin/stats");
  CHECK(stats["dossiers_stored"] == 2);
  CHECK(stats["dossiers"]["invalid"] == 2);
  CHECK(stats["dossiers"]["conflict"] == 1);
}

TEST_CASE("TraCuuHoSo answers [] for unknown codes and shows the status moving", "[server][system]") {
  ServerUnderTest server({"--status-pace-s", "1"});
  auto client = server.client();
  const std::string session = mc::test::login(client);
  const auto none = post(client, "/api/integration", call(session, "TraCuuHoSo", {{"MaHoSo", code(9)}}));
  REQUIRE(none.status == 200);
  CHECK(none.json["result"] == json::array());

  REQUIRE(post(client, "/api/integration", push(session, json::array({mc::test::sample_record(code(1))})))
              .json["result"][0]["error_code"] == "0");
  const auto first = post(client, "/api/integration", call(session, "TraCuuHoSo", {{"MaHoSo", code(1)}}));
  REQUIRE(first.json["result"].size() == 1);
  const json& item = first.json["result"][0];
  CHECK(item["MaHoSo"] == code(1));
  CHECK(item["NgayCapNhat"].get<std::string>().size() == 14);
  const int status_before = std::stoi(item["TrangThaiHoSo"].get<std::string>());
  CHECK((status_before == 1 || status_before == 2));
  std::this_thread::sleep_for(std::chrono::milliseconds(2100));
  const auto later = post(client, "/api/integration", call(session, "TraCuuHoSo", {{"MaHoSo", code(1)}}));
  const json& moved = later.json["result"][0];
  const int status_after = std::stoi(moved["TrangThaiHoSo"].get<std::string>());
  CHECK(status_after > status_before);
  CHECK((status_after == 4 || status_after == 9));
  CHECK_FALSE(moved["NoiDungXuLy"].get<std::string>().empty());
}

TEST_CASE("LayDanhSachTTHC and LayThuTuc serve the assets catalog", "[server][system]") {
  std::vector<mc::CatalogIssue> issues;
  const mc::Catalog catalog = mc::Catalog::load_dir(std::string(MC_TEST_ASSETS_DIR) + "/catalog", issues);
  REQUIRE(catalog.size() > 0);
  ServerUnderTest server({});
  auto client = server.client();
  const std::string session = mc::test::login(client);
  const auto list = post(client, "/api/integration", call(session, "LayDanhSachTTHC"));
  REQUIRE(list.status == 200);
  CHECK(list.json["error_code"] == "0");
  std::set<std::string> served, expected;
  for (const auto& item : list.json["result"]) {
    served.insert(item["MATTHC"].get<std::string>());
    CHECK_FALSE(item["PHIENBAN"].get<std::string>().empty());
    CHECK_FALSE(item["TENTTHC"].get<std::string>().empty());
  }
  for (const auto& procedure : catalog.procedures()) expected.insert(procedure.code);
  CHECK(served == expected);

  const mc::Procedure& first = catalog.procedures().front();
  const auto one = post(client, "/api/integration", call(session, "LayThuTuc", {{"maTTHC", first.code}}));
  REQUIRE(one.json["result"].size() == 1);
  CHECK(one.json["result"][0]["TENTTHC"] == first.name.vi);
  CHECK(one.json["result"][0]["MALINHVUC"] == first.field_code);
  // The KIOSK extension parses back into the same procedure.
  std::vector<mc::CatalogIssue> parse_issues;
  const auto parsed = mc::Catalog::parse_procedure(one.json["result"][0]["KIOSK"], "served", parse_issues);
  REQUIRE(parsed);
  CHECK(parsed->code == first.code);
  CHECK(parsed->documents.size() == first.documents.size());
  CHECK(post(client, "/api/integration", call(session, "LayThuTuc", {{"maTTHC", "9.999999"}})).json["result"] ==
        json::array());
}

TEST_CASE("CapNhatTienDoHoSoMC stores progress rows of known dossiers", "[server][system]") {
  ServerUnderTest server({});
  auto client = server.client();
  const std::string session = mc::test::login(client);
  post(client, "/api/integration", push(session, json::array({mc::test::sample_record(code(1))})));
  json bad = mc::test::sample_progress(code(1));
  bad["TrangThai"] = "0";
  const auto answer = post(
      client, "/api/integration",
      call(session, "CapNhatTienDoHoSoMC",
           {{"data", json::array({mc::test::sample_progress(code(1)), mc::test::sample_progress(code(5)), bad})}}));
  REQUIRE(answer.status == 200);
  const json& result = answer.json["result"];
  REQUIRE(result.size() == 3);
  CHECK(result[0]["error_code"] == "0");
  CHECK(result[1]["error_code"] == "2");
  CHECK(result[1]["message"].get<std::string>().rfind("MaHoSo: ", 0) == 0);
  CHECK(result[2]["error_code"] == "2");
  CHECK(result[2]["message"].get<std::string>().rfind("TrangThai: ", 0) == 0);
  const json dossiers = mc::test::get_json(client, "/admin/dossiers?MaHoSo=" + code(1));
  REQUIRE(dossiers["dossiers"][0]["progress"].size() == 1);
  CHECK(dossiers["dossiers"][0]["progress"][0]["NoiDungXuLy"] == "Đang thẩm định hồ sơ");

  // TraCuuHoSo reports the dossier as held and its steps; a step sent again is a re-send: success, counted as
  // a repeat, still one step on the server.
  const auto found = post(client, "/api/integration", call(session, "TraCuuHoSo", {{"MaHoSo", code(1)}}));
  const json& item = found.json["result"][0];
  CHECK(item["HoSo"] == mc::test::sample_record(code(1)));
  REQUIRE(item["TienDoXuLy"].size() == 1);
  CHECK(item["TienDoXuLy"][0] == mc::test::sample_progress(code(1)));
  const auto again =
      post(client, "/api/integration",
           call(session, "CapNhatTienDoHoSoMC", {{"data", json::array({mc::test::sample_progress(code(1))})}}));
  CHECK(again.json["result"][0]["error_code"] == "0");
  CHECK(mc::test::get_json(client, "/admin/dossiers?MaHoSo=" + code(1))["dossiers"][0]["progress"].size() == 1);
  const json stats = mc::test::get_json(client, "/admin/stats");
  CHECK(stats["progress"]["stored"] == 1);
  CHECK(stats["progress"]["repeated"] == 1);
  CHECK(stats["progress"]["invalid"] == 2);
}

TEST_CASE("DongBoDanhGia keeps one aggregate per month and procedure, validated, and counts every arrival",
          "[server][system][ratings]") {
  ServerUnderTest server({});
  auto client = server.client();
  const std::string session = mc::test::login(client);
  json bad = mc::test::sample_rating("1.002809");
  bad["PhanTramDanhGiaHaiLong"] = 40;
  const auto send = [&](const json& rows) {
    const auto answer = post(client, "/api/integration", call(session, "DongBoDanhGia", {{"data", rows}}));
    REQUIRE(answer.status == 200);
    return answer.json["result"];
  };
  json result = send(json::array({mc::test::sample_rating(), bad}));
  REQUIRE(result.size() == 2);
  CHECK(result[0]["MaThuTuc"] == "1.002820");
  CHECK(result[0]["error_code"] == "0");
  CHECK(result[1]["error_code"] == "2");
  CHECK(result[1]["message"].get<std::string>().rfind("PhanTramDanhGia: ", 0) == 0);
  // The same figures again (a lost answer): success, stored once. Other figures for that month: refused.
  CHECK(send(json::array({mc::test::sample_rating()}))[0]["error_code"] == "0");
  json other = mc::test::sample_rating();
  other["TongSoNguoiDanhGia"] = 8;
  CHECK(send(json::array({other}))[0]["error_code"] == "3");
  const json ratings = mc::test::get_json(client, "/admin/ratings");
  REQUIRE(ratings["count"] == 1);
  CHECK(ratings["ratings"][0]["row"] == mc::test::sample_rating());
  CHECK(ratings["ratings"][0]["received_count"] == 3);
  const json stats = mc::test::get_json(client, "/admin/stats");
  CHECK(stats["ratings"]["stored"] == 1);
  CHECK(stats["ratings"]["identical"] == 1);
  CHECK(stats["ratings"]["conflict"] == 1);
  CHECK(stats["ratings"]["invalid"] == 1);
  CHECK(stats["services"]["DongBoDanhGia"] == 3);
}

TEST_CASE("Heartbeats need a session and keep the latest per kiosk", "[server][system]") {
  ServerUnderTest server({});
  auto client = server.client();
  const std::string session = mc::test::login(client);
  json beat = {{"session", session}, {"KioskId", "KIOSK-07"}, {"Version", "0.1.0"},
               {"QueueDepth", 3},    {"PrinterState", "ok"},  {"LastSync", "20260305090000"}};
  CHECK(post(client, "/api/heartbeat", beat).json["error_code"] == "0");
  beat["QueueDepth"] = 0;
  CHECK(post(client, "/api/heartbeat", beat).status == 200);
  beat["session"] = "expired";
  CHECK(post(client, "/api/heartbeat", beat).status == 401);
  const json beats = mc::test::get_json(client, "/admin/heartbeats");
  REQUIRE(beats["count"] == 1);
  CHECK(beats["heartbeats"][0]["KioskId"] == "KIOSK-07");
  CHECK(beats["heartbeats"][0]["QueueDepth"] == 0);
  CHECK_FALSE(beats["heartbeats"][0].contains("session"));
}

TEST_CASE("Fault injection produces each failure kind", "[server][system][faults]") {
  const json credentials = {{"username", "kiosk"}, {"password", "kiosk-demo"}};
  SECTION("500 and 503 carry Retry-After") {
    for (const char* mode : {"500", "503"}) {
      ServerUnderTest server({"--fail-rate", "1", "--fail-modes", mode, "--retry-after-s", "7", "--seed", "5"});
      auto client = server.client();
      const auto answer = post(client, "/api/auth", credentials);
      CHECK(answer.status == std::stoi(mode));
      CHECK(answer.retry_after == "7");
      CHECK(mc::test::get_json(client, "/admin/stats")["faults"][mode] == 1);
    }
  }
  SECTION("drop closes the connection without an answer") {
    ServerUnderTest server({"--fail-rate", "1", "--fail-modes", "drop", "--seed", "5"});
    auto client = server.client();
    for (int i = 0; i < 4; ++i) {
      const auto answer = post(client, "/api/auth", credentials);
      CHECK(answer.status == 0);
      CHECK(answer.error != httplib::Error::Success);
    }
    CHECK(mc::test::get_json(client, "/admin/stats")["faults"]["drop"] == 4);
  }
  SECTION("garbage is a 200 whose body is not the JSON answer") {
    ServerUnderTest server({"--fail-rate", "1", "--fail-modes", "garbage", "--seed", "5"});
    auto client = server.client();
    for (int i = 0; i < 6; ++i) {
      const auto answer = post(client, "/api/auth", credentials);
      CHECK(answer.status == 200);
      CHECK(answer.json.is_null());
      CHECK_FALSE(answer.body.empty());
    }
  }
}

TEST_CASE("Faults after processing lose the answer, not the dossier: re-sends stay exactly once",
          "[server][system][faults]") {
  ServerUnderTest server({"--fail-rate", "0.5", "--fail-modes", "500,503,drop,garbage", "--seed", "42"});
  auto client = server.client();
  // A well-behaved client: retry until a real answer arrives.
  const auto until_answer = [&](const std::string& path, const json& body) {
    for (int attempt = 0; attempt < 100; ++attempt) {
      auto answer = post(client, path, body);
      if (answer.status == 200 && answer.json.is_object()) return answer;
    }
    FAIL("no answer after 100 attempts");
    return mc::test::Answer{};
  };
  const std::string session =
      until_answer("/api/auth", {{"username", "kiosk"}, {"password", "kiosk-demo"}}).json["session"];
  constexpr int kDossiers = 40;
  int answered = 0;
  for (int i = 0; i < kDossiers; ++i) {
    const auto answer =
        post(client, "/api/integration", push(session, json::array({mc::test::sample_record(code(i))})));
    if (answer.status == 200 && answer.json.is_object()) ++answered;
  }
  const int64_t stored_first_pass = mc::test::get_json(client, "/admin/stats")["dossiers_stored"];
  CHECK(answered < kDossiers);
  CHECK(stored_first_pass > answered);   // some were stored though their answer was lost
  CHECK(stored_first_pass < kDossiers);  // and some failed before being processed

  for (int i = 0; i < kDossiers; ++i) {
    const auto answer =
        until_answer("/api/integration", push(session, json::array({mc::test::sample_record(code(i))})));
    CHECK(answer.json["result"][0]["error_code"] == "0");
  }
  const json dossiers = mc::test::get_json(client, "/admin/dossiers");
  CHECK(dossiers["count"] == kDossiers);
  for (const auto& d : dossiers["dossiers"]) CHECK(d["record"] == mc::test::sample_record(d["MaHoSo"]));
  const json stats = mc::test::get_json(client, "/admin/stats");
  CHECK(stats["faults"]["before_processing"] > 0);
  CHECK(stats["faults"]["after_processing"] > 0);
  CHECK(stats["dossiers"]["conflict"] == 0);
}

TEST_CASE("Added latency (--latency-ms) delays answers", "[server][system]") {
  ServerUnderTest server({"--latency-ms", "300"});
  auto client = server.client();
  const auto start = std::chrono::steady_clock::now();
  mc::test::login(client);
  CHECK(std::chrono::steady_clock::now() - start >= std::chrono::milliseconds(300));
}

TEST_CASE("A busy port is refused with a clear message instead of being shared", "[server][system]") {
  ServerUnderTest first({});
  const std::string command = std::string(ONESTOP_SERVER_BIN) + " --port " + std::to_string(first.port()) + " 2>&1";
  FILE* output = popen(command.c_str(), "r");
  REQUIRE(output);
  std::string text;
  char buffer[256];
  while (fgets(buffer, sizeof buffer, output)) text += buffer;
  const int status = pclose(output);
  CHECK(WIFEXITED(status));
  CHECK(WEXITSTATUS(status) == 1);
  CHECK(text.find("cannot listen on 127.0.0.1:" + std::to_string(first.port())) != std::string::npos);
  CHECK(text.find("listening on") == std::string::npos);
}
