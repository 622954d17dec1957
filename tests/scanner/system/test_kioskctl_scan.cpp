// `kioskctl scan FILE...` and `kioskctl cccd 'PAYLOAD'` as an operator runs them: one JSON object per line.
#include <sys/wait.h>

#include <catch2/catch.hpp>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "corpus.hpp"

using nlohmann::json;
using namespace mc::scanner;

namespace {
struct Run {
  int exit_code;
  std::vector<json> lines;
};

Run kioskctl(const std::string& args) {
  FILE* pipe = ::popen((std::string("'") + MC_KIOSKCTL_PATH + "' " + args + " 2>/dev/null").c_str(), "r");
  REQUIRE(pipe);
  std::string out;
  char buffer[4096];
  size_t got;
  while ((got = std::fread(buffer, 1, sizeof buffer, pipe)) > 0) out.append(buffer, got);
  const int status = ::pclose(pipe);
  Run run{WIFEXITED(status) ? WEXITSTATUS(status) : -1, {}};
  std::istringstream stream(out);
  for (std::string line; std::getline(stream, line);) run.lines.push_back(json::parse(line));
  return run;
}

const std::string kPayload = "001099012345||Nguyễn Văn A|15031999|Nam|Số 1 Đường ABC, Phường X, TP Z|10052021";
}  // namespace

TEST_CASE("kioskctl scan: an ID card and a receipt image, one JSON line each, exit 0", "[system]") {
  if (!corpus::tool_available("qrencode")) FAIL("qrencode is not installed");
  corpus::TempDir dir;
  REQUIRE(corpus::qrencode_image(dir.path, kPayload, 4, "card"));
  REQUIRE(corpus::qrencode_image(dir.path, "000.00.15.G12-260305-1007", 4, "receipt"));
  std::ofstream(dir.path / "blank.pgm", std::ios::binary) << "P5\n4 4\n255\n" << std::string(16, '\xff');
  const Run run = kioskctl("scan '" + (dir.path / "card.png").string() + "' '" + (dir.path / "receipt.png").string() +
                           "' '" + (dir.path / "blank.pgm").string() + "'");
  CHECK(run.exit_code == 0);
  REQUIRE(run.lines.size() == 3);
  const json& card = run.lines[0];
  CHECK(card["file"] == (dir.path / "card.png").string());
  REQUIRE(card["codes"].size() == 1);
  CHECK(card["codes"][0]["format"] == "QRCode");
  CHECK(card["codes"][0]["text"] == kPayload);
  CHECK(card["kind"] == "id_card");
  CHECK(card["cccd"] == json{{"id", "001099012345"},
                             {"old_id", ""},
                             {"name", "Nguyễn Văn A"},
                             {"dob", "1999-03-15"},
                             {"sex", "Nam"},
                             {"address", "Số 1 Đường ABC, Phường X, TP Z"},
                             {"issued", "2021-05-10"}});
  CHECK(card["warnings"] == json::array());
  CHECK(card["error"].is_null());
  CHECK(run.lines[1]["kind"] == "receipt");
  CHECK(run.lines[1]["cccd"].is_null());
  CHECK(run.lines[2]["codes"] == json::array());  // readable, nothing found: still exit 0
  CHECK(run.lines[2]["error"].is_null());
}

TEST_CASE("kioskctl scan: an unreadable file gives an error line and a non-zero exit", "[system]") {
  corpus::TempDir dir;
  std::ofstream(dir.path / "notes.png") << "not an image";
  const Run run =
      kioskctl("scan '" + (dir.path / "notes.png").string() + "' '" + (dir.path / "gone.png").string() + "'");
  CHECK(run.exit_code != 0);
  REQUIRE(run.lines.size() == 2);
  for (const auto& line : run.lines) {
    CHECK(line["codes"] == json::array());
    CHECK(line["error"].is_string());
  }
}

TEST_CASE("kioskctl cccd: fields, warnings, refusals", "[system]") {
  Run ok = kioskctl("cccd '" + kPayload + "'");
  CHECK(ok.exit_code == 0);
  REQUIRE(ok.lines.size() == 1);
  CHECK(ok.lines[0]["cccd"]["dob"] == "1999-03-15");
  Run warned = kioskctl("cccd '001199012345||Nguyễn Văn A|15031999|Nam|x|10052021' --lang en");
  CHECK(warned.exit_code == 0);
  REQUIRE(warned.lines[0]["warnings"].size() == 1);
  CHECK(warned.lines[0]["warnings"][0].get<std::string>().find("sex digit") != std::string::npos);
  Run refused = kioskctl("cccd '001099012345||Nguyễn Văn A|31021999|Nam|x|10052021'");
  CHECK(refused.exit_code != 0);
  CHECK(refused.lines[0]["cccd"].is_null());
  CHECK(refused.lines[0]["error"].is_string());
  Run bhyt = kioskctl("cccd 'GD4797920012345|4e677579e1bb856e2056c4836e2041|01/01/1990|1|4861|79-001|01/01/2024'");
  CHECK(bhyt.exit_code != 0);
  CHECK(bhyt.lines[0]["kind"] == "health_insurance_card");
  CHECK(bhyt.lines[0]["error"].get<std::string>().find("CCCD") != std::string::npos);
}
