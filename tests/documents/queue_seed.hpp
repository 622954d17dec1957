#pragma once
// A real queue (queue.db, sealed) holding the sample dossiers for kioskctl and staff-mode tests: three
// received on Monday 2 March 2026, one on Tuesday, and one whose personal data retention has purged.
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "mc/core/config.hpp"
#include "mc/sync/outbox.hpp"
#include "mc/sync/record.hpp"
#include "sample_forms.hpp"

namespace mc::documents::testing {

struct SeededQueue {
  Config config;
  std::string config_path;
  std::vector<Dossier> monday;  // received 2026-03-02
  Dossier tuesday;              // received 2026-03-03
  Dossier purged;               // received 2026-03-02, personal data purged 2026-06-10
  int64_t purged_at_unix = 0;
};

// dir: an empty folder for data_dir and the configuration file. office_queue: printer.office_queue.
inline SeededQueue seed_queue(const std::string& dir, const std::string& office_queue, int office_timeout_s = 60) {
  SeededQueue seeded;
  seeded.config = sample_forms_config(MC_TEST_ASSETS_DIR);
  seeded.config.data_dir = dir + "/data";
  seeded.config.printer.office_queue = office_queue;
  seeded.config.printer.office_timeout_s = office_timeout_s;
  std::filesystem::create_directories(seeded.config.data_dir);
  seeded.config_path = dir + "/kiosk.toml";
  std::ofstream(seeded.config_path) << "data_dir = \"" << seeded.config.data_dir << "\"\n"
                                    << "assets_dir = \"" << MC_TEST_ASSETS_DIR << "\"\n"
                                    << "[printer]\noffice_queue = \"" << office_queue << "\"\n"
                                    << "office_timeout_s = " << office_timeout_s << "\n";

  auto outbox = sync::Outbox::open(seeded.config);
  auto add = [&](Dossier dossier) {
    outbox->enqueue(dossier, sync::build_record_text(dossier, seeded.config), dossier.received_at.to_unix());
    return dossier;
  };
  const char* names[] = {"Nguyễn Thị Hồng Nhung", "Trần Văn Bình", "Lê Thị Thu Hà"};
  for (int i = 0; i < 3; ++i) {
    Dossier d = sample_form_dossier();
    d.code = "000.00.15.G12-260302-100" + std::to_string(7 + i);
    d.applicant.full_name = names[i];
    d.applicant.id_number = "00109901234" + std::to_string(5 + i);
    d.received_at = LocalDateTime{Date{2026, 3, 2}, 9 + i, 5, 0};
    seeded.monday.push_back(add(d));
  }
  Dossier tuesday = sample_form_dossier();
  tuesday.code = "000.00.15.G12-260303-1001";
  tuesday.applicant.full_name = "Phạm Quốc Việt";
  tuesday.received_at = LocalDateTime{Date{2026, 3, 3}, 8, 0, 0};
  seeded.tuesday = add(tuesday);

  Dossier old = sample_form_dossier();
  old.code = "000.00.15.G12-260302-1020";
  old.applicant.full_name = "Võ Minh Khôi";
  old.received_at = LocalDateTime{Date{2026, 3, 2}, 15, 0, 0};
  seeded.purged = add(old);
  // Synced, its result returned in March, purged in June after the 90-day retention.
  const int64_t returned = LocalDateTime{Date{2026, 3, 10}, 10, 0, 0}.to_unix();
  outbox->mark_synced(old.code, returned - 3600, "stored");
  outbox->update_status(old.code, DossierStatus::ResultReturned, "Đã trả kết quả", returned);
  seeded.purged_at_unix = LocalDateTime{Date{2026, 6, 10}, 2, 0, 0}.to_unix();
  outbox->purge_personal_data(seeded.purged_at_unix, 90);
  return seeded;
}

}  // namespace mc::documents::testing
