#include "frame_stats.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>

#include <imgui.h>
#include <sys/resource.h>

namespace mc::platform {
namespace {

double ms(std::chrono::steady_clock::duration d) {
  return std::chrono::duration<double, std::milli>(d).count();
}

// CPU time of the whole process (every thread), in ms.
double process_cpu_ms() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return (usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) * 1000.0 +
         (usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1000.0;
}

double percentile(std::vector<double> values, double p) {
  if (values.empty()) return 0;
  std::sort(values.begin(), values.end());
  return values[std::min(values.size() - 1, size_t(double(values.size()) * p))];
}

}  // namespace

FrameStats::FrameStats() : enabled_(std::getenv("MC_FRAME_STATS") != nullptr) {}

void FrameStats::frame_start() {
  if (!enabled_) return;
  start_ = Clock::now();
  cpu_start_ms_ = process_cpu_ms();
}

void FrameStats::built() {
  if (enabled_) built_ = Clock::now();
}

void FrameStats::rendered(const ImDrawData* drawn) {
  if (!enabled_) return;
  rendered_ = Clock::now();
  double area = 0, vertices = 0;
  if (drawn && drawn->DisplaySize.x > 0 && drawn->DisplaySize.y > 0) {
    for (int l = 0; l < drawn->CmdListsCount; ++l) {
      const ImDrawList* list = drawn->CmdLists[l];
      vertices += list->VtxBuffer.Size;
      for (int i = 0; i + 2 < list->IdxBuffer.Size; i += 3) {
        const ImVec2 a = list->VtxBuffer[list->IdxBuffer[i]].pos, b = list->VtxBuffer[list->IdxBuffer[i + 1]].pos,
                     c = list->VtxBuffer[list->IdxBuffer[i + 2]].pos;
        area += std::abs((b.x - a.x) * (c.y - a.y) - (c.x - a.x) * (b.y - a.y)) / 2;
      }
    }
    area /= double(drawn->DisplaySize.x) * double(drawn->DisplaySize.y);
  }
  fill_now_ = area;
  vertices_now_ = vertices;
}

void FrameStats::presented() {
  if (!enabled_) return;
  const auto now = Clock::now();
  total_.push_back(ms(now - start_));
  build_.push_back(ms(built_ - start_));
  render_.push_back(ms(rendered_ - built_));
  present_.push_back(ms(now - rendered_));
  cpu_.push_back(process_cpu_ms() - cpu_start_ms_);
  fill_.push_back(fill_now_);
  vertices_.push_back(vertices_now_);
}

void FrameStats::print_summary() const {
  if (!enabled_ || total_.empty()) return;
  double sum = 0;
  for (double v : total_) sum += v;
  std::fprintf(stderr,
               "frame stats: %zu frames, mean %.2f ms, median %.2f ms, p95 %.2f ms, max %.2f ms; "
               "build p50 %.2f p95 %.2f, render p50 %.2f p95 %.2f, present p50 %.2f p95 %.2f ms; "
               "cpu p50 %.2f p95 %.2f ms; fill p50 %.2f screens, vertices p50 %.0f\n",
               total_.size(), sum / double(total_.size()), percentile(total_, 0.5), percentile(total_, 0.95),
               percentile(total_, 1.0), percentile(build_, 0.5), percentile(build_, 0.95), percentile(render_, 0.5),
               percentile(render_, 0.95), percentile(present_, 0.5), percentile(present_, 0.95), percentile(cpu_, 0.5),
               percentile(cpu_, 0.95), percentile(fill_, 0.5), percentile(vertices_, 0.5));
}

}  // namespace mc::platform
