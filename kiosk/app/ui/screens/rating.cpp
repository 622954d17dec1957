// How satisfied the citizen is (three levels, DOMAIN.md §7); optional: the footer skips it.
#include <imgui.h>

#include "../widgets/widgets.hpp"
#include "citizen_screen.hpp"

namespace mc::ui {
namespace {

class RatingScreen : public CitizenScreen {
 public:
  Screen screen() const override { return Screen::Rating; }
  Footer footer() const override { return {.cancel = false, .next_key = "rating.skip"}; }

  void draw(const ViewContext& v) override {
    const float s = v.scale;
    section_title(v, v.T("rating.title"));
    text_block(v.T("rating.body"));
    vertical_space(v, 30);
    struct Level {
      int value;
      const char* key;
      Colour colour;
    };
    static const Level kLevels[] = {{3, "rating.very_happy", Colour::RatingVeryHappy},
                                    {2, "rating.happy", Colour::RatingHappy},
                                    {1, "rating.unhappy", Colour::RatingUnhappy}};
    const float w = ImGui::GetContentRegionAvail().x;
    for (const Level& level : kLevels) {
      ScopedColours colours;
      colours.set(ImGuiCol_Button, v.palette, level.colour).set(ImGuiCol_ButtonHovered, v.palette, level.colour);
      if (big_button(v, v.T(level.key), "rate:" + std::to_string(level.value), ImVec2(w, 180 * s)))
        v.journey.rate(level.value);
    }
  }
};

}  // namespace

std::unique_ptr<CitizenScreen> make_rating_screen() {
  return std::make_unique<RatingScreen>();
}

}  // namespace mc::ui
