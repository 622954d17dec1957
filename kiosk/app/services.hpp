#pragma once
// The kiosk's composition root: configuration, catalog, queue, intake, sync engine, printer, and a
// worker thread for everything slow (printing, server look-ups), so no frame ever waits on I/O.
#include <atomic>
#include <condition_variable>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>

#include "chip_reading.hpp"
#include "document_pages.hpp"
#include "mc/core/calendar.hpp"
#include "mc/core/catalog.hpp"
#include "mc/core/config.hpp"
#include "mc/core/i18n.hpp"
#include "mc/core/journey.hpp"
#include "mc/core/metrics.hpp"
#include "mc/core/ratings.hpp"
#include "mc/core/service_state.hpp"
#include "mc/core/sqlite_ticket_store.hpp"
#include "mc/sync/status_map.hpp"

namespace mc::sync {
class Outbox;
class Intake;
class AttachmentStore;
class SyncEngine;
class OneStopClient;
}  // namespace mc::sync
namespace mc::printing {
class ReceiptPrinter;
}
namespace mc::office {
class TicketBackend;
}

namespace mc::capture {
class DocumentScanner;
}

namespace mc::app {
class OfficeForms;
}

namespace mc::app {

// Runs jobs one at a time on its own thread; their results come back through post() and are applied
// on the UI thread by drain(). `wake` is called after each result so the event loop leaves its wait.
class Worker {
 public:
  explicit Worker(std::function<void()> wake);
  ~Worker();
  void run(std::function<std::function<void()>()> job);  // job returns the UI-thread continuation
  bool drain();                                          // applies finished results; true when there were any
  bool busy() const;

 private:
  void main();
  std::function<void()> wake_;
  mutable std::mutex mutex_;
  std::condition_variable cv_;
  std::deque<std::function<std::function<void()>()>> jobs_;
  std::deque<std::function<void()>> results_;
  int running_ = 0;
  bool stopping_ = false;
  std::thread thread_;
};

// Receipt-QR status look-ups on a lane of their own, so that a scanner in continuous mode never delays a
// receipt: one thread, one pending request (a newer one replaces it), one client whose session is reused,
// and at most one server request every min_interval_ms. The answer comes back through `deliver` (called on
// the lane's thread; the app posts it to the UI thread).
class StatusLookupLane {
 public:
  struct Answer {
    std::string code;
    bool reachable = false;
    std::optional<DossierStatus> status;
    LocalizedText note;
    std::vector<StatusStepView> steps;  // the server's progress steps, oldest first
    std::optional<LocalDateTime> due_at;
    std::string lookup_code;  // SoBienNhan of the record the server holds ("" when it did not send it)
  };
  using ClientFactory = std::function<std::unique_ptr<sync::OneStopClient>()>;
  // status_map: the server's codes -> the kiosk's (server.status_map); nullopt: a broken map, statuses not shown.
  StatusLookupLane(ClientFactory make_client, std::function<void(Answer)> deliver, int min_interval_ms = 2000,
                   std::optional<sync::StatusMap> status_map = sync::StatusMap::identity());
  ~StatusLookupLane();
  void request(std::string code);  // replaces a request still waiting
  int requests_sent() const;       // server look-ups made (for tests)

 private:
  void main();
  ClientFactory make_client_;
  std::function<void(Answer)> deliver_;
  int min_interval_ms_;
  std::optional<sync::StatusMap> status_map_;
  mutable std::mutex mutex_;
  std::condition_variable cv_;
  std::optional<std::string> pending_;
  bool stopping_ = false;
  int sent_ = 0;
  std::thread thread_;
};

struct OnlineState {
  bool known = false;
  bool online = false;
  int queue_depth = 0;
};

class Services {
 public:
  // role: "kiosk", "staff" or "display" (named in the office database's heartbeats and connections).
  // gate: whether this kiosk may serve (mc/core/service_state.hpp). Out of service from the start (a broken
  // configuration), nothing is opened or created in data_dir: no queue, no printer, no kiosk.db.
  Services(Config config, std::function<void()> wake, std::string role = "kiosk",
           ServiceGate gate = ServiceGate(ConfigurationState::Production));
  ~Services();

  const Config& config() const { return config_; }
  // Dossiers and tickets are taken only while in service; a dossier-code clash found by the sync engine
  // (another kiosk on this kiosk.slot) takes the kiosk out of service, also after a restart.
  const ServiceGate& gate() const { return gate_; }
  bool in_service() const { return gate_.in_service(); }
  const Catalog& catalog() const { return catalog_; }
  const WorkingCalendar& calendar() const { return *calendar_; }  // always set (empty holidays at worst)
  const Translations& tr() const { return translations_; }
  const std::string& startup_problem() const { return startup_problem_; }  // shown to staff, never personal

  SubmitOutcome submit(const SubmitDraft& draft);
  DossierStatusView lookup_local(const std::string& code);
  OnlineState online_state() const;
  // Starts the sync engine and, with metrics.textfile_dir set, the metrics file (every metrics.interval_s;
  // written even when the queue could not be opened: it then says so).
  void start_sync();
  // Counts the journey's events in kiosk.db for the metrics (JourneyOptions::on_event). UI thread.
  void count_journey_event(JourneyEvent event, Screen at);
  // True while a job runs on the worker thread (a receipt or a ticket printing).
  bool busy() const { return worker_.busy(); }

  // For staff mode (any may be null when start-up failed; engine_ only after start_sync()).
  sync::Outbox* outbox() { return outbox_.get(); }
  sync::SyncEngine* engine() { return engine_.get(); }
  // The sealed electronic documents (opened with the queue, with or without a document scanner).
  sync::AttachmentStore* attachments() { return attachments_.get(); }
  // Staff mode's pictures of a document's pages (null without a queue).
  DocumentPages* document_pages() { return document_pages_.get(); }
  printing::ReceiptPrinter* printer() { return printer_.get(); }
  std::mutex& printer_mutex() { return printer_mutex_; }
  Database* local_state() { return local_state_.get(); }  // kiosk.db
  // Runs job on the worker thread; the function it returns runs on the UI thread in drain().
  void run_in_background(std::function<std::function<void()>()> job) { worker_.run(std::move(job)); }
  // Staff mode's office forms (Mẫu 01, 05, 06) and the worker that renders and prints them: a worker of its
  // own, so an office printer that takes its time never holds up a citizen's receipt.
  std::shared_ptr<OfficeForms> office_forms() { return office_forms_; }
  void run_office_job(std::function<std::function<void()>()> job) { office_worker_.run(std::move(job)); }

  // Queue tickets: the office's service areas (empty when assets/tickets/areas.json did not load; the
  // attract screen then offers no tickets).
  const std::vector<ServiceArea>& service_areas() const { return service_areas_; }
  // The ticket store: the office database when [office] database is set, else kiosk.db. Null when
  // tickets are disabled (no areas, or kiosk.db could not be opened).
  TicketStore* tickets();
  bool tickets_shared() const;  // across the office's machines
  // Whether numbers can be issued and called now (the office database may be away; it reconnects by
  // itself and wakes the UI when it comes or goes).
  TicketServiceStatus ticket_service();
  // This machine's heartbeat in the office database (no-op on a single machine): queue, printer, last
  // sync, staff PIN lock, tickets. Call after start_sync() so the figures are there.
  void start_office_heartbeat();

  // The document scanner (số hóa hồ sơ), when scanner.document_device is set: the journey offers the capture
  // step. Pages are read on a worker of their own (a scanner takes seconds), never the receipt's.
  bool document_scanner() const { return document_scanner_ != nullptr; }
  bool capture_busy() const { return capture_worker_.busy(); }  // a page is still with the driver

  // The ID card's chip reader for the identify step; null when idcard.enabled is off.
  ChipReading* chip() const { return chip_.get(); }

  // Executes the journey's commands off the UI thread; results are applied to the journey by drain().
  // The journey must outlive this object's worker and lookup lane (both stop in the destructor).
  void execute(Journey& journey, const JourneyCommand& command);
  bool drain();
  // For tests: the lane's client (default: DvcqgClient with the configured credentials).
  void set_lookup_client_factory(StatusLookupLane::ClientFactory factory);

 private:
  Config config_;
  ServiceGate gate_;
  Catalog catalog_;
  Translations translations_;
  std::unique_ptr<WorkingCalendar> calendar_;
  std::unique_ptr<sync::Outbox> outbox_;
  std::unique_ptr<sync::AttachmentStore> attachments_;  // electronic documents, sealed (null: no queue)
  std::unique_ptr<DocumentPages> document_pages_;       // after attachments_: stopped before the store goes
  std::unique_ptr<sync::Intake> intake_;
  std::unique_ptr<sync::SyncEngine> engine_;
  std::unique_ptr<printing::ReceiptPrinter> printer_;
  std::unique_ptr<Database> local_state_;  // kiosk.db: ratings (and staff state)
  std::unique_ptr<RatingStore> ratings_;
  std::vector<ServiceArea> service_areas_;
  // Queue tickets: kiosk.db through a connection of its own (tickets are taken on the worker thread, in a
  // transaction, while the UI thread writes ratings and staff records through local_state_), or the
  // office database.
  std::unique_ptr<office::TicketBackend> tickets_;
  std::string role_;
  std::function<void()> wake_;
  std::mutex printer_mutex_;
  // The printer's last state as asked under printer_mutex_, for the metrics while a job holds the printer.
  std::mutex printer_state_mutex_;
  std::string last_printer_state_ = "unknown";
  // Durable metric counters in kiosk.db (shared with the sync engine), and the metrics file's writer.
  std::unique_ptr<metrics::CounterStore> counters_;
  std::unique_ptr<metrics::MetricsWriter> metrics_writer_;
  std::string startup_problem_;
  std::shared_ptr<OfficeForms> office_forms_;
  Worker worker_;
  // Status answers from the lookup lane wait here for drain() on the UI thread.
  std::mutex lookup_mutex_;
  std::deque<StatusLookupLane::Answer> lookup_answers_;
  Journey* lookup_journey_ = nullptr;
  StatusLookupLane::ClientFactory lookup_client_factory_;
  std::unique_ptr<StatusLookupLane> lookup_lane_;
  std::unique_ptr<ChipReading> chip_;
  std::unique_ptr<capture::DocumentScanner> document_scanner_;
  Journey* capture_journey_ = nullptr;
  std::atomic<int> capture_progress_request_{0};  // the page being read, and how far (written by its worker)
  std::atomic<int> capture_cancelled_request_{0};  // the last page the journey cancelled (it may not have started)
  std::atomic<double> capture_progress_{0};
  double capture_progress_shown_ = 0;
  Worker capture_worker_;  // after the scanner: stopped (its page cancelled) before the scanner goes
  Worker capture_cancel_worker_;  // sane_cancel off the UI thread: a stuck driver may never return from it
  Worker office_worker_;   // declared last: stopped first, while the queue its jobs read still exists
};

}  // namespace mc::app
