#include "mc/printing/profile.hpp"

#include <fstream>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>
#include <stdexcept>

namespace mc::printing {

namespace {

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("printer profile " + path + ": cannot open the file");
  std::ostringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

int int_in_range(const nlohmann::json& json, const char* key, int fallback, int min, int max,
                 const std::string& source) {
  if (!json.contains(key)) return fallback;
  const auto& value = json.at(key);
  if (!value.is_number_integer())
    throw std::runtime_error("printer profile " + source + ": " + key + " must be an integer");
  long long number = value.get<long long>();
  if (number < min || number > max)
    throw std::runtime_error("printer profile " + source + ": " + key + " must be between " + std::to_string(min) +
                             " and " + std::to_string(max) + ", got " + std::to_string(number));
  return static_cast<int>(number);
}

bool boolean(const nlohmann::json& json, const char* key, bool fallback, const std::string& source) {
  if (!json.contains(key)) return fallback;
  if (!json.at(key).is_boolean())
    throw std::runtime_error("printer profile " + source + ": " + key + " must be true or false");
  return json.at(key).get<bool>();
}

}  // namespace

PrinterProfile PrinterProfile::parse(const std::string& json_text, const std::string& source) {
  nlohmann::json json;
  try {
    json = nlohmann::json::parse(json_text);
  } catch (const nlohmann::json::parse_error& error) {
    throw std::runtime_error("printer profile " + source + ": not valid JSON (" + error.what() + ")");
  }
  if (!json.is_object()) throw std::runtime_error("printer profile " + source + ": must be a JSON object");
  static const std::set<std::string> known = {"name",
                                              "description",
                                              "paper_width_mm",
                                              "dpi",
                                              "print_width_dots",
                                              "margin_dots",
                                              "native_qr",
                                              "cut",
                                              "max_strip_rows",
                                              "feed_before_cut_dots",
                                              "status_query",
                                              "body_px",
                                              "small_px",
                                              "heading_px",
                                              "title_px",
                                              "qr_module_dots"};
  for (const auto& [key, value] : json.items())
    if (!known.count(key)) throw std::runtime_error("printer profile " + source + ": unknown key '" + key + "'");

  PrinterProfile profile;
  if (json.contains("name")) {
    if (!json["name"].is_string()) throw std::runtime_error("printer profile " + source + ": name must be text");
    profile.name = json["name"].get<std::string>();
  }
  if (json.contains("description") && json["description"].is_string())
    profile.description = json["description"].get<std::string>();
  profile.paper_width_mm = int_in_range(json, "paper_width_mm", 80, 40, 120, source);
  profile.dpi = int_in_range(json, "dpi", 203, 150, 600, source);
  profile.print_width_dots =
      int_in_range(json, "print_width_dots", profile.paper_width_mm >= 70 ? 576 : 384, 200, 2048, source);
  if (profile.print_width_dots % 8 != 0)
    throw std::runtime_error("printer profile " + source + ": print_width_dots must be a multiple of 8, got " +
                             std::to_string(profile.print_width_dots));
  profile.margin_dots = int_in_range(json, "margin_dots", 8, 0, profile.print_width_dots / 8, source);
  profile.native_qr = boolean(json, "native_qr", false, source);
  if (json.contains("cut")) {
    std::string cut = json["cut"].is_string() ? json["cut"].get<std::string>() : "";
    if (cut == "partial")
      profile.cut = CutMode::Partial;
    else if (cut == "full")
      profile.cut = CutMode::Full;
    else if (cut == "none")
      profile.cut = CutMode::None;
    else
      throw std::runtime_error("printer profile " + source + ": cut must be partial, full or none");
  }
  // GS v 0 strips: many printers overflow their input buffer on taller images.
  profile.max_strip_rows = int_in_range(json, "max_strip_rows", 256, 1, 256, source);
  profile.feed_before_cut_dots = int_in_range(json, "feed_before_cut_dots", 96, 0, 255, source);
  profile.status_query = boolean(json, "status_query", true, source);
  profile.body_px = int_in_range(json, "body_px", 22, 12, 64, source);
  profile.small_px = int_in_range(json, "small_px", 18, 10, 64, source);
  profile.heading_px = int_in_range(json, "heading_px", 26, 12, 96, source);
  profile.title_px = int_in_range(json, "title_px", 30, 12, 96, source);
  profile.qr_module_dots = int_in_range(json, "qr_module_dots", 5, 2, 16, source);
  return profile;
}

PrinterProfile PrinterProfile::load(const std::string& assets_dir, const std::string& name) {
  // Names are file names inside assets/printers: no path tricks.
  if (name.empty() || name.find('/') != std::string::npos || name.find("..") != std::string::npos)
    throw std::runtime_error("printer profile '" + name + "': not a valid profile name");
  std::string path = assets_dir + "/printers/" + name + ".json";
  PrinterProfile profile = parse(read_file(path), path);
  if (profile.name != name)
    throw std::runtime_error("printer profile " + path + ": name is '" + profile.name + "', expected '" + name + "'");
  return profile;
}

}  // namespace mc::printing
