// The kiosk: arguments and wiring only. The platform layer (platform/: window and GL, SDL input, the event
// loop, test hooks) runs the UI library (ui/: mc_ui) over the UI-free services (services.*, mc_app), the
// journey and staff mode of mc_core. See kiosk/app/README.md.
//
//   kiosk [--role citizen|staff|display] [--config FILE] [--windowed] [--size WxH]
//         [--screenshot FILE --frames N] [--test-hooks DIR]
#include <SDL.h>

#include <algorithm>
#include <chrono>
#include <csignal>
#include <future>
#include <iostream>
#include <memory>

#include "mc/core/config.hpp"
#include "mc/core/log.hpp"
#include "mc/core/service_state.hpp"
#include "mc/core/staff_console.hpp"
#include "mc/core/tickets.hpp"
#include "mc/voice/player.hpp"
#include "office_forms.hpp"
#include "platform/event_loop.hpp"
#include "platform/gl_textures.hpp"
#include "platform/options.hpp"
#include "scan_devices.hpp"
#include "services.hpp"
#include "staff_hooks.hpp"
#include "ui/kiosk_app.hpp"
#include "voice_guide.hpp"
#include "waiting_room_feed.hpp"

namespace {

volatile std::sig_atomic_t g_terminate = 0;
constexpr int kExitRestart = 75;  // "finish and restart" (kioskctl restart --when-idle): systemd starts us again
void on_signal(int) {
  g_terminate = 1;
}

// Staff mode's options: this counter's name and the service areas it calls (every area by default).
mc::StaffConsoleOptions staff_options(const mc::Config& config, mc::app::Services& services, bool counter) {
  mc::StaffConsoleOptions options;
  options.counter_terminal = counter;
  options.counter = config.counter.name.empty() ? config.kiosk.id : config.counter.name;
  options.areas = config.counter.areas;
  options.tickets = services.tickets();  // the office database when [office] database is set
  const auto& known = services.service_areas();
  if (options.areas.empty()) {
    for (const auto& area : known) options.areas.push_back(area.code);
  } else {
    for (const auto& code : options.areas)
      if (std::none_of(known.begin(), known.end(), [&code](const mc::ServiceArea& a) { return a.code == code; }))
        mc::log_warn("kiosk", "counter.areas: area " + code + " is not in assets/tickets/areas.json");
  }
  return options;
}

}  // namespace

int main(int argc, char** argv) {
  using mc::ui::Role;
  const auto start_time = std::chrono::steady_clock::now();
  mc::platform::Options opts;
  try {
    opts = mc::platform::parse_options(argc, argv);
  } catch (const std::exception& e) {
    std::cerr << "kiosk: " << e.what() << "\n";
    mc::platform::print_usage();
    return 2;
  }
  auto loaded = mc::load_config(opts.config_path);
  // A configuration that does not load cleanly never falls back to the defaults: the kiosk goes out of
  // service (Services opens nothing, the screen says so) and logs why; no file at all is the demo
  // configuration, and says so too.
  const mc::ServiceGate gate = mc::ServiceGate::from(loaded);
  for (const auto& warning : loaded.warnings) mc::log_warn("kiosk", "config " + warning.key + ": " + warning.reason);
  mc::log_info("kiosk", "configuration " + loaded.source + ": " + mc::configuration_state_name(gate.configuration()));
  const mc::Config config = loaded.config;
  std::signal(SIGTERM, on_signal);
  std::signal(SIGINT, on_signal);

  mc::platform::configure_touch_hints();
  if (SDL_Init(SDL_INIT_VIDEO | SDL_INIT_EVENTS) != 0) {
    std::cerr << "kiosk: SDL_Init failed: " << SDL_GetError() << "\n";
    return 1;
  }
  const Uint32 wake_event = SDL_RegisterEvents(1);
  const bool fullscreen = !opts.windowed && config.ui.fullscreen;
  bool ok = true;
  try {
    // Background threads (the worker, the scanners) wake the event loop with an SDL user event.
    const auto wake = [wake_event] {
      SDL_Event e{};
      e.type = wake_event;
      SDL_PushEvent(&e);
    };
    // The services (catalog, databases, printer) load on a second core while this thread opens the window:
    // loading software OpenGL takes most of the start-up time. They touch neither SDL's video nor ImGui.
    // Then, on the same core, the citizen and staff fonts for the window about to open (the display builds its
    // own for its height): a font atlas of its own, done before the window makes the ImGui context.
    const char* role_name = opts.role == Role::Staff ? "staff" : opts.role == Role::Display ? "display" : "kiosk";
    const mc::platform::WindowOptions window_options{fullscreen, opts.width, opts.height, opts.screenshot.empty()};
    int planned_width = 0, planned_height = 0;
    mc::platform::Window::planned_size(window_options, planned_width, planned_height);
    const float planned_scale = opts.role == Role::Display ? 0 : mc::ui::ui_scale_for(planned_width, planned_height);
    struct Loaded {
      std::unique_ptr<mc::app::Services> services;
      std::unique_ptr<mc::ui::PrebuiltFonts> fonts;
    };
    auto loading_services = std::async(std::launch::async, [&config, &wake, role_name, &gate, planned_scale] {
      Loaded loaded{std::make_unique<mc::app::Services>(config, wake, role_name, gate), nullptr};
      if (planned_scale > 0)
        loaded.fonts =
            mc::ui::PrebuiltFonts::build(mc::ui::texts_to_show(*loaded.services), planned_scale, config.ui.text_scale);
      return loaded;
    });
    // The voice's engine and chime likewise (counter terminals are quiet); its audio device opens below, on
    // this thread, which initialised SDL.
    const bool with_voice = opts.role != Role::Staff;
    auto loading_speech = std::async(std::launch::async, [&config, with_voice] {
      return with_voice ? mc::voice::SpeechPlayer::load_parts(config) : mc::voice::SpeechParts{};
    });
    mc::platform::Window window(window_options, [&loading_services] { loading_services.wait(); });

    // Services, journey, staff mode and views; destroyed before the window and its GL context.
    Loaded loaded = loading_services.get();
    const std::unique_ptr<mc::app::Services> services_owner = std::move(loaded.services);
    mc::app::Services& services = *services_owner;
    if (opts.role == Role::Citizen || opts.role == Role::Staff) services.start_sync();
    services.start_office_heartbeat();  // this machine in `kioskctl office status` (office database only)
    mc::JourneyOptions journey_options;
    journey_options.idle_timeout_s = config.ui.idle_timeout_s;
    journey_options.idle_warning_s = config.ui.idle_warning_s;
    journey_options.status_needs_lookup_code = config.kiosk.status_needs_lookup_code();
    journey_options.on_event = [&services](mc::JourneyEvent event, mc::Screen at) {
      services.count_journey_event(event, at);
    };
    journey_options.ticket_hours = [&services, &config] {
      return mc::tickets_after_hours(services.calendar(), config.office,
                                     mc::LocalDateTime::from_unix(mc::system_clock()()));
    };
    mc::Journey journey(
        services.catalog(), [&services](const mc::SubmitDraft& d) { return services.submit(d); },
        [&services](const std::string& code) { return services.lookup_local(code); }, journey_options);
    if (config.ui.default_language == "en") journey.set_lang(mc::Lang::En);

    // Staff mode needs kiosk.db for the lockout and the audit log; if that could not be opened, an
    // in-memory one still lets staff in to read the start-up problem.
    std::unique_ptr<mc::Database> fallback_state;
    mc::Database* staff_db = services.local_state();
    auto use_memory_state = [&] {  // once: whatever already uses it must keep a valid database
      if (!fallback_state) fallback_state = std::make_unique<mc::Database>(":memory:");
      staff_db = fallback_state.get();
    };
    if (!staff_db) use_memory_state();
    mc::StaffConsole* staff_ref = nullptr;
    const mc::app::CompleteAction complete = [&staff_ref](std::string_view action, const std::string& code,
                                                          const mc::StaffActionResult& outcome) {
      if (staff_ref) staff_ref->complete(action, code, outcome);
    };
    auto staff_hooks = mc::app::run_printer_hooks_in_background(
        mc::app::make_staff_hooks(services.outbox(), services.engine(), services.printer(), &services.printer_mutex()),
        [&services](mc::app::BackgroundJob job) { services.run_in_background(std::move(job)); }, complete);
    mc::app::add_office_form_hooks(
        staff_hooks, services.office_forms(),
        [&services](mc::app::BackgroundJob job) { services.run_office_job(std::move(job)); }, complete);
    // A dossier's electronic documents exported to scanner.document_export_dir, on the office forms' worker (a USB
    // stick's write never holds up a citizen's receipt).
    mc::app::add_document_hooks(
        staff_hooks, services.attachments(), config.scanner.document_export_dir,
        [&services](mc::app::BackgroundJob job) { services.run_office_job(std::move(job)); }, complete);
    // kiosk.db may refuse writes (read-only after `kioskctl` ran as root, a full disk): staff mode then runs
    // on memory, so it still opens and can show the problem instead of taking the kiosk down.
    const mc::StaffConsoleOptions console_options = staff_options(config, services, opts.role == Role::Staff);
    std::unique_ptr<mc::StaffConsole> console;
    try {
      console = std::make_unique<mc::StaffConsole>(*staff_db, config, mc::system_clock(), staff_hooks, console_options);
    } catch (const std::exception& e) {
      mc::log_error("kiosk", std::string("staff mode without kiosk.db: ") + e.what());
      use_memory_state();
      console = std::make_unique<mc::StaffConsole>(*staff_db, config, mc::system_clock(), std::move(staff_hooks),
                                                   console_options);
    }
    mc::StaffConsole& staff = *console;
    staff_ref = &staff;
    if (opts.role == Role::Staff) staff.open_pin_pad();

    // `--role display`: the waiting-room screen, following the calls of the [display] areas in the ticket
    // store (the office database notifies; kiosk.db is re-read once a second).
    std::unique_ptr<mc::app::WaitingRoomFeed> waiting_room;
    if (opts.role == Role::Display && services.tickets())
      waiting_room = std::make_unique<mc::app::WaitingRoomFeed>(*services.tickets(), config.display.areas, wake);
    // Issue 20: ready results from this machine's queue, whose statuses the sync engine polls from the server.
    if (waiting_room && config.display.results_board && services.outbox())
      waiting_room->set_results_source([&services] { return mc::sync::results_ready(*services.outbox()); });

    // The camera and serial scanners (when configured) read on their own threads and wake the loop.
    mc::app::ScanDevices devices(config, wake);
    if (opts.role != Role::Display) devices.start();

    // The voice: guidance on the citizen kiosk, call announcements on the display (counter terminals are quiet).
    std::unique_ptr<mc::voice::SpeechPlayer> speech;
    if (with_voice) speech = mc::voice::SpeechPlayer::from_parts(loading_speech.get());
    mc::app::VoiceGuide voice(speech.get(), services.tr(), config.voice);
    SDL_Keycode voice_key = SDLK_UNKNOWN;
    if (!config.voice.guidance_key.empty()) {
      voice_key = SDL_GetKeyFromName(config.voice.guidance_key.c_str());
      if (voice_key == SDLK_UNKNOWN)
        mc::log_warn("kiosk", "voice.guidance_key: unknown key " + config.voice.guidance_key);
    }

    mc::ui::KioskApp app(opts.role, services, journey, staff, waiting_room.get(), &devices, &voice);
    mc::platform::GlTextures textures;  // the face read from the ID card's chip, in staff mode
    app.set_textures(&textures);
    if (loaded.fonts) app.ui().offer_fonts(std::move(loaded.fonts));
    mc::platform::SdlInput input(wake_event, fullscreen && opts.role == Role::Citizen, voice_key);
    mc::platform::TestHooks hooks(opts.test_hooks);
    mc::platform::EventLoop loop(window, app, input, hooks, {opts.screenshot, opts.frames});
    loop.on_first_frame = [start_time](int w, int h) {
      const auto ms =
          std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - start_time);
      mc::log_info("kiosk", "first frame after " + std::to_string(ms.count()) + " ms (" + std::to_string(w) + "x" +
                                std::to_string(h) + ")");
    };
    ok = loop.run(g_terminate);
    if (app.restart_due()) {
      // Exit status 75 (EX_TEMPFAIL): both units restart on it (Restart=always, Restart=on-failure).
      mc::log_info("kiosk",
                   "restarting at the attract screen as asked (" + app.restart_watch().honoured()->reason + ")");
      SDL_Quit();
      return kExitRestart;
    }
  } catch (const std::exception& e) {
    std::cerr << "kiosk: " << e.what() << "\n";
    SDL_Quit();
    return 1;
  }
  SDL_Quit();
  return ok ? 0 : 1;
}
