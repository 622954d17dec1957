#include "mc/core/log.hpp"

#include <atomic>
#include <cstdio>
#include <mutex>

#include "mc/core/datetime.hpp"
#include "mc/core/text.hpp"

namespace mc {

namespace {
std::atomic<LogLevel> g_level{LogLevel::Info};
std::mutex g_mutex;
const char* level_name(LogLevel level) {
  switch (level) {
    case LogLevel::Debug: return "debug";
    case LogLevel::Info: return "info";
    case LogLevel::Warn: return "warn";
    case LogLevel::Error: return "error";
  }
  return "?";
}
}  // namespace

void set_log_level(LogLevel level) { g_level = level; }

void log(LogLevel level, std::string_view component, std::string_view message) {
  if (level < g_level.load()) return;
  const std::string when = LocalDateTime::from_unix(system_clock()()).iso();
  std::lock_guard lock(g_mutex);
  std::fprintf(stderr, "%s %-5s [%.*s] %.*s\n", when.c_str(), level_name(level), static_cast<int>(component.size()),
               component.data(), static_cast<int>(message.size()), message.data());
}

std::string mask_id(std::string_view id_number) {
  if (id_number.size() <= 5) return std::string(id_number.size(), '*');
  std::string masked(id_number);
  for (size_t i = 3; i + 2 < masked.size(); ++i) masked[i] = '*';
  return masked;
}

std::string mask_name(std::string_view name) {
  std::string out;
  for (const std::string& word : split(trim(name), ' ')) {
    if (word.empty()) continue;
    std::u32string letters = to_u32(word);
    if (!out.empty()) out += ' ';
    out += to_utf8(letters.substr(0, 1)) + "***";
  }
  return out;
}

std::string mask_free_text(std::string_view text) {
  return "<" + std::to_string(to_u32(text).size()) + " chars>";
}

}  // namespace mc
