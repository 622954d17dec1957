#pragma once
// Reads a JSON data file from assets/. Errors name the file so an IT officer knows what to fix.
#include <cstddef>
#include <nlohmann/json.hpp>
#include <stdexcept>
#include <string>

namespace mc {

// What read_json_file and read_data_file throw. what() is the message documented with them; kind() and the
// syntax details are there so that a loader reporting problems its own way (an issue list, "file: $: reason")
// keeps every piece of information without parsing the message.
class JsonFileError : public std::runtime_error {
 public:
  enum class Kind { cannot_open, cannot_read, syntax };

  JsonFileError(Kind kind, const std::string& message) : std::runtime_error(message), kind_(kind) {}
  JsonFileError(const std::string& message, size_t line, size_t column, std::string reason, std::string parser_message)
      : std::runtime_error(message),
        kind_(Kind::syntax),
        line_(line),
        column_(column),
        reason_(std::move(reason)),
        parser_message_(std::move(parser_message)) {}

  Kind kind() const { return kind_; }
  // Kind::syntax only: where the syntax error is (1-based; the column counts code points, as an editor does)
  // and why, without nlohmann's "[json.exception.parse_error.101] parse error at ...: " prefix.
  size_t line() const { return line_; }
  size_t column() const { return column_; }
  const std::string& reason() const { return reason_; }
  // Kind::syntax only: nlohmann's whole message.
  const std::string& parser_message() const { return parser_message_; }

 private:
  Kind kind_;
  size_t line_ = 0;
  size_t column_ = 0;
  std::string reason_;
  std::string parser_message_;
};

// Throws JsonFileError "<path>: cannot open the <what> file", "<path>: error while reading the <what> file" or
// "<path>: not valid JSON: ...".
nlohmann::json read_json_file(const std::string& path, const std::string& what);

// The file's bytes as they are, for loaders that parse the text themselves. Throws JsonFileError
// "<path>: cannot open the <what> file" or "<path>: error while reading the <what> file".
std::string read_data_file(const std::string& path, const std::string& what);

}  // namespace mc
