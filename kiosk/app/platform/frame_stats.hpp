#pragma once
// MC_FRAME_STATS=1: the kiosk times every frame it draws, split into building the UI (ImGui calls),
// rendering (OpenGL, llvmpipe on these machines) and presenting (the swap: llvmpipe rasterises then, and
// the image is copied to the X server), and counts the CPU time the whole process spent on the frame (all
// threads: llvmpipe rasterises on several). It prints a summary on exit for bench_ui:
//   frame stats: N frames, mean M ms, median M ms, p95 M ms, max M ms; build p50/p95 ..., render ...,
//   present ...; cpu p50 ... p95 ... ms; fill p50 ... screens, vertices p50 ...
// "fill" is the area of every triangle drawn, in screens: llvmpipe shades and blends each of those pixels,
// which is what the frame's time grows with.
#include <chrono>
#include <vector>

struct ImDrawData;

namespace mc::platform {

class FrameStats {
 public:
  FrameStats();
  bool enabled() const { return enabled_; }
  void frame_start();
  void built();                            // the UI's ImGui calls are done
  void rendered(const ImDrawData* drawn);  // the draw data is in the back buffer
  void presented();
  void print_summary() const;  // to stderr

 private:
  using Clock = std::chrono::steady_clock;
  bool enabled_;
  Clock::time_point start_, built_, rendered_;
  double cpu_start_ms_ = 0;
  std::vector<double> total_, build_, render_, present_, cpu_, fill_, vertices_;
  double fill_now_ = 0, vertices_now_ = 0;
};

}  // namespace mc::platform
