#pragma once
// A QR code drawn as filled squares (dark on light whatever the theme, as scanners expect). The symbol is
// encoded once per text, not every frame.
#include <cstdint>
#include <string>
#include <vector>

#include "../view_context.hpp"

namespace mc::ui {

class QrView {
 public:
  // Draws the code for `text` at the cursor, `size` pixels square, and names it `hook_name`.
  void draw(const ViewContext& v, const std::string& text, float size, const std::string& hook_name);

 private:
  std::string text_;
  std::vector<uint8_t> modules_;  // 1 = dark, row-major
  int width_ = 0;
};

}  // namespace mc::ui
