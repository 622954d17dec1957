// The one list of citizen screens. A new screen: a value in mc::Screen (journey.hpp), a file here with its
// class and make_*_screen(), and one line below.
#include "citizen_screen.hpp"

namespace mc::ui {

std::unique_ptr<CitizenScreen> make_attract_screen();
std::unique_ptr<CitizenScreen> make_choose_procedure_screen();
std::unique_ptr<CitizenScreen> make_procedure_info_screen();
std::unique_ptr<CitizenScreen> make_identify_screen();
std::unique_ptr<CitizenScreen> make_form_screen();
std::unique_ptr<CitizenScreen> make_review_screen();
std::unique_ptr<CitizenScreen> make_receipt_screen();
std::unique_ptr<CitizenScreen> make_rating_screen();
std::unique_ptr<CitizenScreen> make_thanks_screen();
std::unique_ptr<CitizenScreen> make_dossier_status_screen();
std::unique_ptr<CitizenScreen> make_take_number_screen();
std::unique_ptr<CitizenScreen> make_ticket_screen();
std::unique_ptr<CitizenScreen> make_capture_screen();

std::vector<std::unique_ptr<CitizenScreen>> make_citizen_screens() {
  std::vector<std::unique_ptr<CitizenScreen>> screens;
  screens.push_back(make_attract_screen());
  screens.push_back(make_choose_procedure_screen());
  screens.push_back(make_procedure_info_screen());
  screens.push_back(make_identify_screen());
  screens.push_back(make_form_screen());
  screens.push_back(make_review_screen());
  screens.push_back(make_receipt_screen());
  screens.push_back(make_rating_screen());
  screens.push_back(make_thanks_screen());
  screens.push_back(make_dossier_status_screen());
  screens.push_back(make_take_number_screen());
  screens.push_back(make_ticket_screen());
  screens.push_back(make_capture_screen());
  return screens;
}

}  // namespace mc::ui
