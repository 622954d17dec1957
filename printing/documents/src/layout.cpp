#include "layout.hpp"

#include <cairo-pdf.h>
#include <glib.h>

#include <algorithm>
#include <array>
#include <cstdio>
#include <stdexcept>

#include "mc/core/text.hpp"
#include "mc/printing/render.hpp"

namespace mc::documents::detail {

namespace {

constexpr double kRuleWidth = 0.6;    // pt: the short lines under the agency and the motto
constexpr double kBorderWidth = 0.5;  // pt: table borders
constexpr double kHeaderGrey = 0.9;   // table header background (prints light on any laser printer)

cairo_status_t append_to_string(void* closure, const unsigned char* data, unsigned int length) {
  static_cast<std::string*>(closure)->append(reinterpret_cast<const char*>(data), length);
  return CAIRO_STATUS_SUCCESS;
}

PangoAlignment pango_alignment(Align align) {
  switch (align) {
    case Align::Center:
      return PANGO_ALIGN_CENTER;
    case Align::Right:
      return PANGO_ALIGN_RIGHT;
    default:
      return PANGO_ALIGN_LEFT;
  }
}

double aligned_x(Align align, double x, double available, double width) {
  switch (align) {
    case Align::Center:
      return x + (available - width) / 2;
    case Align::Right:
      return x + available - width;
    default:
      return x;
  }
}

std::string replace_all(std::string text, const std::string& what, const std::string& with) {
  size_t pos = 0;
  while ((pos = text.find(what, pos)) != std::string::npos) {
    text.replace(pos, what.size(), with);
    pos += with.size();
  }
  return text;
}

}  // namespace

std::string escape(std::string_view text) {
  const std::string nfc = to_nfc(text);
  gchar* escaped = g_markup_escape_text(nfc.data(), static_cast<gssize>(nfc.size()));
  std::string out(escaped);
  g_free(escaped);
  return out;
}

std::string bold(std::string_view text) {
  return "<b>" + escape(text) + "</b>";
}
std::string italic(std::string_view text) {
  return "<i>" + escape(text) + "</i>";
}
std::string unbreakable(std::string_view markup) {
  return "<span allow_breaks=\"false\">" + std::string(markup) + "</span>";
}

std::string fill(std::string_view pattern, const std::vector<std::pair<std::string, std::string>>& markup_values) {
  std::string out;
  std::string literal;
  for (size_t i = 0; i < pattern.size();) {
    if (pattern[i] == '{') {
      const size_t close = pattern.find('}', i);
      if (close != std::string_view::npos) {
        const std::string name(pattern.substr(i + 1, close - i - 1));
        auto value = std::find_if(markup_values.begin(), markup_values.end(),
                                  [&](const auto& pair) { return pair.first == name; });
        if (value != markup_values.end()) {
          out += escape(literal) + value->second;
          literal.clear();
          i = close + 1;
          continue;
        }
      }
    }
    literal += pattern[i++];
  }
  return out + escape(literal);
}

Document::Document(PageGeometry page, std::string font_family) : page_(page), font_family_(std::move(font_family)) {
  surface_ = cairo_pdf_surface_create_for_stream(append_to_string, &pdf_, page_.width, page_.height);
  cr_ = cairo_create(surface_);
  if (cairo_status(cr_) != CAIRO_STATUS_SUCCESS)
    throw std::runtime_error(std::string("cairo: ") + cairo_status_to_string(cairo_status(cr_)));
  cairo_pdf_surface_set_metadata(surface_, CAIRO_PDF_METADATA_CREATOR, "Một Cửa Kiosk");  // i18n-exempt: product name
  pango_ = pango_cairo_create_context(cr_);
  // Points in, points out: pango's default 96 dpi would make a 10 pt font 13.3 pt on the page.
  pango_cairo_context_set_resolution(pango_, 72);
  // Unhinted metrics: the same layout on every machine, and glyph positions exact in the PDF.
  cairo_font_options_t* options = cairo_font_options_create();
  cairo_font_options_set_hint_metrics(options, CAIRO_HINT_METRICS_OFF);
  cairo_font_options_set_hint_style(options, CAIRO_HINT_STYLE_NONE);
  pango_cairo_context_set_font_options(pango_, options);
  cairo_font_options_destroy(options);
  pango_context_set_language(pango_, pango_language_from_string("vi"));
}

Document::~Document() {
  layouts_.clear();
  if (pango_) g_object_unref(pango_);
  if (cr_) cairo_destroy(cr_);
  if (surface_) cairo_surface_destroy(surface_);
}

Document::Page& Document::current() {
  if (pages_.empty()) new_page();
  return pages_.back();
}

double Document::remaining() const {
  if (pages_.empty()) return page_.height - page_.margin_top - page_.margin_bottom;
  return page_.height - page_.margin_bottom - y_;
}

void Document::begin_section(std::string footer_pattern, double footer_size) {
  sections_.push_back({std::move(footer_pattern), footer_size});
  section_ = static_cast<int>(sections_.size()) - 1;
  new_page();
}

void Document::new_page() {
  if (section_ < 0) {
    sections_.push_back({});
    section_ = 0;
  }
  pages_.push_back(Page{section_, {}});
  y_ = page_.margin_top;
}

void Document::ensure_room(double height) {
  if (pages_.empty()) {
    new_page();
    return;
  }
  // A block taller than a whole page goes on a fresh page and runs over its margin: better than looping.
  if (height > remaining() && y_ > page_.margin_top + 0.01) new_page();
}

std::shared_ptr<PangoLayout> Document::make_layout(const std::string& markup, const TextStyle& style, double width) {
  // Registers repeat themselves (the same procedure, status and due time row after row): a layout is
  // shaped once and drawn wherever the same text in the same style and width appears again.
  char shape[96];
  std::snprintf(shape, sizeof shape, "|%.2f|%d|%d|%d|%.2f|%.2f|%.2f", style.size, style.bold, style.italic,
                static_cast<int>(style.align), style.hanging, style.line_spacing, width);
  std::string key = markup + shape;
  if (auto cached = layouts_.find(key); cached != layouts_.end()) return cached->second;
  PangoLayout* layout = pango_layout_new(pango_);
  PangoFontDescription* font = pango_font_description_from_string(font_family_.c_str());
  pango_font_description_set_absolute_size(font, style.size * PANGO_SCALE);
  pango_font_description_set_weight(font, style.bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL);
  pango_font_description_set_style(font, style.italic ? PANGO_STYLE_ITALIC : PANGO_STYLE_NORMAL);
  pango_layout_set_font_description(layout, font);
  pango_font_description_free(font);
  pango_layout_set_width(layout, static_cast<int>(std::max(1.0, width) * PANGO_SCALE));
  pango_layout_set_wrap(layout, PANGO_WRAP_WORD_CHAR);
  pango_layout_set_alignment(layout, pango_alignment(style.align));
  pango_layout_set_justify(layout, style.align == Align::Justify);
  if (style.hanging > 0) pango_layout_set_indent(layout, static_cast<int>(-style.hanging * PANGO_SCALE));
  if (style.line_spacing != 1.0) pango_layout_set_line_spacing(layout, static_cast<float>(style.line_spacing));
  // Markup is built from escaped text, so it parses; should a wording file still break it, print the
  // characters rather than nothing.
  if (pango_parse_markup(markup.c_str(), -1, 0, nullptr, nullptr, nullptr, nullptr))
    pango_layout_set_markup(layout, markup.c_str(), -1);
  else
    pango_layout_set_text(layout, markup.c_str(), -1);
  std::shared_ptr<PangoLayout> shared(layout, [](PangoLayout* l) { g_object_unref(l); });
  layouts_.emplace(std::move(key), shared);
  return shared;
}

Document::LaidOutCell Document::lay_out_cell(const Cell& cell) {
  LaidOutCell out;
  out.width = cell.width;
  for (const Item& item : cell.items) {
    LaidOutItem laid{item, nullptr, 0};
    switch (item.kind) {
      case Item::Kind::Text: {
        laid.layout = make_layout(item.markup, item.style, cell.width);
        int w = 0, h = 0;
        pango_layout_get_size(laid.layout.get(), &w, &h);
        laid.height = static_cast<double>(h) / PANGO_SCALE;
        break;
      }
      case Item::Kind::Rule:
        laid.height = 3;
        break;
      case Item::Kind::Space:
      case Item::Kind::Qr:
        laid.height = item.length;
        break;
    }
    out.height += laid.height;
    out.items.push_back(std::move(laid));
  }
  return out;
}

void Document::place_cell(const LaidOutCell& cell, double x, double y) {
  Page& page = current();
  for (const LaidOutItem& laid : cell.items) {
    const Item& item = laid.item;
    switch (item.kind) {
      case Item::Kind::Text:
        page.placed.push_back({Placed::Kind::Layout, x, y, cell.width, laid.height, laid.layout, {}, 0});
        break;
      case Item::Kind::Rule: {
        const double left = aligned_x(item.align, x, cell.width, item.length);
        page.placed.push_back({Placed::Kind::Line, left, y + 1, item.length, 0, nullptr, {}, 0});
        break;
      }
      case Item::Kind::Qr: {
        // Vector modules: crisp at any printer resolution, and zbar reads them from a 150 dpi rendering.
        const printing::Bitmap modules = printing::render_qr(item.payload, 1);
        const double module = item.length / modules.width;
        const double left = aligned_x(item.align, x, cell.width, item.length);
        Placed qr{Placed::Kind::Modules, left, y, item.length, item.length, nullptr, {}, 0};
        for (int row = 0; row < modules.height; ++row) {
          for (int col = 0; col < modules.width;) {
            if (!modules.black(col, row)) {
              ++col;
              continue;
            }
            int end = col;
            while (end < modules.width && modules.black(end, row)) ++end;
            qr.rects.push_back({left + col * module, y + row * module, (end - col) * module, module});
            col = end;
          }
        }
        page.placed.push_back(std::move(qr));
        break;
      }
      case Item::Kind::Space:
        break;
    }
    y += laid.height;
  }
}

void Document::text(const std::string& markup, const TextStyle& style) {
  block({Cell{content_width(), {Item::text(markup, style)}}});
}

void Document::space(double height) {
  if (pages_.empty()) new_page();
  // Space at the top of a page is swallowed: a new page starts at its margin.
  if (y_ <= page_.margin_top + 0.01) return;
  y_ = std::min(y_ + height, page_.height - page_.margin_bottom);
}

void Document::block(const std::vector<Cell>& cells, double gap) {
  std::vector<LaidOutCell> laid;
  double height = 0;
  for (const Cell& cell : cells) {
    laid.push_back(lay_out_cell(cell));
    height = std::max(height, laid.back().height);
  }
  ensure_room(height);
  double x = page_.margin_left;
  for (const LaidOutCell& cell : laid) {
    place_cell(cell, x, y_);
    x += cell.width + gap;
  }
  y_ += height;
}

void Document::table(const std::vector<TableColumn>& columns, const std::vector<std::string>& header,
                     const std::vector<std::vector<std::string>>& rows, const TextStyle& cell_style,
                     const TextStyle& header_style, double padding) {
  struct Row {
    std::vector<std::shared_ptr<PangoLayout>> cells;
    double height = 0;
  };
  auto lay_out_row = [&](const std::vector<std::string>& texts, const TextStyle& base, bool is_header) {
    Row row;
    for (size_t i = 0; i < columns.size(); ++i) {
      TextStyle style = base;
      if (!is_header) style.align = columns[i].align;
      auto layout = make_layout(i < texts.size() ? texts[i] : std::string(), style, columns[i].width - 2 * padding);
      int w = 0, h = 0;
      pango_layout_get_size(layout.get(), &w, &h);
      row.height = std::max(row.height, static_cast<double>(h) / PANGO_SCALE + 2 * padding);
      row.cells.push_back(std::move(layout));
    }
    return row;
  };
  auto place_row = [&](const Row& row, bool is_header) {
    Page& page = current();
    double x = page_.margin_left;
    for (size_t i = 0; i < columns.size(); ++i) {
      if (is_header)
        page.placed.push_back({Placed::Kind::Fill, x, y_, columns[i].width, row.height, nullptr, {}, kHeaderGrey});
      page.placed.push_back({Placed::Kind::Border, x, y_, columns[i].width, row.height, nullptr, {}, 0});
      page.placed.push_back({Placed::Kind::Layout,
                             x + padding,
                             y_ + padding,
                             columns[i].width - 2 * padding,
                             row.height - 2 * padding,
                             row.cells[i],
                             {},
                             0});
      x += columns[i].width;
    }
    y_ += row.height;
  };

  const Row header_row = lay_out_row(header, header_style, true);
  std::vector<Row> laid;
  laid.reserve(rows.size());
  for (const auto& row : rows) laid.push_back(lay_out_row(row, cell_style, false));

  // The header never stands alone at the foot of a page: it goes with the first row.
  ensure_room(header_row.height + (laid.empty() ? 0 : laid.front().height));
  place_row(header_row, true);
  for (const Row& row : laid) {
    if (row.height > remaining()) {
      new_page();
      place_row(header_row, true);
    }
    place_row(row, false);
  }
}

void Document::set_metadata(const std::string& title, const std::string& author, const std::string& subject) {
  cairo_pdf_surface_set_metadata(surface_, CAIRO_PDF_METADATA_TITLE, to_nfc(title).c_str());
  cairo_pdf_surface_set_metadata(surface_, CAIRO_PDF_METADATA_AUTHOR, to_nfc(author).c_str());
  cairo_pdf_surface_set_metadata(surface_, CAIRO_PDF_METADATA_SUBJECT, to_nfc(subject).c_str());
}

std::string Document::finish() {
  if (pages_.empty()) new_page();
  std::vector<int> section_pages(sections_.size(), 0);
  for (const Page& page : pages_) ++section_pages[page.section];
  std::vector<int> page_in_section(sections_.size(), 0);

  cairo_set_source_rgb(cr_, 0, 0, 0);
  for (const Page& page : pages_) {
    for (const Placed& placed : page.placed) {
      switch (placed.kind) {
        case Placed::Kind::Layout:
          cairo_set_source_rgb(cr_, 0, 0, 0);
          cairo_move_to(cr_, placed.x, placed.y);
          pango_cairo_show_layout(cr_, placed.layout.get());
          break;
        case Placed::Kind::Line:
          cairo_set_source_rgb(cr_, 0, 0, 0);
          cairo_set_line_width(cr_, kRuleWidth);
          cairo_move_to(cr_, placed.x, placed.y);
          cairo_line_to(cr_, placed.x + placed.w, placed.y);
          cairo_stroke(cr_);
          break;
        case Placed::Kind::Border:
          cairo_set_source_rgb(cr_, 0, 0, 0);
          cairo_set_line_width(cr_, kBorderWidth);
          cairo_rectangle(cr_, placed.x, placed.y, placed.w, placed.h);
          cairo_stroke(cr_);
          break;
        case Placed::Kind::Fill:
          cairo_set_source_rgb(cr_, placed.grey, placed.grey, placed.grey);
          cairo_rectangle(cr_, placed.x, placed.y, placed.w, placed.h);
          cairo_fill(cr_);
          break;
        case Placed::Kind::Modules:
          cairo_set_source_rgb(cr_, 0, 0, 0);
          for (const auto& rect : placed.rects) cairo_rectangle(cr_, rect[0], rect[1], rect[2], rect[3]);
          cairo_fill(cr_);
          break;
      }
    }
    const Section& section = sections_[page.section];
    const int number = ++page_in_section[page.section];
    if (!section.footer_pattern.empty()) {
      std::string footer = replace_all(section.footer_pattern, "{page}", std::to_string(number));
      footer = replace_all(footer, "{pages}", std::to_string(section_pages[page.section]));
      TextStyle style;
      style.size = section.footer_size;
      style.align = Align::Center;
      auto layout = make_layout(footer, style, content_width());
      int w = 0, h = 0;
      pango_layout_get_size(layout.get(), &w, &h);
      const double footer_y = page_.height - page_.margin_bottom / 2 - static_cast<double>(h) / PANGO_SCALE / 2;
      cairo_set_source_rgb(cr_, 0, 0, 0);
      cairo_move_to(cr_, page_.margin_left, footer_y);
      pango_cairo_show_layout(cr_, layout.get());
    }
    cairo_show_page(cr_);
  }
  layouts_.clear();
  g_object_unref(pango_);
  pango_ = nullptr;
  cairo_destroy(cr_);
  cr_ = nullptr;
  cairo_surface_finish(surface_);
  const cairo_status_t status = cairo_surface_status(surface_);
  cairo_surface_destroy(surface_);
  surface_ = nullptr;
  if (status != CAIRO_STATUS_SUCCESS) throw std::runtime_error(std::string("cairo: ") + cairo_status_to_string(status));
  return std::move(pdf_);
}

}  // namespace mc::documents::detail
