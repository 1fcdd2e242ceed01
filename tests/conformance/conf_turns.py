"""conf_turns.py — conformance cases for a whole game (PROTOCOL.md §6,
§8): a turn of deals, orders, resolution and crisis, preconditions, the
deal ledger and pledges, the escalation ladder and the final state. Run
through test_conformance.py."""
from harness import Server, check
from wire import SEATS, all_seats, everyone_ready, new_game, next_state, seated

# PROTOCOL.md section 11, "ranking criterion" (game_over.by, since 1.5)
CRITERIA = ("margin", "ahead_of_pace", "domains_led", "fewer_broken_promises", "final_position",
            "reserves", "draw")


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


def case_answerable_proposals(bin_dir):
    """[P6.13] — a proposal announced to a seat after its `ready` keeps
    diplomacy open until the seat answers it, though every seat is ready;
    a proposal it had seen when it said ready (within `seen`) and left
    unanswered expires with the phase. Before [P6.13] China's `ready` ended
    the phase and Kazakhstan's answer got WRONG_PHASE."""
    with Server(bin_dir) as srv:
        g = new_game(srv.port)
        conns = all_seats(srv.port, g)
        cn, kz = conns["china"], conns["kazakhstan"]
        consent = [{"k": "consent", "power": "china", "a": "any", "fee": 1}]
        seen = cn.request({"t": "propose", "parties": ["kazakhstan"], "cl": consent})
        check(seen["t"] == "ok", "first proposal %r" % seen)
        for _ in range(50):  # received; then `last` covers it
            if any(m["t"] == "deal_update" for m in kz.inbox):
                break
            kz.pump(0.1)
        got = kz.drain_stream()
        check(any(m["t"] == "deal_update" and m["deal"]["id"] == seen["id"] for m in got),
              "kazakhstan saw the first proposal")
        r = kz.request({"t": "ready", "turn": 1, "phase": "diplomacy", "seen": kz.last})
        check(r["t"] == "ok", "kazakhstan ready %r" % r)
        for s in ("russia", "west"):
            check(conns[s].request({"t": "ready", "turn": 1, "phase": "diplomacy"})["t"] == "ok",
                  s + " ready")
        late = cn.request({"t": "propose", "parties": ["kazakhstan"], "cl": consent})
        check(late["t"] == "ok", "late proposal %r" % late)
        check(cn.request({"t": "ready", "turn": 1, "phase": "diplomacy"})["t"] == "ok", "")
        cn.pump(0.5)
        check(not any(m["t"] == "state" and m.get("phase") == "orders" for m in cn.inbox),
              "diplomacy ended with a proposal kazakhstan had not seen")
        check(kz.stream_msg("deal_update")["deal"]["id"] == late["id"], "the late deal_update")
        a = kz.request({"t": "respond", "deal": late["id"], "acc": False})
        check(a["t"] == "ok", "the late proposal could not be answered: %r" % a)
        for c in conns.values():
            next_state(c, "orders")
        kz.take(lambda m: m.get("t") == "deal_update" and m["deal"]["id"] == seen["id"] and
                m["deal"]["st"] == "expired")  # the one it had seen and left: expired


def case_whom_diplomacy_waits_for(bin_dir):
    """[P6.14] — while diplomacy waits for a seat's answer ([P6.13]),
    every stream's state says so: `wait` names the seat for everyone,
    `wait_deal` the deal only for those who may see it (the parties, the
    moderator); the wait ends when the seat answers."""
    with Server(bin_dir) as srv:
        g = new_game(srv.port)
        conns = all_seats(srv.port, g)
        cn, kz, ru = conns["china"], conns["kazakhstan"], conns["russia"]
        obs, mod = seated(srv.port, g["obs"]), seated(srv.port, g["mod"])
        for c in (obs, mod) + tuple(conns.values()):
            check("wait" not in c.snapshot and "wait_deal" not in c.snapshot,
                  "a wait before any proposal: %r" % c.snapshot.get("wait"))
        for s in ("kazakhstan", "russia", "west"):
            check(conns[s].request({"t": "ready", "turn": 1, "phase": "diplomacy"})["t"] == "ok",
                  s + " ready")
        late = cn.request({"t": "propose", "parties": ["kazakhstan"],
                           "cl": [{"k": "consent", "power": "china", "a": "any", "fee": 1}]})
        check(late["t"] == "ok", "late proposal %r" % late)
        waiting = lambda m: m.get("t") == "state" and m.get("seq", 0) > 0 and "wait" in m
        for c, sees in ((obs, False), (ru, False), (mod, True), (cn, True), (kz, True)):
            st = c.take(waiting)
            check(st["wait"] == ["kazakhstan"] and st["phase"] == "diplomacy",
                  "%s: wait %r" % (c.who, st.get("wait")))
            want = {"kazakhstan": late["id"]} if sees else None
            check(st.get("wait_deal") == want, "%s: wait_deal %r, want %r" % (
                c.who, st.get("wait_deal"), want))
            ids = [d["id"] for d in st["view"].get("deals", [])]
            check((late["id"] in ids) == sees, "%s sees deals %r" % (c.who, ids))
        check(kz.request({"t": "respond", "deal": late["id"], "acc": False})["t"] == "ok", "")
        check(cn.request({"t": "ready", "turn": 1, "phase": "diplomacy"})["t"] == "ok", "")
        for c in (obs, kz):
            st = next_state(c, "orders")
            check("wait" not in st and "wait_deal" not in st, "orders: wait %r" % st.get("wait"))


def case_reasons_in_the_ledger(bin_dir):
    """[P8.3] — a ledger entry keeps the proposer's reason and the latest
    answer's (`why`, `ans_by`, `ans_why`): a seat that joins after the
    offer was made and answered reads both in its snapshot; a seat that is
    not a party sees neither the entry nor its reasons."""
    with Server(bin_dir) as srv:
        g = new_game(srv.port)
        cn = seated(srv.port, g["codes"]["china"])
        kz = seated(srv.port, g["codes"]["kazakhstan"])
        why = {"id": "consent_fee", "args": ["china", 1, "bri_project"]}
        ok = cn.request({"t": "propose", "parties": ["kazakhstan"], "why": why,
                         "cl": [{"k": "consent", "power": "china", "a": "bri_project", "fee": 1}]})
        check(ok["t"] == "ok", "propose %r" % ok)
        other = cn.request({"t": "propose", "parties": ["kazakhstan"],
                            "cl": [{"k": "consent", "power": "china", "a": "any", "fee": 1}]})
        ans = {"id": "reject_price", "args": ["kazakhstan", "bri_project", 3, 1]}
        check(kz.request({"t": "respond", "deal": ok["id"], "acc": False, "why": ans})["t"]
              == "ok", "reject with a reason")
        late = seated(srv.port, g["codes"]["kazakhstan"])  # a reconnecting student
        deals = {d["id"]: d for d in late.snapshot["view"]["deals"]}
        d = deals[ok["id"]]
        check(d["st"] == "rejected" and d.get("why") == why, "the proposer's reason %r" % d)
        check(d.get("ans_by") == "kazakhstan" and d.get("ans_why") == ans,
              "the answer's reason %r" % d)
        o = deals[other["id"]]
        check("why" not in o and "ans_why" not in o and "ans_by" not in o,
              "reasons nobody gave %r" % o)
        ru = seated(srv.port, g["codes"]["russia"])
        check(not [d for d in ru.snapshot["view"].get("deals", []) if d["id"] == ok["id"]],
              "russia sees china's offer to kazakhstan")


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
            check(over.get("by") in CRITERIA, "game_over.by %r" % over.get("by"))
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
        # since 1.5: `by` names the criterion that put the winner above the
        # runner-up: margin when their margins differ, else a tiebreak
        check(over.get("by") in CRITERIA, "game_over.by %r" % over.get("by"))
        rel = [over["rel"].get(s, 0) for s in over["rank"][:2]]
        check((over["by"] == "margin") == (rel[0] != rel[1]) and rel[0] >= rel[1],
              "game_over.by %r with margins %r" % (over["by"], rel))
