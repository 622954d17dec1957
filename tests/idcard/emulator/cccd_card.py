#!/usr/bin/python3
"""An emulated Vietnamese ID card chip (CCCD gắn chip) behind vsmartcard's virtual reader (vpcd).

Written for the tests, independently of the kiosk's C++: its own BAC, PACE (ECDH generic mapping with
its own elliptic-curve arithmetic), and secure messaging with pycryptodome, serving the files a test
made (see tests/idcard/common/card_files.cpp: <FID>.bin, card.json). Debian's vicc cannot run an ICAO
card as shipped (see STACK.md), so only its VirtualICC is used, for the vpcd connection.

    cccd_card.py --port 35963 --control /tmp/x/card.sock [--card DIR]
    cccd_card.py --self-test        # the ICAO 9303-11 worked examples, appendices D and G.1

Control socket (one line in, one line out): "insert DIR", "remove", "stats", "quit".
"""
import argparse
import hashlib
import json
import os
import secrets
import socket
import sys
import threading
import time

from Cryptodome.Cipher import AES, DES, DES3
from Cryptodome.Hash import CMAC

# --------------------------------------------------------------------------------------------- curves
# Short Weierstrass curves y^2 = x^3 + ax + b over GF(p), affine coordinates, None = point at infinity.
# Parameters: RFC 5639 (brainpool) and FIPS 186-4 (NIST); ids from ICAO 9303-11 §9.5.1.


class Curve:
    def __init__(self, name, p, a, b, gx, gy, n):
        self.name, self.p, self.a, self.b, self.g, self.n = name, p, a, b, (gx, gy), n
        self.size = (p.bit_length() + 7) // 8

    def on_curve(self, pt):
        if pt is None:
            return False
        x, y = pt
        return 0 <= x < self.p and 0 <= y < self.p and (y * y - x * x * x - self.a * x - self.b) % self.p == 0

    def add(self, p1, p2):
        if p1 is None:
            return p2
        if p2 is None:
            return p1
        (x1, y1), (x2, y2) = p1, p2
        if x1 == x2 and (y1 + y2) % self.p == 0:
            return None
        if p1 == p2:
            lam = (3 * x1 * x1 + self.a) * pow(2 * y1, -1, self.p) % self.p
        else:
            lam = (y2 - y1) * pow(x2 - x1, -1, self.p) % self.p
        x3 = (lam * lam - x1 - x2) % self.p
        return x3, (lam * (x1 - x3) - y1) % self.p

    def mul(self, k, pt):
        result, addend = None, pt
        while k:
            if k & 1:
                result = self.add(result, addend)
            addend = self.add(addend, addend)
            k >>= 1
        return result

    def encode(self, pt):
        return b"\x04" + pt[0].to_bytes(self.size, "big") + pt[1].to_bytes(self.size, "big")

    def decode(self, data):
        if len(data) != 1 + 2 * self.size or data[0] != 4:
            raise ValueError("not an uncompressed point")
        pt = (int.from_bytes(data[1:1 + self.size], "big"), int.from_bytes(data[1 + self.size:], "big"))
        if not self.on_curve(pt):
            raise ValueError("point not on the curve")
        return pt

    def with_generator(self, g):
        return Curve(self.name + " (mapped)", self.p, self.a, self.b, g[0], g[1], self.n)

    def random_scalar(self):
        return 1 + secrets.randbelow(self.n - 1)


def _h(text):
    return int(text, 16)


CURVES = {
    12: Curve("NIST P-256", _h("FFFFFFFF00000001000000000000000000000000FFFFFFFFFFFFFFFFFFFFFFFF"),
              _h("FFFFFFFF00000001000000000000000000000000FFFFFFFFFFFFFFFFFFFFFFFC"),
              _h("5AC635D8AA3A93E7B3EBBD55769886BC651D06B0CC53B0F63BCE3C3E27D2604B"),
              _h("6B17D1F2E12C4247F8BCE6E563A440F277037D812DEB33A0F4A13945D898C296"),
              _h("4FE342E2FE1A7F9B8EE7EB4A7C0F9E162BCE33576B315ECECBB6406837BF51F5"),
              _h("FFFFFFFF00000000FFFFFFFFFFFFFFFFBCE6FAADA7179E84F3B9CAC2FC632551")),
    13: Curve("brainpoolP256r1", _h("A9FB57DBA1EEA9BC3E660A909D838D726E3BF623D52620282013481D1F6E5377"),
              _h("7D5A0975FC2C3057EEF67530417AFFE7FB8055C126DC5C6CE94A4B44F330B5D9"),
              _h("26DC5C6CE94A4B44F330B5D9BBD77CBF958416295CF7E1CE6BCCDC18FF8C07B6"),
              _h("8BD2AEB9CB7E57CB2C4B482FFC81B7AFB9DE27E1E3BD23C23A4453BD9ACE3262"),
              _h("547EF835C3DAC4FD97F8461A14611DC9C27745132DED8E545C1D54C72F046997"),
              _h("A9FB57DBA1EEA9BC3E660A909D838D718C397AA3B561A6F7901E0E82974856A7")),
}

# ------------------------------------------------------------------------------------ symmetric crypto


def pad(data, block):
    data = data + b"\x80"
    return data + b"\x00" * (-len(data) % block)


def unpad(data):
    end = len(data)
    while end and data[end - 1] == 0:
        end -= 1
    if not end or data[end - 1] != 0x80:
        raise ValueError("no padding")
    return data[:end - 1]


def parity(key):
    return bytes((b & 0xFE) | ((bin(b >> 1).count("1") + 1) % 2) for b in key)


def kdf(secret, counter, cipher, length=16):
    data = secret + counter.to_bytes(4, "big")
    if cipher == "3DES":
        return parity(hashlib.sha1(data).digest()[:16])
    if length == 16:
        return hashlib.sha1(data).digest()[:16]
    return hashlib.sha256(data).digest()[:length]


def des3_cbc(key, data, encrypt, iv=bytes(8)):
    c = DES3.new(key, DES3.MODE_CBC, iv)
    return c.encrypt(data) if encrypt else c.decrypt(data)


def aes_cbc(key, data, encrypt, iv=bytes(16)):
    c = AES.new(key, AES.MODE_CBC, iv)
    return c.encrypt(data) if encrypt else c.decrypt(data)


def retail_mac(key, padded):
    """ISO/IEC 9797-1 MAC algorithm 3 with single DES (K1) and a final 3DES step (K2)."""
    h = bytes(8)
    des1 = DES.new(key[:8], DES.MODE_ECB)
    for i in range(0, len(padded), 8):
        h = des1.encrypt(bytes(a ^ b for a, b in zip(h, padded[i:i + 8])))
    return des1.encrypt(DES.new(key[8:16], DES.MODE_ECB).decrypt(h))


def aes_cmac(key, data):
    return CMAC.new(key, msg=data, ciphermod=AES).digest()


def mrz_check(field):
    values = {c: i for i, c in enumerate("0123456789")}
    values.update({c: 10 + i for i, c in enumerate("ABCDEFGHIJKLMNOPQRSTUVWXYZ")})
    values["<"] = 0
    return str(sum(values[c] * (7, 3, 1)[i % 3] for i, c in enumerate(field)) % 10)


def mrz_information(number, birth, expiry):
    number = number + "<" * max(0, 9 - len(number))
    return (number + mrz_check(number) + birth + mrz_check(birth) + expiry + mrz_check(expiry)).encode()

# -------------------------------------------------------------------------------------------------- TLV


def tlv(tag, value):
    n = len(value)
    if n < 0x80:
        length = bytes([n])
    elif n < 0x100:
        length = b"\x81" + bytes([n])
    else:
        length = b"\x82" + n.to_bytes(2, "big")
    tag_bytes = tag.to_bytes((tag.bit_length() + 7) // 8 or 1, "big")
    return tag_bytes + length + value


def parse_tlvs(data):
    out, i = [], 0
    while i < len(data):
        tag = data[i]
        i += 1
        if tag & 0x1F == 0x1F:
            while True:
                tag = tag << 8 | data[i]
                i += 1
                if not data[i - 1] & 0x80:
                    break
        n = data[i]
        i += 1
        if n & 0x80:
            count = n & 0x7F
            n = int.from_bytes(data[i:i + count], "big")
            i += count
        if i + n > len(data):
            raise ValueError("TLV runs past the end")
        out.append((tag, data[i:i + n]))
        i += n
    return out


def oid_to_bytes(dotted):
    arcs = [int(a) for a in dotted.split(".")]
    out = bytearray()
    for value in [arcs[0] * 40 + arcs[1]] + arcs[2:]:
        groups = [value & 0x7F]
        value >>= 7
        while value:
            groups.insert(0, 0x80 | (value & 0x7F))
            value >>= 7
        out += bytes(groups)
    return bytes(out)

# ------------------------------------------------------------------------------------ secure messaging


class SecureMessaging:
    """The card's side of ICAO 9303-11 §9.8."""

    def __init__(self, cipher, k_enc, k_mac, ssc):
        self.cipher, self.k_enc, self.k_mac, self.ssc = cipher, k_enc, k_mac, ssc
        self.block = 16 if cipher == "AES" else 8

    def _inc(self):
        self.ssc = ((int.from_bytes(self.ssc, "big") + 1) % (1 << (8 * len(self.ssc)))).to_bytes(len(self.ssc), "big")

    def _iv(self):
        if self.cipher == "AES":
            return AES.new(self.k_enc, AES.MODE_ECB).encrypt(self.ssc)
        return bytes(8)

    def _crypt(self, data, encrypt):
        if self.cipher == "AES":
            return aes_cbc(self.k_enc, data, encrypt, self._iv())
        return des3_cbc(self.k_enc, data, encrypt)

    def _mac(self, data):
        padded = pad(self.ssc + data, self.block)
        if self.cipher == "AES":
            return aes_cmac(self.k_mac, padded)[:8]
        return retail_mac(self.k_mac, padded)

    def unwrap_command(self, apdu):
        """Returns (cla, ins, p1, p2, data, le); raises ValueError on a bad MAC or structure."""
        header, body = apdu[:4], parse_body(apdu[4:])[0]
        objects = parse_tlvs(body)
        self._inc()
        covered = b"".join(tlv(t, v) for t, v in objects if t != 0x8E)
        macs = [v for t, v in objects if t == 0x8E]
        if len(macs) != 1 or self._mac(pad(header, self.block) + covered) != macs[0]:
            raise ValueError("command MAC")
        data, le = b"", None
        for tag, value in objects:
            if tag == 0x87:
                data = unpad(self._crypt(value[1:], False))
            elif tag == 0x85:
                data = unpad(self._crypt(value, False))
            elif tag == 0x97:
                le = int.from_bytes(value, "big") or (256 if len(value) == 1 else 65536)
        return apdu[0] & ~0x0C, apdu[1], apdu[2], apdu[3], data, le

    def wrap_response(self, data, sw):
        self._inc()
        do87 = tlv(0x87, b"\x01" + self._crypt(pad(data, self.block), True)) if data else b""
        do99 = tlv(0x99, sw.to_bytes(2, "big"))
        return do87 + do99 + tlv(0x8E, self._mac(do87 + do99)) + sw.to_bytes(2, "big")


def parse_body(body):
    """Command body (after the header) -> (data, le), short or extended (ISO 7816-4 §5.1)."""
    if not body:
        return b"", None
    if len(body) == 1:
        return b"", body[0] or 256
    if body[0] != 0 or len(body) < 3:
        lc = body[0]
        data = body[1:1 + lc]
        le = body[1 + lc] if len(body) == 2 + lc else None
        return data, (le or 256) if le is not None else None
    first = int.from_bytes(body[1:3], "big")
    if len(body) == 3:
        return b"", first or 65536
    data = body[3:3 + first]
    rest = body[3 + first:]
    return data, (int.from_bytes(rest, "big") or 65536) if len(rest) == 2 else None

# ------------------------------------------------------------------------------------------- the card


EMRTD_AID = bytes.fromhex("A0000002471001")
CARD_ACCESS = 0x011C


class CccdChip:
    """The card OS VirtualICC talks to: getATR, powerUp, powerDown, reset, execute."""

    def __init__(self, directory):
        self.files = {}
        for name in os.listdir(directory):
            if name.endswith(".bin"):
                with open(os.path.join(directory, name), "rb") as f:
                    self.files[int(name[:-4], 16)] = f.read()
        with open(os.path.join(directory, "card.json")) as f:
            self.keys = json.load(f)
        self.aa_key = None  # active authentication (DG15), EC keys only
        if os.path.exists(os.path.join(directory, "aa_key.pem")):
            from Cryptodome.PublicKey import ECC
            with open(os.path.join(directory, "aa_key.pem")) as f:
                self.aa_key = ECC.import_key(f.read())
        self.apdus, self.busy, self.refusals = 0, 0.0, []
        self.reset()

    def reset(self):
        self.sm, self.app, self.selected, self.challenge, self.pace = None, False, None, None, None

    def powerUp(self):
        self.reset()

    def powerDown(self):
        self.reset()

    def getATR(self):
        # ISO 14443-4 card as a PC/SC part 3 contactless reader presents it, with TCK.
        atr = bytes.fromhex("3B8880014352414E4343434407")
        tck = 0
        for b in atr[1:]:
            tck ^= b
        return atr + bytes([tck])

    def execute(self, apdu):
        started = time.perf_counter()
        self.apdus += 1
        try:
            return self._execute(apdu)
        finally:
            self.busy += time.perf_counter() - started

    def _execute(self, apdu):
        if len(apdu) < 4:
            return b"\x67\x00"
        if self.sm and apdu[0] & 0x0C == 0x0C:
            try:
                cla, ins, p1, p2, data, le = self.sm.unwrap_command(apdu)
            except ValueError:
                self.sm = None  # a chip drops its session keys on a secure messaging error
                return b"\x69\x88"
            out, sw = self.dispatch(ins, p1, p2, data, le)
            return self.sm.wrap_response(out, sw) if self.sm else out + sw.to_bytes(2, "big")
        if self.sm:
            self.reset()  # a plain command ends secure messaging
            return b"\x69\x87"
        data, le = parse_body(apdu[4:])
        out, sw = self.dispatch(apdu[1], apdu[2], apdu[3], data, le)
        return out + sw.to_bytes(2, "big")

    def refuse(self, sw, why):
        self.refusals.append("%04X %s" % (sw, why))
        return b"", sw

    def dispatch(self, ins, p1, p2, data, le):
        if ins == 0xA4:
            return self.select(p1, data)
        if ins == 0xB0:
            return self.read_binary(((p1 & 0x7F) << 8) | p2, le or 256)
        if ins == 0x84:
            self.challenge = secrets.token_bytes(8)
            return self.challenge, 0x9000
        if ins == 0x82:
            return self.bac(data)
        if ins == 0x22:
            return self.pace_set(p1, p2, data)
        if ins == 0x86:
            return self.pace_step(data)
        if ins == 0x88:
            return self.internal_authenticate(data)
        return b"", 0x6D00

    def internal_authenticate(self, data):
        """Active authentication (9303-11 §6.1): ECDSA over the challenge, plain r||s."""
        if not self.sm:
            return b"", 0x6982
        if self.aa_key is None or len(data) != 8:
            return b"", 0x6A80
        from Cryptodome.Hash import SHA256
        from Cryptodome.Signature import DSS
        return DSS.new(self.aa_key, "fips-186-3").sign(SHA256.new(data)), 0x9000

    def select(self, p1, data):
        if p1 == 0x04:
            if data != EMRTD_AID:
                return b"", 0x6A82
            self.app, self.selected = True, None
            return b"", 0x9000
        if p1 == 0x02 and len(data) == 2:
            fid = int.from_bytes(data, "big")
            if fid not in self.files:
                return b"", 0x6A82
            if fid != CARD_ACCESS and not (self.app and self.sm):
                return b"", 0x6982
            self.selected = fid
            return b"", 0x9000
        return b"", 0x6A86

    def read_binary(self, offset, le):
        if self.selected is None:
            return b"", 0x6986
        content = self.files[self.selected]
        if offset > len(content):
            return b"", 0x6B00
        chunk = content[offset:offset + le]
        return chunk, 0x9000 if len(chunk) == le else 0x6282

    # --- BAC (9303-11 §4.3), card side
    def bac(self, data):
        mrz = self.keys["mrz"]
        seed = hashlib.sha1(mrz_information(mrz["document_number"], mrz["date_of_birth"],
                                            mrz["date_of_expiry"])).digest()[:16]
        k_enc, k_mac = kdf(seed, 1, "3DES"), kdf(seed, 2, "3DES")
        if self.challenge is None or len(data) != 40:
            return b"", 0x6700
        if retail_mac(k_mac, pad(data[:32], 8)) != data[32:]:
            return self.refuse(0x6300, "BAC: terminal MAC wrong (wrong MRZ data)")
        s = des3_cbc(k_enc, data[:32], False)
        rnd_ifd, rnd_ic, k_ifd = s[:8], s[8:16], s[16:]
        if rnd_ic != self.challenge:
            return self.refuse(0x6300, "BAC: challenge not echoed")
        k_ic = secrets.token_bytes(16)
        e_ic = des3_cbc(k_enc, rnd_ic + rnd_ifd + k_ic, True)
        answer = e_ic + retail_mac(k_mac, pad(e_ic, 8))
        seed = bytes(a ^ b for a, b in zip(k_ifd, k_ic))
        self.sm = SecureMessaging("3DES", kdf(seed, 1, "3DES"), kdf(seed, 2, "3DES"), rnd_ic[4:] + rnd_ifd[4:])
        self.challenge = None
        return answer, 0x9000

    # --- PACE ECDH generic mapping (9303-11 §4.4), card side
    def pace_set(self, p1, p2, data):
        pace = self.keys.get("pace")
        if not pace or CARD_ACCESS not in self.files:
            return b"", 0x6D00
        fields = dict(parse_tlvs(data))
        if fields.get(0x80) != oid_to_bytes(pace["protocol"]):
            return b"", 0x6A80
        password = fields.get(0x83, b"\x00")[0]
        if password == 1 and self.keys.get("refuse_pace_with_mrz"):
            return self.refuse(0x6982, "PACE with the MRZ is not allowed on this card")
        if password not in (1, 2):
            return b"", 0x6A88
        suffix = pace["protocol"].rsplit(".", 1)[1]
        cipher, length = ("3DES", 16) if suffix == "1" else ("AES", {"2": 16, "3": 24, "4": 32}[suffix])
        self.pace = {"password": password, "curve": CURVES[pace["parameter_id"]], "cipher": cipher,
                     "length": length, "oid": oid_to_bytes(pace["protocol"]), "step": 0}
        return b"", 0x9000

    def pace_step(self, data):
        st = self.pace
        if st is None:
            return b"", 0x6985
        objects = dict(parse_tlvs(dict(parse_tlvs(data))[0x7C]))
        curve, block = st["curve"], 16 if st["cipher"] == "AES" else 8
        if st["step"] == 0:
            if st["password"] == 2:
                secret = self.keys["can"].encode()
            else:
                m = self.keys["mrz"]
                secret = hashlib.sha1(mrz_information(m["document_number"], m["date_of_birth"],
                                                      m["date_of_expiry"])).digest()
            k_pi = kdf(secret, 3, st["cipher"], st["length"])
            st["nonce"] = secrets.token_bytes(block)
            z = aes_cbc(k_pi, st["nonce"], True) if st["cipher"] == "AES" else des3_cbc(k_pi, st["nonce"], True)
            st["step"] = 1
            return tlv(0x7C, tlv(0x80, z)), 0x9000
        if st["step"] == 1:
            terminal = curve.decode(objects[0x81])
            sk = curve.random_scalar()
            h = curve.mul(sk, terminal)
            st["mapped"] = curve.with_generator(curve.add(curve.mul(int.from_bytes(st["nonce"], "big"), curve.g), h))
            st["step"] = 2
            return tlv(0x7C, tlv(0x82, curve.encode(curve.mul(sk, curve.g)))), 0x9000
        if st["step"] == 2:
            mapped = st["mapped"]
            st["terminal_key"] = objects[0x83]
            sk = mapped.random_scalar()
            st["card_key"] = mapped.encode(mapped.mul(sk, mapped.g))
            shared = mapped.mul(sk, mapped.decode(st["terminal_key"]))[0].to_bytes(mapped.size, "big")
            st["k_enc"] = kdf(shared, 1, st["cipher"], st["length"])
            st["k_mac"] = kdf(shared, 2, st["cipher"], st["length"])
            st["step"] = 3
            return tlv(0x7C, tlv(0x84, st["card_key"])), 0x9000
        token = objects.get(0x85, b"")
        if token != self.token(st, st["card_key"]):
            self.pace = None
            return self.refuse(0x6300, "PACE: terminal token wrong (wrong CAN or MRZ)")
        answer = tlv(0x7C, tlv(0x86, self.token(st, st["terminal_key"])))
        self.sm = SecureMessaging(st["cipher"], st["k_enc"], st["k_mac"], bytes(block))
        self.pace = None
        return answer, 0x9000

    @staticmethod
    def token(st, public_key):
        data = tlv(0x7F49, tlv(0x06, st["oid"]) + tlv(0x86, public_key))
        if st["cipher"] == "AES":
            return aes_cmac(st["k_mac"], data)[:8]
        return retail_mac(st["k_mac"], pad(data, 8))

# ----------------------------------------------------------------------------------- the vpcd link


class QuickAckSocket:
    """VirtualICC's socket, with exact reads and TCP_QUICKACK after each (else every APDU waits ~40 ms
    for a delayed ACK), and a close() that wakes its reader thread up cleanly."""

    def __init__(self, sock):
        self.sock = sock

    def recv(self, n):
        data = b""
        while len(data) < n:
            try:
                part = self.sock.recv(n - len(data))
            except OSError:
                return b""
            if not part:
                return b""
            data += part
        self.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_QUICKACK, 1)
        return data

    def sendall(self, data):
        self.sock.sendall(data)

    def settimeout(self, value):
        self.sock.settimeout(value)

    def close(self):
        try:
            self.sock.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass
        self.sock.close()


class Reader:
    """Puts cards on the virtual reader and takes them off."""

    def __init__(self, port):
        self.port, self.icc, self.thread, self.chip = port, None, None, None

    def insert(self, directory):
        self.remove()
        from virtualsmartcard.VirtualSmartcard import VirtualICC
        self.chip = CccdChip(directory)
        icc = VirtualICC(None, "iso7816", "127.0.0.1", self.port)
        icc.sock = QuickAckSocket(icc.sock)
        icc.sock.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        icc.os = self.chip
        self.icc = icc
        self.thread = threading.Thread(target=self._run, args=(icc,), daemon=True)
        self.thread.start()

    @staticmethod
    def _run(icc):
        try:
            icc.run()
        except SystemExit:
            pass

    def remove(self):
        if self.icc:
            self.icc.sock.close()
            self.thread.join(5)
            self.icc = None

    def stats(self):
        if not self.chip:
            return {"apdus": 0, "busy_ms": 0.0, "refusals": []}
        return {"apdus": self.chip.apdus, "busy_ms": round(self.chip.busy * 1000, 3), "refusals": self.chip.refusals}


def watch_parent(pid):
    """Ends the emulator when the test program that started it is gone (killed, or crashed)."""
    while True:
        time.sleep(0.5)
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            os._exit(0)


def serve(args):
    import logging
    logging.disable(logging.WARNING)  # VirtualICC logs every APDU at INFO; nothing personal may be printed
    if args.parent_pid:
        threading.Thread(target=watch_parent, args=(args.parent_pid,), daemon=True).start()
    reader = Reader(args.port)
    if args.card:
        reader.insert(args.card)
    server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    if os.path.exists(args.control):
        os.unlink(args.control)
    server.bind(args.control)
    server.listen(4)
    while True:
        conn, _ = server.accept()
        with conn, conn.makefile("rw") as stream:
            for line in stream:
                words = line.strip().split(" ", 1)
                try:
                    if words[0] == "insert":
                        reader.insert(words[1])
                        answer = "ok"
                    elif words[0] == "remove":
                        reader.remove()
                        answer = "ok"
                    elif words[0] == "stats":
                        answer = json.dumps(reader.stats())
                    elif words[0] == "quit":
                        reader.remove()
                        stream.write("ok\n")
                        stream.flush()
                        return 0
                    else:
                        answer = "error unknown command"
                except Exception as error:  # report, keep serving
                    answer = "error " + type(error).__name__ + ": " + str(error)
                stream.write(answer + "\n")
                stream.flush()

# ------------------------------------------------------------------------------ ICAO worked examples


def self_test():
    """ICAO Doc 9303-11 appendices D (BAC, secure messaging) and G.1 (PACE ECDH-GM): the emulator's own
    crypto must reproduce them before its answers mean anything."""
    H = bytes.fromhex
    checks = []

    def check(name, got, want):
        checks.append((name, got == want))

    seed = hashlib.sha1(mrz_information("L898902C<", "690806", "940623")).digest()[:16]
    check("D.2 K_seed", seed, H("239AB9CB282DAF66231DC5A4DF6BFBAE"))
    check("D.2 K_enc", kdf(seed, 1, "3DES"), H("AB94FDECF2674FDFB9B391F85D7F76F2"))
    check("D.2 K_mac", kdf(seed, 2, "3DES"), H("7962D9ECE03D1ACD4C76089DCE131543"))
    e_ifd = des3_cbc(H("AB94FDECF2674FDFB9B391F85D7F76F2"),
                     H("781723860C06C2264608F919887022120B795240CB7049B01C19B33E32804F0B"), True)
    check("D.3 E_IFD", e_ifd, H("72C29C2371CC9BDB65B779B8E8D37B29ECC154AA56A8799FAE2F498F76ED92F2"))
    check("D.3 M_IFD", retail_mac(H("7962D9ECE03D1ACD4C76089DCE131543"), pad(e_ifd, 8)), H("5F1448EEA8AD90A7"))
    sm = SecureMessaging("3DES", H("979EC13B1CBFE9DCD01AB0FED307EAE5"), H("F1CB1F1FB5ADF208806B89DC579DC1F8"),
                         H("887022120C06C226"))
    check("D.4 SELECT EF.COM", sm.unwrap_command(H("0CA4020C158709016375432908C044F68E08BF8B92D635FF24F800")),
          (0, 0xA4, 2, 0x0C, H("011E"), None))
    check("D.4 SELECT response", sm.wrap_response(b"", 0x9000), H("990290008E08FA855A5D4C50A8ED9000"))
    sm.unwrap_command(H("0CB000000D9701048E08ED6705417E96BA5500"))
    check("D.4 READ BINARY response", sm.wrap_response(H("60145F01"), 0x9000),
          H("8709019FF0EC34F9922651990290008E08AD55CC17140B2DED9000"))

    c = CURVES[13]
    k_pi = kdf(hashlib.sha1(mrz_information("T22000129", "640812", "101031")).digest(), 3, "AES")
    check("G.1 K_pi", k_pi, H("89DED1B26624EC1E634C1989302849DD"))
    nonce = aes_cbc(k_pi, H("95A3A016522EE98D01E76CB6B98B42C3"), False)
    check("G.1 nonce", nonce, H("3F00C4D39D153F2B2A214A078D899B22"))
    sk_map_ic = _h("498FF49756F2DC1587840041839A85982BE7761D14715FB091EFA7BCE9058560")
    pk_map_ifd = c.decode(H("047ACF3EFC982EC45565A4B155129EFBC74650DCBFA6362D896FC70262E0C2CC5E"
                            "544552DCB6725218799115B55C9BAA6D9F6BC3A9618E70C25AF71777A9C4922D"))
    check("G.1 PK_map,IC", c.encode(c.mul(sk_map_ic, c.g)),
          H("04824FBA91C9CBE26BEF53A0EBE7342A3BF178CEA9F45DE0B70AA601651FBA3F57"
            "30D8C879AAA9C9F73991E61B58F4D52EB87A0A0C709A49DC63719363CCD13C54"))
    mapped = c.add(c.mul(int.from_bytes(nonce, "big"), c.g), c.mul(sk_map_ic, pk_map_ifd))
    check("G.1 mapped generator", c.encode(mapped),
          H("048CED63C91426D4F0EB1435E7CB1D74A46723A0AF21C89634F65A9AE87A9265E2"
            "8C879506743F8611AC33645C5B985C80B5F09A0B83407C1B6A4D857AE76FE522"))
    m = c.with_generator(mapped)
    sk_dh_ic = _h("107CF58696EF6155053340FD633392BA81909DF7B9706F226F32086C7AFF974A")
    check("G.1 PK_DH,IC", m.encode(m.mul(sk_dh_ic, m.g)),
          H("049E880F842905B8B3181F7AF7CAA9F0EFB743847F44A306D2D28C1D9EC65DF6DB"
            "7764B22277A2EDDC3C265A9F018F9CB852E111B768B326904B59A0193776F094"))
    pk_dh_ifd = H("042DB7A64C0355044EC9DF190514C625CBA2CEA48754887122F3A5EF0D5EDD301C"
                  "3556F3B3B186DF10B857B58F6A7EB80F20BA5DC7BE1D43D9BF850149FBB36462")
    shared = m.mul(sk_dh_ic, m.decode(pk_dh_ifd))[0].to_bytes(32, "big")
    check("G.1 shared secret", shared, H("28768D20701247DAE81804C9E780EDE582A9996DB4A315020B2733197DB84925"))
    st = {"cipher": "AES", "k_mac": kdf(shared, 2, "AES"), "oid": oid_to_bytes("0.4.0.127.0.7.2.2.4.2.2")}
    check("G.1 KS_enc", kdf(shared, 1, "AES"), H("F5F0E35C0D7161EE6724EE513A0D9A7F"))
    check("G.1 T_IC", CccdChip.token(st, pk_dh_ifd), H("3ABB9674BCE93C08"))
    for name, ok in checks:
        print(("ok   " if ok else "FAIL ") + name)
    return 0 if all(ok for _, ok in checks) else 1


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--port", type=int, default=35963)
    parser.add_argument("--control")
    parser.add_argument("--card")
    parser.add_argument("--self-test", action="store_true")
    parser.add_argument("--parent-pid", type=int, help="quit when this process is gone")
    args = parser.parse_args()
    if args.self_test:
        return self_test()
    if not args.control:
        parser.error("--control is required")
    return serve(args)


if __name__ == "__main__":
    sys.exit(main())
