#pragma once
// The office's A4/A5 printer through CUPS (libcups, IPP): a PDF goes to the queue named by
// printer.office_queue with the paper size set, and the job is followed until its outcome is clear —
// printed, waiting behind a stopped queue, printer offline, refused or failed. print() blocks for up to
// the follow time: call it off the UI thread. The print server is the one every CUPS client uses
// (CUPS_SERVER, ~/.cups/client.conf, /etc/cups/client.conf, else the local cupsd).
#include <functional>
#include <string>

#include "mc/documents/forms.hpp"

namespace mc::documents {

enum class OfficeJobState {
  Completed,      // the printer took the whole job
  Waiting,        // accepted, still queued or printing when the follow time ran out (a busy printer)
  Stopped,        // the queue is stopped (paused by staff, or by CUPS after an error): the job waits in it
  Offline,        // the printer does not answer (off, unplugged, out of the network): the job waits in it
  Refused,        // the queue does not exist or does not accept jobs: nothing was queued
  Failed,         // the job was cancelled or aborted (a filter or backend error)
  Unreachable,    // no print server answered
  NotConfigured,  // printer.office_queue is empty, or this build has no CUPS
};
const char* office_job_state_name(OfficeJobState state);  // "completed", "stopped", ...

struct OfficeJobOutcome {
  OfficeJobState state = OfficeJobState::NotConfigured;
  int job_id = 0;  // CUPS job id, 0 when nothing was queued
  std::string queue;
  std::string detail;  // CUPS' own words (printer-state-message, reasons); never personal data
  // The job is on paper, or sits in the queue and will print by itself once the printer is back.
  bool queued() const { return job_id > 0 && state != OfficeJobState::Failed; }
};

struct OfficeJob {
  std::string title;  // job name, shown in the CUPS queue: form and dossier code only, no names
  std::string pdf;
  Paper paper = Paper::A5;
  bool landscape = false;
};

struct OfficePrinterOptions {
  std::string queue;
  int follow_timeout_ms = 30000;  // printer.office_timeout_s
  // A job stuck "processing" with a printer message this long means the printer does not answer.
  int offline_after_ms = 10000;
  int poll_interval_ms = 200;
};

class OfficePrinter {
 public:
  explicit OfficePrinter(OfficePrinterOptions options);
  static OfficePrinterOptions options_from(const Config& config);

  // Sends the job and follows it (blocks up to follow_timeout_ms). `progress` hears every state change
  // while following (for a status line); it runs on the calling thread.
  OfficeJobOutcome print(const OfficeJob& job, const std::function<void(const OfficeJobOutcome&)>& progress = {});
  // The state of a job sent earlier, asked once.
  OfficeJobOutcome check(int job_id);
  const std::string& queue() const { return options_.queue; }

 private:
  OfficePrinterOptions options_;
};

bool office_printing_available();  // built with libcups

}  // namespace mc::documents
