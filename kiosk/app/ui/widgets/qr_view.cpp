#include "qr_view.hpp"

#include <ZXing/BarcodeFormat.h>
#include <ZXing/BitMatrix.h>
#include <ZXing/CharacterSet.h>
#include <ZXing/MultiFormatWriter.h>
#include <imgui.h>

namespace mc::ui {

void QrView::draw(const ViewContext& v, const std::string& text, float size, const std::string& hook_name) {
  if (text != text_) {
    text_ = text;
    modules_.clear();
    width_ = 0;
    try {
      ZXing::MultiFormatWriter writer(ZXing::BarcodeFormat::QRCode);
      writer.setEncoding(ZXing::CharacterSet::UTF8);
      writer.setMargin(0);
      const ZXing::BitMatrix m = writer.encode(text, 0, 0);
      width_ = m.width();
      modules_.resize(size_t(m.width()) * m.height());
      for (int y = 0; y < m.height(); ++y)
        for (int x = 0; x < m.width(); ++x) modules_[size_t(y) * m.width() + x] = m.get(x, y);
    } catch (const std::exception&) {
      width_ = 0;  // nothing drawn; the code is printed as text beside it anyway
    }
  }
  const ImVec2 pos = ImGui::GetCursorScreenPos();
  ImGui::Dummy(ImVec2(size, size));
  v.hook(hook_name);
  if (width_ == 0) return;
  ImDrawList* dl = ImGui::GetWindowDrawList();
  const float quiet = size * 0.06f;
  dl->AddRectFilled(pos, ImVec2(pos.x + size, pos.y + size), v.colour(Colour::QrLight));
  const float cell = (size - 2 * quiet) / width_;
  const ImU32 dark = v.colour(Colour::QrDark);
  for (int y = 0; y < width_; ++y)
    for (int x = 0; x < width_; ++x)
      if (modules_[size_t(y) * width_ + x]) {
        const ImVec2 a(pos.x + quiet + x * cell, pos.y + quiet + y * cell);
        dl->AddRectFilled(a, ImVec2(a.x + cell + 0.5f, a.y + cell + 0.5f), dark);
      }
}

}  // namespace mc::ui
