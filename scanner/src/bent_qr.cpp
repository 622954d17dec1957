#include "bent_qr.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>
#include <optional>

namespace mc::scanner::detail {

namespace {

struct Point {
  double x = 0, y = 0;
};
Point operator+(Point a, Point b) {
  return {a.x + b.x, a.y + b.y};
}
Point operator-(Point a, Point b) {
  return {a.x - b.x, a.y - b.y};
}
Point operator*(double k, Point a) {
  return {k * a.x, k * a.y};
}
double length(Point a) {
  return std::hypot(a.x, a.y);
}

// Grey values of a region of the picture with the code's modules dark whatever its polarity, bilinear
// samples, and local means from a summed-area table of that region only (its cost follows the code's
// size, not the frame's).
class Region {
 public:
  Region(const GrayImage& image, Polarity polarity, int x0, int y0, int x1, int y1)
      : image_(image), invert_(polarity == Polarity::LightOnDark) {
    x0_ = std::clamp(x0, 0, image.width - 1), y0_ = std::clamp(y0, 0, image.height - 1);
    width_ = std::clamp(x1, 0, image.width - 1) - x0_ + 1, height_ = std::clamp(y1, 0, image.height - 1) - y0_ + 1;
    sums_.assign(size_t(width_ + 1) * (height_ + 1), 0);
    for (int y = 0; y < height_; ++y) {
      uint64_t row = 0;
      for (int x = 0; x < width_; ++x) {
        row += at(x0_ + x, y0_ + y);
        sums_[size_t(y + 1) * (width_ + 1) + x + 1] = sums_[size_t(y) * (width_ + 1) + x + 1] + row;
      }
    }
  }

  int at(int x, int y) const {
    const int v = image_.pixels[size_t(y) * image_.width + x];
    return invert_ ? 255 - v : v;
  }

  double sample(Point p) const {
    if (!std::isfinite(p.x) || !std::isfinite(p.y)) return 255;  // a model gone wild reads as quiet zone
    const double x = std::clamp(p.x - 0.5, 0.0, image_.width - 1.0),
                 y = std::clamp(p.y - 0.5, 0.0, image_.height - 1.0);
    // The callers' pictures are at least 21 px each way (a finder pattern fits), so ix + 1 is inside.
    const int ix = std::min(int(x), image_.width - 2), iy = std::min(int(y), image_.height - 2);
    const double fx = x - ix, fy = y - iy;
    return (at(ix, iy) * (1 - fx) + at(ix + 1, iy) * fx) * (1 - fy) +
           (at(ix, iy + 1) * (1 - fx) + at(ix + 1, iy + 1) * fx) * fy;
  }

  // Mean grey of the square of half-width `half` around p, clipped to the region.
  double mean(Point p, int half) const {
    if (!std::isfinite(p.x) || !std::isfinite(p.y)) return 128;
    const int cx = int(std::clamp(p.x, -1e6, 1e6)) - x0_, cy = int(std::clamp(p.y, -1e6, 1e6)) - y0_;
    const int lx = std::clamp(cx - half, 0, width_), hx = std::clamp(cx + half + 1, 0, width_);
    const int ly = std::clamp(cy - half, 0, height_), hy = std::clamp(cy + half + 1, 0, height_);
    if (hx <= lx || hy <= ly) return 128;
    const auto s = [&](int x, int y) { return double(sums_[size_t(y) * (width_ + 1) + x]); };
    return (s(hx, hy) - s(lx, hy) - s(hx, ly) + s(lx, ly)) / (double(hx - lx) * (hy - ly));
  }

 private:
  const GrayImage& image_;
  bool invert_;
  int x0_ = 0, y0_ = 0, width_ = 0, height_ = 0;
  std::vector<uint64_t> sums_;
};

// The smoothest function (least bending energy) through values at scattered points: affine far from
// them, bending between them as a bent card does.
class ThinPlateSpline {
 public:
  bool fit(const std::vector<Point>& centres, const std::vector<double>& values) {
    const size_t n = centres.size(), size = n + 3;
    std::vector<double> a(size * size, 0.0), b(size, 0.0);
    for (size_t i = 0; i < n; ++i) {
      for (size_t j = 0; j < n; ++j) a[i * size + j] = kernel(centres[i], centres[j]);
      const double row[3] = {1, centres[i].x, centres[i].y};
      for (size_t k = 0; k < 3; ++k) a[i * size + n + k] = a[(n + k) * size + i] = row[k];
      b[i] = values[i];
    }
    // Gaussian elimination with partial pivoting.
    for (size_t col = 0; col < size; ++col) {
      size_t pivot = col;
      for (size_t r = col + 1; r < size; ++r)
        if (std::abs(a[r * size + col]) > std::abs(a[pivot * size + col])) pivot = r;
      if (std::abs(a[pivot * size + col]) < 1e-9) return false;  // collinear or repeated points
      if (pivot != col) {
        for (size_t k = 0; k < size; ++k) std::swap(a[col * size + k], a[pivot * size + k]);
        std::swap(b[col], b[pivot]);
      }
      for (size_t r = 0; r < size; ++r) {
        if (r == col) continue;
        const double f = a[r * size + col] / a[col * size + col];
        if (f == 0) continue;
        for (size_t k = col; k < size; ++k) a[r * size + k] -= f * a[col * size + k];
        b[r] -= f * b[col];
      }
    }
    centres_ = centres;
    weights_.resize(size);
    for (size_t i = 0; i < size; ++i) weights_[i] = b[i] / a[i * size + i];
    return true;
  }

  double operator()(Point p) const {
    const size_t n = centres_.size();
    double out = weights_[n] + weights_[n + 1] * p.x + weights_[n + 2] * p.y;
    for (size_t i = 0; i < n; ++i) out += weights_[i] * kernel(p, centres_[i]);
    return out;
  }

 private:
  static double kernel(Point a, Point b) {
    const double r2 = (a.x - b.x) * (a.x - b.x) + (a.y - b.y) * (a.y - b.y);
    return r2 > 0 ? 0.5 * r2 * std::log(r2) : 0.0;
  }
  std::vector<Point> centres_;
  std::vector<double> weights_;
};

// The flat code the three finder centres describe: module coordinates to picture and back. (0, 0) is the
// symbol's outer top-left corner, a module is 1.
struct FinderFrame {
  Point origin, du, dv;
  FinderFrame(Point top_left, Point top_right, Point bottom_left, int dimension) {
    du = (1.0 / (dimension - 7)) * (top_right - top_left);
    dv = (1.0 / (dimension - 7)) * (bottom_left - top_left);
    origin = top_left - 3.5 * du - 3.5 * dv;
  }
  Point to_picture(Point m) const { return origin + m.x * du + m.y * dv; }
  Point to_modules(Point p) const {
    const Point q = p - origin;
    const double det = du.x * dv.y - du.y * dv.x;
    return {(q.x * dv.y - q.y * dv.x) / det, (du.x * q.y - du.y * q.x) / det};
  }
};

// Where the grid truly lies, in the finder frame's coordinates: the finders and alignment patterns pin
// both coordinates of a module position, an outer edge only the one across it (along an edge nothing
// marks where one module ends).
struct Constraints {
  std::vector<Point> u_at, v_at;
  std::vector<double> u, v;
  void both(Point module, Point frame) {
    u_at.push_back(module), u.push_back(frame.x), v_at.push_back(module), v.push_back(frame.y);
  }
};

// Module coordinates to picture: the finder frame, bent by one spline per axis through the constraints.
class GridModel {
 public:
  explicit GridModel(const FinderFrame& frame) : frame_(frame) {}
  bool fit(const Constraints& c) {
    ThinPlateSpline u, v;
    if (!u.fit(c.u_at, c.u) || !v.fit(c.v_at, c.v)) return false;
    u_ = std::move(u), v_ = std::move(v);
    return true;
  }
  Point operator()(Point module) const { return frame_.to_picture({u_(module), v_(module)}); }
  const FinderFrame& frame() const { return frame_; }

 private:
  FinderFrame frame_;
  ThinPlateSpline u_, v_;
};

// Row/column indices of the alignment pattern centres of a version (ISO/IEC 18004 Annex E): evenly spaced
// from the last row/column inwards, the first at 6.
std::vector<int> alignment_positions(int version) {
  if (version < 2) return {};
  const int count = version / 7 + 2, dimension = 17 + 4 * version;
  const int step = version == 32 ? 26 : (version * 4 + count * 2 + 1) / (count * 2 - 2) * 2;
  std::vector<int> positions(static_cast<size_t>(count));
  positions[0] = 6;
  for (int i = count - 1, pos = dimension - 7; i >= 1; --i, pos -= step) positions[size_t(i)] = pos;
  return positions;
}

// Searches around where the model puts the alignment pattern centred on module (u, v): the best match of
// the 5x5 dark-light-dark rings, sampled along the grid's local directions. nullopt when nothing near
// matches well enough.
std::optional<Point> find_alignment(const Region& region, const GridModel& model, int u, int v) {
  const Point centre{u + 0.5, v + 0.5};
  const Point predicted = model(centre);
  const Point du = model(centre + Point{1, 0}) - predicted, dv = model(centre + Point{0, 1}) - predicted;
  const double module = (length(du) + length(dv)) / 2;
  if (!(module > 0.8)) return std::nullopt;
  const double radius = 4 * module, step = std::max(1.0, module / 3);
  const double threshold = region.mean(predicted, int(std::lround(3 * module)));
  int best = -1;
  std::vector<std::pair<Point, int>> scored;
  for (double oy = -radius; oy <= radius; oy += step)
    for (double ox = -radius; ox <= radius; ox += step) {
      if (ox * ox + oy * oy > radius * radius) continue;
      const Point c = predicted + Point{ox, oy};
      int score = 0;
      for (int j = -2; j <= 2; ++j)
        for (int i = -2; i <= 2; ++i) {
          const bool want_dark = std::max(std::abs(i), std::abs(j)) != 1;
          score += (region.sample(c + double(i) * du + double(j) * dv) < threshold) == want_dark;
        }
      scored.push_back({c, score});
      best = std::max(best, score);
    }
  if (best < 22) return std::nullopt;
  // Of the best-scoring positions, the one nearest the prediction, averaged with its best-scoring
  // neighbours for a sub-pixel centre.
  Point nearest{};
  double nearest_distance = 1e300;
  for (const auto& [p, score] : scored)
    if (score == best && length(p - predicted) < nearest_distance)
      nearest = p, nearest_distance = length(p - predicted);
  Point sum{};
  int count = 0;
  for (const auto& [p, score] : scored)
    if (score == best && length(p - nearest) <= 0.75 * module) sum = sum + p, ++count;
  return (1.0 / count) * sum;
}

// Least-squares polynomial y(t) of degree `degree` through (t, y) pairs; coefficients lowest first.
std::vector<double> fit_polynomial(const std::vector<std::pair<double, double>>& points, int degree) {
  const int n = degree + 1;
  std::vector<double> a(size_t(n) * n, 0.0), b(size_t(n), 0.0);
  for (const auto& [t, y] : points) {
    double powers[8] = {1};
    for (int k = 1; k < 2 * n - 1; ++k) powers[k] = powers[k - 1] * t;
    for (int r = 0; r < n; ++r) {
      for (int c = 0; c < n; ++c) a[size_t(r) * n + c] += powers[r + c];
      b[size_t(r)] += powers[r] * y;
    }
  }
  for (int col = 0; col < n; ++col) {
    int pivot = col;
    for (int r = col + 1; r < n; ++r)
      if (std::abs(a[size_t(r) * n + col]) > std::abs(a[size_t(pivot) * n + col])) pivot = r;
    if (std::abs(a[size_t(pivot) * n + col]) < 1e-12) return {};
    for (int k = 0; k < n; ++k) std::swap(a[size_t(col) * n + k], a[size_t(pivot) * n + k]);
    std::swap(b[size_t(col)], b[size_t(pivot)]);
    for (int r = 0; r < n; ++r) {
      if (r == col) continue;
      const double f = a[size_t(r) * n + col] / a[size_t(col) * n + col];
      for (int k = col; k < n; ++k) a[size_t(r) * n + k] -= f * a[size_t(col) * n + k];
      b[size_t(r)] -= f * b[size_t(col)];
    }
  }
  std::vector<double> coefficients(static_cast<size_t>(n));
  for (int i = 0; i < n; ++i) coefficients[size_t(i)] = b[size_t(i)] / a[size_t(i) * n + i];
  return coefficients;
}

double evaluate_polynomial(const std::vector<double>& coefficients, double t) {
  double y = 0;
  for (size_t i = coefficients.size(); i-- > 0;) y = y * t + coefficients[i];
  return y;
}

// The symbol's outer edge on one side, measured against the model: for each module along the side, the
// first dark sample walking in from the quiet zone. Where the outer row starts with light modules the walk
// ends a module or more deeper, so the lower envelope of these depths is taken and a smooth curve fitted
// to it, dropping what lies off it. The curve, every few modules, becomes control points: where the model
// puts the edge at depth d, the edge truly is. Version 1-6 codes have at most one alignment pattern, and
// their bend is seen only here.
void measure_edge(const Region& region, const GridModel& model, int dimension, int side, double dark_level,
                  Constraints& out) {
  const auto module_point = [&](double along, double depth) -> Point {
    switch (side) {
      case 0:
        return {along, depth};  // top
      case 1:
        return {along, dimension - depth};  // bottom
      case 2:
        return {depth, along};  // left
      default:
        return {dimension - depth, along};  // right
    }
  };
  // The walk from 3 modules out to 6 in, with the model evaluated once a module and interpolated between
  // (it bends over many modules, and evaluating it is what costs).
  constexpr int kStart = -3, kEnd = 6, kStepsPerModule = 8;
  std::vector<double> depth(size_t(dimension), std::nan(""));
  Point knots[kEnd - kStart + 1];
  for (int a = 0; a < dimension; ++a) {
    const double along = a + 0.5;
    for (int b = kStart; b <= kEnd; ++b) knots[b - kStart] = model(module_point(along, b));
    const auto at = [&](int step) {  // step 0 is kStart
      const int knot = std::min(step / kStepsPerModule, kEnd - kStart - 1);
      const double f = double(step - knot * kStepsPerModule) / kStepsPerModule;
      return region.sample((1 - f) * knots[knot] + f * knots[knot + 1]);
    };
    double light = 0;  // the quiet zone, 1.5 to 3 modules out
    for (int step = 0; step <= 12; step += 4) light += at(step) / 4;
    if (light - dark_level < 12) continue;  // no contrast here (glare, or not a quiet zone at all)
    const double threshold = (light + dark_level) / 2;
    double previous = light;
    for (int step = kStepsPerModule; step <= (kEnd - kStart) * kStepsPerModule; ++step) {
      const double value = at(step);
      if (value < threshold) {
        // Linear interpolation to where the samples cross the threshold.
        const double crossing = step - (threshold - value) / std::max(1e-6, previous - value);
        depth[size_t(a)] = kStart + crossing / kStepsPerModule;
        break;
      }
      previous = value;
    }
  }
  // Lower envelope over five modules: some module in five of the outer row is dark (all light: 1 in 32).
  std::vector<std::pair<double, double>> envelope;
  for (int a = 0; a < dimension; ++a) {
    double lowest = std::numeric_limits<double>::infinity();
    for (int k = std::max(0, a - 2); k <= std::min(dimension - 1, a + 2); ++k)
      if (!std::isnan(depth[size_t(k)])) lowest = std::min(lowest, depth[size_t(k)]);
    if (std::isfinite(lowest)) envelope.push_back({2.0 * (a + 0.5) / dimension - 1, lowest});
  }
  if (int(envelope.size()) < dimension / 2) return;
  std::vector<double> curve;
  for (int round = 0; round < 3; ++round) {
    curve = fit_polynomial(envelope, 3);
    if (curve.empty()) return;
    std::vector<std::pair<double, double>> kept;
    for (const auto& point : envelope)
      if (std::abs(point.second - evaluate_polynomial(curve, point.first)) < 0.4) kept.push_back(point);
    if (int(kept.size()) < dimension / 2) return;
    envelope.swap(kept);
  }
  for (int a = 0; a < dimension; a += 3) {
    const double along = a + 0.5;
    const double found = evaluate_polynomial(curve, 2.0 * along / dimension - 1);
    const Point edge = model.frame().to_modules(model(module_point(along, found)));
    if (side < 2)
      out.v_at.push_back(module_point(along, 0)), out.v.push_back(edge.y);
    else
      out.u_at.push_back(module_point(along, 0)), out.u.push_back(edge.x);
  }
}

// The code resampled onto a straight grid, 4 px per module plus a 4-module quiet zone, each pixel
// thresholded against the mean around its source point: dark on light, clean edges.
GrayImage straighten(const Region& region, const GridModel& model, int dimension, double module) {
  constexpr int kScale = 4, kQuiet = 4;
  const int side = (dimension + 2 * kQuiet) * kScale;
  GrayImage out{side, side, std::vector<uint8_t>(size_t(side) * side, 255)};
  // The model every other module corner, bilinear in between (the bend is smooth at that scale, and
  // evaluating the model is what costs).
  constexpr int kCell = 2;
  const int corners = dimension / kCell + 2;
  std::vector<Point> grid(size_t(corners) * corners);
  for (int v = 0; v < corners; ++v)
    for (int u = 0; u < corners; ++u)
      grid[size_t(v) * corners + u] = model(Point{double(u * kCell), double(v * kCell)});
  const int half = std::max(2, int(std::lround(3 * module)));
  for (int oy = kQuiet * kScale; oy < (kQuiet + dimension) * kScale; ++oy)
    for (int ox = kQuiet * kScale; ox < (kQuiet + dimension) * kScale; ++ox) {
      const double fu = ((ox + 0.5) / kScale - kQuiet) / kCell, fv = ((oy + 0.5) / kScale - kQuiet) / kCell;
      const int u = int(fu), v = int(fv);
      const double fx = fu - u, fy = fv - v;
      const Point& p00 = grid[size_t(v) * corners + u];
      const Point& p10 = grid[size_t(v) * corners + u + 1];
      const Point& p01 = grid[size_t(v + 1) * corners + u];
      const Point& p11 = grid[size_t(v + 1) * corners + u + 1];
      const Point p = (1 - fy) * ((1 - fx) * p00 + fx * p10) + fy * ((1 - fx) * p01 + fx * p11);
      out.pixels[size_t(oy) * side + ox] = region.sample(p) < region.mean(p, half) ? 0 : 255;
    }
  return out;
}

struct Triple {
  FinderPattern top_left, top_right, bottom_left;
  double badness;  // how far from an upright square of equal finders: lower first
};

std::vector<Triple> plausible_triples(const std::vector<FinderPattern>& finders, Polarity polarity) {
  // The best-confirmed few (a true finder is crossed by every scanned row through its centre square; a
  // chance 1:1:3:1:1 in the data or in noise by one or two).
  std::vector<FinderPattern> candidates;
  int most_hits = 0;
  for (const auto& f : finders)
    if (f.polarity == polarity) most_hits = std::max(most_hits, f.hits);
  for (const auto& f : finders)
    if (f.polarity == polarity && candidates.size() < 8 && 4 * f.hits >= most_hits) candidates.push_back(f);
  std::vector<Triple> triples;
  const size_t n = candidates.size();
  for (size_t i = 0; i < n; ++i)
    for (size_t j = i + 1; j < n; ++j)
      for (size_t k = j + 1; k < n; ++k) {
        std::array<FinderPattern, 3> f = {candidates[i], candidates[j], candidates[k]};
        const double small = std::min({f[0].module, f[1].module, f[2].module});
        const double large = std::max({f[0].module, f[1].module, f[2].module});
        if (large > 1.5 * small) continue;
        // The top-left finder is the corner opposite the longest side.
        const auto distance = [](const FinderPattern& a, const FinderPattern& b) {
          return std::hypot(a.x - b.x, a.y - b.y);
        };
        const double d01 = distance(f[0], f[1]), d12 = distance(f[1], f[2]), d02 = distance(f[0], f[2]);
        if (d01 >= d12 && d01 >= d02)
          std::swap(f[0], f[2]);
        else if (d02 >= d12 && d02 >= d01)
          std::swap(f[0], f[1]);
        const Point a{f[1].x - f[0].x, f[1].y - f[0].y}, b{f[2].x - f[0].x, f[2].y - f[0].y};
        if (a.x * b.y - a.y * b.x < 0) std::swap(f[1], f[2]);  // top-right clockwise from top-left
        const double la = length(a), lb = length(b), module = (f[0].module + f[1].module + f[2].module) / 3;
        const double cosine = std::abs(a.x * b.x + a.y * b.y) / (la * lb);
        if (cosine > 0.4 || std::max(la, lb) > 1.45 * std::min(la, lb) || std::min(la, lb) < 10 * module) continue;
        triples.push_back({f[0], f[1], f[2], cosine + std::abs(1 - la / lb)});
      }
  std::sort(triples.begin(), triples.end(), [](const Triple& x, const Triple& y) { return x.badness < y.badness; });
  return triples;
}

}  // namespace

bool read_bent_qr(const GrayImage& image, const std::vector<FinderPattern>& finders, Polarity polarity,
                  const std::function<bool(const GrayImage&)>& try_decode, int max_triples) {
  if (!image.valid()) return false;
  const auto triples = plausible_triples(finders, polarity);
  for (size_t t = 0; t < triples.size() && int(t) < max_triples; ++t) {
    const auto& [tl, tr, bl, badness] = triples[t];
    // The finder search measures along rows and columns: at an angle a square is wider than its side.
    const double angle = std::atan2(tr.y - tl.y, tr.x - tl.x);
    const double module =
        (tl.module + tr.module + bl.module) / 3 * std::max(std::abs(std::cos(angle)), std::abs(std::sin(angle)));
    const double span = (std::hypot(tr.x - tl.x, tr.y - tl.y) + std::hypot(bl.x - tl.x, bl.y - tl.y)) / 2;
    // The version the finders' spacing says (dimension = spacing + 7 = 17 + 4 * version), and its
    // neighbour too when the spacing lies between two.
    const double spaced = (span / module + 7 - 17) / 4;
    const int estimated = int(std::lround(spaced));
    std::vector<int> versions = {estimated};
    if (std::abs(spaced - estimated) > 0.25) versions.push_back(spaced > estimated ? estimated + 1 : estimated - 1);
    // The region the code can occupy: the parallelogram on the three finders, plus a margin for the bend.
    const double br_x = tr.x + bl.x - tl.x, br_y = tr.y + bl.y - tl.y, margin = 8 * module;
    const Region region(image, polarity, int(std::min({tl.x, tr.x, bl.x, br_x}) - margin),
                        int(std::min({tl.y, tr.y, bl.y, br_y}) - margin),
                        int(std::max({tl.x, tr.x, bl.x, br_x}) + margin),
                        int(std::max({tl.y, tr.y, bl.y, br_y}) + margin));
    // The finders' 3x3 centres are the darkest the code gets here; the edge walks threshold against it.
    const double dark_level =
        (region.sample({tl.x, tl.y}) + region.sample({tr.x, tr.y}) + region.sample({bl.x, bl.y})) / 3;
    for (int version : versions) {
      if (version < 1 || version > 40) continue;
      const int dimension = 17 + 4 * version;
      const double last = dimension - 3.5;
      GridModel model(FinderFrame({tl.x, tl.y}, {tr.x, tr.y}, {bl.x, bl.y}, dimension));
      Constraints finders_only;
      for (Point centre : {Point{3.5, 3.5}, Point{last, 3.5}, Point{3.5, last}}) finders_only.both(centre, centre);
      if (!model.fit(finders_only)) continue;
      // The outer edges first (they show the bend of every version), then the alignment patterns, each
      // predicted from all that is known, then the edges again against the better model.
      // Twice: an edge bowing out by more than the walk reaches from the flat model is reached from the
      // model bent by the other edges.
      Constraints known = finders_only;
      for (int round = 0; round < 2; ++round) {
        known = finders_only;
        for (int side = 0; side < 4; ++side) measure_edge(region, model, dimension, side, dark_level, known);
        model.fit(known);
      }
      const auto positions = alignment_positions(version);
      std::vector<std::pair<int, int>> wanted;
      for (int row : positions)
        for (int col : positions) {
          const bool under_finder =
              (row == 6 && col == 6) || (row == 6 && col == positions.back()) || (col == 6 && row == positions.back());
          if (!under_finder) wanted.push_back({col, row});
        }
      // Nearest the finders first: each is then predicted from found neighbours, not extrapolated.
      std::stable_sort(wanted.begin(), wanted.end(),
                       [](const auto& a, const auto& b) { return a.first + a.second < b.first + b.second; });
      Constraints anchors = finders_only;  // finders and alignment patterns: both coordinates
      for (const auto& [col, row] : wanted) {
        const auto found = find_alignment(region, model, col, row);
        if (!found) continue;
        const Point centre{col + 0.5, row + 0.5}, frame = model.frame().to_modules(*found);
        anchors.both(centre, frame);
        known.both(centre, frame);
        model.fit(known);  // on failure (it needs repeated points) the model stays as it was
      }
      Constraints final_points = anchors;
      for (int side = 0; side < 4; ++side) measure_edge(region, model, dimension, side, dark_level, final_points);
      model.fit(final_points);
      if (try_decode(straighten(region, model, dimension, module))) return true;
    }
  }
  return false;
}

}  // namespace mc::scanner::detail
