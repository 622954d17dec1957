#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>

#include "mc/core/i18n.hpp"

TEST_CASE("translations fall back to Vietnamese, then to the key", "[i18n]") {
  mc::Translations t;
  t.set(mc::Lang::Vi, "start", "Chạm để bắt đầu");
  t.set(mc::Lang::En, "start", "Touch to start");
  t.set(mc::Lang::Vi, "only_vi", "Chỉ tiếng Việt");
  CHECK(t.tr("start", mc::Lang::En) == "Touch to start");
  CHECK(t.tr("only_vi", mc::Lang::En) == "Chỉ tiếng Việt");
  CHECK(t.tr("missing.key", mc::Lang::Vi) == "missing.key");
  CHECK(t.missing_keys(mc::Lang::En) == std::vector<std::string>{"only_vi"});
}

TEST_CASE("a broken translation file names the file", "[i18n]") {
  const auto dir = std::filesystem::temp_directory_path() / "mc-test-i18n";
  std::filesystem::create_directories(dir);
  std::ofstream(dir / "vi.json") << R"({"a": "Một"})";
  std::ofstream(dir / "en.json") << R"({"a": 1})";
  CHECK_THROWS_WITH(mc::Translations::load(dir.string()), Catch::Contains("en.json") && Catch::Contains("$.a"));
  std::filesystem::remove_all(dir);
}

TEST_CASE("the shipped translations load and cover both languages", "[i18n]") {
  const std::string dir = std::string(MC_TEST_ASSETS_DIR) + "/i18n";
  auto t = mc::Translations::load(dir);
  CHECK(t.missing_keys(mc::Lang::En).empty());
  CHECK(t.missing_keys(mc::Lang::Vi).empty());
}
