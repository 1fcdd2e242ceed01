"""conf_roles.py — conformance cases for who may do and see what
(PROTOCOL.md §6, §7): the moderator's commands, chat and hidden
information per role, who receives which stream messages. Run through
test_conformance.py."""
import time

from harness import Server, check
from wire import SEATS, Conn, all_seats, new_game, seated


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
