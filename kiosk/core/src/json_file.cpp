#include "mc/core/json_file.hpp"

#include "mc/core/json_bounded.hpp"

#include <algorithm>
#include <fstream>
#include <sstream>
#include <utility>

namespace mc {
namespace {

// Line and column (1-based) of a byte offset, for syntax errors an officer can find in an editor.
std::pair<size_t, size_t> line_column(const std::string& text, size_t byte_offset) {
  size_t line = 1, column = 1;
  byte_offset = std::min(byte_offset, text.size());
  for (size_t i = 0; i < byte_offset; ++i) {
    if (text[i] == '\n') {
      ++line;
      column = 1;
    } else if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80) {
      ++column;  // count code points, not UTF-8 continuation bytes
    }
  }
  return {line, column};
}

// The reason part of nlohmann's message, without its "[json.exception.parse_error.101] ..." prefix.
std::string syntax_reason(const std::string& message) {
  size_t colon = message.find(": ", message.find("parse error"));
  return colon == std::string::npos ? message : message.substr(colon + 2);
}

}  // namespace

std::string read_data_file(const std::string& path, const std::string& what) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw JsonFileError(JsonFileError::Kind::cannot_open, path + ": cannot open the " + what + " file");
  std::stringstream buffer;
  buffer << in.rdbuf();
  if (in.bad())
    throw JsonFileError(JsonFileError::Kind::cannot_read, path + ": error while reading the " + what + " file");
  return buffer.str();
}

nlohmann::json read_json_file(const std::string& path, const std::string& what) {
  const std::string text = read_data_file(path, what);
  // Deeper nesting than any data file needs would overflow the stack later (copies and dumps recurse).
  constexpr int kMaxDepth = JsonLimits{}.max_depth;
  size_t too_deep_at = 0;
  if (json_nesting_depth(text, kMaxDepth, &too_deep_at) > kMaxDepth) {
    const auto [line, column] = line_column(text, too_deep_at);
    const std::string reason = "nested deeper than " + std::to_string(kMaxDepth) + " levels";
    throw JsonFileError(path + ": not valid JSON: " + reason, line, column, reason, reason);
  }
  try {
    return nlohmann::json::parse(text);
  } catch (const nlohmann::json::parse_error& error) {
    const auto [line, column] = line_column(text, error.byte > 0 ? error.byte - 1 : 0);
    throw JsonFileError(path + ": not valid JSON: " + error.what(), line, column, syntax_reason(error.what()),
                        error.what());
  }
}

}  // namespace mc
