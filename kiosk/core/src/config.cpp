#include "mc/core/config.hpp"

#include <sys/stat.h>
#include <toml++/toml.h>
#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <functional>
#include <regex>
#include <set>
#include <sstream>

#include <sys/stat.h>

#include "mc/core/dossier_code.hpp"
#include "mc/core/text.hpp"

namespace mc {

std::optional<int> parse_clock_time(std::string_view text) {
  if (text.size() != 5 || text[2] != ':') return std::nullopt;
  for (size_t i : {0, 1, 3, 4})
    if (text[i] < '0' || text[i] > '9') return std::nullopt;
  const int hours = (text[0] - '0') * 10 + (text[1] - '0');
  const int minutes = (text[3] - '0') * 10 + (text[4] - '0');
  if (hours > 23 || minutes > 59) return std::nullopt;
  return hours * 60 + minutes;
}

std::string installed_assets_dir() {
  std::error_code ec;
  const std::filesystem::path program = std::filesystem::read_symlink("/proc/self/exe", ec);
  if (ec) return "";
  // <prefix>/bin/kioskctl -> <prefix>/share/mot-cua-kiosk (the Debian package's /usr/share/mot-cua-kiosk).
  const std::filesystem::path assets = program.parent_path().parent_path() / "share" / "mot-cua-kiosk";
  if (std::filesystem::is_regular_file(assets / "i18n" / "vi.json", ec)) return assets.string();
  return "";
}

std::string Config::resolved_assets_dir() const {
  if (!assets_dir.empty()) return assets_dir;
  if (const char* env = std::getenv("MC_ASSETS_DIR"); env && *env) return env;
  static const std::string beside_program = installed_assets_dir();
  if (!beside_program.empty()) return beside_program;
  return MC_SOURCE_ASSETS_DIR;
}

std::string Config::resolved_csca_dir() const {
  return idcard.csca_dir.empty() ? resolved_assets_dir() + "/idcard/csca" : idcard.csca_dir;
}

std::string Config::path_in_data(std::string_view name) const {
  return data_dir + "/" + std::string(name);
}

std::string Config::resolved_staff_pin_file() const {
  if (!kiosk.staff_pin_file.empty()) return kiosk.staff_pin_file;
  if (!config_file.empty()) {
    const auto dir = std::filesystem::path(config_file).parent_path();
    return (dir.empty() ? std::filesystem::path("staff-pin") : dir / "staff-pin").string();
  }
  return path_in_data("staff-pin");
}

const std::string& default_config_toml() {
  static const std::string text =
      R"(# Một Cửa Kiosk configuration. Every key is optional: these are the embedded defaults.
data_dir = "var"            # SQLite queue, key file, virtual printer output
assets_dir = ""             # empty: $MC_ASSETS_DIR, else <prefix>/share/mot-cua-kiosk when installed, else the source tree's assets/
log_level = "info"          # debug | info | warn | error
demo = false                # true: a development/demo file (the screen says so; kiosk.slot may stay unset)

[kiosk]
id = "KIOSK-01"
slot = 1                    # 1-9, unique per kiosk of one agency: first digit of the daily dossier number
                            # (a site's file must set it: the kiosk stays out of service without it)
staff_pin_file = ""         # the staff PIN's hash (mode 0600, from 'kioskctl staff set-pin'); empty:
                            # "staff-pin" beside this file. No file: staff mode disabled
status_lookup = "open"      # receipt look-up on the attract screen: "open" (status for any receipt scanned) or
                            # "lookup_code" (only with the receipt's mã tra cứu: in its QR, or typed)

[agency]
code = "000.00.15.G12"      # electronic identifier (QCVN 102:2016), the prefix of every dossier code
name_vi = "Cục Đường bộ Việt Nam"
name_en = "Vietnam Road Administration"
parent_vi = "BỘ XÂY DỰNG"
place = "Hà Nội"
address = ""
phone = ""

[server]
url = "http://127.0.0.1:8787/api"
credentials_file = ""       # TOML with username and password; empty: the reference server's demo account
ca_bundle = ""              # PEM bundle; empty: the system's CA store
verify_tls = true
connect_timeout_s = 5
total_timeout_s = 30
batch_size = 20
applicant_type_citizen = "1" # LoaiDoiTuong for a citizen (OpenCPS: 1; some systems: 0)
status_poll_s = 60
catalog_refresh_s = 3600
heartbeat_interval_s = 60   # kiosk health report (version, queue, printer, last sync) while online; 0: off
max_answer_bytes = 4194304  # a longer answer (or deeper than 64 levels) is refused as nonsense and retried later
status_map = "dvcqg"        # the server's status codes -> the kiosk's: assets/sync/status_maps/<name>.json

[printer]
transport = "virtual"       # virtual | device | tcp | cups
profile = "generic-80"      # assets/printers/<profile>.json
device = "/dev/usb/lp0"
host = "127.0.0.1"
port = 9100
cups_queue = ""
output_dir = ""             # virtual printer folder; empty: <data_dir>/printer
timeout_ms = 5000
tracking_url = ""           # e.g. "https://dichvucong.example.vn/tra-cuu?ma={code}"; empty: the QR holds the code
bank_bin = ""               # VietQR fee payment: 6-digit bank BIN and account; empty: no payment QR
bank_account = ""
copies = "citizen"          # the kiosk prints Liên 2 for the citizen; "both": Liên 1 (Lưu) too, for the office
office_queue = ""           # CUPS queue of the office printer for the A4/A5 forms (Mẫu 01, 05, 06); empty: saved as PDF
office_timeout_s = 30       # follow an office print job this long before telling staff it still waits

[scanner]
wedge = true
wedge_max_interval_ms = 30  # keys closer together than this come from a scanner, not a person
wedge_min_length = 8
camera_device = ""          # e.g. "/dev/video0"; empty: no camera
serial_device = ""          # e.g. "/dev/ttyACM0"; empty: none
serial_baud = 9600
document_device = ""        # SANE document scanner, e.g. "epson2:libusb:001:004"; empty: no capture step
document_dpi = 200          # 100-600; 200 keeps an A4 page readable in about 100-250 KB
document_mode = "grey"      # grey | colour
document_page_size = "a4"   # a4 | a5 | letter | legal
document_options = []       # extra SANE options, e.g. ["source=Automatic Document Feeder"]
attachment_reserve_mb = 512 # scanned documents are refused before the data disk has less than this free
document_export_dir = ""    # staff mode exports a dossier's document here as PDF, e.g. "/media/kiosk/USB"; empty: none

[ui]
languages = ["vi", "en"]
default_language = "vi"
idle_timeout_s = 90
idle_warning_s = 20
fullscreen = true
orientation = "auto"        # auto | portrait | landscape
text_scale = 1.0
high_contrast = false
telex = true

[office]
open = "07:30"
close = "17:00"
intake_cutoff = "16:30"     # dossiers taken in after this count from the next working day
tickets_after_close = "warn" # queue tickets after close or on a day off: "warn" (issued, the citizen is told the office is closed) or "refuse"
database = ""               # the office's PostgreSQL for tickets across machines, e.g. "postgresql://mc_kiosk@db.office.lan/mocua"
                            # or "service=mocua" (pg_service.conf); never a password here. Empty: tickets in this kiosk only
password_file = ""          # libpq password file (host:port:database:user:password), mode 0600; empty: ~/.pgpass
heartbeat_interval_s = 30   # this machine's health in the office database (kioskctl office status)

[retention]
personal_data_days = 90     # personal data of synced, final dossiers is purged after this

[counter]
name = ""                   # shown on the waiting-room display, e.g. "Quầy 2"; empty: kiosk.id
areas = []                  # service areas this counter calls, e.g. ["A", "B"]; empty: every area

[display]
areas = []                  # service areas the waiting-room display shows and announces; empty: every area
results_board = false       # also a board of ready results (status 9) by dossier code and initials

[voice]
guidance = false            # voice guidance on for every citizen; false: one tap on "Nghe hướng dẫn" turns it on
private_audio = false       # true only with a handset or headphones: then personal data may be read aloud
tap_to_hear = true          # with guidance: the first tap on a button speaks it, a second tap chooses it
volume = 80                 # 0-100
rate = 150                  # words per minute (80-450)
voice_vi = "vi"             # espeak-ng voices: "vi", "vi-vn-x-central", "vi-vn-x-south"
voice_en = "en"
announce = "voice"          # waiting-room display: "voice" (chime + "Mời số A002 đến quầy 2"), "chime", "off"
announce_repeats = 2        # how many times each call is said
guidance_key = "F1"         # keypad key that toggles voice guidance (SDL key name); "" for none
audio_device = ""           # SDL audio output device; empty: the default one
[idcard]
enabled = true              # offer reading the ID card's chip when a PC/SC reader is present
reader = ""                 # PC/SC reader name, or part of it; empty: the first reader with a card
csca_dir = ""               # trusted CSCA certificates (PEM/DER, from the ICAO PKD); empty: <assets>/idcard/csca
read_face = true            # read the face (DG2) for staff to compare; it is never stored or sent
card_wait_s = 60            # how long the identify step waits for a card on the reader

[metrics]
textfile_dir = ""           # Prometheus text for node_exporter's textfile collector, e.g.
                            # "/var/lib/prometheus/node-exporter" (the kiosk's user must be able to write
                            # there); empty: no file ('kioskctl metrics' prints the same text)
interval_s = 15             # how often the kiosk rewrites the file
)";
  return text;
}

namespace {

using Apply = std::function<std::optional<std::string>(const toml::node&, Config&)>;

struct KeySpec {
  std::string path;
  Apply apply;
};

std::string describe(const toml::node& node) {
  if (auto text = node.value_exact<std::string>()) return '"' + *text + '"';
  if (auto integer = node.value_exact<int64_t>()) return std::to_string(*integer);
  if (auto number = node.value_exact<double>()) {
    std::ostringstream out;
    out << *number;
    return out.str();
  }
  if (auto flag = node.value_exact<bool>()) return *flag ? "true" : "false";
  if (node.is_table()) return "a table";
  if (node.is_array()) return "a list";
  return "a date or time";
}

using StringCheck = std::function<std::optional<std::string>(const std::string&)>;

KeySpec string_key(std::string path, std::function<std::string&(Config&)> field, StringCheck check = nullptr) {
  return {std::move(path), [field, check](const toml::node& node, Config& config) -> std::optional<std::string> {
            auto value = node.value<std::string>();
            if (!node.is_string() || !value) return "must be a text in quotes, got " + describe(node);
            if (check)
              if (auto problem = check(*value)) return problem;
            field(config) = *value;
            return std::nullopt;
          }};
}

KeySpec int_key(std::string path, std::function<int&(Config&)> field, int min, int max) {
  return {std::move(path), [field, min, max](const toml::node& node, Config& config) -> std::optional<std::string> {
            if (!node.is_integer()) return "must be a whole number, got " + describe(node);
            const int64_t value = *node.value<int64_t>();
            if (value < min || value > max)
              return "must be between " + std::to_string(min) + " and " + std::to_string(max) + ", got " +
                     std::to_string(value);
            field(config) = static_cast<int>(value);
            return std::nullopt;
          }};
}

KeySpec bool_key(std::string path, std::function<bool&(Config&)> field) {
  return {std::move(path), [field](const toml::node& node, Config& config) -> std::optional<std::string> {
            if (!node.is_boolean()) return "must be true or false, got " + describe(node);
            field(config) = *node.value<bool>();
            return std::nullopt;
          }};
}

KeySpec clock_key(std::string path, std::function<int&(Config&)> field) {
  return {std::move(path), [field](const toml::node& node, Config& config) -> std::optional<std::string> {
            auto value = node.value<std::string>();
            if (!node.is_string() || !value) return "must be a time \"HH:MM\", got " + describe(node);
            auto minutes = parse_clock_time(*value);
            if (!minutes) return "must be a time \"HH:MM\" (24-hour), got \"" + *value + "\"";
            field(config) = *minutes;
            return std::nullopt;
          }};
}

StringCheck one_of(std::vector<std::string> allowed) {
  return [allowed](const std::string& value) -> std::optional<std::string> {
    for (const auto& option : allowed)
      if (value == option) return std::nullopt;
    std::string list;
    for (const auto& option : allowed) list += (list.empty() ? "" : ", ") + option;
    return "must be one of " + list + ", got \"" + value + "\"";
  };
}

StringCheck matches(const char* regex, const char* what) {
  return [pattern = std::regex(regex), what](const std::string& value) -> std::optional<std::string> {
    if (std::regex_match(value, pattern)) return std::nullopt;
    return std::string("must be ") + what + ", got \"" + value + "\"";
  };
}

StringCheck non_empty() {
  return [](const std::string& value) -> std::optional<std::string> {
    if (value.empty()) return "must not be empty";
    return std::nullopt;
  };
}

StringCheck existing_file_or_empty() {
  return [](const std::string& value) -> std::optional<std::string> {
    if (value.empty() || std::filesystem::is_regular_file(value)) return std::nullopt;
    return "file \"" + value + "\" does not exist";
  };
}

// A list of service-area letters ("counter.areas", "display.areas").
KeySpec area_list_key(std::string path, std::function<std::vector<std::string>&(Config&)> field) {
  return {std::move(path), [field](const toml::node& node, Config& config) -> std::optional<std::string> {
            const toml::array* list = node.as_array();
            if (!list) return "must be a list of area letters such as [\"A\", \"B\"], got " + describe(node);
            std::vector<std::string> areas;
            for (const auto& item : *list) {
              auto code = item.value<std::string>();
              if (!item.is_string() || code->size() != 1 || (*code)[0] < 'A' || (*code)[0] > 'Z')
                return "each area is one capital letter as in assets/tickets/areas.json, got " + describe(item);
              areas.push_back(*code);
            }
            field(config) = areas;
            return std::nullopt;
          }};
}

// The office database's connection string: a postgresql:// URI or libpq key=value words, never with a
// password in it (the configuration file is readable by more people than a 0600 password file).
StringCheck office_database_check() {
  return [](const std::string& value) -> std::optional<std::string> {
    if (value.empty()) return std::nullopt;
    static const std::regex uri(R"((postgres|postgresql)://\S*)");
    static const std::regex keywords(R"(\s*[a-z_]+\s*=.*)");
    if (!std::regex_match(value, uri) && !std::regex_match(value, keywords))
      return "must be a postgresql:// address or libpq words such as \"service=mocua\", got \"" + value + "\"";
    static const std::regex uri_password(R"(^[a-z]+://[^/@?]*:[^/@?]*@.*)");
    static const std::regex word_password(R"((^|[\s?&])password\s*=)");
    if (std::regex_search(value, uri_password) || std::regex_search(value, word_password))
      return "must not contain a password: put it in office.password_file (mode 0600) or a libpq service file";
    return std::nullopt;
  };
}

// A file holding a secret: it must exist and be readable by its owner only (chmod 600), as libpq and ssh
// demand of theirs.
StringCheck private_file_or_empty() {
  return [](const std::string& value) -> std::optional<std::string> {
    if (value.empty()) return std::nullopt;
    struct stat info {};
    if (::stat(value.c_str(), &info) != 0 || !S_ISREG(info.st_mode)) return "file \"" + value + "\" does not exist";
    if (info.st_mode & 077)
      return "file \"" + value + "\" must be readable by its owner only (chmod 600 " + value + ")";
    return std::nullopt;
  };
}

const std::vector<KeySpec>& key_specs() {
  static const std::vector<KeySpec> specs = [] {
    std::vector<KeySpec> s;
    s.push_back(string_key(
        "data_dir", [](Config& c) -> std::string& { return c.data_dir; }, non_empty()));
    s.push_back(string_key("assets_dir", [](Config& c) -> std::string& { return c.assets_dir; }));
    s.push_back(string_key(
        "log_level", [](Config& c) -> std::string& { return c.log_level; },
        one_of({"debug", "info", "warn", "error"})));
    s.push_back(bool_key("demo", [](Config& c) -> bool& { return c.demo; }));

    s.push_back(string_key(
        "kiosk.id", [](Config& c) -> std::string& { return c.kiosk.id; },
        matches(R"([A-Za-z0-9_-]{1,32})", "1–32 letters, digits, '-' or '_'")));
    s.push_back(int_key(
        "kiosk.slot", [](Config& c) -> int& { return c.kiosk.slot; }, 1, 9));
    s.push_back(string_key(
        "kiosk.status_lookup", [](Config& c) -> std::string& { return c.kiosk.status_lookup; },
        one_of({"open", "lookup_code"})));
    s.push_back(string_key("kiosk.staff_pin_file", [](Config& c) -> std::string& { return c.kiosk.staff_pin_file; }));
    // The hash used to live here, in a file every local user can read: refuse it rather than use it.
    s.push_back({"kiosk.staff_pin_hash", [](const toml::node&, Config&) -> std::optional<std::string> {
                   return "the staff PIN hash is no longer read from the configuration file (anyone on the machine "
                          "can read it): run 'kioskctl staff set-pin', which writes kiosk.staff_pin_file with mode "
                          "0600, and delete this line";
                 }});

    s.push_back(string_key(
        "agency.code", [](Config& c) -> std::string& { return c.agency.code; },
        [](const std::string& value) -> std::optional<std::string> {
          if (is_valid_agency_code(value)) return std::nullopt;
          return "must be an agency code like \"000.00.15.G12\" (QCVN 102:2016), got \"" + value + "\"";
        }));
    s.push_back(string_key(
        "agency.name_vi", [](Config& c) -> std::string& { return c.agency.name_vi; }, non_empty()));
    s.push_back(string_key("agency.name_en", [](Config& c) -> std::string& { return c.agency.name_en; }));
    s.push_back(string_key("agency.parent_vi", [](Config& c) -> std::string& { return c.agency.parent_vi; }));
    s.push_back(string_key(
        "agency.place", [](Config& c) -> std::string& { return c.agency.place; }, non_empty()));
    s.push_back(string_key("agency.address", [](Config& c) -> std::string& { return c.agency.address; }));
    s.push_back(string_key("agency.phone", [](Config& c) -> std::string& { return c.agency.phone; }));

    s.push_back(string_key(
        "server.url", [](Config& c) -> std::string& { return c.server.url; },
        matches(R"(https?://[^\s/]+(/\S*)?)", "an http:// or https:// address")));
    s.push_back(string_key(
        "server.credentials_file", [](Config& c) -> std::string& { return c.server.credentials_file; },
        existing_file_or_empty()));
    s.push_back(string_key(
        "server.ca_bundle", [](Config& c) -> std::string& { return c.server.ca_bundle; }, existing_file_or_empty()));
    s.push_back(bool_key("server.verify_tls", [](Config& c) -> bool& { return c.server.verify_tls; }));
    s.push_back(int_key(
        "server.connect_timeout_s", [](Config& c) -> int& { return c.server.connect_timeout_s; }, 1, 120));
    s.push_back(int_key(
        "server.total_timeout_s", [](Config& c) -> int& { return c.server.total_timeout_s; }, 1, 600));
    s.push_back(int_key(
        "server.batch_size", [](Config& c) -> int& { return c.server.batch_size; }, 1, 500));
    s.push_back(string_key(
        "server.applicant_type_citizen", [](Config& c) -> std::string& { return c.server.applicant_type_citizen; },
        matches(R"(\d{1,2})", "a number code such as \"1\"")));
    s.push_back(int_key(
        "server.status_poll_s", [](Config& c) -> int& { return c.server.status_poll_s; }, 5, 86400));
    s.push_back(int_key(
        "server.catalog_refresh_s", [](Config& c) -> int& { return c.server.catalog_refresh_s; }, 60, 7 * 86400));
    s.push_back(int_key(
        "server.heartbeat_interval_s", [](Config& c) -> int& { return c.server.heartbeat_interval_s; }, 0, 86400));
    s.push_back(int_key(
        "server.max_answer_bytes", [](Config& c) -> int& { return c.server.max_answer_bytes; }, 65536, 256 << 20));
    s.push_back(string_key(
        "server.status_map", [](Config& c) -> std::string& { return c.server.status_map; },
        matches(R"([a-z0-9][a-z0-9_-]{0,63})", "a status map name such as \"dvcqg\"")));

    s.push_back(string_key(
        "printer.transport", [](Config& c) -> std::string& { return c.printer.transport; },
        one_of({"virtual", "device", "tcp", "cups"})));
    s.push_back(string_key(
        "printer.profile", [](Config& c) -> std::string& { return c.printer.profile; },
        matches(R"([a-z0-9][a-z0-9_-]{0,63})", "a profile name such as \"generic-80\"")));
    s.push_back(string_key(
        "printer.copies", [](Config& c) -> std::string& { return c.printer.copies; }, one_of({"citizen", "both"})));
    s.push_back(string_key("printer.device", [](Config& c) -> std::string& { return c.printer.device; }));
    s.push_back(string_key(
        "printer.host", [](Config& c) -> std::string& { return c.printer.host; }, non_empty()));
    s.push_back(int_key(
        "printer.port", [](Config& c) -> int& { return c.printer.port; }, 1, 65535));
    s.push_back(string_key("printer.cups_queue", [](Config& c) -> std::string& { return c.printer.cups_queue; }));
    s.push_back(string_key("printer.output_dir", [](Config& c) -> std::string& { return c.printer.output_dir; }));
    s.push_back(int_key(
        "printer.timeout_ms", [](Config& c) -> int& { return c.printer.timeout_ms; }, 100, 60000));
    s.push_back(string_key(
        "printer.tracking_url", [](Config& c) -> std::string& { return c.printer.tracking_url; },
        matches(R"((https?://\S*\{code\}\S*)?)", "empty or an http(s) address containing {code}")));
    s.push_back(string_key(
        "printer.bank_bin", [](Config& c) -> std::string& { return c.printer.bank_bin; },
        matches(R"((\d{6})?)", "empty or the bank's 6-digit BIN")));
    s.push_back(string_key(
        "printer.bank_account", [](Config& c) -> std::string& { return c.printer.bank_account; },
        matches(R"(([0-9A-Za-z]{1,19})?)", "empty or an account number of up to 19 letters/digits")));
    s.push_back(string_key(
        "printer.office_queue", [](Config& c) -> std::string& { return c.printer.office_queue; },
        matches(R"(([A-Za-z0-9_.-]{1,127})?)", "empty or a CUPS queue name (letters, digits, . _ -)")));
    s.push_back(int_key(
        "printer.office_timeout_s", [](Config& c) -> int& { return c.printer.office_timeout_s; }, 1, 600));

    s.push_back(bool_key("scanner.wedge", [](Config& c) -> bool& { return c.scanner.wedge; }));
    s.push_back(int_key(
        "scanner.wedge_max_interval_ms", [](Config& c) -> int& { return c.scanner.wedge_max_interval_ms; }, 5, 200));
    s.push_back(int_key(
        "scanner.wedge_min_length", [](Config& c) -> int& { return c.scanner.wedge_min_length; }, 4, 64));
    s.push_back(string_key("scanner.camera_device", [](Config& c) -> std::string& { return c.scanner.camera_device; }));
    s.push_back(string_key("scanner.serial_device", [](Config& c) -> std::string& { return c.scanner.serial_device; }));
    s.push_back({"scanner.serial_baud", [](const toml::node& node, Config& config) -> std::optional<std::string> {
                   static const std::set<int64_t> rates = {1200, 2400, 4800, 9600, 19200, 38400, 57600, 115200};
                   if (!node.is_integer() || !rates.count(*node.value<int64_t>()))
                     return "must be one of 1200, 2400, 4800, 9600, 19200, 38400, 57600, 115200, got " + describe(node);
                   config.scanner.serial_baud = static_cast<int>(*node.value<int64_t>());
                   return std::nullopt;
                 }});

    s.push_back(string_key(
        "scanner.document_device", [](Config& c) -> std::string& { return c.scanner.document_device; },
        matches(R"(([^\s:]+(:\S*)?)?)", "empty or a SANE device name such as \"epson2:libusb:001:004\"")));
    s.push_back(int_key(
        "scanner.document_dpi", [](Config& c) -> int& { return c.scanner.document_dpi; }, 100, 600));
    s.push_back(string_key(
        "scanner.document_mode", [](Config& c) -> std::string& { return c.scanner.document_mode; },
        one_of({"grey", "colour"})));
    s.push_back(string_key(
        "scanner.document_page_size", [](Config& c) -> std::string& { return c.scanner.document_page_size; },
        one_of({"a4", "a5", "letter", "legal"})));
    s.push_back({"scanner.document_options", [](const toml::node& node, Config& config) -> std::optional<std::string> {
                   const toml::array* list = node.as_array();
                   if (!list) return "must be a list of \"name=value\" texts, got " + describe(node);
                   static const std::regex item_pattern(R"([a-z][a-z0-9-]*=.*)");
                   std::vector<std::string> items;
                   for (const auto& item : *list) {
                     auto text = item.value<std::string>();
                     if (!item.is_string() || !std::regex_match(*text, item_pattern))
                       return "each item is a SANE option as \"name=value\" (e.g. \"source=ADF Front\"), got " +
                              describe(item);
                     items.push_back(*text);
                   }
                   config.scanner.document_options = items;
                   return std::nullopt;
                 }});
    s.push_back(int_key(
        "scanner.attachment_reserve_mb", [](Config& c) -> int& { return c.scanner.attachment_reserve_mb; }, 16,
        1 << 20));
    s.push_back(string_key(
        "scanner.document_export_dir", [](Config& c) -> std::string& { return c.scanner.document_export_dir; },
        [](const std::string& value) -> std::optional<std::string> {
          // Absolute: the kiosk's working directory is no place for a citizen's document.
          if (value.empty() || value[0] == '/') return std::nullopt;
          return "must be an absolute directory such as \"/media/kiosk/USB\", or empty";
        }));

    s.push_back({"ui.languages", [](const toml::node& node, Config& config) -> std::optional<std::string> {
                   const toml::array* list = node.as_array();
                   if (!list || list->empty()) return "must be a non-empty list such as [\"vi\", \"en\"]";
                   std::vector<std::string> languages;
                   for (const auto& item : *list) {
                     auto code = item.value<std::string>();
                     if (!item.is_string() || (*code != "vi" && *code != "en"))
                       return "supported languages are \"vi\" and \"en\", got " + describe(item);
                     languages.push_back(*code);
                   }
                   config.ui.languages = languages;
                   return std::nullopt;
                 }});
    s.push_back(string_key(
        "ui.default_language", [](Config& c) -> std::string& { return c.ui.default_language; }, one_of({"vi", "en"})));
    s.push_back(int_key(
        "ui.idle_timeout_s", [](Config& c) -> int& { return c.ui.idle_timeout_s; }, 15, 3600));
    s.push_back(int_key(
        "ui.idle_warning_s", [](Config& c) -> int& { return c.ui.idle_warning_s; }, 5, 120));
    s.push_back(bool_key("ui.fullscreen", [](Config& c) -> bool& { return c.ui.fullscreen; }));
    s.push_back(string_key(
        "ui.orientation", [](Config& c) -> std::string& { return c.ui.orientation; },
        one_of({"auto", "portrait", "landscape"})));
    s.push_back({"ui.text_scale", [](const toml::node& node, Config& config) -> std::optional<std::string> {
                   if (!node.is_number()) return "must be a number such as 1.25, got " + describe(node);
                   const double value = node.is_integer() ? double(*node.value<int64_t>()) : *node.value<double>();
                   if (value < 0.75 || value > 2.0) return "must be between 0.75 and 2.0, got " + describe(node);
                   config.ui.text_scale = value;
                   return std::nullopt;
                 }});
    s.push_back(bool_key("ui.high_contrast", [](Config& c) -> bool& { return c.ui.high_contrast; }));
    s.push_back(bool_key("ui.telex", [](Config& c) -> bool& { return c.ui.telex; }));

    s.push_back(clock_key("office.open", [](Config& c) -> int& { return c.office.open_minutes; }));
    s.push_back(clock_key("office.close", [](Config& c) -> int& { return c.office.close_minutes; }));
    s.push_back(clock_key("office.intake_cutoff", [](Config& c) -> int& { return c.office.cutoff_minutes; }));
    s.push_back(
        {"office.tickets_after_close", [](const toml::node& node, Config& config) -> std::optional<std::string> {
           auto value = node.value<std::string>();
           if (!node.is_string() || !value) return "must be a text in quotes, got " + describe(node);
           if (auto problem = one_of({"warn", "refuse"})(*value)) return problem;
           config.office.refuse_tickets_after_close = *value == "refuse";
           return std::nullopt;
         }});

    s.push_back(string_key(
        "office.database", [](Config& c) -> std::string& { return c.office_db.database; }, office_database_check()));
    s.push_back(string_key(
        "office.password_file", [](Config& c) -> std::string& { return c.office_db.password_file; },
        private_file_or_empty()));
    s.push_back(int_key(
        "office.heartbeat_interval_s", [](Config& c) -> int& { return c.office_db.heartbeat_interval_s; }, 5, 3600));

    s.push_back(int_key(
        "retention.personal_data_days", [](Config& c) -> int& { return c.retention.personal_data_days; }, 1, 3650));

    s.push_back(string_key(
        "counter.name", [](Config& c) -> std::string& { return c.counter.name; },
        [](const std::string& value) -> std::optional<std::string> {
          if (is_valid_utf8(value) && to_u32(value).size() <= 24) return std::nullopt;
          return "must be at most 24 characters (it is shown large on the display)";
        }));
    s.push_back(area_list_key("counter.areas", [](Config& c) -> std::vector<std::string>& { return c.counter.areas; }));
    s.push_back(area_list_key("display.areas", [](Config& c) -> std::vector<std::string>& { return c.display.areas; }));
    s.push_back(bool_key("display.results_board", [](Config& c) -> bool& { return c.display.results_board; }));

    s.push_back(bool_key("voice.guidance", [](Config& c) -> bool& { return c.voice.guidance; }));
    s.push_back(bool_key("voice.private_audio", [](Config& c) -> bool& { return c.voice.private_audio; }));
    s.push_back(bool_key("voice.tap_to_hear", [](Config& c) -> bool& { return c.voice.tap_to_hear; }));
    s.push_back(int_key(
        "voice.volume", [](Config& c) -> int& { return c.voice.volume; }, 0, 100));
    s.push_back(int_key(
        "voice.rate", [](Config& c) -> int& { return c.voice.rate; }, 80, 450));
    s.push_back(string_key(
        "voice.voice_vi", [](Config& c) -> std::string& { return c.voice.voice_vi; },
        matches(R"([a-z][a-z0-9-]{1,31})", "an espeak-ng voice name such as \"vi\"")));
    s.push_back(string_key(
        "voice.voice_en", [](Config& c) -> std::string& { return c.voice.voice_en; },
        matches(R"([a-z][a-z0-9-]{1,31})", "an espeak-ng voice name such as \"en\"")));
    s.push_back(string_key(
        "voice.announce", [](Config& c) -> std::string& { return c.voice.announce; },
        one_of({"voice", "chime", "off"})));
    s.push_back(int_key(
        "voice.announce_repeats", [](Config& c) -> int& { return c.voice.announce_repeats; }, 1, 3));
    s.push_back(string_key("voice.guidance_key", [](Config& c) -> std::string& { return c.voice.guidance_key; }));
    s.push_back(string_key("voice.audio_device", [](Config& c) -> std::string& { return c.voice.audio_device; }));
    s.push_back(bool_key("idcard.enabled", [](Config& c) -> bool& { return c.idcard.enabled; }));
    s.push_back(string_key("idcard.reader", [](Config& c) -> std::string& { return c.idcard.reader; }));
    s.push_back(string_key("idcard.csca_dir", [](Config& c) -> std::string& { return c.idcard.csca_dir; }));
    s.push_back(bool_key("idcard.read_face", [](Config& c) -> bool& { return c.idcard.read_face; }));
    s.push_back(int_key(
        "idcard.card_wait_s", [](Config& c) -> int& { return c.idcard.card_wait_s; }, 5, 600));

    s.push_back(string_key(
        "metrics.textfile_dir", [](Config& c) -> std::string& { return c.metrics.textfile_dir; },
        [](const std::string& value) -> std::optional<std::string> {
          if (value.empty() || value[0] == '/') return std::nullopt;
          return "must be an absolute directory such as \"/var/lib/prometheus/node-exporter\", or empty";
        }));
    s.push_back(int_key(
        "metrics.interval_s", [](Config& c) -> int& { return c.metrics.interval_s; }, 1, 3600));
    return s;
  }();
  return specs;
}

// Walks the document; tables recurse, everything else is a leaf key checked against the spec list.
void apply_table(const toml::table& table, const std::string& prefix, Config& config, std::vector<ConfigIssue>& issues,
                 std::set<std::string>& keys_set) {
  static const std::set<std::string> sections = {"kiosk", "agency", "server",    "printer", "scanner",
                                                 "ui",    "office", "retention", "counter", "display",
                                                 "voice", "idcard", "metrics"};
  for (const auto& [key, node] : table) {
    const std::string path = prefix.empty() ? std::string(key.str()) : prefix + "." + std::string(key.str());
    if (prefix.empty() && sections.count(path)) {
      if (const toml::table* section = node.as_table())
        apply_table(*section, path, config, issues, keys_set);
      else
        issues.push_back({path, "must be a section [" + path + "]"});
      continue;
    }
    if (prefix.empty() && node.is_table()) {
      issues.push_back({path, "unknown section [" + path + "] (misspelt, or not supported by this version)"});
      continue;
    }
    const auto& specs = key_specs();
    auto spec = std::find_if(specs.begin(), specs.end(), [&](const KeySpec& s) { return s.path == path; });
    if (spec == specs.end()) {
      issues.push_back({path, "unknown key (misspelt, or not supported by this version)"});
      continue;
    }
    keys_set.insert(path);
    if (auto problem = spec->apply(node, config)) issues.push_back({path, *problem});
  }
}

void check_consistency(const Config& config, std::vector<ConfigIssue>& issues) {
  const auto& office = config.office;
  if (office.open_minutes >= office.close_minutes) issues.push_back({"office.close", "must be later than office.open"});
  if (office.cutoff_minutes < office.open_minutes || office.cutoff_minutes > office.close_minutes)
    issues.push_back({"office.intake_cutoff", "must be between office.open and office.close"});
  if (config.ui.idle_warning_s >= config.ui.idle_timeout_s)
    issues.push_back({"ui.idle_warning_s", "must be shorter than ui.idle_timeout_s"});
  if (std::find(config.ui.languages.begin(), config.ui.languages.end(), config.ui.default_language) ==
      config.ui.languages.end())
    issues.push_back({"ui.default_language", "must be one of ui.languages"});
  if (config.printer.bank_bin.empty() != config.printer.bank_account.empty())
    issues.push_back(
        {"printer.bank_account", "printer.bank_bin and printer.bank_account go together: set both or neither"});
  if (config.printer.transport == "cups" && config.printer.cups_queue.empty())
    issues.push_back({"printer.cups_queue", "must name the CUPS queue when printer.transport is \"cups\""});
}

}  // namespace

ConfigLoadResult parse_config(std::string_view toml_text, const std::string& source_name) {
  ConfigLoadResult result;
  result.source = source_name;
  toml::table table;
  try {
    table = toml::parse(toml_text, source_name);
  } catch (const toml::parse_error& error) {
    const auto& where = error.source().begin;
    result.issues.push_back({"(syntax)", "line " + std::to_string(where.line) + ", column " +
                                             std::to_string(where.column) + ": " + std::string(error.description())});
    return result;
  }
  apply_table(table, "", result.config, result.issues, result.keys_set);
  check_consistency(result.config, result.issues);
  return result;
}

namespace {

// The staff PIN hash from its own file; problems with it are warnings (citizens can still be served).
void read_staff_pin(ConfigLoadResult& result) {
  Config& config = result.config;
  const std::string path = config.resolved_staff_pin_file();
  struct stat info {};
  if (::stat(path.c_str(), &info) != 0) {
    if (errno != ENOENT)
      result.warnings.push_back(
          {"kiosk.staff_pin_file", "cannot read " + path + ": " + std::strerror(errno) + " (staff mode stays closed)"});
    return;
  }
  std::ifstream in(path);
  std::string hash;
  if (!in || !std::getline(in, hash)) {
    result.warnings.push_back(
        {"kiosk.staff_pin_file", "cannot read " + path + " (check its owner; staff mode stays closed)"});
    return;
  }
  hash = trim(hash);
  if (hash.rfind("$argon2id$", 0) != 0) {
    result.warnings.push_back({"kiosk.staff_pin_file", path +
                                                           " does not hold an Argon2id hash: set the PIN again "
                                                           "with 'kioskctl staff set-pin' (staff mode stays closed)"});
    return;
  }
  if (info.st_mode & 077)
    result.warnings.push_back({"kiosk.staff_pin_file", path + " can be read by other users: chmod 600 " + path});
  config.kiosk.staff_pin_hash = hash;
}

}  // namespace

bool is_loopback_url(std::string_view url) {
  const size_t scheme = url.find("://");
  if (scheme == std::string_view::npos) return false;
  std::string_view rest = url.substr(scheme + 3);
  rest = rest.substr(0, rest.find_first_of("/?#"));
  if (const size_t at = rest.rfind('@'); at != std::string_view::npos) rest = rest.substr(at + 1);
  std::string_view host = rest;
  if (!host.empty() && host.front() == '[') {
    host = host.substr(1, host.find(']') == std::string_view::npos ? host.size() - 1 : host.find(']') - 1);
  } else if (const size_t colon = host.rfind(':'); colon != std::string_view::npos) {
    host = host.substr(0, colon);
  }
  std::string lower(host);
  for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  const bool dotted_ipv4 = !lower.empty() && lower.find_first_not_of("0123456789.") == std::string::npos;
  return lower == "localhost" || lower == "::1" || (dotted_ipv4 && lower.rfind("127.", 0) == 0);
}

std::vector<ConfigIssue> production_blockers(const ConfigLoadResult& loaded) {
  std::vector<ConfigIssue> blockers;
  if (!loaded.from_file || loaded.config.demo) return blockers;
  if (!loaded.keys_set.count("kiosk.slot"))
    blockers.push_back({"kiosk.slot",
                        "is not set: each kiosk of an agency needs its own slot (1-9), or two kiosks "
                        "hand out the same dossier codes; the kiosk stays out of service until it is set"});
  return blockers;
}

std::vector<ConfigIssue> config_warnings(const Config& config) {
  std::vector<ConfigIssue> warnings;
  const std::string& url = config.server.url;
  const bool remote = !is_loopback_url(url);
  if (remote && config.printer.transport == "virtual")
    warnings.push_back({"printer.transport",
                        "is \"virtual\" (files on disk, for development) while server.url is "
                        "another machine: citizens would be told to take a receipt that never "
                        "prints"});
  if (remote && config.server.credentials_file.empty())
    warnings.push_back({"server.credentials_file", "is empty, so the reference server's demo account is sent to " +
                                                       url + ": set the site's credentials file"});
  if (remote && url.rfind("http://", 0) == 0)
    warnings.push_back({"server.url",
                        "uses plain http:// to another machine: dossiers would cross the network "
                        "unencrypted; use https://"});
  if (config.kiosk.status_needs_lookup_code() && !config.printer.tracking_url.empty() &&
      config.printer.tracking_url.find("{lookup_code}") == std::string::npos)
    warnings.push_back({"printer.tracking_url",
                        "has no {lookup_code} while kiosk.status_lookup = \"lookup_code\": the receipt's QR cannot "
                        "open its status, every citizen will have to type the code"});
  if (!config.server.verify_tls)
    warnings.push_back({"server.verify_tls", "is false: anyone on the network path can pose as the one-stop server"});
  if (!config.server.credentials_file.empty()) {
    struct stat info {};
    if (::stat(config.server.credentials_file.c_str(), &info) == 0 && (info.st_mode & 077))
      warnings.push_back({"server.credentials_file", config.server.credentials_file +
                                                         " can be read by other users: chmod 600 " +
                                                         config.server.credentials_file});
  }
  return warnings;
}

ConfigLoadResult load_config(const std::string& path) {
  std::string file = path;
  if (file.empty())
    if (const char* env = std::getenv("MC_CONFIG"); env && *env) file = env;
  ConfigLoadResult result;
  if (file.empty()) {
    result = parse_config(default_config_toml(), "(embedded defaults)");
  } else {
    std::ifstream in(file);
    if (!in) {
      result.source = file;
      result.from_file = true;
      result.config.config_file = file;
      result.issues.push_back({"(file)", "cannot read " + file + ": " + std::strerror(errno)});
      read_staff_pin(result);
      return result;
    }
    std::stringstream buffer;
    buffer << in.rdbuf();
    result = parse_config(buffer.str(), file);
    result.from_file = true;
    result.config.config_file = file;
  }
  read_staff_pin(result);
  for (auto& warning : config_warnings(result.config)) result.warnings.push_back(std::move(warning));
  return result;
}

}  // namespace mc
