#pragma once
// The pages of a dossier's electronic document for staff mode (số hóa hồ sơ, issue 14): the sealed PDF is
// opened and checked in memory, and each page drawn by poppler at a size for the screen, on a thread of its
// own (a page takes a few hundred milliseconds; no frame waits). Nothing decrypted is written to disk: the
// PDF lives in memory while its pages are drawn, the pictures until clear(), and both are scrubbed.
#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "mc/core/captured_page.hpp"

namespace mc::sync {
class AttachmentStore;
}

namespace mc::app {

class DocumentPages {
 public:
  enum class Phase { Idle, Loading, Ready, Failed };
  struct View {
    Phase phase = Phase::Idle;
    std::string dossier_code, document_code;
    int page_count = 0;  // the PDF's pages (known once it is open)
    // Drawn so far, in order: preview_rgb / preview_width / preview_height hold each picture.
    std::vector<std::shared_ptr<const CapturedPage>> pages;
    uint64_t generation = 0;  // changes with every load() or clear(): the views' texture cache key
  };

  // store: the queue's sealed documents (not owned). wake: called from the drawing thread after each page.
  // dpi: the pictures' resolution (110: an A4 page about 910 x 1290 pixels, readable at a counter's screen).
  DocumentPages(sync::AttachmentStore& store, std::function<void()> wake, double dpi = 110);
  ~DocumentPages();
  DocumentPages(const DocumentPages&) = delete;
  DocumentPages& operator=(const DocumentPages&) = delete;

  // Draws this document's pages (nothing when it is already shown or being drawn); a load under way for
  // another document stops at its next page. The thread starts at the first load, not with the kiosk.
  void load(const std::string& dossier_code, const std::string& document_code);
  View view() const;
  // Forgets the pages (staff mode closed, another dossier): their pixels are overwritten.
  void clear();
  // True once after the view changed (a page drawn, a failure): the app draws a frame then.
  bool take_changed() { return changed_.exchange(false); }

 private:
  void main();
  void scrub_locked();

  sync::AttachmentStore& store_;
  std::function<void()> wake_;
  double dpi_;
  mutable std::mutex mutex_;
  std::condition_variable cv_;
  View view_;
  bool pending_ = false;  // view_ names a document the thread has not started on
  bool stopping_ = false;
  std::atomic<bool> changed_{false};
  std::thread thread_;
};

}  // namespace mc::app
