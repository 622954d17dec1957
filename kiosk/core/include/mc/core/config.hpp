#pragma once
// Kiosk configuration: one TOML file; every key has an embedded default (default_config_toml()),
// so the kiosk runs with no file at all. Unknown keys and bad values are reported with key and reason.
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>
#include "mc/core/calendar.hpp"

namespace mc {

struct Config {
  struct Kiosk {
    std::string id = "KIOSK-01";
    int slot = 1;  // 1–9: first digit of the daily dossier sequence, so kiosks never collide offline
    // The staff PIN's Argon2id hash lives in a file of its own (mode 0600), never in the configuration file,
    // which is world-readable. Empty: "staff-pin" beside the configuration file (embedded defaults:
    // <data_dir>/staff-pin). `kioskctl staff set-pin` writes it.
    std::string staff_pin_file;
    std::string staff_pin_hash;  // read from staff_pin_file by load_config(); empty = staff mode PIN "not set"
    // The attract screen's receipt look-up (issue 20): "open" shows any dossier's status to whoever scans its
    // receipt or knows its code; "lookup_code" shows it only once the receipt's mã tra cứu is given (the
    // receipt's QR carries it, or the citizen types it).
    std::string status_lookup = "open";
    bool status_needs_lookup_code() const { return status_lookup == "lookup_code"; }
  } kiosk;
  struct Agency {
    std::string code = "000.00.15.G12";
    std::string name_vi = "Cục Đường bộ Việt Nam";
    std::string name_en = "Vietnam Road Administration";
    std::string parent_vi = "BỘ XÂY DỰNG";
    std::string place = "Hà Nội";  // "Hà Nội, ngày ... tháng ... năm ..."
    std::string address = "";
    std::string phone = "";
  } agency;
  std::string data_dir = "var";  // SQLite files, key file, virtual printer output
  std::string assets_dir = "";   // empty: MC_ASSETS_DIR, else installed_assets_dir(), else the source tree's
  struct Server {
    std::string url = "http://127.0.0.1:8787/api";
    std::string credentials_file = "";  // TOML with username/password; empty: the reference server's demo account
    std::string ca_bundle = "";         // empty: the system's CA store
    bool verify_tls = true;
    int connect_timeout_s = 5;
    int total_timeout_s = 30;
    int batch_size = 20;
    std::string applicant_type_citizen = "1";  // LoaiDoiTuong: differs between implementations
    int status_poll_s = 60;
    int catalog_refresh_s = 3600;
    int heartbeat_interval_s = 60;   // heartbeat to the server while online; 0: never
    int max_answer_bytes = 4 << 20;  // a longer answer is refused as nonsense (and never fills memory)
    // The server's status codes mapped to the kiosk's: assets/sync/status_maps/<name>.json (issue 20).
    std::string status_map = "dvcqg";
  } server;
  struct Printer {
    std::string transport = "virtual";   // virtual | device | tcp | cups
    std::string profile = "generic-80";  // assets/printers/<profile>.json
    std::string device = "/dev/usb/lp0";
    std::string host = "127.0.0.1";
    int port = 9100;
    std::string cups_queue = "";
    std::string output_dir = "";  // virtual printer folder; empty: <data_dir>/printer
    int timeout_ms = 5000;
    std::string tracking_url = "";  // "https://.../tra-cuu?ma={code}" or empty: QR holds the code only
    std::string bank_bin = "";      // VietQR: agency account for fees; empty: no payment QR
    std::string bank_account = "";
    std::string copies = "citizen";  // citizen: Liên 2 only; both: Liên 1 (Lưu) too, where the office wants it
    // Staff's office printer (A4/A5 laser) for the official forms, a CUPS queue; empty: forms are saved as
    // PDF under <data_dir>/forms instead.
    std::string office_queue = "";
    int office_timeout_s = 30;  // how long a print job is followed before staff are told it still waits
  } printer;
  struct Scanner {
    bool wedge = true;
    int wedge_max_interval_ms = 30;  // keys closer than this are a scanner, not a person
    int wedge_min_length = 8;
    std::string camera_device = "";  // e.g. /dev/video0; empty: no camera
    std::string serial_device = "";  // e.g. /dev/ttyACM0; empty: none
    int serial_baud = 9600;
    // The document scanner (số hóa hồ sơ, issue 14), a SANE device name such as "epson2:libusb:001:004" or
    // "test:0" (`kioskctl document scanners` lists them); empty: none, and the journey skips capture.
    std::string document_device = "";
    int document_dpi = 200;
    std::string document_mode = "grey";         // grey | colour: the default for documents the catalog leaves open
    std::string document_page_size = "a4";      // a4 | a5 | letter | legal
    std::vector<std::string> document_options;  // extra SANE options, "name=value" ("source=ADF Front")
    int attachment_reserve_mb = 512;            // a scanned document is refused when the data disk would keep less free
    // Where staff mode exports a dossier's electronic document as a PDF (a USB stick's mount point such as
    // "/media/kiosk/USB"); absolute, or empty: no export.
    std::string document_export_dir = "";
  } scanner;
  struct Ui {
    std::vector<std::string> languages = {"vi", "en"};
    std::string default_language = "vi";
    int idle_timeout_s = 90;
    int idle_warning_s = 20;
    bool fullscreen = true;
    std::string orientation = "auto";  // auto | portrait | landscape
    double text_scale = 1.0;
    bool high_contrast = false;
    bool telex = true;
  } ui;
  OfficeHours office;
  // [office] database keys: the office's shared PostgreSQL database for queue tickets, counters, displays
  // and heartbeats when the office has more than one machine. Empty: tickets stay in this kiosk's kiosk.db.
  struct OfficeDatabase {
    std::string database;           // "postgresql://mc_kiosk@db.office.lan/mocua" or "service=mocua"; no password
    std::string password_file;      // libpq password file (host:port:db:user:password), mode 0600; empty: libpq's own
    int heartbeat_interval_s = 30;  // this machine's heartbeat in the office database; stale after 3 missed
  } office_db;
  struct Retention {
    int personal_data_days = 90;
  } retention;
  struct Counter {                   // `kiosk --role staff` and ticket calls from staff mode
    std::string name = "";           // shown on the waiting-room display ("Quầy 2"); empty: kiosk.id
    std::vector<std::string> areas;  // service areas this counter calls ("A", "B"); empty: every area
  } counter;
  struct Display {                   // `kiosk --role display`
    std::vector<std::string> areas;  // service areas shown and announced; empty: every area
    // Issue 20: a board of dossiers whose result is ready (status 9), by code and initials, from this
    // machine's queue (the statuses the sync engine polls from the server).
    bool results_board = false;
  } display;
  struct Voice {                  // speech: voice guidance, ticket number, call announcements
    bool guidance = false;        // guidance on for every citizen; false: off until the citizen taps "Nghe"
    bool private_audio = false;   // handset or headphones: personal data may be spoken
    bool tap_to_hear = true;      // with guidance, the first tap on a control speaks it, a second one acts
    int volume = 80;              // 0-100
    int rate = 150;               // words per minute (espeak-ng: 80-450)
    std::string voice_vi = "vi";  // espeak-ng voice names, e.g. "vi-vn-x-south"
    std::string voice_en = "en";
    std::string announce = "voice";   // waiting-room display: voice | chime | off
    int announce_repeats = 2;         // "Mời số A002 đến quầy 2" said this many times after the chime
    std::string guidance_key = "F1";  // keypad key that toggles guidance (SDL key name); empty: none
    std::string audio_device = "";    // SDL output device name; empty: the system's default
  } voice;
  struct IdCard {  // the ID card's chip over a PC/SC reader (mc_idcard)
    bool enabled = true;
    std::string reader = "";    // reader name or part of it; empty: the first reader with a card
    std::string csca_dir = "";  // trusted CSCA certificates; empty: <assets>/idcard/csca
    bool read_face = true;      // DG2, for staff to compare; never stored or sent
    int card_wait_s = 60;
  } idcard;
  struct Metrics {                  // Prometheus text for node_exporter's textfile collector (mc/core/metrics.hpp)
    std::string textfile_dir = "";  // empty: the kiosk writes no file
    int interval_s = 15;
  } metrics;
  std::string log_level = "info";
  // A file for development and demonstrations (scripts/run.sh writes one): the kiosk says on screen that it
  // runs a demo configuration, and the production checks (an explicit kiosk.slot) do not apply.
  bool demo = false;
  std::string config_file;  // the file this came from; empty: the embedded defaults

  // Resolved paths.
  std::string resolved_assets_dir() const;
  std::string path_in_data(std::string_view name) const;  // data_dir + "/" + name
  std::string resolved_csca_dir() const;                  // idcard.csca_dir or <assets>/idcard/csca
  std::string resolved_staff_pin_file() const;
};

// The assets of an installed program: <prefix>/share/mot-cua-kiosk beside <prefix>/bin/<program> (the
// Debian package's /usr/share/mot-cua-kiosk), found from /proc/self/exe so an installed kiosk never needs
// the source tree. Empty when the program runs from a build tree.
std::string installed_assets_dir();

// Local state other than the dossier queue: staff lockout, audit log, queue tickets.
inline constexpr const char* kLocalStateDbName = "kiosk.db";

struct ConfigIssue {
  std::string key;     // "printer.port"
  std::string reason;  // "must be between 1 and 65535, got 70000"
};

struct ConfigLoadResult {
  Config config;
  std::vector<ConfigIssue> issues;    // errors: the file does not load cleanly
  std::vector<ConfigIssue> warnings;  // risky but valid (config_warnings(), the staff PIN file's mode)
  std::string source;                 // file path, or "(embedded defaults)"
  bool from_file = false;             // false: no file at all, the embedded defaults
  std::set<std::string> keys_set;     // keys the file sets explicitly ("kiosk.slot")
  bool ok() const { return issues.empty(); }
};

const std::string& default_config_toml();
ConfigLoadResult parse_config(std::string_view toml_text, const std::string& source_name);
// path empty: MC_CONFIG env, else embedded defaults only. Also reads the staff PIN file.
ConfigLoadResult load_config(const std::string& path = "");

// What keeps a production configuration (a file without `demo = true`) from serving citizens although it
// parsed: kiosk.slot not set explicitly (two kiosks on one slot hand out the same dossier codes).
std::vector<ConfigIssue> production_blockers(const ConfigLoadResult& loaded);
// Valid but risky settings for `kioskctl config check` and the start-up log: the virtual printer or the
// demo account with a server that is not on this machine, plain http:// to another host, verify_tls = false,
// a credentials file that others can read.
std::vector<ConfigIssue> config_warnings(const Config& config);
// "http://127.0.0.1:8787/api" -> true; localhost, ::1 and 127.x too.
bool is_loopback_url(std::string_view url);
// "07:30" -> 450
std::optional<int> parse_clock_time(std::string_view text);

}  // namespace mc
