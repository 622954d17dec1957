#include "mc/idcard/pcsc.hpp"

#include <PCSC/winscard.h>
#include <PCSC/wintypes.h>
#include <algorithm>
#include "mc/idcard/errors.hpp"

namespace mc::idcard {

namespace {

std::string pcsc_error(LONG code) {
  return pcsc_stringify_error(code);
}

bool matches(const std::string& reader, const std::string& wanted) {
  return wanted.empty() || reader.find(wanted) != std::string::npos;
}

bool has_card(DWORD state) {
  return (state & SCARD_STATE_PRESENT) && !(state & SCARD_STATE_MUTE) && !(state & SCARD_STATE_UNAVAILABLE);
}

}  // namespace

PcscContext::PcscContext() {
  SCARDCONTEXT context = 0;
  const LONG rv = SCardEstablishContext(SCARD_SCOPE_SYSTEM, nullptr, nullptr, &context);
  if (rv != SCARD_S_SUCCESS) throw ChipError(ChipErrorKind::NoReader, "PC/SC (pcscd) unavailable: " + pcsc_error(rv));
  context_ = static_cast<long>(context);
}

PcscContext::~PcscContext() {
  SCardReleaseContext(static_cast<SCARDCONTEXT>(context_));
}

void PcscContext::cancel() {
  SCardCancel(static_cast<SCARDCONTEXT>(context_));
}

std::vector<std::string> PcscContext::readers() {
  DWORD length = 0;
  LONG rv = SCardListReaders(static_cast<SCARDCONTEXT>(context_), nullptr, nullptr, &length);
  if (rv == SCARD_E_NO_READERS_AVAILABLE) return {};
  if (rv != SCARD_S_SUCCESS) throw ChipError(ChipErrorKind::NoReader, "listing readers: " + pcsc_error(rv));
  std::string buffer(length, '\0');
  rv = SCardListReaders(static_cast<SCARDCONTEXT>(context_), nullptr, buffer.data(), &length);
  if (rv == SCARD_E_NO_READERS_AVAILABLE) return {};
  if (rv != SCARD_S_SUCCESS) throw ChipError(ChipErrorKind::NoReader, "listing readers: " + pcsc_error(rv));
  std::vector<std::string> out;
  for (size_t pos = 0; pos < buffer.size() && buffer[pos] != '\0';) {
    const std::string name(buffer.c_str() + pos);
    out.push_back(name);
    pos += name.size() + 1;
  }
  return out;
}

std::optional<std::string> PcscContext::wait_for_card(const std::string& wanted, std::chrono::milliseconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  for (;;) {
    std::vector<std::string> names;
    for (const auto& name : readers())
      if (matches(name, wanted)) names.push_back(name);
    // Watch the readers, and the PnP notification to learn of readers plugged in while we wait.
    std::vector<SCARD_READERSTATE> states(names.size() + 1);
    for (size_t i = 0; i < names.size(); ++i) {
      states[i] = {};
      states[i].szReader = names[i].c_str();
      states[i].dwCurrentState = SCARD_STATE_UNAWARE;
    }
    states.back() = {};
    states.back().szReader = "\\\\?PnP?\\Notification";
    states.back().dwCurrentState = static_cast<DWORD>(names.size() << 16);
    LONG rv =
        SCardGetStatusChange(static_cast<SCARDCONTEXT>(context_), 0, states.data(), static_cast<DWORD>(states.size()));
    for (;;) {
      if (rv == SCARD_S_SUCCESS || rv == SCARD_E_TIMEOUT) {
        for (size_t i = 0; i < names.size(); ++i)
          if (has_card(states[i].dwEventState)) return names[i];
      }
      if (rv == SCARD_E_CANCELLED) return std::nullopt;
      if (rv != SCARD_S_SUCCESS && rv != SCARD_E_TIMEOUT && rv != SCARD_E_UNKNOWN_READER)
        throw ChipError(ChipErrorKind::NoReader, "waiting for a card: " + pcsc_error(rv));
      const auto now = std::chrono::steady_clock::now();
      if (now >= deadline) return std::nullopt;
      // A reader added or removed: list again.
      if (rv == SCARD_S_SUCCESS && (states.back().dwEventState & SCARD_STATE_CHANGED)) break;
      if (rv == SCARD_E_UNKNOWN_READER) break;
      for (auto& state : states) state.dwCurrentState = state.dwEventState & ~SCARD_STATE_CHANGED;
      const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - now).count();
      rv = SCardGetStatusChange(static_cast<SCARDCONTEXT>(context_), static_cast<DWORD>(std::max<long long>(left, 1)),
                                states.data(), static_cast<DWORD>(states.size()));
    }
  }
}

bool PcscContext::wait_for_removal(const std::string& reader, std::chrono::milliseconds timeout) {
  SCARD_READERSTATE state = {};
  state.szReader = reader.c_str();
  state.dwCurrentState = SCARD_STATE_UNAWARE;
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  LONG rv = SCardGetStatusChange(static_cast<SCARDCONTEXT>(context_), 0, &state, 1);
  for (;;) {
    if (rv == SCARD_E_UNKNOWN_READER) return true;
    if (rv == SCARD_E_CANCELLED) return false;
    if (rv == SCARD_S_SUCCESS || rv == SCARD_E_TIMEOUT) {
      if ((state.dwEventState & SCARD_STATE_EMPTY) || (state.dwEventState & SCARD_STATE_UNAVAILABLE)) return true;
    } else {
      throw ChipError(ChipErrorKind::NoReader, "watching the reader: " + pcsc_error(rv));
    }
    const auto now = std::chrono::steady_clock::now();
    if (now >= deadline) return false;
    state.dwCurrentState = state.dwEventState & ~SCARD_STATE_CHANGED;
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - now).count();
    rv = SCardGetStatusChange(static_cast<SCARDCONTEXT>(context_), static_cast<DWORD>(std::max<long long>(left, 1)),
                              &state, 1);
  }
}

std::unique_ptr<PcscCard> PcscContext::connect(const std::string& reader) {
  SCARDHANDLE card = 0;
  DWORD protocol = 0;
  const LONG rv = SCardConnect(static_cast<SCARDCONTEXT>(context_), reader.c_str(), SCARD_SHARE_EXCLUSIVE,
                               SCARD_PROTOCOL_T0 | SCARD_PROTOCOL_T1, &card, &protocol);
  if (rv == SCARD_E_NO_SMARTCARD || rv == SCARD_W_REMOVED_CARD)
    throw ChipError(ChipErrorKind::NoCard, "no card in the reader");
  if (rv != SCARD_S_SUCCESS) throw ChipError(ChipErrorKind::Communication, "connecting to the card: " + pcsc_error(rv));
  BYTE atr[MAX_ATR_SIZE];
  DWORD atr_length = sizeof atr;
  DWORD state = 0, active = 0;
  char name[256];
  DWORD name_length = sizeof name;
  Bytes atr_bytes;
  if (SCardStatus(card, name, &name_length, &state, &active, atr, &atr_length) == SCARD_S_SUCCESS)
    atr_bytes.assign(atr, atr + atr_length);
  return std::unique_ptr<PcscCard>(new PcscCard(static_cast<long>(card), protocol, reader, atr_bytes));
}

PcscCard::PcscCard(long card, unsigned long protocol, std::string reader, Bytes atr)
    : card_(card), protocol_(protocol), reader_(std::move(reader)), atr_(std::move(atr)) {}

// Reset on the way out: the chip drops its session keys, so the next read (ours or anyone's) starts plain,
// and no open secure messaging session is left on a card still lying on the reader.
PcscCard::~PcscCard() {
  SCardDisconnect(static_cast<SCARDHANDLE>(card_), SCARD_RESET_CARD);
}

Bytes PcscCard::transmit(ByteView command) {
  const SCARD_IO_REQUEST* pci = protocol_ == SCARD_PROTOCOL_T0 ? SCARD_PCI_T0 : SCARD_PCI_T1;
  Bytes response(MAX_BUFFER_SIZE_EXTENDED);
  DWORD length = static_cast<DWORD>(response.size());
  const LONG rv = SCardTransmit(static_cast<SCARDHANDLE>(card_), pci, command.data(),
                                static_cast<DWORD>(command.size()), nullptr, response.data(), &length);
  if (rv == SCARD_W_REMOVED_CARD || rv == SCARD_E_NO_SMARTCARD || rv == SCARD_W_RESET_CARD ||
      rv == SCARD_E_READER_UNAVAILABLE)
    throw ChipError(ChipErrorKind::CardRemoved, "the card left the reader: " + pcsc_error(rv));
  if (rv != SCARD_S_SUCCESS) throw ChipError(ChipErrorKind::Communication, "SCardTransmit: " + pcsc_error(rv));
  response.resize(length);
  return response;
}

}  // namespace mc::idcard
