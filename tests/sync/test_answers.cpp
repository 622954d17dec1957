// Reading the server's answers: every shape a hostile or broken server can send is a TransientError (the
// ordinary "answered nonsense" path: logged, retried later), never a crash or a silent success.
#include <catch2/catch.hpp>

#include "mc/sync/answers.hpp"

using namespace mc;
using namespace mc::sync;

namespace {
const JsonLimits kLimits{};

template <typename F>
std::string transient(F&& f) {
  try {
    f();
  } catch (const TransientError& error) {
    return error.what();
  }
  FAIL("no TransientError");
  return "";
}
}  // namespace

TEST_CASE("a deep, huge, non-UTF-8 or non-JSON answer is nonsense, retried later", "[answers]") {
  const std::string deep =
      "{\"error_code\":\"0\",\"result\":" + std::string(300000, '[') + std::string(300000, ']') + "}";
  CHECK(transient([&] {
          read_integration_answer("DongBoHoSoMC", 200, deep, {}, kLimits);
        }).find("nested deeper than 64 levels") != std::string::npos);
  JsonLimits small;
  small.max_bytes = 100;
  const std::string big = "{\"error_code\":\"0\",\"result\":[\"" + std::string(200, 'x') + "\"]}";
  CHECK(transient([&] { read_integration_answer("TraCuuHoSo", 200, big, {}, small); }).find("larger than 100") !=
        std::string::npos);
  CHECK(transient([&] {
          read_integration_answer("TraCuuHoSo", 200, "{\"error_code\":\"0\",\"x\":\"\xc3\x28\"}", {}, kLimits);
        }).find("UTF-8") != std::string::npos);
  CHECK_THROWS_AS(read_integration_answer("TraCuuHoSo", 200, "<html>", {}, kLimits), TransientError);
  CHECK_THROWS_AS(read_integration_answer("TraCuuHoSo", 200, "[1,2]", {}, kLimits), TransientError);
  CHECK_THROWS_AS(read_auth_answer(200, std::string(100, '{'), {}, kLimits), TransientError);
  CHECK_THROWS_AS(read_heartbeat_answer(200, deep, {}, kLimits), TransientError);
}

TEST_CASE("wrong types in an answer are nonsense too", "[answers]") {
  // error_code as an object, result as a string, items of the wrong shape.
  CHECK_THROWS_AS(read_integration_answer("TraCuuHoSo", 200, R"({"error_code": {"a": 1}, "result": []})", {}, kLimits),
                  TransientError);
  CHECK_THROWS_AS(read_integration_answer("TraCuuHoSo", 200, R"({"error_code": "0", "result": "none"})", {}, kLimits),
                  TransientError);
  CHECK_THROWS_AS(read_lookup_result(nlohmann::json::parse(R"([{"MaHoSo": 7, "TrangThaiHoSo": "2"}])"), "X"),
                  TransientError);
  CHECK_THROWS_AS(read_lookup_result(nlohmann::json::parse(R"(["X"])"), "X"), TransientError);
  CHECK_THROWS_AS(read_push_results(nlohmann::json::parse(R"([{"MaHoSo": ["X"], "error_code": "0"}])"), 1),
                  TransientError);
  CHECK_THROWS_AS(read_push_results(nlohmann::json::parse(R"([{"MaHoSo": "X", "error_code": "0"}])"), 2),
                  TransientError);
  CHECK_THROWS_AS(read_auth_answer(200, R"({"error_code": 0, "session": 12})", {}, kLimits), TransientError);
  CHECK_THROWS_AS(read_auth_answer(200, R"({"error_code": 0, "session": ""})", {}, kLimits), TransientError);
}

TEST_CASE("the ordinary answers still read as before", "[answers]") {
  auto result = read_integration_answer(
      "TraCuuHoSo", 200,
      R"({"error_code": "0", "result": [{"MaHoSo": "X", "TrangThaiHoSo": 4, "NoiDungXuLy": "Đang xử lý"}]})", {},
      kLimits);
  REQUIRE(result);
  auto lookup = read_lookup_result(*result, "X");
  REQUIRE(lookup);
  CHECK(lookup->status == "4");
  CHECK(lookup->note == "Đang xử lý");
  CHECK_FALSE(read_integration_answer("TraCuuHoSo", 401, "", {}, kLimits));                        // renew
  CHECK_FALSE(read_integration_answer("TraCuuHoSo", 200, R"({"error_code": 401})", {}, kLimits));  // renew
  CHECK(read_auth_answer(200, R"({"error_code": 0, "session": "abc"})", {}, kLimits) == "abc");
  CHECK_THROWS_AS(read_auth_answer(401, R"({"message": "Sai mật khẩu"})", {}, kLimits), AuthError);
  CHECK(read_heartbeat_answer(200, R"({"error_code": "0"})", {}, kLimits));
  const std::string long_message(5000, 'x');
  const std::string what = transient([&] {
    read_integration_answer("X", 200, R"({"error_code": "9", "message": ")" + long_message + "\"}", {}, kLimits);
  });
  CHECK(what.size() < 400);  // a megabyte-long message does not go into the log whole
}
