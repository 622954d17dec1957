// onestop-server: see `onestop-server --help` and docs/protocol.md.
#include <pthread.h>
#include <signal.h>

#include <atomic>
#include <cstdio>
#include <iostream>
#include <thread>

#include "mc/core/log.hpp"
#include "mc/server/server.hpp"

int main(int argc, char** argv) {
  const auto cli = mc::server::parse_cli(std::vector<std::string>(argv + 1, argv + argc));
  if (cli.show_help) {
    std::cout << mc::server::cli_help();
    return 0;
  }
  if (!cli.error.empty()) {
    std::cerr << "onestop-server: " << cli.error << "\n";
    return 2;
  }

  // Signals go to one waiting thread (never to an HTTP worker), which stops the server cleanly.
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGINT);
  sigaddset(&stop_signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);

  try {
    mc::server::OnestopServer server(cli.options);
    const auto& o = cli.options;
    const int port = server.bind();
    std::printf("listening on %s:%d\n", o.host.c_str(), port);
    std::fflush(stdout);
    mc::log_info("onestop-server", "base " + o.base + ", db " + o.db_path + ", catalog " + o.catalog_dir + " (" +
                                       std::to_string(server.catalog_size()) + " procedures, " +
                                       std::to_string(server.catalog_issues().size()) + " issues), session ttl " +
                                       std::to_string(o.session_ttl_s) + " s, status pace " +
                                       std::to_string(o.status_pace_s) + " s, fail rate " +
                                       std::to_string(o.fail_rate) + ", latency " + std::to_string(o.latency_ms) +
                                       " ms, seed " + std::to_string(o.seed));
    std::atomic<bool> serving{true};
    std::thread signal_waiter([&server, &serving, stop_signals] {
      int signal_number = 0;
      sigwait(&stop_signals, &signal_number);
      if (!serving) return;  // woken by main below: the server has already stopped
      mc::log_info("onestop-server", signal_number == SIGINT ? "SIGINT: stopping" : "SIGTERM: stopping");
      server.stop();
    });
    server.run();
    // The waiter must be done with `server` before it is destroyed: wake it if no signal came.
    serving = false;
    pthread_kill(signal_waiter.native_handle(), SIGTERM);
    signal_waiter.join();
    mc::log_info("onestop-server", "stopped");
  } catch (const std::exception& e) {
    std::cerr << "onestop-server: " << e.what() << "\n";
    return 1;
  }
  return 0;
}
