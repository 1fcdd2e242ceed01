"""conf_wire.py — conformance cases for the wire itself (PROTOCOL.md §1
transports and framing, §2 messages, §3 handshake, §7 replies and errors):
frames, limits on sizes and connections, message rules, hello, one reply
per request, undecodable input. Run through test_conformance.py."""
import json
import os
import socket
import subprocess
import struct
import time

import msgpack
from harness import Server, check
from wire import SEATS, Conn, new_game, seated


# ---- §1 transports and framing -----------------------------------------------


def case_framing(bin_dir):
    """[P1.1] [P1.3] [P1.4] — MSG_TRUNCATED, MSG_MALFORMED.
    Frames are a 4-byte big-endian length and msgpack; an empty frame is
    refused and the connection closed; JSON text is not msgpack; a message
    cut short inside its frame is MSG_TRUNCATED."""
    with Server(bin_dir) as srv:
        z = Conn.connect(srv.port)
        z.send_bytes(b"")
        check(z.closed_within(3), "an empty frame did not close the connection")
        check([(m["name"], m.get("where")) for m in z.inbox] == [("MSG_MALFORMED", "length")],
              "empty frame: %r" % z.inbox)
        c = Conn.connect(srv.port)
        # a map of three pairs that ends after the first
        c.send_bytes(b"\x83" + msgpack.packb("t") + msgpack.packb("hello"))
        e = c.expect("error")
        check(e["name"] == "MSG_TRUNCATED" and e["seq"] == 0, "a cut message: %r" % e)
        c.send_bytes(b'{"t":"hello","v":1,"name":"json"}')
        check(c.expect("error")["name"] == "MSG_MALFORMED", "JSON over TCP was not refused")
        w = c.request({"t": "hello", "v": 1, "name": "after errors"})
        check(w["t"] == "welcome", "the connection did not stay usable: %r" % w)
        # the raw bytes of a reply: length prefix, then one msgpack map
        ping = msgpack.packb({"t": "ping", "rid": 7})
        c.sock.sendall(struct.pack(">I", len(ping)) + ping)
        hdr = b""
        while len(hdr) < 4:
            hdr += c.sock.recv(4 - len(hdr))
        (n,) = struct.unpack(">I", hdr)
        body = b""
        while len(body) < n:
            body += c.sock.recv(n - len(body))
        check(msgpack.unpackb(body, raw=False) == {"t": "pong", "rid": 7, "seq": 0},
              "pong frame %r" % body)


def case_too_big(bin_dir):
    """[P1.2] — MSG_TOO_BIG. A length prefix over the limit is refused from
    the header alone: `error` MSG_TOO_BIG, then the server hangs up."""
    with Server(bin_dir) as srv:
        for length in (2100, 70000, 0xFFFFFFFF):  # unjoined limit is 2048
            c = Conn.connect(srv.port)
            c.sock.sendall(struct.pack(">I", length) + b"abcd")
            check(c.closed_within(3), "still open after a %d-byte prefix" % length)
            names = [m.get("name") for m in c.inbox]
            check(names == ["MSG_TOO_BIG"], "length %d: got %r" % (length, c.inbox))
            c.close()
        # after joining the limit is GG_MAX_MESSAGE (65536): 2100 bytes are fine
        g = new_game(srv.port)
        c = seated(srv.port, g["codes"]["china"])
        r = c.request({"t": "chat", "ch": "team", "text": "x" * 400, "pad": "y" * 900,
                       "pad2": "z" * 900})
        check(r["t"] == "ok", "a 2.1 kB message after join: %r" % r)
        c.sock.sendall(struct.pack(">I", 65537))
        check(c.closed_within(3), "still open after a 65537-byte prefix")
        check(any(m.get("name") == "MSG_TOO_BIG" for m in c.inbox), "no MSG_TOO_BIG")


def case_server_full(bin_dir):
    """[P7.7] — SERVER_FULL. A server at its game limit refuses create_game;
    one at its TCP connection limit says SERVER_FULL to the next TCP
    connection and closes it. The limit follows the open-file limit (less 64,
    at least GG_ENET_MAX_PEERS): with 4050 files it is 4000."""
    import resource
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    want = 4050  # the server inherits it: its TCP limit is max(4050 - 64, 4000)
    if hard >= want:
        resource.setrlimit(resource.RLIMIT_NOFILE, (want, want))
    with Server(bin_dir, extra=["--max-games", "1"]) as srv:
        new_game(srv.port)
        c = Conn.open(srv.port)
        check(c.error_of({"t": "create_game", "scen": "classroom"}) == "SERVER_FULL",
              "a second game on a one-game server")
        if resource.getrlimit(resource.RLIMIT_NOFILE)[0] < want:
            print("skipping the connection limit: RLIMIT_NOFILE below %d" % want)
            return
        others = []
        for _ in range(3999):  # c is the first of 4000
            s = socket.create_connection(("127.0.0.1", srv.port), timeout=5)
            others.append(s)
        time.sleep(0.5)
        extra = Conn.connect(srv.port)
        check(extra.closed_within(5), "connection 4001 stayed open")
        check([m.get("name") for m in extra.inbox] == ["SERVER_FULL"],
              "connection 4001 was told %r" % extra.inbox)
        check(c.request({"t": "ping"})["t"] == "pong", "an open connection suffered")
        for o in others:
            o.close()


# ---- §2 messages on the wire -------------------------------------------------


def case_message_rules(bin_dir):
    """[P2.1] [P2.2] [P2.3] [P2.4] [P2.5] [P2.6] — MSG_MISSING_FIELD,
    MSG_BAD_FIELD, MSG_TOO_DEEP, MSG_BAD_COUNT, MSG_MALFORMED, MSG_UNKNOWN_TYPE.
    Keys in any order, unknown keys ignored, rid echoed; the decoder's errors
    name the field (`where`)."""
    with Server(bin_dir) as srv:
        c = Conn.connect(srv.port)
        w = c.request({"name": "keys last", "zz_unknown": [1, 2], "v": 1, "t": "hello",
                       "rid": 41})
        check(w["t"] == "welcome" and w["rid"] == 41, "hello with keys in any order: %r" % w)
        e = c.request({"t": "join"})
        check(e["name"] == "MSG_MISSING_FIELD" and e["where"] == "code" and e["re"] == "join",
              "missing code: %r" % e)
        # repeated keys, including the envelope's: packed by hand
        for key, v1, v2 in (("t", "ping", "ping"), ("rid", 1, 2), ("code", "A", "B")):
            body = b"\x83" + msgpack.packb("t") + msgpack.packb("join") + \
                msgpack.packb(key) + msgpack.packb(v1) + msgpack.packb(key) + msgpack.packb(v2)
            if key == "t":
                body = b"\x82" + msgpack.packb("t") + msgpack.packb(v1) + \
                    msgpack.packb("t") + msgpack.packb(v2)
            c.send_bytes(body)
            e = c.expect("error")
            check(e["name"] == "MSG_BAD_FIELD" and e.get("where") == key,
                  "repeated %s: %r" % (key, e))
        check(c.error_of({"t": "chat", "ch": "public", "text": 5}) == "MSG_BAD_FIELD",
              "a number for a string")
        check(c.error_of({"t": "extend", "secs": 1.5}) == "MSG_BAD_FIELD", "a float")
        check(c.error_of({"t": "extend", "secs": 604801}) == "MSG_BAD_FIELD", "out of range")
        deep = [[[[[[[[["x"]]]]]]]]]
        check(c.error_of({"t": "ping", "junk": deep}) == "MSG_TOO_DEEP", "depth 9")
        check(c.error_of({"t": "ping", "junk": list(range(65))}) == "MSG_BAD_COUNT", "list 65")
        c.send_bytes(msgpack.packb([1, 2]))
        check(c.expect("error")["name"] == "MSG_MALFORMED", "an array, not a map")
        c.send_bytes(msgpack.packb({"t": "ping"}) + b"\xc0")
        check(c.expect("error")["name"] == "MSG_MALFORMED", "bytes after the map")
        check(c.error_of({"t": "no_such_type"}) == "MSG_UNKNOWN_TYPE", "unknown type")
        c.send_bytes(b"\x82\xa1t\xa4chat\xa4text\xa3\xed\xa0\x80")
        check(c.expect("error")["name"] == "MSG_BAD_FIELD", "a surrogate in a string")
        r = c.request({"t": "ping"})
        check(r["t"] == "pong" and r["rid"] == c.rid and r["seq"] == 0, "ping: %r" % r)


# ---- §3 handshake ------------------------------------------------------------


def case_handshake(bin_dir):
    """[P3.1] [P3.2] [P3.3] [P3.4] — NO_HELLO, VERSION_MISMATCH.
    hello first; a wrong major version is refused and the connection closed;
    welcome states the limits; feature bits are echoed, not used to filter."""
    with Server(bin_dir) as srv:
        c = Conn.connect(srv.port)
        check(c.error_of({"t": "ping"}) == "NO_HELLO", "ping before hello")
        w = c.request({"t": "hello", "v": 1, "name": "t", "feat": 0x1 | 0x40})
        check(w["feat"] == 0x1, "feat is the intersection: %r" % w.get("feat"))
        limits = {"max_msg": 65536, "max_str": 1024, "max_list": 64, "max_depth": 8,
                  "max_chat": 500, "chat_burst": 10, "chat_per_min": 30, "history": 4096}
        for k, v in limits.items():
            check(w[k] == v, "welcome.%s = %r, §14 says %r" % (k, w[k], v))
        check(w["v"] == 1 and w["msg_per_sec"] > 0, "welcome %r" % w)
        # since 1.4: the rules version, the number gg-arena's rule data carries
        dump = subprocess.run([os.path.join(bin_dir, "gg-arena"), "--dump-rules"],
                              capture_output=True, check=True).stdout
        rules = json.loads(dump)["rules_version"]
        check(w.get("rules") == rules, "welcome.rules = %r, the rule data says %r" % (w.get("rules"), rules))
        # feature bits do not filter: a client without CHAT still gets chat
        g = new_game(srv.port)
        c.join(g["codes"]["china"])
        c.expect("state", seq=0)
        c.request({"t": "chat", "ch": "public", "text": "hi"})
        check(c.stream_msg("chat")["text"] == "hi", "chat withheld")
        bad = Conn.connect(srv.port)
        e = bad.request({"t": "hello", "v": 2, "name": "future"})
        check(e["name"] == "VERSION_MISMATCH" and "protocol 1" in e["msg"], "v2: %r" % e)
        check(bad.closed_within(3), "still open after VERSION_MISMATCH")


# ---- §7 replies and errors ---------------------------------------------------


def case_undecodable_flood(bin_dir):
    """[P7.3] [P7.4] — a server→client type from a client is MSG_UNKNOWN_TYPE
    (even without its required fields); a connection that keeps sending
    undecodable messages is closed after GG_BAD_MSGS_MAX (16) in a row."""
    with Server(bin_dir) as srv:
        c = Conn.open(srv.port)
        for t in ("state", "welcome", "joined", "error"):
            e = c.request({"t": t})
            check(e["name"] == "MSG_UNKNOWN_TYPE" and e["where"] == "t", "%s: %r" % (t, e))
        c.request({"t": "ping"})  # a good message ends a run of bad ones
        for i in range(15):
            c.send_bytes(b"\xc1")
        c.pump(0.5)
        check(c.request({"t": "ping"})["t"] == "pong", "15 undecodable messages closed it")
        for i in range(16):
            c.send_bytes(b"\xc1")
        check(c.closed_within(3), "16 undecodable messages in a row did not close it")


def case_replies(bin_dir):
    """[P7.1] [P7.2] — every request gets exactly one direct reply with its
    rid (the success reply or an error; stats one per part); errors carry
    code, name, msg, re."""
    with Server(bin_dir) as srv:
        g = new_game(srv.port, bots={s: "greedy" for s in SEATS if s != "china"})
        c = seated(srv.port, g["codes"]["china"])
        for msg in ({"t": "ping"}, {"t": "stats"}, {"t": "chat", "ch": "public", "text": "x"},
                    {"t": "ready", "phase": "orders"}, {"t": "ready"}):
            rid = c.send(msg)
            time.sleep(0.3)
            c.pump(0.2)
            direct = [m for m in c.inbox if m.get("rid") == rid]
            # stats: one reply per part, numbered 1..parts (absent: the only one)
            parts = direct[0].get("parts", 1) if msg["t"] == "stats" and direct else 1
            check(len(direct) == parts and
                  [m.get("part", 1) for m in direct] == list(range(1, parts + 1)),
                  "%s got %d direct replies: %r" % (msg["t"], len(direct), direct))
            r = direct[0]
            if r["t"] == "error":
                check(r["code"] < 0 and r["name"] and r["msg"] and r["re"] == msg["t"],
                      "error fields %r" % r)
            c.inbox = []
