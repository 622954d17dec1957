// What the kiosk says: screen by screen over a real journey with the shipped catalog and translations,
// the privacy rule, tap-to-hear, and the waiting-room announcements.
#include <catch2/catch.hpp>

#include "mc/core/catalog.hpp"
#include "mc/core/config.hpp"
#include "mc/core/i18n.hpp"
#include "mc/core/journey.hpp"
#include "mc/core/speech_text.hpp"
#include "mc/core/voice_script.hpp"

using namespace mc;

namespace {

const std::string kAssets = MC_TEST_ASSETS_DIR;

const Catalog& shipped_catalog() {
  static const Catalog catalog = [] {
    std::vector<CatalogIssue> issues;
    return Catalog::load_dir(kAssets + "/catalog", issues);
  }();
  return catalog;
}
const Translations& translations() {
  static const Translations tr = Translations::load(kAssets + "/i18n");
  return tr;
}

const char* kName = "Nguyễn Văn An";
const char* kId = "001099012345";
const char* kAddress = "Số 1 Đường Láng, Đống Đa";

struct Kiosk {
  Journey journey{shipped_catalog(),
                  [](const SubmitDraft& draft) {
                    SubmitOutcome out;
                    out.accepted = true;
                    Dossier d;
                    d.code = "000.00.15.G12-260302-1007";
                    d.applicant = draft.applicant;
                    d.received_at = LocalDateTime{Date{2026, 3, 2}, 9, 0, 0};
                    d.due_at = LocalDateTime{Date{2026, 3, 9}, 9, 0, 0};
                    out.dossier = d;
                    return out;
                  },
                  [](const std::string& code) {
                    DossierStatusView v;
                    v.code = code;
                    return v;
                  },
                  [] {
                    JourneyOptions o;
                    o.clock = fixed_clock(LocalDateTime{Date{2026, 3, 2}, 9, 0, 0}.to_unix());
                    return o;
                  }()};

  void scan_card() {
    CitizenIdentity id;
    id.id_number = kId;
    id.full_name = kName;
    id.date_of_birth = Date::from_ymd(1980, 5, 17);
    id.sex = Sex::Male;
    id.address = kAddress;
    journey.on_id_card(id);
  }
};

bool says(const Speech& speech, const std::string& part) {
  return speech.text().find(part) != std::string::npos;
}

void check_no_personal_data(const std::string& text) {
  INFO(text);
  CHECK(text.find("Nguyễn") == std::string::npos);
  CHECK(text.find("099012") == std::string::npos);
  CHECK(text.find("Láng") == std::string::npos);
  CHECK(text.find("17/05/1980") == std::string::npos);
}

}  // namespace

TEST_CASE("each screen says its title and instruction in the screen's language", "[voice_script]") {
  Kiosk k;
  const VoicePolicy policy;
  Speech attract = screen_speech(k.journey, translations(), policy);
  CHECK(says(attract, translations().tr("attract.title", Lang::Vi)));
  CHECK(says(attract, "Chạm một lần để nghe"));

  k.journey.start();
  Speech choose = screen_speech(k.journey, translations(), policy);
  CHECK(says(choose, "Bạn cần làm thủ tục gì?"));
  CHECK(says(choose, "Có " + std::to_string(shipped_catalog().size()) + " thủ tục."));

  REQUIRE(k.journey.choose_procedure("1.002820"));
  Speech info = screen_speech(k.journey, translations(), policy);
  CHECK(says(info, "Cấp lại giấy phép lái xe."));
  CHECK(says(info, "135.000 ₫"));  // the normaliser reads it as "một trăm ba mươi lăm nghìn đồng"
  CHECK(says(info, "Làm hồ sơ"));

  k.journey.set_lang(Lang::En);
  Speech english = screen_speech(k.journey, translations(), policy);
  CHECK(english.lang == Lang::En);
  CHECK(says(english, "Re-issue"));
}

TEST_CASE("personal data is never spoken without private audio", "[voice_script]") {
  Kiosk k;
  k.journey.start();
  REQUIRE(k.journey.choose_procedure("1.002820"));
  k.journey.next();
  REQUIRE(k.journey.screen() == Screen::Identify);
  k.scan_card();

  VoicePolicy open_room;
  Speech identify = screen_speech(k.journey, translations(), open_room);
  CHECK(says(identify, translations().tr("identify.from_card", Lang::Vi)));
  CHECK(says(identify, "không được đọc to"));
  check_no_personal_data(identify.text());

  VoicePolicy handset;
  handset.private_audio = true;
  Speech private_identify = screen_speech(k.journey, translations(), handset);
  CHECK(says(private_identify, kName));
  CHECK(says(private_identify, kId));
  bool marked = false;
  for (const auto& line : private_identify.lines)
    if (line.text.find(kName) != std::string::npos) marked = line.personal;
  CHECK(marked);  // so the spoken-text log masks it even then

  // A tapped text field follows the same rule: its label is said, what the citizen typed is not.
  GuidanceNarrator narrator(translations(), open_room, true);
  auto heard = narrator.tap("full_name", "Họ và tên *", 1000, kName);
  REQUIRE(heard.speech);
  check_no_personal_data(heard.speech->text());
  CHECK(says(*heard.speech, "Họ và tên."));
}

TEST_CASE("the receipt screen reads the dossier code, the due date and what to do next", "[voice_script]") {
  Kiosk k;
  k.journey.start();
  REQUIRE(k.journey.choose_procedure("1.001777"));
  k.journey.next();
  k.scan_card();
  k.journey.next();
  int guard = 0;
  while (k.journey.screen() == Screen::Form && guard++ < 20) {
    for (const FieldSpec* field : k.journey.visible_fields())
      if (field->required && k.journey.answer_text(*field).empty()) {
        if (!field->options.empty())
          k.journey.toggle_choice(*field, field->options.front().value);
        else if (field->type == FieldType::Consent)
          k.journey.toggle_choice(*field, "true");
        else if (field->type == FieldType::Phone)
          k.journey.set_answer_text(*field, "0912345678");
        else if (field->id == "licence_number")
          k.journey.set_answer_text(*field, "012345678901");
        else if (field->id == "passport_number")
          k.journey.set_answer_text(*field, "C1234567");
        else
          k.journey.set_answer_text(*field, "Hà Nội");
      }
    k.journey.next();
  }
  REQUIRE(k.journey.screen() == Screen::Review);
  k.journey.next();
  REQUIRE(k.journey.screen() == Screen::Receipt);
  Speech receipt = screen_speech(k.journey, translations(), VoicePolicy{});
  CHECK(says(receipt, "Mã hồ sơ: 000.00.15.G12-260302-1007."));
  CHECK(says(receipt, "Ngày hẹn trả kết quả: 09/03/2026, 09:00."));
  CHECK(says(receipt, translations().tr("receipt.body", Lang::Vi)));
  check_no_personal_data(receipt.text());

  const SpeechNormalizer normalizer = SpeechNormalizer::load(kAssets + "/voice");
  const std::string spoken = normalizer.normalize(receipt.text(), Lang::Vi);
  CHECK(spoken.find("ngày mồng chín tháng ba năm hai nghìn không trăm hai mươi sáu") != std::string::npos);
  CHECK(spoken.find("gạch ngang một không không bảy") != std::string::npos);
}

TEST_CASE("guidance: off by default, a new screen speaks and interrupts, errors and the idle warning follow",
          "[voice_script]") {
  Kiosk k;
  GuidanceNarrator narrator(translations(), VoicePolicy{});
  CHECK(narrator.observe(k.journey, 0).empty());  // the kiosk starting says nothing
  k.journey.start();
  CHECK(narrator.observe(k.journey, 100).empty());  // guidance is off

  Speech on = narrator.toggle(k.journey);
  CHECK(narrator.enabled());
  CHECK(says(on, "Đã bật hướng dẫn bằng giọng nói."));
  CHECK(says(on, "Bạn cần làm thủ tục gì?"));       // and then the screen it is on
  CHECK(narrator.observe(k.journey, 200).empty());  // nothing new

  REQUIRE(k.journey.choose_procedure("1.002820"));
  auto info = narrator.observe(k.journey, 300);
  REQUIRE(info.size() == 1);
  CHECK(info[0].interrupt);
  CHECK(says(info[0], "Cấp lại giấy phép lái xe."));

  k.journey.next();  // Identify
  narrator.observe(k.journey, 400);
  k.journey.next();  // nothing typed: errors
  auto errors = narrator.observe(k.journey, 500);
  REQUIRE(errors.size() == 1);
  CHECK(says(errors[0], "Xin kiểm tra lại."));
  CHECK(says(errors[0], "Xin nhập họ và tên."));
  CHECK(narrator.observe(k.journey, 600).empty());  // said once

  k.journey.note_input(1000);
  auto before = narrator.observe(k.journey, 1000 + 89'000);
  CHECK(before.empty());
  k.journey.tick(1000 + 90'500);
  auto idle = narrator.observe(k.journey, 1000 + 90'500);
  REQUIRE(idle.size() == 1);
  CHECK(says(idle[0], "Bạn còn ở đây không?"));
  CHECK(says(idle[0], "sau 20 giây"));

  // The citizen leaves: the idle wipe returns to the attract screen, and the next person starts with
  // guidance off again.
  k.journey.tick(1000 + 111'000);
  REQUIRE(k.journey.screen() == Screen::Attract);
  narrator.observe(k.journey, 1000 + 111'000);
  CHECK_FALSE(narrator.enabled());
  Speech off_again = narrator.set_enabled(false, k.journey);
  CHECK(off_again.empty());
}

TEST_CASE("tap once to hear, twice to choose, or speak and act at once", "[voice_script]") {
  Kiosk k;
  GuidanceNarrator narrator(translations(), VoicePolicy{});
  auto silent = narrator.tap("start", "Chạm để bắt đầu", 0);
  CHECK(silent.act);  // guidance off: every tap acts at once
  CHECK_FALSE(silent.speech);

  narrator.set_enabled(true, k.journey);
  auto first = narrator.tap("start", "Chạm để bắt đầu", 1000);
  CHECK_FALSE(first.act);
  REQUIRE(first.speech);
  CHECK(first.speech->text() == "Chạm để bắt đầu.");
  auto second = narrator.tap("start", "Chạm để bắt đầu", 2500);
  CHECK(second.act);
  CHECK_FALSE(second.speech);
  auto other = narrator.tap("take_number", "Lấy số thứ tự", 3000);
  CHECK_FALSE(other.act);
  auto late = narrator.tap("take_number", "Lấy số thứ tự", 3000 + 7000);  // after the confirm window
  CHECK_FALSE(late.act);

  VoicePolicy at_once;
  at_once.tap_to_hear = false;
  GuidanceNarrator quick(translations(), at_once, true);
  auto tap = quick.tap("start", "Chạm để bắt đầu", 0);
  CHECK(tap.act);
  REQUIRE(tap.speech);
  CHECK(tap.speech->interrupt);

  auto toggle = narrator.tap_immediate("voice", "Nghe hướng dẫn");
  CHECK(toggle.act);
}

TEST_CASE("the ticket screen says the number, even without guidance", "[voice_script]") {
  Kiosk k;
  k.journey.set_service_areas({{"A", {"Đường bộ", "Roads"}}});
  GuidanceNarrator narrator(translations(), VoicePolicy{});
  narrator.observe(k.journey, 0);
  k.journey.take_number();
  CHECK(narrator.observe(k.journey, 10).empty());
  REQUIRE(k.journey.choose_ticket("A", false));
  CHECK(narrator.observe(k.journey, 20).empty());  // waiting for the number: nothing to say yet
  auto commands = k.journey.take_commands();
  REQUIRE(commands.size() == 1);
  Ticket ticket;
  ticket.area = "A";
  ticket.number = 2;
  ticket.label = "A002";
  k.journey.on_ticket_taken(commands[0].request, ticket);
  auto said = narrator.observe(k.journey, 30);
  REQUIRE(said.size() == 1);
  CHECK(said[0].text() == "Số của bạn là A002.");
  const SpeechNormalizer normalizer = SpeechNormalizer::load(kAssets + "/voice");
  CHECK(normalizer.normalize(said[0].text(), Lang::Vi) == "Số của bạn là a không không hai.");
}

TEST_CASE("call announcements: chime and words, repeated, queued, or chime only, or off", "[voice_script]") {
  Ticket ticket;
  ticket.id = 7;
  ticket.label = "A002";
  ticket.counter = "Quầy 2";
  Speech voice = call_announcement(ticket, translations(), Lang::Vi, AnnounceMode::Voice, 2);
  CHECK(voice.chime);
  CHECK_FALSE(voice.interrupt);
  REQUIRE(voice.lines.size() == 2);
  CHECK(voice.lines[0].text == "Mời số A002 đến quầy 2.");
  ticket.counter = "3";
  CHECK(call_announcement(ticket, translations(), Lang::Vi, AnnounceMode::Voice).text() == "Mời số A002 đến quầy 3.");
  Speech chime = call_announcement(ticket, translations(), Lang::Vi, AnnounceMode::ChimeOnly);
  CHECK(chime.chime);
  CHECK(chime.lines.empty());
  CHECK(call_announcement(ticket, translations(), Lang::Vi, AnnounceMode::Off).empty());
  CHECK(parse_announce_mode("chime") == AnnounceMode::ChimeOnly);
  CHECK_FALSE(parse_announce_mode("loud"));
}

TEST_CASE("the [voice] configuration: defaults, and bad values named with the key", "[voice_script][config]") {
  const auto defaults = parse_config(default_config_toml(), "defaults");
  REQUIRE(defaults.ok());
  CHECK_FALSE(defaults.config.voice.guidance);  // off by default, on with one tap
  CHECK_FALSE(defaults.config.voice.private_audio);
  CHECK(defaults.config.voice.announce == "voice");
  const auto bad = parse_config("[voice]\nvolume = 120\nannounce = \"loud\"\nrate = 20\n", "voice.toml");
  REQUIRE(bad.issues.size() == 3);
  auto names = [&](const std::string& key, const std::string& reason) {
    for (const auto& issue : bad.issues)
      if (issue.key == key && issue.reason.find(reason) != std::string::npos) return true;
    return false;
  };
  CHECK(names("voice.volume", "between 0 and 100, got 120"));
  CHECK(names("voice.announce", "must be one of voice, chime, off"));
  CHECK(names("voice.rate", "between 80 and 450"));
  const auto handset = parse_config("[voice]\nprivate_audio = true\nannounce = \"chime\"\n", "voice.toml");
  REQUIRE(handset.ok());
  CHECK(handset.config.voice.private_audio);
  CHECK(parse_announce_mode(handset.config.voice.announce) == AnnounceMode::ChimeOnly);
}

TEST_CASE("an ID card read on the identify screen is said, its data only with private audio", "[voice_script]") {
  for (bool private_audio : {false, true}) {
    Kiosk k;
    VoicePolicy policy;
    policy.private_audio = private_audio;
    GuidanceNarrator narrator(translations(), policy, true);
    narrator.observe(k.journey, 0);
    k.journey.start();
    REQUIRE(k.journey.choose_procedure("1.002820"));
    k.journey.next();
    narrator.observe(k.journey, 10);
    k.scan_card();
    auto said = narrator.observe(k.journey, 20);
    REQUIRE(said.size() == 2);  // the screen again (what the card changed), then the scan's notice
    CHECK(says(said[0], translations().tr("identify.from_card", Lang::Vi)));
    CHECK(says(said[0], kName) == private_audio);
    CHECK(says(said[0], "không được đọc to") == !private_audio);
    CHECK_FALSE(said[1].interrupt);
  }
}
