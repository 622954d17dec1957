#pragma once
// StaffConsole's hooks on top of the real queue, sync engine and printer. UI-free (library mc_app), so the
// staff actions are unit-tested against real SQLite files and the virtual printer.
#include <functional>
#include <mutex>
#include <string>
#include <string_view>

#include "mc/core/staff_console.hpp"

namespace mc::sync {
class Outbox;
class SyncEngine;
class AttachmentStore;
}  // namespace mc::sync
namespace mc::printing {
class ReceiptPrinter;
}

namespace mc::app {

// Any pointer may be null (that action then says "not available"). printer_mutex, when given, is held
// around every printer call so a reprint never interleaves with a citizen receipt printed by another
// thread. The hooks run on the caller's thread.
StaffConsoleHooks make_staff_hooks(sync::Outbox* outbox, sync::SyncEngine* engine, printing::ReceiptPrinter* printer,
                                   std::mutex* printer_mutex = nullptr);

// A job for a background thread that returns what to run back on the UI thread (Services::run_in_background).
using BackgroundJob = std::function<std::function<void()>()>;
using RunInBackground = std::function<void(BackgroundJob)>;
// Called on the UI thread with the outcome of a background action.
using CompleteAction = std::function<void(std::string_view action, const std::string& code, const StaffActionResult&)>;

// Staff's export of a dossier's electronic document (issue 14): the PDF, opened and checked, written as
// <export_dir>/<dossier code>_<document code>.pdf (export_dir: scanner.document_export_dir; empty: export is
// refused with a message saying how to set it up). With `background`, the write runs there and reports through
// `complete` ("export_document", "CODE TP2"); without, on the caller's thread. A null store adds nothing.
void add_document_hooks(StaffConsoleHooks& hooks, sync::AttachmentStore* attachments, std::string export_dir,
                        RunInBackground background = {}, CompleteAction complete = {});

// Moves what can block for the printer's timeout off the UI thread: reprint and the test page answer
// `pending` at once and report through `complete`; the printer state is answered from a cache that is
// refreshed in the background at most every `state_refresh_ms`.
StaffConsoleHooks run_printer_hooks_in_background(StaffConsoleHooks hooks, RunInBackground background,
                                                  CompleteAction complete, int64_t state_refresh_ms = 2000);

}  // namespace mc::app
