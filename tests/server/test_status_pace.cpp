#include <catch2/catch.hpp>

#include "mc/server/status_pace.hpp"

using mc::server::status_at;

TEST_CASE("Statuses move 1 -> 2 -> 4 -> 9 -> 10, one step per pace interval since receipt", "[server][pace]") {
  const int64_t received = 1'000'000;
  struct Expect {
    int64_t elapsed;
    int status;
    int64_t changed_after;
  };
  for (const Expect& e : {Expect{0, 1, 0}, Expect{9, 1, 0}, Expect{10, 2, 10}, Expect{19, 2, 10}, Expect{20, 4, 20},
                          Expect{30, 9, 30}, Expect{40, 10, 40}, Expect{100000, 10, 40}}) {
    INFO("elapsed " << e.elapsed);
    const auto now = status_at(1, received, received + e.elapsed, 10);
    CHECK(now.status == e.status);
    CHECK(now.changed_at == received + e.changed_after);
  }
}

TEST_CASE("Pace 0 never moves a status, nor does a clock before the receipt", "[server][pace]") {
  CHECK(status_at(1, 1000, 1000 + 86400 * 365, 0).status == 1);
  CHECK(status_at(1, 1000, 1000 + 86400 * 365, 0).changed_at == 1000);
  CHECK(status_at(1, 1000, 900, 10).status == 1);
}

TEST_CASE("A record received at a later status continues from there, off-path statuses stay", "[server][pace]") {
  CHECK(status_at(4, 0, 10, 10).status == 9);
  CHECK(status_at(10, 0, 1000, 10).status == 10);
  CHECK(status_at(10, 0, 1000, 10).changed_at == 0);
  CHECK(status_at(5, 0, 1000, 10).status == 5);
}

TEST_CASE("Each status has its Vietnamese wording", "[server][pace]") {
  CHECK(mc::server::status_text_vi(1) == "Mới đăng ký");
  CHECK(mc::server::status_text_vi(4) == "Đang xử lý");
  CHECK(mc::server::status_text_vi(10) == "Đã trả kết quả");
}
