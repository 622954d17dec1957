#include "staff_hooks.hpp"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <memory>
#include <optional>
#include <set>
#include <utility>
#include <vector>

#include "mc/core/datetime.hpp"
#include "mc/core/form.hpp"
#include "mc/core/messages.hpp"
#include "mc/printing/printer.hpp"
#include "mc/sync/attachment_store.hpp"
#include "mc/sync/engine.hpp"
#include "mc/sync/outbox.hpp"

namespace mc::app {

namespace {

std::string local_time(int64_t unix_seconds) {
  return unix_seconds > 0 ? LocalDateTime::from_unix(unix_seconds).dmy_hm() : "";
}

}  // namespace

namespace {

// Row labels staff read in either language.
std::string both_languages(const LocalizedText& text) {
  return text.vi + " / " + text.en;
}

// What the citizen declared, as staff read it (they are entitled to; it never goes to the audit log): the
// form's own fields in form order and as the citizen saw them, then the card identity and contact only
// where the form does not already ask for them.
std::vector<std::pair<std::string, std::string>> declared_answers(const sync::OutboxEntry& entry) {
  std::vector<std::pair<std::string, std::string>> rows;
  if (entry.personal_data_purged) {
    // Retention: the answers are gone from this kiosk for good; say so rather than show an empty table.
    const std::string when = entry.purged_at_unix ? local_time(*entry.purged_at_unix) + " " : "";
    rows.emplace_back(both_languages(message("staff.answers.personal_data")),
                      both_languages(message("staff.answers.purged", {{"when", when}})));
    return rows;
  }
  const Dossier& dossier = entry.dossier;
  std::set<PrefillSource> asked;
  std::set<FieldType> types;
  for (const auto& group : dossier.procedure.form.groups) {
    for (const auto& field : group.fields) {
      auto answer = dossier.answers.find(field.id);
      if (answer == dossier.answers.end()) continue;
      asked.insert(field.prefill);
      types.insert(field.type);
      rows.emplace_back(field.label.vi, answer_display_text(field, answer->second, Lang::Vi));
    }
  }
  for (const auto& [field_id, value] : dossier.answers)
    if (!dossier.procedure.form.find(field_id)) rows.emplace_back(field_id, value);
  if (!asked.count(PrefillSource::FullName))
    rows.emplace_back(both_languages(message("staff.answers.name")), dossier.applicant.full_name);
  if (!asked.count(PrefillSource::IdNumber))
    rows.emplace_back(both_languages(message("staff.answers.id_number")), dossier.applicant.id_number);
  if (!dossier.phone.empty() && !types.count(FieldType::Phone))
    rows.emplace_back(both_languages(message("staff.answers.phone")), dossier.phone);
  if (!dossier.email.empty() && !types.count(FieldType::Email))
    rows.emplace_back(both_languages(message("staff.answers.email")), dossier.email);
  return rows;
}

std::vector<std::string> status_history(const sync::OutboxEntry& entry) {
  std::vector<std::string> lines;
  lines.push_back(local_time(entry.accepted_at_unix) + "  " + both_languages(message("staff.history.accepted")));
  if (entry.synced_at_unix)
    lines.push_back(local_time(*entry.synced_at_unix) + "  " + both_languages(message("staff.history.synced")));
  if (entry.server_status && entry.server_status_at_unix) {
    const LocalizedText label = status_label(*entry.server_status);
    lines.push_back(local_time(*entry.server_status_at_unix) + "  " + both_languages(label));
  }
  if (!entry.server_message.empty()) lines.push_back("  " + entry.server_message);
  if (entry.purged_at_unix)
    lines.push_back(local_time(*entry.purged_at_unix) + "  " + both_languages(message("staff.history.purged")));
  return lines;
}

StaffDossierView to_view(const sync::OutboxEntry& entry) {
  StaffDossierView view;
  view.code = entry.dossier.code;
  view.procedure_code = entry.dossier.procedure.code;
  view.procedure_name = entry.dossier.procedure.name;
  view.status = entry.server_status.value_or(entry.dossier.status);
  view.queue_state = sync::outbox_state_name(entry.state);
  view.quarantine_reason = entry.quarantine_reason;
  view.last_error = entry.last_error;
  view.attempts = entry.attempts;
  view.answers = entry.readable ? declared_answers(entry) : decltype(view.answers){};
  view.history = status_history(entry);
  if (!entry.readable) {
    const LocalizedText unreadable = message("staff.history.unreadable");
    view.history.push_back("  " + unreadable.vi + " / " + unreadable.en);
  }
  return view;
}

StaffActionResult from_outcome(const printing::PrintOutcome& outcome) {
  StaffActionResult result{outcome.printed, outcome.message};
  if (result.message.vi.empty()) {
    result.message =
        outcome.printed ? message("staff.msg.printed") : message("staff.msg.not_printed", {{"detail", outcome.detail}});
  }
  return result;
}

}  // namespace

StaffConsoleHooks make_staff_hooks(sync::Outbox* outbox, sync::SyncEngine* engine, printing::ReceiptPrinter* printer,
                                   std::mutex* printer_mutex) {
  StaffConsoleHooks hooks;
  auto with_printer = [printer, printer_mutex](auto&& action) {
    if (printer_mutex) {
      std::lock_guard lock(*printer_mutex);
      return action(*printer);
    }
    return action(*printer);
  };
  if (outbox) {
    hooks.find_dossier = [outbox](const std::string& code) -> std::optional<StaffDossierView> {
      auto entry = outbox->find(code);
      if (!entry) return std::nullopt;
      StaffDossierView view = to_view(*entry);
      // The electronic documents (issue 14): pages as received, uploaded once the server gave an id.
      const auto uploads = outbox->attachment_uploads(entry->dossier.code);
      for (const auto& document : entry->dossier.documents_received) {
        if (document.medium != DocumentMedium::Electronic) continue;
        const bool uploaded = std::any_of(uploads.begin(), uploads.end(), [&](const sync::AttachmentUpload& u) {
          return u.document_code == document.code;
        });
        view.documents.push_back({document.code, document.name, document.pages, uploaded, entry->personal_data_purged});
      }
      return view;
    };
    // By the applicant's ID number or phone: the sealed rows are opened here, in memory, and only the codes
    // leave (newest first); nothing personal is logged or audited.
    hooks.find_codes_by_person = [outbox](const std::string& key) {
      std::vector<std::pair<LocalDateTime, std::string>> matches;
      for (const auto& entry : outbox->list(std::nullopt, 1'000'000)) {
        if (!entry.readable) continue;
        const Dossier& d = entry.dossier;
        if (d.applicant.id_number == key || (!d.phone.empty() && normalize_phone(d.phone) == key))
          matches.emplace_back(d.received_at, d.code);
      }
      std::sort(matches.begin(), matches.end(), [](const auto& a, const auto& b) { return a.first > b.first; });
      std::vector<std::string> codes;
      for (auto& match : matches) codes.push_back(std::move(match.second));
      return codes;
    };
    hooks.retry = [outbox](const std::string& code) {
      if (auto entry = outbox->find(code); entry && !entry->readable)
        return StaffActionResult{false, message("staff.msg.unreadable_no_retry", {{"code", code}})};
      if (outbox->retry(code)) {
        return StaffActionResult{true, message("staff.msg.requeued", {{"code", code}})};
      }
      return StaffActionResult{false, message("staff.msg.not_quarantined", {{"code", code}})};
    };
    hooks.queue_overview = [outbox] {
      StaffQueueOverview overview;
      const sync::QueueStats stats = outbox->stats();
      overview.queued = stats.queued;
      overview.sending = stats.sending;
      overview.synced = stats.synced;
      overview.quarantined = stats.quarantined;
      // Quarantined ones first: they are what staff must act on.
      for (auto state : {sync::OutboxState::Quarantined, sync::OutboxState::Queued, sync::OutboxState::Sending,
                         sync::OutboxState::Synced}) {
        for (const auto& entry : outbox->list(state, 50)) {
          overview.rows.push_back(
              {entry.dossier.code, entry.dossier.procedure.code, sync::outbox_state_name(entry.state), entry.attempts,
               entry.quarantine_reason.empty() ? entry.last_error : entry.quarantine_reason, entry.accepted_at_unix});
        }
      }
      return overview;
    };
    hooks.dossiers_of_day = [outbox](Date day) {
      std::vector<StaffSummaryDossier> out;
      // Newest first: stop at the first dossier older than the day asked for.
      for (const auto& entry : outbox->list(std::nullopt, 5000)) {
        const Date accepted = LocalDateTime::from_unix(entry.accepted_at_unix).date;
        if (accepted < day) break;
        if (accepted != day) continue;
        out.push_back({entry.dossier.code, entry.dossier.procedure.code, entry.dossier.procedure.name,
                       entry.server_status.value_or(entry.dossier.status)});
      }
      return out;
    };
  }
  if (outbox && printer) {
    hooks.reprint = [outbox, with_printer](const std::string& code, int copies_mask) {
      auto entry = outbox->find(code);
      if (!entry) return StaffActionResult{false, message("staff.msg.not_found", {{"code", code}})};
      if (!entry->readable)
        return StaffActionResult{false, message("staff.msg.unreadable_no_reprint", {{"code", code}})};
      if (entry->personal_data_purged) {
        // A receipt without the applicant would be worthless, and the data is gone on purpose.
        return StaffActionResult{false, message("staff.msg.purged_no_reprint", {{"code", code}})};
      }
      return from_outcome(
          with_printer([&](printing::ReceiptPrinter& p) { return p.print_receipt(entry->dossier, copies_mask); }));
    };
  }
  if (printer) {
    hooks.print_test_page = [with_printer] {
      return from_outcome(with_printer([](printing::ReceiptPrinter& p) { return p.print_test_page(); }));
    };
    hooks.printer_state = [with_printer] {
      return printing::printer_state_label(with_printer([](printing::ReceiptPrinter& p) { return p.state(); }));
    };
  }
  if (engine) {
    hooks.sync_now = [engine] {
      engine->sync_now();
      return StaffActionResult{true, message("staff.msg.sync_requested")};
    };
    hooks.sync_state = [engine] {
      // The line says what the last real exchange with the server said, with its time: never "online" beside
      // an error, and no "online" before the server has answered once.
      const sync::SyncStatus status = engine->status();
      const bool failing = !status.last_error.empty();
      LocalizedText text = message(
          failing                    ? "staff.sync.offline"
          : status.last_success_unix ? "staff.sync.online"
                                     : "staff.sync.not_contacted",
          {{"waiting", std::to_string(status.queue_depth)}, {"quarantined", std::to_string(status.quarantined)}});
      auto append = [&text](const LocalizedText& more) {
        text.vi += more.vi;
        text.en += more.en;
      };
      if (status.last_success_unix)
        append(message("staff.sync.last_success", {{"time", local_time(*status.last_success_unix)}}));
      if (failing)
        append(message("staff.sync.last_error",
                       {{"error", status.last_error}, {"time", local_time(status.last_error_unix.value_or(0))}}));
      return text;
    };
  }
  return hooks;
}

void add_document_hooks(StaffConsoleHooks& hooks, sync::AttachmentStore* attachments, std::string export_dir,
                        RunInBackground background, CompleteAction complete) {
  if (!attachments) return;
  auto export_now = [attachments, export_dir](const std::string& code,
                                              const std::string& document_code) -> StaffActionResult {
    if (export_dir.empty()) return {false, message("staff.msg.document_export_not_configured")};
    std::error_code ec;
    if (!std::filesystem::is_directory(export_dir, ec))
      return {false, message("staff.msg.document_export_folder_missing", {{"folder", export_dir}})};
    const std::string name = sync::AttachmentStore::export_file_name(code, document_code);
    try {
      const sync::SealedDocument exported =
          attachments->export_to(code, document_code, (std::filesystem::path(export_dir) / name).string());
      return {true, message("staff.msg.document_exported", {{"file", name}, {"folder", export_dir}}), false,
              "bytes=" + std::to_string(exported.bytes)};
    } catch (const sync::AttachmentError& error) {
      // The reason names the file and the system's error, never the document's content.
      if (error.kind == sync::AttachmentError::Kind::Damaged)
        return {false, message("staff.msg.document_export_damaged", {{"code", document_code}}), false, "damaged"};
      return {false, message("staff.msg.document_export_failed", {{"detail", error.what()}}), false, "io_error"};
    }
  };
  if (!background) {
    hooks.export_document = export_now;
    return;
  }
  // A USB stick takes its time to write and sync: off the UI thread, reported through complete().
  hooks.export_document = [export_now, background, complete](const std::string& code,
                                                             const std::string& document_code) {
    background([export_now, complete, code, document_code]() -> std::function<void()> {
      StaffActionResult outcome = export_now(code, document_code);
      return [complete, code, document_code, outcome] {
        if (complete) complete("export_document", code + " " + document_code, outcome);
      };
    });
    return StaffActionResult{true, message("staff.msg.document_exporting", {{"code", document_code}}), true};
  };
}

StaffConsoleHooks run_printer_hooks_in_background(StaffConsoleHooks hooks, RunInBackground background,
                                                  CompleteAction complete, int64_t state_refresh_ms) {
  if (hooks.reprint) {
    hooks.reprint = [reprint = hooks.reprint, background, complete](const std::string& code, int copies_mask) {
      background([reprint, complete, code, copies_mask]() -> std::function<void()> {
        StaffActionResult outcome = reprint(code, copies_mask);
        return [complete, code, outcome] { complete("reprint", code, outcome); };
      });
      return StaffActionResult{true, message("staff.msg.reprinting", {{"code", code}}), true};
    };
  }
  if (hooks.print_test_page) {
    hooks.print_test_page = [print = hooks.print_test_page, background, complete] {
      background([print, complete]() -> std::function<void()> {
        StaffActionResult outcome = print();
        return [complete, outcome] { complete("printer_test", "", outcome); };
      });
      return StaffActionResult{true, message("staff.msg.printing_test"), true};
    };
  }
  if (hooks.printer_state) {
    struct Cache {
      std::mutex mutex;
      std::optional<LocalizedText> state;
      bool asking = false;
      std::chrono::steady_clock::time_point asked_at;
    };
    auto cache = std::make_shared<Cache>();
    hooks.printer_state = [ask = hooks.printer_state, background, cache, state_refresh_ms] {
      std::lock_guard lock(cache->mutex);
      const auto now = std::chrono::steady_clock::now();
      const bool stale = !cache->state || now - cache->asked_at > std::chrono::milliseconds(state_refresh_ms);
      if (stale && !cache->asking) {
        cache->asking = true;
        cache->asked_at = now;
        background([ask, cache]() -> std::function<void()> {
          LocalizedText state = ask();
          std::lock_guard lock(cache->mutex);
          cache->state = std::move(state);
          cache->asking = false;
          return [] {};  // nothing to apply: the wake-up alone redraws with the new state
        });
      }
      return cache->state.value_or(message("staff.printer.checking"));
    };
  }
  return hooks;
}

}  // namespace mc::app
