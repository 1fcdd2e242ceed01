"""wire.py — a New Great Game client written from PROTOCOL.md alone.

This is the conformance suite's client and a second worked example for bot
developers (the first is clients/python/ggbot.py). It uses only the
standard library and msgpack (Debian: python3-msgpack) and speaks TCP:

    c = Conn.open(port)                 # connect + hello (PROTOCOL.md §3)
    g = c.request({"t": "create_game", "scen": "classroom"})
    j = c.join(g["codes"]["china"])     # joined; the snapshot state follows
    st = c.expect("state")              # the unnumbered snapshot (seq 0)
    for msg in c.stream(): ...          # stream messages, in seq order

Every message is a dict with the wire keys. The client keeps `last` (§5):
the highest seq N such that every stream message 1..N of its stream was
received or, from the moment of the join, stood for by the snapshot.
"""

import socket
import struct
import time

import msgpack

MAJOR = 1
FEAT_ALL = 0x1F


class Closed(Exception):
    """The server closed the connection."""


class Conn:
    def __init__(self, sock, port):
        self.sock = sock
        self.port = port
        self.rid = 0
        self.buf = bytearray()
        self.inbox = []       # messages read but not yet taken
        self.last = 0         # stream position (§5)
        self.token = None
        self.who = None
        self.welcome = None
        self.on_wire = None   # optional: called with ("send"|"recv", body bytes)
        self.answer_pings = True  # answer the server's idle pings (§1, [P1.5])
        self.pings = 0        # server pings answered

    # ---- connection and framing (§1) --------------------------------------

    @classmethod
    def connect(cls, port, host="127.0.0.1"):
        sock = socket.create_connection((host, port), timeout=5)
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        return cls(sock, port)

    @classmethod
    def open(cls, port, name="conformance 1.0"):
        """Connects and says hello; returns the connection (welcome kept)."""
        c = cls.connect(port)
        c.welcome = c.request({"t": "hello", "v": MAJOR, "name": name, "feat": FEAT_ALL})
        assert c.welcome["t"] == "welcome", c.welcome
        return c

    def close(self):
        try:
            self.sock.close()
        except OSError:
            pass

    def send_bytes(self, body):
        """One frame: 4-byte big-endian length, then the body."""
        if self.on_wire:
            self.on_wire("send", body)
        self.sock.sendall(struct.pack(">I", len(body)) + body)

    def send(self, msg):
        """Sends a dict (a `rid` is added unless present); returns the rid.
        The rid goes first: an error found while reading the envelope can
        only carry a rid the server read before it (§7)."""
        if "rid" not in msg:
            self.rid += 1
            msg = dict({"rid": self.rid}, **msg)
        self.send_bytes(msgpack.packb(msg, use_bin_type=True))
        return msg.get("rid", 0)

    def _read_frame(self, timeout):
        deadline = time.monotonic() + timeout
        while True:
            if len(self.buf) >= 4:
                (n,) = struct.unpack(">I", self.buf[:4])
                if len(self.buf) >= 4 + n:
                    body = bytes(self.buf[4:4 + n])
                    del self.buf[:4 + n]
                    if self.on_wire:
                        self.on_wire("recv", body)
                    msg = msgpack.unpackb(body, raw=False)
                    if msg.get("t") == "ping" and not msg.get("seq") and self.answer_pings:
                        self.pings += 1  # [P1.5]: any message answers the server's idle ping
                        self.send({"t": "ping", "rid": 0})
                        continue
                    if msg.get("t") == "pong" and not msg.get("rid") and self.answer_pings:
                        continue  # the answer to our answer
                    return msg
            left = deadline - time.monotonic()
            if left <= 0:
                return None
            self.sock.settimeout(left)
            try:
                chunk = self.sock.recv(65536)
            except socket.timeout:
                return None
            except (ConnectionResetError, BrokenPipeError):
                raise Closed()
            if not chunk:
                raise Closed()
            self.buf += chunk

    def pump(self, timeout=0.2):
        """Reads what arrives within `timeout` into the inbox."""
        msg = self._read_frame(timeout)
        while msg is not None:
            self.inbox.append(msg)
            msg = self._read_frame(0.05)

    def closed_within(self, timeout=3.0):
        """True once the server has hung up (reading and keeping what came first)."""
        deadline = time.monotonic() + timeout
        try:
            while time.monotonic() < deadline:
                msg = self._read_frame(deadline - time.monotonic())
                if msg is not None:
                    self.inbox.append(msg)
        except Closed:
            return True
        return False

    # ---- replies and stream -------------------------------------------------

    def take(self, pred, timeout=5.0):
        """The first message (inbox first, then the wire) satisfying pred;
        the others stay in the inbox. Raises AssertionError on timeout."""
        deadline = time.monotonic() + timeout
        while True:
            for i, m in enumerate(self.inbox):
                if pred(m):
                    return self.inbox.pop(i)
            left = deadline - time.monotonic()
            if left <= 0:
                raise AssertionError("timed out; inbox holds %r" % [m.get("t") for m in self.inbox])
            msg = self._read_frame(left)
            if msg is not None:
                self.inbox.append(msg)

    def expect(self, t, timeout=5.0, **fields):
        """The first message of type t (and the given field values)."""
        return self.take(lambda m: m.get("t") == t and
                         all(m.get(k) == v for k, v in fields.items()), timeout)

    def request(self, msg, timeout=5.0):
        """Sends msg and returns its direct reply (same rid, seq 0): the
        success reply or an `error` (§7: every request but chat gets one)."""
        rid = self.send(msg)
        return self.take(lambda m: m.get("rid") == rid and not m.get("seq") and
                         m.get("t") != "state", timeout)

    def error_of(self, msg, timeout=5.0):
        """Sends msg and returns the `name` of the error it gets."""
        r = self.request(msg, timeout)
        assert r["t"] == "error", "expected an error for %r, got %r" % (msg, r)
        return r["name"]

    def stream_msg(self, t=None, timeout=5.0, **fields):
        """The next stream message (seq > 0) of type t; checks it is the
        next in order and advances `last`."""
        m = self.take(lambda m: m.get("seq", 0) > 0 and (t is None or m.get("t") == t) and
                      all(m.get(k) == v for k, v in fields.items()), timeout)
        return m

    def drain_stream(self, timeout=0.3):
        """Every stream message received so far, checking that seqs run on
        from `last` without a gap or a repeat; returns them."""
        self.pump(timeout)
        got = [m for m in self.inbox if m.get("seq", 0) > 0]
        self.inbox = [m for m in self.inbox if not m.get("seq", 0) > 0]
        for m in got:
            assert m["seq"] == self.last + 1, "seq %d after last %d (%s)" % (
                m["seq"], self.last, m["t"])
            self.last = m["seq"]
        return got

    # ---- lobby (§4) ----------------------------------------------------------

    def join(self, code):
        r = self.request({"t": "join", "code": code})
        if r["t"] == "joined":
            self.token, self.who, self.last = r["tok"], r["who"], r.get("head", 0)
        return r

    def resume(self, token, last):
        r = self.request({"t": "resume", "tok": token, "last": last})
        if r["t"] == "joined":
            self.token, self.who = r["tok"], r["who"]
            self.last = last
        return r


SEATS = ["china", "russia", "west", "kazakhstan"]


def new_game(port, **options):
    """Creates a game (no deadlines unless given) on a fresh connection;
    returns game_created."""
    c = Conn.open(port)
    msg = {"t": "create_game", "scen": options.pop("scen", "classroom")}
    msg.update(options)
    g = c.request(msg)
    c.close()
    assert g["t"] == "game_created", g
    return g


def seated(port, code):
    """A connection joined with `code`, its snapshot taken."""
    c = Conn.open(port)
    j = c.join(code)
    assert j["t"] == "joined", j
    c.snapshot = c.expect("state", seq=0)
    return c


def all_seats(port, g):
    """One connection per seat, joined, snapshots taken."""
    return {s: seated(port, g["codes"][s]) for s in SEATS}


def everyone_ready(conns, turn, phase):
    """Every connection says ready for (turn, phase); each must get ok."""
    for s, c in conns.items():
        r = c.request({"t": "ready", "turn": turn, "phase": phase})
        if r["t"] != "ok":
            raise AssertionError("%s ready: %r" % (s, r))


def next_state(c, phase, timeout=5.0):
    """The next streamed state of `phase`."""
    return c.stream_msg("state", timeout, phase=phase)
