// What a procedure needs before the citizen starts: documents, fee, time, channels, result, agency.
#include <imgui.h>

#include "../widgets/widgets.hpp"
#include "citizen_screen.hpp"

namespace mc::ui {
namespace {

class ProcedureInfoScreen : public CitizenScreen {
 public:
  Screen screen() const override { return Screen::ProcedureInfo; }
  Footer footer() const override { return {.next_key = "nav.start_dossier"}; }

  void draw(const ViewContext& v) override {
    const Procedure* p = v.journey.procedure();
    if (!p) return;
    muted(v, v.L(p->field_name) + " · " + v.T("info.code") + " " + p->code, v.fonts.small);
    section_title(v, v.L(p->name));
    vertical_space(v, 10);
    heading(v, v.T("info.documents"));
    int i = 1;
    for (const auto& d : p->documents) {
      std::string line = std::to_string(i++) + ". " + v.L(d.name);
      if (!d.template_name.empty()) line += " (" + d.template_name + ")";
      text_block(line);
      muted(v, "    " + v.L(copy_type_label(d.copy_type)) + " · " + v.T("info.count") + " " + std::to_string(d.count),
            v.fonts.small);
    }
    heading(v, v.T("info.fee"));
    if (p->fees.empty()) text_block(v.T("info.no_fee"));
    for (const auto& f : p->fees) text_block(v.L(f.name) + ": " + format_vnd(f.amount_vnd));
    heading(v, v.T("info.time"));
    text_block(replace_all(v.T("info.days"), "{n}", std::to_string(p->processing_days)));
    heading(v, v.T("info.channels"));
    std::string channels;
    for (auto c : p->channels) channels += (channels.empty() ? "" : ", ") + v.L(channel_label(c));
    text_block(channels);
    if (!p->result.vi.empty()) {
      heading(v, v.T("info.result"));
      text_block(v.L(p->result));
    }
    heading(v, v.T("info.agency"));
    text_block(v.L(p->agency_name));
    v.hook("info_end");
  }
};

}  // namespace

std::unique_ptr<CitizenScreen> make_procedure_info_screen() {
  return std::make_unique<ProcedureInfoScreen>();
}

}  // namespace mc::ui
