#include "kiosk_app.hpp"

#include <cstdio>
#include <ctime>

#include <imgui.h>
#include <sstream>

#include "display/waiting_room_view.hpp"
#include "out_of_service_view.hpp"

namespace mc::ui {

KioskApp::KioskApp(Role role, app::Services& services, Journey& journey, StaffConsole& staff,
                   app::WaitingRoomFeed* display_feed, app::ScanDevices* devices, app::VoiceGuide* voice)
    : role_(role),
      services_(services),
      journey_(journey),
      staff_(staff),
      display_feed_(display_feed),
      devices_(devices),
      voice_(voice),
      ui_(services, journey),
      scans_(journey, staff, &services.gate()),
      input_(ui_, staff, scans_,
             scanner::WedgeOptions{std::max<int64_t>(services.config().scanner.wedge_max_interval_ms, 20),
                                   size_t(std::max(services.config().scanner.wedge_min_length, 4))},
             role == Role::Citizen),
      last_online_(services.online_state()),
      last_in_service_(services.in_service()),
      restart_watch_(services.config(), int64_t(std::time(nullptr))) {
  if (role == Role::Citizen) ui_.set_voice(voice);
}

KioskApp::~KioskApp() = default;

void KioskApp::scan(const std::string& text, const char* source, int64_t now_ms) {
  if (scans_.route(text, source) == app::ScanRouter::Outcome::Citizen) ui_.clear_focus();
  journey_.note_input(now_ms);
  scheduler_.after_input();
}

bool KioskApp::prepare_frame(int width, int height) {
  ui_.set_viewport(width, height);
  if (role_ == Role::Display) {
    // Its sizes follow the window's height alone (WaitingRoomSizes), and it needs no citizen font.
    if (height == display_fonts_height_) return false;
    display_fonts_height_ = height;
    ui_.build_display_fonts(float(height));
    return true;
  }
  if (!ui_.fonts_dirty()) return false;
  ui_.build_fonts();
  return true;
}

void KioskApp::update(int64_t now_ms, bool input) {
  scheduler_.begin_round(now_ms);
  if (input_.poll(now_ms)) input = true;
  if (devices_)
    for (const auto& code : devices_->poll()) scan(code.text, code.source, now_ms);
  if (input) {
    journey_.note_input(now_ms);
    scheduler_.after_input();
  }
  // A timer can change the screen with no input (thank-you timeout, idle wipe): draw it at once, or the
  // previous citizen's screen would stay visible until someone touches the kiosk.
  const Screen before = journey_.screen();
  const bool had_notice = journey_.notice().has_value();
  const bool reprint_before = journey_.reprint_available();
  // Out of service (a dossier-code clash found while a citizen was filing): their data goes, as after the
  // idle time; the screen says where to go instead.
  const bool in_service = services_.in_service();
  if (in_service != last_in_service_) scheduler_.after_change();
  last_in_service_ = in_service;
  if (!in_service && journey_.screen() != Screen::Attract) journey_.cancel();
  journey_.tick(now_ms);
  // A notice banner that comes or goes moves the whole screen: two frames, so the layout settles (one frame
  // left the fields drawn where the banner had pushed them, and a tap there missed).
  if (journey_.screen() != before || journey_.notice().has_value() != had_notice ||
      journey_.reprint_available() != reprint_before)
    scheduler_.after_change();
  for (const auto& command : journey_.take_commands()) services_.execute(journey_, command);
  if (services_.drain()) scheduler_.after_change();
  if (app::DocumentPages* pages = services_.document_pages()) {
    // A citizen's document pages are for the officer: they go when staff mode closes (nothing when none shown).
    if (!staff_.is_authenticated()) pages->clear();
    if (pages->take_changed()) scheduler_.after_change();  // a page drawn on its thread
  }
  if (app::ChipReading* chip = services_.chip()) {
    // The chip's read reaches the journey like a scan; a new citizen (the journey back on the attract
    // screen after a wipe, a cancel or the thanks) leaves nothing of the previous one, face included.
    if (journey_.screen() == Screen::Attract && before != Screen::Attract) chip->wipe();
    // The officer's read (staff mode) is for the officer: it goes when staff mode closes.
    if (staff_was_authenticated_ && !staff_.is_authenticated()) chip->wipe();
    staff_was_authenticated_ = staff_.is_authenticated();
    if (staff_.is_authenticated() && staff_.screen() == StaffScreen::IdCard && staff_.take_chip_request())
      chip->start_for_staff(staff_.chip_number());
    if (chip->apply_to(journey_, int64_t(std::time(nullptr)))) scheduler_.after_change();
    const auto chip_status = chip->status();
    if (chip_status.phase != chip_phase_ || chip_status.progress.fraction != chip_fraction_) scheduler_.after_change();
    chip_phase_ = chip_status.phase;
    chip_fraction_ = chip_status.progress.fraction;
    if (role_ == Role::Citizen) chip->refresh_availability(now_ms);
  }
  if (staff_.is_open() && staff_.tick()) scheduler_.after_change();  // auto-leave
  // The display's feed wakes the loop itself when a call arrives (from the ticket store's thread).
  if (display_feed_ && display_feed_->refresh()) scheduler_.after_change();
  // Calls and recalls made since the last round are announced in the order they were made (a call caught up
  // after a reconnect is shown, not announced: the feed leaves it out).
  if (display_feed_) {
    const std::vector<Ticket> new_calls = display_feed_->take_new_calls();
    if (voice_) voice_->announce_calls(new_calls, Lang::Vi);
  }
  // The office database comes and goes (its session wakes the loop): numbers are offered only while it is there.
  const bool issuing_suspended = !services_.ticket_service().available;
  if (issuing_suspended != journey_.ticket_issuing_suspended()) {
    journey_.set_ticket_issuing_suspended(issuing_suspended);
    scheduler_.after_change();
  }
  // The offline banner and queue depth: looked at once a second.
  if (now_ms - last_online_check_ms_ >= 1000) {
    last_online_check_ms_ = now_ms;
    const app::OnlineState online = services_.online_state();
    if (online.known != last_online_.known || online.online != last_online_.online ||
        online.queue_depth != last_online_.queue_depth)
      scheduler_.after_change();
    last_online_ = online;
  }
  // What changes with the clock alone is redrawn once a second: the idle countdown and notices, staff
  // mode's queue, printer and sync lines, and the end of the display's highlight of a fresh call.
  scheduler_.clock_driven(journey_.idle_seconds_left(now_ms) || journey_.notice() ||
                          (staff_.is_open() && role_ == Role::Citizen) || display_feed_);
  if (auto deadline = journey_.next_deadline_ms()) scheduler_.wake_at(*deadline);
  if (input_.holding()) {
    scheduler_.hold();
    scheduler_.wake_within(input_.wedge_gap_ms() + 2);
  }
  if (ui_.animating() || input_.pointer_pending() || input_.nav_pending()) scheduler_.keep_drawing();
  if (voice_ && role_ == Role::Citizen) voice_->update(journey_, now_ms);  // timers: idle warning, ticket number
  // The test hooks report whether the kiosk is speaking: look a few times a second while it does, and draw
  // once when it stops.
  if (voice_ && voice_->speaking() != voice_speaking_) {
    voice_speaking_ = !voice_speaking_;
    scheduler_.after_change();
  }
  if (voice_speaking_) scheduler_.wake_within(250);
  // A restart waits for the attract screen: never in a citizen's journey, a staff session or a print job.
  // A counter terminal is idle on its PIN pad; a display always is.
  const bool staff_idle = role_ == Role::Staff ? staff_.screen() == StaffScreen::PinPad : !staff_.is_open();
  const bool idle =
      role_ == Role::Display || (journey_.screen() == Screen::Attract && staff_idle && !services_.busy() && !input);
  if (!restart_due_ && restart_watch_.due(now_ms, idle)) restart_due_ = true;
  if (idle) scheduler_.wake_within(restart_watch_.ms_until_check(now_ms) + 1);
}

ImVec4 KioskApp::background() const {
  return ui_.palette().vec4(role_ == Role::Display ? Colour::DisplaySurface : Colour::Surface);
}

void KioskApp::begin_frame(bool with_pointer) {
  if (with_pointer)
    input_.apply_to_frame();
  else
    ImGui::GetIO().MousePos = ImVec2(-FLT_MAX, -FLT_MAX);
  ImGui::NewFrame();
}

void KioskApp::draw(int64_t now_ms) {
  staff_rects_.clear();
  display_rects_.clear();
  if (role_ == Role::Display) {
    WaitingRoomStyle style;
    style.rects = &display_rects_;
    style.now_unix = std::time(nullptr);
    style.number_font = ui_.fonts().number;
    style.text_fonts = &ui_.fonts().display_text;
    style.connected = !display_feed_ || display_feed_->connected();
    std::vector<ResultBoardLine> results;
    if (display_feed_ && display_feed_->shows_results()) {
      for (const auto& ready : display_feed_->results()) results.push_back({ready.code, ready.initials});
      style.results = &results;
    }
    draw_waiting_room(display_feed_ ? display_feed_->tickets() : std::vector<Ticket>{}, services_.tr(), ui_.palette(),
                      style);
    return;
  }
  if (role_ == Role::Citizen) {
    if (!services_.in_service()) {
      draw_out_of_service(services_.tr(), ui_.palette(), ui_.fonts(), ui_.scale(), services_.gate().reasons());
    } else {
      ui_.draw(now_ms);
      if (voice_) voice_->update(journey_, now_ms);  // a tap in this frame changed the screen: say it now
      if (services_.gate().demo()) draw_demo_marker(services_.tr(), ui_.palette(), ui_.scale());
    }
  }
  staff_view_.draw(staff_, services_.tr(), journey_.lang(), ui_.palette(), ui_.scale(), staff_rects_, services_.chip(),
                   textures_, services_.document_pages());
}

std::string KioskApp::test_hook_lines(int frame) const {
  std::ostringstream lines;
  lines << "service " << (services_.in_service() ? "in" : "out") << "\nconfiguration "
        << configuration_state_name(services_.gate().configuration()) << "\n";
  lines << "screen " << screen_name(journey_.screen()) << "\nframe " << frame << "\ngroup " << journey_.group_index()
        << "\nfocus " << (ui_.has_focus() ? 1 : 0) << "\n";
  if (journey_.dossier()) lines << "dossier " << journey_.dossier()->code << "\n";
  lines << "from_card " << (journey_.identity_from_card() ? 1 : 0) << "\n";
  // The citizen's display choices (issue 13, point 10: the next citizen starts from the configuration's).
  char text_scale[16];
  std::snprintf(text_scale, sizeof text_scale, "%.2f", ui_.text_scale());
  lines << "lang " << (journey_.lang() == Lang::En ? "en" : "vi") << "\ntext_scale " << text_scale << "\ncontrast "
        << (ui_.high_contrast() ? "high" : "normal") << "\n";
  if (const app::ChipReading* chip = services_.chip()) {
    // "chip PHASE CHECK": the reader's phase (idle, waiting, reading, done, failed) and the journey's mark.
    static const char* phases[] = {"idle", "waiting", "reading", "done", "failed"};
    lines << "chip " << phases[int(chip->status().phase)] << " "
          << (journey_.chip_check().read() ? chip_verification_name(journey_.chip_check().status) : "none") << "\n";
  }
  lines << "staff " << staff_screen_name(staff_.screen()) << "\n";
  if (staff_.is_open() && !staff_.message().en.empty()) lines << "staff_message " << staff_.message().en << "\n";
  if (staff_.current()) lines << "staff_dossier " << staff_.current()->code << "\n";
  if (journey_.screen() == Screen::Receipt) lines << "print_state " << int(journey_.print_state()) << "\n";
  lines << "tickets_suspended " << (journey_.ticket_issuing_suspended() ? 1 : 0) << "\n";
  if (display_feed_) {
    lines << "display_connected " << (display_feed_->connected() ? 1 : 0) << "\n";
    for (const auto& ticket : display_feed_->tickets()) lines << "display_ticket " << ticket.label << "\n";
    // Issue 20: the results board as shown (code and initials only).
    for (const auto& ready : display_feed_->results())
      lines << "display_result " << ready.code << " " << ready.initials << "\n";
  }
  if (voice_) lines << "voice " << (voice_->enabled() ? 1 : 0) << "\nspeaking " << (voice_speaking_ ? 1 : 0) << "\n";
  // Staff widgets last: they lie over the citizen screen, so a driver taking the last match hits them.
  for (const WidgetRects* rects : {&ui_.widget_rects(), &staff_rects_})
    for (const auto& [name, r] : rects->all())
      lines << "widget " << name << " " << int(r.x) << " " << int(r.y) << " " << int(r.w) << " " << int(r.h) << "\n";
  // Where labels were drawn ("text NAME X Y W H"): the large-text checks compare them with their widget.
  for (const WidgetRects* rects : {&ui_.widget_rects(), &staff_rects_})
    for (const auto& [name, r] : rects->texts())
      lines << "text " << name << " " << int(r.x) << " " << int(r.y) << " " << int(r.w) << " " << int(r.h) << "\n";
  // "font NAME RASTERISED DRAWN" (pixels): a text drawn at another size than its font's was scaled, and blurs.
  for (const auto& [name, sizes] : display_rects_.fonts())
    lines << "font " << name << " " << sizes.rasterised << " " << sizes.drawn << "\n";
  return lines.str();
}

}  // namespace mc::ui
