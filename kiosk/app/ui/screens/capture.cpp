// Quét giấy tờ (số hóa hồ sơ): one document at a time, after the form. Scan a page, see it large, retake it,
// add a page, remove one, or bring the document on paper (not a required one while the scanner works). While
// a page is read a progress bar shows; when the scanner is missing, busy, jammed or out of paper a calm
// message says what to do, and a lasting failure lets the citizen go on with the rest on paper.
#include <imgui.h>

#include <algorithm>
#include <map>
#include <utility>
#include <vector>

#include "../textures.hpp"
#include "../widgets/widgets.hpp"
#include "citizen_screen.hpp"

namespace mc::ui {
namespace {

class CaptureScreen : public CitizenScreen {
 public:
  Screen screen() const override { return Screen::Capture; }
  Footer footer() const override { return {.next_key = "nav.next"}; }
  ~CaptureScreen() override { release_all(); }
  void on_enter() override { release_all(); }

  void draw(const ViewContext& v) override {
    textures_ = v.textures;
    const DocumentRequirement* document = v.journey.capture_document();
    const auto& documents = v.journey.captured_documents();
    if (!document || documents.empty()) return;
    const float s = v.scale;
    const float width = ImGui::GetContentRegionAvail().x;
    section_title(v, v.T("capture.title"));
    muted(v, replace_all(replace_all(v.T("capture.step"), "{n}", std::to_string(v.journey.capture_index() + 1)),
                         "{total}", std::to_string(documents.size())));
    heading(v, v.L(document->name));
    v.hook("capture:document:" + document->code);
    text_block(v, document->digitize == Digitize::Required ? Colour::Accent : Colour::InkMuted,
               v.T(document->digitize == Digitize::Required ? "capture.required_badge" : "capture.optional_badge"));
    text_block(v.T("capture.body"));

    if (v.journey.capture_scanning()) {
      const double share = v.journey.capture_progress();
      const std::string label = share < 0 ? v.T("capture.scanning_unknown")
                                          : replace_all(v.T("capture.scanning"), "{percent}",
                                                        std::to_string(static_cast<int>(share * 100 + 0.5)));
      ScopedColours colours;
      colours.set(ImGuiCol_PlotHistogram, v.palette, Colour::Accent);
      ImGui::ProgressBar(share < 0 ? 0.f : static_cast<float>(share), ImVec2(width, 60 * s), label.c_str());
      v.hook("capture:progress");
    }
    if (const auto& message = v.journey.capture_message()) {
      text_block(v, Colour::Warning, v.L(*message));
      v.hook("capture:message");
      if (v.journey.capture_unavailable()) text_block(v.T("capture.unavailable"));
    }

    const auto& pages = documents[v.journey.capture_index()].pages;
    vertical_space(v, 20);
    if (!v.journey.capture_unavailable() && !v.journey.capture_scanning()) {
      if (big_button(v, v.T(pages.empty() ? "capture.scan" : "capture.add_page"), "capture:scan",
                     ImVec2(width, 130 * s), Emphasis::Primary))
        v.journey.scan_page();
    }
    if (v.journey.can_skip_document() && !v.journey.capture_scanning()) {
      if (big_button(v, v.T("capture.skip"), "capture:skip", ImVec2(width, 110 * s))) v.journey.skip_document();
    }
    vertical_space(v, 20);
    muted(v, pages.empty() ? v.T("capture.no_pages")
                           : replace_all(v.T("capture.pages"), "{n}", std::to_string(pages.size())));
    std::map<PageKey, ImTextureID> shown;
    for (size_t i = 0; i < pages.size(); ++i) {
      const CapturedPage& page = pages[i];
      ImGui::Separator();
      text_block(v, Colour::Ink, replace_all(v.T("capture.page"), "{n}", std::to_string(i + 1)), v.fonts.title);
      // The page large: the whole width, the page's own proportions.
      const float aspect = page.preview_width > 0 ? float(page.preview_height) / float(page.preview_width) : 1.414f;
      const float height = std::min(width * aspect, (v.content.h > 0 ? v.content.h : 1200 * s) * 0.55f);
      const ImVec2 size(height / aspect, height);
      ImGui::SetCursorPosX(ImGui::GetCursorPosX() + (width - size.x) / 2);
      if (ImTextureID texture = texture_for(page)) {
        shown[key_of(page)] = texture;
        ImGui::Image(texture, size);
      } else {
        const ImVec2 at = ImGui::GetCursorScreenPos();
        ImGui::GetWindowDrawList()->AddRectFilled(at, ImVec2(at.x + size.x, at.y + size.y), v.colour(Colour::Card));
        ImGui::Dummy(size);
      }
      v.hook("capture:page:" + std::to_string(i + 1));
      if (v.journey.capture_scanning() || v.journey.capture_unavailable()) continue;
      const float half = (width - 20 * s) / 2;
      if (big_button(v, v.T("capture.retake"), "capture:retake:" + std::to_string(i + 1), ImVec2(half, 110 * s)))
        v.journey.retake_page(i);
      ImGui::SameLine(0, 20 * s);
      if (big_button(v, v.T("capture.remove"), "capture:remove:" + std::to_string(i + 1), ImVec2(half, 110 * s),
                     Emphasis::Destructive))
        v.journey.remove_page(i);
    }
    // Pictures of pages no longer shown (retaken, removed, another document, a wipe) go at once.
    for (auto it = textures_by_page_.begin(); it != textures_by_page_.end();) {
      if (shown.count(it->first)) {
        ++it;
        continue;
      }
      if (textures_) textures_->release(it->second);
      it = textures_by_page_.erase(it);
    }
  }

 private:
  // A page by its preview's bytes (which move with the page) and its JPEG's size: a retaken page whose
  // buffer lands where the old one was still differs.
  using PageKey = std::pair<const uint8_t*, size_t>;
  static PageKey key_of(const CapturedPage& page) { return {page.preview_rgb.data(), page.jpeg.size()}; }

  ImTextureID texture_for(const CapturedPage& page) {
    if (!textures_ || page.preview_rgb.empty()) return ImTextureID{};
    if (auto it = textures_by_page_.find(key_of(page)); it != textures_by_page_.end()) return it->second;
    std::vector<uint8_t> rgba(size_t(page.preview_width) * page.preview_height * 4, 255);
    for (size_t i = 0, n = size_t(page.preview_width) * page.preview_height; i < n; ++i)
      for (int c = 0; c < 3; ++c) rgba[i * 4 + c] = page.preview_rgb[i * 3 + c];
    ImTextureID texture = textures_->upload_rgba(page.preview_width, page.preview_height, rgba.data());
    textures_by_page_[key_of(page)] = texture;
    return texture;
  }
  void release_all() {
    if (textures_)
      for (auto& [page, texture] : textures_by_page_) textures_->release(texture);
    textures_by_page_.clear();
  }

  Textures* textures_ = nullptr;
  std::map<PageKey, ImTextureID> textures_by_page_;
};

}  // namespace

std::unique_ptr<CitizenScreen> make_capture_screen() {
  return std::make_unique<CaptureScreen>();
}

}  // namespace mc::ui
