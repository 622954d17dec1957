#include "mc/core/voice_script.hpp"

#include <algorithm>
#include <cstdio>

#include "mc/core/text.hpp"

namespace mc {

namespace {

std::string replace_all(std::string text, const std::string& from, const std::string& to) {
  for (size_t at = text.find(from); at != std::string::npos; at = text.find(from, at + to.size()))
    text.replace(at, from.size(), to);
  return text;
}

// "Họ và tên *" -> "Họ và tên": the required mark and a trailing colon are not read.
std::string bare_label(std::string text) {
  text = trim(text);
  while (!text.empty() && (text.back() == '*' || text.back() == ':' || text.back() == ' ')) text.pop_back();
  return text;
}

// Lines end in a full stop so the engine pauses between them; labels ending in ':' or '*' become sentences.
std::string sentence(std::string text) {
  text = bare_label(std::move(text));
  if (text.empty()) return text;
  const char last = text.back();
  if (last != '.' && last != '?' && last != '!' && !(text.size() >= 3 && text.substr(text.size() - 3) == "…"))
    text += '.';
  return text;
}

std::string hh_mm(const LocalDateTime& t) {
  char buffer[8];
  std::snprintf(buffer, sizeof buffer, "%02d:%02d", t.hour, t.minute);
  return buffer;
}

std::string vnd(int64_t amount) {
  std::string digits = std::to_string(amount), out;
  for (size_t i = 0; i < digits.size(); ++i) {
    if (i && (digits.size() - i) % 3 == 0) out += '.';
    out += digits[i];
  }
  return out + " ₫";
}

class ScreenScript {
 public:
  ScreenScript(const Journey& journey, const Translations& tr, const VoicePolicy& policy)
      : j_(journey), tr_(tr), policy_(policy), lang_(journey.lang()) {}

  std::vector<SpokenLine> lines() {
    switch (j_.screen()) {
      case Screen::Attract:
        attract();
        break;
      case Screen::ChooseProcedure:
        choose_procedure();
        break;
      case Screen::ProcedureInfo:
        procedure_info();
        break;
      case Screen::Identify:
        identify();
        break;
      case Screen::Form:
        form();
        break;
      case Screen::Review:
        review();
        break;
      case Screen::Receipt:
        receipt();
        break;
      case Screen::Rating:
        say_keys({"rating.title", "rating.body"});
        break;
      case Screen::Thanks:
        say_keys({"thanks.title", "thanks.body"});
        break;
      case Screen::DossierStatus:
        dossier_status();
        break;
      case Screen::TakeNumber:
        take_number();
        break;
      case Screen::Ticket:
        ticket();
        break;
      case Screen::Capture:
        say_keys({"capture.title", "capture.body"});
        break;
    }
    // Without private audio, personal lines never leave this model.
    if (!policy_.private_audio)
      lines_.erase(std::remove_if(lines_.begin(), lines_.end(), [](const SpokenLine& l) { return l.personal; }),
                   lines_.end());
    return lines_;
  }

 private:
  const std::string& T(const char* key) const { return tr_.tr(key, lang_); }
  const std::string& L(const LocalizedText& text) const { return text.get(lang_); }
  void say(const std::string& text, bool personal = false) {
    std::string line = sentence(text);
    if (!line.empty()) lines_.push_back({line, personal});
  }
  void say_keys(std::initializer_list<const char*> keys) {
    for (const char* key : keys) say(T(key));
  }
  void labelled(const std::string& label, const std::string& value, bool personal) {
    if (!value.empty()) say(bare_label(label) + ": " + value, personal);
  }

  void attract() {
    say_keys({"attract.title", "attract.start"});
    if (j_.tickets_available()) say(T("attract.take_number") + ": " + T("attract.take_number_hint"));
    say(T("attract.scan_id_title") + ": " + T("attract.scan_id_body"));
    if (policy_.tap_to_hear) say(T("voice.how_to_tap"));
  }

  void choose_procedure() {
    say(T("choose.title"));
    const size_t count = j_.visible_procedures().size();
    if (count == 0)
      say(T("choose.no_results"));
    else
      say(replace_all(T("voice.procedures_found"), "{n}", std::to_string(count)));
    say(T("choose.search_hint"));
  }

  void procedure_info() {
    const Procedure* p = j_.procedure();
    if (!p) return;
    say(L(p->name));
    say(T("info.time") + ": " + replace_all(T("info.days"), "{n}", std::to_string(p->processing_days)));
    if (p->fees.empty())
      say(T("info.fee") + ": " + T("info.no_fee"));
    else
      for (const Fee& fee : p->fees) say(L(fee.name) + ": " + vnd(fee.amount_vnd));
    if (!p->documents.empty()) {
      say(replace_all(T("voice.documents"), "{n}", std::to_string(p->documents.size())));
      for (const DocumentRequirement& d : p->documents)
        say(L(d.name) + ", " + to_lower(L(copy_type_label(d.copy_type))));
    }
    say(replace_all(T("voice.start_dossier"), "{button}", T("nav.start_dossier")));
  }

  void identify() {
    say(T("identify.title"));
    if (j_.identity_from_card()) {
      say(T("identify.from_card"));
      const IdentifyFields& f = j_.identify_fields();
      labelled(T("identify.full_name"), f.full_name, true);
      labelled(T("identify.id_number"), f.id_number, true);
      labelled(T("identify.date_of_birth"), f.date_of_birth, true);
      labelled(T("identify.address"), f.address, true);
      if (!policy_.private_audio) say(T("voice.private_not_read"));
    } else {
      say(T("identify.scan_hint"));
      say(T("identify.or_type"));
    }
  }

  void form() {
    const FieldGroup* group = j_.current_group();
    if (!group) return;
    say(replace_all(replace_all(T("form.step"), "{n}", std::to_string(j_.group_index() + 1)), "{total}",
                    std::to_string(j_.group_count())));
    say(L(group->title));
    for (const FieldSpec* field : j_.visible_fields()) {
      auto answer = j_.answers().find(field->id);
      if (answer == j_.answers().end() || answer->second.empty() || !policy_.private_audio)
        say(L(field->label));
      else
        labelled(L(field->label), answer_display_text(*field, answer->second, lang_), true);
    }
  }

  void review() {
    say_keys({"review.title", "review.hint"});
    const Procedure* p = j_.procedure();
    if (p) say(L(p->name));
    if (!policy_.private_audio) {
      say(T("voice.private_not_read"));
    } else {
      for (const FieldGroup& group : p ? p->form.groups : std::vector<FieldGroup>{}) {
        for (const FieldSpec& field : group.fields) {
          auto it = j_.answers().find(field.id);
          if (it == j_.answers().end() || it->second.empty() || !is_visible(p->form, field, j_.answers())) continue;
          labelled(L(field.label), answer_display_text(field, it->second, lang_), true);
        }
      }
    }
    say(T("review.declaration"));
  }

  void receipt() {
    const auto& dossier = j_.dossier();
    say(T("receipt.title"));
    if (!dossier) return;
    say(T("receipt.code") + ": " + dossier->code);
    say(T("receipt.due") + ": " + dossier->due_at.date.dmy() + ", " + hh_mm(dossier->due_at));
    say(T("receipt.body"));
  }

  void dossier_status() {
    const DossierStatusView& v = j_.status_view();
    say(T("status.title"));
    if (!v.code.empty()) say(T("receipt.code") + ": " + v.code);
    if (j_.status_gate() != StatusGate::Open) {  // behind the lookup code: nothing of the dossier, as on screen
      if (j_.status_code_message()) say(L(*j_.status_code_message()));
      say(T(j_.status_gate() == StatusGate::Checking ? "status.checking" : "status.code_prompt"));
      return;
    }
    if (!v.found) {
      if (!v.checking_server) say(T("status.not_found"));
      return;
    }
    if (!L(v.procedure_name).empty()) say(L(v.procedure_name));
    if (v.status) say(T("status.status") + ": " + L(status_label(*v.status)));
    if (v.due_at) say(T("status.due") + " " + v.due_at->date.dmy());
  }

  void take_number() {
    say_keys({"ticket.choose_title", "ticket.choose_body"});
    for (const ServiceArea& area : j_.service_areas()) say(area.code + ", " + L(area.name));
    say(T("ticket.priority_hint"));
  }

  void ticket() {
    const auto& ticket = j_.ticket();
    if (!ticket) {
      say(j_.ticket_error() ? T("ticket.failed_title") : T("ticket.taking"));
      if (j_.ticket_error()) say(L(*j_.ticket_error()));
      return;
    }
    say(replace_all(T("voice.your_number"), "{number}", ticket->label));
    if (const ServiceArea* area = j_.ticket_area()) say(T("ticket.area") + ": " + L(area->name));
    say(ticket->people_ahead > 0 ? replace_all(T("ticket.ahead"), "{n}", std::to_string(ticket->people_ahead))
                                 : T("ticket.ahead_none"));
    say(T("ticket.wait"));
  }

  const Journey& j_;
  const Translations& tr_;
  const VoicePolicy& policy_;
  Lang lang_;
  std::vector<SpokenLine> lines_;
};

}  // namespace

std::string Speech::text() const {
  std::string out;
  for (const SpokenLine& line : lines) out += (out.empty() ? "" : " ") + line.text;
  return out;
}

Speech screen_speech(const Journey& journey, const Translations& tr, const VoicePolicy& policy) {
  Speech speech;
  speech.lang = journey.lang();
  speech.lines = ScreenScript(journey, tr, policy).lines();
  return speech;
}

// ---------------------------------------------------------------------------------------------------------

GuidanceNarrator::GuidanceNarrator(const Translations& tr, VoicePolicy policy, bool on_for_every_citizen)
    : tr_(tr), policy_(policy), default_on_(on_for_every_citizen), enabled_(on_for_every_citizen) {}

Speech GuidanceNarrator::make(Lang lang, std::vector<SpokenLine> lines, bool interrupt) const {
  Speech speech;
  speech.lang = lang;
  speech.interrupt = interrupt;
  for (SpokenLine& line : lines) {
    if (line.personal && !policy_.private_audio) continue;
    line.text = sentence(line.text);
    if (!line.text.empty()) speech.lines.push_back(std::move(line));
  }
  return speech;
}

Speech GuidanceNarrator::set_enabled(bool on, const Journey& journey) {
  const Lang lang = lang_ = journey.lang();
  if (on == enabled_) return {};
  enabled_ = on;
  if (!on) return make(lang, {{tr_.tr("voice.off", lang)}}, true);
  Speech speech = make(lang, {{tr_.tr("voice.on", lang)}}, true);
  const Speech screen = screen_speech(journey, tr_, policy_);
  speech.lines.insert(speech.lines.end(), screen.lines.begin(), screen.lines.end());
  last_screen_key_ = screen_key(journey);
  return speech;
}

std::string GuidanceNarrator::screen_key(const Journey& journey) const {
  std::string key = screen_name(journey.screen());
  key += '|';
  key += lang_code(journey.lang());
  if (journey.screen() == Screen::Form) key += "|" + std::to_string(journey.group_index());
  if (journey.screen() == Screen::ProcedureInfo && journey.procedure()) key += "|" + journey.procedure()->code;
  // An ID card read on the identify screen changes what it says (read from the card, check it).
  if (journey.screen() == Screen::Identify && journey.identity_from_card()) key += "|card";
  // The ticket screen changes its words when the number arrives; the status screen when the lookup ends.
  if (journey.screen() == Screen::Ticket)
    key += journey.ticket() ? "|" + journey.ticket()->label : journey.ticket_error() ? "|failed" : "|pending";
  if (journey.screen() == Screen::DossierStatus)
    key += "|" + journey.status_view().code + (journey.status_view().found ? "|found" : "|missing") + "|gate" +
           std::to_string(int(journey.status_gate())) + (journey.status_code_message() ? "|told" : "");
  return key;
}

std::vector<Speech> GuidanceNarrator::observe(const Journey& journey, int64_t now_ms) {
  std::vector<Speech> out;
  const Lang lang = lang_ = journey.lang();
  const std::string key = screen_key(journey);
  const bool new_screen = key != last_screen_key_;
  const bool citizen_left =
      primed_ && new_screen && journey.screen() == Screen::Attract && last_screen_key_.rfind("attract|", 0) != 0;
  last_screen_key_ = key;

  // Errors on the screen: identify fields, form fields, the submit message.
  std::vector<SpokenLine> errors;
  for (const auto& [field, message] : journey.identify_errors()) errors.push_back({message.get(lang)});
  if (journey.screen() == Screen::Form)
    for (const FieldSpec* field : journey.visible_fields())
      if (auto error = journey.field_error(field->id)) errors.push_back({error->get(lang)});
  if (journey.submit_message()) errors.push_back({journey.submit_message()->get(lang)});
  std::string errors_text;
  for (const auto& e : errors) errors_text += e.text + "\n";

  const std::string notice = journey.notice() ? journey.notice()->get(lang) : "";
  std::string status;
  if (journey.screen() == Screen::Receipt) {
    switch (journey.print_state()) {
      case PrintState::Printing:
        status = tr_.tr("receipt.printing", lang);
        break;
      case PrintState::Printed:
        status = tr_.tr("receipt.printed", lang);
        break;
      case PrintState::Failed:
        status = tr_.tr("receipt.print_failed", lang);
        break;
      case PrintState::None:
        break;
    }
  } else if (journey.screen() == Screen::Ticket && journey.ticket()) {
    switch (journey.ticket_print_state()) {
      case PrintState::Printed:
        status = tr_.tr("ticket.printed", lang);
        break;
      case PrintState::Failed:
        status = tr_.tr("ticket.print_failed", lang);
        break;
      default:
        break;
    }
  }
  const std::optional<int> idle_left = journey.idle_seconds_left(now_ms);

  if (citizen_left && enabled_ != default_on_) {
    enabled_ = default_on_;  // the next citizen starts with the configured default
  }
  const bool speak = enabled_ && primed_;
  primed_ = true;

  if (speak && new_screen) {
    Speech screen = screen_speech(journey, tr_, policy_);
    screen.interrupt = true;
    if (!screen.empty()) out.push_back(std::move(screen));
  } else if (!enabled_ && primed_ && new_screen && policy_.announce_ticket && journey.screen() == Screen::Ticket &&
             journey.ticket()) {
    // Without guidance the ticket screen still says the number: it is on paper too, and not personal.
    out.push_back(
        make(lang, {{replace_all(tr_.tr("voice.your_number", lang), "{number}", journey.ticket()->label)}}, true));
  }
  if (speak && !errors_text.empty() && errors_text != last_errors_) {
    std::vector<SpokenLine> lines{{tr_.tr("voice.errors", lang)}};
    lines.insert(lines.end(), errors.begin(), errors.end());
    out.push_back(make(lang, lines, !new_screen));
  }
  if (speak && !notice.empty() && notice != last_notice_) out.push_back(make(lang, {{notice}}, false));
  if (speak && !status.empty() && status != last_status_) out.push_back(make(lang, {{status}}, false));
  if (idle_left && !idle_warning_said_) {
    idle_warning_said_ = true;
    if (enabled_)
      out.push_back(make(lang,
                         {{tr_.tr("idle.title", lang)},
                          {replace_all(tr_.tr("idle.body", lang), "{n}", std::to_string(*idle_left))},
                          {tr_.tr("voice.idle_continue", lang)}},
                         true));
  }
  if (!idle_left) idle_warning_said_ = false;
  last_errors_ = errors_text;
  last_notice_ = notice;
  last_status_ = status;
  return out;
}

GuidanceNarrator::TapResult GuidanceNarrator::tap(const std::string& id, const std::string& label, int64_t now_ms,
                                                  const std::string& personal_value) {
  TapResult result;
  if (!enabled_) return result;
  const bool confirmed = id == last_tap_id_ && now_ms - last_tap_ms_ <= policy_.confirm_window_ms;
  if (policy_.tap_to_hear && confirmed) {
    last_tap_id_.clear();  // a third tap starts over
    return result;         // acts, says nothing: the citizen has just heard what it does
  }
  last_tap_id_ = id;
  last_tap_ms_ = now_ms;
  result.act = !policy_.tap_to_hear;
  std::vector<SpokenLine> lines{{label}};
  if (!personal_value.empty()) lines.push_back({personal_value, true});
  result.speech = make(lang_, lines, true);
  return result;
}

GuidanceNarrator::TapResult GuidanceNarrator::tap_immediate(const std::string& id, const std::string& label) {
  TapResult result;
  last_tap_id_.clear();
  if (enabled_) result.speech = make(lang_, {{label}}, true);
  (void)id;  // kept for symmetry with tap(): the view names every control the same way
  return result;
}

// ---------------------------------------------------------------------------------------------------------

std::optional<AnnounceMode> parse_announce_mode(std::string_view text) {
  if (text == "voice") return AnnounceMode::Voice;
  if (text == "chime") return AnnounceMode::ChimeOnly;
  if (text == "off") return AnnounceMode::Off;
  return std::nullopt;
}

Speech call_announcement(const Ticket& ticket, const Translations& tr, Lang lang, AnnounceMode mode, int repeats) {
  Speech speech;
  speech.lang = lang;
  speech.interrupt = false;
  if (mode == AnnounceMode::Off) return speech;
  speech.chime = true;
  if (mode == AnnounceMode::ChimeOnly) return speech;
  // Counters are named "2" or "Quầy 2": the sentence already says "quầy".
  std::string counter = trim(ticket.counter);
  const std::string word = tr.tr("voice.counter_word", lang);
  if (to_lower(counter).rfind(to_lower(word), 0) == 0) counter = trim(counter.substr(word.size()));
  const std::string line =
      sentence(replace_all(replace_all(tr.tr("voice.call", lang), "{number}", ticket.label), "{counter}", counter));
  for (int i = 0; i < std::max(1, repeats); ++i) speech.lines.push_back({line});
  return speech;
}

}  // namespace mc
