#!/usr/bin/python3
"""exec_bot.py — a complete bot for `gg-bot --exec` (no network code).

gg-bot writes every server message to our stdin as one JSON object per
line, plus {"t":"your_turn",...} when we must decide; we answer with client
messages as JSON lines on stdout (PROTOCOL.md, "gg-bot --exec: the
JSON-lines bot bridge").

    gg-bot --server 127.0.0.1:7777 --code K7Q2-MX4P --exec "/usr/bin/python3 exec_bot.py"
"""
import json
import sys


def send(msg):
    sys.stdout.write(json.dumps(msg) + "\n")
    sys.stdout.flush()          # one line per message, flushed at once


state = None                    # the latest "state" message
me = None                       # our seat, from "joined"
last = 0                        # the last stream seq we read (ready's "seen")
greeted = 0                     # the turn we said hello in

# gg-bot prompts diplomacy again (your_turn) when a proposal reaches us after
# our ready: we answer it on its deal_update, then say ready again, having
# seen it (PROTOCOL.md [P6.13]); the hello is said once a turn.

for line in sys.stdin:          # EOF: the game is over (or gg-bot stopped)
    msg = json.loads(line)
    t = msg["t"]
    last = max(last, msg.get("seq", 0))
    if t == "joined":
        me = msg["who"]
        last = max(last, msg.get("head", 0))   # what came before we joined
    elif t == "state":
        state = msg
    elif t == "deal_update":
        deal = msg["deal"]
        if deal["st"] == "open" and me in deal["parties"] and me not in deal["acc"]:
            gives = any(c.get("k") == "transfer" and c.get("from") == me for c in deal["cl"])
            send({"t": "respond", "deal": deal["id"], "acc": not gives})
    elif t == "your_turn":
        turn, phase = msg["turn"], msg["phase"]
        if phase == "diplomacy":
            if greeted != turn:
                send({"t": "chat", "ch": "public", "text": "hello from an exec bot"})
                greeted = turn
            send({"t": "ready", "turn": turn, "phase": phase, "seen": last})
        elif phase == "orders":
            budget = dict(state["view"]["res"][me])
            orders, used = [], set()
            for legal in state.get("legal", []):
                cost = legal.get("c", {})
                if legal["a"] in used or legal["a"] == "transfer" or legal.get("nc"):
                    continue
                if all(budget.get(r, 0) >= n for r, n in cost.items()) and len(orders) < 3:
                    for r, n in cost.items():
                        budget[r] -= n
                    order = {"a": legal["a"]}
                    if "t" in legal:
                        order["t"] = legal["t"]
                    orders.append(order)
                    used.add(legal["a"])
            send({"t": "orders", "turn": turn, "o": orders})
            send({"t": "ready", "turn": turn, "phase": phase})
        elif phase == "crisis":
            send({"t": "crisis_response", "r": "handle_alone"})
    elif t == "error":
        print("exec_bot: server said %s: %s" % (msg.get("name"), msg.get("msg")), file=sys.stderr)
    elif t == "game_over":
        print("exec_bot: game over, winner %s" % msg["winner"], file=sys.stderr)
