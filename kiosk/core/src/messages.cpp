#include "mc/core/messages.hpp"

#include <memory>
#include <mutex>
#include <set>

#include "mc/core/config.hpp"
#include "mc/core/log.hpp"

namespace mc {
namespace {

std::once_flag g_loaded;
std::unique_ptr<Translations> g_catalog;
std::mutex g_missing_mutex;
std::set<std::string, std::less<>> g_missing;

// The built-in catalog: where a default configuration finds the assets ($MC_ASSETS_DIR, the installed ones
// beside the program, else the source tree's).
void load_builtin() {
  if (g_catalog) return;
  const std::string dir = Config{}.resolved_assets_dir() + "/i18n";
  try {
    g_catalog = std::make_unique<Translations>(Translations::load(dir));
  } catch (const std::exception& e) {
    log_error("i18n", std::string("messages not loaded: ") + e.what());
    g_catalog = std::make_unique<Translations>();
  }
}

std::string replace_all(std::string text, std::string_view from, const std::string& to) {
  for (size_t pos = 0; (pos = text.find(from, pos)) != std::string::npos; pos += to.size())
    text.replace(pos, from.size(), to);
  return text;
}

}  // namespace

const Translations& messages() {
  std::call_once(g_loaded, load_builtin);
  return *g_catalog;
}

std::vector<std::string> missing_message_keys() {
  std::lock_guard lock(g_missing_mutex);
  return {g_missing.begin(), g_missing.end()};
}

void use_messages(Translations translations) {
  std::call_once(g_loaded, [] {});  // the built-in catalog is not needed any more
  g_catalog = std::make_unique<Translations>(std::move(translations));
}

void use_messages_from(const std::string& i18n_dir) {
  use_messages(Translations::load(i18n_dir));
}

LocalizedText message(std::string_view key) {
  const Translations& catalog = messages();
  const std::string* vi = catalog.find(key, Lang::Vi);
  const std::string* en = catalog.find(key, Lang::En);
  if (!vi) {
    std::lock_guard lock(g_missing_mutex);
    g_missing.emplace(key);
    return {std::string(key), std::string(key)};
  }
  return {*vi, en ? *en : *vi};
}

LocalizedText message(std::string_view key, std::initializer_list<MessageArg> args) {
  LocalizedText text = message(key);
  for (const MessageArg& arg : args) {
    const std::string placeholder = "{" + std::string(arg.name) + "}";
    text.vi = replace_all(std::move(text.vi), placeholder, arg.value.vi);
    text.en = replace_all(std::move(text.en), placeholder, arg.value.en.empty() ? arg.value.vi : arg.value.en);
  }
  return text;
}

}  // namespace mc
