#include "mc/core/json_bounded.hpp"

namespace mc {

int json_nesting_depth(std::string_view text, int stop_after, size_t* too_deep_at) {
  int depth = 0, deepest = 0;
  bool in_string = false, escaped = false;
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (in_string) {
      if (escaped)
        escaped = false;
      else if (c == '\\')
        escaped = true;
      else if (c == '"')
        in_string = false;
      continue;
    }
    switch (c) {
      case '"':
        in_string = true;
        break;
      case '[':
      case '{':
        if (++depth > deepest) {
          deepest = depth;
          if (deepest > stop_after) {
            if (too_deep_at) *too_deep_at = i;
            return deepest;
          }
        }
        break;
      case ']':
      case '}':
        if (depth > 0) --depth;
        break;
      default:
        break;
    }
  }
  return deepest;
}

std::optional<nlohmann::json> parse_json_bounded(std::string_view text, const JsonLimits& limits, std::string* why) {
  auto refuse = [why](std::string reason) -> std::optional<nlohmann::json> {
    if (why) *why = std::move(reason);
    return std::nullopt;
  };
  if (text.size() > limits.max_bytes) return refuse("larger than " + std::to_string(limits.max_bytes) + " bytes");
  if (json_nesting_depth(text, limits.max_depth) > limits.max_depth)
    return refuse("nested deeper than " + std::to_string(limits.max_depth) + " levels");
  auto value = nlohmann::json::parse(text.begin(), text.end(), nullptr, false);
  if (value.is_discarded()) return refuse("not valid JSON (or not valid UTF-8)");
  return value;
}

}  // namespace mc
