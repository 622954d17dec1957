#pragma once
// The DongBoHoSoMC record of a dossier (docs/protocol.md, "The dossier record"). Built once, at accept
// time, and stored sealed in the outbox, so every re-send is byte-identical.
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include "mc/core/config.hpp"
#include "mc/core/dossier.hpp"

namespace mc::sync {

nlohmann::json build_record(const Dossier& dossier, const Config& config);
// The wire form: nlohmann dump(), keys sorted, no spaces.
std::string build_record_text(const Dossier& dossier, const Config& config);

// SHA-256 (hex) of a record's canonical form (parsed, then dumped with sorted keys and no spaces), so a copy a
// server sends back with other key order or spacing has the same digest. Throws std::invalid_argument when the
// text is not JSON.
std::string record_digest(const nlohmann::json& record);
std::string record_digest_of_text(std::string_view record_json);

// The intake step reported with CapNhatTienDoHoSoMC right after the record was taken (DOMAIN.md §3): the
// receiving kiosk as NguoiXuLy and PhongBanXuLy, the intake time as ThoiDiemXuLy and NgayBatDau, the due
// date as NgayKetThucTheoQuyDinh, the record's status; the wording (NoiDungXuLy "Tiếp nhận hồ sơ tại kiosk")
// from the sync.protocol.* keys of assets/i18n, in Vietnamese whatever the screen's language. Built from the
// stored record, the configuration and that wording alone, so every re-send of the step is identical (and the
// server takes it as a re-send). Throws std::invalid_argument when the record lacks a field it needs.
nlohmann::json build_intake_progress(std::string_view record_json, const Config& config);

}  // namespace mc::sync
