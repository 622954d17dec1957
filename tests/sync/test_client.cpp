#include <httplib.h>
#include <catch2/catch.hpp>

#include <unistd.h>
#include <atomic>
#include <filesystem>
#include <fstream>
#include <thread>
#include "mc/sync/client.hpp"

using namespace mc;
using namespace mc::sync;

namespace {

// A scripted HTTP endpoint on a free loopback port, to test the libcurl adapter's reading of answers.
struct ScriptedServer {
  httplib::Server http;
  std::thread thread;
  int port = 0;
  std::atomic<int> auths{0};
  std::atomic<int> calls{0};
  std::string last_body;
  std::string last_dstcode;
  std::function<void(const httplib::Request&, httplib::Response&)> integration;
  std::function<void(const httplib::Request&, httplib::Response&)> auth = [this](const httplib::Request&,
                                                                                 httplib::Response& res) {
    res.set_content(R"({"error_code": 0, "session": "s)" + std::to_string(++auths) + R"("})", "application/json");
  };

  std::function<void(const httplib::Request&, httplib::Response&)> heartbeat;

  ScriptedServer() {
    http.Post("/api/heartbeat", [this](const httplib::Request& req, httplib::Response& res) {
      ++calls;
      last_body = req.body;
      last_dstcode = req.get_header_value("dstcode");
      heartbeat(req, res);
    });
    http.Post("/api/auth", [this](const httplib::Request& req, httplib::Response& res) { auth(req, res); });
    http.Post("/api/integration", [this](const httplib::Request& req, httplib::Response& res) {
      ++calls;
      last_body = req.body;
      last_dstcode = req.get_header_value("dstcode");
      integration(req, res);
    });
    port = http.bind_to_any_port("127.0.0.1");
    thread = std::thread([this] { http.listen_after_bind(); });
    while (!http.is_running()) std::this_thread::sleep_for(std::chrono::milliseconds(2));
  }
  ~ScriptedServer() {
    http.stop();
    thread.join();
  }
  Config config() const {
    Config config;
    config.server.url = "http://127.0.0.1:" + std::to_string(port) + "/api/";
    config.server.connect_timeout_s = 2;
    config.server.total_timeout_s = 3;
    return config;
  }
};

}  // namespace

TEST_CASE("push sends the records byte for byte and reads one result per record", "[client]") {
  ScriptedServer server;
  server.integration = [](const httplib::Request& req, httplib::Response& res) {
    auto body = nlohmann::json::parse(req.body);
    nlohmann::json result = nlohmann::json::array();
    for (const auto& record : body["data"]) result.push_back({{"MaHoSo", record["MaHoSo"]}, {"error_code", "0"}});
    res.set_content(nlohmann::json({{"error_code", "0"}, {"result", result}}).dump(), "application/json");
  };
  DvcqgClient client(server.config(), Credentials{});
  std::string record = R"({"MaHoSo":"000.00.15.G12-260302-1001","ChuHoSo":"Nguyễn Văn A"})";
  auto results = client.push({record}, false);
  REQUIRE(results.size() == 1);
  CHECK(results[0].error_code == "0");
  CHECK(server.last_body.find(record) != std::string::npos);
  auto body = nlohmann::json::parse(server.last_body);
  CHECK(body["service"] == "DongBoHoSoMC");
  CHECK(body["isUpdating"] == "False");
  CHECK(body["session"] == "s1");
  CHECK(body["madonvi"] == "000.00.15.G12");
  CHECK(server.last_dstcode == "000.00.15.G12");
}

TEST_CASE("an expired session is renewed and the call repeated", "[client]") {
  ScriptedServer server;
  server.integration = [&server](const httplib::Request& req, httplib::Response& res) {
    auto body = nlohmann::json::parse(req.body);
    if (body["session"] == "s1") {
      res.status = 401;
      res.set_content(R"({"error_code": "401", "message": "Phiên làm việc hết hạn"})", "application/json");
      return;
    }
    res.set_content(R"({"error_code": "0", "result": []})", "application/json");
  };
  DvcqgClient client(server.config(), Credentials{});
  CHECK_FALSE(client.lookup("000.00.15.G12-260302-1001"));
  CHECK(server.auths == 2);
  CHECK(server.calls == 2);
}

TEST_CASE("5xx with Retry-After, garbage and short answers are transient", "[client]") {
  ScriptedServer server;
  std::string mode;
  server.integration = [&mode](const httplib::Request&, httplib::Response& res) {
    if (mode == "503") {
      res.status = 503;
      res.set_header("Retry-After", "12");
      res.set_content("busy", "text/plain");
    } else if (mode == "garbage") {
      res.set_content("<html>oops", "text/html");
    } else if (mode == "short") {
      res.set_content(R"({"error_code": "0", "result": []})", "application/json");
    } else if (mode == "429") {
      res.status = 429;
    }
  };
  DvcqgClient client(server.config(), Credentials{});
  mode = "503";
  try {
    client.push({R"({"MaHoSo":"x"})"}, false);
    FAIL("no exception");
  } catch (const TransientError& error) {
    CHECK(error.http_status == 503);
    CHECK(error.retry_after_s == 12);
  }
  mode = "garbage";
  CHECK_THROWS_AS(client.push({R"({"MaHoSo":"x"})"}, false), TransientError);
  mode = "short";
  CHECK_THROWS_AS(client.push({R"({"MaHoSo":"x"})"}, false), TransientError);
  mode = "429";
  CHECK_THROWS_AS(client.lookup("x"), TransientError);
}

TEST_CASE("refused credentials are an AuthError, and no server at all is transient", "[client]") {
  ScriptedServer server;
  server.auth = [](const httplib::Request&, httplib::Response& res) {
    res.status = 401;
    res.set_content(R"({"error_code": 1, "message": "Sai tên đăng nhập hoặc mật khẩu"})", "application/json");
  };
  DvcqgClient client(server.config(), Credentials{"kiosk", "wrong"});
  CHECK_THROWS_AS(client.authenticate(), AuthError);
  CHECK_THROWS_WITH(client.authenticate(), !Catch::Contains("wrong"));

  Config nowhere = server.config();
  nowhere.server.url = "http://127.0.0.1:1/api";
  DvcqgClient unreachable(nowhere, Credentials{});
  CHECK_THROWS_AS(unreachable.authenticate(), TransientError);
}

TEST_CASE("credentials come from the TOML file, or the demo account", "[client]") {
  Config config;
  CHECK(load_credentials(config).username == "kiosk");
  CHECK(load_credentials(config).password == "kiosk-demo");
  std::string path = std::filesystem::temp_directory_path() / ("mc-cred-" + std::to_string(::getpid()) + ".toml");
  {
    std::ofstream out(path);
    out << "username = \"ubnd-kiosk\"\npassword = \"s3cret\"\n";
  }
  config.server.credentials_file = path;
  CHECK(load_credentials(config).username == "ubnd-kiosk");
  {
    std::ofstream out(path);
    out << "username = \"only\"\n";
  }
  CHECK_THROWS_WITH(load_credentials(config), Catch::Contains("password"));
  std::filesystem::remove(path);
}

TEST_CASE("the heartbeat posts the fields with the session, renews an expired one, and reports failures",
          "[client][heartbeat]") {
  ScriptedServer server;
  int status = 200;
  server.heartbeat = [&status](const httplib::Request& req, httplib::Response& res) {
    auto body = nlohmann::json::parse(req.body);
    if (body["session"] == "s1") {
      res.status = 401;
      res.set_content(R"({"error_code": "401", "message": "Phiên làm việc hết hạn"})", "application/json");
      return;
    }
    res.status = status;
    res.set_content(status == 200 ? R"({"error_code": "0"})" : "<html>oops</html>", "application/json");
  };
  DvcqgClient client(server.config(), Credentials{});
  client.heartbeat({{"KioskId", "KIOSK-07"}, {"QueueDepth", 2}});
  CHECK(server.auths == 2);
  auto body = nlohmann::json::parse(server.last_body);
  CHECK(body["session"] == "s2");
  CHECK(body["KioskId"] == "KIOSK-07");
  CHECK(body["QueueDepth"] == 2);
  CHECK(server.last_dstcode == "000.00.15.G12");
  status = 500;
  CHECK_THROWS_AS(client.heartbeat({{"KioskId", "KIOSK-07"}}), TransientError);
}

TEST_CASE("an endless or oversized answer is cut at server.max_answer_bytes, and a deep one refused",
          "[client][hostile]") {
  ScriptedServer server;
  std::string mode;
  server.integration = [&mode](const httplib::Request&, httplib::Response& res) {
    if (mode == "endless") {
      // Chunked, no length, never ends on its own: only the client's cap (or its timeout) stops it.
      res.set_chunked_content_provider("application/json", [](size_t, httplib::DataSink& sink) {
        static const std::string chunk = "[" + std::string(65535, ' ');
        return sink.write(chunk.data(), chunk.size());
      });
    } else if (mode == "declared") {
      res.set_content(std::string(8 << 20, ' '), "application/json");  // 8 MiB, Content-Length says so
    } else if (mode == "deep") {
      res.set_content("{\"error_code\":\"0\",\"result\":" + std::string(300000, '[') + std::string(300000, ']') + "}",
                      "application/json");
    }
  };
  Config config = server.config();
  config.server.max_answer_bytes = 1 << 20;
  config.server.total_timeout_s = 20;
  DvcqgClient client(config, Credentials{});
  for (const std::string m : {"endless", "declared"}) {
    mode = m;
    try {
      client.lookup("000.00.15.G12-260302-1001");
      FAIL("no exception for " + m);
    } catch (const TransientError& error) {
      // Stopped by the cap (not by the 20 s timeout, which would say "network: Timeout").
      CHECK(std::string(error.what()).find("larger than 1048576 bytes") != std::string::npos);
    }
  }
  mode = "deep";
  try {
    client.lookup("000.00.15.G12-260302-1001");
    FAIL("no exception for deep");
  } catch (const TransientError& error) {
    CHECK(std::string(error.what()).find("nested deeper") != std::string::npos);
  }
}
