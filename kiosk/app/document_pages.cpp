#include "document_pages.hpp"

#include <algorithm>
#include <utility>

#include "mc/capture/document_pdf.hpp"
#include "mc/core/log.hpp"
#include "mc/sync/attachment_store.hpp"

namespace mc::app {

namespace {

constexpr int kMinWidth = 700, kTargetWidth = 1000;  // pixels

// Overwrites the PDF's bytes before they go back to the allocator (a citizen's document).
void scrub(std::vector<uint8_t>& bytes) {
  CapturedPage holder;
  holder.jpeg = std::move(bytes);
  holder.scrub();
}

}  // namespace

DocumentPages::DocumentPages(sync::AttachmentStore& store, std::function<void()> wake, double dpi)
    : store_(store), wake_(std::move(wake)), dpi_(dpi) {}

DocumentPages::~DocumentPages() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
    scrub_locked();
  }
  cv_.notify_all();
  if (thread_.joinable()) thread_.join();
}

void DocumentPages::scrub_locked() {
  // Published pages are read and scrubbed on the UI thread only (load(), clear() and the views), so a copy
  // of the view still holding one sees it emptied, never half-written.
  for (const auto& page : view_.pages) const_cast<CapturedPage&>(*page).scrub();
  view_.pages.clear();
}

void DocumentPages::load(const std::string& dossier_code, const std::string& document_code) {
  {
    std::lock_guard lock(mutex_);
    if (view_.phase != Phase::Idle && view_.dossier_code == dossier_code && view_.document_code == document_code)
      return;
    scrub_locked();
    view_.phase = Phase::Loading;
    view_.dossier_code = dossier_code;
    view_.document_code = document_code;
    view_.page_count = 0;
    ++view_.generation;
    pending_ = true;
    if (!thread_.joinable()) thread_ = std::thread([this] { main(); });
  }
  changed_ = true;
  cv_.notify_all();
}

DocumentPages::View DocumentPages::view() const {
  std::lock_guard lock(mutex_);
  return view_;
}

void DocumentPages::clear() {
  {
    std::lock_guard lock(mutex_);
    if (view_.phase == Phase::Idle) return;  // called every frame while staff mode is closed: nothing to do
    scrub_locked();
    view_ = View{Phase::Idle, "", "", 0, {}, view_.generation + 1};
    pending_ = false;
  }
  changed_ = true;
}

void DocumentPages::main() {
  for (;;) {
    std::string dossier_code, document_code;
    uint64_t generation = 0;
    {
      std::unique_lock lock(mutex_);
      cv_.wait(lock, [this] { return stopping_ || pending_; });
      if (stopping_) return;
      pending_ = false;
      dossier_code = view_.dossier_code;
      document_code = view_.document_code;
      generation = view_.generation;
    }
    // Publishes under the lock only while this load is still the one asked for.
    auto publish = [&](auto&& change) {
      {
        std::lock_guard lock(mutex_);
        if (stopping_ || view_.generation != generation) return false;
        change();
      }
      changed_ = true;
      if (wake_) wake_();
      return true;
    };
    std::vector<uint8_t> pdf;
    std::string error;
    std::optional<capture::PdfInfo> info;
    try {
      pdf = store_.open(dossier_code, document_code);
      info = capture::inspect_pdf(pdf, error);
    } catch (const std::exception& e) {
      error = e.what();  // names the file, never its content
    }
    if (!info) {
      log_warn("kiosk", "staff: document " + document_code + " of " + dossier_code + " not shown: " + error);
      scrub(pdf);
      publish([&] { view_.phase = Phase::Failed; });
      continue;
    }
    const int count = info->pages;
    bool current = publish([&] { view_.page_count = count; });
    for (int i = 0; i < count && current; ++i) {
      auto raster = capture::render_pdf_page(pdf, i, dpi_);
      // A page smaller than a sheet (a photo made a page at its own dpi, a receipt-sized scan) would be a small
      // picture: drawn again at a resolution that makes it about 1000 pixels wide (at most 300 dpi).
      if (raster && raster->width > 0 && raster->width < kMinWidth) {
        const double dpi = std::min(300.0, dpi_ * double(kTargetWidth) / double(raster->width));
        if (auto sharper = capture::render_pdf_page(pdf, i, dpi)) raster = std::move(sharper);
      }
      if (!raster) {
        publish([&] { view_.phase = Phase::Failed; });
        current = false;
        break;
      }
      auto page = std::make_shared<CapturedPage>();
      page->preview_width = raster->width;
      page->preview_height = raster->height;
      page->preview_rgb = std::move(raster->pixels);
      page->dpi = raster->dpi;
      current = publish([&] { view_.pages.push_back(page); });
      if (!current) page->scrub();
    }
    if (current) publish([&] { view_.phase = Phase::Ready; });
    scrub(pdf);
  }
}

}  // namespace mc::app
