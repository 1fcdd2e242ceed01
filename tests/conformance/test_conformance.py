"""test_conformance.py — PROTOCOL.md's numbered promises, one test each,
against a real gg-server over TCP.

Each case's docstring starts with the promises it checks ([P5.3] etc., as
numbered in PROTOCOL.md) and the error codes it provokes; the `coverage`
case fails when a promise or a §13 error code has no test (or a test cites
one the document does not have). Read a case as a worked example: it shows
what a client sends and what it may rely on.

Usage: test_conformance.py BIN_DIR CASE   (--list for the cases)
"""
import os
import re
import socket
import struct
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
sys.path.insert(0, os.path.join(HERE, "..", "netclients"))

import msgpack  # noqa: E402
from harness import Server, check, main_cases  # noqa: E402
from wire import SEATS, Closed, Conn, new_game, seated  # noqa: E402

ROOT = os.path.join(HERE, "..", "..")

# §13 codes a client cannot make the server send, and why (the coverage
# case checks this list against the document too).
NOT_ON_THE_WIRE = {
    "BUFFER_FULL": "an encoder's own error (the caller's buffer)",
    "INTERNAL": "a server bug; nothing a client does should cause it",
    "QUEUE_FULL": "the server drops a slow reader; a client library reports it locally",
    "CONN_CLOSED": "reported by a client library when the connection is gone",
    "CONNECT_FAILED": "reported by a client library when it cannot connect",
    "STORAGE_IO": "a failing disk (tests/server: --test-storage-pages covers it)",
    "STORAGE_CORRUPT": "the server's journal tools",
    "STORAGE_OPEN": "the server's start-up",
    "REPLAY_FORMAT": "replay tools (gg-arena)",
    "REPLAY_DIVERGED": "replay tools (gg-arena)",
}


def all_seats(port, g):
    """One connection per seat, joined, snapshots taken."""
    return {s: seated(port, g["codes"][s]) for s in SEATS}


def everyone_ready(conns, turn, phase):
    for s, c in conns.items():
        r = c.request({"t": "ready", "turn": turn, "phase": phase})
        check(r["t"] == "ok", "%s ready: %r" % (s, r))


def next_state(c, phase, timeout=5.0):
    return c.stream_msg("state", timeout, phase=phase)


# ---- §1 transports and framing ------------------------------------------------


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


# ---- §2 messages on the wire ----------------------------------------------------


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


# ---- §3 handshake ---------------------------------------------------------------


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


# ---- §4 lobby -------------------------------------------------------------------


def case_lobby(bin_dir):
    """[P4.1] [P4.2] [P7.6] — BAD_SCENARIO, BAD_OPTION, BAD_CODE, NOT_JOINED.
    create_game answers codes for every seat, an observer and a moderator
    code; join answers joined and then the snapshot; five wrong codes in a
    row close the connection."""
    with Server(bin_dir) as srv:
        c = Conn.open(srv.port)
        check(c.error_of({"t": "create_game", "scen": "atlantis"}) == "BAD_SCENARIO", "scenario")
        check(c.error_of({"t": "create_game", "scen": "classroom",
                          "bots": {"west": "no-such-bot"}}) == "BAD_OPTION", "bot strategy")
        g = c.request({"t": "create_game", "scen": "classroom"})
        check(sorted(g["codes"]) == sorted(SEATS) and g["obs"] and g["mod"], "codes %r" % g)
        check(c.error_of({"t": "orders", "o": []}) == "NOT_JOINED", "orders before join")
        j = c.join(g["codes"]["west"].lower().replace("-", " "))  # typed by a human
        check(j["t"] == "joined" and j["who"] == "west" and j["role"] == "player" and
              j["game"] == g["game"] and j["tok"], "joined %r" % j)
        st = c.expect("state")
        check(st["seq"] == 0 and st["turn"] == 1 and st["phase"] == "diplomacy" and
              st["view"]["viewer"] == "west", "snapshot %r" % {k: st[k] for k in st if k != "view"})
        o = Conn.open(srv.port)
        check(o.join(g["obs"])["role"] == "observer", "observer code")
        m = Conn.open(srv.port)
        check(m.join(g["mod"])["role"] == "moderator", "moderator code")
        bad = Conn.open(srv.port)
        for i in range(5):
            check(bad.error_of({"t": "join", "code": "ZZZZ-ZZZZ"}) == "BAD_CODE", "bad code")
        check(bad.closed_within(3), "five wrong codes did not close the connection")


def case_takeover(bin_dir):
    """[P4.3] [P5.6] — TAKEN_OVER, BAD_TOKEN.
    Without teams the newest connection holds the seat: a second join takes
    it over (the first is told TAKEN_OVER and closed, its token revoked); a
    resume while the old connection lives does the same; tokens rotate."""
    with Server(bin_dir) as srv:
        g = new_game(srv.port)
        a = seated(srv.port, g["codes"]["china"])
        b = seated(srv.port, g["codes"]["china"])
        e = a.expect("error")
        check(e["name"] == "TAKEN_OVER" and e.get("rid", 0) == 0, "first told %r" % e)
        check(a.closed_within(3), "the first connection stayed open")
        x = Conn.open(srv.port)
        check(x.error_of({"t": "resume", "tok": a.token, "last": a.last}) == "BAD_TOKEN",
              "the first connection's token still works")
        # resume with b's token while b lives: b is taken over, the token rotates
        c = Conn.open(srv.port)
        r = c.resume(b.token, b.last)
        check(r["t"] == "joined" and r["tok"] != b.token, "resume did not rotate: %r" % r)
        check(b.expect("error")["name"] == "TAKEN_OVER" and b.closed_within(3),
              "the resumed-over connection was not closed")
        check(x.error_of({"t": "resume", "tok": b.token, "last": 0}) == "BAD_TOKEN",
              "an old token stayed valid after a resume")
        # the seat works through the new connection, with one connection on it
        rr = c.request({"t": "chat", "ch": "team", "text": "still here"})
        check(rr["t"] == "ok", "chat after takeover: %r" % rr)


def case_tokens_survive_restart(bin_dir):
    """[P5.6] [P5.1] — BAD_TOKEN. Rotated tokens and takeovers are journaled:
    after a server restart the newest token works, the older ones do not,
    and the stream's numbering goes on where it was."""
    import tempfile
    with tempfile.TemporaryDirectory(prefix="gg-conf-") as data:
        with Server(bin_dir, data_dir=data) as srv:
            g = new_game(srv.port, bots={s: "greedy" for s in SEATS if s != "china"})
            a = seated(srv.port, g["codes"]["china"])
            first = a.token
            a.close()
            time.sleep(0.2)
            b = Conn.open(srv.port)
            j = b.resume(first, a.last)
            check(j["t"] == "joined" and j["tok"] != first, "resume %r" % j)
            b.take(lambda m: m.get("t") == "state" and m.get("seq") == 0)
            check(b.request({"t": "chat", "ch": "public", "text": "before"})["t"] == "ok", "")
            b.drain_stream()
            second, last = b.token, b.last
            b.close()
        with Server(bin_dir, data_dir=data) as srv:
            c = Conn.open(srv.port)
            check(c.error_of({"t": "resume", "tok": first, "last": 0}) == "BAD_TOKEN",
                  "the rotated-away token works after a restart")
            j = c.resume(second, last)
            check(j["t"] == "joined" and j["head"] >= last, "resume after restart %r" % j)
            c.take(lambda m: m.get("t") == "state" and m.get("seq") == 0)
            check(c.request({"t": "chat", "ch": "public", "text": "after"})["t"] == "ok", "")
            got = c.drain_stream()
            check(got and got[-1]["t"] == "chat" and got[-1]["text"] == "after",
                  "after the restart: %r" % [(m["seq"], m["t"]) for m in got])


def case_quarantined_game(bin_dir):
    """[P4.2] — GAME_QUARANTINED. A game whose journal is damaged is not
    loaded when the server starts with --quarantine-corrupt: a join with
    its moderator's (or a seat's) code is told so, not BAD_CODE; the other
    games play on. (Without the flag the server would not start.)"""
    import sqlite3
    import tempfile
    with tempfile.TemporaryDirectory(prefix="gg-conf-") as data:
        with Server(bin_dir, data_dir=data) as srv:
            bots = {s: "greedy" for s in SEATS if s != "china"}
            hurt, fine = new_game(srv.port, bots=bots), new_game(srv.port, bots=bots)
            c = seated(srv.port, hurt["codes"]["china"])  # journals a record
            c.close()
            time.sleep(0.2)
        db = sqlite3.connect(os.path.join(data, "games.db"))
        n = db.execute("UPDATE journal SET payload = payload || x'00' WHERE game = 1").rowcount
        db.commit()
        db.close()
        check(n >= 1, "no record of game 1 to damage")
        with Server(bin_dir, data_dir=data, extra=["--quarantine-corrupt"]) as srv:
            c = Conn.open(srv.port)
            check(c.error_of({"t": "join", "code": hurt["mod"]}) == "GAME_QUARANTINED",
                  "the moderator of a quarantined game")
            check(c.error_of({"t": "join", "code": hurt["codes"]["russia"]}) == "GAME_QUARANTINED",
                  "a seat of a quarantined game")
            m = seated(srv.port, fine["mod"])
            check(m.request({"t": "ping"})["t"] == "pong", "the other game")


def case_team_limit(bin_dir):
    """[P4.4] — TEAM_FULL. With teams, up to GG_MAX_TEAM (8) connections
    share a seat and each gets its own token; the next join is refused."""
    with Server(bin_dir) as srv:
        g = new_game(srv.port, teams=True, bots={s: "greedy" for s in SEATS[:3]})
        team = [seated(srv.port, g["codes"]["kazakhstan"]) for _ in range(8)]
        check(len({c.token for c in team}) == 8, "tokens are not per connection")
        extra = Conn.open(srv.port)
        check(extra.error_of({"t": "join", "code": g["codes"]["kazakhstan"]}) == "TEAM_FULL",
              "a ninth team member")
        # every member sees the seat's orders_ack
        team[0].request({"t": "ready"})
        for c in team:
            c.stream_msg("state", phase="orders")
        team[3].request({"t": "orders", "o": [{"a": "fuel_subsidies"}]})
        for c in team:
            ack = c.stream_msg("orders_ack")
            check(ack["o"] == [{"a": "fuel_subsidies"}], "ack %r" % ack)
        # one leaves: there is room again
        team.pop().close()
        time.sleep(0.2)
        check(extra.join(g["codes"]["kazakhstan"])["t"] == "joined", "no room after a leave")


def case_lobby_limits(bin_dir):
    """[P4.6] — BAD_CREATE_KEY, TOO_MANY_GAMES, CREATE_TOO_FAST. With
    --create-key, create_game needs the key (none or a wrong one is refused,
    naming `key`); one address gets GG_MAX_GAMES_PER_ADDR games in play, and
    games at the creation rate; a refusal creates nothing."""
    with Server(bin_dir, extra=["--create-key", "sesame-42", "--max-games-per-addr", "3",
                                "--create-per-min", "1"]) as srv:
        c = Conn.open(srv.port)
        e = c.request({"t": "create_game", "scen": "classroom"})
        check(e["t"] == "error" and e["name"] == "BAD_CREATE_KEY" and e.get("where") == "key",
              "no key: %r" % e)
        e = c.request({"t": "create_game", "scen": "classroom", "key": "sesame-41"})
        check(e["t"] == "error" and e["name"] == "BAD_CREATE_KEY", "wrong key: %r" % e)
        made = [c.request({"t": "create_game", "scen": "classroom", "key": "sesame-42"})
                for _ in range(3)]
        check(all(g["t"] == "game_created" for g in made), "with the key: %r" % made)
        e = c.request({"t": "create_game", "scen": "classroom", "key": "sesame-42"})
        check(e["t"] == "error" and e["name"] == "TOO_MANY_GAMES" and
              e.get("where") == "games_per_addr", "a fourth game: %r" % e)
        # another connection from the same address is the same creator
        d = Conn.open(srv.port)
        check(d.error_of({"t": "create_game", "scen": "classroom", "key": "sesame-42"}) ==
              "TOO_MANY_GAMES", "a new connection reset the limit")
        stats = {k: v for k, v in c.request({"t": "stats"})["m"].items()}
        check(stats["games_live"] == 3, "refusals created games: %r" % stats)
    with Server(bin_dir, extra=["--max-games-per-addr", "0", "--create-per-min", "1"]) as srv:
        c = Conn.open(srv.port)
        names = []
        for _ in range(25):  # a burst of GG_CREATE_BURST (20), then one a minute
            r = c.request({"t": "create_game", "scen": "classroom", "key": "ignored"})
            names.append(r["t"] if r["t"] != "error" else r["name"])
        created = names.count("game_created")
        check(20 <= created <= 21 and names[:20] == ["game_created"] * 20 and
              names.count("CREATE_TOO_FAST") == 25 - created, "burst: %r" % names)


def case_abandoned(bin_dir):
    """[P4.7] — A game nobody has attached to for --abandon-after seconds
    is archived: its codes are refused, it no longer counts against
    --max-games, a watched game stays."""
    with Server(bin_dir, extra=["--abandon-after", "1", "--max-games", "2"]) as srv:
        lonely = new_game(srv.port)
        watched = new_game(srv.port)
        obs = seated(srv.port, watched["obs"])
        c = Conn.open(srv.port)
        check(c.error_of({"t": "create_game", "scen": "classroom"}) == "SERVER_FULL",
              "two games on a two-game server")
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            r = c.request({"t": "create_game", "scen": "classroom"})
            if r["t"] == "game_created":
                break
            time.sleep(0.3)
        check(r["t"] == "game_created", "the lonely game still counts: %r" % r)
        check(c.error_of({"t": "join", "code": lonely["codes"]["china"]}) == "BAD_CODE",
              "an archived game's code still works")
        check(obs.request({"t": "ping"})["t"] == "pong", "the watched game's observer")
        again = Conn.open(srv.port)
        check(again.join(watched["codes"]["china"])["t"] == "joined", "the watched game is gone")


def case_idle_ping(bin_dir):
    """[P1.5] — After its first message, a TCP client silent for a third of
    --idle-timeout-ms gets a `ping`; one that answers stays, one that never
    answers is closed after --idle-timeout-ms."""
    with Server(bin_dir, extra=["--idle-timeout-ms", "1500"]) as srv:
        live = Conn.open(srv.port)
        mute = Conn.open(srv.port)
        mute.answer_pings = False
        closed, deadline = False, time.monotonic() + 10
        while not closed and time.monotonic() < deadline:
            live.pump(0.1)  # answers its pings
            try:
                mute.pump(0.05)
            except Closed:
                closed = True
        check(closed, "a silent client was never closed")
        check([m.get("t") for m in mute.inbox][:1] == ["ping"] and mute.inbox[0]["seq"] == 0,
              "no ping before the close: %r" % mute.inbox)
        live.pump(2.0)  # longer than the idle time, answering pings
        check(live.pings >= 1, "the answering client was never pinged")
        check(live.request({"t": "ping"})["t"] == "pong", "the answering client was closed")


# ---- §5 sequence numbers --------------------------------------------------------


def case_seq_join(bin_dir):
    """[P5.1] [P5.2] [P5.3] — joined.head is where the connection's stream
    starts: the snapshot (seq 0) stands for everything up to head, and the
    stream then runs head+1, head+2, ... with no gap; the seat's own
    `notice joined` is within head (others receive it)."""
    with Server(bin_dir) as srv:
        g = new_game(srv.port)
        ru = seated(srv.port, g["codes"]["russia"])
        c = Conn.open(srv.port)
        j = c.join(g["codes"]["china"])
        check(j["seq"] == 0 and j["head"] >= 1, "joined %r" % j)
        first = c.take(lambda m: True)
        check(first["t"] == "state" and first["seq"] == 0,
              "first message after joined is %r, not the snapshot" % first)
        n = ru.stream_msg("notice", what="joined", who="china")
        check(n["seq"] > 0, "notice to russia unnumbered")
        c.pump(0.3)
        check(not any(m.get("t") == "notice" and m.get("who") == "china" for m in c.inbox),
              "china received its own joined notice after joined")
        r = c.request({"t": "chat", "ch": "public", "text": "one"})
        check(r["t"] == "ok" and r["seq"] == 0, "chat reply %r" % r)
        got = c.drain_stream()
        check([m["t"] for m in got] == ["chat"] and got[0]["seq"] == j["head"] + 1,
              "stream after head %d: %r" % (j["head"], got))


def case_resume_points(bin_dir):
    """[P5.4] [P5.5] [P5.7] [P5.8] — HISTORY_GONE, BAD_TOKEN, MSG_BAD_FIELD.
    Resume from several points: at head (nothing replayed), in the middle
    (exactly the missed messages, in order, then the snapshot), before the
    seat's first join (HISTORY_GONE first), beyond head (refused)."""
    with Server(bin_dir) as srv:
        g = new_game(srv.port)
        conns = all_seats(srv.port, g)
        cn = conns["china"]
        for c in conns.values():
            c.drain_stream()
        head0 = cn.last
        for i in range(3):
            conns["russia"].request({"t": "chat", "ch": "public", "text": "m%d" % i})
        cn.pump(0.3)
        missed = cn.drain_stream()
        check([m.get("text") for m in missed if m["t"] == "chat"] == ["m0", "m1", "m2"],
              "china's stream %r" % missed)
        tok = cn.token
        cn.close()
        time.sleep(0.1)
        for c in conns.values():
            if c is not cn:
                c.pump(0.1)
        # in the middle: from head0 (before the three chats)
        r1 = Conn.open(srv.port)
        j = r1.resume(tok, head0)
        check(j["t"] == "joined" and j["head"] >= head0 + 3, "resume %r" % j)
        seqs = []
        while True:
            m = r1.take(lambda m: m.get("t") != "error" or True)
            if m.get("seq", 0) == 0:
                check(m["t"] == "state", "unnumbered %r in the replay" % m)
                break
            seqs.append(m["seq"])
        check(seqs == list(range(head0 + 1, j["head"] + 1)),
              "replayed %r, want %d..%d" % (seqs, head0 + 1, j["head"]))
        # at head: nothing replayed, just the snapshot
        tok = r1.token
        r1.close()
        time.sleep(0.1)
        r2 = Conn.open(srv.port)
        j2 = r2.resume(tok, j["head"])
        nxt = r2.take(lambda m: True)
        # the seat's `left` and `joined` notices came after head: they are replayed
        while nxt.get("seq", 0) > 0:
            check(nxt["t"] == "notice", "replay at head: %r" % nxt)
            nxt = r2.take(lambda m: True)
        check(nxt["t"] == "state" and nxt["seq"] == 0, "no snapshot: %r" % nxt)
        # from 0: messages before china's first join were never kept
        tok = r2.token
        r2.close()
        time.sleep(0.1)
        r3 = Conn.open(srv.port)
        j3 = r3.resume(tok, 0)
        e = r3.take(lambda m: True)
        check(e["t"] == "error" and e["name"] == "HISTORY_GONE" and e["rid"] == r3.rid,
              "resume from 0: %r" % e)
        # beyond head: refused, the token still works
        tok = r3.token
        r4 = Conn.open(srv.port)
        e4 = r4.request({"t": "resume", "tok": tok, "last": j3["head"] + 100})
        check(e4["t"] == "error" and e4["name"] == "MSG_BAD_FIELD" and e4["where"] == "last",
              "last beyond head: %r" % e4)
        check(r4.error_of({"t": "resume", "tok": "0" * 32, "last": 0}) == "BAD_TOKEN",
              "unknown token")


# ---- §6 a whole game -------------------------------------------------------------


def case_turn(bin_dir):
    """[P6.1] [P6.2] [P6.3] [P6.4] [P6.5] [P8.1] [P8.2] — BAD_DEAL,
    UNKNOWN_DEAL, NOT_A_PARTY, ALREADY_ANSWERED, WRONG_PHASE, WRONG_SEAT,
    NO_RESOURCES, TOO_MANY_ORDERS, DUPLICATE_ORDER, UNKNOWN_ACTION,
    BAD_TARGET, NOT_IN_CRISIS, PRECONDITION, BAD_SEAT.
    One turn with four human seats: a deal, orders, resolution, a crisis."""
    with Server(bin_dir) as srv:
        g = new_game(srv.port)
        conns = all_seats(srv.port, g)
        mod = seated(srv.port, g["mod"])
        cn, kz, ru = conns["china"], conns["kazakhstan"], conns["russia"]
        kz_legal = kz.snapshot["legal"]
        names = {r for e in kz_legal for r in e.get("c", {})}
        check(names <= {"budget", "force", "legitimacy"} and names,
              "kazakhstan's costs named %r" % names)
        # diplomacy: a deal
        check(cn.error_of({"t": "propose", "parties": ["kazakhstan"], "cl": [
            {"k": "transfer", "from": "china", "to": "kazakhstan", "r": "capital", "n": 99}]})
            == "BAD_DEAL", "an unaffordable transfer")
        check(cn.error_of({"t": "chat", "ch": "private", "to": ["mars"], "text": "x"})
              == "BAD_SEAT", "chat to no seat")
        ok = cn.request({"t": "propose", "parties": ["kazakhstan"],
                         "cl": [{"k": "consent", "power": "china", "a": "any", "fee": 1}]})
        check(ok["t"] == "ok" and ok["re"] == "propose" and ok["id"] >= 1, "propose %r" % ok)
        for c in (cn, kz, mod):
            d = c.stream_msg("deal_update")["deal"]
            check(d["id"] == ok["id"] and d["st"] == "open" and d["acc"] == ["china"],
                  "deal_update %r" % d)
        ru.pump(0.3)
        check(not any(m["t"] == "deal_update" for m in ru.inbox), "russia saw the deal")
        check(ru.error_of({"t": "respond", "deal": ok["id"], "acc": True}) == "NOT_A_PARTY", "")
        check(kz.error_of({"t": "respond", "deal": 999, "acc": True}) == "UNKNOWN_DEAL", "")
        check(kz.request({"t": "respond", "deal": ok["id"], "acc": True})["t"] == "ok", "accept")
        check(kz.error_of({"t": "respond", "deal": ok["id"], "acc": True}) == "ALREADY_ANSWERED",
              "a second answer to an accepted deal")
        check(kz.stream_msg("deal_update")["deal"]["st"] == "accepted", "accepted")
        # a three-party deal stays open until all have answered
        three = cn.request({"t": "propose", "parties": ["kazakhstan", "russia"],
                            "cl": [{"k": "accord", "accord": "sco_summit"}]})
        check(three["t"] == "ok", "three-party proposal %r" % three)
        check(kz.request({"t": "respond", "deal": three["id"], "acc": True})["t"] == "ok", "")
        check(kz.error_of({"t": "respond", "deal": three["id"], "acc": False})
              == "ALREADY_ANSWERED", "a second answer to an open deal")
        check(cn.error_of({"t": "orders", "o": []}) == "WRONG_PHASE", "orders in diplomacy")
        check(kz.error_of({"t": "crisis_response", "r": "handle_alone"}) == "NOT_IN_CRISIS", "")
        check(mod.request({"t": "inject_event", "ev": "january_unrest"})["t"] == "ok", "inject")
        everyone_ready(conns, 1, "diplomacy")
        for c in list(conns.values()) + [mod]:
            next_state(c, "orders")
        # orders: errors per order, nothing stored; then valid orders
        e = cn.request({"t": "orders", "turn": 1, "o": [
            {"a": "elite_forum"}, {"a": "eaeu_step"}]})
        check(e["name"] == "WRONG_SEAT" and e["errs"] == [0, -2], "russia's action: %r" % e)
        check(cn.error_of({"t": "orders", "o": [{"a": "elite_forum"}] * 2}) == "DUPLICATE_ORDER",
              "")
        check(cn.error_of({"t": "orders", "o": [{"a": "elite_forum"}] * 7}) == "TOO_MANY_ORDERS",
              "")
        check(cn.error_of({"t": "orders", "o": [{"a": "warp_drive"}]}) == "UNKNOWN_ACTION", "")
        check(cn.error_of({"t": "orders", "o": [{"a": "bri_project", "t": "atlantis"}]})
              == "BAD_TARGET", "")
        check(cn.error_of({"t": "orders", "o": [{"a": "transfer", "t": "kazakhstan",
                                                 "r": "capital", "n": 60}]})
              == "NO_RESOURCES", "")
        check(cn.error_of({"t": "orders", "turn": 2, "o": []}) == "WRONG_PHASE", "stale turn")
        r = cn.request({"t": "orders", "turn": 1, "o": [{"a": "elite_forum"}]})
        check(r["t"] == "ok" and r["re"] == "orders", "orders reply %r" % r)
        ack = cn.stream_msg("orders_ack")
        check(ack["turn"] == 1 and ack["o"] == [{"a": "elite_forum"}], "ack %r" % ack)
        ru.pump(0.3)
        check(not any(m["t"] == "orders_ack" for m in ru.inbox), "russia saw china's ack")
        st = mod.stream_msg("state", phase="orders")
        check(st["view"]["orders"].get("china") == [{"a": "elite_forum"}],
              "the moderator's state after china's orders: %r" % st["view"].get("orders"))
        everyone_ready(conns, 1, "orders")
        # resolution: turn_result, then the crisis state
        for c in conns.values():
            tr = c.stream_msg("turn_result")
            check(tr["turn"] == 1 and tr["rep"]["resolved"] == 1, "turn_result %r" % tr["rep"])
            # each resolved order says what it changed: its cost, then its effects
            check(tr["rep"]["acts"]["china"] == [{"a": "elite_forum", "out": "done", "chg": [
                {"k": "resource", "x": "china", "y": "prestige", "n": -2},
                {"k": "influence", "x": "china", "y": "elite", "n": 1}]}],
                  "china's outcome %r" % tr["rep"]["acts"].get("china"))
            st = next_state(c, "crisis")
            check("legal" not in st, "%s got legal in a crisis" % c.who)
        check(cn.error_of({"t": "crisis_response", "r": "handle_alone"}) == "WRONG_SEAT", "")
        check(kz.error_of({"t": "crisis_response", "r": "no_such"}) == "BAD_TARGET",
              "an unknown crisis response")
        r = kz.request({"t": "crisis_response", "r": "handle_alone"})
        check(r["t"] == "ok", "crisis_response %r" % r)
        for c in conns.values():
            st = c.stream_msg("state", phase="diplomacy", turn=2)
            check(st["turn"] == 2 and st["view"]["report"]["resp"] == "handle_alone",
                  "turn 2 state %r" % st["view"]["report"])


def case_precondition(bin_dir):
    """[P6.3] — PRECONDITION. An order whose rule precondition fails is
    refused with the precondition code for that order."""
    with Server(bin_dir) as srv:
        g = new_game(srv.port, bots={s: "greedy" for s in SEATS if s != "west"})
        c = seated(srv.port, g["codes"]["west"])
        c.request({"t": "ready"})
        next_state(c, "orders")
        # sanctions_cushion requires sanctions in force (none at the start of
        # the classroom scenario)
        e = c.request({"t": "orders", "o": [{"a": "sanctions_cushion"}]})
        check(e["t"] == "error" and e["name"] == "PRECONDITION", "sanctions_cushion: %r" % e)


def case_ledger_and_pledges(bin_dir):
    """[P6.2] [P8.2] — LEDGER_FULL, PLEDGE_BROKEN. The ledger holds
    GG_MAX_DEALS (24) open deals; in a game with binding deals an accepted
    pledge forbids the pledged kind of action."""
    with Server(bin_dir) as srv:
        g = new_game(srv.port, bind=True, bots={"russia": "greedy", "west": "greedy"})
        cn = seated(srv.port, g["codes"]["china"])
        kz = seated(srv.port, g["codes"]["kazakhstan"])
        pledge = cn.request({"t": "propose", "parties": ["kazakhstan"], "cl": [
            {"k": "pledge", "seat": "china", "tags": ["soft-power"], "turns": 2}]})
        check(pledge["t"] == "ok", "pledge proposal %r" % pledge)
        check(kz.request({"t": "respond", "deal": pledge["id"], "acc": True})["t"] == "ok", "")
        # the bots have proposals of their own open: count from the ids
        ids, full = [pledge["id"]], None
        for i in range(30):
            r = cn.request({"t": "propose", "parties": ["kazakhstan"], "cl": [
                {"k": "consent", "power": "china", "a": "any", "fee": 1}]})
            if r["t"] == "error":
                full = r
                break
            ids.append(r["id"])
        check(full and full["name"] == "LEDGER_FULL", "the ledger never filled: %r" % full)
        check(ids[-1] == 24, "LEDGER_FULL after deal #%d, not #24" % ids[-1])
        for c in (cn, kz):
            c.request({"t": "ready", "phase": "diplomacy"})
        c.stream_msg("state", phase="orders")
        cn.stream_msg("state", phase="orders")
        e = cn.request({"t": "orders", "o": [{"a": "elite_forum"}]})
        check(e["t"] == "error" and e["name"] == "PLEDGE_BROKEN" and e["errs"] == [-9],
              "a pledged-away soft-power action: %r" % e)


def case_escalation_ladder(bin_dir):
    """[P8.2] — ESCALATION. From escalation 5 the outside powers may not
    order coercion (squeezes, rhetoric, sanctions): the order gets errs
    [-21]; the moderator's injected crises raise escalation there."""
    with Server(bin_dir) as srv:
        g = new_game(srv.port, scen="belt-and-road",
                     bots={s: "greedy" for s in SEATS if s != "russia"})
        we = seated(srv.port, g["codes"]["russia"])
        mod = seated(srv.port, g["mod"])
        esc = we.snapshot["view"]["globals"].get("escalation", 0)
        for ev in ("crimea", "ukraine_invasion", "chinese_base_tajikistan", "world_order_shift"):
            if esc >= 5:
                break
            check(mod.request({"t": "inject_event", "ev": ev})["t"] == "ok", "inject " + ev)
            esc = we.stream_msg("state")["view"]["globals"].get("escalation", 0)
        check(esc >= 5, "escalation only reached %d" % esc)
        we.request({"t": "ready", "phase": "diplomacy"})
        we.stream_msg("state", phase="orders")
        e = we.request({"t": "orders", "o": [{"a": "transit_squeeze"}]})
        check(e["t"] == "error" and e["name"] == "ESCALATION" and e["errs"] == [-21],
              "a transit squeeze at escalation %d: %r" % (esc, e))


def case_final_state(bin_dir):
    """[P6.6] — GAME_OVER. After game_over every stream gets a final state
    with phase `over`; game requests, chat included, then get GAME_OVER."""
    with Server(bin_dir) as srv:
        g = new_game(srv.port, bots={s: "greedy" for s in SEATS if s != "china"})
        cn = seated(srv.port, g["codes"]["china"])
        ob = seated(srv.port, g["obs"])
        mod = seated(srv.port, g["mod"])
        check(mod.request({"t": "end_game"})["t"] == "ok", "end_game")
        for c in (cn, ob, mod):
            over = c.stream_msg("game_over")
            check(over["reason"] == "moderator" and sorted(over["rank"]) == sorted(SEATS), "")
            st = c.stream_msg("state")
            check(st["phase"] == "over" and st["seq"] == over["seq"] + 1,
                  "%s: after game_over came %r" % (c.who, st["phase"]))
        check(cn.error_of({"t": "orders", "o": []}) == "GAME_OVER", "orders after the end")
        check(cn.error_of({"t": "chat", "ch": "public", "text": "gg"}) == "GAME_OVER",
              "chat after the end")
        # the last turn ends the same way
        g = new_game(srv.port, turns=1, bots={s: "greedy" for s in SEATS if s != "china"})
        cn = seated(srv.port, g["codes"]["china"])
        cn.request({"t": "ready"})
        next_state(cn, "orders")
        cn.request({"t": "ready"})
        cn.stream_msg("turn_result")
        over = cn.stream_msg("game_over", timeout=10)
        st = cn.stream_msg("state", seq=over["seq"] + 1)
        check(over["reason"] == "last_turn" and st["phase"] == "over",
              "last turn end: %r, then a %r state" % (over["reason"], st["phase"]))


def case_moderator(bin_dir):
    """[P6.7] [P4.5] [P6.10] [P6.11] [P6.12] — FORBIDDEN, GAME_PAUSED, BAD_EVENT, NOT_FOUND.
    Only the moderator may use moderator commands; pause stops players'
    game requests but not chat; the observer may not act."""
    with Server(bin_dir) as srv:
        g = new_game(srv.port)
        cn = seated(srv.port, g["codes"]["china"])
        ob = seated(srv.port, g["obs"])
        mod = seated(srv.port, g["mod"])
        check(cn.error_of({"t": "pause"}) == "FORBIDDEN", "a player pausing")
        check(ob.error_of({"t": "chat", "ch": "public", "text": "hi"}) == "FORBIDDEN",
              "an observer chatting")
        check(ob.error_of({"t": "ready"}) == "FORBIDDEN", "an observer acting")
        check(cn.error_of({"t": "export_replay"}) == "FORBIDDEN", "export by a player")
        check(mod.error_of({"t": "export_replay"}) == "NOT_FOUND", "export without a journal")
        # [P6.11] the debrief is the moderator's until the end; it needs the journal
        check(cn.error_of({"t": "debrief"}) == "FORBIDDEN", "a debrief by a player mid-game")
        check(ob.error_of({"t": "debrief"}) == "FORBIDDEN", "a debrief by an observer mid-game")
        check(mod.error_of({"t": "debrief"}) == "NOT_FOUND", "a debrief without a journal")
        # [P6.12] forking is the moderator's (a seat's or the observer's code,
        # or none, is refused) and is made from the journal
        fork = {"t": "fork_game", "game": g["game"], "turn": 1}
        check(cn.error_of(fork) == "FORBIDDEN", "a fork by a player")
        check(ob.error_of(fork) == "FORBIDDEN", "a fork by an observer")
        lobby = Conn.open(srv.port)
        check(lobby.error_of(fork) == "FORBIDDEN", "a fork without the moderator code")
        lobby.close()
        check(mod.error_of(fork) == "NOT_FOUND", "a fork without a journal")
        check(mod.error_of({"t": "inject_event", "ev": "atlantis_rises"}) == "BAD_EVENT", "")
        # extensions are capped: a phase never has more than a week left
        g2 = new_game(srv.port, dl_dip=60)
        m2 = seated(srv.port, g2["mod"])
        for _ in range(3):
            check(m2.request({"t": "extend", "secs": 604800})["t"] == "ok", "extend")
        dls = [m["dl"] for m in (m2.pump(0.3) or m2.inbox) if m.get("t") == "state"]
        check(dls and max(dls) <= 604800 * 1000 and dls[-1] > 604000 * 1000,
              "dl after three week-long extensions: %r" % dls)
        check(mod.request({"t": "pause"})["t"] == "ok", "pause")
        check(cn.stream_msg("notice", what="paused")["what"] == "paused", "")
        check(cn.stream_msg("state")["paused"] is True, "paused state")
        check(cn.error_of({"t": "ready"}) == "GAME_PAUSED", "ready while paused")
        check(cn.request({"t": "chat", "ch": "public", "text": "still"})["t"] == "ok", "")
        mc = mod.request({"t": "chat", "ch": "public", "text": "from the teacher"})
        check(mc["t"] == "ok" and cn.stream_msg("chat", text="from the teacher")["from"] ==
              "moderator", "moderator chat")


def case_chat_and_visibility(bin_dir):
    """[P6.8] [P6.9] [P7.5] — RATE_LIMITED. Who receives which chat; hidden
    information per role: other seats' orders, hidden resources, legal
    only for players."""
    with Server(bin_dir) as srv:
        g = new_game(srv.port, hide=True)
        conns = all_seats(srv.port, g)
        ob = seated(srv.port, g["obs"])
        mod = seated(srv.port, g["mod"])
        cn = conns["china"]
        check("legal" in cn.snapshot and "legal" not in ob.snapshot and
              "legal" not in mod.snapshot, "legal for non-players")
        res = ob.snapshot["view"]["res"]
        check(all(v == 0 for s in SEATS for v in res.get(s, {}).values()),
              "the observer sees hidden resources: %r" % res)
        mine = cn.snapshot["view"]["res"]["china"]
        check(any(mine.values()), "china cannot see its own resources")
        others = cn.snapshot["view"]["res"].get("russia", {})
        check(not any(others.values()), "china sees russia's hidden resources")
        check(any(mod.snapshot["view"]["res"]["russia"].values()), "the moderator sees less")
        cn.request({"t": "chat", "ch": "private", "to": ["russia"], "text": "psst"})
        cn.request({"t": "chat", "ch": "team", "text": "team only"})
        for who, c in list(conns.items()) + [("observer", ob), ("moderator", mod)]:
            c.pump(0.3)
            texts = [m["text"] for m in c.inbox if m["t"] == "chat"]
            want = {"china": ["psst", "team only"], "russia": ["psst"],
                    "moderator": ["psst", "team only"]}.get(who, [])
            check(texts == want, "%s received %r, want %r" % (who, texts, want))
            c.inbox = []
        names = [cn.request({"t": "chat", "ch": "team", "text": "%d" % i}).get("name")
                 for i in range(12)]
        check("RATE_LIMITED" in names, "a chat burst of 12 was not limited: %r" % names)


def case_who_receives_what(bin_dir):
    """[P0.1] [P6.9] — the table of section 0, row by row, over one turn:
    China proposes to Kazakhstan and stores orders; who gets which stream
    message (players of China, Kazakhstan and Russia, an observer, the
    moderator)."""
    with Server(bin_dir) as srv:
        g = new_game(srv.port, bots={"west": "greedy"})
        cn, kz, ru = (seated(srv.port, g["codes"][s]) for s in ("china", "kazakhstan", "russia"))
        ob, mod = seated(srv.port, g["obs"]), seated(srv.port, g["mod"])
        everyone = {"china": cn, "kazakhstan": kz, "russia": ru, "observer": ob,
                    "moderator": mod}
        for c in everyone.values():
            c.pump(0.2)
            c.drain_stream()
        d = cn.request({"t": "propose", "parties": ["kazakhstan"],
                        "cl": [{"k": "consent", "power": "china", "a": "any", "fee": 1}]})
        check(d["t"] == "ok", "propose %r" % d)
        for s in ("china", "kazakhstan", "russia"):
            everyone[s].request({"t": "ready", "phase": "diplomacy"})
        deadline = time.monotonic() + 5
        while not any(m.get("phase") == "orders" for m in cn.inbox):
            check(time.monotonic() < deadline, "no orders phase")
            cn.pump(0.1)
        r = cn.request({"t": "orders", "o": [{"a": "elite_forum"}]})
        check(r["t"] == "ok", "orders %r" % r)
        got = {}
        for who, c in everyone.items():
            got[who] = [m["t"] for m in c.drain_stream(0.5)]
        want_deal = {"china", "kazakhstan", "moderator"}
        for who, types in got.items():
            check(("deal_update" in types) == (who in want_deal),
                  "%s deal_update: %r" % (who, types))
            check(("orders_ack" in types) == (who == "china"), "%s orders_ack: %r" % (who, types))
            check("state" in types, "%s got no state for the orders phase: %r" % (who, types))
        for who, c in everyone.items():
            st = c.snapshot
            check(("legal" in st) == (who in ("china", "kazakhstan", "russia")),
                  "%s: legal in its state = %r" % (who, "legal" in st))


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
    rid (the success reply or an error); errors carry code, name, msg, re."""
    with Server(bin_dir) as srv:
        g = new_game(srv.port, bots={s: "greedy" for s in SEATS if s != "china"})
        c = seated(srv.port, g["codes"]["china"])
        for msg in ({"t": "ping"}, {"t": "stats"}, {"t": "chat", "ch": "public", "text": "x"},
                    {"t": "ready", "phase": "orders"}, {"t": "ready"}):
            rid = c.send(msg)
            time.sleep(0.3)
            c.pump(0.2)
            direct = [m for m in c.inbox if m.get("rid") == rid]
            check(len(direct) == 1, "%s got %d direct replies: %r" % (msg["t"], len(direct),
                                                                   direct))
            r = direct[0]
            if r["t"] == "error":
                check(r["code"] < 0 and r["name"] and r["msg"] and r["re"] == msg["t"],
                      "error fields %r" % r)
            c.inbox = []


# ---- the suite covers the document ----------------------------------------------


def case_coverage(bin_dir):
    """Every promise [Pn.m] of PROTOCOL.md is cited by a case, every case
    cites promises the document has, and every §13 error code is provoked
    by a case or listed in NOT_ON_THE_WIRE (which the document agrees with)."""
    doc = open(os.path.join(ROOT, "PROTOCOL.md"), encoding="utf-8").read()
    promised = set(re.findall(r"\[(P\d+\.\d+)\]", doc))
    check(promised, "PROTOCOL.md numbers no promises")
    cited, provoked = set(), set()
    for name, fn in CASES.items():
        text = fn.__doc__ or ""
        cited |= set(re.findall(r"\[(P\d+\.\d+)\]", text))
        provoked |= set(re.findall(r"\b([A-Z][A-Z_]{3,})\b", text.split("\n\n")[0]))
    check(promised - cited == set(), "promises without a test: %s" % sorted(promised - cited))
    check(cited - promised == set(), "tests cite unknown promises: %s" % sorted(cited - promised))
    section = doc[doc.index("## 13. Error codes"):doc.index("## 14. Limits")]
    codes = set(re.findall(r"^\| -\d+ \| `([A-Z_]+)` \|", section, re.M))
    missing = codes - provoked - set(NOT_ON_THE_WIRE)
    check(not missing, "error codes no case provokes: %s" % sorted(missing))
    for name in NOT_ON_THE_WIRE:
        check(name in codes, "NOT_ON_THE_WIRE names %s, which §13 lacks" % name)
        check(name in section.split("<!-- END GENERATED: errors -->")[1],
              "§13 does not say %s is never sent to clients" % name)


CASES = {name[5:]: fn for name, fn in sorted(globals().items()) if name.startswith("case_")}

if __name__ == "__main__":
    sys.exit(main_cases(CASES))
