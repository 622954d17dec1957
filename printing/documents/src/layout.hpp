#pragma once
// Internal: a small flow layout for the office forms, on pango (text shaping, line breaking) and cairo
// (PDF). Content is laid out top to bottom into pages first and painted afterwards, so every page can
// say "Trang 2/5". Blocks never split across pages; tables do, row by row, with their header repeated.
#include <cairo.h>
#include <pango/pangocairo.h>

#include <array>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace mc::documents::detail {

// Sizes in PostScript points (1/72 inch), as cairo's PDF surface uses them.
struct PageGeometry {
  double width = 0;
  double height = 0;
  double margin_top = 0;
  double margin_bottom = 0;  // the page number sits inside it
  double margin_left = 0;
  double margin_right = 0;
};

enum class Align { Left, Center, Right, Justify };

struct TextStyle {
  double size = 10;   // pt
  bool bold = false;  // base weight; markup can still say <b>
  bool italic = false;
  Align align = Align::Left;
  double hanging = 0;  // pt: lines after the first start this far right ("1. " items)
  double line_spacing = 1.0;
};

// Markup helpers: every text is NFC-normalised (pango does not compose decomposed marks for the PDF's
// ToUnicode map, so pdftotext and search would see them detached) and escaped before it becomes markup.
std::string escape(std::string_view text);
std::string bold(std::string_view text);
std::string italic(std::string_view text);
// Kept on one line where possible: dossier codes, times ("09 giờ 05 phút").
std::string unbreakable(std::string_view markup);
// "{name}" placeholders of a wording pattern filled with markup (the pattern's own text is escaped).
std::string fill(std::string_view pattern, const std::vector<std::pair<std::string, std::string>>& markup_values);

// One thing inside a block cell, top to bottom.
struct Item {
  enum class Kind { Text, Rule, Space, Qr };
  Kind kind = Kind::Text;
  std::string markup;           // Text
  TextStyle style;              // Text
  double length = 0;            // Rule: width in pt (centred); Space: height; Qr: side in pt
  std::string payload;          // Qr
  Align align = Align::Center;  // Rule, Qr: where in the cell

  static Item text(std::string markup, TextStyle style) {
    return {Kind::Text, std::move(markup), style, 0, {}, Align::Left};
  }
  static Item rule(double width) { return {Kind::Rule, {}, {}, width, {}, Align::Center}; }
  static Item space(double height) { return {Kind::Space, {}, {}, height, {}, Align::Left}; }
  static Item qr(std::string payload, double side, Align align = Align::Center) {
    return {Kind::Qr, {}, {}, side, std::move(payload), align};
  }
};

struct Cell {
  double width = 0;  // pt
  std::vector<Item> items;
};

struct TableColumn {
  double width = 0;  // pt
  Align align = Align::Left;
};

class Document {
 public:
  Document(PageGeometry page, std::string font_family);
  ~Document();
  Document(const Document&) = delete;
  Document& operator=(const Document&) = delete;

  const PageGeometry& page() const { return page_; }
  double content_width() const { return page_.width - page_.margin_left - page_.margin_right; }
  double remaining() const;  // pt left on the current page

  // Pages from here on are numbered from 1 again (each copy of a form, Liên 1 and Liên 2, is its own
  // set). footer_pattern: markup with {page} and {pages}; empty: no page number.
  void begin_section(std::string footer_pattern, double footer_size);
  void new_page();

  void text(const std::string& markup, const TextStyle& style);
  void space(double height);
  // Cells side by side, separated by gap; kept together on one page.
  void block(const std::vector<Cell>& cells, double gap = 0);
  // A bordered table; rows break across pages and the header is drawn again on every page it continues on.
  void table(const std::vector<TableColumn>& columns, const std::vector<std::string>& header,
             const std::vector<std::vector<std::string>>& rows, const TextStyle& cell_style,
             const TextStyle& header_style, double padding = 3);

  void set_metadata(const std::string& title, const std::string& author, const std::string& subject);
  // Paints every page and returns the PDF. The document cannot be used afterwards.
  std::string finish();
  int page_count() const { return static_cast<int>(pages_.size()); }

 private:
  // What a page holds until it is painted.
  struct Placed {
    enum class Kind { Layout, Line, Border, Fill, Modules };
    Kind kind = Kind::Layout;
    double x = 0, y = 0, w = 0, h = 0;
    std::shared_ptr<PangoLayout> layout;
    std::vector<std::array<double, 4>> rects;  // Modules: the QR's dark runs
    double grey = 0;
  };
  struct Page {
    int section = 0;
    std::vector<Placed> placed;
  };
  struct LaidOutItem {
    Item item;
    std::shared_ptr<PangoLayout> layout;
    double height = 0;
  };
  struct LaidOutCell {
    double width = 0;
    double height = 0;
    std::vector<LaidOutItem> items;
  };

  std::shared_ptr<PangoLayout> make_layout(const std::string& markup, const TextStyle& style, double width);
  LaidOutCell lay_out_cell(const Cell& cell);
  void place_cell(const LaidOutCell& cell, double x, double y);
  void ensure_room(double height);
  Page& current();

  PageGeometry page_;
  std::string font_family_;
  std::string pdf_;
  cairo_surface_t* surface_ = nullptr;
  cairo_t* cr_ = nullptr;
  PangoContext* pango_ = nullptr;
  std::vector<Page> pages_;
  std::unordered_map<std::string, std::shared_ptr<PangoLayout>> layouts_;  // by text, style and width
  double y_ = 0;
  int section_ = -1;
  struct Section {
    std::string footer_pattern;
    double footer_size = 8;
  };
  std::vector<Section> sections_;
};

}  // namespace mc::documents::detail
