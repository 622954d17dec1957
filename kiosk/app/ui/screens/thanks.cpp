// Thank you; the journey returns to the attract screen by itself after a few seconds.
#include <imgui.h>

#include "../widgets/widgets.hpp"
#include "citizen_screen.hpp"

namespace mc::ui {
namespace {

class ThanksScreen : public CitizenScreen {
 public:
  Screen screen() const override { return Screen::Thanks; }
  Footer footer() const override { return {.back = false, .cancel = false, .next_key = "nav.home"}; }

  void draw(const ViewContext& v) override {
    ImGui::Dummy(ImVec2(1, v.content.h * 0.2f));
    text_block(v.T("thanks.title"), v.fonts.huge);
    text_block(v.T("thanks.body"));
    vertical_space(v, 20);
  }
};

}  // namespace

std::unique_ptr<CitizenScreen> make_thanks_screen() {
  return std::make_unique<ThanksScreen>();
}

}  // namespace mc::ui
