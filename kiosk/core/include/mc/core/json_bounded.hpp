#pragma once
// JSON from outside (a server's answer, a request, a refreshed catalog file) parsed within limits. nlohmann's
// parser itself is iterative, but copying, comparing or dumping a value recurses once per nesting level: an
// answer nested 300,000 levels deep parses and then overflows the stack. Refusing such text before it is
// parsed keeps every later step safe; a size cap keeps a hostile answer from filling memory.
#include <cstddef>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>

namespace mc {

struct JsonLimits {
  size_t max_bytes = size_t{4} << 20;  // 4 MiB
  int max_depth = 64;                  // our own files and the protocol's answers nest at most about 10 deep
};

// The deepest nesting of arrays and objects in text (strings skipped, escapes honoured); counting stops at
// stop_after + 1, so a hostile text costs no more than one pass. too_deep_at: the byte offset where the
// nesting went beyond stop_after.
int json_nesting_depth(std::string_view text, int stop_after, size_t* too_deep_at = nullptr);

// Parses text within limits. nullopt, with `why` set ("larger than 4194304 bytes", "nested deeper than 64
// levels", "not valid JSON"), when it is not acceptable. Never throws, and never quotes the text in `why`
// (it may hold personal data).
std::optional<nlohmann::json> parse_json_bounded(std::string_view text, const JsonLimits& limits = {},
                                                 std::string* why = nullptr);

}  // namespace mc
