#include "finder_patterns.hpp"

#include <algorithm>
#include <cmath>
#include <optional>

namespace mc::scanner::detail {

namespace {

// Five run lengths in the ratio 1:1:3:1:1, within a tolerance wide enough for blur and a bent card (the
// pattern is then confirmed in two more directions, which is what keeps random data out).
bool finder_ratio(const int runs[5], double& module) {
  const int total = runs[0] + runs[1] + runs[2] + runs[3] + runs[4];
  module = total / 7.0;
  if (module < 1.5) return false;  // finer than a QR code can be read at; sensor noise makes plenty of these
  const double single_slack = 0.7 * module + 0.5;
  for (int i : {0, 1, 3, 4})
    if (std::abs(runs[i] - module) > single_slack) return false;
  return std::abs(runs[2] - 3 * module) <= 1.2 * module + 0.5;
}

struct Walk {
  double centre_offset;  // where the centre run's middle lies from the start point, in steps
  double module;
  int total;
};

// From (x, y), which must have the pattern's colour, walks both ways along (dx, dy) through the centre
// run, the ring and the outer ring, classifying pixels against `threshold` (pattern colour: below it when
// `dark_pattern`, above it otherwise). Gives up after `max_run` pixels in one run.
std::optional<Walk> walk_pattern(const GrayImage& image, int x, int y, int dx, int dy, int threshold, bool dark_pattern,
                                 int max_run) {
  auto pattern_colour = [&](int px, int py) {
    const int v = image.pixels[size_t(py) * image.width + px];
    return dark_pattern ? v < threshold : v >= threshold;
  };
  auto inside = [&](int px, int py) { return px >= 0 && py >= 0 && px < image.width && py < image.height; };
  if (!inside(x, y) || !pattern_colour(x, y)) return std::nullopt;
  int counts[2][3] = {};  // [direction][centre, ring, outer ring]
  for (int dir = 0; dir < 2; ++dir) {
    const int sx = dir == 0 ? -dx : dx, sy = dir == 0 ? -dy : dy;
    int px = x, py = y, stage = 0;
    bool want = true;  // the colour this stage consists of
    while (stage < 3) {
      if (!inside(px, py)) {
        if (stage < 2) return std::nullopt;
        break;  // the outer ring may end at the picture's border
      }
      if (pattern_colour(px, py) == want) {
        if (++counts[dir][stage] > max_run) return std::nullopt;
        px += sx, py += sy;
      } else {
        ++stage;
        want = !want;
      }
    }
    if (counts[dir][2] == 0) return std::nullopt;
  }
  const int runs[5] = {counts[0][2], counts[0][1], counts[0][0] + counts[1][0] - 1, counts[1][1], counts[1][2]};
  double module = 0;
  if (!finder_ratio(runs, module)) return std::nullopt;
  return Walk{(counts[1][0] - counts[0][0]) / 2.0, module, runs[0] + runs[1] + runs[2] + runs[3] + runs[4]};
}

}  // namespace

std::vector<FinderPattern> find_finder_patterns(const GrayImage& image, int row_step, int min_contrast) {
  std::vector<FinderPattern> found;
  if (!image.valid() || image.width < 21 || image.height < 21) return found;
  const int width = image.width, height = image.height;
  // The row threshold is the mean of a window several finder widths wide, so that it sits between the
  // module colours even inside a large finder's 3x3 centre.
  const int half_window = std::max(12, std::min(width, height) / 10);
  const int dead_band = std::max(2, min_contrast / 3);
  std::vector<int> prefix(size_t(width) + 1);
  struct Run {
    int start, length, sum;
    bool dark;
  };
  std::vector<Run> runs;
  row_step = std::max(1, row_step);
  for (int y = row_step / 2; y < height; y += row_step) {
    const uint8_t* row = image.pixels.data() + size_t(y) * width;
    for (int x = 0; x < width; ++x) prefix[size_t(x) + 1] = prefix[size_t(x)] + row[x];
    runs.clear();
    // Dark below the window's mean, light above it, and within `dead_band` of it whatever the pixel
    // before was: sensor noise on a plain surface then makes no runs at all, which is what keeps this
    // cheap on an empty frame.
    bool dark = row[0] * (half_window + 1) < prefix[size_t(half_window) + 1];
    int run_start = 0, run_sum = 0;
    const int full = 2 * half_window + 1;
    for (int x = 0; x < width; ++x) {
      int count = full, sum;
      if (x >= half_window && x + half_window < width) {  // the window fits: nearly every pixel
        sum = prefix[size_t(x + half_window) + 1] - prefix[size_t(x - half_window)];
      } else {
        const int lo = std::max(0, x - half_window), hi = std::min(width - 1, x + half_window);
        count = hi - lo + 1, sum = prefix[size_t(hi) + 1] - prefix[size_t(lo)];
      }
      // The pixel with its two neighbours, against the window: sensor noise averages down, a module of
      // 1.5 px or more keeps its colour.
      const int here = prefix[size_t(std::min(width, x + 2))] - prefix[size_t(std::max(0, x - 1))];
      const int span = std::min(width, x + 2) - std::max(0, x - 1);
      const int difference = here * count - sum * span, band = dead_band * count * span;
      const bool now_dark = difference < -band || (dark && difference <= band);
      if (now_dark != dark) {
        runs.push_back({run_start, x - run_start, run_sum, dark});
        run_start = x, run_sum = 0, dark = now_dark;
      }
      run_sum += row[x];
    }
    runs.push_back({run_start, width - run_start, run_sum, dark});
    // Runs of a noisy surface are a pixel or two: most windows fail on their total alone.
    int window_total = 0;
    for (size_t i = 0; i < std::min<size_t>(4, runs.size()); ++i) window_total += runs[i].length;
    for (size_t i = 0; i + 5 <= runs.size(); window_total -= runs[i].length, ++i) {
      window_total += runs[i + 4].length;
      if (window_total < 11) continue;  // a module under 1.5 px
      // Mean grey of the pattern's colour and of the ring between: their midpoint is the threshold for
      // the cross-checks, and their distance is the contrast (checked first: it is what noise lacks).
      const double pattern_mean = double(runs[i].sum + runs[i + 2].sum + runs[i + 4].sum) /
                                  (runs[i].length + runs[i + 2].length + runs[i + 4].length);
      const double ring_mean = double(runs[i + 1].sum + runs[i + 3].sum) / (runs[i + 1].length + runs[i + 3].length);
      if (std::abs(pattern_mean - ring_mean) < min_contrast) continue;
      const int lengths[5] = {runs[i].length, runs[i + 1].length, runs[i + 2].length, runs[i + 3].length,
                              runs[i + 4].length};
      double module = 0;
      if (!finder_ratio(lengths, module)) continue;
      const bool dark_pattern = runs[i].dark;
      const int threshold = int(std::lround((pattern_mean + ring_mean) / 2));
      const int max_run = int(std::ceil(4 * module)) + 2;
      const int centre_x = runs[i + 2].start + runs[i + 2].length / 2;
      const auto vertical = walk_pattern(image, centre_x, y, 0, 1, threshold, dark_pattern, max_run);
      if (!vertical || vertical->total < 0.6 * 7 * module || vertical->total > 1.6 * 7 * module) continue;
      const int centre_y = int(std::lround(y + vertical->centre_offset));
      const auto horizontal = walk_pattern(image, centre_x, centre_y, 1, 0, threshold, dark_pattern, max_run);
      if (!horizontal) continue;
      const double cx = centre_x + horizontal->centre_offset, cy = y + vertical->centre_offset;
      const auto diagonal = walk_pattern(image, int(std::lround(cx)), centre_y, 1, 1, threshold, dark_pattern,
                                         int(std::ceil(6 * module)) + 2);
      if (!diagonal) continue;
      // Rows a little above and below the centre cross the 3x3 centre square too: a chance pattern in
      // sensor noise or in the data rarely repeats there.
      const int offset = std::max(1, int(std::lround(0.75 * vertical->module)));
      if (!walk_pattern(image, int(std::lround(cx)), centre_y - offset, 1, 0, threshold, dark_pattern, max_run) ||
          !walk_pattern(image, int(std::lround(cx)), centre_y + offset, 1, 0, threshold, dark_pattern, max_run))
        continue;
      const double size = (horizontal->module + vertical->module) / 2;
      // The same square found from another row: average it in.
      auto same = std::find_if(found.begin(), found.end(), [&](const FinderPattern& f) {
        return f.polarity == (dark_pattern ? Polarity::DarkOnLight : Polarity::LightOnDark) &&
               std::hypot(f.x - cx, f.y - cy) < 2 * std::max(f.module, size) &&
               std::max(f.module, size) < 1.6 * std::min(f.module, size);
      });
      if (same == found.end()) {
        found.push_back({cx, cy, size, dark_pattern ? Polarity::DarkOnLight : Polarity::LightOnDark, 1});
      } else {
        const double n = same->hits;
        same->x = (same->x * n + cx) / (n + 1);
        same->y = (same->y * n + cy) / (n + 1);
        same->module = (same->module * n + size) / (n + 1);
        ++same->hits;
      }
    }
  }
  std::sort(found.begin(), found.end(), [](const auto& a, const auto& b) { return a.hits > b.hits; });
  return found;
}

}  // namespace mc::scanner::detail
