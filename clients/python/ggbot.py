"""ggbot — a small New Great Game client kit over TCP (PROTOCOL.md).

Standard library plus msgpack (Debian: python3-msgpack). Messages are plain
dicts with the wire keys, e.g. {"t": "orders", "o": [{"a": "elite_forum"}]}.

    from ggbot import Client
    c = Client.connect("127.0.0.1", 7777)        # TCP + hello
    info = c.create_game("classroom", bots={"china": "greedy"})
    c.join(info["codes"]["kazakhstan"])
    for msg in c.messages():                      # stream order, no duplicates
        ...

Client.play(bot) runs a whole game with an object that has any of the
methods on_diplomacy(state), on_orders(state), on_crisis(state),
on_deal(deal), on_chat(msg) and on_game_over(msg); see example_bot.py.

deal_reasons(deal) lists the reasons a ledger entry keeps (the proposer's
and the last answer's, PROTOCOL.md [P8.3]); waiting_for(state) says whom
diplomacy waits for to answer an offer ([P6.14]).

A proposal that reaches the seat after it said `ready` for diplomacy keeps
the phase open until the seat answers it (PROTOCOL.md [P6.13]): `ready`
sends `seen` (the last stream seq handed out by recv), and play() says
`ready` again, having seen it, for such a proposal the bot left unanswered
(a bot without on_deal, or one whose on_deal did not respond) — so a game
without deadlines never waits on the kit.
"""

import socket
import struct

import msgpack

PROTOCOL_MAJOR = 1
FEATURES_ALL = 0x1F
MAX_MESSAGE = 65536


class GGError(Exception):
    """The server answered a request with `error`."""

    def __init__(self, msg):
        self.msg = msg
        self.code = msg.get("code")
        self.name = msg.get("name", "")
        super().__init__("%s (%s): %s" % (self.name, self.code, msg.get("msg", "")))


class Client:
    """One TCP connection to gg-server. Not thread-safe."""

    def __init__(self, sock, name="ggbot.py 0.1"):
        self.sock = sock
        self.name = name
        self.rid = 0
        self.last = 0          # highest stream seq seen (TCP keeps order)
        self.token = None
        self.who = None
        self.game = None
        self.welcome = None
        self._early = []       # messages read while waiting for a reply
        self.phase = None      # (turn, phase) of the latest `state` handed out
        self.readied = None    # the (turn, phase) we last sent `ready` in
        self.answered = set()  # deal ids we sent `respond` for

    # ---- connection ------------------------------------------------------

    @classmethod
    def connect(cls, host="127.0.0.1", port=7777, name="ggbot.py 0.1", timeout=10.0):
        sock = socket.create_connection((host, port), timeout=timeout)
        sock.settimeout(None)
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        c = cls(sock, name)
        c.welcome = c.request({"t": "hello", "v": PROTOCOL_MAJOR, "name": name,
                               "feat": FEATURES_ALL})
        return c

    def close(self):
        try:
            self.sock.close()
        except OSError:
            pass

    def _recv_exact(self, n):
        buf = bytearray()
        while len(buf) < n:
            chunk = self.sock.recv(n - len(buf))
            if not chunk:
                raise ConnectionError("the server closed the connection")
            buf += chunk
        return bytes(buf)

    def send(self, msg):
        """Sends one message (a dict); sets `rid` if absent. Returns the rid."""
        if "rid" not in msg:
            self.rid += 1
            msg = dict(msg, rid=self.rid)
        if msg.get("t") == "ready" and self.phase:
            self.readied = (msg.get("turn") or self.phase[0], msg.get("phase") or self.phase[1])
        elif msg.get("t") == "respond":
            self.answered.add(msg.get("deal"))
        data = msgpack.packb(msg, use_bin_type=True)
        if len(data) > MAX_MESSAGE:
            raise ValueError("message larger than the protocol limit")
        self.sock.sendall(struct.pack(">I", len(data)) + data)
        return msg["rid"]

    def recv_raw(self, timeout=None):
        """The next message off the wire (a dict), or None on timeout. The
        server's idle `ping` (PROTOCOL.md §14: a TCP client silent for
        GG_TCP_PING_MS) is answered here with a `ping` of our own (rid 0;
        its `pong` is dropped too) and not returned."""
        while True:
            self.sock.settimeout(timeout)
            try:
                header = self._recv_exact(4)
            except socket.timeout:
                return None
            finally:
                self.sock.settimeout(None)
            (length,) = struct.unpack(">I", header)
            if length == 0 or length > MAX_MESSAGE:
                raise ConnectionError("bad frame length %d" % length)
            msg = msgpack.unpackb(self._recv_exact(length), raw=False)
            if msg.get("t") == "ping" and not msg.get("seq"):
                self.send({"t": "ping", "rid": 0})
                continue
            if msg.get("t") == "pong" and not msg.get("rid"):
                continue
            return msg

    def recv(self, timeout=None):
        """The next message in stream order (duplicates after a resume are
        dropped), or None on timeout."""
        while True:
            msg = self._early.pop(0) if self._early else self.recv_raw(timeout)
            if msg is None:
                return None
            seq = msg.get("seq", 0)
            if seq and self.token is not None:
                if seq <= self.last:
                    continue
                self.last = seq
            if msg.get("t") == "state" and "turn" in msg:
                self.phase = (msg["turn"], msg.get("phase"))
            return msg

    def messages(self):
        """Yields messages until the connection closes."""
        while True:
            try:
                msg = self.recv()
            except ConnectionError:
                return
            yield msg

    def request(self, msg, timeout=10.0):
        """Sends msg and returns the direct reply with its rid; raises GGError
        for an `error` reply. Other messages are kept for recv()."""
        rid = self.send(msg)
        while True:
            reply = self.recv_raw(timeout)
            if reply is None:
                raise TimeoutError("no answer to %s" % msg.get("t"))
            if reply.get("rid") == rid and not reply.get("seq"):
                if reply.get("t") == "error":
                    raise GGError(reply)
                return reply
            self._early.append(reply)

    # ---- lobby -------------------------------------------------------------

    def create_game(self, scenario="classroom", bots=None, key=None, **options):
        """create_game; options use the wire keys (bind, dl_dip, dl_ord,
        dl_cri, miss, teams, hide, turns, seed). `key` is the creator key of
        a server started with --create-key (BAD_CREATE_KEY without it).
        Returns game_created as a dict with keys game, codes {seat: code},
        obs, mod. Raises GGError for TOO_MANY_GAMES / CREATE_TOO_FAST (the
        per-address limits of PROTOCOL.md §4)."""
        msg = {"t": "create_game", "scen": scenario}
        if key:
            msg["key"] = key
        if bots:
            msg["bots"] = dict(bots)
        msg.update(options)
        return self.request(msg)

    def join(self, code):
        """join: returns `joined`; the seat's snapshot `state` follows."""
        joined = self.request({"t": "join", "code": code})
        self.token = joined["tok"]
        self.who = joined["who"]
        self.game = joined["game"]
        self.last = joined.get("head", 0)
        return joined

    def resume(self, host, port, timeout=10.0):
        """Reconnects after a drop and resumes from the last seq seen. The
        token rotates: the one in the `joined` reply replaces the old one."""
        self.close()
        self.sock = socket.create_connection((host, port), timeout=timeout)
        self.sock.settimeout(None)
        self._early = []
        self.request({"t": "hello", "v": PROTOCOL_MAJOR, "name": self.name,
                      "feat": FEATURES_ALL})
        joined = self.request({"t": "resume", "tok": self.token, "last": self.last})
        self.token = joined["tok"]
        return joined

    # ---- game commands -------------------------------------------------------

    def chat(self, text, to=None, channel=None):
        msg = {"t": "chat", "ch": channel or ("private" if to else "public"), "text": text}
        if to:
            msg["to"] = list(to)
        return self.send(msg)

    def propose(self, parties, clauses):
        return self.send({"t": "propose", "parties": list(parties), "cl": list(clauses)})

    def respond(self, deal_id, accept):
        return self.send({"t": "respond", "deal": int(deal_id), "acc": bool(accept)})

    def orders(self, orders, turn=None):
        msg = {"t": "orders", "o": list(orders)}
        if turn:
            msg["turn"] = turn
        return self.send(msg)

    def ready(self, turn=None, phase=None, seen=None):
        """`ready` for the phase. `seen` (default: the last stream seq recv
        handed out) tells the server which proposals the seat had seen: one
        announced after it keeps diplomacy open for our answer ([P6.13])."""
        msg = {"t": "ready"}
        if turn:
            msg["turn"] = turn
        if phase:
            msg["phase"] = phase
        if seen is None and self.token is not None:
            seen = self.last
        if seen is not None:
            msg["seen"] = seen
        return self.send(msg)

    def owes_answer(self, deal):
        """True when `deal` is an open proposal to our seat that we have not
        answered (accepted or sent `respond` for)."""
        return (deal.get("st") == "open" and self.who in deal.get("parties", [])
                and self.who not in deal.get("acc", []) and deal.get("id") not in self.answered)

    def crisis_response(self, response):
        return self.send({"t": "crisis_response", "r": response})

    # ---- a whole game -----------------------------------------------------

    def play(self, bot, log=None):
        """Plays until game_over with `bot` (see the module doc); acts once
        per (turn, phase). Returns the game_over message (or None if the
        connection closed first)."""
        acted = None
        for msg in self.messages():
            t = msg.get("t")
            if log:
                log(msg)
            if t == "state":
                key = (msg["turn"], msg["phase"])
                if key == acted:
                    continue
                acted = key
                phase = msg["phase"]
                if phase == "diplomacy" and hasattr(bot, "on_diplomacy"):
                    bot.on_diplomacy(self, msg)
                elif phase == "orders" and hasattr(bot, "on_orders"):
                    bot.on_orders(self, msg)
                elif phase == "crisis" and self.who == "kazakhstan" and hasattr(bot, "on_crisis"):
                    bot.on_crisis(self, msg)
            elif t == "deal_update":
                deal = msg["deal"]
                if hasattr(bot, "on_deal"):
                    bot.on_deal(self, deal)
                # A proposal after our diplomacy `ready` keeps the phase open
                # until we answer ([P6.13]): left unanswered, say ready again
                # having seen it (it then expires as a "no").
                if (self.owes_answer(deal) and self.phase and self.phase[1] == "diplomacy"
                        and self.readied == self.phase):
                    self.ready(turn=self.phase[0], phase="diplomacy")
            elif t == "chat" and hasattr(bot, "on_chat"):
                bot.on_chat(self, msg)
            elif t == "game_over":
                if hasattr(bot, "on_game_over"):
                    bot.on_game_over(self, msg)
                return msg
        return None


def deal_reasons(deal):
    """The reasons a ledger entry keeps (PROTOCOL.md [P8.3]), in `view.deals`
    (a join's snapshot too) and `deal_update.deal`: a list of up to two
    {"by": seat, "as": "proposal" | "answer", "why": reason}, the proposer's
    first. A reason is {"id": template id, "args": [...]}: render it from
    the templates of `gg-arena --dump-rules` ("reasons")."""
    out = []
    if deal.get("why"):
        out.append({"by": deal.get("by"), "as": "proposal", "why": deal["why"]})
    if deal.get("ans_why"):
        out.append({"by": deal.get("ans_by"), "as": "answer", "why": deal["ans_why"]})
    return out


def waiting_for(state):
    """Whom diplomacy waits for to answer an offer (PROTOCOL.md [P6.14]):
    [(seat, deal id or None)] from a `state` message — the deal only when
    the receiver may see it (its parties, the moderator); [] otherwise."""
    ids = state.get("wait_deal") or {}
    return [(seat, ids.get(seat) or None) for seat in state.get("wait") or []]


def affordable(legal, resources):
    """Legal actions (state["legal"] entries) whose cost fits `resources`
    ({resource: amount}, e.g. state["view"]["res"][seat])."""
    out = []
    for entry in legal:
        cost = entry.get("c", {})
        if all(resources.get(r, 0) >= n for r, n in cost.items()):
            out.append(entry)
    return out
