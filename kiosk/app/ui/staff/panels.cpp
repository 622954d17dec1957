// The one list of staff panels. A new staff screen: a value in mc::StaffScreen (staff_console.hpp), a file
// here with its class and make_*_panel(), one line below, and a navigation entry in staff_view.cpp.
#include "staff_panel.hpp"

namespace mc::ui {

std::unique_ptr<StaffPanel> make_pin_pad_panel();
std::unique_ptr<StaffPanel> make_find_panel();
std::unique_ptr<StaffPanel> make_detail_panel();
std::unique_ptr<StaffPanel> make_queue_panel();
std::unique_ptr<StaffPanel> make_printer_panel();
std::unique_ptr<StaffPanel> make_summary_panel();
std::unique_ptr<StaffPanel> make_configuration_panel();
std::unique_ptr<StaffPanel> make_tickets_panel();
std::unique_ptr<StaffPanel> make_chip_panel();
std::unique_ptr<StaffPanel> make_documents_panel();

std::vector<std::unique_ptr<StaffPanel>> make_staff_panels() {
  std::vector<std::unique_ptr<StaffPanel>> panels;
  panels.push_back(make_pin_pad_panel());
  panels.push_back(make_find_panel());
  panels.push_back(make_detail_panel());
  panels.push_back(make_queue_panel());
  panels.push_back(make_printer_panel());
  panels.push_back(make_summary_panel());
  panels.push_back(make_configuration_panel());
  panels.push_back(make_tickets_panel());
  panels.push_back(make_chip_panel());
  panels.push_back(make_documents_panel());
  return panels;
}

}  // namespace mc::ui
