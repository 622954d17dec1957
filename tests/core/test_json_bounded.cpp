// JSON from outside, within limits: what a hostile server or a damaged file sends is refused, not parsed.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>

#include "mc/core/json_bounded.hpp"
#include "mc/core/json_file.hpp"

TEST_CASE("an answer nested 300,000 levels deep is refused before it is parsed", "[json_bounded]") {
  const std::string deep =
      "{\"error_code\":\"0\",\"result\":" + std::string(300000, '[') + std::string(300000, ']') + "}";
  std::string why;
  CHECK_FALSE(mc::parse_json_bounded(deep, {}, &why));
  CHECK(why == "nested deeper than 64 levels");
}

TEST_CASE("brackets inside strings do not count as nesting", "[json_bounded]") {
  const std::string text = "{\"note\": \"" + std::string(1000, '[') + "\\\"{{{\", \"list\": [[1], [2]]}";
  CHECK(mc::json_nesting_depth(text, 64) == 3);
  auto value = mc::parse_json_bounded(text);
  REQUIRE(value);
  CHECK((*value)["list"][1][0] == 2);
}

TEST_CASE("size, UTF-8 and syntax are checked", "[json_bounded]") {
  std::string why;
  mc::JsonLimits small;
  small.max_bytes = 16;
  CHECK_FALSE(mc::parse_json_bounded("{\"a\": \"0123456789\"}", small, &why));
  CHECK(why == "larger than 16 bytes");
  CHECK_FALSE(mc::parse_json_bounded("{\"a\": \"\xff\xfe\"}", {}, &why));
  CHECK(why.find("UTF-8") != std::string::npos);
  CHECK_FALSE(mc::parse_json_bounded("<html>", {}, &why));
  CHECK_FALSE(mc::parse_json_bounded("", {}, &why));
  // Exactly at the depth limit is fine.
  const std::string at_limit = std::string(64, '[') + std::string(64, ']');
  CHECK(mc::parse_json_bounded(at_limit));
  CHECK_FALSE(mc::parse_json_bounded("[" + at_limit + "]"));
}

TEST_CASE("a data file nested too deep is a clear error, not a crash", "[json_bounded]") {
  const auto path = std::filesystem::temp_directory_path() / "mc-deep-catalog.json";
  std::ofstream(path) << "{\"code\": \"x\",\n \"form\": " << std::string(100000, '[') << std::string(100000, ']')
                      << "}";
  try {
    (void)mc::read_json_file(path.string(), "catalog");
    FAIL("a 100,000-deep file was accepted");
  } catch (const mc::JsonFileError& error) {
    CHECK(error.kind() == mc::JsonFileError::Kind::syntax);
    CHECK(error.line() == 2);
    CHECK(error.reason() == "nested deeper than 64 levels");
  }
  std::filesystem::remove(path);
}
