#!/usr/bin/python3
"""bench/abuse/abuse.py — issue 12's attacks against a real gg-server, with a
bystander game of four server bots watched throughout. Figures only: nothing
here asserts on time (the tests in tests/server/test_host_abuse.c assert the
behaviour).

    bench/abuse/abuse.py build/bin [--seconds 5] [--json]       # the attacks
    bench/abuse/abuse.py build/bin kills [--kills 25] [--turning] [--json]  # SIGKILL
    bench/abuse/abuse.py build/bin recovery [--games 1000] [--turns 2,5,11] [--json]

Attacks (one run, one server, in this order; the bystander's p99 round trip
is measured at rest first, the same run's baseline):
  rest          nothing but the bystander
  idle_conns    thousands of TCP connections from many loopback addresses
                that never send a byte (handshake timeout, per-address cap)
  create_flood  one address sends 2,000 create_game at 400/s, replies read
                after (the attack that filled the lobby: 1,999 games in 5.2 s);
                server RSS before and after
  join_guess    one address guesses join codes, a new connection per guess
                (per-address backoff): guesses the server actually checked
                per second
  big_message   four joined connections send 64 KiB messages as fast as the
                server takes them
  heavy_bots    ten games of four mcts:8:8 server bots created at once
The bystander: a belt-and-road game of four greedy server bots with an
observer that sends `ping` every 20 ms (round trip = ping -> pong) and counts
the game's turn results (its pace: about one phase per GG_ALL_BOT_PHASE_MS).

kills: a game with a journal; a seat sends public chat messages (each one
acknowledged once the journal has committed it), the server is killed with
SIGKILL at a random moment (uniform in 20..400 ms), restarted on the same
data, and the moderator's debrief (which lists every chat message from the
journal) must hold every acknowledged message. Prints kills, acknowledged
messages and how many were lost. With --turning the other three seats are
server bots and every phase has a 1 s deadline, so turns resolve between the
kills and restarts recover from the per-turn snapshots (counted).

recovery: recovery time against game length, with the per-turn snapshots
and without (issue 12 item 6). For each --turns T, `bench-host recovery`
(bench/server) plays --games games (three greedy server bots, a networked
Kazakhstan) until T turns are resolved, SIGKILLs the server, and times
process start -> listening on that journal as it is (each game rebuilt from
its last snapshot) and on a copy with --no-snapshots (every record
replayed), three times each on fresh copies: medians of the wall time and
of the server's CPU time until it listened, and the three wall times.
One row per T, with the load average (the machine may be shared).
"""
import json
import os
import random
import re
import resource
import signal
import socket
import struct
import subprocess
import sys
import tempfile
import time

import msgpack

PORT_RE = re.compile(r"event=listening .*?port=(\d+)")


# ---- a minimal client (PROTOCOL.md §1: 4-byte big-endian length + msgpack) ----

class Conn:
    def __init__(self, port, src="127.0.0.1", timeout=10.0):
        self.s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.s.bind((src, 0))
        self.s.settimeout(timeout)
        self.s.connect(("127.0.0.1", port))
        self.s.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self.buf = bytearray()
        self.rid = 0
        self.stream = []

    def send(self, msg):
        if "rid" not in msg:
            self.rid += 1
            msg = dict(msg, rid=self.rid)
        body = msgpack.packb(msg, use_bin_type=True)
        self.s.sendall(struct.pack(">I", len(body)) + body)
        return msg["rid"]

    def recv(self, timeout=None):
        if timeout is not None:
            self.s.settimeout(timeout)
        while True:
            if len(self.buf) >= 4:
                (n,) = struct.unpack(">I", self.buf[:4])
                if len(self.buf) >= 4 + n:
                    body = bytes(self.buf[4:4 + n])
                    del self.buf[:4 + n]
                    m = msgpack.unpackb(body, raw=False)
                    if m.get("t") == "ping" and not m.get("seq"):
                        self.send({"t": "ping", "rid": 0})  # the server's idle ping
                        continue
                    return m
            chunk = self.s.recv(65536)
            if not chunk:
                raise ConnectionError("closed")
            self.buf += chunk

    def request(self, msg, timeout=10.0):
        rid = self.send(msg)
        while True:
            m = self.recv(timeout)
            if m.get("rid") == rid and not m.get("seq"):
                return m
            self.stream.append(m)

    def hello(self):
        return self.request({"t": "hello", "v": 1, "name": "bench-abuse", "feat": 31})

    def close(self):
        try:
            self.s.close()
        except OSError:
            pass


def start_server(bin_dir, args, log):
    log.flush()
    offset = os.path.getsize(log.name)  # a restart appends to the same log
    proc = subprocess.Popen([os.path.join(bin_dir, "gg-server"), "--port", "0", "--bind",
                             "127.0.0.1", "--log-level", "info"] + args,
                            stdout=subprocess.DEVNULL, stderr=log, start_new_session=True)
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        with open(log.name, errors="replace") as f:
            f.seek(offset)
            m = PORT_RE.search(f.read())
        if m:
            return proc, int(m.group(1))
        if proc.poll() is not None:
            break
        time.sleep(0.02)
    proc.kill()
    raise RuntimeError("gg-server did not start; log: " + log.name)


def rss_kib(pid):
    with open("/proc/%d/status" % pid) as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return -1


def pct(xs, q):
    if not xs:
        return float("nan")
    xs = sorted(xs)
    return xs[min(len(xs) - 1, int(q * len(xs)))]


# ---- the bystander (a separate process, so the attacks do not share its GIL) --

def bystander(port, code, seconds, out):
    """Observer of the bot game: ping every 20 ms for `seconds`, write the
    round trips (ms) and the turn results seen to `out` as JSON."""
    c = Conn(port)
    c.hello()
    c.request({"t": "join", "code": code})
    rtts, turns, end = [], 0, time.monotonic() + seconds
    while time.monotonic() < end:
        t0 = time.perf_counter()
        r = c.request({"t": "ping"}, timeout=30)
        rtts.append((time.perf_counter() - t0) * 1000)
        assert r["t"] == "pong", r
        turns += sum(1 for m in c.stream if m.get("t") == "turn_result")
        c.stream.clear()
        time.sleep(0.02)
    json.dump({"rtt": rtts, "turns": turns}, open(out, "w"))


def watch(bin_dir, port, code, seconds):
    out = tempfile.mktemp(suffix=".json")
    p = subprocess.Popen([sys.executable, os.path.abspath(__file__), bin_dir, "_bystander",
                          str(port), code, str(seconds), out])
    return p, out


def finish(p, out):
    p.wait()
    d = json.load(open(out))
    os.unlink(out)
    return d


def new_bystander(port):
    c = Conn(port)
    c.hello()
    g = c.request({"t": "create_game", "scen": "belt-and-road",
                   "bots": {s: "greedy" for s in ("china", "russia", "west", "kazakhstan")}})
    c.close()
    assert g["t"] == "game_created", g
    return g["obs"]


# ---- the attacks: each runs for about `seconds` and returns its own figures ----

def atk_rest(port, seconds, pid):
    time.sleep(seconds)
    return {}


def atk_idle_conns(port, seconds, pid):
    conns, refused, t_end = [], 0, time.monotonic() + seconds
    for a in range(2, 42):  # 40 addresses x 100 = 4,000 silent connections
        for _ in range(100):
            s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
            try:
                s.bind(("127.1.0.%d" % a, 0))
                s.connect(("127.0.0.1", port))
                conns.append(s)
            except OSError:
                refused += 1
                s.close()
    opened = len(conns)
    time.sleep(max(0.0, t_end - time.monotonic()))
    for s in conns:
        s.close()
    return {"connections_opened": opened, "connect_failures": refused}


def atk_create_flood(port, seconds, pid):
    before = rss_kib(pid)
    c = Conn(port, src="127.0.0.2")
    c.hello()
    n, t0 = 2000, time.monotonic()
    for i in range(n):  # at 400 a second: under the per-connection message rate
        c.send({"t": "create_game", "scen": "classroom"})
        if i % 40 == 39:
            time.sleep(max(0.0, t0 + (i + 1) / 400.0 - time.monotonic()))
    got = {}
    for i in range(n):
        m = c.recv(30)
        k = m["t"] if m["t"] != "error" else m["name"]
        got[k] = got.get(k, 0) + 1
    took = time.monotonic() - t0
    c.close()
    time.sleep(max(0.0, seconds - took))
    return {"requests": n, "replies": got, "rss_before_kib": before,
            "rss_after_kib": rss_kib(pid)}


def atk_join_guess(port, seconds, pid):
    checked = limited = 0
    t_end = time.monotonic() + seconds
    while time.monotonic() < t_end:
        c = Conn(port, src="127.0.0.3")
        c.hello()
        r = c.request({"t": "join", "code": "ZZZZ-%04d" % random.randrange(10000)})
        if r.get("name") == "BAD_CODE":
            checked += 1
        elif r.get("name") == "RATE_LIMITED":
            limited += 1
        c.close()
    return {"guesses_checked": checked, "guesses_refused_unchecked": limited,
            "checked_per_s": round(checked / seconds, 2),
            "attempts_per_s": round((checked + limited) / seconds, 1)}


def atk_big_message(port, seconds, pid):
    c = Conn(port)
    c.hello()
    g = c.request({"t": "create_game", "scen": "classroom"})
    conns = []
    for seat in ("china", "russia", "west", "kazakhstan"):
        x = Conn(port)
        x.hello()
        x.request({"t": "join", "code": g["codes"][seat]})
        x.s.setblocking(False)
        conns.append(x)
    c.close()
    body = msgpack.packb({"t": "ping", "junk": b"x" * 65000}, use_bin_type=True)
    frame = struct.pack(">I", len(body)) + body
    out = [bytearray() for _ in conns]
    sent, alive, t_end = 0, len(conns), time.monotonic() + seconds
    while time.monotonic() < t_end and alive:
        for i, x in enumerate(conns):
            if x is None:
                continue
            if not out[i]:
                out[i] += frame
                sent += 1
            try:
                del out[i][:x.s.send(out[i])]
                while x.s.recv(1 << 20):
                    pass
            except BlockingIOError:
                pass
            except OSError:  # the server hung up (a flood is disconnected)
                conns[i] = None
                alive -= 1
    for x in conns:
        if x:
            x.close()
    return {"big_frames_sent": sent, "big_mb_per_s": round(sent * len(frame) / seconds / 1e6, 1),
            "attackers_disconnected": len(conns) - alive}


def atk_heavy_bots(port, seconds, pid):
    c = Conn(port, src="127.0.0.4")
    c.hello()
    made = 0
    for i in range(10):
        r = c.request({"t": "create_game", "scen": "belt-and-road",
                       "bots": {s: "mcts:8:8" for s in ("china", "russia", "west", "kazakhstan")}})
        made += r["t"] == "game_created"
    c.close()
    time.sleep(seconds)
    return {"games": made}


ATTACKS = [("rest", atk_rest), ("idle_conns", atk_idle_conns), ("create_flood", atk_create_flood),
           ("join_guess", atk_join_guess), ("big_message", atk_big_message),
           ("heavy_bots", atk_heavy_bots)]


def attacks(bin_dir, seconds, as_json):
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
    log = tempfile.NamedTemporaryFile(prefix="gg-abuse-", suffix=".log", delete=False)
    proc, port = start_server(bin_dir, ["--no-journal"], log)
    rows = []
    try:
        for name, fn in ATTACKS:
            code = new_bystander(port)
            time.sleep(0.5)
            p, out = watch(bin_dir, port, code, seconds)
            time.sleep(0.3)  # the bystander is pinging before the attack starts
            extra = fn(port, seconds, proc.pid)
            d = finish(p, out)
            rows.append(dict(attack=name, rtt_p50_ms=round(pct(d["rtt"], 0.5), 3),
                             rtt_p99_ms=round(pct(d["rtt"], 0.99), 3),
                             rtt_max_ms=round(max(d["rtt"]), 3), pings=len(d["rtt"]),
                             bystander_turns=d["turns"], **extra))
            if proc.poll() is not None:
                raise RuntimeError("the server died during %s; log: %s" % (name, log.name))
    finally:
        proc.send_signal(signal.SIGTERM)
        proc.wait(10)
    report(rows, as_json)


# ---- SIGKILL durability -------------------------------------------------------

def kills(bin_dir, n_kills, as_json, turning=False):
    data = tempfile.mkdtemp(prefix="gg-abuse-kills-")
    log = tempfile.NamedTemporaryFile(prefix="gg-abuse-kills-", suffix=".log", delete=False)
    proc, port = start_server(bin_dir, ["--data", data], log)
    c = Conn(port)
    c.hello()
    create = {"t": "create_game", "scen": "classroom"}
    if turning:  # turns resolve during the kills: recoveries start from snapshots
        create.update(bots={"russia": "greedy", "west": "greedy", "kazakhstan": "greedy"},
                      dl_dip=1, dl_ord=1, dl_cri=1)
    g = c.request(create)
    c.close()
    acked, sent, seq = set(), 0, 0
    rng = random.Random(12)
    for k in range(n_kills):
        c = Conn(port)
        c.hello()
        c.request({"t": "join", "code": g["codes"]["china"]})
        c.s.setblocking(False)
        pending, t_kill = {}, time.monotonic() + rng.uniform(0.02, 0.4)
        while time.monotonic() < t_kill:
            if len(pending) < 4:
                seq += 1
                text = "m%d" % seq
                try:
                    rid = c.send({"t": "chat", "ch": "public", "text": text})
                except OSError:
                    break
                pending[rid] = text
                sent += 1
            try:
                m = c.recv(0)
            except (BlockingIOError, socket.timeout):
                m = None
            except (ConnectionError, OSError):
                break
            if m and m.get("rid") in pending and not m.get("seq"):
                text = pending.pop(m["rid"])
                if m["t"] == "ok":
                    acked.add(text)
                elif m.get("name") == "RATE_LIMITED":
                    time.sleep(0.05)
            if not m:
                time.sleep(0.001)
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
        c.close()
        proc, port = start_server(bin_dir, ["--data", data], log)
    # Every acknowledged message must be in the journal: the debrief lists them.
    mod = Conn(port)
    mod.hello()
    mod.request({"t": "join", "code": g["mod"]})
    parts, total = [], None
    r = mod.request({"t": "debrief"}, timeout=30)
    while r.get("t") == "debrief_data":
        parts.append(r["data"])
        total = r["parts"]
        if len(parts) >= total:
            break
        r = mod.recv(30)
    if not parts:
        raise RuntimeError("no debrief: %r" % r)
    text = b"".join(p if isinstance(p, bytes) else p.encode() for p in parts).decode()
    found = set(re.findall(r'"(m\d+)"', text))
    lost = sorted(acked - found)
    proc.send_signal(signal.SIGTERM)
    proc.wait(10)
    with open(log.name, errors="replace") as f:
        lines = f.read().splitlines()
    row = {"kills": n_kills, "chat_sent": sent, "acknowledged": len(acked),
           "acknowledged_lost": len(lost), "lost_examples": lost[:5],
           "in_journal_not_acknowledged": len(found - acked),
           "recoveries_from_snapshot": sum("event=game_recovered" in x and "from=snapshot" in x
                                           for x in lines),
           "game_turn_at_end": max([m.get("turn", 0) for m in mod.stream
                                    if m.get("t") == "state"] or [0])}
    report([row], as_json)
    return 1 if lost else 0


# ---- recovery time against game length -----------------------------------------

def recovery(bin_dir, games, turns_list, as_json):
    rows = []
    for t in turns_list:
        out = subprocess.run([os.path.join(bin_dir, "bench-host"), "recovery", "--games",
                              str(games), "--turns", str(t)],
                             capture_output=True, text=True, check=False)
        kv = dict(line.split("=", 1) for line in out.stdout.splitlines() if "=" in line)
        if out.returncode != 0 or "recovery.start_to_listening_ms" not in kv:
            raise RuntimeError("bench-host recovery --turns %d failed:\n%s%s"
                               % (t, out.stdout, out.stderr[-2000:]))
        rows.append({
            "games": games, "turns_resolved": t,
            "commands": int(kv["recovery.commands_before_kill"]),
            "journal_mib": round(int(kv["recovery.journal_bytes"]) / 1048576, 1),
            "start_ms_snapshots": float(kv["recovery.start_to_listening_ms"]),
            "start_ms_full_replay": float(kv["recovery.full_replay_start_to_listening_ms"]),
            "cpu_ms_snapshots": float(kv["recovery.start_cpu_ms"]),
            "cpu_ms_full_replay": float(kv["recovery.full_replay_start_cpu_ms"]),
            "runs_snapshots": kv["recovery.start_to_listening_ms_runs"],
            "runs_full_replay": kv["recovery.full_replay_start_to_listening_ms_runs"],
            "games_recovered": int(kv["recovery.game_recovered_lines"]),
            "empty_journal_ms": float(kv["recovery.baseline_empty_journal_ms"]),
            "loadavg_1m": round(os.getloadavg()[0], 2),
        })
    report(rows, as_json)
    return 0


def report(rows, as_json):
    if as_json:
        print(json.dumps(rows, indent=1))
        return
    for r in rows:
        print(" ".join("%s=%s" % (k, json.dumps(v) if isinstance(v, (dict, list)) else v)
                       for k, v in r.items()))


def main(argv):
    if len(argv) >= 2 and argv[1] in ("-h", "--help"):
        print(__doc__)
        return 0
    if len(argv) < 2:
        sys.stderr.write("usage: abuse.py BIN_DIR [kills|recovery] [--seconds S] [--kills N] "
                         "[--games N] [--turns T,T,...] [--json]\n")
        return 2
    bin_dir = argv[1]
    if len(argv) > 2 and argv[2] == "_bystander":
        bystander(int(argv[3]), argv[4], float(argv[5]), argv[6])
        return 0
    as_json = "--json" in argv
    val = lambda flag, d: type(d)(argv[argv.index(flag) + 1]) if flag in argv else d  # noqa: E731
    if "kills" in argv[2:]:
        return kills(bin_dir, val("--kills", 25), as_json, "--turning" in argv)
    if "recovery" in argv[2:]:
        turns = [int(x) for x in val("--turns", "2,5,11").split(",")]
        return recovery(bin_dir, val("--games", 1000), turns, as_json)
    attacks(bin_dir, val("--seconds", 5.0), as_json)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
