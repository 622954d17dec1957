#include "chip_reading.hpp"

#include <algorithm>

#include "mc/core/log.hpp"
#include "mc/idcard/pcsc.hpp"

namespace mc::app {

ChipCheck chip_check_of(const idcard::ChipReadResult& result, int64_t read_at_unix) {
  ChipCheck check;
  check.access = idcard::access_protocol_name(result.protocol);
  check.read_at = read_at_unix;
  switch (result.passive_auth.status) {
    case idcard::PassiveAuthStatus::Verified:
      check.status = ChipVerification::Verified;
      break;
    case idcard::PassiveAuthStatus::CscaUnknown:
      check.status = ChipVerification::CscaUnknown;
      break;
    case idcard::PassiveAuthStatus::Failed:
    case idcard::PassiveAuthStatus::NotChecked:  // no EF.SOD: nothing vouches for the data
      check.status = ChipVerification::Failed;
      break;
  }
  // Files copied onto another chip pass passive authentication; only active authentication tells.
  if (result.active_auth.status == idcard::ActiveAuthStatus::Failed) check.status = ChipVerification::Failed;
  return check;
}

ChipReading::ChipReading(const Config& config, std::function<void()> wake) : reader_(config.idcard.reader) {
  std::vector<std::string> problems;
  idcard::TrustStore trust = idcard::TrustStore::load_directory(config.resolved_csca_dir(), &problems);
  for (const auto& problem : problems) log_warn("idcard", "CSCA store: " + problem);
  if (trust.size() == 0)
    log_warn("idcard", "no trusted CSCA certificate in " + config.resolved_csca_dir() +
                           ": genuine cards will read as \"CSCA unknown\"");
  const std::string reader = reader_;
  service_ = std::make_unique<idcard::ChipReaderService>(
      [reader] { return idcard::make_pcsc_source(reader); }, std::move(trust),
      idcard::ChipReaderService::Settings{std::chrono::seconds(config.idcard.card_wait_s), config.idcard.read_face},
      std::move(wake));
}

ChipReading::~ChipReading() = default;

void ChipReading::refresh_availability(int64_t now_ms) {
  if (now_ms < next_check_ms_) return;
  next_check_ms_ = now_ms + 5000;
  bool found = false;
  try {
    idcard::PcscContext pcsc;
    const auto readers = pcsc.readers();
    found = std::any_of(readers.begin(), readers.end(),
                        [this](const std::string& name) { return reader_.empty() || name.find(reader_) != std::string::npos; });
  } catch (const idcard::ChipError&) {
    found = false;  // pcscd not running: the QR code is the way
  }
  if (found != available_) log_info("idcard", found ? "card reader available" : "no card reader");
  available_ = found;
}

bool ChipReading::start_with_id_number(const std::string& id_number) {
  if (id_number.size() != 12 || !std::all_of(id_number.begin(), id_number.end(), [](char c) { return c >= '0' && c <= '9'; }))
    return false;
  service_->start({id_number.substr(6), std::nullopt});
  journey_request_ = service_->status().request;
  return true;
}

bool ChipReading::start_for_staff(const std::string& number) {
  const bool digits = std::all_of(number.begin(), number.end(), [](char c) { return c >= '0' && c <= '9'; });
  if (!digits || (number.size() != 12 && number.size() != 6)) return false;
  service_->start({number.size() == 12 ? number.substr(6) : number, std::nullopt});
  journey_request_ = 0;
  return true;
}

void ChipReading::cancel() { service_->cancel(); }

void ChipReading::wipe() {
  service_->wipe();
  applied_request_ = service_->status().request;
  journey_request_ = 0;
}

idcard::ChipReaderService::Status ChipReading::status() const { return service_->status(); }

bool ChipReading::apply_to(Journey& journey, int64_t now_unix) {
  const auto status = service_->status();
  if (status.phase != idcard::ChipReaderService::Phase::Done || status.request == applied_request_ ||
      status.request != journey_request_)
    return false;
  const auto result = service_->result();
  applied_request_ = status.request;
  if (!result) return false;
  journey.on_chip_read(result->identity.to_citizen(), chip_check_of(*result, now_unix));
  return true;
}

std::shared_ptr<const idcard::ChipReadResult> ChipReading::last_result() const { return service_->result(); }

}  // namespace mc::app
