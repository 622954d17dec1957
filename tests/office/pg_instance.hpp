#pragma once
// The suite's private PostgreSQL server (tests/office/pg_fixture.sh, ctest fixture office_pg): where it
// is, a superuser connection over its socket, and a fresh database per test case owned by mc_kiosk, the
// role a kiosk logs in with (over TCP, password from a 0600 pgpass file).
#include <libpq-fe.h>
#include <unistd.h>

#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <stdexcept>
#include <string>

#include "mc/core/config.hpp"
#include "mc/office/connection.hpp"

namespace mc::test {

class PgInstance {
 public:
  // The one instance of the suite; exits with 77 (ctest: skipped) when the fixture found no server.
  static PgInstance& get() {
    static PgInstance instance;
    return instance;
  }

  const std::string& dir() const { return dir_; }
  int port() const { return port_; }
  std::string pgpass() const { return dir_ + "/pgpass"; }
  std::string fixture_script() const { return MC_PG_FIXTURE_SCRIPT; }

  // A configuration pointing at `database` as mc_kiosk over TCP.
  Config config(const std::string& database, const std::string& kiosk_id = "KIOSK-T") const {
    Config config;
    config.kiosk.id = kiosk_id;
    config.office_db.database = url(database);
    config.office_db.password_file = pgpass();
    return config;
  }
  std::string url(const std::string& database) const {
    return "postgresql://mc_kiosk@127.0.0.1:" + std::to_string(port_) + "/" + database;
  }

  // Superuser statements over the socket (creating databases, inspecting, breaking things on purpose).
  std::string admin(const std::string& sql, const std::string& database = "postgres") const {
    const std::string conninfo =
        "host=" + dir_ + " port=" + std::to_string(port_) + " user=postgres dbname=" + database;
    PGconn* connection = PQconnectdb(conninfo.c_str());
    if (PQstatus(connection) != CONNECTION_OK) {
      std::string error = PQerrorMessage(connection);
      PQfinish(connection);
      throw std::runtime_error("admin connection: " + error);
    }
    PGresult* result = PQexec(connection, sql.c_str());
    const auto status = PQresultStatus(result);
    std::string value;
    if (status == PGRES_TUPLES_OK && PQntuples(result) > 0 && PQnfields(result) > 0) value = PQgetvalue(result, 0, 0);
    std::string error = PQresultErrorMessage(result);
    PQclear(result);
    PQfinish(connection);
    if (status != PGRES_TUPLES_OK && status != PGRES_COMMAND_OK) throw std::runtime_error(sql + ": " + error);
    return value;
  }

  // A new empty database for one test case, owned by mc_kiosk (the kiosk creates its schema).
  std::string fresh_database(const std::string& hint) const {
    static std::atomic<int> counter{0};
    std::string name = "t_" + hint + "_" + std::to_string(::getpid()) + "_" + std::to_string(counter++);
    admin("CREATE DATABASE " + name + " OWNER mc_kiosk TEMPLATE template0");
    return name;
  }

  // Stops the server abruptly and starts it again (fault tests; the test runs alone: RUN_SERIAL).
  void halt() const { run_fixture("halt"); }
  void resume() const { run_fixture("resume"); }

 private:
  PgInstance() {
    const char* pointer = std::getenv("MC_TEST_PG_POINTER");
    std::ifstream in(pointer ? pointer : "");
    std::getline(in, dir_);
    if (dir_ == "skip") {
      std::cerr << "SKIP: no PostgreSQL server for the office database tests (apt-get install postgresql)\n";
      std::exit(77);
    }
    if (dir_.empty())
      throw std::runtime_error(
          "no PostgreSQL test instance: run through ctest (fixture office_pg), or set "
          "MC_TEST_PG_POINTER to a file written by tests/office/pg_fixture.sh start");
    std::ifstream port(dir_ + "/port");
    port >> port_;
  }
  void run_fixture(const char* command) const {
    const std::string line = "bash " + fixture_script() + " " + command + " " + dir_;
    if (std::system(line.c_str()) != 0) throw std::runtime_error(line + " failed");
  }

  std::string dir_;
  int port_ = 0;
};

}  // namespace mc::test
