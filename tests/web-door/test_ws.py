#!/usr/bin/python3
"""test_ws.py — gg-server's WebSocket door (/ws) against the real server:
handshakes, JSON and msgpack frames, a full game with WebSocket, TCP and ENet
seats in one game, resume over WebSocket, and every kind of bad frame —
each answered or closed with a precise code and counted, other games
unaffected.

Usage: test_ws.py BIN_DIR CASE   (--list for the cases)
"""
import json
import os
import socket
import struct
import sys
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

from wsclient import (OP_BINARY, OP_CLOSE, OP_CONT, OP_PING, OP_PONG,  # noqa: E402
                      OP_TEXT, GGWebSocket, HandshakeError, WebSocket, read_http_response)
from harness import PY, Server, check, main_cases, run  # noqa: E402
from ggbot import Client  # noqa: E402

sys.path.insert(0, os.path.join(HERE, "..", "..", "clients", "python"))
from example_bot import ExampleBot  # noqa: E402

SEATS = ["china", "russia", "west", "kazakhstan"]
KIT = os.path.join(HERE, "..", "..", "clients", "python")


def hello_json(ws, rid=1):
    ws.send_text(json.dumps({"t": "hello", "v": 1, "name": "t", "feat": 31, "rid": rid}))
    op, data = ws.recv_message(timeout=5)
    check(op == OP_TEXT, "text hello answered with opcode %d" % op)
    return json.loads(data)


def stats(srv):
    """The door's counters, read from /metrics (test_ops.py parses it)."""
    from test_ops import metrics, value
    vals, _ = metrics(srv.port)
    return {"http_refused": value(vals, "gg_http_refused_total"),
            "http_timeouts": value(vals, "gg_http_timeouts_total"),
            "ws_opened": value(vals, "gg_ws_handshakes_total", result="accepted"),
            "ws_refused": value(vals, "gg_ws_handshakes_total", result="refused"),
            "ws_protocol_errors": value(vals, "gg_ws_protocol_errors_total"),
            "ws_bad_json": value(vals, "gg_ws_bad_json_total")}


def still_serves(srv):
    """A fresh WebSocket still gets a welcome (the server is unaffected)."""
    ws = WebSocket.connect("127.0.0.1", srv.port)
    w = hello_json(ws)
    check(w["t"] == "welcome", "after abuse: %r" % w)
    ws.close()


# ---- handshakes and encodings ---------------------------------------------

def case_json_and_msgpack(bin_dir):
    import msgpack
    with Server(bin_dir) as srv:
        ws = WebSocket.connect("127.0.0.1", srv.port)
        w = hello_json(ws)
        check(w["t"] == "welcome" and w["v"] == 1 and w["rid"] == 1, "welcome %r" % w)
        # binary in -> binary out (encoding follows the client's last frame)
        ws.send_binary(msgpack.packb({"t": "ping", "rid": 2}))
        op, data = ws.recv_message(timeout=5)
        check(op == OP_BINARY, "binary ping answered with opcode %d" % op)
        pong = msgpack.unpackb(data, raw=False)
        check(pong["t"] == "pong" and pong["rid"] == 2, "pong %r" % data)
        ws.close()
        # subprotocol gg.msgpack: binary replies even to text
        ws = WebSocket.connect("127.0.0.1", srv.port, protocols=["x.other", "gg.msgpack"])
        check(ws.protocol == "gg.msgpack", "subprotocol %r" % ws.protocol)
        ws.send_text(json.dumps({"t": "hello", "v": 1, "name": "t", "rid": 1}))
        op, data = ws.recv_message(timeout=5)
        check(op == OP_BINARY and msgpack.unpackb(data, raw=False)["t"] == "welcome",
              "gg.msgpack welcome %d %r" % (op, data[:40]))
        ws.close()
        # the native framing on the same port is unaffected
        c = Client.connect("127.0.0.1", srv.port)
        check(c.welcome["t"] == "welcome", "tcp welcome %r" % c.welcome)
        c.close()


def case_handshake_refusals(bin_dir):
    with Server(bin_dir) as srv:
        def refused(status, **kw):
            try:
                WebSocket.connect("127.0.0.1", srv.port, **kw)
            except HandshakeError as e:
                check(e.status == status, "%r: status %d, wanted %d" % (kw, e.status, status))
                return e.head
            raise AssertionError("handshake %r was accepted" % kw)
        h = refused(426, version="8")
        check(h.get("sec-websocket-version") == "13", "426 names version 13: %r" % h)
        refused(400, key="dGhlIHNhbXBsZSBub25jZQ")          # 16 bytes but no padding
        refused(400, key="c2hvcnQ=")                          # 5 bytes
        refused(403, origin="http://evil.example")
        refused(404, path="/other")
        # same-origin is allowed by default
        ws = WebSocket.connect("127.0.0.1", srv.port, origin="http://127.0.0.1:%d" % srv.port)
        check(hello_json(ws)["t"] == "welcome", "same-origin refused")
        ws.close()
        # a plain GET of /ws (no upgrade) is told to upgrade
        s = socket.create_connection(("127.0.0.1", srv.port))
        s.sendall(b"GET /ws HTTP/1.1\r\nHost: x\r\n\r\n")
        st, hd, body, _ = read_http_response(s)
        check(st == 426 and hd.get("upgrade") == "websocket", "plain GET /ws: %d %r" % (st, hd))
        s.close()
        m = stats(srv)
        check(m["http_refused"] == 6 and m["ws_refused"] == 6, "6 refusals counted: %r" % m)
        still_serves(srv)
    # --allow-origin admits a listed origin and still refuses others
    with Server(bin_dir, extra=["--allow-origin", "http://class.lan:8080, https://x.org"]) as srv:
        ws = WebSocket.connect("127.0.0.1", srv.port, origin="https://x.org")
        check(hello_json(ws)["t"] == "welcome", "listed origin refused")
        ws.close()
        try:
            WebSocket.connect("127.0.0.1", srv.port, origin="http://other.lan")
            raise AssertionError("unlisted origin accepted")
        except HandshakeError as e:
            check(e.status == 403, "unlisted origin: %d" % e.status)


# ---- a whole game, mixed transports ----------------------------------------

def play_ws(port, code, binary, results, key):
    try:
        c = GGWebSocket.connect("127.0.0.1", port, binary=binary, name="ws-" + key)
        c.join(code)
        results[key] = c.play(ExampleBot())
        c.close()
    except Exception as e:  # reported by the main thread
        results[key] = e


def case_full_game_mixed(bin_dir):
    """kazakhstan over WebSocket/JSON, china over WebSocket/msgpack, russia
    over TCP (example_bot.py), west over ENet (gg-bot): one game, one end."""
    with Server(bin_dir) as srv:
        c = GGWebSocket.connect("127.0.0.1", srv.port)
        g = c.create_game("classroom")
        c.close()
        codes = g["codes"]
        results = {}
        threads = [threading.Thread(target=play_ws, args=(srv.port, codes[s], b, results, s))
                   for s, b in (("kazakhstan", False), ("china", True))]
        for t in threads:
            t.start()
        enet = __import__("subprocess").Popen(
            [os.path.join(bin_dir, "gg-bot"), "--server", srv.addr, "--code", codes["west"],
             "--strategy", "greedy"], stdout=__import__("subprocess").PIPE, text=True)
        tcp = run([PY, os.path.join(KIT, "example_bot.py"), "--port", str(srv.port),
                   "--code", codes["russia"]], timeout=100)
        out, _ = enet.communicate(timeout=100)
        for t in threads:
            t.join(100)
        overs = [json.loads(tcp.stdout.strip().splitlines()[-1])]
        for s in ("kazakhstan", "china"):
            r = results.get(s)
            check(isinstance(r, dict), "%s over WebSocket: %r" % (s, r))
            overs.append(r)
        check(enet.returncode == 0, "gg-bot (ENet) failed: %s" % out)
        for o in overs:
            check(o["t"] == "game_over", "not game_over: %r" % o)
            check(o["winner"] == overs[0]["winner"] and o["vp"] == overs[0]["vp"],
                  "seats disagree on the result: %r vs %r" % (o, overs[0]))
        check(sorted(overs[0]["rank"]) == sorted(SEATS), "rank %r" % overs[0])
        m = stats(srv)
        check(m["ws_opened"] == 3, "ws_opened %r" % m)


def case_gg_bot_over_ws(bin_dir):
    """The C client library speaks WebSocket too (ws://HOST:PORT, binary
    msgpack frames): gg-bot plays a whole game through the door."""
    with Server(bin_dir) as srv:
        c = Client.connect("127.0.0.1", srv.port)
        g = c.create_game("classroom", bots={s: "greedy" for s in SEATS if s != "west"})
        c.close()
        p = run([os.path.join(bin_dir, "gg-bot"), "--server", "ws://" + srv.addr, "--code",
                 g["codes"]["west"], "--strategy", "greedy"], timeout=100)
        over = json.loads(p.stdout.strip().splitlines()[-1])
        check(over.get("t") == "game_over" or "winner" in over, "gg-bot over ws: %r" % over)
        from test_ops import metrics, value
        vals, _ = metrics(srv.port)
        check(value(vals, "gg_ws_handshakes_total", result="accepted") == 1, "one WebSocket")


def case_gg_bot_over_ws_json(bin_dir):
    """wsjson://HOST:PORT: the C client speaks exactly what the browser
    speaks (the benchmarks' stand-in for browser seats): an upgrade with no
    subprotocol, masked text frames of the protocol's JSON. A stand-in
    server checks the first frame; then gg-bot plays a whole game through
    the real door that way."""
    lst = socket.socket()
    lst.bind(("127.0.0.1", 0))
    lst.listen(1)
    port = lst.getsockname()[1]
    proc = __import__("subprocess").Popen(
        [os.path.join(bin_dir, "gg-client"), "create", "--server", "wsjson://127.0.0.1:%d" % port,
         "--timeout", "3000"], stdout=__import__("subprocess").PIPE,
        stderr=__import__("subprocess").PIPE)
    lst.settimeout(10)
    conn, _ = lst.accept()
    conn.settimeout(10)
    head = b""
    while b"\r\n\r\n" not in head:
        head += conn.recv(4096)
    req, rest = head.split(b"\r\n\r\n", 1)
    lines = req.decode().split("\r\n")
    hdrs = {k.strip().lower(): v.strip() for k, v in (x.split(":", 1) for x in lines[1:])}
    check(lines[0] == "GET /ws HTTP/1.1", "request line %r" % lines[0])
    check("sec-websocket-protocol" not in hdrs, "no subprotocol, as the browser: %r" % hdrs)
    import base64
    import hashlib
    acc = base64.b64encode(hashlib.sha1((hdrs["sec-websocket-key"] +
                                         "258EAFA5-E914-47DA-95CA-C5AB0DC85B11").encode())
                           .digest()).decode()
    conn.sendall(("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n"
                  "Connection: Upgrade\r\nSec-WebSocket-Accept: %s\r\n\r\n" % acc).encode())
    buf = rest
    while len(buf) < 2:
        buf += conn.recv(4096)
    op, masked, n = buf[0] & 0x0F, buf[1] & 0x80, buf[1] & 0x7F
    hl = 2 + (2 if n == 126 else 8 if n == 127 else 0)
    while len(buf) < hl + 4:
        buf += conn.recv(4096)
    if n == 126:
        n = struct.unpack(">H", buf[2:4])[0]
    while len(buf) < hl + 4 + n:
        buf += conn.recv(4096)
    key = buf[hl:hl + 4]
    payload = bytes(b ^ key[i % 4] for i, b in enumerate(buf[hl + 4:hl + 4 + n]))
    check(op == OP_TEXT and buf[0] & 0x80, "one whole text frame, opcode %d" % op)
    check(masked, "client frames are masked")
    hello = json.loads(payload.decode())
    check(hello.get("t") == "hello", "the first message is hello in JSON: %r" % hello)
    conn.close()
    lst.close()
    proc.wait(timeout=10)
    check(proc.returncode != 0, "gg-client reports the dropped connection")
    with Server(bin_dir) as srv:
        c = Client.connect("127.0.0.1", srv.port)
        g = c.create_game("classroom", bots={s: "greedy" for s in SEATS if s != "china"})
        c.close()
        p = run([os.path.join(bin_dir, "gg-bot"), "--server", "wsjson://" + srv.addr, "--code",
                 g["codes"]["china"], "--strategy", "greedy"], timeout=100)
        over = json.loads(p.stdout.strip().splitlines()[-1])
        check(over.get("t") == "game_over" or "winner" in over, "gg-bot over wsjson: %r" % over)
        from test_ops import metrics, value
        vals, _ = metrics(srv.port)
        check(value(vals, "gg_ws_handshakes_total", result="accepted") == 1, "one WebSocket")
        check(value(vals, "gg_ws_bad_json_total") == 0, "every text message was protocol JSON")


def case_resume(bin_dir):
    with Server(bin_dir) as srv:
        c = GGWebSocket.connect("127.0.0.1", srv.port)
        g = c.create_game("classroom", bots={"russia": "greedy", "west": "greedy",
                                             "kazakhstan": "greedy"}, teams=True)
        c.join(g["codes"]["china"])
        first = c.recv(timeout=5)
        check(first["t"] == "state" and first["seq"] == 0, "snapshot %r" % first)
        c.chat("before the drop")
        echo = c.recv(timeout=5)
        check(echo["t"] == "chat" and echo["seq"] > 0, "chat %r" % echo)
        last = c.last
        # drop without a close frame (a phone losing Wi-Fi), chat from elsewhere
        c.ws.sock.close()
        other = GGWebSocket.connect("127.0.0.1", srv.port)
        other.join(g["codes"]["china"])  # a second team member on the same seat
        other.chat("while you were away")
        other.close()
        r = c.resume("127.0.0.1", srv.port)
        check(r["t"] == "joined" and r["who"] == "china", "resume %r" % r)
        seen = []
        deadline = time.monotonic() + 5
        while time.monotonic() < deadline:
            m = c.recv(timeout=1)
            if m is None:
                break
            seen.append(m)
            if m["t"] == "chat" and m.get("text") == "while you were away":
                break
        texts = [m.get("text") for m in seen if m["t"] == "chat"]
        check("while you were away" in texts, "missed chat not replayed: %r" % seen)
        check(all(m.get("seq", 0) == 0 or m["seq"] > last for m in seen), "duplicates %r" % seen)
        c.close()


# ---- bad frames ------------------------------------------------------------

def expect_close(srv, code, send, what):
    ws = WebSocket.connect("127.0.0.1", srv.port)
    send(ws)
    got = ws.wait_close()
    check(got == code, "%s: close code %r (%s), wanted %d" % (what, got, ws.close_reason, code))
    ws.sock.close()


def case_bad_frames(bin_dir):
    with Server(bin_dir) as srv:
        before = stats(srv)["ws_protocol_errors"]
        expect_close(srv, 1002, lambda ws: ws.send_frame(OP_TEXT, b'{"t":"ping"}', mask=False),
                     "unmasked client frame")
        expect_close(srv, 1009, lambda ws: ws.send_text("x" * 9000), "oversize unjoined")
        expect_close(srv, 1007, lambda ws: ws.send_frame(OP_TEXT, b'{"t":"\xff\xfe"}'),
                     "invalid UTF-8")
        expect_close(srv, 1007, lambda ws: (ws.send_frame(OP_TEXT, b'{"t":"\xe2', fin=False),
                                            ws.send_frame(OP_CONT, b'\x28\xa1"}')),
                     "invalid UTF-8 across fragments")
        expect_close(srv, 1002, lambda ws: ws.send_frame(OP_PING, b"x", fin=False),
                     "fragmented control frame")
        expect_close(srv, 1002, lambda ws: ws.send_frame(OP_PING, b"x" * 126),
                     "control frame over 125 bytes")
        expect_close(srv, 1002, lambda ws: ws.send_frame(3, b"x"), "reserved opcode")
        expect_close(srv, 1002, lambda ws: ws.send_frame(OP_TEXT, b"{}", rsv=4), "RSV bit")
        expect_close(srv, 1002, lambda ws: ws.send_frame(OP_CONT, b"{}"),
                     "continuation without a start")
        expect_close(srv, 1002, lambda ws: (ws.send_frame(OP_TEXT, b"{", fin=False),
                                            ws.send_frame(OP_TEXT, b"}")),
                     "new data frame inside a fragmented one")
        # a 2^63-byte length claim is refused without reading it
        expect_close(srv, 1009, lambda ws: ws.sock.sendall(
            b"\x82\xff" + struct.pack(">Q", 1 << 62) + b"abcd"), "huge length claim")
        after = stats(srv)["ws_protocol_errors"]
        check(after - before == 11, "ws_protocol_errors went %d -> %d" % (before, after))
        still_serves(srv)


def case_interleaved_ping(bin_dir):
    """A ping between the fragments of a message is answered at once and the
    message is still reassembled and answered."""
    with Server(bin_dir) as srv:
        ws = WebSocket.connect("127.0.0.1", srv.port)
        hello_json(ws)
        ws.send_frame(OP_TEXT, b'{"t":"pi', fin=False)
        ws.send_frame(OP_PING, b"mid")
        ws.send_frame(OP_CONT, b'ng","rid":7}')
        op, data = ws.recv_frame(timeout=5)
        check(op == OP_PONG and data == b"mid", "pong first: %d %r" % (op, data))
        op, data = ws.recv_message(timeout=5)
        pong = json.loads(data)
        check(pong["t"] == "pong" and pong["rid"] == 7, "reassembled ping: %r" % data)
        # a client close is echoed with the same code
        ws.send_frame(OP_CLOSE, struct.pack(">H", 1000) + b"bye")
        check(ws.wait_close() == 1000, "close echo %r" % ws.close_code)


def case_bad_json(bin_dir):
    """Text that is not protocol JSON gets an `error` reply and the
    connection stays; a JSON bomb is refused by depth, not by memory."""
    with Server(bin_dir) as srv:
        ws = WebSocket.connect("127.0.0.1", srv.port)
        hello_json(ws)
        for text, want in (("{not json", "MSG_MALFORMED"),
                           ("[" * 4000 + "]" * 4000, "MSG_TOO_DEEP"),
                           ('{"t":"ping","x":' + "[" * 4000, "MSG_TOO_DEEP"),
                           ('{"t":"no_such_type"}', "MSG_UNKNOWN_TYPE")):
            ws.send_text(text)
            op, data = ws.recv_message(timeout=5)
            e = json.loads(data)
            check(e["t"] == "error" and e["name"] == want, "%r...: %r" % (text[:20], e))
        ws.send_text('{"t":"ping","rid":9}')
        op, data = ws.recv_message(timeout=5)
        check(json.loads(data)["t"] == "pong", "still usable: %r" % data)
        m = stats(srv)
        check(m["ws_bad_json"] == 3, "3 bad JSON messages counted: %r" % m)
        ws.close()


def case_http_limits(bin_dir):
    """The HTTP reader's limits, each answered with its status and counted."""
    with Server(bin_dir) as srv:
        def ask(raw):
            s = socket.create_connection(("127.0.0.1", srv.port), timeout=10)
            s.sendall(raw)
            st, hd, body, _ = read_http_response(s)
            s.close()
            return st, hd, body
        big = b"GET / HTTP/1.1\r\nHost: x\r\nX-Big: " + b"a" * 9000 + b"\r\n\r\n"
        check(ask(big)[0] == 431, "oversized header")
        many = b"GET / HTTP/1.1\r\n" + b"".join(b"X-%d: 1\r\n" % i for i in range(40)) + b"\r\n"
        check(ask(many)[0] == 431, "too many headers")
        check(ask(b"GET /" + b"a" * 3000 + b" HTTP/1.1\r\nHost: x\r\n\r\n")[0] == 414, "long URL")
        check(ask(b"GET / HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\nhello")[0] == 413,
              "a body")
        check(ask(b"GET / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n")[0] == 413,
              "a chunked body")
        check(ask(b"GET / HTTP/2.0\r\nHost: x\r\n\r\n")[0] == 505, "HTTP/2 in text")
        check(ask(b"GET / HTTP/1.1\r\nHost x\r\n\r\n")[0] == 400, "malformed header")
        st, hd, body = ask(b"GET / HTTP/1.1\r\nHost: x\r\nX-Big: " + b"a" * 9000 + b"\r\n\r\n")
        check(hd.get("connection") == "close" and b"431" in body, "431 says why: %r" % body)
        m = stats(srv)
        check(m["http_refused"] == 8, "8 refusals counted: %r" % m)
        # POST on the game port: "POST" is not "GET ", so it is native framing
        # (a > 1 GB length): the server says MSG_TOO_BIG in a native frame and
        # hangs up.
        import msgpack
        s = socket.create_connection(("127.0.0.1", srv.port), timeout=10)
        s.sendall(b"POST / HTTP/1.1\r\n\r\n")
        got = b""
        while True:
            chunk = s.recv(4096)
            if not chunk:
                break
            got += chunk
        s.close()
        check(len(got) > 4 and struct.unpack(">I", got[:4])[0] == len(got) - 4,
              "POST: not one native frame then EOF: %r" % got[:40])
        e = msgpack.unpackb(got[4:], raw=False)
        check(e["t"] == "error" and e["name"] == "MSG_TOO_BIG", "POST answered %r" % e)
        still_serves(srv)


def case_slowloris(bin_dir):
    """A request head that trickles in is cut off with 408 after
    GG_HTTP_HEADER_TIMEOUT_MS (10 s) while others are served."""
    with Server(bin_dir) as srv:
        s = socket.create_connection(("127.0.0.1", srv.port), timeout=30)
        s.sendall(b"GET / HTTP/1.1\r\nHost: x\r\n")
        t0 = time.monotonic()
        got = b""
        while time.monotonic() - t0 < 25:
            try:
                s.sendall(b"X-A: b\r\n")
            except OSError:
                break
            s.settimeout(1.0)
            try:
                chunk = s.recv(4096)
                if not chunk:
                    break
                got += chunk
            except socket.timeout:
                pass
            still_serves(srv) if time.monotonic() - t0 < 2 else None
        s.close()
        check(got.startswith(b"HTTP/1.1 408"), "slowloris answer %r" % got[:60])
        m = stats(srv)
        check(m["http_timeouts"] == 1 and m["http_refused"] == 1, "the 408 counted: %r" % m)


def case_http_port(bin_dir):
    """--http-port adds an HTTP-only listener; --metrics-bind moves /healthz."""
    import socket as so
    def free_port():
        s = so.socket()
        s.bind(("127.0.0.1", 0))
        p = s.getsockname()[1]
        s.close()
        return p
    hp, mp = free_port(), free_port()
    with Server(bin_dir, extra=["--http-port", str(hp),
                                "--metrics-bind", "127.0.0.1:%d" % mp]) as srv:
        ws = WebSocket.connect("127.0.0.1", hp)
        check(hello_json(ws)["t"] == "welcome", "WebSocket on --http-port")
        ws.close()
        def status(port, path):
            s = so.create_connection(("127.0.0.1", port), timeout=10)
            s.sendall(b"GET %s HTTP/1.1\r\nHost: x\r\n\r\n" % path)
            st = read_http_response(s)[0]
            s.close()
            return st
        check(status(mp, b"/healthz") == 200, "/healthz on --metrics-bind")
        check(status(srv.port, b"/healthz") == 404, "/healthz still on the game port")
        check(status(hp, b"/healthz") == 404, "/healthz on --http-port with --metrics-bind")
        check(status(mp, b"/ws") == 404, "/ws on the metrics listener")


CASES = {n[5:]: f for n, f in sorted(globals().items()) if n.startswith("case_")}

if __name__ == "__main__":
    sys.exit(main_cases(CASES))
