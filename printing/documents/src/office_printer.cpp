#include "mc/documents/office_printer.hpp"

#include <algorithm>
#include <cctype>
#include <chrono>
#include <optional>
#include <thread>
#include <vector>

#ifdef MC_HAVE_CUPS
#include <cups/cups.h>
#endif

namespace mc::documents {

const char* office_job_state_name(OfficeJobState state) {
  switch (state) {
    case OfficeJobState::Completed:
      return "completed";
    case OfficeJobState::Waiting:
      return "waiting";
    case OfficeJobState::Stopped:
      return "stopped";
    case OfficeJobState::Offline:
      return "offline";
    case OfficeJobState::Refused:
      return "refused";
    case OfficeJobState::Failed:
      return "failed";
    case OfficeJobState::Unreachable:
      return "unreachable";
    case OfficeJobState::NotConfigured:
      return "not_configured";
  }
  return "failed";
}

OfficePrinter::OfficePrinter(OfficePrinterOptions options) : options_(std::move(options)) {}

OfficePrinterOptions OfficePrinter::options_from(const Config& config) {
  OfficePrinterOptions options;
  options.queue = config.printer.office_queue;
  options.follow_timeout_ms = config.printer.office_timeout_s * 1000;
  options.offline_after_ms = std::min(options.offline_after_ms, options.follow_timeout_ms / 2);
  return options;
}

#ifdef MC_HAVE_CUPS

bool office_printing_available() {
  return true;
}

namespace {

// IPP printer-state / job-state values (RFC 8011).
constexpr int kPrinterStopped = 5;
constexpr int kJobProcessing = 5;
constexpr int kJobStopped = 6;
constexpr int kJobCanceled = 7;
constexpr int kJobAborted = 8;
constexpr int kJobCompleted = 9;

struct IppAnswer {
  bool reachable = true;
  bool found = true;
  std::string error;  // cupsLastErrorString() when the request failed
};

struct PrinterStatus : IppAnswer {
  int state = 3;
  std::vector<std::string> reasons;  // without "none"
  std::string message;
  bool accepting = true;
};

struct JobStatus : IppAnswer {
  int state = 3;
  std::vector<std::string> reasons;
  std::string printer_message;
};

IppAnswer answer_of(ipp_t* response) {
  IppAnswer answer;
  const ipp_status_t status = cupsLastError();
  if (response && status <= IPP_STATUS_OK_EVENTS_COMPLETE) return answer;
  answer.error = cupsLastErrorString() ? cupsLastErrorString() : "";
  if (status == IPP_STATUS_ERROR_NOT_FOUND)
    answer.found = false;
  else if (!response || status == IPP_STATUS_ERROR_SERVICE_UNAVAILABLE)
    answer.reachable = false;
  return answer;
}

std::vector<std::string> keywords(ipp_t* response, const char* name) {
  std::vector<std::string> out;
  if (ipp_attribute_t* attribute = ippFindAttribute(response, name, IPP_TAG_KEYWORD)) {
    for (int i = 0; i < ippGetCount(attribute); ++i) {
      const char* value = ippGetString(attribute, i, nullptr);
      if (value && std::string(value) != "none") out.emplace_back(value);
    }
  }
  return out;
}

std::string text_of(ipp_t* response, const char* name) {
  ipp_attribute_t* attribute = ippFindAttribute(response, name, IPP_TAG_ZERO);
  const char* value = attribute ? ippGetString(attribute, 0, nullptr) : nullptr;
  return value ? value : "";
}

std::string uri_for(const char* resource_format, const std::string& name) {
  char uri[HTTP_MAX_URI];
  httpAssembleURIf(HTTP_URI_CODING_ALL, uri, sizeof uri, "ipp", nullptr, "localhost", ippPort(), resource_format,
                   name.c_str());
  return uri;
}

PrinterStatus printer_status(const std::string& queue) {
  ipp_t* request = ippNewRequest(IPP_OP_GET_PRINTER_ATTRIBUTES);
  ippAddString(request, IPP_TAG_OPERATION, IPP_TAG_URI, "printer-uri", nullptr, uri_for("/printers/%s", queue).c_str());
  static const char* const wanted[] = {"printer-state", "printer-state-reasons", "printer-state-message",
                                       "printer-is-accepting-jobs"};
  ippAddStrings(request, IPP_TAG_OPERATION, IPP_TAG_KEYWORD, "requested-attributes", 4, nullptr, wanted);
  ipp_t* response = cupsDoRequest(CUPS_HTTP_DEFAULT, request, "/");
  PrinterStatus status;
  static_cast<IppAnswer&>(status) = answer_of(response);
  if (response && status.reachable && status.found) {
    if (ipp_attribute_t* state = ippFindAttribute(response, "printer-state", IPP_TAG_ENUM))
      status.state = ippGetInteger(state, 0);
    status.reasons = keywords(response, "printer-state-reasons");
    status.message = text_of(response, "printer-state-message");
    if (ipp_attribute_t* accepting = ippFindAttribute(response, "printer-is-accepting-jobs", IPP_TAG_BOOLEAN))
      status.accepting = ippGetBoolean(accepting, 0);
  }
  ippDelete(response);
  return status;
}

JobStatus job_status(int job_id) {
  ipp_t* request = ippNewRequest(IPP_OP_GET_JOB_ATTRIBUTES);
  ippAddString(request, IPP_TAG_OPERATION, IPP_TAG_URI, "job-uri", nullptr,
               uri_for("/jobs/%s", std::to_string(job_id)).c_str());
  static const char* const wanted[] = {"job-state", "job-state-reasons", "job-printer-state-message"};
  ippAddStrings(request, IPP_TAG_OPERATION, IPP_TAG_KEYWORD, "requested-attributes", 3, nullptr, wanted);
  ipp_t* response = cupsDoRequest(CUPS_HTTP_DEFAULT, request, "/");
  JobStatus status;
  static_cast<IppAnswer&>(status) = answer_of(response);
  if (response && status.reachable && status.found) {
    if (ipp_attribute_t* state = ippFindAttribute(response, "job-state", IPP_TAG_ENUM))
      status.state = ippGetInteger(state, 0);
    status.reasons = keywords(response, "job-state-reasons");
    status.printer_message = text_of(response, "job-printer-state-message");
  }
  ippDelete(response);
  return status;
}

std::string joined(const std::vector<std::string>& words) {
  std::string out;
  for (const auto& word : words) out += (out.empty() ? "" : ", ") + word;
  return out;
}

bool has_reason(const std::vector<std::string>& reasons, const std::string& prefix) {
  for (const auto& reason : reasons)
    if (reason.rfind(prefix, 0) == 0) return true;
  return false;
}

std::string describe(const std::string& message, const std::vector<std::string>& reasons) {
  std::string text = message;
  if (!reasons.empty()) text += (text.empty() ? "" : " (") + joined(reasons) + (message.empty() ? "" : ")");
  return text;
}

// One look at a job and its printer: an outcome when it is clear, nullopt while it is still going.
struct Observation {
  OfficeJobOutcome outcome;
  bool settled = false;
  bool printer_reports_trouble = false;  // processing with a printer message: counts towards "offline"
};

Observation observe(const std::string& queue, int job_id) {
  Observation seen;
  seen.outcome.queue = queue;
  seen.outcome.job_id = job_id;
  const JobStatus job = job_status(job_id);
  if (!job.reachable) {
    seen.outcome.state = OfficeJobState::Unreachable;
    seen.outcome.detail = job.error;
    seen.settled = true;
    return seen;
  }
  if (!job.found) {  // purged from the history: it was printed long ago (or cancelled)
    seen.outcome.state = OfficeJobState::Failed;
    seen.outcome.detail = job.error;
    seen.settled = true;
    return seen;
  }
  const PrinterStatus printer = printer_status(queue);
  switch (job.state) {
    case kJobCompleted:
      seen.outcome.state = OfficeJobState::Completed;
      seen.settled = true;
      return seen;
    case kJobCanceled:
    case kJobAborted:
      seen.outcome.state = OfficeJobState::Failed;
      seen.outcome.detail = describe(job.printer_message, job.reasons);
      seen.settled = true;
      return seen;
    default:
      break;
  }
  if (printer.state == kPrinterStopped || job.state == kJobStopped) {
    seen.outcome.state = OfficeJobState::Stopped;
    seen.outcome.detail = describe(printer.message, printer.reasons);
    seen.settled = true;
    return seen;
  }
  if (has_reason(printer.reasons, "offline")) {
    seen.outcome.state = OfficeJobState::Offline;
    seen.outcome.detail = describe(printer.message, printer.reasons);
    seen.settled = true;
    return seen;
  }
  seen.outcome.state = OfficeJobState::Waiting;
  const std::string message = !job.printer_message.empty() ? job.printer_message : printer.message;
  seen.outcome.detail = describe(message, printer.reasons);
  // A backend that cannot reach its printer keeps the job "processing" and says so in the printer
  // message ("The printer may not exist or is unavailable at this time.").
  seen.printer_reports_trouble =
      job.state == kJobProcessing && (!message.empty() || has_reason(printer.reasons, "connecting-to-device") ||
                                      has_reason(printer.reasons, "timed-out"));
  return seen;
}

const char* media_for(Paper paper) {
  return paper == Paper::A4 ? "iso_a4_210x297mm" : "iso_a5_148x210mm";
}

}  // namespace

OfficeJobOutcome OfficePrinter::check(int job_id) {
  return observe(options_.queue, job_id).outcome;
}

OfficeJobOutcome OfficePrinter::print(const OfficeJob& job,
                                      const std::function<void(const OfficeJobOutcome&)>& progress) {
  OfficeJobOutcome outcome;
  outcome.queue = options_.queue;
  if (options_.queue.empty()) {
    outcome.state = OfficeJobState::NotConfigured;
    outcome.detail = "printer.office_queue is empty";
    return outcome;
  }
  const PrinterStatus printer = printer_status(options_.queue);
  if (!printer.reachable) {
    outcome.state = OfficeJobState::Unreachable;
    outcome.detail = printer.error;
    return outcome;
  }
  if (!printer.found || !printer.accepting) {
    outcome.state = OfficeJobState::Refused;
    outcome.detail = !printer.found
                         ? "no queue \"" + options_.queue + "\" on the print server (" + printer.error + ")"
                         : describe(printer.message.empty() ? "not accepting jobs" : printer.message, printer.reasons);
    return outcome;
  }

  cups_option_t* options = nullptr;
  int option_count = cupsAddOption("media", media_for(job.paper), 0, &options);
  const int job_id = cupsCreateJob(CUPS_HTTP_DEFAULT, options_.queue.c_str(), job.title.c_str(), option_count, options);
  cupsFreeOptions(option_count, options);
  if (job_id <= 0) {
    const ipp_status_t status = cupsLastError();
    outcome.state =
        status == IPP_STATUS_ERROR_SERVICE_UNAVAILABLE ? OfficeJobState::Unreachable : OfficeJobState::Refused;
    outcome.detail = cupsLastErrorString() ? cupsLastErrorString() : "";
    return outcome;
  }
  outcome.job_id = job_id;
  // Debian 12's cupsd (2.4.2) dies of a segmentation fault when a document's name holds a space (seen
  // with Send-Document here): name the document with letters, digits, '.', '-' and '_' only.
  std::string document_name;
  for (char c : job.title)
    document_name += std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '-' || c == '_' ? c : '-';
  document_name += ".pdf";
  bool sent = cupsStartDocument(CUPS_HTTP_DEFAULT, options_.queue.c_str(), job_id, document_name.c_str(),
                                CUPS_FORMAT_PDF, 1) == HTTP_STATUS_CONTINUE;
  sent = sent && cupsWriteRequestData(CUPS_HTTP_DEFAULT, job.pdf.data(), job.pdf.size()) == HTTP_STATUS_CONTINUE;
  const ipp_status_t finished = cupsFinishDocument(CUPS_HTTP_DEFAULT, options_.queue.c_str());
  if (!sent || finished > IPP_STATUS_OK_EVENTS_COMPLETE) {
    outcome.state = OfficeJobState::Failed;
    outcome.detail = cupsLastErrorString() ? cupsLastErrorString() : "the document was not accepted";
    cupsCancelJob2(CUPS_HTTP_DEFAULT, options_.queue.c_str(), job_id, 0);
    return outcome;
  }

  using Clock = std::chrono::steady_clock;
  const auto start = Clock::now();
  std::optional<Clock::time_point> trouble_since;
  std::optional<OfficeJobState> last_reported;
  while (true) {
    Observation seen = observe(options_.queue, job_id);
    const auto now = Clock::now();
    if (!seen.settled && seen.printer_reports_trouble) {
      if (!trouble_since) trouble_since = now;
      if (now - *trouble_since >= std::chrono::milliseconds(options_.offline_after_ms)) {
        seen.outcome.state = OfficeJobState::Offline;
        seen.settled = true;
      }
    } else if (!seen.printer_reports_trouble) {
      trouble_since.reset();
    }
    if (progress && last_reported != seen.outcome.state) {
      last_reported = seen.outcome.state;
      progress(seen.outcome);
    }
    if (seen.settled || now - start >= std::chrono::milliseconds(options_.follow_timeout_ms)) return seen.outcome;
    std::this_thread::sleep_for(std::chrono::milliseconds(options_.poll_interval_ms));
  }
}

#else  // no libcups

bool office_printing_available() {
  return false;
}

OfficeJobOutcome OfficePrinter::check(int job_id) {
  return {OfficeJobState::NotConfigured, job_id, options_.queue, "this build has no CUPS support (libcups2-dev)"};
}

OfficeJobOutcome OfficePrinter::print(const OfficeJob&, const std::function<void(const OfficeJobOutcome&)>&) {
  return {OfficeJobState::NotConfigured, 0, options_.queue, "this build has no CUPS support (libcups2-dev)"};
}

#endif

}  // namespace mc::documents
