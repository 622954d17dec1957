#include <catch2/catch.hpp>

#include <filesystem>

#include "mc/core/ratings.hpp"

TEST_CASE("ratings are counted per day and procedure, one per dossier", "[ratings]") {
  const auto dir = std::filesystem::temp_directory_path() / ("mc-ratings-" + std::to_string(::time(nullptr)));
  std::filesystem::create_directories(dir);
  {
    mc::Database db((dir / "kiosk.db").string());
    int64_t now = mc::LocalDateTime::parse_iso("2026-03-05T09:00")->to_unix();
    mc::RatingStore store(db, [&now] { return now; });
    store.record("000.00.15.G12-260305-1001", "1.002820", 3);
    store.record("000.00.15.G12-260305-1002", "1.002820", 2);
    store.record("000.00.15.G12-260305-1003", "1.000972", 1);
    store.record("000.00.15.G12-260305-1002", "1.002820", 3);  // changed their mind
    CHECK_THROWS_AS(store.record("000.00.15.G12-260305-1004", "1.002820", 4), std::invalid_argument);
    now += 86400;
    store.record("000.00.15.G12-260306-1001", "1.002820", 1);

    auto day = store.counts_for_day({2026, 3, 5});
    CHECK(day.very_satisfied == 2);
    CHECK(day.satisfied == 0);
    CHECK(day.unsatisfied == 1);
    CHECK(day.total() == 3);
    auto by_procedure = store.counts_by_procedure({2026, 3, 5});
    CHECK(by_procedure["1.002820"].very_satisfied == 2);
    CHECK(by_procedure["1.000972"].unsatisfied == 1);
    CHECK(store.counts_for_day({2026, 3, 6}).total() == 1);
    CHECK(mc::rating_label(mc::Rating::VerySatisfied).vi == "Rất hài lòng");
  }
  std::filesystem::remove_all(dir);
}
