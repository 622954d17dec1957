#pragma once
// Logging to stderr (journald picks it up under systemd). Personal data never goes in a log
// line: pass identifiers through the mask_* helpers.
#include <string>
#include <string_view>

namespace mc {

enum class LogLevel { Debug, Info, Warn, Error };

void set_log_level(LogLevel level);
void log(LogLevel level, std::string_view component, std::string_view message);
inline void log_info(std::string_view component, std::string_view message) { log(LogLevel::Info, component, message); }
inline void log_warn(std::string_view component, std::string_view message) { log(LogLevel::Warn, component, message); }
inline void log_error(std::string_view component, std::string_view message) { log(LogLevel::Error, component, message); }

// "001099012345" -> "001*******45": enough for staff to tell two cards apart, not to identify anyone.
std::string mask_id(std::string_view id_number);
// "Nguyễn Văn An" -> "N*** V*** A***".
std::string mask_name(std::string_view name);
// Everything but the length: "Số 1 Đường ABC" -> "<address, 17 chars>".
std::string mask_free_text(std::string_view text);

}  // namespace mc
