// The views without a window: KioskApp draws real ImGui frames (no GL needed to build them) over the real
// services (queue, virtual printer), journey and staff console. A citizen goes through every screen, in
// Vietnamese and English, in the normal and the high-contrast theme, taps by widget name as a finger
// does; staff mode opens with the PIN and shows each of its screens. Every string asked for must exist.
#include <catch2/catch.hpp>

#include <imgui.h>
#include <imgui_internal.h>  // ImTextCharFromUtf8

#include <array>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <random>
#include <set>
#include <sstream>
#include <thread>

#include "kiosk_app.hpp"
#include "mc/capture/document_pdf.hpp"
#include "mc/capture/jpeg.hpp"
#include "mc/core/messages.hpp"
#include "mc/core/staff.hpp"
#include "mc/core/tickets.hpp"
#include "mc/printing/render.hpp"
#include "mc/sync/attachment_store.hpp"
#include "mc/sync/outbox.hpp"
#include "mc/sync/record.hpp"
#include "mc/test/sane_test_backend.hpp"
#include "sample_forms.hpp"
#include "staff_hooks.hpp"

namespace fs = std::filesystem;
using namespace mc;

namespace {

const char* kCard = "001099012345||Nguyễn Văn A|15031999|Nam|Số 1 Đường ABC, Phường X, TP Z|10052021";
const char* kPin = "246813";

struct TempDir {
  fs::path path;
  TempDir() {
    std::random_device random;
    path = fs::temp_directory_path() / ("mc-ui-test-" + std::to_string(random()) + std::to_string(random()));
    fs::create_directories(path);
  }
  ~TempDir() {
    std::error_code ec;
    fs::remove_all(path, ec);
  }
};

std::string next_document_device;         // the document scanner of the next Kiosk (empty: none)
std::string next_status_lookup = "open";  // kiosk.status_lookup of the next Kiosk
std::vector<std::string> next_document_options;  // scanner.document_options of the next Kiosk
int next_capture_stall_s = JourneyOptions{}.capture_stall_s;

Config test_config(const fs::path& dir) {
  Config config;
  config.scanner.document_device = next_document_device;
  config.scanner.document_options = next_document_options;
  config.kiosk.status_lookup = next_status_lookup;
  config.data_dir = dir.string();
  config.assets_dir = MC_TEST_ASSETS_DIR;
  config.server.url = "http://127.0.0.1:9/api";  // nobody: the kiosk is offline, as it must cope with
  config.printer.bank_bin = "970415";            // the agency has an account: fees come with a VietQR
  config.printer.bank_account = "0011001932418";
  static const std::string hash = hash_staff_pin(kPin);
  config.kiosk.staff_pin_hash = hash;
  config.scanner.document_export_dir = (dir / "usb").string();  // staff's export; made by the test that needs it
  return config;
}

struct Kiosk {
  TempDir dir;
  Config config = test_config(dir.path);
  app::Services services{config, [] {}};
  Journey journey{services.catalog(), [this](const SubmitDraft& d) { return services.submit(d); },
                  [this](const std::string& code) { return services.lookup_local(code); }, journey_options(config)};
  // The kiosk's own queue hooks (find, queue table); no printer or sync engine behind staff mode here.
  StaffConsole staff{*services.local_state(), config, system_clock(), staff_hooks()};
  ImGuiContext* context = ImGui::CreateContext();
  std::unique_ptr<ui::KioskApp> app;
  int64_t now = 1000;
  int width = 1080, height = 1920;  // portrait; 1920x1080 for a landscape kiosk
  // Large text (issue 13): after every frame, each label drawn ("text" hook lines) must lie inside its widget.
  bool check_text_fits = false;
  std::set<std::string> text_overflows;  // "screen: widget (text x..x, box x..x)"

  StaffConsoleHooks staff_hooks() {
    StaffConsoleHooks hooks = app::make_staff_hooks(services.outbox(), nullptr, nullptr);
    app::add_document_hooks(hooks, services.attachments(), config.scanner.document_export_dir);
    return hooks;
  }

  static JourneyOptions journey_options(const Config& config) {
    JourneyOptions options;
    options.status_needs_lookup_code = config.kiosk.status_needs_lookup_code();  // as main.cpp sets it
    options.capture_stall_s = next_capture_stall_s;
    return options;
  }

  // `ahead`: fonts built before the first frame, offered to it as main.cpp does.
  explicit Kiosk(std::unique_ptr<ui::PrebuiltFonts> ahead = nullptr, int window_width = 1080,
                 int window_height = 1920)
      : width(window_width), height(window_height) {
    ImGuiIO& io = ImGui::GetIO();
    io.IniFilename = nullptr;
    io.DisplaySize = ImVec2(float(width), float(height));
    io.DeltaTime = 1.0f / 60;
    app = std::make_unique<ui::KioskApp>(ui::Role::Citizen, services, journey, staff);
    if (ahead) app->ui().offer_fonts(std::move(ahead));
    frame();
  }
  ~Kiosk() {
    app.reset();
    ImGui::DestroyContext(context);
  }

  // One loop round and one frame, as the platform layer runs them.
  void frame() {
    now += 50;
    app->update(now, false);
    services.drain();
    ImGui::GetIO().DisplaySize = ImVec2(float(width), float(height));
    app->prepare_frame(width, height);
    app->begin_frame();
    app->draw(now);
    ImGui::Render();
    app->frame_drawn();
    if (check_text_fits) find_text_overflows();
  }
  void find_text_overflows() {
    std::istringstream lines(app->test_hook_lines(0));
    std::map<std::string, std::array<float, 4>> boxes, texts;
    for (std::string line; std::getline(lines, line);) {
      std::istringstream words(line);
      std::string kind, name;
      std::array<float, 4> r{};
      if (!(words >> kind >> name >> r[0] >> r[1] >> r[2] >> r[3])) continue;
      if (kind == "widget") boxes[name] = r;
      if (kind == "text") texts[name] = r;
    }
    for (const auto& [name, t] : texts) {
      auto box = boxes.find(name);
      if (box == boxes.end()) continue;
      const auto& b = box->second;
      if (t[0] < b[0] - 1 || t[0] + t[2] > b[0] + b[2] + 1 || t[1] < b[1] - 1 || t[1] + t[3] > b[1] + b[3] + 1)
        text_overflows.insert(std::string(screen_name(journey.screen())) + ": " + name + " (text " +
                              std::to_string(int(t[0])) + ".." + std::to_string(int(t[0] + t[2])) + " in " +
                              std::to_string(int(b[0])) + ".." + std::to_string(int(b[0] + b[2])) + ")");
    }
  }
  // A widget's rectangle (x, y, w, h) as the test hooks report it; all zero when it is not drawn.
  std::array<float, 4> rect(const std::string& widget) const {
    const std::string lines = app->test_hook_lines(0);
    const size_t at = lines.find("widget " + widget + " ");
    std::array<float, 4> r{};
    if (at != std::string::npos)
      std::sscanf(lines.c_str() + at + 8 + widget.size(), "%f %f %f %f", &r[0], &r[1], &r[2], &r[3]);
    return r;
  }
  bool has(const std::string& widget) const {
    return app->test_hook_lines(0).find("widget " + widget + " ") != std::string::npos;
  }
  // A finger on a named widget: down in one frame, up in the next, as the input router feeds ImGui.
  void tap(const std::string& widget) {
    const std::string lines = app->test_hook_lines(0);
    const size_t at = lines.find("widget " + widget + " ");
    INFO("no widget " << widget << " on " << screen_name(journey.screen()));
    REQUIRE(at != std::string::npos);
    float x, y, w, h;
    REQUIRE(std::sscanf(lines.c_str() + at + 8 + widget.size(), "%f %f %f %f", &x, &y, &w, &h) == 4);
    app->input().pointer(ui::InputRouter::PointerKind::Down, x + w / 2, y + h / 2, now);
    frame();
    app->input().pointer(ui::InputRouter::PointerKind::Up, x + w / 2, y + h / 2, now);
    frame();
    frame();
  }
  void wait_for(const std::function<bool()>& done) {
    const auto give_up = std::chrono::steady_clock::now() + std::chrono::seconds(20);
    while (!done() && std::chrono::steady_clock::now() < give_up) {
      frame();
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    REQUIRE(done());
  }

  // Answers every visible field of the current form step the way a citizen would.
  void answer_step() {
    const Date today = LocalDateTime::from_unix(system_clock()()).date;
    for (const FieldSpec* field : journey.visible_fields()) {
      if (!journey.answer_text(*field).empty()) continue;  // prefilled from the card
      switch (field->type) {
        case FieldType::SingleChoice:
        case FieldType::MultipleChoice:
          journey.toggle_choice(*field, field->options.front().value);
          break;
        case FieldType::Consent:
          journey.toggle_choice(*field, "true");
          break;
        case FieldType::Phone:
          journey.set_answer_text(*field, "0912345678");
          break;
        case FieldType::Email:
          journey.set_answer_text(*field, "ten@example.com");
          break;
        case FieldType::Date:
          journey.set_answer_text(*field, today.plus_days(-30).dmy());
          break;
        default:
          break;  // free text is optional in the shipped forms
      }
    }
  }
  void check_no_missing_strings() {
    INFO("asked for but missing in assets/i18n");
    CHECK(services.tr().asked_but_missing() == std::vector<std::string>{});
    CHECK(missing_message_keys() == std::vector<std::string>{});
  }
};

// A citizen files a dossier through every screen; true when each screen drew what it must.
void walk_every_citizen_screen(Kiosk& k, Lang lang) {
  REQUIRE(k.journey.screen() == Screen::Attract);
  CHECK(k.has("start"));
  k.tap("start");
  REQUIRE(k.journey.screen() == Screen::ChooseProcedure);
  k.journey.set_lang(lang);
  k.frame();
  k.tap("input:search");
  k.app->ui().type_text("giay phep lai xe");
  k.frame();
  CHECK(k.journey.search_text() == "giay phep lai xe");
  k.tap("proc:1.002820");
  REQUIRE(k.journey.screen() == Screen::ProcedureInfo);
  k.tap("next");
  REQUIRE(k.journey.screen() == Screen::Identify);
  k.app->scan(kCard, "camera", k.now);
  k.frame();
  CHECK(k.journey.identity_from_card());
  k.tap("next");
  REQUIRE(k.journey.screen() == Screen::Form);
  for (int step = 0; step < 10 && k.journey.screen() == Screen::Form; ++step) {
    k.answer_step();
    k.answer_step();  // a choice may have shown another field (show_if)
    const size_t group = k.journey.group_index();
    k.tap("next");
    std::string errors;
    for (const FieldSpec* field : k.journey.visible_fields())
      if (auto error = k.journey.field_error(field->id)) errors += field->id + ": " + error->en + "; ";
    INFO("form step " << group << " did not advance: " << errors);
    REQUIRE((k.journey.screen() != Screen::Form || k.journey.group_index() != group));
  }
  REQUIRE(k.journey.screen() == Screen::Review);
  k.frame();
  // The declaration once (issue 13): this form's consent field is among the answers, so the review adds none.
  CHECK(k.has("edit:confirm"));
  CHECK_FALSE(k.has("review_declaration"));
  k.tap("next");
  REQUIRE(k.journey.screen() == Screen::Receipt);
  CHECK(k.has("receipt_qr"));
  k.wait_for([&] { return k.journey.print_state() == PrintState::Printed; });
  // What next (issue 13): the papers and where, the fee with its VietQR, the due-date rule, and the
  // counter's queue number in one tap, shown on this screen.
  for (const char* step : {"next_steps", "next_hand_in", "next_fee", "next_vietqr", "next_due_rule"}) {
    INFO(step);
    CHECK(k.has(step));
  }
  k.tap("next_ticket");
  k.wait_for([&] { return k.journey.ticket_print_state() == PrintState::Printed; });
  CHECK(k.journey.screen() == Screen::Receipt);
  CHECK(k.journey.ticket()->area == "A");
  CHECK(k.has("next_ticket_number"));
  CHECK_FALSE(k.has("next_ticket"));
  k.tap("next");
  REQUIRE(k.journey.screen() == Screen::Rating);
  k.tap("rate:3");
  REQUIRE(k.journey.screen() == Screen::Thanks);
  k.tap("next");
  REQUIRE(k.journey.screen() == Screen::Attract);
  // Queue tickets.
  k.tap("ticket.take");
  REQUIRE(k.journey.screen() == Screen::TakeNumber);
  const std::string area = k.journey.service_areas().front().code;
  k.tap("ticket.area." + area + ".normal");
  REQUIRE(k.journey.screen() == Screen::Ticket);
  k.wait_for([&] { return k.journey.ticket_print_state() == PrintState::Printed; });
  k.tap("ticket.done");
  REQUIRE(k.journey.screen() == Screen::Attract);
}

}  // namespace

namespace {

// Focuses a text field as a tap does, lets the keyboard come up, and tells whether the whole field is inside
// the content area, which ends above the keyboard.
bool field_shows_above_keyboard(Kiosk& k, ui::EntryTarget target, const std::string& field_id, ui::KeyboardMode mode,
                                const std::string& hook) {
  k.app->ui().entry().focus(target, field_id, mode);
  for (int i = 0; i < 4; ++i) k.frame();
  REQUIRE(k.app->ui().has_focus());
  const auto field = k.rect(hook);
  const auto content = k.rect("content");
  k.app->ui().clear_focus();
  k.frame();
  INFO(hook << " at y " << field[1] << "-" << field[1] + field[3] << ", content " << content[1] << "-"
            << content[1] + content[3] << " (" << k.width << "x" << k.height << ")");
  CHECK(field[3] > 0);
  CHECK(field[1] >= content[1]);
  CHECK(field[1] + field[3] <= content[1] + content[3]);
  return field[3] > 0 && field[1] >= content[1] && field[1] + field[3] <= content[1] + content[3];
}

}  // namespace

TEST_CASE("views: the field being typed into is never under the keyboard, portrait and landscape (issue 13)",
          "[ui][keyboard]") {
  for (auto [width, height] : {std::pair{1080, 1920}, std::pair{1920, 1080}}) {
    Kiosk k;
    k.width = width;
    k.height = height;
    k.frame();
    k.tap("start");
    REQUIRE(k.journey.choose_procedure("1.002820"));
    k.frame();
    k.journey.next();
    REQUIRE(k.journey.screen() == Screen::Identify);
    k.frame();
    // The lowest field of the identify step, and then every text field of every form step.
    field_shows_above_keyboard(k, ui::EntryTarget::Address, "", ui::KeyboardMode::Plain, "input:identify.4");
    k.app->scan(kCard, "camera", k.now);
    k.frame();
    k.journey.next();
    REQUIRE(k.journey.screen() == Screen::Form);
    int checked = 0;
    for (int step = 0; step < 10 && k.journey.screen() == Screen::Form; ++step) {
      k.frame();
      for (const FieldSpec* field : k.journey.visible_fields()) {
        if (!k.has("input:" + field->id)) continue;  // choices: no keyboard
        const bool numeric = field->type == FieldType::Phone || field->type == FieldType::Date;
        field_shows_above_keyboard(k, ui::EntryTarget::Answer, field->id,
                                   numeric ? ui::KeyboardMode::Numeric : ui::KeyboardMode::Plain, "input:" + field->id);
        ++checked;
      }
      k.answer_step();
      k.answer_step();
      k.journey.next();
    }
    CHECK(checked >= 3);
    REQUIRE(k.journey.screen() == Screen::Review);
  }
}

TEST_CASE("views: at the largest text size no label crosses its box, portrait and landscape (issue 13)",
          "[ui][large_text]") {
  for (auto [width, height] : {std::pair{1080, 1920}, std::pair{1920, 1080}}) {
    for (Lang lang : {Lang::Vi, Lang::En}) {
      Kiosk k;
      k.width = width;
      k.height = height;
      k.frame();
      if (lang == Lang::En) k.tap("lang");
      while (k.app->ui().text_scale() < 1.44) k.tap("text_bigger");  // A+ to the end, as a citizen would
      k.check_text_fits = true;
      // Every citizen screen, reached through the journey (a tap-only walk may find a widget below the fold).
      k.tap("start");
      k.frame();
      REQUIRE(k.journey.choose_procedure("1.002820"));
      k.frame();
      k.journey.next();
      k.frame();
      k.app->scan(kCard, "camera", k.now);
      k.frame();
      k.journey.next();
      for (int step = 0; step < 10 && k.journey.screen() == Screen::Form; ++step) {
        k.frame();
        k.answer_step();
        k.answer_step();
        k.journey.next();
      }
      REQUIRE(k.journey.screen() == Screen::Review);
      k.frame();
      k.journey.next();
      REQUIRE(k.journey.screen() == Screen::Receipt);
      k.wait_for([&] { return k.journey.print_state() == PrintState::Printed; });
      k.journey.next();
      k.frame();
      k.journey.next();
      k.frame();
      REQUIRE(k.app->ui().text_scale() > 1.4);  // still this citizen's size
      // Staff mode at this size: its navigation is a third of the width. Without the label shrink the
      // navigation's and the summary's labels cross their buttons here (checked: this case then fails).
      k.app->input().key(ui::Key::StaffShortcut, k.now);
      k.frame();
      for (const char* digit : {"2", "4", "6", "8", "1", "3"}) k.tap(std::string("staff.pin.") + digit);
      k.tap("staff.pin.ok");
      REQUIRE(k.staff.screen() == StaffScreen::Find);
      for (const char* nav : {"queue", "printer", "summary", "tickets", "chip", "config", "find"})
        k.tap(std::string("staff.nav.") + nav);
      k.tap("staff.nav.leave");
      INFO(width << "x" << height << (lang == Lang::En ? " English" : " Vietnamese"));
      CHECK(k.text_overflows == std::set<std::string>{});
    }
  }
}

TEST_CASE("views: every citizen screen draws, in both languages and both themes, from taps", "[ui]") {
  Kiosk k;
  walk_every_citizen_screen(k, Lang::Vi);
  k.check_no_missing_strings();
  k.tap("contrast");
  CHECK(k.app->ui().palette().is_high_contrast());
  walk_every_citizen_screen(k, Lang::En);
  k.check_no_missing_strings();
}

// The codes `kioskctl catalog search QUERY --limit 1000` prints, best first, from the real binary.
std::vector<std::string> kioskctl_search(const std::string& query) {
  const std::string command = std::string(MC_KIOSKCTL_PATH) + " catalog search " + query + " --limit 1000 --dir " +
                              MC_TEST_ASSETS_DIR + "/catalog 2>/dev/null";
  std::vector<std::string> codes;
  FILE* pipe = popen(command.c_str(), "r");
  REQUIRE(pipe);
  char line[1024];
  while (std::fgets(line, sizeof line, pipe)) {
    std::istringstream words(line);
    std::string score, code;
    if (words >> score >> code) codes.push_back(code);
  }
  pclose(pipe);
  return codes;
}

// The procedure cards the catalog screen drew, top to bottom.
std::vector<std::string> procedures_drawn(const Kiosk& k) {
  std::istringstream lines(k.app->test_hook_lines(0));
  std::vector<std::pair<float, std::string>> cards;
  for (std::string line; std::getline(lines, line);) {
    std::istringstream words(line);
    std::string kind, name;
    float x = 0, y = 0;
    if (words >> kind >> name >> x >> y && kind == "widget" && name.rfind("proc:", 0) == 0)
      cards.emplace_back(y, name.substr(5));
  }
  std::stable_sort(cards.begin(), cards.end());
  std::vector<std::string> codes;
  for (const auto& card : cards) codes.push_back(card.second);
  return codes;
}

TEST_CASE("views: the catalog screen lists what `kioskctl catalog search` finds, in its order (issue 12)",
          "[ui][search]") {
  Kiosk k;
  k.tap("start");
  REQUIRE(k.journey.screen() == Screen::ChooseProcedure);
  for (const std::string query : {"cap", "giay", "dang ky", "lai xe", "hang khong"}) {
    INFO("query: " << query);
    const auto expected = kioskctl_search(query);
    REQUIRE(expected.size() >= 2);  // a ranking to compare, not a single hit
    k.journey.set_search_text("");
    k.tap("input:search");
    k.app->ui().type_text(query);
    k.frame();
    REQUIRE(k.journey.search_text() == query);
    const auto drawn = procedures_drawn(k);
    // Every hit is on the screen or below it (the list scrolls); what is drawn is kioskctl's list from its top.
    REQUIRE(drawn.size() >= 2);
    REQUIRE(drawn.size() <= expected.size());
    CHECK(drawn == std::vector<std::string>(expected.begin(), expected.begin() + long(drawn.size())));
    std::vector<std::string> journey_codes;
    for (const Procedure* p : k.journey.visible_procedures()) journey_codes.push_back(p->code);
    CHECK(journey_codes == expected);
  }
}

TEST_CASE("views: a receipt look-up behind its lookup code, typed on the keyboard or in the receipt's QR (issue 20)",
          "[ui][status_gate]") {
  next_status_lookup = "lookup_code";
  Kiosk k;
  next_status_lookup = "open";
  walk_every_citizen_screen(k, Lang::Vi);  // files a dossier: this kiosk's queue holds it
  const auto filed = k.services.outbox()->list();
  REQUIRE(filed.size() == 1);
  const Dossier& dossier = filed.front().dossier;
  REQUIRE(dossier.lookup_code.size() == 8);
  // What is printed in the receipt's QR, read back by the kiosk's scanner.
  const std::string qr = printing::tracking_payload(dossier, k.config);
  CHECK(qr == dossier.code + " " + dossier.lookup_code);

  // The dossier code alone (typed on a phone from a photo, a receipt printed before): the code is asked.
  k.app->scan(dossier.code, "camera", k.now);
  k.frame();
  REQUIRE(k.journey.screen() == Screen::DossierStatus);
  CHECK(k.has("status_code_prompt"));
  CHECK(k.has("input:status_code"));
  CHECK_FALSE(k.has("status_value"));
  k.tap("input:status_code");
  REQUIRE(k.app->ui().has_focus());
  k.app->ui().type_text("abcd1234");
  k.frame();
  k.tap("next");  // "Xem tình trạng"
  CHECK(k.journey.screen() == Screen::DossierStatus);
  CHECK_FALSE(k.has("status_value"));
  REQUIRE(k.journey.status_code_message());
  CHECK(*k.journey.status_code_message() == message("status.code_wrong"));
  // The right one, typed in lower case on the on-screen keyboard's letters and digits.
  k.tap("input:status_code");
  std::string lower = dossier.lookup_code;
  for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  k.app->ui().type_text(lower);
  k.frame();
  CHECK(k.journey.status_code_text() == lower);
  k.tap("next");
  CHECK(k.has("status_value"));
  k.tap("next");  // "Trang đầu"
  REQUIRE(k.journey.screen() == Screen::Attract);

  // The receipt's own QR: possession of the paper is the proof.
  k.app->scan(qr, "camera", k.now);
  k.frame();
  REQUIRE(k.journey.screen() == Screen::DossierStatus);
  CHECK(k.has("status_value"));
  CHECK_FALSE(k.has("input:status_code"));
  k.tap("next");

  // Three wrong codes: back to the attract screen.
  k.app->scan(dossier.code, "camera", k.now);
  k.frame();
  for (const char* wrong : {"00000000", "11111111", "22222222"}) {
    k.tap("input:status_code");
    k.app->ui().type_text(wrong);
    k.frame();
    k.tap("next");
  }
  CHECK(k.journey.screen() == Screen::Attract);
  CHECK_FALSE(k.has("status_value"));
  k.check_no_missing_strings();
}

TEST_CASE("views: Hủy asks first, and the next citizen starts with the office's display settings (issue 13)", "[ui]") {
  Kiosk k;
  const double configured_scale = k.app->ui().text_scale();
  // The first citizen: English, high contrast, large text.
  k.tap("lang");
  k.tap("contrast");
  k.tap("text_bigger");
  k.tap("start");
  REQUIRE(k.journey.lang() == Lang::En);
  REQUIRE(k.app->ui().palette().is_high_contrast());
  REQUIRE(k.app->ui().text_scale() > configured_scale);
  // English starts with Telex off: "aa" stays "aa".
  k.tap("input:search");
  CHECK(k.app->ui().entry().mode() == ui::KeyboardMode::Plain);
  k.app->ui().type_text("aa");
  k.frame();
  CHECK(k.journey.search_text() == "aa");
  k.app->ui().clear_focus();
  k.journey.set_search_text("");
  k.frame();
  k.tap("proc:1.002820");
  k.tap("next");
  REQUIRE(k.journey.screen() == Screen::Identify);
  k.app->scan(kCard, "camera", k.now);
  k.frame();
  // One tap on Hủy loses nothing: it asks.
  k.tap("cancel");
  CHECK(k.journey.cancel_asked());
  CHECK(k.journey.screen() == Screen::Identify);
  CHECK(k.has("cancel_keep"));
  k.tap("cancel_keep");
  CHECK_FALSE(k.journey.cancel_asked());
  CHECK(k.journey.identify_fields().full_name == "Nguyễn Văn A");
  k.tap("cancel");
  k.tap("cancel_confirm");
  REQUIRE(k.journey.screen() == Screen::Attract);
  CHECK(k.journey.citizen_data_dump().empty());
  // The next citizen: Vietnamese, normal contrast, the configured text size, Telex on.
  CHECK(k.journey.lang() == Lang::Vi);
  CHECK_FALSE(k.app->ui().palette().is_high_contrast());
  CHECK(k.app->ui().text_scale() == configured_scale);
  k.tap("start");
  k.tap("input:search");
  CHECK(k.app->ui().entry().mode() == ui::KeyboardMode::Telex);
  k.check_no_missing_strings();
}

TEST_CASE("views: every glyph of every string is in the kiosk's fonts (issue 13)", "[ui][fonts]") {
  Kiosk k;
  const ImFontAtlas& atlas = *ImGui::GetIO().Fonts;
  std::vector<std::string> texts = k.services.tr().all_text();
  for (const char* chrome : {"‹ ", " ›"}) texts.push_back(chrome);  // the footer's arrows
  int checked = 0;
  for (const ImFont* font : atlas.Fonts) {
    if (font->FontSize > 200) continue;  // the ticket number font: ASCII only, by design
    for (const std::string& text : texts) {
      const char* p = text.c_str();
      const char* end = p + text.size();
      while (p < end) {
        unsigned int c = 0;
        p += ImTextCharFromUtf8(&c, p, end);
        if (c == '\n' || c == 0) continue;
        INFO("U+" << std::hex << c << " in: " << text);
        CHECK(font->FindGlyphNoFallback(ImWchar(c)) != nullptr);
        ++checked;
      }
    }
  }
  CHECK(checked > 1000);
}

TEST_CASE("views: fonts built ahead on another thread are the first frame's, and dropped for another window size "
          "(issue 12)",
          "[ui][fonts]") {
  // As main.cpp builds them while the window opens: on another thread, before any ImGui context exists, from
  // the texts of services loaded over the same assets.
  const auto build_ahead = [](int width, int height) {
    TempDir dir;
    const Config config = test_config(dir.path);
    app::Services services{config, [] {}};
    std::unique_ptr<ui::PrebuiltFonts> built;
    std::thread([&] {
      built = ui::PrebuiltFonts::build(ui::texts_to_show(services), ui::ui_scale_for(width, height),
                                       config.ui.text_scale);
    }).join();
    return built;
  };
  SECTION("the window has the planned size: the atlas built ahead is the one drawn with") {
    auto ahead = build_ahead(1080, 1920);
    const ImFontAtlas* built_atlas = ahead->atlas();
    Kiosk k(std::move(ahead));
    CHECK(ImGui::GetIO().Fonts == built_atlas);
    const ui::FontSet& fonts = k.app->ui().fonts();
    CHECK(fonts.body->ContainerAtlas == built_atlas);
    CHECK(fonts.body->FontSize == 32);
    CHECK(fonts.number->FontSize == 240);
    int missing = 0;
    for (const std::string& text : k.services.tr().all_text())
      for (const char *p = text.c_str(), *end = p + text.size(); p < end;) {
        unsigned int c = 0;
        p += ImTextCharFromUtf8(&c, p, end);
        if (c != '\n' && c != 0 && !fonts.body->FindGlyphNoFallback(ImWchar(c))) ++missing;
      }
    CHECK(missing == 0);
    k.tap("start");  // and the journey goes on drawing with it
    CHECK(k.journey.screen() != Screen::Attract);
  }
  SECTION("the window came out smaller: the kiosk builds fonts for the size it has") {
    auto ahead = build_ahead(1080, 1920);
    const ImFontAtlas* built_atlas = ahead->atlas();
    Kiosk k(std::move(ahead), 720, 1280);
    CHECK(ImGui::GetIO().Fonts != built_atlas);
    CHECK(k.app->ui().fonts().body->FontSize == std::round(32 * 720 / 1080.f));
  }
}

namespace {

// Every glyph of `text` is in `font` (none drawn as the fallback box).
bool font_holds(const ImFont& font, const std::string& text) {
  const char* p = text.c_str();
  const char* end = p + text.size();
  while (p < end) {
    unsigned int c = 0;
    p += ImTextCharFromUtf8(&c, p, end);
    if (c != ' ' && !font.FindGlyphNoFallback(ImWchar(c))) return false;
  }
  return true;
}

}  // namespace

TEST_CASE("views: the waiting-room display draws its numbers at the size they were rasterised at (issue 13)",
          "[ui][display]") {
  // A TV in landscape (the e2e displays' 1920x1080), a smaller and a 4K one, and one hung in portrait.
  for (const auto& [width, height] :
       std::vector<std::pair<int, int>>{{1920, 1080}, {1280, 720}, {3840, 2160}, {1080, 1920}}) {
    INFO(width << "x" << height);
    Kiosk k;
    TicketStore& store = *k.services.tickets();
    for (int i = 0; i < 3; ++i) store.take("A", false);
    store.call_next({"A"}, "1");
    store.call_next({"A"}, "Counter 3");
    store.call_next({"A"}, "Quầy 2");  // the README's example: shown as "Quầy 2 / Counter 2"
    app::WaitingRoomFeed feed(store, {}, [] {});
    k.app = std::make_unique<ui::KioskApp>(ui::Role::Display, k.services, k.journey, k.staff, &feed);
    k.width = width;
    k.height = height;
    k.wait_for([&] { return feed.tickets().size() == 3; });
    k.frame();

    std::map<std::string, std::pair<float, float>> fonts;  // text: its font's size, the size drawn
    std::istringstream lines(k.app->test_hook_lines(0));
    for (std::string line; std::getline(lines, line);) {
      std::istringstream words(line);
      std::string kind, name;
      float rasterised = 0, drawn = 0;
      if (words >> kind >> name >> rasterised >> drawn && kind == "font") fonts[name] = {rasterised, drawn};
    }
    REQUIRE(fonts.count("display.number"));
    REQUIRE(fonts.count("display.counter"));
    // The newest number six times the 48-px-at-1080p text: 288 px on a 1080p TV, drawn from a font of that size.
    CHECK(fonts["display.number"].second == Approx(height / 1080.0 * 288).margin(0.5));
    for (const auto& [name, sizes] : fonts) {
      INFO(name << ": rasterised at " << sizes.first << " px, drawn at " << sizes.second << " px");
      CHECK(sizes.first == sizes.second);
    }
    // Every glyph of the numbers and counters is in the font they are drawn in.
    const ImFontAtlas& atlas = *ImGui::GetIO().Fonts;
    auto font_of_size = [&](float pixels) -> const ImFont* {
      for (const ImFont* font : atlas.Fonts)
        if (font->FontSize == pixels) return font;
      return nullptr;
    };
    const ImFont* number = font_of_size(fonts["display.number"].first);
    const ImFont* line = font_of_size(fonts["display.counter"].first);
    REQUIRE(number);
    REQUIRE(line);
    for (const Ticket& ticket : feed.tickets()) {
      INFO(ticket.label << " at " << ticket.counter);
      CHECK(font_holds(*number, ticket.label));
      const LocalizedText counter = counter_display_name(ticket.counter);
      CHECK(font_holds(*line, ticket.label + " " + counter.vi + " / " + counter.en));
    }
    // The atlas fits a texture every OpenGL the kiosk meets takes (4096 on the smallest GPUs it runs on).
    INFO("font atlas " << atlas.TexWidth << "x" << atlas.TexHeight);
    CHECK(atlas.TexWidth <= 4096);
    CHECK(atlas.TexHeight <= 4096);
    if (std::getenv("MC_PRINT_ATLAS"))
      std::printf("display %dx%d: font atlas %dx%d\n", width, height, atlas.TexWidth, atlas.TexHeight);
    k.app.reset();  // before the feed it reads
  }
}

TEST_CASE("views: staff mode's PIN pad and every staff screen draw", "[ui][staff]") {
  Kiosk k;
  walk_every_citizen_screen(k, Lang::Vi);  // a dossier in the queue table
  const std::string code = k.services.outbox()->list().front().dossier.code;
  k.check_text_fits = true;  // staff buttons and the queue's codes are never cut (issue 13)
  k.app->input().key(ui::Key::StaffShortcut, k.now);
  k.frame();
  REQUIRE(k.staff.screen() == StaffScreen::PinPad);
  for (const char* digit : {"2", "4", "6", "8", "1", "3"}) k.tap(std::string("staff.pin.") + digit);
  k.tap("staff.pin.ok");
  REQUIRE(k.staff.screen() == StaffScreen::Find);
  for (const char* nav : {"queue", "printer", "summary", "tickets", "chip", "config", "find"}) {
    k.tap(std::string("staff.nav.") + nav);
    CHECK(k.staff.is_authenticated());
  }
  // The ID card panel: 11 digits are neither an ID number nor a CAN, and the officer is told so.
  k.tap("staff.nav.chip");
  REQUIRE(k.staff.screen() == StaffScreen::IdCard);
  // A touch-only counter (issue 13): a tap on the box brings the number pad; the officer types on it.
  CHECK_FALSE(k.has("key:0"));
  k.tap("staff.chip.input");
  REQUIRE(k.has("key:0"));
  CHECK_FALSE(k.has("key:q"));  // digits only
  for (char digit : std::string("00109901234")) k.tap(std::string("key:") + digit);
  CHECK(k.staff.chip_number() == "00109901234");
  k.tap("staff.chip.read");
  CHECK(k.app->test_hook_lines(0).find("widget staff.chip.need_number ") != std::string::npos);
  k.tap("staff.chip.clear");
  CHECK(k.staff.chip_number().empty());
  k.tap("staff.nav.find");
  CHECK(k.staff.screen() == StaffScreen::Find);
  k.tap("staff.nav.queue");
  CHECK(k.has("staff.queue.code." + code));  // the full code, in a column as wide as it
  // Found by the applicant's phone (the walk typed 0912345678) through the queue's sealed data.
  k.tap("staff.nav.find");
  CHECK_FALSE(k.has("key:0"));  // the chip screen's pad went with its screen
  k.tap("staff.find.input");
  REQUIRE(k.has("key:q"));
  const auto box = k.rect("staff.find.input");
  const auto go = k.rect("staff.find.go");
  CHECK(box[1] + box[3] <= k.rect("key:1")[1]);  // the box stays above the keyboard
  CHECK(go[1] + go[3] <= k.rect("key:1")[1]);
  for (char digit : std::string("0912345678")) k.tap(std::string("key:") + digit);
  CHECK(k.staff.find_text() == "0912345678");
  k.tap("staff.find.go");
  CHECK(k.staff.screen() == StaffScreen::Detail);
  REQUIRE(k.staff.current());
  CHECK(k.staff.current()->code == code);
  k.tap("key:done");
  CHECK_FALSE(k.has("key:q"));
  k.tap("staff.nav.leave");
  CHECK(k.staff.screen() == StaffScreen::Closed);
  CHECK(k.text_overflows == std::set<std::string>{});
  k.check_no_missing_strings();
}

TEST_CASE("views: staff mode shows a dossier's electronic documents, their pages, and exports one (issue 14)",
          "[ui][staff][attachments]") {
  Kiosk k;  // no document scanner: the document came with `kioskctl submit --attach`
  Dossier dossier = documents::testing::sample_form_dossier();
  for (auto& document : dossier.documents_received)
    if (document.code == "TP2") {
      document.medium = DocumentMedium::Electronic;
      document.pages = 2;
    }
  k.services.outbox()->enqueue(dossier, sync::build_record_text(dossier, k.config), dossier.received_at.to_unix());
  capture::Raster raster;
  raster.width = 400;
  raster.height = 560;
  raster.dpi = 100;
  raster.pixels.assign(size_t(400) * 560, 255);
  std::fill(raster.pixels.begin(), raster.pixels.begin() + 400 * 140, 0);
  CapturedPage page;
  page.jpeg = capture::encode_jpeg(raster, 70);
  page.width = 400;
  page.height = 560;
  page.dpi = 100;
  const std::vector<uint8_t> pdf = capture::build_document_pdf({&page, &page}, {});
  k.services.attachments()->seal(dossier.code, "TP2", pdf);

  k.check_text_fits = true;
  k.app->input().key(ui::Key::StaffShortcut, k.now);
  k.frame();
  for (const char* digit : {"2", "4", "6", "8", "1", "3"}) k.tap(std::string("staff.pin.") + digit);
  k.tap("staff.pin.ok");
  REQUIRE(k.staff.find(dossier.code));
  k.frame();
  k.tap("staff.detail.documents");
  REQUIRE(k.staff.screen() == StaffScreen::Documents);
  CHECK(k.has("staff.documents.view.TP2"));
  CHECK(k.has("staff.documents.view.TP4"));
  CHECK_FALSE(k.has("staff.documents.export"));  // nothing chosen yet
  k.tap("staff.documents.view.TP2");
  CHECK(k.staff.document_code() == "TP2");
  // The pages come from the sealed PDF on the viewer's thread; each frame draws what is there.
  k.wait_for([&] { return k.has("staff.documents.page.2"); });
  CHECK(k.has("staff.documents.page.1"));
  const auto first = k.rect("staff.documents.page.1");
  CHECK(first[2] >= 400);                                   // large: wider than the page's 4 inches at 100 dpi
  CHECK(first[3] == Approx(first[2] * 1.4).epsilon(0.02));  // the page's own proportions

  k.tap("staff.documents.export");  // no USB stick yet
  CHECK(k.staff.message_is_error());
  fs::create_directories(k.config.scanner.document_export_dir);
  k.tap("staff.documents.export");
  CHECK_FALSE(k.staff.message_is_error());
  const fs::path exported = fs::path(k.config.scanner.document_export_dir) / (dossier.code + "_TP2.pdf");
  REQUIRE(fs::exists(exported));
  CHECK(fs::file_size(exported) == pdf.size());

  k.journey.set_lang(Lang::En);
  k.frame();
  k.frame();
  CHECK(k.has("staff.documents.page.2"));
  k.tap("staff.documents.back");
  CHECK(k.staff.screen() == StaffScreen::Detail);
  k.tap("staff.nav.leave");
  CHECK(k.staff.screen() == StaffScreen::Closed);
  CHECK(k.services.document_pages()->view().pages.empty());  // the officer's pictures go with staff mode
  CHECK(k.text_overflows == std::set<std::string>{});
  k.check_no_missing_strings();
}

// From the attract screen through 1.002820's ID card and form, answered step by step, to what follows the
// form (the capture step when the kiosk has a document scanner).
void walk_to_capture(Kiosk& k) {
  k.tap("start");
  k.tap("proc:1.002820");
  k.tap("next");
  k.app->scan(kCard, "camera", k.now);
  k.frame();
  k.tap("next");
  for (int step = 0; step < 10 && k.journey.screen() == Screen::Form; ++step) {
    k.answer_step();
    k.answer_step();
    k.tap("next");
  }
}

TEST_CASE("views: the capture step scans pages from SANE's test backend, shows them, retakes and skips (issue 14)",
          "[ui][capture]") {
  mc::test::use_sane_test_backend();
  next_document_device = "test:0";
  Kiosk k;
  next_document_device.clear();
  REQUIRE(k.services.document_scanner());
  walk_to_capture(k);
  // The health certificate must be scanned: continuing without a page says so and stays.
  REQUIRE(k.journey.screen() == Screen::Capture);
  CHECK(k.has("capture:document:TP2"));
  CHECK_FALSE(k.has("capture:skip"));
  k.tap("next");
  CHECK(k.journey.screen() == Screen::Capture);
  CHECK(k.has("capture:message"));
  k.tap("capture:scan");
  k.wait_for([&] { return !k.journey.capture_scanning(); });
  REQUIRE(k.journey.captured_documents()[0].pages.size() == 1);
  const CapturedPage& first = k.journey.captured_documents()[0].pages[0];
  CHECK(first.dpi == 200);
  CHECK(first.width > 1500);  // A4 at 200 dpi: 1654 px wide
  k.frame();
  CHECK(k.has("capture:page:1"));
  CHECK(k.has("capture:retake:1"));
  k.tap("capture:scan");  // now "add a page"
  k.wait_for([&] { return !k.journey.capture_scanning(); });
  k.frame();
  CHECK(k.has("capture:page:2"));
  CHECK(k.has("capture:remove:2"));  // below the fold on a portrait screen: the citizen scrolls to it
  k.journey.remove_page(1);
  CHECK(k.journey.captured_documents()[0].pages.size() == 1);
  k.tap("next");
  // The ID copy may come on paper.
  REQUIRE(k.journey.capture_index() == 1);
  k.tap("capture:skip");
  REQUIRE(k.journey.screen() == Screen::Review);
  k.check_no_missing_strings();
  // Submitted: the health certificate is received as one sealed PDF of one page, the ID copy owed on paper.
  k.tap("next");
  REQUIRE(k.journey.screen() == Screen::Receipt);
  const Dossier& dossier = *k.journey.dossier();
  CHECK(dossier.documents_received[1].medium == DocumentMedium::Electronic);
  CHECK(dossier.documents_received[1].pages == 1);
  CHECK(dossier.documents_received[2].medium == DocumentMedium::Paper);
  CHECK(fs::exists(k.dir.path / "attachments" / dossier.code / "TP2.pdf.sealed"));
  // Walking away wipes the pages with the rest.
  k.journey.cancel();
  k.frame();
  CHECK(k.journey.citizen_data_dump().empty());
}

TEST_CASE("views: a scanner that stops sending mid-page is given up, and the citizen goes on without it (issue 14)",
          "[ui][capture]") {
  // SANE's test device at its slowest (its reader pauses 200 ms after each buffer: an A4 page takes about
  // 15 s), and the kiosk's clock moved on past the stall between two frames: the page has not come back
  // and has not moved since it was asked for, as with a driver stuck on a pulled USB cable.
  mc::test::use_sane_test_backend();
  next_document_device = "test:0";
  next_document_options = {"read-delay=yes", "read-delay-duration=200000"};
  const int stall_s = 2;
  next_capture_stall_s = stall_s;
  Kiosk k;
  next_document_device.clear();
  next_document_options.clear();
  next_capture_stall_s = JourneyOptions{}.capture_stall_s;
  REQUIRE(k.services.document_scanner());
  walk_to_capture(k);
  REQUIRE(k.journey.screen() == Screen::Capture);
  CHECK_FALSE(k.has("capture:skip"));  // the health certificate must be scanned while the scanner works
  k.tap("capture:scan");
  CHECK(k.journey.capture_scanning());
  k.frame();
  CHECK(k.journey.capture_scanning());  // not given up before its time
  for (int tries = 0; tries < 5 && k.journey.capture_scanning(); ++tries) {
    k.now += 1000 * (stall_s + 1) - 50;  // frame() adds the last 50 ms
    k.frame();
  }
  CHECK_FALSE(k.journey.capture_scanning());
  // Told calmly that the scanner is not answering; the required document may now come on paper.
  REQUIRE(k.journey.capture_message());
  CHECK(k.journey.capture_message()->vi == message("capture.failure.disconnected").vi);
  k.frame();
  CHECK(k.has("capture:message"));
  CHECK_FALSE(k.has("capture:scan"));
  k.tap("capture:skip");
  REQUIRE(k.journey.screen() == Screen::Review);
  k.tap("next");
  REQUIRE(k.journey.screen() == Screen::Receipt);
  const Dossier& dossier = *k.journey.dossier();
  CHECK(dossier.documents_received[1].medium == DocumentMedium::Paper);
  CHECK(dossier.documents_received[2].medium == DocumentMedium::Paper);
  CHECK_FALSE(fs::exists(k.dir.path / "attachments" / dossier.code));
  // The page given up was cancelled off the UI thread, and the scanner's worker comes back from it.
  k.journey.cancel();
  k.wait_for([&] { return !k.services.capture_busy(); });
}

TEST_CASE(
    "views: a 4K kiosk builds its fonts (a 480 px ticket number) and draws the attract screen, portrait and landscape",
    "[ui][fonts]") {
  // At 2160x3840 everything is drawn at twice its size: the ticket number's font is 480 px, past what ImGui
  // 1.86's FreeType builder can hold in one glyph buffer (it wrote past it and corrupted the heap).
  for (auto [width, height] : {std::pair{2160, 3840}, std::pair{3840, 2160}}) {
    INFO(width << "x" << height);
    Kiosk k;
    k.width = width;
    k.height = height;
    k.frame();
    REQUIRE(k.journey.screen() == Screen::Attract);
    const ImFontAtlas& atlas = *ImGui::GetIO().Fonts;
    float largest = 0;
    for (const ImFont* font : atlas.Fonts) largest = std::max(largest, font->FontSize);
    CHECK(largest == Approx(480));  // the ticket number, rasterised at the size it is drawn
    for (const ImFont* font : atlas.Fonts) CHECK(font->FindGlyphNoFallback('8') != nullptr);
    CHECK(atlas.TexWidth <= 4096);
    CHECK(atlas.TexHeight <= 4096);
  }
}
