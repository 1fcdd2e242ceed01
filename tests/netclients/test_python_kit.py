"""test_python_kit.py — the Python bot kit (clients/python) against a real
gg-server: server bots in three seats, example_bot.py in the fourth.

Usage: test_python_kit.py BIN_DIR CASE   (--list for the cases)
"""
import json
import os
import subprocess
import sys
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
KIT = os.path.join(HERE, "..", "..", "clients", "python")
sys.path.insert(0, HERE)
sys.path.insert(0, KIT)

from harness import PY, Server, check, main_cases, run  # noqa: E402
from ggbot import Client, GGError, deal_reasons, waiting_for  # noqa: E402

SEATS = ["china", "russia", "west", "kazakhstan"]


def full_game(bin_dir, seat, scenario):
    with Server(bin_dir) as srv:
        c = Client.connect("127.0.0.1", srv.port)
        g = c.create_game(scenario, bots={s: "greedy" for s in SEATS if s != seat})
        c.close()
        p = run([PY, os.path.join(KIT, "example_bot.py"), "--port", str(srv.port),
                 "--code", g["codes"][seat]], timeout=50)
        over = json.loads(p.stdout.strip().splitlines()[-1])
        check(over["t"] == "game_over", "last message is %r" % over.get("t"))
        check(over["winner"] in SEATS and sorted(over["rank"]) == sorted(SEATS), "%r" % over)
        # vp omits seats at 0 (PROTOCOL.md: absent entries are 0), as a seat
        # blamed for a regional crisis scores; rel names every seat
        check(seat in over["rel"] and over["vp"].get(seat, 0) >= 0,
              "no score for %s: %r" % (seat, over))
        # since protocol 1.5: the ranking criterion that decided (RULES.md §9)
        check(over.get("by") in ("margin", "ahead_of_pace", "domains_led", "fewer_broken_promises",
                                 "final_position", "reserves", "draw"), "game_over.by: %r" % over)


def case_example_bot_kazakhstan(bin_dir):
    full_game(bin_dir, "kazakhstan", "classroom")


def case_example_bot_china_belt_and_road(bin_dir):
    full_game(bin_dir, "china", "belt-and-road")


def case_kit_api(bin_dir):
    """Errors surface as GGError; stream order and resume work over TCP."""
    with Server(bin_dir) as srv:
        c = Client.connect("127.0.0.1", srv.port)
        check(c.welcome["t"] == "welcome" and c.welcome["v"] == 1, "welcome %r" % c.welcome)
        try:
            c.join("ZZZZ-ZZZZ")
            check(False, "a bad code was accepted")
        except GGError as e:
            check(e.name == "BAD_CODE", "error %r" % e.msg)
        g = c.create_game("classroom", bots={"russia": "greedy", "west": "greedy",
                                             "kazakhstan": "greedy"})
        c.join(g["codes"]["china"])
        first = c.recv(timeout=5)
        check(first["t"] == "state" and first["seq"] == 0, "snapshot %r" % first.get("t"))
        c.chat("hello")
        echo = c.recv(timeout=5)
        check(echo["t"] == "chat" and echo["from"] == "china", "chat echo %r" % echo)
        last = c.last
        c.resume("127.0.0.1", srv.port)
        c.ready()
        seen = []
        while True:
            m = c.recv(timeout=5)
            check(m is not None, "nothing after resume")
            if m.get("seq"):
                seen.append(m["seq"])
            if m["t"] == "state" and m.get("phase") == "orders":
                break
        check(all(s > last for s in seen) and seen == sorted(seen), "seqs %r after %d" % (seen, last))


CONSENT = [{"k": "consent", "power": "china", "a": "any", "fee": 1}]


def human_china(srv, bots=("russia", "west")):
    """A one-turn game without deadlines: China held by the test (a Client
    joined to it), `bots` by server bots, Kazakhstan for the kit's bot."""
    c = Client.connect("127.0.0.1", srv.port)
    g = c.create_game("classroom", bots={s: "greedy" for s in bots}, turns=1)
    c.close()
    cn = Client.connect("127.0.0.1", srv.port)
    cn.join(g["codes"]["china"])
    return g, cn


def wait_for(c, pred, what, timeout=15.0):
    """The first stream message of `c` with pred(m), or fails the test."""
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        m = c.recv(timeout=max(0.05, end - time.monotonic()))
        if m is not None and pred(m):
            return m
    check(False, "never came: " + what)


def finish_as_china(cn, also=lambda m: None):
    """China holds for the rest of the one-turn game; returns its game_over
    (also(m) sees every stream message before it)."""
    check(cn.request({"t": "ready", "phase": "orders"})["t"] == "ok", "china's orders ready")
    return wait_for(cn, lambda m: also(m) or m["t"] == "game_over", "game_over", timeout=30)


def case_reasons_and_waits(bin_dir):
    """The kit exposes a ledger entry's reasons ([P8.3]) — a late join's
    snapshot holds the negotiator bots' reasons for their offers — and whom
    diplomacy waits for ([P6.14]: the seat for an observer, the deal too
    for the proposer)."""
    with Server(bin_dir) as srv:
        c = Client.connect("127.0.0.1", srv.port)
        g = c.create_game("classroom", bots={s: "negotiator" for s in SEATS[:3]}, turns=1)
        time.sleep(0.5)  # the bots offer at once (deal_updates nobody heard)
        late = Client.connect("127.0.0.1", srv.port)
        late.join(g["codes"]["kazakhstan"])
        snap = wait_for(late, lambda m: m["t"] == "state", "the join snapshot")
        offers = [d for d in snap["view"].get("deals", []) if d["by"] != "kazakhstan"]
        check(offers, "no bot offer in the snapshot")
        for d in offers:
            got = deal_reasons(d)
            check(len(got) == 1 and got[0]["by"] == d["by"] and got[0]["as"] == "proposal" and
                  got[0]["why"]["args"][0] == d["by"], "offer %d's reason: %r" % (d["id"], got))
        for x in (c, late):
            x.close()
        g, cn = human_china(srv)
        kz = Client.connect("127.0.0.1", srv.port)
        kz.join(g["codes"]["kazakhstan"])
        obs = Client.connect("127.0.0.1", srv.port)
        obs.join(g["obs"])
        check(kz.request({"t": "ready", "turn": 1, "phase": "diplomacy"})["t"] == "ok", "")
        late = cn.request({"t": "propose", "parties": ["kazakhstan"], "cl": CONSENT})
        waits = lambda m: m["t"] == "state" and m.get("wait")
        check(waiting_for(wait_for(obs, waits, "the observer's wait")) == [("kazakhstan", None)],
              "the observer learns the seat, not the offer")
        check(waiting_for(wait_for(cn, waits, "china's wait")) == [("kazakhstan", late["id"])],
              "the proposer sees its deal")


def case_late_proposal_kit_bot(bin_dir):
    """[P6.13] A proposal that reaches a kit bot after its diplomacy `ready`
    keeps the phase open until the seat answers: play() says ready again,
    having seen it, for a bot that does not answer deals (no on_deal).
    Without that the game (no deadlines) waited forever in diplomacy."""
    with Server(bin_dir) as srv:
        g, cn = human_china(srv)
        said = threading.Event()
        out = {}

        class Quiet:  # answers nothing; ready at once; holds
            def on_diplomacy(self, c, state):
                r = c.request({"t": "ready", "turn": state["turn"], "phase": "diplomacy"})
                check(r["t"] == "ok", "ready %r" % r)
                said.set()

            def on_orders(self, c, state):
                c.ready(turn=state["turn"], phase="orders")

            def on_crisis(self, c, state):
                c.crisis_response("handle_alone")

        kz = Client.connect("127.0.0.1", srv.port)
        kz.join(g["codes"]["kazakhstan"])
        th = threading.Thread(target=lambda: out.update(over=kz.play(Quiet())), daemon=True)
        th.start()
        check(said.wait(15), "the kit's bot never said ready")
        late = cn.request({"t": "propose", "parties": ["kazakhstan"], "cl": CONSENT})
        check(late["t"] == "ok", "late proposal %r" % late)
        check(cn.request({"t": "ready", "turn": 1, "phase": "diplomacy"})["t"] == "ok", "")
        wait_for(cn, lambda m: m["t"] == "state" and m["phase"] == "orders",
                 "the orders phase: diplomacy still waits for Kazakhstan's answer")
        over = finish_as_china(cn)
        th.join(15)
        check(out.get("over", {}).get("t") == "game_over", "the kit's bot did not see the end")
        check(over["winner"] in SEATS, "%r" % over)


def case_late_proposal_exec_bot(bin_dir):
    """exec_bot.py under gg-bot --exec answers a proposal that reaches it
    after its diplomacy `ready` (the bridge prompts diplomacy again), says
    ready again having seen it, and greets the table once a turn (a second
    prompt once repeated its hello in public chat)."""
    with Server(bin_dir) as srv:
        g, cn = human_china(srv)
        bot = subprocess.Popen([os.path.join(bin_dir, "gg-bot"), "--server", srv.addr, "--code",
                                g["codes"]["kazakhstan"], "--exec", "%s %s" % (
                                    PY, os.path.join(KIT, "exec_bot.py"))],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        try:
            hello = lambda m: m["t"] == "chat" and m.get("from") == "kazakhstan"  # noqa: E731
            wait_for(cn, hello, "the exec bot's hello")
            time.sleep(1.0)  # its ready follows the hello on the same connection
            late = cn.request({"t": "propose", "parties": ["kazakhstan"], "cl": CONSENT})
            check(late["t"] == "ok", "late proposal %r" % late)
            check(cn.request({"t": "ready", "turn": 1, "phase": "diplomacy"})["t"] == "ok", "")
            seen = []
            m = wait_for(cn, lambda m: (hello(m) and seen.append(m)) or (
                m["t"] == "state" and m["phase"] == "orders"), "the orders phase")
            check(late["id"] in [d["id"] for d in m["view"].get("deals", [])
                                 if d["st"] == "accepted"],
                  "the late proposal was not accepted: %r" % m["view"].get("deals"))
            finish_as_china(cn, lambda m: hello(m) and seen.append(m))
            check(seen == [], "the exec bot said hello again: %r" % seen)
            out, err = bot.communicate(timeout=30)
            check(bot.returncode == 0, "gg-bot exited %d:\n%s" % (bot.returncode, err[-2000:]))
        finally:
            if bot.poll() is None:
                bot.kill()
                bot.communicate()


CASES = {name[5:]: fn for name, fn in globals().items() if name.startswith("case_")}

if __name__ == "__main__":
    sys.exit(main_cases(CASES))
