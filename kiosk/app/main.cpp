// The kiosk: SDL2 + OpenGL3 + Dear ImGui 1.86. This file is the platform layer: arguments, window, event
// loop (blocking while idle), touch and keyboard routing (wedge scanners included), screenshots and the
// test hooks. The journey lives in mc::Journey, the drawing in KioskUi.
//
//   kiosk [--role citizen|staff|display] [--config FILE] [--windowed] [--size WxH]
//         [--screenshot FILE --frames N] [--test-hooks DIR]
//
// --test-hooks DIR: every rendered frame writes DIR/widgets.json ({"screen", "frame", "widgets": {name:
// [x, y, w, h]}}) so an end-to-end test can tap named widgets; the kiosk also polls DIR/command (one
// command per file: "screenshot PATH" or "quit"), removes it and writes DIR/command.done.
#include <SDL.h>
#include <SDL_opengl.h>
#include <backends/imgui_impl_opengl3.h>
#include <backends/imgui_impl_sdl.h>
#include <imgui.h>
#include <stb_image_write.h>

#include <algorithm>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <deque>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <memory>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "display_view.hpp"
#include "mc/core/config.hpp"
#include "mc/core/log.hpp"
#include "mc/core/staff_console.hpp"
#include "mc/core/tickets.hpp"
#include "mc/scanner/wedge.hpp"
#include "services.hpp"
#include "staff_hooks.hpp"
#include "staff_view.hpp"
#include "ui.hpp"

namespace {

volatile std::sig_atomic_t g_terminate = 0;
void on_signal(int) {
  g_terminate = 1;
}

struct Options {
  mc::app::Role role = mc::app::Role::Citizen;
  std::string config_path;
  bool windowed = false;
  int width = 0, height = 0;
  std::string screenshot;
  int frames = 3;
  std::string test_hooks;
};

void usage() {
  std::cerr << "usage: kiosk [--role citizen|staff|display] [--config FILE] [--windowed] [--size WxH]\n"
               "             [--screenshot FILE --frames N] [--test-hooks DIR]\n";
}

bool parse_args(int argc, char** argv, Options& o) {
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    auto value = [&]() -> std::string {
      if (i + 1 >= argc) throw std::runtime_error(a + " needs a value");
      return argv[++i];
    };
    if (a == "--role") {
      std::string r = value();
      if (r == "citizen")
        o.role = mc::app::Role::Citizen;
      else if (r == "staff")
        o.role = mc::app::Role::Staff;
      else if (r == "display")
        o.role = mc::app::Role::Display;
      else
        throw std::runtime_error("--role must be citizen, staff or display");
    } else if (a == "--config") {
      o.config_path = value();
    } else if (a == "--windowed") {
      o.windowed = true;
    } else if (a == "--size") {
      std::string v = value();
      if (std::sscanf(v.c_str(), "%dx%d", &o.width, &o.height) != 2 || o.width < 200 || o.height < 200)
        throw std::runtime_error("--size must look like 1080x1920");
    } else if (a == "--screenshot") {
      o.screenshot = value();
    } else if (a == "--frames") {
      o.frames = std::max(1, std::atoi(value().c_str()));
    } else if (a == "--test-hooks") {
      o.test_hooks = value();
    } else if (a == "--help" || a == "-h") {
      usage();
      std::exit(0);
    } else {
      throw std::runtime_error("unknown option " + a);
    }
  }
  return true;
}

bool write_screenshot(const std::string& path, int w, int h) {
  std::vector<unsigned char> pixels(size_t(w) * h * 4);
  glPixelStorei(GL_PACK_ALIGNMENT, 1);
  glReadBuffer(GL_BACK);
  glReadPixels(0, 0, w, h, GL_RGBA, GL_UNSIGNED_BYTE, pixels.data());
  // OpenGL rows run bottom-up. Flip them here: stbi_flip_vertically_on_write is process-wide and would turn
  // the virtual printer's PNG previews (written on the worker thread) upside down too.
  const size_t row = size_t(w) * 4;
  for (int top = 0, bottom = h - 1; top < bottom; ++top, --bottom)
    std::swap_ranges(pixels.begin() + top * row, pixels.begin() + (top + 1) * row, pixels.begin() + bottom * row);
  std::string tmp = path + ".tmp.png";
  if (!stbi_write_png(tmp.c_str(), w, h, 4, pixels.data(), int(row))) return false;
  std::error_code ec;
  std::filesystem::rename(tmp, path, ec);
  return !ec;
}

int64_t now_ms() {
  return int64_t(SDL_GetTicks64());
}

// A pointer event waiting to be shown to ImGui: one press/release transition per frame, so a tap whose
// down and up arrive together still registers as a click.
struct PointerEvent {
  enum Kind { Down, Move, Up } kind;
  float x, y;
  int64_t t;
};

}  // namespace

int main(int argc, char** argv) {
  Options opts;
  try {
    parse_args(argc, argv, opts);
  } catch (const std::exception& e) {
    std::cerr << "kiosk: " << e.what() << "\n";
    usage();
    return 2;
  }
  const auto start_time = std::chrono::steady_clock::now();
  auto loaded = mc::load_config(opts.config_path);
  for (const auto& issue : loaded.issues) mc::log_warn("kiosk", "config " + issue.key + ": " + issue.reason);
  mc::Config config = loaded.config;
  if (opts.role == mc::app::Role::Staff) opts.windowed = true;  // the counter terminal is a normal window

  std::signal(SIGTERM, on_signal);
  std::signal(SIGINT, on_signal);

  // Touch: SDL's touch->mouse synthesis plus ImGui's mouse capture loses taps after the first one on X11;
  // fingers are handled here directly and synthetic mouse events are ignored.
  SDL_SetHint(SDL_HINT_TOUCH_MOUSE_EVENTS, "0");
  SDL_SetHint(SDL_HINT_MOUSE_TOUCH_EVENTS, "0");
  SDL_SetHint(SDL_HINT_VIDEO_X11_NET_WM_BYPASS_COMPOSITOR, "0");
  if (SDL_Init(SDL_INIT_VIDEO | SDL_INIT_EVENTS) != 0) {
    std::cerr << "kiosk: SDL_Init failed: " << SDL_GetError() << "\n";
    return 1;
  }
  const Uint32 wake_event = SDL_RegisterEvents(1);
  SDL_GL_SetAttribute(SDL_GL_CONTEXT_MAJOR_VERSION, 3);
  SDL_GL_SetAttribute(SDL_GL_CONTEXT_MINOR_VERSION, 0);
  SDL_GL_SetAttribute(SDL_GL_DOUBLEBUFFER, 1);
  SDL_GL_SetAttribute(SDL_GL_DEPTH_SIZE, 0);

  int w = opts.width, h = opts.height;
  if (w == 0) {
    SDL_DisplayMode mode;
    if (!opts.windowed && SDL_GetDesktopDisplayMode(0, &mode) == 0) {
      w = mode.w;
      h = mode.h;
    } else {
      w = 1080;
      h = 1920;
      if (SDL_GetDesktopDisplayMode(0, &mode) == 0 && mode.h < 1920) {  // fit a development screen
        h = mode.h - 80;
        w = h * 1080 / 1920;
      }
    }
  }
  Uint32 flags = SDL_WINDOW_OPENGL | SDL_WINDOW_ALLOW_HIGHDPI;
  const bool fullscreen = !opts.windowed && config.ui.fullscreen;
  if (fullscreen)
    flags |= SDL_WINDOW_FULLSCREEN_DESKTOP | SDL_WINDOW_BORDERLESS;
  else
    flags |= SDL_WINDOW_RESIZABLE;
  SDL_Window* window = SDL_CreateWindow("Một Cửa Kiosk", SDL_WINDOWPOS_CENTERED, SDL_WINDOWPOS_CENTERED, w, h, flags);
  if (!window) {
    std::cerr << "kiosk: cannot create the window: " << SDL_GetError() << "\n";
    return 1;
  }
  SDL_GLContext gl = SDL_GL_CreateContext(window);
  SDL_GL_MakeCurrent(window, gl);
  SDL_GL_SetSwapInterval(opts.screenshot.empty() ? 1 : 0);

  IMGUI_CHECKVERSION();
  ImGui::CreateContext();
  ImGuiIO& io = ImGui::GetIO();
  io.IniFilename = nullptr;
  io.LogFilename = nullptr;
  io.ConfigFlags |= ImGuiConfigFlags_NavEnableKeyboard;
  io.ConfigInputTextCursorBlink = false;  // a blinking caret would wake the loop twice a second
  ImGui_ImplSDL2_InitForOpenGL(window, gl);
  ImGui_ImplOpenGL3_Init("#version 130");

  {
    // Services, journey and view; destroyed before the GL context goes.
    mc::app::Services services(config, [wake_event] {
      SDL_Event e{};
      e.type = wake_event;
      SDL_PushEvent(&e);
    });
    if (opts.role == mc::app::Role::Citizen || opts.role == mc::app::Role::Staff) services.start_sync();
    mc::JourneyOptions jopts;
    jopts.idle_timeout_s = config.ui.idle_timeout_s;
    jopts.idle_warning_s = config.ui.idle_warning_s;
    mc::Journey journey(
        services.catalog(), [&services](const mc::SubmitDraft& d) { return services.submit(d); },
        [&services](const std::string& code) { return services.lookup_local(code); }, jopts);
    if (config.ui.default_language == "en") journey.set_lang(mc::Lang::En);
    mc::app::KioskUi ui(services, journey);

    // Staff mode: the PIN pad over the citizen screen (Ctrl+Alt+S or the five-tap corner gesture), or the
    // whole window on a counter terminal. It needs kiosk.db for the lockout and the audit log; if that
    // could not be opened, an in-memory one still lets staff in to read the start-up problem.
    std::unique_ptr<mc::Database> fallback_state;
    mc::Database* staff_db = services.local_state();
    if (!staff_db) {
      fallback_state = std::make_unique<mc::Database>(":memory:");
      staff_db = fallback_state.get();
    }
    mc::StaffConsoleOptions staff_opts;
    staff_opts.counter_terminal = opts.role == mc::app::Role::Staff;
    staff_opts.counter = config.counter.name.empty() ? config.kiosk.id : config.counter.name;
    staff_opts.areas = config.counter.areas;
    if (staff_opts.areas.empty()) {  // every area of the office
      for (const auto& area : services.service_areas()) staff_opts.areas.push_back(area.code);
    } else {
      for (const auto& code : staff_opts.areas) {
        const auto& known = services.service_areas();
        if (std::none_of(known.begin(), known.end(), [&code](const mc::ServiceArea& a) { return a.code == code; }))
          mc::log_warn("kiosk", "counter.areas: area " + code + " is not in assets/tickets/areas.json");
      }
    }
    mc::StaffConsole* staff_ref = nullptr;
    auto staff_hooks = mc::app::run_printer_hooks_in_background(
        mc::app::make_staff_hooks(services.outbox(), services.engine(), services.printer(), &services.printer_mutex()),
        [&services](mc::app::BackgroundJob job) { services.run_in_background(std::move(job)); },
        [&staff_ref](std::string_view action, const std::string& code, const mc::StaffActionResult& outcome) {
          if (staff_ref) staff_ref->complete(action, code, outcome);
        });
    mc::StaffConsole staff(*staff_db, config, mc::system_clock(), std::move(staff_hooks), staff_opts);
    staff_ref = &staff;
    if (opts.role == mc::app::Role::Staff) staff.open_pin_pad();
    std::map<std::string, mc::app::Rect> staff_rects;
    mc::app::StaffViewStyle staff_style;
    staff_style.read_keyboard = false;  // keys come through the wedge detector below
    staff_style.on_widget = [&staff_rects](const std::string& name, ImVec2 min, ImVec2 max) {
      staff_rects[name] = {min.x, min.y, max.x - min.x, max.y - min.y};
    };

    // `--role display`: the waiting-room screen, fed from the ticket queue in kiosk.db.
    std::unique_ptr<mc::TicketQueue> display_tickets;
    std::unique_ptr<mc::app::WaitingRoomFeed> waiting_room;
    if (opts.role == mc::app::Role::Display && staff_db) {
      display_tickets = std::make_unique<mc::TicketQueue>(*staff_db, mc::system_clock());
      waiting_room = std::make_unique<mc::app::WaitingRoomFeed>(*display_tickets);
    }

    // Everything drawn in one frame, for the window and for test-hook screenshots alike.
    auto draw_contents = [&](int64_t t) {
      staff_rects.clear();
      if (waiting_room) {
        mc::app::DisplayViewStyle display_style;
        display_style.lang = journey.lang();
        display_style.now_unix = std::time(nullptr);
        display_style.number_font = ui.number_font();
        mc::app::draw_waiting_room_display(waiting_room->tickets(), display_style);
        return;
      }
      if (opts.role == mc::app::Role::Citizen) ui.draw(t);
      if (staff.is_open()) {
        staff_style.lang = journey.lang();
        staff_style.scale = ui.scale();
        mc::app::draw_staff_console(staff, staff_style);
      }
    };
    // One frame into the back buffer, after the backends' NewFrame (the caller swaps or reads it back).
    auto render = [&](int64_t t, int width, int height) {
      ImGui::NewFrame();
      draw_contents(t);
      ImGui::Render();
      glViewport(0, 0, width, height);
      glClearColor(1, 1, 1, 1);
      glClear(GL_COLOR_BUFFER_BIT);
      ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());
    };
    mc::scanner::WedgeOptions wedge_opts;
    wedge_opts.max_gap_ms = std::max(config.scanner.wedge_max_interval_ms, 20);
    wedge_opts.min_length = size_t(std::max(config.scanner.wedge_min_length, 4));
    mc::scanner::WedgeDetector wedge(wedge_opts);

    SDL_StartTextInput();  // always on: wedge scanners type through it
    std::deque<PointerEvent> pointer_events;
    std::deque<SDL_Event> pending_key_ups;
    int frames_pending = 3;
    int frame = 0;
    bool running = true;
    bool first_frame_logged = false;
    mc::app::OnlineState last_online = services.online_state();
    int64_t last_online_check = 0;
    int64_t last_hook_poll = 0;
    int64_t last_clock_frame = 0;
    const bool kiosk_locked = fullscreen && opts.role == mc::app::Role::Citizen;
    const std::string widgets_path = opts.test_hooks.empty() ? "" : opts.test_hooks + "/widgets.json";
    if (!opts.test_hooks.empty()) std::filesystem::create_directories(opts.test_hooks);

    auto forward_key = [&](const SDL_Event& down) {
      ImGui_ImplSDL2_ProcessEvent(&down);
      SDL_Event up = down;
      up.type = SDL_KEYUP;
      up.key.state = SDL_RELEASED;
      pending_key_ups.push_back(up);  // released next frame so ImGui sees the press
    };
    SDL_Event last_enter{}, last_tab{};
    const bool frame_stats = std::getenv("MC_FRAME_STATS") != nullptr;
    std::vector<double> frame_ms;

    while (running) {
      // ---- wait: block while nothing is due (idle costs nothing) ----
      int64_t t = now_ms();
      int timeout = 1000;  // the offline banner is refreshed at most once a second
      if (frames_pending > 0 || ui.animating() || !pointer_events.empty() || !pending_key_ups.empty() ||
          !opts.screenshot.empty())
        timeout = 0;
      if (auto deadline = journey.next_deadline_ms())
        timeout = std::min<int64_t>(timeout, std::max<int64_t>(0, *deadline - t));
      if (wedge.holding()) timeout = std::min(timeout, int(wedge_opts.max_gap_ms) + 2);
      if (waiting_room)
        timeout = std::min<int64_t>(timeout, waiting_room->ms_until_refresh(std::time(nullptr) * 1000LL));
      if (!opts.test_hooks.empty()) timeout = std::min(timeout, 50);
      SDL_Event event;
      bool got = timeout > 0 ? SDL_WaitEventTimeout(&event, timeout) : SDL_PollEvent(&event);
      bool input = false;
      while (got) {
        const int64_t et = now_ms();
        switch (event.type) {
          case SDL_QUIT:
            // In the kiosk role the window cannot be closed by the citizen (Alt+F4 included); staff exit
            // goes through the staff PIN (issue 7). SIGTERM from the system always ends it.
            if (!kiosk_locked) running = false;
            break;
          case SDL_WINDOWEVENT:
            frames_pending = 3;
            break;
          case SDL_FINGERDOWN:
          case SDL_FINGERMOTION:
          case SDL_FINGERUP: {
            float x = event.tfinger.x * io.DisplaySize.x, y = event.tfinger.y * io.DisplaySize.y;
            auto kind = event.type == SDL_FINGERDOWN ? PointerEvent::Down
                        : event.type == SDL_FINGERUP ? PointerEvent::Up
                                                     : PointerEvent::Move;
            pointer_events.push_back({kind, x, y, et});
            input = true;
            break;
          }
          case SDL_MOUSEBUTTONDOWN:
          case SDL_MOUSEBUTTONUP:
            if (event.button.which == SDL_TOUCH_MOUSEID || event.button.button != SDL_BUTTON_LEFT) break;
            pointer_events.push_back({event.type == SDL_MOUSEBUTTONDOWN ? PointerEvent::Down : PointerEvent::Up,
                                      float(event.button.x), float(event.button.y), et});
            input = true;
            break;
          case SDL_MOUSEMOTION:
            if (event.motion.which == SDL_TOUCH_MOUSEID) break;
            pointer_events.push_back({PointerEvent::Move, float(event.motion.x), float(event.motion.y), et});
            if (event.motion.state) input = true;  // hovering is no input on a kiosk
            break;
          case SDL_MOUSEWHEEL:
            ImGui_ImplSDL2_ProcessEvent(&event);
            input = true;
            break;
          case SDL_TEXTINPUT:
            wedge.feed_text(event.text.text, event.text.timestamp);
            input = true;
            break;
          case SDL_KEYDOWN: {
            input = true;
            const auto sym = event.key.keysym.sym;
            const bool alt = event.key.keysym.mod & KMOD_ALT;
            const bool ctrl = event.key.keysym.mod & KMOD_CTRL;
            if (sym == SDLK_F4 && alt) break;  // swallowed
            if (sym == SDLK_s && ctrl && alt && opts.role == mc::app::Role::Citizen) {
              staff.open_pin_pad();
              break;
            }
            if (staff.is_open()) {
              // Staff mode takes the keyboard; Enter and Tab still go through the wedge detector so a
              // scanned receipt QR arrives as one scan.
              if (sym == SDLK_ESCAPE)
                mc::app::staff_console_escape(staff);
              else if (sym == SDLK_RETURN || sym == SDLK_KP_ENTER)
                wedge.feed_enter(event.key.timestamp);
              else if (sym == SDLK_TAB)
                wedge.feed_tab(event.key.timestamp);
              else if (sym == SDLK_BACKSPACE)
                mc::app::staff_console_backspace(staff);
              break;
            }
            if (sym == SDLK_ESCAPE) {  // closes the keyboard; never leaves the kiosk
              if (ui.has_focus()) ui.enter();
              break;
            }
            if (sym == SDLK_RETURN || sym == SDLK_KP_ENTER) {
              last_enter = event;
              wedge.feed_enter(event.key.timestamp);
            } else if (sym == SDLK_TAB) {
              last_tab = event;
              wedge.feed_tab(event.key.timestamp);
            } else if (sym == SDLK_BACKSPACE && ui.has_focus()) {
              ui.backspace();
            } else {
              ImGui_ImplSDL2_ProcessEvent(&event);  // arrows, space: keyboard navigation
            }
            break;
          }
          case SDL_KEYUP: {
            const auto sym = event.key.keysym.sym;
            if (sym != SDLK_RETURN && sym != SDLK_KP_ENTER && sym != SDLK_TAB && sym != SDLK_BACKSPACE)
              ImGui_ImplSDL2_ProcessEvent(&event);
            break;
          }
          default:
            if (event.type == wake_event) frames_pending = std::max(frames_pending, 2);
            break;
        }
        got = SDL_PollEvent(&event);
      }
      t = now_ms();
      if (g_terminate) running = false;

      // ---- wedge scanner vs typing ----
      for (const auto& we : wedge.poll(t)) {
        input = true;
        if (staff.is_open()) {
          switch (we.kind) {
            case mc::scanner::WedgeEvent::Kind::Typed:
              mc::app::staff_console_type_text(staff, we.text);
              break;
            case mc::scanner::WedgeEvent::Kind::Scanned:
              // On the PIN pad a fast typist looks like a scanner: take a short run of digits as the PIN
              // plus Enter. Anything else (a citizen's ID card, say) is not a PIN and must not use up a try.
              if (!mc::app::staff_console_on_scan(staff, we.text) && we.text.size() <= 8 &&
                  std::all_of(we.text.begin(), we.text.end(), [](char c) { return c >= '0' && c <= '9'; })) {
                mc::app::staff_console_type_text(staff, we.text);
                mc::app::staff_console_enter(staff);
              }
              break;
            case mc::scanner::WedgeEvent::Kind::Enter:
              mc::app::staff_console_enter(staff);
              break;
            case mc::scanner::WedgeEvent::Kind::Tab:
              break;
          }
          continue;
        }
        switch (we.kind) {
          case mc::scanner::WedgeEvent::Kind::Typed:
            ui.type_text(we.text);
            break;
          case mc::scanner::WedgeEvent::Kind::Scanned:
            ui.on_scan(we.text);
            break;
          case mc::scanner::WedgeEvent::Kind::Enter:
            if (!ui.enter()) forward_key(last_enter);
            break;
          case mc::scanner::WedgeEvent::Kind::Tab:
            forward_key(last_tab);
            break;
        }
      }
      if (input) {
        journey.note_input(t);
        frames_pending = 3;
      }
      // A timer can change the screen with no input (thank-you timeout, idle wipe): draw it at once, or
      // the previous citizen's screen would stay visible until someone touches the kiosk.
      const auto screen_before = journey.screen();
      journey.tick(t);
      if (journey.screen() != screen_before) frames_pending = std::max(frames_pending, 2);
      for (const auto& command : journey.take_commands()) services.execute(journey, command);
      if (services.drain()) frames_pending = std::max(frames_pending, 2);
      if (staff.is_open() && staff.tick()) frames_pending = std::max(frames_pending, 2);  // auto-leave
      if (waiting_room && waiting_room->refresh(std::time(nullptr) * 1000LL))
        frames_pending = std::max(frames_pending, 2);
      if (t - last_online_check >= 1000) {
        last_online_check = t;
        auto online = services.online_state();
        if (online.known != last_online.known || online.online != last_online.online ||
            online.queue_depth != last_online.queue_depth)
          frames_pending = std::max(frames_pending, 2);
        last_online = online;
      }
      // What changes with the clock alone is redrawn once a second: the idle countdown and notices, staff
      // mode's queue, printer and sync lines, and the end of the display's highlight of a fresh call.
      const bool clock_driven = journey.idle_seconds_left(t) || journey.notice() ||
                                (staff.is_open() && opts.role == mc::app::Role::Citizen) || waiting_room;
      if (clock_driven && t - last_clock_frame >= 1000) {
        last_clock_frame = t;
        frames_pending = std::max(frames_pending, 1);
      }
      if (!opts.test_hooks.empty() && t - last_hook_poll >= 50) {
        last_hook_poll = t;
        std::string cmd_path = opts.test_hooks + "/command";
        std::ifstream in(cmd_path);
        if (in) {
          std::string line;
          std::getline(in, line);
          in.close();
          std::filesystem::remove(cmd_path);
          if (line.rfind("screenshot ", 0) == 0) {
            const std::string pending = line.substr(11);
            // Render right now so the screenshot shows the current state (without a pointer on it).
            int dw, dh;
            SDL_GL_GetDrawableSize(window, &dw, &dh);
            ui.set_viewport(dw, dh);
            ImGui_ImplOpenGL3_NewFrame();
            ImGui_ImplSDL2_NewFrame();
            io.MousePos = ImVec2(-FLT_MAX, -FLT_MAX);
            render(t, dw, dh);
            glFinish();
            bool ok = write_screenshot(pending, dw, dh);
            std::ofstream(opts.test_hooks + "/command.done") << (ok ? "ok " : "failed ") << pending << "\n";
            SDL_GL_SwapWindow(window);
          } else if (line == "quit") {
            running = false;
          }
        }
      }
      if (!running) break;
      if (frames_pending <= 0 && !ui.animating() && pointer_events.empty() && pending_key_ups.empty() &&
          opts.screenshot.empty())
        continue;

      // ---- one frame ----
      const auto frame_start = std::chrono::steady_clock::now();
      int dw, dh;
      SDL_GL_GetDrawableSize(window, &dw, &dh);
      ui.set_viewport(dw, dh);
      if (ui.fonts_dirty()) {
        ui.build_fonts();
        ImGui_ImplOpenGL3_DestroyFontsTexture();
        ImGui_ImplOpenGL3_CreateFontsTexture();
      }
      // Apply pointer events up to (and including) one press/release transition.
      while (!pointer_events.empty()) {
        PointerEvent pe = pointer_events.front();
        pointer_events.pop_front();
        if (pe.kind == PointerEvent::Down) {
          ui.pointer_down(pe.x, pe.y, pe.t);
          if (ui.staff_gesture_tap(pe.x, pe.y, pe.t) && opts.role == mc::app::Role::Citizen && !staff.is_open())
            staff.open_pin_pad();
          break;
        }
        if (pe.kind == PointerEvent::Up) {
          ui.pointer_up(pe.x, pe.y, pe.t);
          break;
        }
        ui.pointer_move(pe.x, pe.y, pe.t);
      }
      ImGui_ImplOpenGL3_NewFrame();
      ImGui_ImplSDL2_NewFrame();
      // ImGui 1.86 has no input-event queue: set the pointer ourselves after the backend's polling.
      auto pointer = ui.pointer_for_imgui();
      io.MousePos = pointer.pos;
      io.MouseDown[0] = pointer.down;
      io.MouseDown[1] = io.MouseDown[2] = false;
      if (!pending_key_ups.empty() && frames_pending <= 2) {
        ImGui_ImplSDL2_ProcessEvent(&pending_key_ups.front());
        pending_key_ups.pop_front();
      }
      render(t, dw, dh);
      ++frame;
      if (!first_frame_logged) {
        first_frame_logged = true;
        auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - start_time);
        mc::log_info("kiosk", "first frame after " + std::to_string(ms.count()) + " ms (" + std::to_string(dw) + "x" +
                                  std::to_string(dh) + ")");
      }
      if (!opts.screenshot.empty() && frame >= opts.frames) {
        glFinish();
        bool ok = write_screenshot(opts.screenshot, dw, dh);
        std::cerr << (ok ? "kiosk: screenshot written to " : "kiosk: could not write ") << opts.screenshot << "\n";
        running = false;
      }
      if (!widgets_path.empty()) {
        nlohmann::json j;
        j["screen"] = mc::screen_name(journey.screen());
        j["frame"] = frame;
        j["group"] = journey.group_index();
        j["focus"] = ui.has_focus();
        auto& wj = j["widgets"] = nlohmann::json::object();
        for (const auto& [name, r] : ui.widget_rects()) wj[name] = {r.x, r.y, r.w, r.h};
        for (const auto& [name, r] : staff_rects) wj[name] = {r.x, r.y, r.w, r.h};
        j["staff"] = mc::staff_screen_name(staff.screen());
        if (journey.dossier()) j["dossier"] = journey.dossier()->code;
        std::string tmp = widgets_path + ".tmp";
        std::ofstream(tmp) << j.dump();
        std::error_code ec;
        std::filesystem::rename(tmp, widgets_path, ec);
        // The same as plain lines ("screen NAME", "frame N", "widget NAME X Y W H") for shell drivers.
        std::ostringstream lines;
        lines << "screen " << mc::screen_name(journey.screen()) << "\nframe " << frame << "\ngroup "
              << journey.group_index() << "\nfocus " << (ui.has_focus() ? 1 : 0) << "\n";
        if (journey.dossier()) lines << "dossier " << journey.dossier()->code << "\n";
        lines << "from_card " << (journey.identity_from_card() ? 1 : 0) << "\n";
        lines << "staff " << mc::staff_screen_name(staff.screen()) << "\n";
        if (staff.is_open() && !staff.message().en.empty()) lines << "staff_message " << staff.message().en << "\n";
        if (staff.current()) lines << "staff_dossier " << staff.current()->code << "\n";
        if (journey.screen() == mc::Screen::Receipt) lines << "print_state " << int(journey.print_state()) << "\n";
        // Staff widgets last: they lie over the citizen screen, so a driver taking the last match hits them.
        for (const std::map<std::string, mc::app::Rect>* rects : {&ui.widget_rects(), &std::as_const(staff_rects)})
          for (const auto& [name, r] : *rects)
            lines << "widget " << name << " " << int(r.x) << " " << int(r.y) << " " << int(r.w) << " " << int(r.h)
                  << "\n";
        std::ofstream(tmp) << lines.str();
        std::filesystem::rename(tmp, opts.test_hooks + "/widgets.txt", ec);
      }
      SDL_GL_SwapWindow(window);
      if (frame_stats)
        frame_ms.push_back(
            std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - frame_start).count());
      if (frames_pending > 0) --frames_pending;
      if (!pointer_events.empty()) frames_pending = std::max(frames_pending, 1);
    }
    SDL_StopTextInput();
    if (frame_stats && !frame_ms.empty()) {
      // For bench_ui: frame times (including the widget dump when test hooks are on).
      std::vector<double> sorted = frame_ms;
      std::sort(sorted.begin(), sorted.end());
      double sum = 0;
      for (double v : sorted) sum += v;
      std::fprintf(stderr, "frame stats: %zu frames, mean %.2f ms, median %.2f ms, p95 %.2f ms, max %.2f ms\n",
                   sorted.size(), sum / sorted.size(), sorted[sorted.size() / 2], sorted[sorted.size() * 95 / 100],
                   sorted.back());
    }
  }

  ImGui_ImplOpenGL3_Shutdown();
  ImGui_ImplSDL2_Shutdown();
  ImGui::DestroyContext();
  SDL_GL_DeleteContext(gl);
  SDL_DestroyWindow(window);
  SDL_Quit();
  return 0;
}
