#pragma once
// Reads our PDFs back with poppler's tools (pdftotext, pdfinfo, pdffonts, pdftoppm) and zbarimg.
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <regex>
#include <string>
#include <vector>

#include "mc/core/text.hpp"
#include "system/tools.hpp"

namespace mc::documents::testing {

using mc::printing::testing::run_command;

// A fresh folder for one test's files, removed when the test program ends (MC_KEEP_TEST_FILES=1 keeps them).
inline std::string temp_dir(const std::string& name) {
  struct Cleanup {
    std::vector<std::filesystem::path> dirs;
    ~Cleanup() {
      if (std::getenv("MC_KEEP_TEST_FILES")) return;
      std::error_code error;
      for (const auto& dir : dirs) std::filesystem::remove_all(dir, error);
    }
  };
  static Cleanup cleanup;
  auto dir = std::filesystem::temp_directory_path() / ("mc-documents-" + name + "-" + std::to_string(::getpid()));
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  cleanup.dirs.push_back(dir);
  return dir.string();
}

inline std::string write_file(const std::string& path, const std::string& bytes) {
  std::ofstream(path, std::ios::binary) << bytes;
  return path;
}

// pdftotext of one page (or all when page is 0), with every run of white space made one space: a line
// break chosen by the layout must not decide whether a field is "there".
// layout: keep the page's physical arrangement (a table row stays one line) instead of reading order.
inline std::string pdf_text(const std::string& pdf, int page = 0, bool layout = false) {
  std::string range = page > 0 ? " -f " + std::to_string(page) + " -l " + std::to_string(page) : "";
  return run_command(std::string("pdftotext -enc UTF-8") + (layout ? " -layout" : "") + range + " '" + pdf + "' -")
      .output;
}

inline std::string collapse(const std::string& text) {
  std::string out;
  bool space = false;
  for (char c : text) {
    if (c == ' ' || c == '\n' || c == '\t' || c == '\f' || c == '\r') {
      space = !out.empty();
      continue;
    }
    if (space) out += ' ';
    space = false;
    out += c;
  }
  return out;
}

struct PdfInfo {
  int pages = 0;
  double width = 0, height = 0;  // first page, pt
};

inline PdfInfo pdf_info(const std::string& pdf) {
  const std::string out = run_command("pdfinfo '" + pdf + "'").output;
  PdfInfo info;
  std::smatch match;
  static const std::regex pages(R"(Pages:\s+(\d+))");
  static const std::regex size(R"(Page size:\s+([0-9.]+) x ([0-9.]+) pts)");
  if (std::regex_search(out, match, pages)) info.pages = std::stoi(match[1]);
  if (std::regex_search(out, match, size)) {
    info.width = std::stod(match[1]);
    info.height = std::stod(match[2]);
  }
  return info;
}

struct PdfFont {
  std::string name;
  bool embedded = false;
  bool unicode_map = false;
};

// pdffonts: "name type encoding emb sub uni object ID" after two header lines.
inline std::vector<PdfFont> pdf_fonts(const std::string& pdf) {
  const std::string out = run_command("pdffonts '" + pdf + "'").output;
  std::vector<PdfFont> fonts;
  static const std::regex row(R"((\S+)\s.*\s(yes|no)\s+(yes|no)\s+(yes|no)\s+\d+\s+\d+\s*$)");
  size_t start = 0;
  int line_number = 0;
  while (start < out.size()) {
    size_t end = out.find('\n', start);
    if (end == std::string::npos) end = out.size();
    const std::string line = out.substr(start, end - start);
    std::smatch match;
    if (line_number++ >= 2 && std::regex_search(line, match, row))
      fonts.push_back({match[1], match[2] == "yes", match[4] == "yes"});
    start = end + 1;
  }
  return fonts;
}

// Renders a page with pdftoppm and returns what zbarimg decodes from it.
inline std::vector<std::string> qr_codes_on_page(const std::string& pdf, int page, int dpi, const std::string& dir) {
  const std::string prefix = dir + "/page";
  run_command("pdftoppm -r " + std::to_string(dpi) + " -f " + std::to_string(page) + " -l " + std::to_string(page) +
              " -singlefile -png '" + pdf + "' '" + prefix + "'");
  return mc::printing::testing::zbar_symbols(prefix + ".png");
}

inline size_t count_of(const std::string& text, const std::string& what) {
  size_t count = 0;
  for (size_t pos = text.find(what); pos != std::string::npos; pos = text.find(what, pos + what.size())) ++count;
  return count;
}

}  // namespace mc::documents::testing
