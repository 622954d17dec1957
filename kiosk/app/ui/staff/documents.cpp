// The current dossier's electronic documents (số hóa hồ sơ, issue 14): each with its pages and whether the
// one-stop system has it; the one chosen shows its pages large, one under the other, and can be exported as a
// PDF to the configured folder (a USB stick). Opening and exporting are audited by the console, by codes only.
#include <algorithm>
#include <map>

#include "../widgets/widgets.hpp"
#include "document_pages.hpp"
#include "staff_panel.hpp"

namespace mc::ui {

void draw_find_box(const StaffViewContext& v);

namespace {

class DocumentsPanel : public StaffPanel {
 public:
  StaffScreen screen() const override { return StaffScreen::Documents; }
  ~DocumentsPanel() override { release_all(); }
  void on_close(Textures* textures) override {
    if (textures) textures_ = textures;
    release_all();
  }

  void draw(const StaffViewContext& v) override {
    if (v.textures) textures_ = v.textures;
    const auto& dossier = v.console.current();
    if (!dossier) {
      draw_find_box(v);
      return;
    }
    const float s = v.scale;
    const float width = ImGui::GetContentRegionAvail().x;
    ImGui::TextUnformatted(dossier->code.c_str());
    if (v.button(v.T("staff.documents.back"), "staff.documents.back", ImVec2(std::min(width, 360 * s), 80 * s)))
      v.console.show(StaffScreen::Detail);
    if (dossier->documents.empty()) {
      ImGui::TextWrapped("%s", v.T("staff.documents.none").c_str());
      return;
    }
    draw_list(v, *dossier);
    v.message();
    if (v.console.document_code().empty()) {
      ImGui::TextWrapped("%s", v.T("staff.documents.choose").c_str());
      return;
    }
    const auto document = std::find_if(dossier->documents.begin(), dossier->documents.end(),
                                       [&](const StaffDocumentView& d) { return d.code == v.console.document_code(); });
    if (document == dossier->documents.end()) return;
    ImGui::Separator();
    ImGui::TextWrapped("%s — %s", document->code.c_str(), v.L(document->name).c_str());
    if (document->removed) {
      ImGui::TextWrapped("%s", v.T("staff.documents.removed_note").c_str());
      return;
    }
    if (v.button(v.T("staff.documents.export"), "staff.documents.export", ImVec2(std::min(width, 480 * s), 90 * s)))
      v.console.export_document();
    draw_pages(v, dossier->code, document->code);
  }

 private:
  void draw_list(const StaffViewContext& v, const StaffDossierView& dossier) {
    const float s = v.scale;
    if (!ImGui::BeginTable("##documents", 4, ImGuiTableFlags_Borders | ImGuiTableFlags_RowBg)) return;
    ImGui::TableSetupColumn(v.T("staff.documents.col_name").c_str());
    ImGui::TableSetupColumn(v.T("staff.documents.col_pages").c_str(), ImGuiTableColumnFlags_WidthFixed,
                            ImGui::CalcTextSize(v.T("staff.documents.col_pages").c_str()).x + 20 * s);
    ImGui::TableSetupColumn(v.T("staff.documents.col_state").c_str());
    ImGui::TableSetupColumn("", ImGuiTableColumnFlags_WidthFixed, 220 * s);
    ImGui::TableHeadersRow();
    std::string chosen;
    for (const auto& document : dossier.documents) {
      ImGui::TableNextRow(0, 80 * s);
      ImGui::TableNextColumn();
      ImGui::TextWrapped("%s %s", document.code.c_str(), v.L(document.name).c_str());
      ImGui::TableNextColumn();
      ImGui::Text("%d", document.pages);
      ImGui::TableNextColumn();
      const char* state = document.removed    ? "staff.documents.state.removed"
                          : document.uploaded ? "staff.documents.state.uploaded"
                                              : "staff.documents.state.waiting";
      ImGui::PushStyleColor(ImGuiCol_Text, v.palette.u32(document.uploaded ? Colour::Ok : Colour::InkMuted));
      ImGui::TextWrapped("%s", v.T(state).c_str());
      ImGui::PopStyleColor();
      ImGui::TableNextColumn();
      if (!document.removed &&
          v.button(v.T("staff.documents.view"), "staff.documents.view." + document.code, ImVec2(-FLT_MIN, 70 * s)))
        chosen = document.code;
    }
    ImGui::EndTable();
    if (!chosen.empty()) v.console.open_document(chosen);  // after the table: it may change the dossier's view
  }

  void draw_pages(const StaffViewContext& v, const std::string& dossier_code, const std::string& document_code) {
    if (!v.pages) {
      ImGui::TextWrapped("%s", v.T("staff.documents.no_viewer").c_str());
      return;
    }
    v.pages->load(dossier_code, document_code);  // nothing when these pages are already shown
    const app::DocumentPages::View view = v.pages->view();
    if (view.generation != generation_) {
      release_all();
      generation_ = view.generation;
    }
    const float width = ImGui::GetContentRegionAvail().x;
    if (view.phase == app::DocumentPages::Phase::Failed) {
      ImGui::PushStyleColor(ImGuiCol_Text, v.palette.u32(Colour::Error));
      ImGui::TextWrapped("%s", v.T("staff.documents.damaged").c_str());
      ImGui::PopStyleColor();
      return;
    }
    if (view.phase == app::DocumentPages::Phase::Loading)
      ImGui::TextWrapped(
          "%s", replace_all(replace_all(v.T("staff.documents.loading"), "{n}", std::to_string(view.pages.size())),
                            "{total}", std::to_string(view.page_count))
                    .c_str());
    for (size_t i = 0; i < view.pages.size(); ++i) {
      const CapturedPage& page = *view.pages[i];
      if (page.preview_width <= 0 || page.preview_height <= 0) continue;  // scrubbed meanwhile
      ImGui::Separator();
      ImGui::TextUnformatted(replace_all(replace_all(v.T("staff.documents.page"), "{n}", std::to_string(i + 1)),
                                         "{total}", std::to_string(view.page_count))
                                 .c_str());
      // Large: the pane's width, the page's own proportions (a portrait page taller than the screen scrolls).
      const float aspect = float(page.preview_height) / float(page.preview_width);
      const ImVec2 size(width, width * aspect);
      const std::string name = "staff.documents.page." + std::to_string(i + 1);
      if (ImTextureID texture = texture_for(i, page)) {
        ImGui::Image(texture, size);
      } else {
        const ImVec2 at = ImGui::GetCursorScreenPos();
        ImGui::GetWindowDrawList()->AddRectFilled(at, ImVec2(at.x + size.x, at.y + size.y),
                                                  v.palette.u32(Colour::Card));
        ImGui::Dummy(size);
      }
      v.rects.add_last_item(name);
    }
  }

  ImTextureID texture_for(size_t index, const CapturedPage& page) {
    if (!textures_) return ImTextureID{};
    if (auto it = textures_by_page_.find(index); it != textures_by_page_.end()) return it->second;
    std::vector<uint8_t> rgba(size_t(page.preview_width) * page.preview_height * 4, 255);
    for (size_t i = 0, n = size_t(page.preview_width) * page.preview_height; i < n; ++i)
      for (int c = 0; c < 3; ++c) rgba[i * 4 + c] = page.preview_rgb[i * 3 + c];
    ImTextureID texture = textures_->upload_rgba(page.preview_width, page.preview_height, rgba.data());
    std::fill(rgba.begin(), rgba.end(), 0);
    textures_by_page_[index] = texture;
    return texture;
  }

  void release_all() {
    if (textures_)
      for (auto& [index, texture] : textures_by_page_) textures_->release(texture);
    textures_by_page_.clear();
  }

  Textures* textures_ = nullptr;
  uint64_t generation_ = 0;
  std::map<size_t, ImTextureID> textures_by_page_;
};

}  // namespace

std::unique_ptr<StaffPanel> make_documents_panel() {
  return std::make_unique<DocumentsPanel>();
}

}  // namespace mc::ui
