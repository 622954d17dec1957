// Rules the sources keep, checked on the sources themselves (MC_SOURCE_DIR):
//  - every string a person sees is a key in assets/i18n/vi.json and en.json: both files have the same
//    keys, every key the code asks for exists, and no Vietnamese text is written in the code of the
//    kiosk's libraries (nor any English sentence in its views);
//  - every colour is a role of the palette (kiosk/app/ui/palette.cpp is the only file with colour values).
// A line may carry "i18n-exempt: <why>" (data such as letter tables, never a message); the few files
// that are tables of letters or domain data are listed below with the reason.
#include <catch2/catch.hpp>

#include <cctype>
#include <filesystem>
#include <fstream>
#include <map>
#include <regex>
#include <set>
#include <sstream>

#include <nlohmann/json.hpp>

#include "mc/core/text.hpp"

namespace fs = std::filesystem;

namespace {

const fs::path kRoot = MC_SOURCE_DIR;

std::string read(const fs::path& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

// The kiosk's own code: the core and the modules it links, and the application (not kioskctl, the server
// or tests: tools for IT officers and developers).
std::vector<fs::path> kiosk_sources() {
  std::vector<fs::path> files;
  for (const char* dir : {"kiosk/core/src", "kiosk/core/include", "kiosk/app", "sync/src", "sync/include", "scanner",
                          "printing", "capture", "idcard"})
    for (const auto& entry : fs::recursive_directory_iterator(kRoot / dir)) {
      const auto ext = entry.path().extension();
      if (entry.is_regular_file() && (ext == ".cpp" || ext == ".hpp")) files.push_back(entry.path());
    }
  return files;
}

// Files whose Vietnamese literals are data, not messages.
const std::map<std::string, const char*> kDataFiles = {
    {"kiosk/core/src/telex.cpp", "Telex: the letter tables typing composes"},
    {"kiosk/core/include/mc/core/config.hpp", "the embedded default agency (configuration: kiosk.toml sets it)"},
    {"kiosk/core/src/config.cpp", "the documented default configuration file"},
    {"kiosk/core/src/identity.cpp", "\"Nam\"/\"Nữ\", the values the ID card QR carries"},
    {"kiosk/core/src/calendar.cpp", "the computed default holiday table (names as the Labour Code gives them)"},
    {"kiosk/core/src/lunar.cpp", "lunar-date explanations of kioskctl due --explain"},
    {"idcard/src/lds.cpp", "DG13's layout table: what each field holds, as the card's issuer names it"},
    {"printing/src/vietqr.cpp", "diacritic folding table (VietQR purpose text is ASCII)"},
    {"printing/src/render.cpp", "the printer test page's glyph sample"},
};

struct Literal {
  fs::path file;
  int line;
  std::string text;  // without quotes, escapes as written
  std::string line_text;
};

// String literals outside comments (raw strings and character literals skipped).
std::vector<Literal> literals(const fs::path& file) {
  const std::string src = read(file);
  std::vector<Literal> out;
  int line = 1;
  size_t line_start = 0;
  auto line_of = [&](size_t from) {
    const size_t end = src.find('\n', from);
    return src.substr(line_start, end == std::string::npos ? std::string::npos : end - line_start);
  };
  for (size_t i = 0; i < src.size(); ++i) {
    const char c = src[i];
    if (c == '\n') {
      ++line;
      line_start = i + 1;
    } else if (c == '/' && i + 1 < src.size() && src[i + 1] == '/') {
      while (i < src.size() && src[i] != '\n') ++i;
      --i;
    } else if (c == '/' && i + 1 < src.size() && src[i + 1] == '*') {
      const size_t end = src.find("*/", i + 2);
      for (size_t j = i; j < end; ++j)
        if (src[j] == '\n') {
          ++line;
          line_start = j + 1;
        }
      i = end + 1;
    } else if (c == 'R' && i + 2 < src.size() && src[i + 1] == '"' && src[i + 2] == '(') {
      const size_t end = src.find(")\"", i + 3);
      for (size_t j = i; j < end; ++j)
        if (src[j] == '\n') {
          ++line;
          line_start = j + 1;
        }
      i = end + 1;
    } else if (c == '\'' && i > 0 && std::isdigit(static_cast<unsigned char>(src[i - 1]))) {
      continue;  // a digit separator: 1'000'000
    } else if (c == '\'') {
      ++i;
      while (i < src.size() && src[i] != '\'') i += src[i] == '\\' ? 2 : 1;
    } else if (c == '"') {
      const size_t begin = i + 1;
      ++i;
      while (i < src.size() && src[i] != '"') i += src[i] == '\\' ? 2 : 1;
      out.push_back({file, line, src.substr(begin, i - begin), line_of(line_start)});
    }
  }
  return out;
}

std::string repo_path(const fs::path& file) {
  return fs::relative(file, kRoot).generic_string();
}

bool exempt(const Literal& literal) {
  return literal.line_text.find("i18n-exempt:") != std::string::npos;
}

// A letter with a Vietnamese diacritic (Latin-1 Supplement, Latin Extended-A/B, Latin Extended Additional).
bool has_vietnamese_letter(const std::string& text) {
  for (char32_t c : mc::to_u32(text))
    if ((c >= 0xC0 && c <= 0x24F && c != 0xD7 && c != 0xF7) || (c >= 0x1E00 && c <= 0x1EFF)) return true;
  return false;
}

nlohmann::json load(const char* lang) {
  return nlohmann::json::parse(read(kRoot / "assets/i18n" / (std::string(lang) + ".json")));
}

}  // namespace

TEST_CASE("i18n: vi.json and en.json have the same keys, every text present, NFC", "[i18n][source]") {
  const auto vi = load("vi"), en = load("en");
  std::set<std::string> vi_keys, en_keys;
  for (const auto& [key, text] : vi.items()) {
    vi_keys.insert(key);
    INFO("vi.json " << key);
    CHECK_FALSE(text.get<std::string>().empty());
    CHECK(mc::to_nfc(text.get<std::string>()) == text.get<std::string>());
  }
  for (const auto& [key, text] : en.items()) {
    en_keys.insert(key);
    INFO("en.json " << key);
    CHECK_FALSE(text.get<std::string>().empty());
  }
  for (const auto& key : vi_keys) {
    INFO("missing in en.json: " << key);
    CHECK(en_keys.count(key));
  }
  for (const auto& key : en_keys) {
    INFO("missing in vi.json: " << key);
    CHECK(vi_keys.count(key));
  }
}

TEST_CASE("i18n: every key the code asks for is in both languages", "[i18n][source]") {
  const auto vi = load("vi"), en = load("en");
  // T("key"), v.T("key"), message("key"...), mc::message("key"...), tr("key"...), tr.tr("key"...), and a
  // screen's footer label (.next_key = "key").
  const std::regex call(R"((?:\bT|\bmessage|\btr|\.next_key\s*=)\s*\(?\s*"([a-z0-9_]+(?:\.[a-z0-9_]+)+)\")");
  int found = 0;
  for (const auto& file : kiosk_sources()) {
    const std::string src = read(file);
    for (std::sregex_iterator it(src.begin(), src.end(), call), end; it != end; ++it) {
      const std::string key = (*it)[1];
      ++found;
      INFO(repo_path(file) << " asks for " << key);
      CHECK(vi.contains(key));
      CHECK(en.contains(key));
    }
  }
  CHECK(found > 200);  // the pattern still finds the calls
}

TEST_CASE("i18n: no Vietnamese text written in the kiosk's code", "[i18n][source]") {
  int checked = 0;
  for (const auto& file : kiosk_sources()) {
    if (kDataFiles.count(repo_path(file))) continue;
    for (const auto& literal : literals(file)) {
      ++checked;
      if (exempt(literal) || !has_vietnamese_letter(literal.text)) continue;
      FAIL_CHECK(repo_path(file) << ":" << literal.line << ": \"" << literal.text
                                 << "\" is text for people: make it a key in assets/i18n (vi.json, en.json)");
    }
  }
  CHECK(checked > 1000);
}

TEST_CASE("i18n: the views write no sentence of their own", "[i18n][source]") {
  // Two words of letters in a row is text for people; ids, hook names and punctuation are not.
  const std::regex words(R"([A-Za-z]{2,} +[A-Za-z]{2,})");
  for (const auto& entry : fs::recursive_directory_iterator(kRoot / "kiosk/app/ui")) {
    if (!entry.is_regular_file()) continue;
    for (const auto& literal : literals(entry.path())) {
      if (exempt(literal) || !std::regex_search(literal.text, words)) continue;
      FAIL_CHECK(repo_path(entry.path()) << ":" << literal.line << ": \"" << literal.text
                                         << "\" is text for people: make it a key in assets/i18n");
    }
  }
}

TEST_CASE("palette: no colour outside kiosk/app/ui/palette.cpp, no theme test in a view", "[palette][source]") {
  const std::regex colour(R"(IM_COL32\s*\(|IM_COL32_(?:WHITE|BLACK)|ImColor\s*\(|ImVec4\s*\(\s*[0-9.]+f?\s*,)");
  const std::regex theme_test(R"(high_contrast\w*\s*\?)");
  int files = 0;
  for (const auto& entry : fs::recursive_directory_iterator(kRoot / "kiosk/app")) {
    const auto ext = entry.path().extension();
    if (!entry.is_regular_file() || (ext != ".cpp" && ext != ".hpp")) continue;
    const std::string name = repo_path(entry.path());
    if (name == "kiosk/app/ui/palette.cpp") continue;
    ++files;
    std::istringstream lines(read(entry.path()));
    std::string line;
    for (int n = 1; std::getline(lines, line); ++n) {
      const std::string code = line.substr(0, line.find("//"));
      if (std::regex_search(code, colour))
        FAIL_CHECK(name << ":" << n << ": a colour value: give it a role in ui/palette.hpp");
      if (name != "kiosk/app/ui/palette.hpp" && std::regex_search(code, theme_test))
        FAIL_CHECK(name << ":" << n << ": a theme test in a view: the palette chooses per theme");
    }
  }
  CHECK(files > 40);
}
