#pragma once
// Everything the kiosk window shows, put together: the citizen UI (KioskUi), staff mode (StaffView over
// mc::StaffConsole), or the waiting-room display; the input and scan routers; the redraw scheduler. It is
// what Tracy calls the View behind a platform Backend: the platform layer (platform/) owns SDL, the window
// and GL, turns events into InputRouter calls and, each round of its loop, calls update(), then draw()
// inside a frame when frame_due(). No SDL in here.
#include <cstdint>
#include <memory>
#include <string>

#include "input_router.hpp"
#include "kiosk_ui.hpp"
#include "mc/core/journey.hpp"
#include "mc/core/restart_request.hpp"
#include "mc/core/staff_console.hpp"
#include "redraw_scheduler.hpp"
#include "scan_devices.hpp"
#include "scan_router.hpp"
#include "services.hpp"
#include "staff/staff_view.hpp"
#include "textures.hpp"
#include "waiting_room_feed.hpp"

namespace mc::ui {

enum class Role { Citizen, Staff, Display };

class KioskApp {
 public:
  // display_feed: only for Role::Display (the waiting-room screen). devices: the camera and serial scanners
  // (their codes are routed like the wedge's), or null. voice: guidance for the citizen, announcements on the
  // display; null: silent.
  KioskApp(Role role, app::Services& services, Journey& journey, StaffConsole& staff,
           app::WaitingRoomFeed* display_feed = nullptr, app::ScanDevices* devices = nullptr,
           app::VoiceGuide* voice = nullptr);
  ~KioskApp();

  InputRouter& input() { return input_; }
  RedrawScheduler& scheduler() { return scheduler_; }
  KioskUi& ui() { return ui_; }
  // Routes a scan from a camera or serial scanner (the wedge's scans come through input()).
  void scan(const std::string& text, const char* source, int64_t now_ms);

  // One round of the loop, after the events: timers, background results, input bookkeeping. Registers the
  // round's wake-ups with the scheduler. `input` is true when the round brought user input.
  void update(int64_t now_ms, bool input);
  bool frame_due() const { return scheduler_.frame_due(); }
  int wait_ms(int64_t now_ms) const { return scheduler_.wait_ms(now_ms); }

  // Before a frame: layout for the window's drawable size; true when the font atlas was rebuilt (the
  // platform layer then uploads the new font texture).
  bool prepare_frame(int width, int height);
  // After the backends' NewFrame: the pointer and keys as ImGui must see them (none for a screenshot, which
  // shows no pointer), then ImGui::NewFrame. draw() follows.
  void begin_frame(bool with_pointer = true);
  void draw(int64_t now_ms);
  void frame_drawn() { scheduler_.frame_drawn(); }
  // What the platform clears the window to before drawing: the page's colour (windows draw none of their own).
  ImVec4 background() const;

  // The platform layer's texture maker (the face in staff mode); none: no picture is shown.
  void set_textures(Textures* textures) {
    textures_ = textures;
    ui_.set_textures(textures);
  }

  // "Finish and restart" (mc/core/restart_request.hpp, asked by the package after an upgrade): true once a
  // request came and the kiosk was idle (attract screen, no staff session, no print job); the platform
  // layer then ends the loop and the kiosk exits for systemd to start the new version.
  bool restart_due() const { return restart_due_; }
  const RestartWatch& restart_watch() const { return restart_watch_; }

  // The test hooks' view of the last frame ("screen NAME", "widget NAME X Y W H"...), see README.md.
  std::string test_hook_lines(int frame) const;

 private:
  Role role_;
  app::Services& services_;
  Journey& journey_;
  StaffConsole& staff_;
  app::WaitingRoomFeed* display_feed_;
  app::ScanDevices* devices_;
  app::VoiceGuide* voice_;
  bool voice_speaking_ = false;
  KioskUi ui_;
  StaffView staff_view_;
  WidgetRects staff_rects_;
  WidgetRects display_rects_;
  int display_fonts_height_ = 0;  // the window height the display's fonts were built for  // the waiting-room display's
                                  // texts and their font sizes (test hooks)
  app::ScanRouter scans_;
  InputRouter input_;
  RedrawScheduler scheduler_;
  app::OnlineState last_online_;
  Textures* textures_ = nullptr;
  bool staff_was_authenticated_ = false;
  idcard::ChipReaderService::Phase chip_phase_ = idcard::ChipReaderService::Phase::Idle;
  double chip_fraction_ = 0;
  bool last_in_service_ = true;
  int64_t last_online_check_ms_ = -1000000;
  RestartWatch restart_watch_;
  bool restart_due_ = false;
};

}  // namespace mc::ui
