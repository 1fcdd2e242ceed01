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


def replayed(c):
    """The seqs a resume re-sent, up to its snapshot; fails on an `error`
    (HISTORY_GONE) or anything unnumbered before the snapshot."""
    seqs = []
    while True:
        m = c.take(lambda m: True)
        check(m["t"] != "error", "the resume answered %r" % m)
        if m.get("seq", 0) == 0:
            check(m["t"] == "state", "unnumbered %r in the replay" % m)
            return seqs
        seqs.append(m["seq"])


def case_resume_zero_after_join(bin_dir):
    """[P5.4] [P5.7] — a client that joins and at once resumes from 0 (a page
    reload before any stream message came) is sent its seat's whole history
    from its first join, gap-free, then the snapshot: the messages numbered
    before that join were never sent to anyone, nothing is gone. Also after
    other seats' traffic and without a reconnect."""
    with Server(bin_dir) as srv:
        g = new_game(srv.port)
        ru = seated(srv.port, g["codes"]["russia"])
        ru.request({"t": "chat", "ch": "public", "text": "before china"})
        c = Conn.open(srv.port)
        j = c.join(g["codes"]["china"])
        check(j["head"] >= 2, "china joined at head %r: nothing numbered before it" % j)
        c.expect("state", seq=0)
        tok = c.token
        c.close()
        time.sleep(0.1)
        r = Conn.open(srv.port)
        j2 = r.resume(tok, 0)
        check(j2["t"] == "joined", "resume from 0: %r" % j2)
        seqs = replayed(r)
        # the seat's own `joined` notice (numbered within the join's head) up
        # to head: its `left` and `joined` of the resume follow
        check(seqs and seqs[0] <= j["head"] and seqs == list(range(seqs[0], j2["head"] + 1)),
              "replayed %r, want a gap-free run to %d" % (seqs, j2["head"]))
        # ... and again on the same connection, after more traffic
        ru.request({"t": "chat", "ch": "public", "text": "after china"})
        r.pump(0.3)
        r.inbox.clear()  # (the chat, live: the resume sends it again)
        j3 = r.resume(r.token, 0)
        seqs3 = replayed(r)
        check(seqs3 and seqs3[0] == seqs[0] and seqs3 == list(range(seqs[0], j3["head"] + 1)),
              "second resume from 0 replayed %r" % seqs3)


def case_resume_points(bin_dir):
    """[P5.4] [P5.5] [P5.7] [P5.8] — HISTORY_GONE, BAD_TOKEN, MSG_BAD_FIELD.
    Resume from several points: at head (nothing replayed), in the middle
    (exactly the missed messages, in order, then the snapshot), from 0
    (the seat's whole history, from its first join: nothing before it was
    ever sent, so no HISTORY_GONE), beyond head (refused)."""
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
        # from 0: the history from china's first join on (the messages
        # numbered before it were never sent to anyone), gap-free
        tok = r2.token
        r2.close()
        time.sleep(0.1)
        r3 = Conn.open(srv.port)
        j3 = r3.resume(tok, 0)
        seqs = replayed(r3)
        check(seqs and seqs[0] <= head0 and seqs == list(range(seqs[0], j3["head"] + 1)),
              "resume from 0 replayed %r, want a run from china's join to %d" % (seqs, j3["head"]))
        # beyond head: refused, the token still works
        tok = r3.token
        r4 = Conn.open(srv.port)
        e4 = r4.request({"t": "resume", "tok": tok, "last": j3["head"] + 100})
        check(e4["t"] == "error" and e4["name"] == "MSG_BAD_FIELD" and e4["where"] == "last",
              "last beyond head: %r" % e4)
        check(r4.error_of({"t": "resume", "tok": "0" * 32, "last": 0}) == "BAD_TOKEN",
              "unknown token")
