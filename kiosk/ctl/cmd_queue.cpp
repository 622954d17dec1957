// kioskctl submit / queue / sync: the same code paths the kiosk UI uses (mc::sync::Intake, Outbox,
// SyncEngine), for staff, scripts and tests.
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <iomanip>
#include <iostream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <thread>
#include "command.hpp"
#include "mc/capture/document_pdf.hpp"
#include "mc/core/calendar.hpp"
#include "mc/core/catalog.hpp"
#include "mc/core/log.hpp"
#include "mc/core/staff.hpp"
#include "mc/printing/transport.hpp"
#include "mc/scanner/cccd.hpp"
#include "mc/sync/attachment_store.hpp"
#include "mc/sync/engine.hpp"
#include "mc/sync/intake.hpp"
#include "mc/sync/outbox.hpp"

namespace mc::ctl {
namespace {

using mc::sync::OutboxEntry;
using mc::sync::OutboxState;

std::string format_time(std::optional<int64_t> unix_seconds) {
  if (!unix_seconds) return "-";
  LocalDateTime at = LocalDateTime::from_unix(*unix_seconds);
  std::ostringstream out;
  out << at.date.iso() << " " << std::setfill('0') << std::setw(2) << at.hour << ":" << std::setw(2) << at.minute << ":"
      << std::setw(2) << at.second;
  return out.str();
}

int int_option(CommandContext& ctx, const std::string& name, int fallback) {
  std::string text = ctx.take_option(name);
  if (text.empty()) return fallback;
  try {
    return std::stoi(text);
  } catch (...) {
    ctx.err << "kioskctl: " << name << " needs a number, got '" << text << "'\n";
    std::exit(kExitUsage);
  }
}

// One `--attach TP2=FILE`: the file as the kiosk would seal it (a PDF with its pages as they are, an image as a
// one-page PDF; both with the document's name and the dossier code in their metadata).
struct AttachedFile {
  std::string document_code;
  std::string path;
  std::vector<uint8_t> bytes;
  std::optional<CapturedPage> image;  // a JPEG or PNG, made into a page; nullopt for a PDF
  int pages = 0;
};

std::optional<std::vector<uint8_t>> read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::nullopt;
  std::vector<uint8_t> bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (in.bad()) return std::nullopt;
  return bytes;
}

bool looks_like_jpeg_or_png(const std::vector<uint8_t>& bytes) {
  static const uint8_t kJpeg[] = {0xFF, 0xD8, 0xFF};
  static const uint8_t kPng[] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};
  return (bytes.size() >= sizeof kJpeg && std::equal(kJpeg, kJpeg + sizeof kJpeg, bytes.begin())) ||
         (bytes.size() >= sizeof kPng && std::equal(kPng, kPng + sizeof kPng, bytes.begin()));
}

// Checks every --attach against the procedure's documents and reads its file; on a refusal, says why (both
// languages) on err and returns nullopt. Nothing is queued then.
std::optional<std::vector<AttachedFile>> read_attachments(CommandContext& ctx, const Procedure& procedure,
                                                          const std::vector<std::string>& items) {
  std::vector<AttachedFile> files;
  for (const auto& item : items) {
    const size_t eq = item.find('=');
    if (eq == std::string::npos || eq == 0 || eq + 1 == item.size()) {
      ctx.err << "--attach cần MÃ=TỆP, ví dụ TP2=giay-kham.pdf / --attach takes CODE=FILE, e.g. TP2=health.pdf: '"
              << item << "'\n";
      return std::nullopt;
    }
    AttachedFile file;
    file.document_code = item.substr(0, eq);
    file.path = item.substr(eq + 1);
    auto document = std::find_if(procedure.documents.begin(), procedure.documents.end(),
                                 [&](const DocumentRequirement& d) { return d.code == file.document_code; });
    if (document == procedure.documents.end()) {
      ctx.err << "Thủ tục " << procedure.code << " không có giấy tờ mã " << file.document_code << " / procedure "
              << procedure.code << " has no document " << file.document_code << " (";
      for (size_t i = 0; i < procedure.documents.size(); ++i) ctx.err << (i ? ", " : "") << procedure.documents[i].code;
      ctx.err << ")\n";
      return std::nullopt;
    }
    if (document->digitize == Digitize::No) {
      ctx.err << "Giấy tờ " << file.document_code << " (" << document->name.vi
              << ") không nhận bản điện tử, phải nộp bản giấy / document " << file.document_code
              << " is not taken as an electronic file (catalog: digitize = \"no\"); it is brought on paper\n";
      return std::nullopt;
    }
    if (std::any_of(files.begin(), files.end(),
                    [&](const AttachedFile& f) { return f.document_code == file.document_code; })) {
      ctx.err << "Giấy tờ " << file.document_code << " được đính kèm hai lần / document " << file.document_code
              << " is attached twice\n";
      return std::nullopt;
    }
    auto bytes = read_file(file.path);
    if (!bytes || bytes->empty()) {
      ctx.err << "Không đọc được tệp đính kèm / cannot read the attached file: " << file.path << "\n";
      return std::nullopt;
    }
    file.bytes = std::move(*bytes);
    std::string error;
    if (capture::looks_like_pdf(file.bytes)) {
      auto info = capture::inspect_pdf(file.bytes, error);
      if (!info) {
        ctx.err << "Tệp " << file.path << " không phải PDF đọc được / is not a readable PDF (" << error << ")\n";
        return std::nullopt;
      }
      file.pages = info->pages;
    } else if (looks_like_jpeg_or_png(file.bytes)) {
      file.image = capture::page_from_image_file(file.bytes, 200, error);
      if (!file.image) {
        ctx.err << "Tệp " << file.path << " không phải ảnh đọc được / is not a readable image (" << error << ")\n";
        return std::nullopt;
      }
      file.pages = 1;
    } else {
      ctx.err << "Tệp " << file.path << " không phải PDF hay ảnh JPEG/PNG / is neither a PDF nor a JPEG or PNG image\n";
      return std::nullopt;
    }
    files.push_back(std::move(file));
  }
  return files;
}

int submit(CommandContext& ctx) {
  std::vector<std::string> attach_items;
  for (std::string item = ctx.take_option("--attach"); !item.empty(); item = ctx.take_option("--attach"))
    attach_items.push_back(item);
  const std::string procedure_code = ctx.take_option("--procedure");
  const std::string answers_path = ctx.take_option("--answers");
  const std::string id_qr = ctx.take_option("--id-qr");
  sync::SubmitRequest request;
  request.procedure_code = procedure_code;
  request.phone = ctx.take_option("--phone");
  request.email = ctx.take_option("--email");
  request.result_delivery = ctx.take_option("--delivery");  // empty: the form's answer
  if (procedure_code.empty() || answers_path.empty() || !ctx.args.empty()) {
    ctx.err << "usage: kioskctl submit --procedure CODE --answers FILE.json [--id-qr PAYLOAD] [--phone P] "
               "[--email E] [--delivery in_person|post] [--attach TP2=FILE.pdf|.jpg|.png]...\n";
    return kExitUsage;
  }
  std::ifstream in(answers_path);
  if (!in) {
    ctx.err << "Không đọc được tệp câu trả lời / cannot read the answers file: " << answers_path << "\n";
    return kExitUsage;
  }
  auto answers = nlohmann::json::parse(in, nullptr, false);
  if (answers.is_discarded() || !answers.is_object()) {
    ctx.err << "Tệp câu trả lời phải là một đối tượng JSON {mã trường: giá trị} / the answers file must be a JSON "
               "object of field id -> string: "
            << answers_path << "\n";
    return kExitUsage;
  }
  for (auto it = answers.begin(); it != answers.end(); ++it) {
    if (!it.value().is_string()) {
      ctx.err << "Câu trả lời cho '" << it.key() << "' phải là chuỗi / the answer for '" << it.key()
              << "' must be a string\n";
      return kExitUsage;
    }
    request.answers[it.key()] = it.value().get<std::string>();
  }
  if (!id_qr.empty()) {
    scanner::CccdParse parsed = scanner::parse_cccd(id_qr);
    if (!parsed.ok()) {
      LocalizedText reason = parsed.error.value_or(LocalizedText{"Mã QR căn cước không hợp lệ", "Invalid ID card QR"});
      ctx.err << "Mã QR căn cước: " << reason.vi << "\nID card QR: " << reason.en << "\n";
      return kExitFailure;
    }
    for (const auto& warning : parsed.warnings) ctx.err << "Lưu ý: " << warning.vi << " / Note: " << warning.en << "\n";
    request.applicant = *parsed.identity;
  }

  const Config& config = ctx.config();
  const std::string assets = config.resolved_assets_dir();
  std::vector<CatalogIssue> issues;
  Catalog catalog = Catalog::load_dir(assets + "/catalog", issues);
  HolidayTable holidays;
  const std::string holidays_path = assets + "/calendar/holidays.json";
  if (std::filesystem::exists(holidays_path)) {
    holidays = HolidayTable::load(holidays_path);
  } else {
    ctx.err << "Lưu ý: không có " << holidays_path << ", dùng ngày nghỉ tính sẵn / note: no holiday table, using "
            << "computed holidays\n";
  }
  WorkingCalendar calendar(std::move(holidays));
  // Attached documents are checked before anything is queued: a refused file queues no dossier.
  std::vector<AttachedFile> attached;
  if (!attach_items.empty()) {
    if (const Procedure* procedure = catalog.find(procedure_code)) {
      auto files = read_attachments(ctx, *procedure, attach_items);
      if (!files) return kExitFailure;
      attached = std::move(*files);
      for (auto& file : attached) {
        std::string name = file.document_code;
        for (const auto& document : procedure->documents)
          if (document.code == file.document_code) name = document.name.vi;
        const AttachedFile* source = &file;
        // The kiosk's own path: Intake seals what make_pdf gives once the dossier code is known. A PDF keeps
        // its pages and bytes (they are the officer's) and gets the kiosk's metadata appended; an image becomes
        // a one-page PDF with it.
        request.attachments.push_back({file.document_code, file.pages, [source, name](const std::string& dossier_code) {
                                         capture::PdfMetadata metadata;
                                         metadata.title = name;
                                         metadata.subject = dossier_code;
                                         metadata.keywords = source->document_code;
                                         if (source->image)
                                           return capture::build_document_pdf({&*source->image}, metadata);
                                         std::string error;
                                         auto tagged = capture::pdf_with_metadata(source->bytes, metadata, error);
                                         // poppler read it a moment ago; should it fail to write it now, the
                                         // document still goes, as it was given.
                                         return tagged ? std::move(*tagged) : source->bytes;
                                       }});
      }
    }  // an unknown procedure: Intake says so below
  }
  auto outbox = open_outbox(config);
  sync::Intake intake(*outbox, catalog, calendar, config, system_clock());
  std::unique_ptr<sync::AttachmentStore> store;
  if (!attached.empty()) {
    store = open_attachment_store(config, *outbox);
    int64_t total = 0;
    for (const auto& file : attached) total += static_cast<int64_t>(file.bytes.size());
    if (!store->has_room_for(total)) {
      ctx.err << "Không đủ chỗ trên đĩa cho tệp đính kèm (cần giữ trống " << (store->reserve_bytes() >> 20)
              << " MB), hồ sơ chưa được nhận / not enough disk space for the attached files (scanner."
                 "attachment_reserve_mb = "
              << (store->reserve_bytes() >> 20) << " must stay free); nothing was queued\n";
      return kExitFailure;
    }
    intake.set_attachment_store(store.get());
  }
  sync::SubmitResult result = intake.submit(request);
  if (!result.accepted) {
    ctx.err << result.message.vi << "\n" << result.message.en << "\n";
    for (const auto& error : result.errors)
      ctx.err << "  - " << error.field_id << ": " << error.message.vi << " / " << error.message.en << "\n";
    return kExitFailure;
  }
  ctx.out << result.dossier.code << "\n";
  // Intake keeps the dossier when a file could not be sealed (the disk filled meanwhile): that document is
  // owed on paper, as at the kiosk. Say so rather than let the officer believe it went electronic.
  int on_paper = 0;
  for (const auto& file : attached)
    for (const auto& document : result.dossier.documents_received)
      if (document.code == file.document_code && document.medium != DocumentMedium::Electronic) {
        ++on_paper;
        ctx.err << "Lưu ý: giấy tờ " << file.document_code
                << " không lưu được bản điện tử, cần nộp bản giấy / note: " << file.document_code
                << " could not be stored electronically; it is owed on paper\n";
      }
  return on_paper ? kExitFailure : kExitOk;
}

void print_entry_line(std::ostream& out, const OutboxEntry& entry) {
  out << std::left << std::setw(28) << entry.dossier.code << std::setw(12) << sync::outbox_state_name(entry.state)
      << std::setw(10) << entry.dossier.procedure.code << std::setw(20) << format_time(entry.accepted_at_unix)
      << std::setw(5) << entry.attempts
      << (!entry.readable              ? std::string("(không đọc được / unreadable)")
          : entry.personal_data_purged ? std::string("(đã xoá / purged)")
                                       : mask_name(entry.dossier.applicant.full_name));
  if (entry.state == OutboxState::Quarantined)
    out << "  [" << entry.quarantine_reason << "]";
  else if (!entry.last_error.empty() && entry.state != OutboxState::Synced)
    out << "  (" << entry.last_error << ")";
  out << "\n";
}

// The dossier's electronic documents: name, pages, and from the sealed file (opened and checked) its bytes
// and SHA-256; uploaded with its TepDinhKemId once the server took it. Codes, counts and digests only.
void print_attachments(std::ostream& out, const Config& config, sync::Outbox& outbox, const OutboxEntry& entry) {
  std::vector<const DocumentRequirement*> electronic;
  for (const auto& document : entry.dossier.documents_received)
    if (document.medium == DocumentMedium::Electronic) electronic.push_back(&document);
  out << "Bản điện tử / files:    " << electronic.size() << "\n";
  if (electronic.empty()) return;
  auto store = open_attachment_store(config, outbox);
  const auto uploads = outbox.attachment_uploads(entry.dossier.code);
  for (const DocumentRequirement* document : electronic) {
    out << "  " << document->code << " " << document->name.vi << "\n"
        << "    trang / pages:      " << document->pages << "\n";
    const auto upload = std::find_if(uploads.begin(), uploads.end(), [&](const sync::AttachmentUpload& u) {
      return u.document_code == document->code;
    });
    std::string sha256;
    if (entry.personal_data_purged) {
      out << "    tệp / file:         đã xoá theo thời hạn lưu giữ / removed (retention)\n";
      if (upload != uploads.end()) sha256 = upload->sha256;
    } else {
      try {
        const std::vector<uint8_t> pdf = store->open(entry.dossier.code, document->code);
        sha256 = sync::AttachmentStore::sha256_hex(pdf);
        out << "    dung lượng / bytes: " << pdf.size() << "\n";
      } catch (const sync::AttachmentError& error) {
        out << "    tệp / file:         hỏng hoặc thiếu / damaged or missing (" << error.what() << ")\n";
      }
    }
    if (!sha256.empty()) out << "    SHA-256:            " << sha256 << "\n";
    if (upload != uploads.end())
      out << "    đã tải lên / uploaded: có / yes, " << format_time(upload->uploaded_at_unix) << ", TepDinhKemId "
          << upload->file_id << "\n";
    else
      out << "    đã tải lên / uploaded: chưa / no\n";
  }
}

int queue_list(CommandContext& ctx) {
  std::string state_text = ctx.take_option("--state");
  int limit = int_option(ctx, "--limit", 100);
  std::optional<OutboxState> state;
  if (!state_text.empty()) {
    state = sync::parse_outbox_state(state_text);
    if (!state) {
      ctx.err << "kioskctl: --state must be queued, sending, synced or quarantined\n";
      return kExitUsage;
    }
  }
  auto outbox = open_outbox(ctx.config());
  auto entries = outbox->list(state, limit);
  ctx.out << std::left << std::setw(28) << "MA HO SO / CODE" << std::setw(12) << "STATE" << std::setw(10) << "TTHC"
          << std::setw(20) << "ACCEPTED (+07)" << std::setw(5) << "TRY"
          << "APPLICANT\n";
  for (const auto& entry : entries) print_entry_line(ctx.out, entry);
  ctx.out << entries.size() << " dossier(s)\n";
  return kExitOk;
}

int queue_show(CommandContext& ctx) {
  bool reveal = ctx.take_flag("--reveal");
  if (ctx.args.size() != 1) {
    ctx.err << "usage: kioskctl queue show CODE [--reveal]\n";
    return kExitUsage;
  }
  auto outbox = open_outbox(ctx.config());
  auto entry = outbox->find(ctx.args[0]);
  if (!entry) {
    ctx.err << "Không có hồ sơ " << ctx.args[0] << " trong hàng đợi / not in the queue\n";
    return kExitFailure;
  }
  if (!entry->readable) {
    ctx.out << "Mã hồ sơ / code:        " << entry->dossier.code << "\n"
            << "Thủ tục / procedure:    " << entry->dossier.procedure.code << "\n"
            << "Trạng thái / state:     " << sync::outbox_state_name(entry->state) << "\n"
            << "Lý do / reason:         "
            << (entry->quarantine_reason.empty() ? "the row cannot be decrypted or read" : entry->quarantine_reason)
            << "\n";
    return kExitFailure;
  }
  const Dossier& d = entry->dossier;
  if (entry->personal_data_purged) reveal = false;  // nothing left to reveal
  auto shown = [&](const std::string& value, std::string masked) { return reveal ? value : masked; };
  std::ostream& out = ctx.out;
  out << "Mã hồ sơ / code:        " << d.code << "\n"
      << "Mã tra cứu / lookup:    " << d.lookup_code << "\n"
      << "Thủ tục / procedure:    " << d.procedure.code << " " << d.procedure.name.vi << "\n"
      << "Trạng thái / state:     " << sync::outbox_state_name(entry->state) << " (attempts " << entry->attempts
      << ")\n"
      << "Tiếp nhận / received:   " << d.received_at.iso() << "\n"
      << "Hẹn trả / due:          " << d.due_at.iso() << "\n"
      << "Người nộp / applicant:  " << shown(d.applicant.full_name, mask_name(d.applicant.full_name)) << "\n"
      << "Số định danh / ID:      " << shown(d.applicant.id_number, mask_id(d.applicant.id_number)) << "\n"
      << "Ngày sinh / born:       "
      << (d.applicant.date_of_birth ? shown(d.applicant.date_of_birth->dmy(), "**/**/****") : std::string("-")) << "\n"
      << "Địa chỉ / address:      " << shown(d.applicant.address, mask_free_text(d.applicant.address)) << "\n"
      << "Điện thoại / phone:     " << shown(d.phone, mask_free_text(d.phone)) << "\n"
      << "Thư điện tử / email:    " << shown(d.email, mask_free_text(d.email)) << "\n";
  if (entry->synced_at_unix) out << "Đồng bộ / synced:       " << format_time(entry->synced_at_unix) << "\n";
  if (entry->server_status)
    out << "TrangThaiHoSo:          " << static_cast<int>(*entry->server_status) << " "
        << status_label(*entry->server_status).vi << "\n";
  if (!entry->server_message.empty()) out << "Máy chủ / server:       " << entry->server_message << "\n";
  if (!entry->quarantine_reason.empty()) out << "Lý do cách ly / reason: " << entry->quarantine_reason << "\n";
  if (!entry->last_error.empty()) out << "Lỗi gần nhất / error:   " << entry->last_error << "\n";
  if (entry->personal_data_purged) {
    out << "Dữ liệu cá nhân / personal data: đã xoá theo thời hạn lưu giữ / purged (retention) "
        << format_time(entry->purged_at_unix) << "\n";
    print_attachments(out, ctx.config(), *outbox, *entry);
    return kExitOk;
  }
  print_attachments(out, ctx.config(), *outbox, *entry);
  out << "Câu trả lời / answers:  " << d.answers.size() << (reveal ? "" : " (use --reveal to show)") << "\n";
  if (reveal) {
    for (const auto& [field, answer] : d.answers) out << "  " << field << ": " << answer << "\n";
    out << "Record (DongBoHoSoMC):\n" << nlohmann::json::parse(entry->record_json).dump(2) << "\n";
  }
  return kExitOk;
}

int queue_stats(CommandContext& ctx) {
  auto outbox = open_outbox(ctx.config());
  sync::QueueStats stats = outbox->stats();
  ctx.out << "queued:      " << stats.queued << "\n"
          << "sending:     " << stats.sending << "\n"
          << "synced:      " << stats.synced << "\n"
          << "quarantined: " << stats.quarantined << "\n"
          << "oldest waiting: " << format_time(stats.oldest_queued_unix) << "\n"
          << "personal data purged: " << stats.purged << "\n";
  return kExitOk;
}

// queue purge: the retention purge (also run by the sync engine hourly), for IT officers and scripts.
int queue_purge(CommandContext& ctx) {
  const bool dry_run = ctx.take_flag("--dry-run");
  const Config& config = ctx.config();
  const int days = int_option(ctx, "--days", config.retention.personal_data_days);
  if (!ctx.args.empty() || days < 1) {
    ctx.err << "usage: kioskctl queue purge [--dry-run] [--days N]   (N >= 1; default retention.personal_data_days = "
            << config.retention.personal_data_days << ")\n";
    return kExitUsage;
  }
  auto outbox = open_outbox(config);
  sync::PurgeResult result = outbox->purge_personal_data(system_clock()(), days, dry_run);
  for (const auto& code : result.codes) ctx.out << code << "\n";
  ctx.out << (dry_run ? "would purge" : "purged") << " the personal data of " << result.purged
          << " dossier(s): synced, final status older than " << days << " days\n";
  // Their scanned documents go too (uploaded before the dossier synced; the server keeps them).
  if (!dry_run) {
    auto attachments = open_attachment_store(config, *outbox);
    int files = 0;
    for (const auto& code : result.codes) files += attachments->remove_dossier(code);
    ctx.out << "removed " << files << " sealed document file(s) of those dossiers\n";
    // And those of intakes that died before their dossier was queued (older than an hour: none in progress).
    const int orphans = attachments->remove_orphans(outbox->codes(), 3600);
    if (orphans > 0) ctx.out << "removed " << orphans << " folder(s) of sealed documents of no queued dossier\n";
  }
  if (config.printer.transport == "virtual") {
    const int files = printing::purge_virtual_printer_output(printing::virtual_output_dir(config),
                                                             system_clock()() - int64_t{days} * 86400, dry_run);
    ctx.out << (dry_run ? "would remove " : "removed ") << files
            << " virtual printer file(s) (receipts written before that)\n";
  }
  if (!result.wal_checkpointed)
    ctx.err << "Lưu ý: tệp WAL đang được tiến trình khác dùng, sẽ dọn ở lần sau / note: another process holds the "
               "WAL; it is emptied at the next purge\n";
  if (!dry_run) {
    auto local = open_local_state(config);
    AuditLog(*local, system_clock()).record("kioskctl", "retention_purge", std::to_string(result.purged) + " dossiers");
  }
  return kExitOk;
}

int queue_retry(CommandContext& ctx) {
  if (ctx.args.size() != 1) {
    ctx.err << "usage: kioskctl queue retry CODE\n";
    return kExitUsage;
  }
  auto outbox = open_outbox(ctx.config());
  if (!outbox->retry(ctx.args[0])) {
    ctx.err << "Hồ sơ " << ctx.args[0] << " không ở trạng thái cách ly / is not quarantined\n";
    return kExitFailure;
  }
  ctx.out << ctx.args[0] << " queued again\n";
  return kExitOk;
}

// sync --once: one pass. sync --until-empty: passes with backoff until nothing is queued or sending.
// Exit codes: 0 queue empty and nothing quarantined; 1 only quarantined dossiers remain, the credentials were
// refused, or --timeout passed first (sync --once: 1 when the pass failed).
int sync_command(CommandContext& ctx) {
  bool once = ctx.take_flag("--once");
  bool until_empty = ctx.take_flag("--until-empty");
  sync::EngineOptions options;
  options.backoff.base_ms = int_option(ctx, "--backoff-base-ms", 2000);
  options.backoff.cap_ms = int_option(ctx, "--backoff-cap-ms", 300000);
  int timeout_s = int_option(ctx, "--timeout", 0);
  options.refresh_catalog = !ctx.take_flag("--no-catalog");
  options.poll_status = !ctx.take_flag("--no-status");
  // The kiosk app sends the heartbeats (it knows the printer): a manual sync must not overwrite them.
  options.heartbeat = false;
  // The kiosk may be in the middle of a round: wait for it (its rows in "sending" are in flight, not lost).
  const int wait_s = int_option(ctx, "--wait-s", 60);
  options.sending_lock_wait_ms = wait_s * 1000;
  if (once == until_empty || !ctx.args.empty()) {
    ctx.err << "usage: kioskctl sync --once | --until-empty [--timeout S] [--wait-s S] [--backoff-base-ms N] "
               "[--backoff-cap-ms N] [--no-catalog] [--no-status]\n";
    return kExitUsage;
  }
  const Config& config = ctx.config();
  auto outbox = open_outbox(config);
  // Rounds and failures count in the kiosk's metrics like the kiosk's own (kiosk.db, never created here).
  std::unique_ptr<metrics::CounterStore> counters;
  if (std::filesystem::exists(config.path_in_data(kLocalStateDbName)))
    counters = std::make_unique<metrics::CounterStore>(config.path_in_data(kLocalStateDbName));
  options.counters = counters.get();
  // Rating aggregates of months that have ended go with the dossiers (the ratings live in kiosk.db: none
  // without it).
  if (counters) try {
      options.rating_reports = std::make_shared<sync::RatingReports>(sync::RatingReports::default_path(config), config);
    } catch (const std::exception& e) {
      ctx.err << "kioskctl sync: rating aggregates not sent (" << e.what() << ")\n";
    }
  // Scanned documents go before their dossier's record, as from the kiosk (without the store the record
  // would name none of them).
  auto attachments = open_attachment_store(config, *outbox);
  options.attachments = attachments.get();
  sync::SyncEngine engine(*outbox, sync::make_client(config), config, system_clock(), options);
  const bool tty = ::isatty(STDOUT_FILENO);
  int sent = 0, quarantined = 0, errors = 0;
  auto started = std::chrono::steady_clock::now();
  while (true) {
    sync::SyncRound round = engine.run_once();
    if (round.another_sender) {
      if (tty) ctx.out << "\n";
      ctx.err << "kioskctl sync: another process (the kiosk's sync thread, or another kioskctl) kept sending this "
                 "queue for "
              << wait_s << " s; nothing was sent by this command. Try again, or use staff mode's \"sync now\".\n";
      return kExitFailure;
    }
    sent += round.sent;
    quarantined += round.quarantined;
    sync::QueueStats stats = outbox->stats();
    const int remaining = stats.queued + stats.sending;
    if (round.transient_failure || round.auth_failure) ++errors;
    if (tty || once || remaining == 0 || round.transient_failure || round.auth_failure) {
      std::ostringstream line;
      line << "sent " << sent << ", remaining " << remaining << ", quarantined " << stats.quarantined << ", errors "
           << errors;
      if (!round.error.empty()) line << " (" << round.error << ")";
      if (tty)
        ctx.out << "\r\033[K" << line.str() << std::flush;
      else
        ctx.out << line.str() << "\n";
    }
    if (round.auth_failure) {
      if (tty) ctx.out << "\n";
      ctx.err << round.error << "\n";
      return kExitFailure;
    }
    if (once) {
      if (tty) ctx.out << "\n";
      return round.transient_failure ? kExitFailure : kExitOk;
    }
    if (remaining == 0) {
      if (tty) ctx.out << "\n";
      return stats.quarantined > 0 ? kExitFailure : kExitOk;
    }
    int64_t delay_ms = engine.note_round(round);
    if (timeout_s > 0 && std::chrono::steady_clock::now() - started + std::chrono::milliseconds(delay_ms) >
                             std::chrono::seconds(timeout_s)) {
      if (tty) ctx.out << "\n";
      ctx.err << "kioskctl sync: " << remaining << " dossier(s) still waiting after " << timeout_s << " s\n";
      return kExitFailure;
    }
    if (delay_ms > 0) std::this_thread::sleep_for(std::chrono::milliseconds(delay_ms));
  }
}

const bool registered = [] {
  register_command({"submit",
                    "submit --procedure CODE --answers FILE.json [--id-qr PAYLOAD] [--phone P] [--email E] "
                    "[--delivery in_person|post] [--attach TP2=FILE]...",
                    "validate and queue a dossier (the kiosk's own submission path); prints the dossier code. "
                    "--attach: a document as a PDF, or a JPEG/PNG image made a one-page PDF, sealed like a scan",
                    submit});
  register_command({"queue list", "queue list [--state queued|sending|synced|quarantined] [--limit N]",
                    "list queued dossiers (personal data masked)", queue_list});
  register_command({"queue show", "queue show CODE [--reveal]",
                    "one dossier in the queue (personal data masked unless --reveal)", queue_show});
  register_command({"queue stats", "queue stats", "counts per state and the oldest waiting dossier", queue_stats});
  register_command({"queue purge", "queue purge [--dry-run] [--days N]",
                    "remove the personal data of synced, final dossiers older than retention.personal_data_days",
                    queue_purge});
  register_command({"queue retry", "queue retry CODE", "put a quarantined dossier back in the queue", queue_retry});
  register_command(
      {"sync", "sync --once | --until-empty [--timeout S] [--wait-s S] [--backoff-base-ms N] [--backoff-cap-ms N]",
       "send queued dossiers to the one-stop server (exit 1 if quarantined dossiers remain)", sync_command});
  return true;
}();

}  // namespace
}  // namespace mc::ctl
