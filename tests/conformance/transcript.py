"""transcript.py — records one real turn as Kazakhstan's player and writes
it into PROTOCOL.md §15, so the worked example is what the server says.

    transcript.py BIN_DIR --update PROTOCOL.md   # rewrite the block
    transcript.py BIN_DIR --check PROTOCOL.md    # exit 1 if it is stale
    transcript.py BIN_DIR --print                # the block on stdout

A gg-server (no journal, fixed seed, no deadlines) hosts a classroom game:
Russia and the West are server bots, China is a scripted second client, a
moderator injects the January unrest so that the turn ends in a crisis
step. Every message Kazakhstan's connection sends and receives is written
down in order, as JSON and, when short, as the msgpack bytes on the wire.
Secrets that differ from run to run (resume tokens, join codes, the
session id) are replaced by fixed placeholders; everything else (hashes,
seqs, the bots' moves) follows from the seed.
"""
import json
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
sys.path.insert(0, os.path.join(HERE, "..", "netclients"))

import msgpack  # noqa: E402
from harness import Server  # noqa: E402
from wire import MAJOR, Conn, seated  # noqa: E402

BEGIN = "<!-- BEGIN TRANSCRIPT: recorded by tests/conformance/transcript.py; do not edit -->"
END = "<!-- END TRANSCRIPT -->"
SEED = 20130907  # Xi Jinping announces the Silk Road Economic Belt in Astana
HEX_MAX = 64     # messages up to this many bytes are also shown as hex


class Recorder:
    def __init__(self):
        self.items = []    # (direction, body bytes, note)
        self.note = None
        self.secrets = {}  # secret string -> placeholder

    def hide(self, secret, placeholder):
        if secret:
            self.secrets[secret] = placeholder

    def __call__(self, direction, body):
        self.items.append((direction, body, self.note))
        self.note = None

    def say(self, note):
        """A sentence shown before the next recorded message."""
        self.note = note


def scrub(value, secrets):
    if isinstance(value, str):
        return secrets.get(value, value)
    if isinstance(value, dict):
        return {k: scrub(v, secrets) for k, v in value.items()}
    if isinstance(value, list):
        return [scrub(v, secrets) for v in value]
    return value


def render(rec):
    out = []
    views = 0
    for direction, body, note in rec.items:
        msg = msgpack.unpackb(body, raw=False)
        clean = scrub(msg, rec.secrets)
        who = "**kazakhstan → server**" if direction == "send" else "**server → kazakhstan**"
        t = msg.get("t")
        if note:
            out.append(note)
            out.append("")
        out.append("%s `%s`%s (%d bytes):" % (who, t, " seq %d" % msg["seq"]
                                             if msg.get("seq") else "", len(body)))
        out.append("")
        if t == "state" and "view" in clean:
            views += 1
            if views > 1:
                clean["view"] = {"…": "as in the first state above, with this moment's values"}
                if "legal" in clean:
                    clean["legal"] = ["… %d legal actions …" % len(msg["legal"])]
            text = json.dumps(clean, ensure_ascii=False, separators=(",", ":"))
            if views == 1:
                text = json.dumps(clean, ensure_ascii=False, indent=1)
        else:
            text = json.dumps(clean, ensure_ascii=False, separators=(",", ":"))
        out.append("```json")
        out.append(text)
        out.append("```")
        out.append("")
        if len(body) <= HEX_MAX and clean == msg:
            hx = body.hex(" ")
            lines = [hx[i:i + 96].strip() for i in range(0, len(hx), 96)]
            out.append("```")
            out.extend(lines)
            out.append("```")
            out.append("")
    return "\n".join(out)


def settle(c, t, **fields):
    """Waits for a message on Kazakhstan's connection, then for the rest of
    its burst (one server loop iteration sends them together)."""
    c.expect(t, timeout=10, **fields)
    c.pump(0.4)
    c.inbox = []


def record(bin_dir):
    rec = Recorder()
    with Server(bin_dir) as srv:
        boss = Conn.open(srv.port)
        g = boss.request({"t": "create_game", "scen": "classroom", "seed": SEED,
                          "bots": {"russia": "greedy", "west": "greedy"}})
        boss.close()
        mod = seated(srv.port, g["mod"])
        cn = seated(srv.port, g["codes"]["china"])
        kz = Conn.connect(srv.port)
        kz.on_wire = rec
        rec.hide(g["codes"]["kazakhstan"], "KZ-CODE")

        rec.say("The connection opens with `hello`; the server answers `welcome` (section 3).")
        w = kz.request({"t": "hello", "v": MAJOR, "name": "transcript 1.0", "feat": 31})
        rec.hide(w["sid"], "SESSION-ID")
        rec.say("Kazakhstan joins with its seat code. `joined.head` is where its stream "
                "starts; the snapshot `state` (seq 0) follows (section 5).")
        j = kz.join(g["codes"]["kazakhstan"])
        rec.hide(j["tok"], "TOKEN-1")
        kz.expect("state", seq=0)
        kz.pump(0.3)
        kz.inbox = []

        rec.say("China proposes a deal: Kazakhstan consents to all of China's actions this "
                "turn for a fee of 1. Kazakhstan, a party, is told on its stream:")
        p = cn.request({"t": "propose", "parties": ["kazakhstan"],
                        "cl": [{"k": "consent", "power": "china", "a": "any", "fee": 1}]})
        settle(kz, "deal_update")
        rec.say("Kazakhstan answers China privately; the server replies `ok` and delivers the "
                "chat on both seats' streams (the moderator sees it too).")
        kz.request({"t": "chat", "ch": "private", "to": ["china"], "text": "Agreed — one "
                    "turn only."})
        settle(kz, "chat")
        rec.say("Kazakhstan accepts. The deal is `accepted` and, since consents change what "
                "every seat sees, a fresh `state` follows.")
        kz.request({"t": "respond", "deal": p["id"], "acc": True})
        settle(kz, "state")
        rec.say("The moderator injects the January unrest (a crisis step will follow this "
                "turn's resolution): a `notice` and a new `state`.")
        mod.request({"t": "inject_event", "ev": "january_unrest"})
        settle(kz, "state")
        rec.say("Kazakhstan is done negotiating. When China is too (the bots always are), the "
                "orders phase begins.")
        kz.request({"t": "ready", "turn": 1, "phase": "diplomacy"})
        cn.request({"t": "ready", "turn": 1, "phase": "diplomacy"})
        settle(kz, "state", phase="orders")
        rec.say("Orders that cost more than Kazakhstan has are refused as a whole; `errs` "
                "has one code per order.")
        kz.request({"t": "orders", "turn": 1, "o": [
            {"a": "fuel_subsidies"}, {"a": "transfer", "t": "china", "r": "budget", "n": 40}]})
        rec.say("Valid orders: `ok`, and `orders_ack` on Kazakhstan's stream.")
        kz.request({"t": "orders", "turn": 1, "o": [
            {"a": "fuel_subsidies"}, {"a": "multi_vector"}]})
        settle(kz, "orders_ack")
        cn.request({"t": "orders", "turn": 1, "o": [{"a": "elite_forum"}]})
        cn.request({"t": "ready", "turn": 1, "phase": "orders"})
        rec.say("When every seat is ready the turn resolves: `turn_result`, then the crisis "
                "`state` (no `legal`: the crisis is answered with a response).")
        kz.request({"t": "ready", "turn": 1, "phase": "orders"})
        settle(kz, "state", phase="crisis")
        rec.say("Kazakhstan handles the unrest alone; the next turn begins.")
        kz.request({"t": "crisis_response", "r": "handle_alone"})
        settle(kz, "state", phase="diplomacy", turn=2)
        for c in (kz, cn, mod):
            c.close()
    return render(rec)


def splice(doc, block):
    b, e = doc.index(BEGIN), doc.index(END)
    return doc[:b + len(BEGIN)] + "\n" + block + "\n" + doc[e:]


def main():
    if len(sys.argv) < 3 or sys.argv[2] not in ("--update", "--check", "--print") or \
            (sys.argv[2] != "--print" and len(sys.argv) != 4):
        sys.stderr.write("usage: transcript.py BIN_DIR --update|--check PROTOCOL.md | --print\n")
        return 2
    block = record(sys.argv[1])
    if sys.argv[2] == "--print":
        print(block)
        return 0
    path = sys.argv[3]
    doc = open(path, encoding="utf-8").read()
    new = splice(doc, block)
    if sys.argv[2] == "--check":
        if new != doc:
            sys.stderr.write("transcript.py: %s §15 differs from what the server says now.\n"
                             "Run: python3 tests/conformance/transcript.py build/bin --update "
                             "%s\n" % (path, path))
            return 1
        print("transcript.py: %s §15 is what the server says" % path)
        return 0
    with open(path, "w", encoding="utf-8") as f:
        f.write(new)
    print("transcript.py: updated §15 of %s" % path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
