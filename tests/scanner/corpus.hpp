#pragma once
// The ID-card QR test corpus shared by the system test and bench/bench_scanner.cpp: payloads encoded by
// an independent encoder (qrencode), distorted in C++, decoded by ours and by zbarimg. Header-only so the
// benchmark can include it without a library of its own.
#include <unistd.h>

#include <cctype>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <random>
#include <stdexcept>
#include <string>
#include <vector>

#include "mc/scanner/scanner.hpp"

namespace mc::scanner::corpus {

// Fake people only (team rule). Diacritics everywhere, empty and present old IDs, a long address.
inline std::vector<std::string> id_card_payloads() {
  return {
      "001099012345||Nguyễn Văn A|15031999|Nam|Số 1 Đường ABC, Phường X, TP Z|10052021",
      "079301012345|123456789|Trần Thị Bích Ngọc|02112001|Nữ|Tổ 5, Ấp Mỹ Hòa, Xã Tân Phú Đông, Huyện Châu Thành, "
      "Tỉnh Tiền Giang|25122022",
      "038188012345||LÊ HOÀNG ĐỨC|29021988|Nam|Thôn Đông Sơn, Xã Quảng Đức, Huyện Quảng Xương, Tỉnh Thanh Hóa, "
      "Số nhà 123 ngõ 45 ngách 67 đường Nguyễn Thị Minh Khai kéo dài, Khu đô thị mới Ước Lễ|01072021",
      "001099012345||Phạm Thị Ả|01011999|Nữ||14082021",
      "046205012345|191234567|Huỳnh Ngọc Ẩn|31122005|Nam|Số 9 Lê Lợi, Phường Phú Hội, TP Huế|30062023|extra",
  };
}

inline bool run_command(const std::string& command, std::string& output) {
  output.clear();
  FILE* pipe = ::popen(command.c_str(), "r");
  if (!pipe) return false;
  char buffer[4096];
  size_t got;
  while ((got = std::fread(buffer, 1, sizeof buffer, pipe)) > 0) output.append(buffer, got);
  return ::pclose(pipe) == 0;
}

inline bool tool_available(const std::string& name) {
  std::string out;
  return run_command("command -v " + name + " >/dev/null 2>&1", out);
}

// qrencode reads the payload from a file (-r), so no shell quoting touches the UTF-8 text.
inline std::optional<GrayImage> qrencode_image(const std::filesystem::path& dir, const std::string& payload,
                                               int module_px, const std::string& name) {
  const auto text_file = dir / (name + ".txt");
  const auto png_file = dir / (name + ".png");
  std::ofstream(text_file, std::ios::binary) << payload;
  std::string out;
  if (!run_command("qrencode -l M -m 4 -s " + std::to_string(module_px) + " -r '" + text_file.string() + "' -o '" +
                       png_file.string() + "' 2>&1",
                   out))
    return std::nullopt;
  std::string error;
  return load_image(png_file.string(), error);
}

// Binary PGM: zbarimg reads it, and it needs no image library (the benchmark includes this header too).
inline bool write_pgm(const GrayImage& image, const std::filesystem::path& path) {
  std::ofstream out(path, std::ios::binary);
  out << "P5\n" << image.width << " " << image.height << "\n255\n";
  out.write(reinterpret_cast<const char*>(image.pixels.data()), std::streamsize(image.pixels.size()));
  return bool(out);
}

// zbarimg's text for an image file, or empty when it found nothing.
inline std::string zbar_decode(const std::filesystem::path& png) {
  std::string out;
  run_command("zbarimg --raw -q -Sdisable -Sqrcode.enable '" + png.string() + "' 2>/dev/null", out);
  while (!out.empty() && (out.back() == '\n' || out.back() == '\r')) out.pop_back();
  return out;
}

// ---- distortions ------------------------------------------------------------------------------------

inline uint8_t sample_bilinear(const GrayImage& src, double x, double y, uint8_t background) {
  if (x < 0 || y < 0 || x > src.width - 1 || y > src.height - 1) return background;
  const int x0 = int(x), y0 = int(y);
  const int x1 = std::min(x0 + 1, src.width - 1), y1 = std::min(y0 + 1, src.height - 1);
  const double fx = x - x0, fy = y - y0;
  auto at = [&](int xx, int yy) { return double(src.pixels[size_t(yy) * src.width + xx]); };
  const double v =
      (at(x0, y0) * (1 - fx) + at(x1, y0) * fx) * (1 - fy) + (at(x0, y1) * (1 - fx) + at(x1, y1) * fx) * fy;
  return uint8_t(std::lround(v));
}

// Pads with white so rotations and warps keep the whole symbol (and some quiet zone) in the picture.
inline GrayImage pad(const GrayImage& src, int border) {
  GrayImage out{src.width + 2 * border, src.height + 2 * border, {}};
  out.pixels.assign(size_t(out.width) * out.height, 255);
  for (int y = 0; y < src.height; ++y)
    std::copy_n(src.pixels.begin() + size_t(y) * src.width, src.width,
                out.pixels.begin() + size_t(y + border) * out.width + border);
  return out;
}

inline GrayImage rotate(const GrayImage& src, double degrees) {
  const double a = degrees * M_PI / 180.0, c = std::cos(a), s = std::sin(a);
  const int w = int(std::ceil(std::abs(src.width * c) + std::abs(src.height * s)));
  const int h = int(std::ceil(std::abs(src.width * s) + std::abs(src.height * c)));
  GrayImage out{w, h, std::vector<uint8_t>(size_t(w) * h)};
  const double cx = src.width / 2.0, cy = src.height / 2.0, ox = w / 2.0, oy = h / 2.0;
  for (int y = 0; y < h; ++y)
    for (int x = 0; x < w; ++x) {
      const double dx = x + 0.5 - ox, dy = y + 0.5 - oy;  // inverse mapping from output to source
      out.pixels[size_t(y) * w + x] =
          sample_bilinear(src, c * dx + s * dy + cx - 0.5, -s * dx + c * dy + cy - 0.5, 255);
    }
  return out;
}

inline GrayImage gaussian_blur(const GrayImage& src, double sigma) {
  const int radius = int(std::ceil(3 * sigma));
  std::vector<double> kernel(size_t(2 * radius + 1));
  double sum = 0;
  for (int i = -radius; i <= radius; ++i) sum += kernel[size_t(i + radius)] = std::exp(-i * i / (2 * sigma * sigma));
  for (auto& k : kernel) k /= sum;
  std::vector<double> tmp(src.pixels.size());
  const int w = src.width, h = src.height;
  for (int y = 0; y < h; ++y)
    for (int x = 0; x < w; ++x) {
      double v = 0;
      for (int i = -radius; i <= radius; ++i)
        v += kernel[size_t(i + radius)] * src.pixels[size_t(y) * w + std::clamp(x + i, 0, w - 1)];
      tmp[size_t(y) * w + x] = v;
    }
  GrayImage out = src;
  for (int y = 0; y < h; ++y)
    for (int x = 0; x < w; ++x) {
      double v = 0;
      for (int i = -radius; i <= radius; ++i)
        v += kernel[size_t(i + radius)] * tmp[size_t(std::clamp(y + i, 0, h - 1)) * w + x];
      out.pixels[size_t(y) * w + x] = uint8_t(std::clamp(std::lround(v), 0L, 255L));
    }
  return out;
}

inline GrayImage add_noise(const GrayImage& src, double stddev, uint32_t seed) {
  std::mt19937 rng(seed);
  std::normal_distribution<double> noise(0.0, stddev);
  GrayImage out = src;
  for (auto& p : out.pixels) p = uint8_t(std::clamp(std::lround(p + noise(rng)), 0L, 255L));
  return out;
}

inline GrayImage low_contrast(const GrayImage& src, int dark, int light) {
  GrayImage out = src;
  for (auto& p : out.pixels) p = uint8_t(dark + (light - dark) * p / 255);
  return out;
}

// Maps the image onto a quadrilateral (the corners pulled in by the given fractions), as a card held at an
// angle to the camera looks.
inline GrayImage perspective(const GrayImage& src, double top_inset, double right_inset) {
  const double w = src.width, h = src.height;
  // Destination corners: TL, TR, BR, BL.
  const double dx[4] = {w * top_inset, w * (1 - top_inset), w * (1 - right_inset / 2), w * right_inset / 2};
  const double dy[4] = {0, h * right_inset, h * (1 - right_inset), h};
  const double sx[4] = {0, w, w, 0}, sy[4] = {0, 0, h, h};
  // Solve the homography destination -> source (8 unknowns) by Gaussian elimination.
  double m[8][9] = {};
  for (int i = 0; i < 4; ++i) {
    double* r1 = m[2 * i];
    double* r2 = m[2 * i + 1];
    const double x = dx[i], y = dy[i], u = sx[i], v = sy[i];
    double a[9] = {x, y, 1, 0, 0, 0, -u * x, -u * y, u};
    double b[9] = {0, 0, 0, x, y, 1, -v * x, -v * y, v};
    std::copy(a, a + 9, r1);
    std::copy(b, b + 9, r2);
  }
  for (int col = 0; col < 8; ++col) {
    int pivot = col;
    for (int r = col + 1; r < 8; ++r)
      if (std::abs(m[r][col]) > std::abs(m[pivot][col])) pivot = r;
    for (int k = 0; k < 9; ++k) std::swap(m[col][k], m[pivot][k]);
    for (int r = 0; r < 8; ++r) {
      if (r == col) continue;
      const double f = m[r][col] / m[col][col];
      for (int k = col; k < 9; ++k) m[r][k] -= f * m[col][k];
    }
  }
  double hm[9];
  for (int i = 0; i < 8; ++i) hm[i] = m[i][8] / m[i][i];
  hm[8] = 1;
  GrayImage out{src.width, src.height, std::vector<uint8_t>(src.pixels.size())};
  for (int y = 0; y < out.height; ++y)
    for (int x = 0; x < out.width; ++x) {
      const double px = x + 0.5, py = y + 0.5;
      const double z = hm[6] * px + hm[7] * py + hm[8];
      const double u = (hm[0] * px + hm[1] * py + hm[2]) / z, v = (hm[3] * px + hm[4] * py + hm[5]) / z;
      out.pixels[size_t(y) * out.width + x] = sample_bilinear(src, u - 0.5, v - 0.5, 255);
    }
  return out;
}

// ImageMagick's `convert` applied to an image, through files in `dir`: distortions made by an independent
// tool, as the code itself is made by an independent encoder. Throws when convert fails or is missing.
inline GrayImage magick(const GrayImage& src, const std::filesystem::path& dir, const std::string& operators) {
  const auto in = dir / "magick-in.pgm", out = dir / "magick-out.png";
  write_pgm(src, in);
  std::string output;
  if (!run_command(
          "convert '" + in.string() + "' " + operators + " -colorspace Gray -depth 8 'png:" + out.string() + "' 2>&1",
          output))
    throw std::runtime_error("ImageMagick convert " + operators + " failed: " + output);
  std::string error;
  auto image = load_image(out.string(), error);
  if (!image) throw std::runtime_error("ImageMagick wrote no readable image: " + error);
  return *image;
}

// ImageMagick's -wave as a bent card: the columns shift along half a sine across the picture, so that each
// row of the symbol bows by `modules` modules between its ends and its middle (the picture is the symbol
// plus qrencode's 4-module quiet zone, which bows too).
inline std::string bend_operators(const GrayImage& src, int module_px, double modules) {
  const double edge = std::sin(M_PI * 4 * module_px / src.width);
  const double amplitude = modules * module_px / (1 - edge);
  char ops[160];
  std::snprintf(ops, sizeof ops, "-background white -virtual-pixel background -wave %.2fx%d", amplitude, 2 * src.width);
  return ops;
}

struct DistortionContext {
  uint32_t seed = 0;
  int module_px = 0;
  std::filesystem::path work_dir;  // for ImageMagick's files
};

struct Distortion {
  std::string name;
  std::function<GrayImage(const GrayImage&, const DistortionContext&)> apply;
};

inline std::vector<Distortion> distortions() {
  return {
      {"none", [](const GrayImage& g, const DistortionContext&) { return g; }},
      {"rotate 90", [](const GrayImage& g, const DistortionContext&) { return rotate(g, 90); }},
      {"rotate 180", [](const GrayImage& g, const DistortionContext&) { return rotate(g, 180); }},
      {"rotate 17", [](const GrayImage& g, const DistortionContext&) { return rotate(pad(g, 8), 17); }},
      {"rotate 45", [](const GrayImage& g, const DistortionContext&) { return rotate(pad(g, 8), 45); }},
      {"blur s=1.0", [](const GrayImage& g, const DistortionContext&) { return gaussian_blur(g, 1.0); }},
      {"blur s=2.0", [](const GrayImage& g, const DistortionContext&) { return gaussian_blur(g, 2.0); }},
      {"noise sd=30", [](const GrayImage& g, const DistortionContext& c) { return add_noise(g, 30, c.seed); }},
      {"noise sd=60", [](const GrayImage& g, const DistortionContext& c) { return add_noise(g, 60, c.seed); }},
      {"perspective", [](const GrayImage& g, const DistortionContext&) { return perspective(pad(g, 48), 0.12, 0.10); }},
      {"low contrast 60", [](const GrayImage& g, const DistortionContext&) { return low_contrast(g, 100, 160); }},
      {"low contrast 25", [](const GrayImage& g, const DistortionContext&) { return low_contrast(g, 115, 140); }},
      {"camera-like",
       [](const GrayImage& g, const DistortionContext& c) {
         return add_noise(low_contrast(gaussian_blur(rotate(pad(g, 8), 8), 1.2), 60, 190), 15, c.seed);
       }},
  };
}

// Codes as citizens hold them (issue 21), made by ImageMagick: a light-on-dark code as an app draws it and
// as a phone in dark mode shows it to the camera; a card bent in a wallet (rows bowing by 1, 2 and 3
// modules, and bent while held askew); a window's glare across the code; a dim hall.
inline std::vector<Distortion> held_distortions() {
  const auto seeded = [](const DistortionContext& c) { return " -seed " + std::to_string(c.seed) + " "; };
  return {
      {"light-on-dark",
       [](const GrayImage& g, const DistortionContext& c) { return magick(g, c.work_dir, "-negate"); }},
      {"dark-mode phone",
       [seeded](const GrayImage& g, const DistortionContext& c) {
         return magick(g, c.work_dir,
                       "-negate +level 10%,78% -background 'gray(10%)' -rotate 6 -blur 0x0.8" + seeded(c) +
                           "-attenuate 0.4 +noise Gaussian");
       }},
      {"bent 1 module",
       [](const GrayImage& g, const DistortionContext& c) {
         return magick(g, c.work_dir, bend_operators(g, c.module_px, 1));
       }},
      {"bent 2 modules",
       [](const GrayImage& g, const DistortionContext& c) {
         return magick(g, c.work_dir, bend_operators(g, c.module_px, 2));
       }},
      {"bent 3 modules",
       [](const GrayImage& g, const DistortionContext& c) {
         return magick(g, c.work_dir, bend_operators(g, c.module_px, 3));
       }},
      {"bent 2, askew 30",
       [](const GrayImage& g, const DistortionContext& c) {
         return magick(g, c.work_dir, bend_operators(g, c.module_px, 2) + " -rotate 30");
       }},
      {"glare",
       [](const GrayImage& g, const DistortionContext& c) {
         // A soft bright band from a window, screened over the code: modules under it fade towards white.
         const int w = g.width, h = g.height;
         char ops[400];
         std::snprintf(ops, sizeof ops,
                       "\\( +clone -fill black -colorize 100 -fill 'gray(88%%)' -draw 'polygon %d,0 %d,0 %d,%d %d,%d' "
                       "-blur 0x%d \\) -compose screen -composite",
                       w * 3 / 10, w * 6 / 10, w * 5 / 10, h, w * 2 / 10, h, std::max(2, w / 16));
         return magick(g, c.work_dir, ops);
       }},
      {"low light",
       [seeded](const GrayImage& g, const DistortionContext& c) {
         return magick(g, c.work_dir, "-blur 0x0.8 +level 4%,20%" + seeded(c) + "-attenuate 0.5 +noise Gaussian");
       }},
  };
}

struct RowResult {
  std::string distortion;
  int images = 0;
  int ours = 0;
  int zbar = 0;
  std::vector<std::string> our_misses;  // "payload #k, N px" for the report
  double our_seconds = 0;               // wall time of decode_thorough over the row's images
};

// Field-by-field: the decoded text parses to the same identity as the payload we encoded.
inline bool same_identity(const std::string& decoded, const std::string& payload) {
  const auto a = parse_cccd(decoded), b = parse_cccd(payload);
  if (!a.identity || !b.identity) return false;
  const auto &x = *a.identity, &y = *b.identity;
  return x.id_number == y.id_number && x.old_id_number == y.old_id_number && x.full_name == y.full_name &&
         x.date_of_birth == y.date_of_birth && x.sex == y.sex && x.address == y.address && x.issue_date == y.issue_date;
}

// A Code 39 barcode of digits, drawn directly (no encoder process needed): the file markers below.
inline GrayImage code39_digits(const std::string& digits) {
  static const char* kPatterns[11] = {"nnnwwnwnn", "wnnwnnnnw", "nnwwnnnnw", "wnwwnnnnn", "nnnwwnnnw", "wnnwwnnnn",
                                      "nnwwwnnnn", "nnnwnnwnw", "wnnwnnwnn", "nnwwnnwnn", "nwnnwnwnn" /* '*' */};
  const int narrow = 3, wide = 8, quiet = 40, height = 80;
  std::vector<bool> modules;  // true = bar, one entry per pixel column
  auto add = [&](const char* pattern) {
    for (int e = 0; e < 9; ++e) modules.insert(modules.end(), pattern[e] == 'w' ? wide : narrow, e % 2 == 0);
    modules.insert(modules.end(), narrow, false);  // inter-character gap
  };
  add(kPatterns[10]);
  for (char c : digits) add(kPatterns[c - '0']);
  add(kPatterns[10]);
  GrayImage image{int(modules.size()) + 2 * quiet, height, {}};
  image.pixels.assign(size_t(image.width) * height, 255);
  for (int y = 10; y < height - 10; ++y)
    for (size_t x = 0; x < modules.size(); ++x)
      if (modules[x]) image.pixels[size_t(y) * image.width + quiet + x] = 0;
  return image;
}

// zbarimg over many files in one run (each start costs ~0.3 s): a Code 39 marker image goes before each
// file, so the output lines can be assigned to files even when a file gives no line at all. Returns one
// text per file ("" when zbar found no QR code in it).
inline std::vector<std::string> zbar_decode_batch(const std::filesystem::path& dir,
                                                  const std::vector<std::filesystem::path>& files) {
  std::vector<std::string> results(files.size());
  std::string command = "zbarimg -q -Sdisable -Sqrcode.enable -Scode39.enable";
  for (size_t i = 0; i < files.size(); ++i) {
    const auto marker = dir / ("marker" + std::to_string(i) + ".pgm");
    write_pgm(code39_digits(std::to_string(100000 + i)), marker);
    command += " '" + marker.string() + "' '" + files[i].string() + "'";
  }
  std::string output;
  run_command(command + " 2>/dev/null", output);  // exit status 4 when some file had no symbol
  long current = -1;
  size_t start = 0;
  while (start < output.size()) {
    size_t end = output.find('\n', start);
    if (end == std::string::npos) end = output.size();
    const std::string line = output.substr(start, end - start);
    start = end + 1;
    if (line.rfind("CODE-39:", 0) == 0) {
      current = std::stol(line.substr(8)) - 100000;
    } else if (line.rfind("QR-Code:", 0) == 0 && current >= 0 && size_t(current) < results.size() &&
               results[size_t(current)].empty()) {
      results[size_t(current)] = line.substr(8);
    }
  }
  for (size_t i = 0; i < files.size(); ++i) std::filesystem::remove(dir / ("marker" + std::to_string(i) + ".pgm"));
  return results;
}

// Builds the corpus in dir and decodes every image with both decoders. module_sizes in pixels.
// keep_dir (optional) receives a copy of every distorted image, for looking at failures.
inline std::vector<RowResult> run_corpus(const std::filesystem::path& dir, const std::vector<Distortion>& kinds,
                                         const std::vector<int>& module_sizes, bool with_zbar,
                                         const char* keep_dir = std::getenv("MC_SCAN_CORPUS_KEEP")) {
  const auto payloads = id_card_payloads();
  std::vector<RowResult> rows(kinds.size());
  struct Pending {
    size_t row;
    size_t payload;
    std::filesystem::path image_file;
  };
  std::vector<Pending> pending;
  for (size_t p = 0; p < payloads.size(); ++p)
    for (int module : module_sizes) {
      const std::string base = "p" + std::to_string(p) + "_m" + std::to_string(module);
      const auto clean = qrencode_image(dir, payloads[p], module, base);
      if (!clean) continue;
      for (size_t d = 0; d < kinds.size(); ++d) {
        RowResult& row = rows[d];
        row.distortion = kinds[d].name;
        const GrayImage image = kinds[d].apply(*clean, {uint32_t(1000 * p + 10 * module + d), module, dir});
        ++row.images;
        const auto start = std::chrono::steady_clock::now();
        const auto codes = decode_thorough(image);
        row.our_seconds += std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        if (!codes.empty() && same_identity(codes.front().text, payloads[p]))
          ++row.ours;
        else
          row.our_misses.push_back("payload #" + std::to_string(p) + ", " + std::to_string(module) + " px/module");
        std::string slug = kinds[d].name;
        for (char& ch : slug)
          if (!std::isalnum(static_cast<unsigned char>(ch))) ch = '-';
        const auto file = dir / (base + "_" + slug + ".pgm");
        if (with_zbar || keep_dir) write_pgm(image, file);
        if (keep_dir)
          std::filesystem::copy_file(file, std::filesystem::path(keep_dir) / file.filename(),
                                     std::filesystem::copy_options::overwrite_existing);
        if (with_zbar) pending.push_back({d, p, file});
      }
    }
  if (with_zbar) {
    std::vector<std::filesystem::path> files;
    for (const auto& item : pending) files.push_back(item.image_file);
    const auto texts = zbar_decode_batch(dir, files);
    for (size_t i = 0; i < pending.size(); ++i)
      if (same_identity(texts[i], payloads[pending[i].payload])) ++rows[pending[i].row].zbar;
  }
  return rows;
}

inline std::string format_table(const std::vector<RowResult>& rows) {
  std::string out;
  char line[160];
  std::snprintf(line, sizeof line, "%-18s %7s %12s %12s %14s\n", "distortion", "images", "ours", "zbarimg",
                "ours ms/image");
  out += line;
  int total = 0, ours = 0, zbar = 0;
  for (const auto& row : rows) {
    std::snprintf(line, sizeof line, "%-18s %7d %5d (%3d%%) %5d (%3d%%) %14.1f\n", row.distortion.c_str(), row.images,
                  row.ours, row.images ? 100 * row.ours / row.images : 0, row.zbar,
                  row.images ? 100 * row.zbar / row.images : 0, row.images ? 1000 * row.our_seconds / row.images : 0);
    out += line;
    total += row.images;
    ours += row.ours;
    zbar += row.zbar;
  }
  std::snprintf(line, sizeof line, "%-18s %7d %5d (%3d%%) %5d (%3d%%)\n", "TOTAL", total, ours,
                total ? 100 * ours / total : 0, zbar, total ? 100 * zbar / total : 0);
  out += line;
  return out;
}

// A fresh temporary directory, removed on destruction.
struct TempDir {
  std::filesystem::path path;
  TempDir() {
    std::string pattern = (std::filesystem::temp_directory_path() / "mc-scan-XXXXXX").string();
    if (::mkdtemp(pattern.data())) path = pattern;
  }
  ~TempDir() {
    std::error_code ignored;
    if (!path.empty()) std::filesystem::remove_all(path, ignored);
  }
};

}  // namespace mc::scanner::corpus
