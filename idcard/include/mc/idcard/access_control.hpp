#pragma once
// The terminal's side of BAC and PACE as APDU exchanges over a ChipSession. On success the session is
// switched to secure messaging. A card that refuses the password gives ChipError(AccessDenied) (or
// AccessBlocked when its retry counter is used up), raised after the card's own refusal.
#include <functional>
#include "mc/idcard/bac.hpp"
#include "mc/idcard/chip_session.hpp"
#include "mc/idcard/pace.hpp"
#include "mc/idcard/security_infos.hpp"

namespace mc::idcard {

// The terminal's random values; tests replace them to replay the ICAO worked examples.
struct TerminalRandom {
  std::function<Bytes(size_t)> bytes = random_bytes;
  std::function<Bytes(const EcCurve&)> ec_private_key = [](const EcCurve& curve) { return curve.random_private_key(); };
};

// GET CHALLENGE, MUTUAL AUTHENTICATE (9303-11 §4.3). The eMRTD application must already be selected.
void perform_bac(ChipSession& session, const MrzKey& key, const TerminalRandom& random = {});

// MSE:Set AT, then the four GENERAL AUTHENTICATE steps (9303-11 §4.4.4). The caller selects the eMRTD
// application afterwards, under secure messaging.
void perform_pace(ChipSession& session, const PaceInfo& info, PacePassword type, std::string_view password,
                  const TerminalRandom& random = {});

}  // namespace mc::idcard
