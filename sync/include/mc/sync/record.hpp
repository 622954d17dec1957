#pragma once
// The DongBoHoSoMC record of a dossier (docs/protocol.md, "The dossier record"). Built once, at accept
// time, and stored sealed in the outbox, so every re-send is byte-identical.
#include <nlohmann/json.hpp>
#include <string>
#include "mc/core/config.hpp"
#include "mc/core/dossier.hpp"

namespace mc::sync {

nlohmann::json build_record(const Dossier& dossier, const Config& config);
// The wire form: nlohmann dump(), keys sorted, no spaces.
std::string build_record_text(const Dossier& dossier, const Config& config);

}  // namespace mc::sync
