#include "services.hpp"

#include <chrono>
#include <cstdlib>
#include <ctime>
#include <filesystem>

#include "mc/capture/document_pdf.hpp"
#include "mc/capture/document_scanner.hpp"
#include "mc/core/log.hpp"
#include "mc/core/messages.hpp"
#include "mc/core/staff.hpp"
#include "mc/metrics/collect.hpp"
#include "mc/office/office.hpp"
#include "mc/printing/escpos.hpp"
#include "mc/printing/printer.hpp"
#include "mc/printing/transport.hpp"
#include "mc/sync/client.hpp"
#include "mc/sync/engine.hpp"
#include "mc/sync/intake.hpp"
#include "mc/sync/outbox.hpp"
#include "office_forms.hpp"

namespace mc::app {

namespace {
std::string code_clash_reason(int slot) {
  return "the one-stop system holds other dossiers under codes this kiosk issued: another kiosk uses kiosk.slot " +
         std::to_string(slot) +
         " too. Give each kiosk of the agency its own slot, then restart the kiosk "
         "(kioskctl queue list --state quarantined shows the dossiers concerned)";
}
}  // namespace

Worker::Worker(std::function<void()> wake) : wake_(std::move(wake)), thread_([this] { main(); }) {}

Worker::~Worker() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  cv_.notify_all();
  thread_.join();
}

void Worker::run(std::function<std::function<void()>()> job) {
  {
    std::lock_guard lock(mutex_);
    jobs_.push_back(std::move(job));
  }
  cv_.notify_all();
}

bool Worker::busy() const {
  std::lock_guard lock(mutex_);
  return running_ > 0 || !jobs_.empty();
}

void Worker::main() {
  while (true) {
    std::function<std::function<void()>()> job;
    {
      std::unique_lock lock(mutex_);
      cv_.wait(lock, [&] { return stopping_ || !jobs_.empty(); });
      if (stopping_) return;
      job = std::move(jobs_.front());
      jobs_.pop_front();
      ++running_;
    }
    std::function<void()> result;
    try {
      result = job();
    } catch (const std::exception& e) {
      log_error("kiosk", std::string("background job failed: ") + e.what());
    }
    {
      std::lock_guard lock(mutex_);
      --running_;
      if (result) results_.push_back(std::move(result));
    }
    if (wake_) wake_();
  }
}

StatusLookupLane::StatusLookupLane(ClientFactory make_client, std::function<void(Answer)> deliver, int min_interval_ms,
                                   std::optional<sync::StatusMap> status_map)
    : make_client_(std::move(make_client)),
      deliver_(std::move(deliver)),
      min_interval_ms_(min_interval_ms),
      status_map_(std::move(status_map)),
      thread_([this] { main(); }) {}

StatusLookupLane::~StatusLookupLane() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  cv_.notify_all();
  thread_.join();
}

void StatusLookupLane::request(std::string code) {
  {
    std::lock_guard lock(mutex_);
    pending_ = std::move(code);
  }
  cv_.notify_all();
}

int StatusLookupLane::requests_sent() const {
  std::lock_guard lock(mutex_);
  return sent_;
}

void StatusLookupLane::main() {
  std::unique_ptr<sync::OneStopClient> client;  // kept: its session serves every look-up until it expires
  auto next_allowed = std::chrono::steady_clock::now();
  while (true) {
    std::string code;
    {
      std::unique_lock lock(mutex_);
      cv_.wait(lock, [&] { return stopping_ || pending_; });
      if (stopping_) return;
      // Rate limit: wait out the interval; requests arriving meanwhile replace the pending one.
      cv_.wait_until(lock, next_allowed, [&] { return stopping_; });
      if (stopping_) return;
      code = std::move(*pending_);
      pending_.reset();
      ++sent_;
    }
    next_allowed = std::chrono::steady_clock::now() + std::chrono::milliseconds(min_interval_ms_);
    Answer answer;
    answer.code = code;
    try {
      if (!client) client = make_client_();
      auto found = client->lookup(code);  // authenticates when it has no session yet (or it expired)
      answer.reachable = true;
      if (found) {
        // The server's code through the status map (issue 20): what it calls a status is not assumed.
        if (status_map_) answer.status = status_map_->to_kiosk(found->status);
        answer.note = {found->note, found->note};
        for (const auto& step : found->steps)
          answer.steps.push_back({LocalDateTime::parse_compact(step.at), step.what, step.unit});
        if (!found->due_at.empty()) answer.due_at = LocalDateTime::parse_compact(found->due_at);
        // The receipt's lookup code the server holds: the gate (kiosk.status_lookup) judges a code given for a
        // dossier filed elsewhere by it.
        if (found->record && found->record->is_object())
          if (auto number = found->record->find("SoBienNhan"); number != found->record->end() && number->is_string())
            answer.lookup_code = number->get<std::string>();
      } else {
        answer.note = message("status.note.not_on_server");
      }
    } catch (const std::exception& error) {
      log_warn("kiosk", std::string("status look-up: ") + error.what());
      if (dynamic_cast<const sync::AuthError*>(&error)) client.reset();
      answer.note = message("status.note.offline");
    }
    if (deliver_) deliver_(std::move(answer));
  }
}

bool Worker::drain() {
  std::deque<std::function<void()>> ready;
  {
    std::lock_guard lock(mutex_);
    ready.swap(results_);
  }
  for (auto& r : ready) r();
  return !ready.empty();
}

Services::Services(Config config, std::function<void()> wake, std::string role, ServiceGate gate)
    : config_(std::move(config)),
      gate_(std::move(gate)),
      role_(std::move(role)),
      wake_(wake),
      worker_(wake),
      capture_worker_(wake),
      capture_cancel_worker_(wake),
      office_worker_(std::move(wake)) {
  const std::string assets = config_.resolved_assets_dir();
  const bool serving = gate_.in_service();
  std::vector<CatalogIssue> issues;
  // The sync engine refreshes the catalog into <data_dir>/catalog; prefer it when present.
  std::string refreshed = config_.path_in_data("catalog");
  std::error_code ec;
  if (serving && std::filesystem::is_directory(refreshed, ec) && !std::filesystem::is_empty(refreshed, ec))
    catalog_ = Catalog::load_dir(refreshed, issues);
  if (catalog_.size() == 0) catalog_ = Catalog::load_dir(assets + "/catalog", issues);
  for (const auto& issue : issues)
    log_warn("kiosk", "catalog " + issue.file + " " + issue.json_path + ": " + issue.reason);
  try {
    translations_ = Translations::load(assets + "/i18n");
  } catch (const std::exception& e) {
    log_error("kiosk", e.what());
    startup_problem_ = e.what();
  }
  try {
    calendar_ = std::make_unique<WorkingCalendar>(HolidayTable::load(assets + "/calendar/holidays.json"));
  } catch (const std::exception& e) {
    log_warn("kiosk", std::string("holiday table: ") + e.what() + " (computed holidays used)");
    calendar_ = std::make_unique<WorkingCalendar>(HolidayTable::from_json_text("{\"years\": {}}", "(empty)"));
  }
  if (!serving) {
    // A broken configuration: its data_dir, printer and server may be the defaults, not this site's. Open
    // nothing there (no new empty queue in ./var, no receipt to a virtual printer).
    for (const auto& reason : gate_.reasons()) log_error("kiosk", "out of service: " + reason);
    return;
  }
  try {
    std::filesystem::create_directories(config_.data_dir, ec);
    outbox_ = sync::Outbox::open(config_);
    intake_ = std::make_unique<sync::Intake>(*outbox_, catalog_, *calendar_, config_, system_clock());
    // Always, scanner or not: documents attached with `kioskctl submit --attach` are uploaded, shown to staff
    // and purged by this kiosk's sync engine like scanned ones. Cheap (a key derivation; the folder is made at
    // the first document) and on the services' loading thread, not the window's.
    attachments_ = std::make_unique<sync::AttachmentStore>(config_.path_in_data("attachments"), outbox_->key(),
                                                           int64_t{config_.scanner.attachment_reserve_mb} << 20);
    intake_->set_attachment_store(attachments_.get());
    document_pages_ = std::make_unique<DocumentPages>(*attachments_, wake_);  // its thread starts at the first page
    local_state_ = std::make_unique<Database>(config_.path_in_data(kLocalStateDbName));
    ratings_ = std::make_unique<RatingStore>(*local_state_, system_clock());
  } catch (const std::exception& e) {
    log_error("kiosk", std::string("queue: ") + e.what());
    startup_problem_ = e.what();
  }
  // Dossiers of this slot that the server said belong to another kiosk: the clash is not resolved until
  // the slot changes, so a restart must not reopen intake.
  try {
    if (outbox_ && outbox_->code_clashes(config_.agency.code, config_.kiosk.slot) > 0)
      gate_.close(code_clash_reason(config_.kiosk.slot));
  } catch (const std::exception& e) {
    log_warn("kiosk", std::string("queue: cannot check for dossier-code clashes: ") + e.what());
  }
  try {
    counters_ = std::make_unique<metrics::CounterStore>(config_.path_in_data(kLocalStateDbName));
  } catch (const std::exception& e) {
    log_warn("kiosk", std::string("metrics counters disabled: ") + e.what());
  }
  printer_ = std::make_unique<printing::ReceiptPrinter>(config_);
  office_forms_ = std::make_shared<OfficeForms>(config_, outbox_.get());
  if (config_.idcard.enabled) chip_ = std::make_unique<ChipReading>(config_, wake_);
  // The document scanner is opened at its first page (a scanner switched on later still works).
  if (!config_.scanner.document_device.empty() && role_ == "kiosk") {
    capture::ScanSettings settings;
    settings.device = config_.scanner.document_device;
    settings.dpi = config_.scanner.document_dpi;
    settings.colour = config_.scanner.document_mode == "colour";
    settings.page = capture::page_size_named(config_.scanner.document_page_size).value_or(capture::PageSize{});
    settings.options = capture::parse_option_list(config_.scanner.document_options);  // validated with the config
    document_scanner_ = std::make_unique<capture::DocumentScanner>(settings);
    log_info("kiosk", "document scanner " + settings.device + " at " + std::to_string(settings.dpi) + " dpi");
  }
  // Queue tickets are optional: without areas or without their table the kiosk still takes dossiers.
  try {
    service_areas_ = load_service_areas(assets + "/tickets/areas.json");
    tickets_ = office::open_ticket_store(config_, role_);
    if (auto* office = tickets_->office()) {
      log_info("kiosk", "queue tickets in the office database (" + office->settings().application_name + ")");
      // The attract screen, the counter and the display change when the database comes or goes.
      office->set_on_change(wake_);
    }
  } catch (const std::exception& e) {
    log_error("kiosk", std::string("queue tickets disabled: ") + e.what());
    service_areas_.clear();
  }
  if (config_.demo || config_.config_file.empty())
    log_warn("kiosk", "demo configuration (" +
                          std::string(config_.config_file.empty() ? "embedded defaults" : config_.config_file) +
                          "): for development and demonstrations only");
}

Services::~Services() {
  if (document_scanner_) document_scanner_->cancel();  // a page being read ends now, not with the paper
  lookup_lane_.reset();
  if (metrics_writer_) metrics_writer_->stop();
  if (engine_) engine_->stop();
  // The heartbeat reads the outbox, the printer and its mutex: it stops before any of them goes.
  if (auto* office = tickets_ ? tickets_->office() : nullptr) office->stop_heartbeats();
}

TicketStore* Services::tickets() {
  return tickets_ ? &tickets_->store() : nullptr;
}

bool Services::tickets_shared() const {
  return tickets_ && tickets_->shared();
}

TicketServiceStatus Services::ticket_service() {
  if (!tickets_) return {false, "queue tickets are not set up on this machine", 0};
  return tickets_->store().status();
}

void Services::start_office_heartbeat() {
  office::Office* office = tickets_ ? tickets_->office() : nullptr;
  if (!office) return;
  // On the heartbeat's own thread: the outbox and kiosk.db get connections' own locks; the printer is
  // never waited for (a receipt may be printing).
  office->start_heartbeats([this](office::MachineHeartbeat& beat) {
    if (outbox_) {
      const auto stats = outbox_->stats();
      beat.queue_depth = stats.queued + stats.sending;
      beat.quarantined = stats.quarantined;
      beat.last_sync_unix = outbox_->last_synced_at();
    }
    if (printer_ && role_ != "display") {
      std::unique_lock lock(printer_mutex_, std::try_to_lock);
      beat.printer_state = lock.owns_lock() ? printing::printer_state_name(printer_->state()) : "printing";
    }
    Database state(config_.path_in_data(kLocalStateDbName));
    beat.pin_locked_until_unix = StaffAuth(state, config_.kiosk.staff_pin_hash, system_clock()).locked_until();
    beat.tickets_available = ticket_service().available;
  });
}

void Services::start_sync() {
  if (!config_.metrics.textfile_dir.empty() && !metrics_writer_) {
    metrics_writer_ =
        std::make_unique<metrics::MetricsWriter>(config_.metrics.textfile_dir, config_.metrics.interval_s, [this] {
          metrics::CollectSources sources;
          sources.outbox = outbox_.get();  // null when the queue could not be opened: reported unreadable
          // The office database's store is thread-safe; kiosk.db's is the UI thread's (the collector opens its own).
          if (tickets_shared()) sources.tickets = &tickets_->store();
          // Never wait behind a receipt being printed: the state seen last stands in meanwhile.
          sources.printer_state = [this] {
            std::unique_lock lock(printer_mutex_, std::try_to_lock);
            std::lock_guard state_lock(printer_state_mutex_);
            if (lock.owns_lock()) last_printer_state_ = printing::printer_state_name(printer_->state());
            return last_printer_state_;
          };
          return metrics::collect_figures(config_, std::time(nullptr), sources);
        });
    metrics_writer_->start();
  }
  if (!outbox_) return;
  try {
    auto client = std::make_unique<sync::DvcqgClient>(config_, sync::load_credentials(config_));
    sync::EngineOptions options;
    // For the heartbeat, on the sync thread. Never wait behind a receipt being printed: say so instead.
    options.printer_state = [this]() -> std::string {
      std::unique_lock lock(printer_mutex_, std::try_to_lock);
      if (!lock.owns_lock()) return "printing";
      return printing::printer_state_name(printer_->state());
    };
    if (config_.printer.transport == "virtual") {
      const std::string printouts = printing::virtual_output_dir(config_);
      options.purge_outside_queue = [printouts](int64_t older_than_unix) {
        return printing::purge_virtual_printer_output(printouts, older_than_unix);
      };
    }
    options.on_code_clash = [this](const std::string&) {
      gate_.close(code_clash_reason(config_.kiosk.slot));
      if (wake_) wake_();
    };
    options.counters = counters_.get();
    // Monthly DongBoDanhGia aggregates of the ratings in kiosk.db, on the sync thread's own connection. A
    // kiosk.db that cannot be written must not stop the dossiers: the aggregates wait, and the log says why.
    try {
      options.rating_reports = std::make_shared<sync::RatingReports>(config_.path_in_data(kLocalStateDbName), config_);
    } catch (const std::exception& e) {
      log_warn("kiosk", std::string("rating aggregates (DongBoDanhGia) not sent: ") + e.what());
    }
    options.attachments = attachments_.get();
    engine_ = std::make_unique<sync::SyncEngine>(*outbox_, std::move(client), config_, system_clock(), options);
    engine_->start();
  } catch (const std::exception& e) {
    log_error("kiosk", std::string("sync not started: ") + e.what());
  }
}

void Services::count_journey_event(JourneyEvent event, Screen at) {
  if (!counters_) return;
  try {
    switch (event) {
      case JourneyEvent::Started:
        counters_->add(metrics::counter::kJourneysStarted);
        break;
      case JourneyEvent::Completed:
        counters_->add(metrics::counter::kJourneysCompleted);
        break;
      case JourneyEvent::Abandoned:
        counters_->add(metrics::counter::kJourneysAbandoned, screen_name(at));
        break;
    }
  } catch (const std::exception& e) {
    log_warn("kiosk", std::string("journey not counted for metrics: ") + e.what());  // never stops a citizen
  }
}

OnlineState Services::online_state() const {
  if (!engine_) return {};
  auto status = engine_->status();
  return {true, status.online, status.queue_depth};
}

SubmitOutcome Services::submit(const SubmitDraft& draft) {
  SubmitOutcome out;
  if (!gate_.in_service() || !intake_) {
    out.message = message("intake.error.not_ready");
    return out;
  }
  sync::SubmitRequest request;
  request.procedure_code = draft.procedure_code;
  request.applicant = draft.applicant;
  request.answers = draft.answers;
  request.chip_check = draft.chip_check;
  // Each scanned document becomes one PDF (cairo, the JPEG pages as they are) named by codes only, with the
  // document's name and the dossier code in its metadata; the pages stay the journey's until its wipe.
  const Procedure* procedure = catalog_.find(draft.procedure_code);
  for (const CapturedDocument* document : draft.documents) {
    if (!procedure || document->pages.empty()) continue;
    std::string name = document->code;
    for (const auto& requirement : procedure->documents)
      if (requirement.code == document->code) name = requirement.name.vi;
    request.attachments.push_back(
        {document->code, static_cast<int>(document->pages.size()), [document, name](const std::string& dossier_code) {
           std::vector<const CapturedPage*> pages;
           for (const auto& page : document->pages) pages.push_back(&page);
           capture::PdfMetadata metadata;
           metadata.title = name;
           metadata.subject = dossier_code;
           metadata.keywords = document->code;
           return capture::build_document_pdf(pages, metadata);
         }});
  }
  auto result = intake_->submit(request);
  out.accepted = result.accepted;
  if (result.accepted) out.dossier = std::move(result.dossier);
  out.errors = std::move(result.errors);
  out.message = std::move(result.message);
  if (engine_ && out.accepted) engine_->sync_now();
  return out;
}

DossierStatusView Services::lookup_local(const std::string& code) {
  DossierStatusView view;
  view.code = code;
  if (!outbox_) return view;
  std::optional<sync::OutboxEntry> entry;
  try {
    entry = outbox_->find(code);
  } catch (const std::exception& e) {  // a busy or damaged database: the server's answer may still come
    log_warn("kiosk", std::string("look-up in the queue failed: ") + e.what());
    return view;
  }
  if (entry) {
    view.found = true;
    view.procedure_name = entry->dossier.procedure.name;
    view.status = entry->server_status ? *entry->server_status : entry->dossier.status;
    view.received_at = entry->dossier.received_at;
    view.due_at = entry->dossier.due_at;
    view.synced = entry->state == sync::OutboxState::Synced;
    view.lookup_code = entry->dossier.lookup_code;
  }
  return view;
}

void Services::execute(Journey& journey, const JourneyCommand& command) {
  switch (command.kind) {
    case JourneyCommand::Kind::PrintReceipt: {
      if (!outbox_ || !printer_) return;
      std::optional<sync::OutboxEntry> entry;
      try {
        entry = outbox_->find(command.dossier_code);
      } catch (const std::exception& e) {
        log_error("kiosk", "receipt " + command.dossier_code + " not printed: " + e.what());
      }
      if (!entry || !entry->readable) {
        journey.on_print_result(command.dossier_code, false, message("receipt.error.not_found"));
        return;
      }
      Dossier dossier = entry->dossier;
      worker_.run([this, dossier, &journey]() -> std::function<void()> {
        printing::PrintOutcome outcome;
        {
          std::lock_guard lock(printer_mutex_);
          outcome = printer_->print_receipt(dossier, printing::kiosk_receipt_copies(config()));
        }
        log_info("kiosk",
                 "receipt " + dossier.code + (outcome.printed ? " printed" : " not printed: " + outcome.detail));
        return [&journey, code = dossier.code, outcome] {
          journey.on_print_result(code, outcome.printed, outcome.message);
        };
      });
      break;
    }
    case JourneyCommand::Kind::FetchStatus: {
      if (!lookup_lane_) {
        if (!lookup_client_factory_) {
          Config config = config_;
          lookup_client_factory_ = [config]() -> std::unique_ptr<sync::OneStopClient> {
            return std::make_unique<sync::DvcqgClient>(config, sync::load_credentials(config));
          };
        }
        std::optional<sync::StatusMap> status_map;
        try {
          status_map = sync::StatusMap::load_for(config_);
        } catch (const std::exception& e) {
          log_error("kiosk",
                    std::string("status map not usable, the receipt look-up shows no server status: ") + e.what());
        }
        lookup_lane_ = std::make_unique<StatusLookupLane>(
            lookup_client_factory_,
            [this](StatusLookupLane::Answer a) {
              {
                std::lock_guard lock(lookup_mutex_);
                lookup_answers_.push_back(std::move(a));
              }
              if (wake_) wake_();
            },
            2000, std::move(status_map));
      }
      lookup_journey_ = &journey;
      lookup_lane_->request(command.dossier_code);
      break;
    }
    case JourneyCommand::Kind::RecordRating:
      if (!ratings_ || !outbox_) break;
      try {
        // Kept apart from the queue so ratings outlive the personal-data purge and feed the daily summary.
        auto entry = outbox_->find(command.dossier_code);
        ratings_->record(command.dossier_code, entry ? entry->dossier.procedure.code : "", command.rating);
        log_info("kiosk", "rating " + std::to_string(command.rating) + " for " + command.dossier_code);
      } catch (const std::exception& e) {
        log_warn("kiosk", std::string("rating not stored: ") + e.what());
      }
      break;
    case JourneyCommand::Kind::ScanPage: {
      const int request = command.request;
      if (!document_scanner_) {
        journey.on_capture_failed(request, CaptureFailure::Missing);
        break;
      }
      if (capture_worker_.busy()) {
        // An earlier page still has not come back (the journey gave it up): the driver is stuck, and a new
        // page would wait behind it for good. Until it returns the scanner counts as unplugged.
        log_warn("kiosk", "document scanner: an earlier page has not come back from the driver; taken as unplugged");
        journey.on_capture_failed(request, CaptureFailure::Disconnected);
        break;
      }
      capture_journey_ = &journey;
      capture_progress_request_ = request;
      capture_progress_ = 0;
      capture_progress_shown_ = 0;
      const bool colour = config_.scanner.document_mode == "colour";
      capture_worker_.run([this, &journey, request, colour]() -> std::function<void()> {
        try {
          // A cancel that came before this page began would be lost: the scanner arms itself afresh for each
          // page. So the page checks for it before it starts and at each step of its reading.
          if (capture_cancelled_request_ == request)
            throw capture::CaptureError(CaptureFailure::Cancelled, "cancelled before the page began");
          auto page = std::make_shared<CapturedPage>(
              capture::capture_page(*document_scanner_, colour, [this, request](double share) {
                if (capture_cancelled_request_ == request) document_scanner_->cancel();
                capture_progress_ = share;
                if (wake_) wake_();
              }));
          log_info("kiosk", "document page scanned: " + std::to_string(page->width) + "x" +
                                std::to_string(page->height) + " px, " + std::to_string(page->jpeg.size()) +
                                " bytes of JPEG");
          return [&journey, request, page] { journey.on_page_captured(request, std::move(*page)); };
        } catch (const capture::CaptureError& error) {
          log_warn("kiosk", std::string("document page not scanned (") + capture_failure_name(error.failure) +
                                "): " + error.what());
          return [&journey, request, failure = error.failure] { journey.on_capture_failed(request, failure); };
        } catch (const std::exception& error) {
          log_error("kiosk", std::string("document page not scanned: ") + error.what());
          return [&journey, request] { journey.on_capture_failed(request, CaptureFailure::Failed); };
        }
      });
      break;
    }
    case JourneyCommand::Kind::CancelScan:
      capture_cancelled_request_ = command.request;
      if (document_scanner_)
        capture_cancel_worker_.run([this]() -> std::function<void()> {
          document_scanner_->cancel();
          return nullptr;
        });
      break;
    case JourneyCommand::Kind::TakeTicket: {
      const int request = command.request;
      const LocalizedText not_issued = message("ticket.error.kiosk");
      const ServiceArea* area = nullptr;
      for (const auto& a : service_areas_)
        if (a.code == command.area) area = &a;
      if (!gate_.in_service() || !tickets_ || !area) {
        journey.on_ticket_failed(request, not_issued);
        break;
      }
      const LocalizedText suspended = ticket_issuing_suspended_message();
      // First the number, persisted (it is the citizen's place in the queue), shown at once; then the
      // paper, which may be slow or fail without losing the place.
      worker_.run([this, &journey, request, area = *area, priority = command.priority, not_issued,
                   suspended]() -> std::function<void()> {
        Ticket ticket;
        try {
          ticket = tickets_->store().take(area.code, priority);
        } catch (const TicketStoreUnavailable& e) {
          // Never a number of our own: another kiosk could hand out the same one.
          log_warn("kiosk", std::string("no ticket issued, the office database is away: ") + e.what());
          return [&journey, request, suspended] {
            journey.on_ticket_failed(request, suspended);
            journey.set_ticket_issuing_suspended(true);
          };
        } catch (const std::exception& e) {
          log_error("kiosk", std::string("ticket not taken: ") + e.what());
          return [&journey, request, not_issued] { journey.on_ticket_failed(request, not_issued); };
        }
        log_info("kiosk", "ticket " + ticket.label + " taken, " + std::to_string(ticket.people_ahead) + " ahead");
        return [this, &journey, request, area, ticket] {
          journey.on_ticket_taken(request, ticket);
          printing::QueueTicket paper;
          paper.number = ticket.label;
          paper.area = area.name;
          paper.issued_at = ticket.issued_at;
          paper.waiting = ticket.people_ahead;
          paper.priority = ticket.priority;
          // After office.close or on a day off, by the ticket's own time: "warn" issued it, the paper says so.
          if (auto closed = tickets_after_hours(calendar(), config_.office, ticket.issued_at);
              closed && !closed->refuse)
            paper.closed = std::move(closed);
          worker_.run([this, &journey, request, paper]() -> std::function<void()> {
            printing::PrintOutcome outcome;
            {
              std::lock_guard lock(printer_mutex_);
              outcome = printer_->print_ticket(paper);
            }
            log_info("kiosk",
                     "ticket " + paper.number + (outcome.printed ? " printed" : " not printed: " + outcome.detail));
            return
                [&journey, request, outcome] { journey.on_ticket_printed(request, outcome.printed, outcome.message); };
          });
        };
      });
      break;
    }
  }
}

bool Services::drain() {
  bool any = worker_.drain();
  if (capture_worker_.drain()) any = true;
  // How far the page being read is, when it moved by a step worth redrawing.
  if (capture_journey_ && capture_progress_request_ != 0) {
    const double share = capture_progress_;
    if (share != capture_progress_shown_ && (share < 0 || share - capture_progress_shown_ >= 0.02)) {
      capture_progress_shown_ = share;
      capture_journey_->on_capture_progress(capture_progress_request_, share);
      any = true;
    }
  }
  if (office_worker_.drain()) any = true;
  std::deque<StatusLookupLane::Answer> answers;
  {
    std::lock_guard lock(lookup_mutex_);
    answers.swap(lookup_answers_);
  }
  for (auto& answer : answers) {
    if (lookup_journey_) {
      lookup_journey_->on_remote_status(answer.code, answer.reachable, answer.status, std::move(answer.note),
                                        answer.lookup_code);
      if (answer.reachable) lookup_journey_->on_remote_progress(answer.code, std::move(answer.steps), answer.due_at);
    }
    any = true;
  }
  return any;
}

void Services::set_lookup_client_factory(StatusLookupLane::ClientFactory factory) {
  lookup_client_factory_ = std::move(factory);
}

}  // namespace mc::app
