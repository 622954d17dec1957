// Office forms as PDF (issue 15): milliseconds to lay out and render Mẫu 01 (goal: under 30 ms), Mẫu 05,
// and Mẫu 06 for 500 dossiers (goal: under 1 s), and the bytes per page of each.
// Medians after one warm-up run (the warm-up loads fontconfig and the fonts; its time is printed too).
// bench_forms [--out DIR] also writes the PDFs it measured.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <fstream>
#include <functional>
#include <string>
#include <vector>

#include "mc/documents/forms.hpp"
#include "sample_forms.hpp"

using namespace mc;
using namespace mc::documents;

namespace {

double median(std::vector<double> values) {
  std::sort(values.begin(), values.end());
  return values[values.size() / 2];
}

double ms_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
}

// CPU time of this process: on a shared machine it says what the work costs, wall time what it took.
double cpu_ms() {
  timespec now{};
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &now);
  return now.tv_sec * 1e3 + now.tv_nsec / 1e6;
}

void measure(const char* name, int runs, const std::function<RenderedPdf()>& render, const std::string& out_dir,
             const std::string& file_name) {
  auto start = std::chrono::steady_clock::now();
  RenderedPdf pdf = render();
  const double first_ms = ms_since(start);
  std::vector<double> times, cpu;
  for (int i = 0; i < runs; ++i) {
    start = std::chrono::steady_clock::now();
    const double cpu_start = cpu_ms();
    pdf = render();
    times.push_back(ms_since(start));
    cpu.push_back(cpu_ms() - cpu_start);
  }
  std::printf(
      "%s\n  wall median %.2f ms (min %.2f, max %.2f), cpu median %.2f ms; first run %.2f ms; %d runs\n"
      "  %d page(s), %zu bytes, %zu bytes/page\n",
      name, median(times), *std::min_element(times.begin(), times.end()), *std::max_element(times.begin(), times.end()),
      median(cpu), first_ms, runs, pdf.pages, pdf.bytes.size(), pdf.pages ? pdf.bytes.size() / pdf.pages : 0);
  if (!out_dir.empty()) std::ofstream(out_dir + "/" + file_name, std::ios::binary) << pdf.bytes;
}

}  // namespace

int main(int argc, char** argv) {
  std::string out_dir;
  for (int i = 1; i + 1 < argc; ++i)
    if (std::string(argv[i]) == "--out") out_dir = argv[i + 1];

  const Config config = testing::sample_forms_config(MC_BENCH_ASSETS_DIR);
  const auto wording = printing::ReceiptWording::load(MC_BENCH_ASSETS_DIR, config.agency.code);
  const FormContext context{config, wording};
  const FormDossier dossier = testing::sample_form();
  const auto register_500 = testing::sample_register(500);
  const Date first = register_500.front().dossier.received_at.date;
  const Date last = register_500.back().dossier.received_at.date;
  const LocalDateTime printed_at{last, 17, 0, 0};

  double load[3] = {0, 0, 0};
  if (FILE* f = std::fopen("/proc/loadavg", "r")) {
    if (std::fscanf(f, "%lf %lf %lf", &load[0], &load[1], &load[2]) != 3) load[0] = load[1] = load[2] = 0;
    std::fclose(f);
  }
  std::printf(
      "office forms: lay out (pango) + render to PDF (cairo), Noto Serif embedded; load average %.2f %.2f %.2f\n",
      load[0], load[1], load[2]);
  Form01Options one_copy;
  one_copy.copies_mask = kCopyForFile;
  measure(
      "Mẫu 01, A5, one copy", 50, [&] { return render_form01(dossier, context, one_copy); }, out_dir,
      "mau-01-a5-one-copy.pdf");
  measure(
      "Mẫu 01, A5, Liên 1 + Liên 2", 50, [&] { return render_form01(dossier, context); }, out_dir, "mau-01-a5.pdf");
  Form01Options a4;
  a4.paper = Paper::A4;
  measure(
      "Mẫu 01, A4, Liên 1 + Liên 2", 50, [&] { return render_form01(dossier, context, a4); }, out_dir, "mau-01-a4.pdf");
  measure(
      "Mẫu 05, A4", 50, [&] { return render_form05(dossier, context); }, out_dir, "mau-05.pdf");
  measure(
      "Mẫu 06, 500 dossiers, A4 landscape", 5,
      [&] { return render_form06(register_500, first, last, context, printed_at); }, out_dir, "mau-06-500.pdf");
  return 0;
}
