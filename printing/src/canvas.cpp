#include "canvas.hpp"

#include <ft2build.h>
#include FT_FREETYPE_H

#include <ZXing/BitMatrix.h>
#include <ZXing/CharacterSet.h>
#include <ZXing/MultiFormatWriter.h>

#include <algorithm>
#include <stdexcept>

#include "mc/core/text.hpp"

#ifndef MC_FONT_REGULAR
#define MC_FONT_REGULAR "/usr/share/fonts/truetype/noto/NotoSans-Regular.ttf"
#endif
#ifndef MC_FONT_BOLD
#define MC_FONT_BOLD "/usr/share/fonts/truetype/noto/NotoSans-Bold.ttf"
#endif

namespace mc::printing::detail {

// Coverage at or above this becomes a printed dot. Slightly below half: thermal dots are small and
// thin strokes of anti-aliased text would otherwise break up.
constexpr int kInkThreshold = 100;

struct Fonts::Impl {
  FT_Library library = nullptr;
  FT_Face faces[2] = {nullptr, nullptr};
  int current_px[2] = {0, 0};

  ~Impl() {
    for (FT_Face face : faces)
      if (face) FT_Done_Face(face);
    if (library) FT_Done_FreeType(library);
  }

  FT_Face face(bool bold, int px) {
    FT_Face f = faces[bold ? 1 : 0];
    if (current_px[bold ? 1 : 0] != px) {
      FT_Set_Pixel_Sizes(f, 0, static_cast<FT_UInt>(px));
      current_px[bold ? 1 : 0] = px;
    }
    return f;
  }
};

Fonts& Fonts::instance() {
  static Fonts fonts;
  return fonts;
}

Fonts::Fonts() : impl_(std::make_unique<Impl>()) {
  if (FT_Init_FreeType(&impl_->library)) throw std::runtime_error("FreeType could not be initialised");
  const char* paths[2] = {MC_FONT_REGULAR, MC_FONT_BOLD};
  for (int i = 0; i < 2; ++i)
    if (FT_New_Face(impl_->library, paths[i], 0, &impl_->faces[i]))
      throw std::runtime_error(std::string("cannot load the receipt font ") + paths[i] +
                               " (Debian package fonts-noto-core)");
}

Fonts::~Fonts() = default;

const Glyph& Fonts::glyph(char32_t code_point, bool bold, int px) {
  auto key = std::make_tuple(bold, px, code_point);
  auto it = cache_.find(key);
  if (it != cache_.end()) return it->second;
  FT_Face face = impl_->face(bold, px);
  Glyph glyph;
  FT_UInt index = FT_Get_Char_Index(face, code_point);
  if (index == 0 && code_point != ' ') ++missing_;
  if (FT_Load_Glyph(face, index, FT_LOAD_RENDER | FT_LOAD_TARGET_LIGHT) == 0) {
    FT_GlyphSlot slot = face->glyph;
    glyph.advance = static_cast<int>((slot->advance.x + 32) >> 6);
    glyph.left = slot->bitmap_left;
    glyph.top = slot->bitmap_top;
    glyph.width = static_cast<int>(slot->bitmap.width);
    glyph.height = static_cast<int>(slot->bitmap.rows);
    glyph.coverage.resize(static_cast<size_t>(glyph.width) * glyph.height);
    for (int row = 0; row < glyph.height; ++row)
      std::copy_n(slot->bitmap.buffer + static_cast<ptrdiff_t>(row) * slot->bitmap.pitch, glyph.width,
                  glyph.coverage.begin() + static_cast<ptrdiff_t>(row) * glyph.width);
  }
  return cache_.emplace(key, std::move(glyph)).first->second;
}

FontMetrics Fonts::metrics(bool bold, int px) {
  auto key = std::make_pair(bold, px);
  auto it = metrics_.find(key);
  if (it != metrics_.end()) return it->second;
  FT_Face face = impl_->face(bold, px);
  FontMetrics m;
  m.ascender = static_cast<int>((face->size->metrics.ascender + 63) >> 6);
  m.descender = static_cast<int>((-face->size->metrics.descender + 63) >> 6);
  m.line_height = m.ascender + m.descender + std::max(2, px / 8);
  metrics_[key] = m;
  return m;
}

int Fonts::measure(std::u32string_view text, bool bold, int px) {
  int width = 0;
  for (char32_t c : text) width += glyph(c, bold, px).advance;
  return width;
}

// ---------------------------------------------------------------------------------------------------

Canvas::Canvas(int width, int margin) : width_(width), margin_(margin) {
  ensure_rows(512);
}

void Canvas::ensure_rows(int rows) {
  if (rows <= rows_) return;
  int grown = std::max(rows, rows_ * 2);
  pixels_.resize(static_cast<size_t>(grown) * width_, 0);
  rows_ = grown;
}

void Canvas::fill(int x, int y, int w, int h) {
  ensure_rows(y + h);
  for (int row = std::max(0, y); row < y + h; ++row)
    for (int col = std::max(0, x); col < std::min(width_, x + w); ++col)
      pixels_[static_cast<size_t>(row) * width_ + col] = 255;
}

void Canvas::draw_text(std::u32string_view text, bool bold, int px, int x, int baseline, bool invert) {
  Fonts& fonts = Fonts::instance();
  FontMetrics m = fonts.metrics(bold, px);
  ensure_rows(baseline + m.descender + px);
  int pen = x;
  for (char32_t c : text) {
    const Glyph& g = fonts.glyph(c, bold, px);
    for (int row = 0; row < g.height; ++row) {
      int y = baseline - g.top + row;
      if (y < 0) continue;
      ensure_rows(y + 1);
      for (int col = 0; col < g.width; ++col) {
        int px_x = pen + g.left + col;
        if (px_x < 0 || px_x >= width_) continue;
        uint8_t coverage = g.coverage[static_cast<size_t>(row) * g.width + col];
        uint8_t& dot = pixels_[static_cast<size_t>(y) * width_ + px_x];
        if (invert) {
          if (coverage >= kInkThreshold) dot = 1;  // marks "white on black"; resolved in finish()
        } else {
          dot = std::max(dot, coverage);
        }
      }
    }
    pen += g.advance;
  }
}

std::vector<Canvas::Word> Canvas::split_words(const std::vector<Run>& runs, int px) {
  Fonts& fonts = Fonts::instance();
  std::vector<Word> words;
  bool open_word = false;  // the last word may continue into the next run (no space between them)
  for (const Run& run : runs) {
    std::u32string text = to_u32(to_nfc(run.text));
    size_t start = 0;
    while (start <= text.size()) {
      size_t end = text.find_first_of(U" \n", start);
      if (end == std::u32string::npos) end = text.size();
      if (end > start) {
        Segment segment{text.substr(start, end - start), run.bold, 0};
        segment.width = fonts.measure(segment.text, run.bold, px);
        if (!open_word || words.empty()) words.emplace_back();
        words.back().width += segment.width;
        words.back().segments.push_back(std::move(segment));
      }
      open_word = end == text.size() && end > start;
      if (end < text.size() && text[end] == U'\n') {
        Word line_break;
        line_break.line_break = true;
        words.push_back(line_break);
      }
      start = end + 1;
    }
  }
  return words;
}

void Canvas::draw_word(const Word& word, int px, int x, int baseline) {
  for (const Segment& segment : word.segments) {
    draw_text(segment.text, segment.bold, px, x, baseline);
    x += segment.width;
  }
}

std::vector<Canvas::LaidLine> Canvas::wrap(const std::vector<Word>& words_in, int px, int first_width, int next_width) {
  Fonts& fonts = Fonts::instance();
  // Words wider than a whole line are cut into pieces that fit (long e-mail addresses, URLs).
  std::vector<Word> words;
  for (const Word& word : words_in) {
    if (word.width <= next_width || word.line_break) {
      words.push_back(word);
      continue;
    }
    Word piece;
    for (const Segment& segment : word.segments)
      for (char32_t c : segment.text) {
        int advance = fonts.glyph(c, segment.bold, px).advance;
        if (piece.width + advance > next_width && piece.width > 0) {
          words.push_back(piece);
          piece = Word{};
        }
        if (piece.segments.empty() || piece.segments.back().bold != segment.bold)
          piece.segments.push_back(Segment{U"", segment.bold, 0});
        piece.segments.back().text += c;
        piece.segments.back().width += advance;
        piece.width += advance;
      }
    if (piece.width > 0) words.push_back(piece);
  }
  split_cache_ = std::move(words);
  std::vector<LaidLine> lines(1);
  int space = fonts.glyph(U' ', false, px).advance;
  for (size_t i = 0; i < split_cache_.size(); ++i) {
    const Word& word = split_cache_[i];
    int limit = lines.size() == 1 ? first_width : next_width;
    if (word.line_break) {
      lines.emplace_back();
      continue;
    }
    LaidLine& line = lines.back();
    int x = line.words.empty() ? 0 : line.width + space;
    if (!line.words.empty() && x + word.width > limit) {
      lines.emplace_back();
      x = 0;
    }
    lines.back().words.emplace_back(i, x);
    lines.back().width = x + word.width;
  }
  return lines;
}

int Canvas::draw_block(const std::vector<Run>& runs, int px, int x, int width, int top, Align align, bool draw) {
  FontMetrics m = Fonts::instance().metrics(false, px);
  std::vector<Word> words = split_words(runs, px);
  std::vector<LaidLine> lines = wrap(words, px, width, width);
  int y = top;
  for (const LaidLine& line : lines) {
    if (draw) {
      int offset = align == Align::Left ? 0 : align == Align::Center ? (width - line.width) / 2 : width - line.width;
      for (auto [index, word_x] : line.words) {
        draw_word(split_cache_[index], px, x + offset + word_x, y + m.ascender);
      }
    }
    y += m.line_height;
  }
  return y - top;
}

void Canvas::paragraph(const std::vector<Run>& runs, int px, Align align, int hanging) {
  std::string printed;
  for (const Run& run : runs) printed += run.text;
  texts_.push_back(to_nfc(printed));
  FontMetrics m = Fonts::instance().metrics(false, px);
  std::vector<Word> words = split_words(runs, px);
  std::vector<LaidLine> lines = wrap(words, px, content_width(), content_width() - hanging);
  for (size_t n = 0; n < lines.size(); ++n) {
    const LaidLine& line = lines[n];
    int indent = n == 0 ? 0 : hanging;
    int avail = content_width() - indent;
    int offset = align == Align::Left ? 0 : align == Align::Center ? (avail - line.width) / 2 : avail - line.width;
    for (auto [index, word_x] : line.words) {
      draw_word(split_cache_[index], px, margin_ + indent + offset + word_x, y_ + m.ascender);
    }
    y_ += m.line_height;
  }
}

void Canvas::left_right(const std::string& left, const std::string& right, int px, bool bold) {
  Fonts& fonts = Fonts::instance();
  std::u32string right32 = to_u32(to_nfc(right));
  int right_width = fonts.measure(right32, bold, px);
  int gap = px;
  int left_width = std::max(content_width() / 3, content_width() - right_width - gap);
  int top = y_;
  int height = draw_block({{left, bold}}, px, margin_, left_width, top, Align::Left, true);
  FontMetrics m = fonts.metrics(bold, px);
  // The amount sits on the last line of the name, like a price list.
  int last_line_top = top + height - m.line_height;
  draw_text(right32, bold, px, width_ - margin_ - right_width, last_line_top + m.ascender);
  y_ = top + height;
}

void Canvas::rule(int thickness, bool dashed, int inset) {
  ensure_rows(y_ + thickness);
  int x0 = margin_ + inset, x1 = width_ - margin_ - inset;
  for (int x = x0; x < x1; ++x) {
    if (dashed && (x - x0) % 12 >= 7) continue;
    for (int t = 0; t < thickness; ++t) pixels_[static_cast<size_t>(y_ + t) * width_ + x] = 255;
  }
  y_ += thickness;
}

void Canvas::table(const std::vector<Column>& columns, const std::vector<std::vector<std::string>>& rows, int px,
                   bool header) {
  const int line = 2, pad = std::max(3, px / 4);
  int total = 0;
  for (const Column& column : columns) total += column.width;
  int x0 = margin_ + (content_width() - total) / 2;
  fill(x0, y_, total, line);
  y_ += line;
  for (size_t r = 0; r < rows.size(); ++r) {
    bool bold = header && r == 0;
    int height = 0;
    for (size_t c = 0; c < columns.size() && c < rows[r].size(); ++c)
      height = std::max(
          height, draw_block({{rows[r][c], bold}}, px, 0, columns[c].width - 2 * pad, 0, columns[c].align, false));
    height += 2 * pad;
    int x = x0;
    for (size_t c = 0; c < columns.size(); ++c) {
      if (c < rows[r].size())
        draw_block({{rows[r][c], bold}}, px, x + pad, columns[c].width - 2 * pad, y_ + pad, columns[c].align, true);
      fill(x, y_, line, height);  // left border of the cell
      x += columns[c].width;
    }
    fill(x0 + total - line, y_, line, height);
    y_ += height;
    fill(x0, y_, total, line);
    y_ += line;
  }
}

void Canvas::qr(const std::string& payload, int module_dots) {
  std::vector<std::vector<bool>> modules = qr_modules(payload);
  int n = static_cast<int>(modules.size());
  const int quiet = 4;
  int module = std::max(1, std::min(module_dots, content_width() / (n + 2 * quiet)));
  int size = (n + 2 * quiet) * module;
  int x0 = (width_ - size) / 2 + quiet * module;
  int top = y_;
  ensure_rows(top + size);
  for (int my = 0; my < n; ++my)
    for (int mx = 0; mx < n; ++mx)
      if (modules[my][mx]) fill(x0 + mx * module, top + (quiet + my) * module, module, module);
  qr_regions_.push_back(QrRegion{top, size, payload, module});
  y_ += size;
}

void Canvas::two_columns(const std::vector<Line>& left, const std::vector<Line>& right) {
  int half = content_width() / 2;
  int top = y_;
  int heights[2] = {0, 0};
  const std::vector<Line>* sides[2] = {&left, &right};
  for (int side = 0; side < 2; ++side) {
    int y = top;
    for (const Line& line : *sides[side])
      y += draw_block({{line.text, line.bold}}, line.px, margin_ + side * half, half - 4, y, Align::Center, true);
    heights[side] = y - top;
  }
  y_ = top + std::max(heights[0], heights[1]);
}

void Canvas::banner(const std::string& text, int px, bool bold) {
  FontMetrics m = Fonts::instance().metrics(bold, px);
  int pad = px / 4;
  texts_.push_back(to_nfc(text));
  std::u32string text32 = to_u32(to_nfc(text));
  int text_width = Fonts::instance().measure(text32, bold, px);
  int height = m.line_height + 2 * pad;
  fill(margin_, y_, content_width(), height);
  draw_text(text32, bold, px, margin_ + (content_width() - text_width) / 2, y_ + pad + m.ascender, true);
  y_ += height;
}

Bitmap Canvas::finish(int bottom_margin) {
  int height = y_ + bottom_margin;
  ensure_rows(height);
  Bitmap bitmap(width_, height);
  for (size_t i = 0; i < bitmap.pixels.size(); ++i) {
    uint8_t value = pixels_[i];
    // 1 marks white text punched out of a black banner.
    bitmap.pixels[i] = value == 1 ? 0 : (value >= kInkThreshold ? 255 : 0);
  }
  bitmap.qr_regions = qr_regions_;
  bitmap.texts = texts_;
  return bitmap;
}

std::vector<std::vector<bool>> qr_modules(const std::string& payload) {
  ZXing::MultiFormatWriter writer(ZXing::BarcodeFormat::QRCode);
  writer.setEncoding(ZXing::CharacterSet::UTF8).setMargin(0);
  ZXing::BitMatrix matrix = writer.encode(payload, 0, 0);
  std::vector<std::vector<bool>> modules(matrix.height(), std::vector<bool>(matrix.width()));
  for (int y = 0; y < matrix.height(); ++y)
    for (int x = 0; x < matrix.width(); ++x) modules[y][x] = matrix.get(x, y);
  return modules;
}

}  // namespace mc::printing::detail
