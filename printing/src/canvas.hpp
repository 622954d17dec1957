#pragma once
// Internal: FreeType text drawing and a top-to-bottom layout canvas for receipts and tickets.
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <tuple>
#include <vector>

#include "mc/printing/bitmap.hpp"

namespace mc::printing::detail {

struct Glyph {
  int advance = 0;
  int left = 0;  // bitmap offset from the pen position
  int top = 0;   // bitmap top above the baseline
  int width = 0;
  int height = 0;
  std::vector<uint8_t> coverage;
};

struct FontMetrics {
  int ascender = 0;
  int descender = 0;  // positive: below the baseline
  int line_height = 0;
};

// Noto Sans regular and bold, loaded once. Not thread-safe by itself: hold lock() while drawing.
class Fonts {
 public:
  // Throws std::runtime_error when a font file cannot be loaded.
  static Fonts& instance();
  std::unique_lock<std::mutex> lock() { return std::unique_lock<std::mutex>(mutex_); }
  const Glyph& glyph(char32_t code_point, bool bold, int px);
  FontMetrics metrics(bool bold, int px);
  int measure(std::u32string_view text, bool bold, int px);
  size_t missing_glyphs() const { return missing_; }
  ~Fonts();

 private:
  Fonts();
  struct Impl;
  std::unique_ptr<Impl> impl_;
  std::mutex mutex_;
  std::map<std::tuple<bool, int, char32_t>, Glyph> cache_;
  std::map<std::pair<bool, int>, FontMetrics> metrics_;
  size_t missing_ = 0;
};

enum class Align { Left, Center, Right };

struct Run {
  std::string text;  // UTF-8, NFC-normalised by the canvas
  bool bold = false;
};

struct Column {
  int width = 0;  // dots, including the cell padding
  Align align = Align::Left;
};

class Canvas {
 public:
  Canvas(int width, int margin);

  int y() const { return y_; }
  void space(int dots) { y_ += dots; }
  int width() const { return width_; }
  int margin() const { return margin_; }
  int content_width() const { return width_ - 2 * margin_; }

  // Wrapped paragraph from styled runs. hanging: indent of continuation lines (for "1. ..." items).
  void paragraph(const std::vector<Run>& runs, int px, Align align = Align::Left, int hanging = 0);
  void text(const std::string& text, int px, bool bold = false, Align align = Align::Center) {
    paragraph({{text, bold}}, px, align);
  }
  // "Label: value" with the label bold.
  void labelled(const std::string& label, const std::string& value, int px) {
    paragraph({{label, true}, {value, false}}, px);
  }
  // Left text and right text on one line (right text wins space; left wraps).
  void left_right(const std::string& left, const std::string& right, int px, bool bold = false);
  void rule(int thickness = 2, bool dashed = false, int inset = 0);
  void table(const std::vector<Column>& columns, const std::vector<std::vector<std::string>>& rows, int px,
             bool header = true);
  // Centred QR (quiet zone included); records the QR region.
  void qr(const std::string& payload, int module_dots);
  // Two blocks side by side (signatures): each a list of (text, bold, px) lines, centred in its half.
  struct Line {
    std::string text;
    bool bold = false;
    int px = 20;
  };
  void two_columns(const std::vector<Line>& left, const std::vector<Line>& right);
  void fill(int x, int y, int w, int h);
  // Inverted band with white text (the queue number, the copy label).
  void banner(const std::string& text, int px, bool bold = true);

  Bitmap finish(int bottom_margin);

 private:
  // A word may mix styles ("{place}, ngày": the value bold, the comma regular) without a space inside.
  struct Segment {
    std::u32string text;
    bool bold = false;
    int width = 0;
  };
  struct Word {
    std::vector<Segment> segments;
    int width = 0;
    bool line_break = false;  // "\n" in the text
  };
  void draw_word(const Word& word, int px, int x, int baseline);
  struct LaidLine {
    std::vector<std::pair<size_t, int>> words;  // index into words, x offset
    int width = 0;
  };
  std::vector<LaidLine> wrap(const std::vector<Word>& words, int px, int first_width, int next_width);
  std::vector<Word> split_words(const std::vector<Run>& runs, int px);
  void draw_text(std::u32string_view text, bool bold, int px, int x, int baseline, bool invert = false);
  // Lines of one string wrapped to width (for table cells and columns).
  int draw_block(const std::vector<Run>& runs, int px, int x, int width, int top, Align align, bool draw);
  void ensure_rows(int rows);

  int width_;
  int margin_;
  int y_ = 0;
  std::vector<std::string> texts_;  // what was printed (Bitmap::texts)
  int rows_ = 0;
  std::vector<uint8_t> pixels_;
  std::vector<QrRegion> qr_regions_;
  std::vector<Word> split_cache_;  // the words the last wrap() laid out (lines index into it)
};

// QR modules (true = dark) from ZXing with UTF-8 encoding, no quiet zone.
std::vector<std::vector<bool>> qr_modules(const std::string& payload);

}  // namespace mc::printing::detail
