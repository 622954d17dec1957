#pragma once
// Text for people produced by the UI-free core and modules (validation errors, notices, staff outcomes),
// by key from assets/i18n/{vi,en}.json — the same files the views read, so every string a person sees
// is translated in one place (ImHex's "key"_lang in the manner of a function).
//
// One catalog per process: the program loads it at start with use_messages() (the kiosk from its
// configured assets folder); otherwise the first message() loads the built-in assets/i18n. A missing key
// gives the key itself in both languages, so it shows and the i18n test names it.
#include <initializer_list>
#include <string>
#include <string_view>
#include <utility>

#include "mc/core/i18n.hpp"
#include "mc/core/localized.hpp"

namespace mc {

LocalizedText message(std::string_view key);
// "{name}" placeholders replaced in both languages: message("form.too_long", {{"max", "20"}}).
LocalizedText message(std::string_view key, std::initializer_list<std::pair<std::string_view, std::string>> args);

// Sets the catalog (call before other threads read messages). Loading a folder throws like Translations::load.
void use_messages(Translations translations);
void use_messages_from(const std::string& i18n_dir);
const Translations& messages();

}  // namespace mc
