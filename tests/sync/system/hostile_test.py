#!/usr/bin/env python3
"""System test (issue 11): a hostile one-stop server on loopback, and what the kiosk side does with it.

The server speaks HTTP like the ministry's, but answers with JSON nested 300,000 levels deep, a body that never
ends, the right shape with the wrong types, and text that is not UTF-8. Against it:
  - `kioskctl sync --once` exits with a clear "answered nonsense" failure (never a signal), its peak memory
    stays bounded, and the queued dossiers are all still queued;
  - the real `kiosk` (under Xvfb) syncs, refreshes its catalog and looks up a scanned receipt against it and
    keeps running with bounded memory;
and the reference server (onestop-server) survives the same treatment on /api/heartbeat, /api/auth and
/api/integration, and still answers a well-formed client afterwards.

Usage: hostile_test.py KIOSKCTL KIOSK ONESTOP_SERVER ASSETS_DIR   (run under `xvfb-run -a`)
"""
import http.client
import http.server
import json
import os
import shutil
import signal
import socket
import socketserver
import subprocess
import sys
import tempfile
import threading
import time

KIOSKCTL, KIOSK, ONESTOP, ASSETS = sys.argv[1:5]
DEEP = 300_000
failures = []


def check(condition, message):
    print(("ok    " if condition else "FAIL  ") + message, flush=True)
    if not condition:
        failures.append(message)


# ---------------------------------------------------------------- the hostile server
class Hostile(http.server.BaseHTTPRequestHandler):
    mode = "deep"
    integration_calls = {}  # mode -> count
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def send_body(self, body, content_type="application/json"):
        self.send_response(200)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_POST(self):
        length = int(self.headers.get("Content-Length", "0"))
        self.rfile.read(length)
        mode = Hostile.mode
        if self.path.endswith("/auth") and mode != "deep-auth":
            return self.send_body(b'{"error_code": 0, "session": "hostile"}')
        Hostile.integration_calls[mode] = Hostile.integration_calls.get(mode, 0) + 1
        try:
            if mode in ("deep", "deep-auth"):
                self.send_body(b'{"error_code":"0","session":"s","result":' + b"[" * DEEP + b"]" * DEEP + b"}")
            elif mode == "endless":
                # No length, never ends: only the client's cap stops it.
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Transfer-Encoding", "chunked")
                self.end_headers()
                chunk = b"[" * 65536
                frame = b"%x\r\n" % len(chunk) + chunk + b"\r\n"
                deadline = time.time() + 60
                while time.time() < deadline:
                    self.wfile.write(frame)
            elif mode == "types":
                self.send_body(json.dumps({"error_code": "0", "session": 12, "result": [
                    {"MaHoSo": ["x"], "error_code": {"a": 1}, "TrangThaiHoSo": None, "MATTHC": 5, "KIOSK": "no"}
                ] * 3}).encode())
            elif mode == "utf8":
                self.send_body(b'{"error_code":"0","session":"\xff\xfe","result":[{"MaHoSo":"\xc3\x28","TrangThaiHoSo":"4"}]}')
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client hung up: what we want


class Server(socketserver.ThreadingMixIn, http.server.HTTPServer):
    daemon_threads = True
    allow_reuse_address = True


hostile = Server(("127.0.0.1", 0), Hostile)
threading.Thread(target=hostile.serve_forever, daemon=True).start()
hostile_url = f"http://127.0.0.1:{hostile.server_address[1]}/api"

work = tempfile.mkdtemp(prefix="mc-hostile-")
config = os.path.join(work, "kiosk.toml")
with open(config, "w") as out:
    out.write(f'data_dir = "{work}/data"\nassets_dir = "{ASSETS}"\nlog_level = "warn"\n[kiosk]\nslot = 1\n'
              f'[server]\nurl = "{hostile_url}"\nconnect_timeout_s = 2\ntotal_timeout_s = 10\n'
              f'max_answer_bytes = 1048576\ncatalog_refresh_s = 60\nstatus_poll_s = 5\n'
              f'[ui]\nidle_timeout_s = 600\n')


def run(args):
    """Runs a program; returns (exit code, or -signal, and its output)."""
    process = subprocess.run(args, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, timeout=180)
    return process.returncode, process.stdout.decode(errors="replace")


def peak_rss_mb(args):
    """Runs a program; returns (exit code or -signal, its output, its own peak resident memory in MB)."""
    out_path = os.path.join(work, "out.txt")
    with open(out_path, "wb") as out:
        process = subprocess.Popen(args, stdout=out, stderr=subprocess.STDOUT)
        _, status, usage = os.wait4(process.pid, 0)
    with open(out_path, errors="replace") as f:
        return os.waitstatus_to_exitcode(status), f.read(), usage.ru_maxrss / 1024


# ---------------------------------------------------------------- a queue to protect
answers = os.path.join(work, "answers.json")
with open(answers, "w") as out:
    json.dump({"phone": "0912345678", "licence_number": "012345678912", "licence_class": "B1", "reissue_reason": "expired",
               "expiry_date": "2026-01-10", "health_check_date": "2026-02-01", "result_delivery": "in_person",
               "consent": "true"}, out)
codes = []
for _ in range(2):
    code, output = run([KIOSKCTL, "--config", config, "submit", "--procedure", "1.002820", "--answers", answers,
                        "--id-qr", "001099012345||Nguyễn Văn A|15031999|Nam|Số 1 Đường ABC, Phường X, TP Z|10052021"])
    check(code == 0, f"kioskctl submit queued a dossier: {output.strip()[-200:]}")
    codes.append(output.strip().splitlines()[-1] if output.strip() else "")
if failures:
    sys.exit("cannot queue the dossiers to protect: " + "; ".join(failures))


def queue_intact(when):
    code, output = run([KIOSKCTL, "--config", config, "queue", "list", "--state", "queued"])
    check(code == 0 and all(c and c in output for c in codes), f"{when}: both dossiers still queued")


# ---------------------------------------------------------------- kioskctl against each mode
for mode in ("deep", "endless", "types", "utf8", "deep-auth"):
    Hostile.mode = mode
    code, output, rss = peak_rss_mb([KIOSKCTL, "--config", config, "sync", "--once", "--wait-s", "5"])
    print(f"      kioskctl sync --once [{mode}]: exit {code}, peak {rss:.0f} MB: {output.strip()[-160:]}")
    check(code == 1, f"kioskctl sync --once [{mode}] fails cleanly (exit 1, not a signal: {code})")
    check("nonsense" in output or "malformed" in output or "result" in output,
          f"kioskctl sync --once [{mode}] says the server answered nonsense")
    check(rss < 200, f"kioskctl sync --once [{mode}] peak memory {rss:.0f} MB < 200 MB")
    queue_intact(f"after kioskctl [{mode}]")


# ---------------------------------------------------------------- the kiosk against each mode
def vm_hwm_mb(pid):
    with open(f"/proc/{pid}/status") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return 0


def widgets(hooks):
    try:
        with open(os.path.join(hooks, "widgets.txt")) as f:
            return dict(line.split(" ", 1) for line in f.read().splitlines() if " " in line)
    except OSError:
        return {}


for mode in ("deep", "endless", "types", "utf8"):
    Hostile.mode = mode
    before = Hostile.integration_calls.get(mode, 0)
    hooks = os.path.join(work, "hooks-" + mode)
    log = open(os.path.join(work, f"kiosk-{mode}.log"), "wb")
    kiosk = subprocess.Popen([KIOSK, "--config", config, "--test-hooks", hooks, "--size", "540x960", "--windowed"],
                             stdout=log, stderr=subprocess.STDOUT)
    # The sync thread's first round (and its catalog refresh) goes to the server at once.
    deadline = time.time() + 60
    while time.time() < deadline and Hostile.integration_calls.get(mode, 0) <= before and kiosk.poll() is None:
        time.sleep(0.1)
    check(Hostile.integration_calls.get(mode, 0) > before, f"kiosk [{mode}]: its sync reached the hostile server")
    # A receipt scanned on the attract screen: the status look-up goes to the same server.
    for _ in range(100):
        if widgets(hooks).get("screen") == "attract":
            break
        time.sleep(0.1)
    subprocess.run(["xdotool", "type", "--delay", "2", codes[0]], check=False)
    subprocess.run(["xdotool", "key", "Return"], check=False)
    time.sleep(4)  # answers read, look-up answered, a frame or two drawn
    alive = kiosk.poll() is None
    hwm = vm_hwm_mb(kiosk.pid) if alive else 0
    frame = widgets(hooks).get("frame", "?")
    check(alive, f"kiosk [{mode}] keeps running (frame {frame})")
    check(alive and hwm < 600, f"kiosk [{mode}] peak memory {hwm:.0f} MB < 600 MB (llvmpipe included)")
    if alive:
        kiosk.send_signal(signal.SIGTERM)
        kiosk.wait(timeout=30)
    log.close()
    queue_intact(f"after the kiosk [{mode}]")
with open(os.path.join(work, "kiosk-deep.log"), errors="replace") as f:
    check("nested deeper" in f.read(), "the kiosk logged the deep answer as nonsense")

# ---------------------------------------------------------------- the reference server under the same attack
server = subprocess.Popen([ONESTOP, "--port", "0", "--status-pace-s", "0"], stdout=subprocess.PIPE,
                          stderr=subprocess.DEVNULL)
port = int(server.stdout.readline().decode().rsplit(":", 1)[1])


def post(path, body, headers=None):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        connection.request("POST", path, body=body, headers=headers or {"Content-Type": "application/json",
                                                                         "dstcode": "000.00.15.G12"})
        response = connection.getresponse()
        response.read()
        return response.status
    except (ConnectionError, http.client.HTTPException, socket.timeout):
        return None
    finally:
        connection.close()


deep = b'{"session":"x","KioskId":' + b"[" * DEEP + b"]" * DEEP + b"}"
for path in ("/api/heartbeat", "/api/auth", "/api/integration"):
    status = post(path, deep)
    check(status in (400, 401), f"onestop-server answers a 300,000-deep {path} with 400/401 (got {status})")
    status = post(path, b'{"username":"\xff\xfe","password":"x"}')
    check(status in (400, 401), f"onestop-server answers non-UTF-8 on {path} with 400/401 (got {status})")
status = post("/api/integration", b"[" * (16 << 20))
check(status in (413, None), f"onestop-server refuses a 16 MB body (got {status})")
check(server.poll() is None, "onestop-server is still running")
hwm = vm_hwm_mb(server.pid)
check(hwm < 300, f"onestop-server peak memory {hwm:.0f} MB < 300 MB")
status = post("/api/auth", json.dumps({"username": "kiosk", "password": "kiosk-demo"}).encode())
check(status == 200, f"onestop-server still serves a well-formed client (auth: {status})")
server.send_signal(signal.SIGTERM)
server.wait(timeout=30)

hostile.shutdown()
shutil.rmtree(work, ignore_errors=True)
print(f"{len(failures)} failure(s)")
sys.exit(1 if failures else 0)
