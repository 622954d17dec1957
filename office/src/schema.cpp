#include "mc/office/schema.hpp"

#include "mc/core/log.hpp"
#include "mc/office/connection.hpp"

namespace mc::office {

const std::vector<std::string>& schema_migrations() {
  static const std::vector<std::string> migrations = {
      // 1: tickets, their daily numbering, the call notification, and the machines' heartbeats.
      R"SQL(
-- The office's day: Vietnam local time, UTC+7 without daylight saving (as mc/core/datetime.hpp).
CREATE FUNCTION mc_office.office_day(at timestamptz) RETURNS date
  LANGUAGE sql IMMUTABLE PARALLEL SAFE
  AS $$ SELECT ((at AT TIME ZONE 'UTC') + interval '7 hours')::date $$;

-- One row per area, kind and day: its row lock serialises the kiosks taking numbers in that queue only.
CREATE TABLE mc_office.ticket_numbers (
  day date NOT NULL,
  area text NOT NULL,
  priority boolean NOT NULL,
  last_number integer NOT NULL,
  PRIMARY KEY (day, area, priority));

CREATE TABLE mc_office.tickets (
  id bigserial PRIMARY KEY,
  day date NOT NULL,
  area text NOT NULL CHECK (area ~ '^[A-Z]$'),
  priority boolean NOT NULL,
  number integer NOT NULL CHECK (number > 0),
  state smallint NOT NULL DEFAULT 0 CHECK (state BETWEEN 0 AND 4),  -- mc::TicketState
  issued_at timestamptz NOT NULL,
  issued_by text NOT NULL,
  request_key text NOT NULL UNIQUE,   -- lets a kiosk that lost the answer void the ticket later
  people_ahead integer NOT NULL DEFAULT 0,
  counter text NOT NULL DEFAULT '',
  called_at timestamptz,
  first_called_at timestamptz,
  call_order bigint,                  -- from mc_office.call_order at each call and recall: the display's order
  UNIQUE (day, area, priority, number));
CREATE SEQUENCE mc_office.call_order;
CREATE INDEX tickets_waiting ON mc_office.tickets (day, priority DESC, id) WHERE state = 0;
CREATE INDEX tickets_at_counter ON mc_office.tickets (counter) WHERE state = 1;
CREATE INDEX tickets_called ON mc_office.tickets (day, call_order DESC) WHERE call_order IS NOT NULL;

-- Every call, recall and skip reaches the displays at commit, whichever program made it.
CREATE FUNCTION mc_office.announce_call() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('mc_ticket_calls', json_build_object(
    'event', CASE WHEN NEW.state = 2 THEN 'skip' ELSE 'call' END,
    'id', NEW.id, 'area', NEW.area, 'priority', NEW.priority, 'number', NEW.number,
    'state', NEW.state, 'counter', NEW.counter, 'people_ahead', NEW.people_ahead,
    'issued_at', extract(epoch FROM NEW.issued_at), 'called_at', extract(epoch FROM NEW.called_at),
    'call_order', NEW.call_order)::text);
  RETURN NULL;
END $$;
CREATE TRIGGER tickets_announce AFTER UPDATE ON mc_office.tickets FOR EACH ROW
  WHEN (NEW.call_order IS DISTINCT FROM OLD.call_order OR (NEW.state = 2 AND OLD.state <> 2))
  EXECUTE FUNCTION mc_office.announce_call();

-- Each machine's last heartbeat (no personal data): kiosks, counter terminals, displays.
CREATE TABLE mc_office.machines (
  machine_id text NOT NULL,
  role text NOT NULL,
  host text NOT NULL DEFAULT '',
  version text NOT NULL,
  interval_s integer NOT NULL,
  queue_depth integer,
  quarantined integer,
  printer_state text,
  last_sync timestamptz,
  pin_locked_until timestamptz,
  tickets_available boolean,
  started_at timestamptz NOT NULL,
  reported_at timestamptz NOT NULL,
  PRIMARY KEY (machine_id, role));
)SQL",
  };
  return migrations;
}

int ensure_schema(pg_conn* connection, const std::string& migrated_by) {
  const auto& migrations = schema_migrations();
  const int known = int(migrations.size());
  exec(connection, "BEGIN");
  try {
    // One machine migrates at a time; the others wait here and then find the work done.
    exec(connection, "SELECT pg_advisory_xact_lock(7061736)");
    // Created by assets/deploy/office-db.sql already; created here for a database set up by hand.
    if (exec(connection, "SELECT 1 FROM pg_namespace WHERE nspname = 'mc_office'").rows() == 0)
      exec(connection, "CREATE SCHEMA mc_office");
    if (exec(connection, "SELECT to_regclass('mc_office.schema_version') IS NULL").boolean(0, 0))
      exec(connection,
           "CREATE TABLE mc_office.schema_version (version integer PRIMARY KEY,"
           " migrated_at timestamptz NOT NULL DEFAULT now(), migrated_by text NOT NULL)");
    int version = int(exec(connection, "SELECT COALESCE(max(version), 0) FROM mc_office.schema_version").integer(0, 0));
    if (version > known)
      throw DatabaseError("MC001", "the office database has schema version " + std::to_string(version) +
                                       ", newer than this program knows (" + std::to_string(known) +
                                       "): update the software on this machine");
    for (; version < known; ++version) {
      exec(connection, migrations[size_t(version)]);
      exec(connection, "INSERT INTO mc_office.schema_version (version, migrated_by) VALUES ($1, $2)",
           {std::to_string(version + 1), migrated_by});
      log_info("office", "office database schema migrated to version " + std::to_string(version + 1));
    }
    exec(connection, "COMMIT");
    return version;
  } catch (const ConnectionLost&) {
    throw;
  } catch (...) {
    try {
      exec(connection, "ROLLBACK");
    } catch (const std::exception&) {
    }
    throw;
  }
}

}  // namespace mc::office
