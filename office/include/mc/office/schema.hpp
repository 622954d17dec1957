#pragma once
// The office database's schema `mc_office`, created and migrated by whichever machine connects first
// (versioned in mc_office.schema_version, one migration at a time, under an advisory lock so machines
// starting together do not race). A database newer than this program is refused, never downgraded.
#include <string>
#include <vector>

struct pg_conn;

namespace mc::office {

// LISTEN channel of the calls: the payload is the called (or skipped) ticket as JSON.
inline constexpr const char* kCallChannel = "mc_ticket_calls";

const std::vector<std::string>& schema_migrations();  // migration i brings version i to i + 1
// Migrates; returns the version now in force. Throws DatabaseError when the database is newer.
int ensure_schema(pg_conn* connection, const std::string& migrated_by);

}  // namespace mc::office
