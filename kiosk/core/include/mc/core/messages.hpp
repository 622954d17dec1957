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
#include <vector>

#include "mc/core/i18n.hpp"
#include "mc/core/localized.hpp"

namespace mc {

// A value for a "{name}" placeholder: the same in both languages, or one per language (numbers and dates
// are written differently).
struct MessageArg {
  MessageArg(std::string_view name, std::string value) : name(name), value{value, std::move(value)} {}
  MessageArg(std::string_view name, const char* value) : MessageArg(name, std::string(value)) {}
  MessageArg(std::string_view name, LocalizedText value) : name(name), value(std::move(value)) {}
  std::string_view name;
  LocalizedText value;
};

LocalizedText message(std::string_view key);
// Placeholders replaced in both languages: message("form.error.too_long", {{"n", "20"}}).
LocalizedText message(std::string_view key, std::initializer_list<MessageArg> args);

// Sets the catalog (call before other threads read messages). Loading a folder throws like Translations::load.
void use_messages(Translations translations);
void use_messages_from(const std::string& i18n_dir);
const Translations& messages();
// Keys asked for since start that neither file has (the UI tests check it stays empty).
std::vector<std::string> missing_message_keys();

}  // namespace mc
