#!/usr/bin/python3
"""example_bot.py — a simple New Great Game bot on the ggbot kit.

Diplomacy: says hello in public chat once, accepts deals whose clauses do not
take anything from it, then `ready`. Orders: picks affordable legal actions
(cheapest first, no consent-needing ones, no transfers) while the budget
lasts, then `ready`. Crisis (Kazakhstan): handles it alone.

    /usr/bin/python3 example_bot.py --host 127.0.0.1 --port 7777 --code K7Q2-MX4P

Prints the game_over message as JSON on stdout.
"""

import argparse
import json
import sys

from ggbot import Client, affordable


class ExampleBot:
    def __init__(self, verbose=False):
        self.greeted = False
        self.verbose = verbose

    def on_diplomacy(self, c, state):
        if not self.greeted:
            c.chat("%s here; the example bot plays fair" % c.who)
            self.greeted = True
        c.ready(turn=state["turn"], phase="diplomacy")

    def on_deal(self, c, deal):
        mine = c.who in deal.get("parties", []) and c.who not in deal.get("acc", [])
        if deal.get("st") != "open" or not mine:
            return
        gives = any(cl.get("k") == "transfer" and cl.get("from") == c.who
                    for cl in deal.get("cl", []))
        c.respond(deal["id"], not gives)

    def on_orders(self, c, state):
        view = state["view"]
        budget = dict(view.get("res", {}).get(c.who, {}))
        chosen = []
        candidates = [e for e in affordable(state.get("legal", []), budget)
                      if e["a"] != "transfer" and not e.get("nc")]
        candidates.sort(key=lambda e: sum(e.get("c", {}).values()))
        used = set()
        for entry in candidates:
            if entry["a"] in used or len(chosen) >= 3:
                continue
            cost = entry.get("c", {})
            if all(budget.get(r, 0) >= n for r, n in cost.items()):
                for r, n in cost.items():
                    budget[r] -= n
                order = {"a": entry["a"]}
                if "t" in entry:
                    order["t"] = entry["t"]
                chosen.append(order)
                used.add(entry["a"])
        if self.verbose:
            print("orders turn %d: %s" % (state["turn"], chosen), file=sys.stderr)
        c.orders(chosen, turn=state["turn"])
        c.ready(turn=state["turn"], phase="orders")

    def on_crisis(self, c, state):
        c.crisis_response("handle_alone")


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[1])
    ap.add_argument("--host", default="127.0.0.1")
    ap.add_argument("--port", type=int, default=7777)
    ap.add_argument("--code", required=True, help="a seat's join code")
    ap.add_argument("--verbose", action="store_true")
    args = ap.parse_args()
    try:
        c = Client.connect(args.host, args.port, name="example_bot.py")
    except OSError as e:
        print("example_bot: cannot connect to %s:%d over TCP: %s (is gg-server running?)"
              % (args.host, args.port, e), file=sys.stderr)
        return 1
    joined = c.join(args.code)
    if args.verbose:
        print("joined game %s as %s" % (joined["game"], joined["who"]), file=sys.stderr)
    over = c.play(ExampleBot(args.verbose))
    c.close()
    if over is None:
        print("example_bot: connection closed before the game ended", file=sys.stderr)
        return 1
    print(json.dumps(over, sort_keys=True))
    return 0


if __name__ == "__main__":
    sys.exit(main())
