#include "mc/core/json_file.hpp"

#include <fstream>
#include <sstream>
#include <stdexcept>

namespace mc {

nlohmann::json read_json_file(const std::string& path, const std::string& what) {
  std::ifstream in(path);
  if (!in) throw std::runtime_error(path + ": cannot open the " + what + " file");
  std::stringstream buffer;
  buffer << in.rdbuf();
  try {
    return nlohmann::json::parse(buffer.str());
  } catch (const nlohmann::json::parse_error& error) {
    throw std::runtime_error(path + ": not valid JSON: " + error.what());
  }
}

}  // namespace mc
