"""conf_stream.py — conformance cases for sequence numbers and resume
(PROTOCOL.md §5): what a join starts from, and every point a client may
resume from. Run through test_conformance.py."""
import time

from harness import Server, check
from wire import Conn, all_seats, new_game, seated


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
