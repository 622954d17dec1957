// bench_idcard: how long reading the ID card's chip takes over PC/SC, against the emulated CCCD chip
// (private pcscd + vsmartcard-vpcd + tests/idcard/emulator/cccd_card.py, as in the system test; needs
// root for its namespace). Per read: access control, DG1+DG13 (the fields), EF.SOD, DG2 (the face), and
// the total; and how much of it is the emulator's own work, the kiosk's CPU, and what is left (pcscd,
// vpcd, loopback TCP). Also the APDU counts, from which a real reader's time can be estimated.
// Usage: bench_idcard [--reads N] [--bac]
#include <time.h>

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <string>
#include <vector>
#include "card_fixture.hpp"
#include "mc/core/log.hpp"
#include "mc/idcard/chip_reader.hpp"
#include "mc/idcard/pcsc.hpp"

using namespace mc::idcard;

namespace {

double percentile(std::vector<double> values, double p) {
  std::sort(values.begin(), values.end());
  const size_t index = std::min(values.size() - 1, static_cast<size_t>(p * (values.size() - 1) + 0.5));
  return values[index];
}

double cpu_ms() {
  timespec now{};
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &now);
  return now.tv_sec * 1000.0 + now.tv_nsec / 1e6;
}

std::string loadavg() {
  std::ifstream in("/proc/loadavg");
  std::string one, five, fifteen;
  in >> one >> five >> fifteen;
  return one + " " + five + " " + fifteen;
}

// Counts APDUs per phase (the read reports phases through its progress callback).
class CountingCard : public CardTransport {
 public:
  explicit CountingCard(CardTransport& inner) : inner_(inner) {}
  Bytes transmit(ByteView command) override {
    ++apdus[stage];
    Bytes answer = inner_.transmit(command);
    bytes[stage] += answer.size();
    return answer;
  }
  int stage = 0;
  std::array<int, 6> apdus{};
  std::array<size_t, 6> bytes{};

 private:
  CardTransport& inner_;
};

void row(const char* name, const std::vector<double>& values) {
  std::printf("  %-28s median %7.1f ms   p90 %7.1f ms   min %7.1f ms\n", name, percentile(values, 0.5),
              percentile(values, 0.9), *std::min_element(values.begin(), values.end()));
}

}  // namespace

int main(int argc, char** argv) {
  int reads = 20;
  bool bac = false;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if (arg == "--reads" && i + 1 < argc) reads = std::max(1, std::stoi(argv[++i]));
    if (arg == "--bac") bac = true;
  }
  mc::set_log_level(mc::LogLevel::Error);
  std::printf("bench_idcard: %d reads over %s, load average before: %s\n", reads, bac ? "BAC" : "PACE (CAN)",
              loadavg().c_str());
  auto& fixture = test::CardFixture::instance();
  const std::string card_dir = fixture.make_card("bench", bac ? "--no-pace" : "");
  fixture.insert(card_dir);
  TrustStore trust;
  {
    std::ifstream pem(card_dir + "/csca.pem");
    trust.add_pem(std::string((std::istreambuf_iterator<char>(pem)), std::istreambuf_iterator<char>()));
  }
  AccessKey key;
  if (bac)
    key.mrz = MrzKey{"199012345", "990315", "390315"};
  else
    key.can = "012345";

  std::vector<double> access, identity, security, face, verify, total, emulator, kiosk_cpu, rest;
  std::array<int, 6> apdus{};
  std::array<size_t, 6> bytes{};
  size_t face_bytes = 0;
  PcscContext pcsc;
  for (int i = 0; i < reads + 1; ++i) {  // the first read warms caches and is not counted
    const double emulator_before = fixture.stats()["busy_ms"].get<double>();
    const double cpu_before = cpu_ms();
    auto card = pcsc.connect("Virtual PCD 00 00");
    CountingCard counting(*card);
    ReadOptions options;
    options.on_progress = [&counting](const ReadProgress& progress) {
      counting.stage = static_cast<int>(progress.stage);
    };
    const ChipReadResult result = read_chip(counting, key, trust, options);
    card.reset();
    const double cpu = cpu_ms() - cpu_before;
    const double emulator_ms = fixture.stats()["busy_ms"].get<double>() - emulator_before;
    if (result.passive_auth.status != PassiveAuthStatus::Verified) {
      std::fprintf(stderr, "bench_idcard: read %d not verified: %s\n", i, result.passive_auth.reason.c_str());
      return 1;
    }
    if (i == 0) continue;
    access.push_back(result.times.access_control_ms);
    identity.push_back(result.times.identity_ms);
    security.push_back(result.times.security_ms);
    face.push_back(result.times.face_ms);
    verify.push_back(result.times.verification_ms);
    total.push_back(result.times.total_ms);
    emulator.push_back(emulator_ms);
    kiosk_cpu.push_back(cpu);
    rest.push_back(result.times.total_ms - emulator_ms - cpu);
    apdus = counting.apdus;
    bytes = counting.bytes;
    face_bytes = result.face ? result.face->encoded.size() : 0;
  }
  std::printf("\nPer read (wall time in the kiosk process):\n");
  row("access control", access);
  row("DG1 + DG13 (fields)", identity);
  row("EF.SOD (+DG14/15)", security);
  row("DG2 (face)", face);
  row("passive authentication", verify);
  row("total", total);
  std::printf("\nWhere the total goes:\n");
  row("emulator's own work", emulator);
  row("kiosk CPU (crypto, parsing)", kiosk_cpu);
  row("pcscd + vpcd + TCP + waits", rest);
  const char* names[] = {"access control", "DG1 + DG13", "EF.SOD", "DG2", "verification", "done"};
  std::printf("\nAPDUs per read (READ BINARY of up to 223 bytes under secure messaging):\n");
  for (int s = 0; s < 4; ++s) std::printf("  %-20s %4d APDUs, %6zu bytes answered\n", names[s], apdus[s], bytes[s]);
  std::printf("  face image: %zu bytes (JPEG 240x320)\n", face_bytes);
  std::printf("\nload average after: %s\n", loadavg().c_str());
  return 0;
}
