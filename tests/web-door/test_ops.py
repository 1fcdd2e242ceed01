#!/usr/bin/python3
"""test_ops.py — /metrics and /healthz of gg-server: the Prometheus text is
parsed line by line (a strict subset of the exposition format), every metric
issue 14 names is present with its labels and moves when it should, and
/healthz fails when the journal cannot be written.

Usage: test_ops.py BIN_DIR CASE   (--list for the cases)
"""
import os
import re
import shutil
import socket
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

from wsclient import GGWebSocket, WebSocket, read_http_response  # noqa: E402
from harness import Server, check, main_cases  # noqa: E402
from ggbot import Client, GGError  # noqa: E402

SEATS = ["china", "russia", "west", "kazakhstan"]
LINE = re.compile(r'^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{([^}]*)\})? (-?[0-9.e+-]+|\+Inf|NaN)$')
LABEL = re.compile(r'([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"')


def http_get(port, path):
    s = socket.create_connection(("127.0.0.1", port), timeout=10)
    s.sendall(b"GET %s HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n" % path.encode())
    st, hd, body, _ = read_http_response(s)
    s.close()
    return st, hd, body.decode()


def metrics(port):
    """{name: {labels tuple: value}} and {name: type}; fails on any line
    that is not valid exposition text."""
    st, hd, text = http_get(port, "/metrics")
    check(st == 200, "/metrics: %d" % st)
    check(hd["content-type"].startswith("text/plain; version=0.0.4"), "type %r" % hd)
    vals, types = {}, {}
    for line in text.splitlines():
        if line.startswith("# TYPE "):
            _, _, name, typ = line.split(" ")
            check(typ in ("counter", "gauge", "histogram"), "type line %r" % line)
            check(name.startswith("gg_"), "metric %s is not gg_*" % name)
            types[name] = typ
            continue
        if line.startswith("# HELP ") or not line:
            continue
        m = LINE.match(line)
        check(m is not None, "not exposition format: %r" % line)
        labels = tuple(sorted(LABEL.findall(m.group(3) or "")))
        vals.setdefault(m.group(1), {})[labels] = float(m.group(4))
    for name, typ in types.items():
        if typ == "counter":
            check(name.endswith("_total"), "counter %s lacks _total" % name)
        if typ == "histogram":
            for suffix in ("_bucket", "_sum", "_count"):
                check(name + suffix in vals, "histogram %s lacks %s" % (name, suffix))
    return vals, types


def value(vals, name, **labels):
    want = tuple(sorted(labels.items()))
    check(name in vals, "metric %s missing" % name)
    check(want in vals[name], "%s%r missing: %r" % (name, labels, list(vals[name])[:8]))
    return vals[name][want]


def hist_count(vals, name):
    count = value(vals, name + "_count")
    inf = value(vals, name + "_bucket", le="+Inf")
    check(count == inf, "%s: count %s != +Inf bucket %s" % (name, count, inf))
    buckets = sorted(((float(dict(k)["le"]), v) for k, v in vals[name + "_bucket"].items()))
    check(all(a[1] <= b[1] for a, b in zip(buckets, buckets[1:])),
          "%s buckets not cumulative" % name)
    return count


def case_metrics(bin_dir):
    data = tempfile.mkdtemp(prefix="gg-ops-")
    try:
        with Server(bin_dir, data_dir=data, extra=["--msg-rate", "20"]) as srv:
            vals, types = metrics(srv.port)
            for name in ("gg_games", "gg_sessions", "gg_messages_received_total",
                         "gg_received_bytes_total", "gg_messages_sent_total",
                         "gg_sent_bytes_total", "gg_errors_total", "gg_journal_commit_seconds",
                         "gg_journal_commit_records", "gg_turn_resolution_seconds",
                         "gg_bot_think_seconds", "gg_rate_limited_total",
                         "gg_auth_failures_total", "gg_http_requests_total",
                         "gg_ws_handshakes_total", "gg_journal_writable"):
                check(name in types, "metric %s is not exported" % name)
            check(value(vals, "gg_games", phase="diplomacy") == 0, "no games yet")
            check(value(vals, "gg_journal_writable") == 1, "journal writable")
            # a game with three bots and a WebSocket player, an observer over TCP
            ws = GGWebSocket.connect("127.0.0.1", srv.port)
            g = ws.create_game("classroom", bots={s: "greedy" for s in SEATS if s != "china"},
                               turns=2)
            ws.join(g["codes"]["china"])
            obs = Client.connect("127.0.0.1", srv.port)
            obs.join(g["obs"])
            try:
                obs.join("ZZZZ-ZZZZ")
            except GGError as e:
                check(e.name == "BAD_CODE", "bad code %r" % e.msg)
            vals, _ = metrics(srv.port)
            check(value(vals, "gg_games", phase="diplomacy") == 1, "one game in diplomacy")
            check(value(vals, "gg_sessions", transport="ws", role="player") == 1, "ws player")
            check(value(vals, "gg_sessions", transport="tcp", role="observer") == 1,
                  "tcp observer")
            check(value(vals, "gg_sessions", transport="enet", role="player") == 0, "no enet")
            check(value(vals, "gg_messages_received_total", type="hello") >= 2, "hellos")
            check(value(vals, "gg_received_bytes_total", type="create_game") > 10, "bytes in")
            check(value(vals, "gg_messages_sent_total", type="welcome") >= 2, "welcomes out")
            check(value(vals, "gg_sent_bytes_total", type="state") > 100, "state bytes out")
            check(value(vals, "gg_errors_total", code="BAD_CODE") == 1, "BAD_CODE counted")
            check(value(vals, "gg_auth_failures_total", reason="bad_code") == 1, "auth failure")
            check(hist_count(vals, "gg_journal_commit_seconds") >= 1, "commits observed")
            check(hist_count(vals, "gg_journal_commit_records") >= 1, "commit sizes observed")
            check(value(vals, "gg_journal_commit_records_sum") >= 2, "records in commits")
            check(hist_count(vals, "gg_bot_think_seconds") >= 3, "bot decisions observed")
            check(value(vals, "gg_ws_handshakes_total", result="accepted") == 1, "ws accepted")
            # play the game out: ready every phase until game_over
            over = None
            deadline = time.monotonic() + 60
            while over is None and time.monotonic() < deadline:
                msg = ws.recv(timeout=5)
                if msg is None:
                    continue
                if msg["t"] == "state" and msg.get("phase") in ("diplomacy", "orders"):
                    ws.ready(turn=msg["turn"], phase=msg["phase"])
                elif msg["t"] == "state" and msg.get("phase") == "crisis":
                    pass
                elif msg["t"] == "game_over":
                    over = msg
            check(over is not None, "the game did not end")
            vals, _ = metrics(srv.port)
            check(hist_count(vals, "gg_turn_resolution_seconds") == 2, "two turns resolved")
            check(value(vals, "gg_turns_resolved_total") == 2, "turns counter")
            check(value(vals, "gg_games", phase="over") == 1, "game over")
            # a flood: --msg-rate 20, so 60 pings at once are partly refused
            for i in range(60):
                obs.send({"t": "ping"})
            time.sleep(0.5)
            vals, _ = metrics(srv.port)
            check(value(vals, "gg_rate_limited_total") > 0, "rate limit counted")
            check(value(vals, "gg_errors_total", code="RATE_LIMITED") > 0, "RATE_LIMITED")
            # a bad WebSocket frame and a refused handshake
            bad = WebSocket.connect("127.0.0.1", srv.port)
            bad.send_frame(1, b"{}", mask=False)
            bad.wait_close()
            try:
                WebSocket.connect("127.0.0.1", srv.port, version="7")
            except Exception:
                pass
            vals, _ = metrics(srv.port)
            check(value(vals, "gg_ws_protocol_errors_total") == 1, "ws protocol error")
            check(value(vals, "gg_ws_handshakes_total", result="refused") == 1, "ws refused")
            check(value(vals, "gg_http_refused_total") == 1, "http refused")
            ws.close()
            obs.close()
    finally:
        shutil.rmtree(data, ignore_errors=True)


def case_stats_same_counters(bin_dir):
    with Server(bin_dir) as srv:
        c = Client.connect("127.0.0.1", srv.port)
        try:
            c.join("ZZZZ-ZZZZ")
        except GGError:
            pass
        ws = WebSocket.connect("127.0.0.1", srv.port)
        ws.close()
        time.sleep(0.2)
        st = c.request({"t": "stats"})["m"]
        vals, _ = metrics(srv.port)
        check(st["err.BAD_CODE"] == value(vals, "gg_errors_total", code="BAD_CODE") == 1,
              "BAD_CODE: stats %r" % st)
        check(st["connections_total"] == value(vals, "gg_connections_opened_total"),
              "connections: stats %r" % st)
        check(st["msgs_in"] <= sum(vals["gg_messages_received_total"].values()),
              "messages in: stats %r" % st)
        # the server's own metrics (the door's included) all come in the first part
        check(st["ws_opened"] == value(vals, "gg_ws_handshakes_total", result="accepted"),
              "ws_opened: stats %r" % st)
        c.close()


def case_healthz(bin_dir):
    data = tempfile.mkdtemp(prefix="gg-health-")
    try:
        with Server(bin_dir, data_dir=data) as srv:
            st, _, body = http_get(srv.port, "/healthz")
            check(st == 200 and body.startswith("ok"), "/healthz: %d %r" % (st, body))
        # --no-journal: ready, nothing to write
        with Server(bin_dir) as srv:
            st, _, body = http_get(srv.port, "/healthz")
            check(st == 200, "/healthz without a journal: %d %r" % (st, body))
    finally:
        shutil.rmtree(data, ignore_errors=True)


class TestServer(Server):
    """gg-server-test (the build with test hooks) instead of gg-server."""

    def start(self, timeout=10.0):
        real = os.path.join(self.bin_dir, "gg-server")
        self.tmp_bin = tempfile.mkdtemp(prefix="gg-bin-")
        alt = os.path.join(self.tmp_bin, "gg-server")
        os.symlink(os.path.abspath(os.path.join(self.bin_dir, "gg-server-test")), alt)
        self.bin_dir = os.path.dirname(alt)
        try:
            return Server.start(self, timeout)
        finally:
            self.bin_dir = os.path.dirname(real)

    def stop(self):
        Server.stop(self)
        shutil.rmtree(getattr(self, "tmp_bin", ""), ignore_errors=True)


def case_healthz_journal_full(bin_dir):
    """The journal "fills the disk" (gg-server-test --test-storage-pages):
    /healthz answers 503 naming the journal, /metrics shows it."""
    data = tempfile.mkdtemp(prefix="gg-health-")
    try:
        with TestServer(bin_dir, data_dir=data, extra=["--test-storage-pages", "3"]) as srv:
            st, _, body = http_get(srv.port, "/healthz")
            check(st == 200, "/healthz before: %d %r" % (st, body))
            c = Client.connect("127.0.0.1", srv.port)
            # The games' bots fill the journal as they play, on their own
            # time: create up to the address's limit (GG_MAX_GAMES_PER_ADDR,
            # 20) and stop at the first refusal, which must name the journal;
            # then /healthz must turn 503 while the games go on failing to
            # commit. (A fixed count raced the bots: on a quiet machine all 20
            # creations could be answered before the first full commit.)
            for i in range(20):
                try:
                    c.create_game("classroom", bots={s: "greedy" for s in SEATS})
                except GGError as e:
                    check(e.name in ("STORAGE_IO", "SERVER_FULL"),
                          "create_game %d refused with %s, not the journal" % (i + 1, e.name))
                    break
            deadline = time.monotonic() + 20.0
            while True:
                st, _, body = http_get(srv.port, "/healthz")
                if st == 503:
                    break
                check(time.monotonic() < deadline,
                      "the journal never filled up: /healthz still %d %r" % (st, body))
                time.sleep(0.1)
            check("journal" in body, "/healthz after: %d %r" % (st, body))
            vals, _ = metrics(srv.port)
            check(value(vals, "gg_journal_writable") == 0, "gg_journal_writable")
            check(value(vals, "gg_journal_errors_total") >= 1, "journal errors")
            c.close()
    finally:
        shutil.rmtree(data, ignore_errors=True)


CASES = {n[5:]: f for n, f in sorted(globals().items()) if n.startswith("case_")}

if __name__ == "__main__":
    sys.exit(main_cases(CASES))
