#include "mc/core/tickets.hpp"

#include <cstdio>
#include <nlohmann/json.hpp>
#include <set>
#include <stdexcept>

#include "mc/core/json_file.hpp"
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
    areas.push_back({code, {to_nfc(item["name"]["vi"].get<std::string>()),
                            to_nfc(item["name"].value("en", std::string()))}});
  }
  return areas;
}

TicketQueue::TicketQueue(Database& db, Clock clock) : db_(db), clock_(std::move(clock)) {
  db_.exec(
      "CREATE TABLE IF NOT EXISTS tickets (id INTEGER PRIMARY KEY AUTOINCREMENT, day TEXT NOT NULL,"
      " area TEXT NOT NULL, priority INTEGER NOT NULL, number INTEGER NOT NULL, issued_at INTEGER NOT NULL,"
      " state INTEGER NOT NULL, counter TEXT NOT NULL DEFAULT '', called_at INTEGER NOT NULL DEFAULT 0,"
      " people_ahead INTEGER NOT NULL DEFAULT 0, UNIQUE (day, area, priority, number))");
}

std::string TicketQueue::today() const { return LocalDateTime::from_unix(clock_()).date.iso(); }

Ticket TicketQueue::read(Statement& row) const {
  Ticket ticket;
  ticket.id = row.column_int(0);
  ticket.area = row.column_text(1);
  ticket.priority = row.column_int(2) != 0;
  ticket.number = static_cast<int>(row.column_int(3));
  ticket.issued_at = LocalDateTime::from_unix(row.column_int(4));
  ticket.state = static_cast<TicketState>(row.column_int(5));
  ticket.counter = row.column_text(6);
  ticket.called_at_unix = row.column_int(7);
  ticket.people_ahead = static_cast<int>(row.column_int(8));
  char label[16];
  std::snprintf(label, sizeof label, "%s%s%03d", ticket.priority ? "U" : "", ticket.area.c_str(), ticket.number);
  ticket.label = label;
  return ticket;
}

namespace {
constexpr const char* kColumns = "id, area, priority, number, issued_at, state, counter, called_at, people_ahead";
}

Ticket TicketQueue::take(const std::string& area, bool priority) {
  Transaction transaction(db_);
  const std::string day = today();
  auto last = db_.prepare("SELECT COALESCE(MAX(number), 0) FROM tickets WHERE day = ?1 AND area = ?2 AND priority = ?3");
  last.bind(1, day).bind(2, area).bind(3, priority ? 1 : 0).step();
  const int64_t number = last.column_int(0) + 1;
  // Who will be called before this ticket: priority tickets go first, so a priority ticket waits only for
  // earlier priority tickets, a normal ticket for everyone waiting in the area.
  auto waiting_before = db_.prepare(
      "SELECT COUNT(*) FROM tickets WHERE day = ?1 AND area = ?2 AND state = 0 AND (?3 = 0 OR priority = 1)");
  waiting_before.bind(1, day).bind(2, area).bind(3, priority ? 1 : 0).step();
  const int ahead = static_cast<int>(waiting_before.column_int(0));
  db_.prepare("INSERT INTO tickets (day, area, priority, number, issued_at, state, people_ahead)"
              " VALUES (?1, ?2, ?3, ?4, ?5, 0, ?6)")
      .bind(1, day)
      .bind(2, area)
      .bind(3, priority ? 1 : 0)
      .bind(4, number)
      .bind(5, clock_())
      .bind(6, ahead)
      .step();
  const int64_t id = db_.last_insert_rowid();
  transaction.commit();
  auto row = db_.prepare(std::string("SELECT ") + kColumns + " FROM tickets WHERE id = ?1");
  row.bind(1, id).step();
  return read(row);
}

int TicketQueue::waiting(const std::string& area) const {
  auto count = db_.prepare("SELECT COUNT(*) FROM tickets WHERE day = ?1 AND area = ?2 AND state = 0");
  count.bind(1, today()).bind(2, area).step();
  return static_cast<int>(count.column_int(0));
}

std::optional<Ticket> TicketQueue::call_next(const std::vector<std::string>& areas, const std::string& counter) {
  Transaction transaction(db_);
  // The counter's previous ticket is done once it calls the next one.
  db_.prepare("UPDATE tickets SET state = 3 WHERE counter = ?1 AND state = 1").bind(1, counter).step();
  std::string placeholders;
  for (size_t i = 0; i < areas.size(); ++i) placeholders += (i ? ", ?" : "?") + std::to_string(i + 2);
  auto next = db_.prepare(std::string("SELECT ") + kColumns + " FROM tickets WHERE day = ?1 AND state = 0" +
                          (areas.empty() ? "" : " AND area IN (" + placeholders + ")") +
                          " ORDER BY priority DESC, id ASC LIMIT 1");
  next.bind(1, today());
  for (size_t i = 0; i < areas.size(); ++i) next.bind(static_cast<int>(i + 2), areas[i]);
  if (!next.step()) {
    transaction.commit();
    return std::nullopt;
  }
  Ticket ticket = read(next);
  ticket.state = TicketState::Called;
  ticket.counter = counter;
  ticket.called_at_unix = clock_();
  db_.prepare("UPDATE tickets SET state = 1, counter = ?1, called_at = ?2 WHERE id = ?3")
      .bind(1, counter)
      .bind(2, ticket.called_at_unix)
      .bind(3, ticket.id)
      .step();
  transaction.commit();
  return ticket;
}

std::optional<Ticket> TicketQueue::current_of(const std::string& counter) const {
  auto row = db_.prepare(std::string("SELECT ") + kColumns +
                         " FROM tickets WHERE counter = ?1 AND state = 1 ORDER BY called_at DESC, id DESC LIMIT 1");
  row.bind(1, counter);
  if (!row.step()) return std::nullopt;
  return read(row);
}

std::optional<Ticket> TicketQueue::recall(const std::string& counter) {
  auto ticket = current_of(counter);
  if (!ticket) return std::nullopt;
  ticket->called_at_unix = clock_();
  db_.prepare("UPDATE tickets SET called_at = ?1 WHERE id = ?2").bind(1, ticket->called_at_unix).bind(2, ticket->id).step();
  return ticket;
}

std::optional<Ticket> TicketQueue::skip(const std::string& counter) {
  auto ticket = current_of(counter);
  if (!ticket) return std::nullopt;
  db_.prepare("UPDATE tickets SET state = 2 WHERE id = ?1").bind(1, ticket->id).step();
  ticket->state = TicketState::Skipped;
  return ticket;
}

std::vector<Ticket> TicketQueue::recently_called(int limit) const {
  auto rows = db_.prepare(std::string("SELECT ") + kColumns +
                          " FROM tickets WHERE day = ?1 AND called_at > 0 AND state IN (1, 3)"
                          " ORDER BY called_at DESC, id DESC LIMIT ?2");
  rows.bind(1, today()).bind(2, limit);
  std::vector<Ticket> tickets;
  while (rows.step()) tickets.push_back(read(rows));
  return tickets;
}

}  // namespace mc
