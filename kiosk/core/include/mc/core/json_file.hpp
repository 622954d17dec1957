#pragma once
// Reads a JSON data file from assets/. Errors name the file so an IT officer knows what to fix.
#include <nlohmann/json.hpp>
#include <string>

namespace mc {

// Throws std::runtime_error "<path>: cannot open the <what> file" or "<path>: not valid JSON: ...".
nlohmann::json read_json_file(const std::string& path, const std::string& what);

}  // namespace mc
