#include "mc/core/tickets.hpp"

#include <cstdio>
#include <nlohmann/json.hpp>
#include <set>
#include <stdexcept>

#include "mc/core/json_file.hpp"
#include "mc/core/messages.hpp"
#include "mc/core/text.hpp"

namespace mc {

std::vector<ServiceArea> load_service_areas(const std::string& path) {
  const nlohmann::json json = read_json_file(path, "service areas");
  if (!json.is_object() || !json.contains("areas") || !json["areas"].is_array() || json["areas"].empty())
    throw std::runtime_error(path + ": $.areas must be a non-empty list");
  std::vector<ServiceArea> areas;
  std::set<std::string> codes;
  for (size_t i = 0; i < json["areas"].size(); ++i) {
    const auto& item = json["areas"][i];
    const std::string where = path + ": $.areas[" + std::to_string(i) + "]";
    if (!item.is_object() || !item.contains("code") || !item["code"].is_string())
      throw std::runtime_error(where + ".code: required text");
    const std::string code = item["code"].get<std::string>();
    if (code.size() != 1 || code[0] < 'A' || code[0] > 'Z' || code == "U")
      throw std::runtime_error(where + ".code: must be one capital letter other than U (U marks priority)");
    if (!codes.insert(code).second) throw std::runtime_error(where + ".code: \"" + code + "\" appears twice");
    if (!item.contains("name") || !item["name"].is_object() || !item["name"].contains("vi") ||
        !item["name"]["vi"].is_string())
      throw std::runtime_error(where + ".name.vi: required text");
    areas.push_back(
        {code, {to_nfc(item["name"]["vi"].get<std::string>()), to_nfc(item["name"].value("en", std::string()))}});
  }
  return areas;
}

const char* ticket_state_name(TicketState state) {
  switch (state) {
    case TicketState::Waiting:
      return "waiting";
    case TicketState::Called:
      return "called";
    case TicketState::Skipped:
      return "skipped";
    case TicketState::Done:
      return "done";
    case TicketState::Void:
      return "void";
  }
  return "unknown";
}

LocalizedText counter_display_name(const std::string& counter_name) {
  std::string bare = trim(to_nfc(counter_name));
  // Folded, "Quầy" reads "quay": accents and case as the IT officer typed them do not matter.
  for (std::string_view word : {"quay", "counter"}) {
    const std::string folded = fold_for_search(bare);
    if (folded.size() > word.size() && folded.compare(0, word.size(), word) == 0 && folded[word.size()] == ' ') {
      // Drop the first word of the original (its byte length differs from the folded one: "Quầy").
      const size_t space = bare.find(' ');
      bare = trim(bare.substr(space + 1));
      break;
    }
  }
  return message("display.counter", {{"counter", LocalizedText{bare, bare}}});
}

LocalizedText ticket_issuing_suspended_message() {
  return message("ticket.issuing_suspended");
}

std::optional<TicketHoursNotice> tickets_after_hours(const WorkingCalendar& calendar, const OfficeHours& hours,
                                                     const LocalDateTime& now) {
  const bool working_day = calendar.is_working_day(now.date);
  if (working_day && now.hour * 60 + now.minute < hours.close_minutes) return std::nullopt;
  char close[8], open[8];
  std::snprintf(close, sizeof close, "%02d:%02d", hours.close_minutes / 60, hours.close_minutes % 60);
  std::snprintf(open, sizeof open, "%02d:%02d", hours.open_minutes / 60, hours.open_minutes % 60);
  const std::string reason = working_day ? "after_close" : "day_off";
  TicketHoursNotice notice;
  notice.refuse = hours.refuse_tickets_after_close;
  notice.day_off = !working_day;
  notice.close = close;
  notice.open = open;
  notice.opens_on = calendar.next_working_day(now.date);
  notice.text = message("ticket.closed." + reason + (notice.refuse ? ".refused" : ".issued"),
                        {{"close", close}, {"open", open}, {"date", notice.opens_on.dmy()}});
  return notice;
}

std::string ticket_label(const std::string& area, bool priority, int number) {
  char label[32];
  std::snprintf(label, sizeof label, "%s%s%03d", priority ? "U" : "", area.c_str(), number);
  return label;
}

}  // namespace mc
