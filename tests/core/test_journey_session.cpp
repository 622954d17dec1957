// The citizen's data lives in one object, mc::CitizenSession, which the wipe destroys whole.
//  - Journey's own members are the machinery listed below, each with why it holds nothing of a citizen;
//    a member added to Journey (journey.hpp) and not listed here makes this test fail: move it into
//    CitizenSession, or list it with the reason.
//  - Every text-holding member of CitizenSession is overwritten by CitizenSession::scrub() (journey.cpp),
//    unless listed below as holding no personal data.
//  - Destroying a session overwrites its bytes; a wipe leaves nothing of the citizen behind.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>
#include <regex>
#include <set>
#include <sstream>

#include "mc/core/journey.hpp"

namespace fs = std::filesystem;
using namespace mc;

namespace {

std::string read(const fs::path& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

// The text between "struct|class NAME {" and its closing "};" (no nested types in these two).
std::string body_of(const std::string& source, const std::string& head) {
  const size_t start = source.find(head);
  REQUIRE(start != std::string::npos);
  const size_t end = source.find("\n};", start);
  return source.substr(start, end - start);
}

// Data member names declared in a class body: "Type name_;", "Type name_ = ...;", "Type name{...};".
std::set<std::string> data_members(const std::string& body, bool trailing_underscore) {
  std::set<std::string> names;
  const std::regex member(trailing_underscore ? R"(^\s+[A-Za-z0-9_:<>,\s\*&]+?\s+(\w+_)\s*(?:=[^;]*|\{[^;]*\})?;)"
                                              : R"(^\s+[A-Za-z0-9_:<>,\s\*&]+?\s+(\w+)\s*(?:=[^;(]*|\{[^;]*\})?;)");
  std::istringstream lines(body);
  std::string line;
  while (std::getline(lines, line)) {
    const std::string code = line.substr(0, line.find("//"));
    if (code.find('(') != std::string::npos) continue;  // functions
    std::smatch m;
    if (std::regex_search(code, m, member)) names.insert(m[1]);
  }
  return names;
}

const fs::path kHeader = fs::path(MC_SOURCE_DIR) / "kiosk/core/include/mc/core/journey.hpp";
const fs::path kSource = fs::path(MC_SOURCE_DIR) / "kiosk/core/src/journey.cpp";

}  // namespace

TEST_CASE("session: Journey holds nothing of a citizen outside its CitizenSession", "[journey][session]") {
  // Journey's machinery, and why none of it belongs to a citizen.
  const std::map<std::string, const char*> machinery = {
      {"catalog_", "the office's catalog"},
      {"submit_fn_", "the submission path (the queue)"},
      {"lookup_fn_", "the local dossier lookup"},
      {"options_", "timeouts and the clock"},
      {"search_", "the search index of the catalog"},
      {"service_areas_", "the office's queue-ticket areas"},
      {"commands_", "work for the app, taken every frame (dossier codes only)"},
      {"last_input_ms_", "when anyone last touched the kiosk: it decides the wipe"},
      {"now_ms_", "the clock"},
      {"ticket_request_", "a counter that outlives citizens so late answers are recognised"},
      {"ticket_issuing_suspended_", "whether the office database can issue numbers now: the office's state"},
      {"document_scanner_", "whether the office's document scanner is configured: the office's state"},
      {"capture_request_", "a counter that outlives citizens so late pages are recognised and dropped"},
      {"session_", "the citizen's session itself"},
  };
  const std::set<std::string> members = data_members(body_of(read(kHeader), "class Journey {"), true);
  REQUIRE(members.count("session_"));
  for (const auto& name : members) {
    INFO("Journey::" << name
                     << " is outside CitizenSession: the idle wipe would not clear it. Put citizen data in "
                        "CitizenSession (journey.hpp); list machinery in this test with the reason.");
    CHECK(machinery.count(name));
  }
  for (const auto& [name, why] : machinery) {
    INFO(name << " (" << why << ") is listed but no longer a member: drop it from the list");
    CHECK(members.count(name));
  }
}

TEST_CASE("session: every text the session holds about the citizen is overwritten by scrub()", "[journey][session]") {
  const std::string session = body_of(read(kHeader), "struct CitizenSession {");
  const std::string source = read(kSource);
  const size_t start = source.find("void CitizenSession::scrub() {");
  REQUIRE(start != std::string::npos);
  const std::string scrub = source.substr(start, source.find("\n}\n", start) - start);
  // Text-holding members that are not personal data.
  const std::set<std::string> not_personal = {"field_code", "ticket_area"};
  const std::regex text_member(
      R"(^\s+(?:std::string|IdentifyFields|CitizenIdentity|Answers|std::optional<Dossier>)\s+(\w+)\s*(?:=[^;]*)?;)");
  std::istringstream lines(session);
  std::string line;
  int text_members = 0;
  while (std::getline(lines, line)) {
    std::smatch m;
    if (!std::regex_search(line, m, text_member)) continue;
    ++text_members;
    const std::string name = m[1];
    if (not_personal.count(name)) continue;
    INFO("CitizenSession::" << name << " holds text about the citizen: overwrite it in CitizenSession::scrub()");
    CHECK(std::regex_search(scrub, std::regex("\\b" + name + "\\b")));
  }
  CHECK(text_members >= 6);
}

TEST_CASE("session: a destroyed session leaves its bytes zeroed", "[journey][session]") {
  alignas(CitizenSession) unsigned char storage[sizeof(CitizenSession)];
  auto* session = new (storage) CitizenSession();
  session->identify.full_name = "Nguyễn Văn A";       // short: inside the object
  session->identify.address = std::string(200, 'x');  // long: on the heap, overwritten by scrub()
  session->search_text = "bang lai";
  session->answers["phone"] = "0912345678";
  destroy_citizen_session(session);
  CHECK(std::all_of(storage, storage + sizeof storage, [](unsigned char b) { return b == 0; }));
}
