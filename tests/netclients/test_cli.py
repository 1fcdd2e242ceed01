"""test_cli.py — gg-client end to end against a real gg-server.

Usage: test_cli.py BIN_DIR CASE   (--list for the cases)
"""
import json
import os
import re
import shutil
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

from harness import Server, check, main_cases, run  # noqa: E402

sys.path.insert(0, os.path.join(HERE, "..", "..", "clients", "python"))
from ggbot import Client  # noqa: E402

SEATS = ["china", "russia", "west", "kazakhstan"]


def client(bin_dir):
    return os.path.join(bin_dir, "gg-client")


def create_json(bin_dir, srv, *extra):
    p = run([client(bin_dir), "create", "--server", srv.addr, "--json"] + list(extra), timeout=20)
    return json.loads(p.stdout)


def case_create_json(bin_dir):
    with Server(bin_dir) as srv:
        g = create_json(bin_dir, srv, "--scenario", "belt-and-road", "--deadlines", "300,120,60",
                        "--missed", "bot", "--binding", "--turns", "4", "--seed", "42",
                        "--bots", "china=greedy,west=random")
        for key in ("game_id", "moderator_code", "observer_code", "seat_codes"):
            check(key in g, "missing %s in %r" % (key, g))
        check(sorted(g["seat_codes"]) == sorted(SEATS), "seat codes %r" % g["seat_codes"])
        codes = list(g["seat_codes"].values()) + [g["observer_code"], g["moderator_code"]]
        check(len(set(codes)) == 6 and all(codes), "codes not distinct: %r" % codes)
        check(g["bots"] == {"china": "greedy", "west": "random"}, "bots %r" % g["bots"])
        p = run([client(bin_dir), "create", "--server", srv.addr], timeout=20)
        check("moderator" in p.stdout and "kazakhstan" in p.stdout, "plain output:\n" + p.stdout)


def case_bad_args(bin_dir):
    for args in ([], ["frobnicate"], ["create"], ["create", "--server", "h:1", "--missed", "x"],
                 ["create", "--server", "h:1", "--deadlines", "1,2"],
                 ["create", "--server", "h:1", "--bots", "mars=greedy"],
                 ["join", "--server", "h:1"], ["create", "--server", "h:1", "--nope"]):
        p = run([client(bin_dir)] + args, check=False, timeout=10)
        check(p.returncode == 2, "%r exited %d, want 2 (%s)" % (args, p.returncode, p.stderr))
    p = run([client(bin_dir), "--help"], timeout=10)
    check("create" in p.stdout and "join" in p.stdout and "--no-tty" in p.stdout, "help")


def case_join_script(bin_dir):
    """China's player: board, legal actions, chat, a deal, orders, ready."""
    with Server(bin_dir) as srv:
        g = create_json(bin_dir, srv, "--bots", "russia=greedy,west=greedy,kazakhstan=greedy")
        script = "\n".join([
            "board",
            "legal",
            "chat hello from the script",
            "tell kazakhstan a private word",
            "propose kazakhstan consent china any 1",
            "sync",
            # regression (issue 13): a clause after a pledge was silently dropped
            "propose russia,kazakhstan pledge china soft-power,coercion 2; consent china any 1",
            "sync",
            "deals",
            "ready",
            "wait orders",
            "order no_such_action",
            "hint",
            "orders",
            "submit",
            "sync",
            "ready",
            "wait diplomacy",
            "help",
            "quit",
        ]) + "\n"
        p = run([client(bin_dir), "join", "--server", srv.addr, "--code", g["seat_codes"]["china"],
                 "--no-tty"], stdin=script, timeout=40)
        out = p.stdout
        for want in ("joined game", "as china", "influence", "economy", "kazakhstan",
                     "legal actions (china, diplomacy)", "[public] china: hello from the script",
                     "[private] china: a private word", "ok: propose (deal #",
                     "deal update:", "ok: ready", "orders phase" if False else "orders",
                     "UNKNOWN_ACTION" if False else "error:", "draft orders",
                     "orders stored for turn 1", "resolved", "Turn 2/", "Commands"):
            check(want in out, "missing %r in gg-client output:\n%s" % (want, out))
        check("\033[" not in out, "colour codes in --no-tty output")
        # deals in words, display names not ids; and a clause after a pledge is kept
        check(re.search(r"China pledges no soft-power actions, coercive actions for 2 turns; "
                        r"Kazakhstan consents to China's actions for a fee of 1", out),
              "the clause after a pledge was dropped, or not in words:\n%s" % out[-4000:])
        deal_lines = [ln for ln in out.splitlines() if re.match(r"\s*#\d+ ", ln)]
        check(deal_lines and not any(re.search(r"\bconsent china\b|soft-power,|_", ln)
                                     for ln in deal_lines),
              "wire ids in the deal lines:\n%s" % "\n".join(deal_lines))
        # the running score: every seat ranked with VP, par so far and margin
        check("as if scored now" in out, "no running score on the board:\n%s" % out[-4000:])
        for seat in ("china", "russia", "west", "kazakhstan"):
            check(re.search(r"\d\. %s +vp +-?\d+  par +-?\d+  margin +[+-]\d+" % seat, out),
                  "no score line for %s:\n%s" % (seat, out[-4000:]))


def case_wait_timeout(bin_dir):
    """A `wait` that cannot be met fails the script (exit 1)."""
    with Server(bin_dir) as srv:
        g = create_json(bin_dir, srv)
        p = run([client(bin_dir), "join", "--server", srv.addr, "--code", g["seat_codes"]["west"],
                 "--no-tty", "--tcp"], stdin="wait orders 1\n", check=False, timeout=20)
        check(p.returncode == 1 and "timed out" in p.stdout, "exit %d\n%s" % (p.returncode, p.stdout))
        # `wait answers`: a proposal to a seat nobody plays stays open, so the wait fails too
        p = run([client(bin_dir), "join", "--server", srv.addr, "--code", g["seat_codes"]["china"],
                 "--no-tty", "--tcp"], stdin="propose russia transfer russia china capital 1\n"
                 "wait answers 1\n", check=False, timeout=20)
        check(p.returncode == 1 and "timed out waiting (answers)" in p.stdout,
              "exit %d\n%s" % (p.returncode, p.stdout))


def case_moderator_script(bin_dir):
    """Moderator: pause, extend, resume, inject, bot, export, end."""
    data = tempfile.mkdtemp(prefix="gg-cli-mod-")
    try:
        with Server(bin_dir, data_dir=data) as srv:
            g = create_json(bin_dir, srv, "--deadlines", "600,600,600",
                            "--bots", "china=greedy,russia=greedy,west=greedy")
            replay = os.path.join(data, "game.ggreplay")
            script = "\n".join([
                "board",
                "pause",
                "sync",
                "extend 60",
                "sync",
                "resume",
                "sync",
                "inject oil_crash",
                "sync",
                "chat the moderator speaks",
                "export " + replay,
                "sync",
                "bot kazakhstan greedy",
                "wait over 30",
                "stats",
                "sync",
                "quit",
            ]) + "\n"
            p = run([client(bin_dir), "join", "--server", srv.addr, "--code", g["moderator_code"],
                     "--no-tty"], stdin=script, timeout=50)
            out = p.stdout
            for want in ("as moderator", "ok: pause", "notice: paused", "PAUSED", "ok: extend",
                         "notice: extended +60s", "ok: resume_game", "notice: resumed",
                         "ok: inject_event", "notice: event", "[public] moderator: the moderator speaks",
                         "replay of game", "ok: replace_with_bot", "notice: bot kazakhstan",
                         "GAME OVER", "server stats:", "games_finished="):
                check(want in out, "missing %r in moderator output:\n%s" % (want, out[-5000:]))
            size = os.path.getsize(replay)
            check(size > 0, "empty replay file")
            check("(%d bytes" % size in out, "reported size differs from the file's %d" % size)
    finally:
        shutil.rmtree(data, ignore_errors=True)


def case_bot_reasons(bin_dir):
    """Negotiating server bots' reasons are shown in words (issue 18)."""
    with Server(bin_dir) as srv:
        g = create_json(bin_dir, srv, "--bots",
                        "russia=negotiator,west=negotiator,kazakhstan=negotiator")
        script = "\n".join([
            "propose kazakhstan consent china any 0",
            "wait answers 30",
            "propose russia transfer russia china capital 5",
            "wait answers 30",
            "deals",
            "quit",
        ]) + "\n"
        p = run([client(bin_dir), "join", "--server", srv.addr, "--code", g["seat_codes"]["china"],
                 "--no-tty"], stdin=script, timeout=40)
        out = p.stdout
        whys = [ln.strip()[5:] for ln in out.splitlines() if ln.strip().startswith("why: ")]
        check(whys, "no reason shown under any deal update:\n%s" % out[-4000:])
        # Kazakhstan answers the free consent and Russia the gift request in words.
        check(any(w.startswith("Kazakhstan rejects") or w.startswith("Kazakhstan accepts")
                  for w in whys), "no answer from Kazakhstan in words: %r" % whys)
        check(any(w.startswith("Russia rejects: it ") for w in whys),
              "Russia's refusal of a gift to China not in words: %r" % whys)
        for w in whys:  # rendered templates: no braces, no wire ids of the templates
            check("{" not in w and "reject_" not in w and "(no reason)" not in w,
                  "a reason not rendered: %r" % w)


def case_late_join_reasons(bin_dir):
    """[P8.3] A player who joins after the negotiator bots made their offers
    reads their reasons under the deals of the board gg-client prints on
    joining (the join snapshot's ledger), in words."""
    with Server(bin_dir) as srv:
        g = create_json(bin_dir, srv, "--turns", "1", "--bots",
                        "china=negotiator,russia=negotiator,west=negotiator")
        time.sleep(0.5)  # the bots offer at once
        p = run([client(bin_dir), "join", "--server", srv.addr, "--code",
                 g["seat_codes"]["kazakhstan"], "--no-tty"], stdin="wait diplomacy\nquit\n",
                timeout=30)
        out = p.stdout
        board = out.split("deals (+ = accepted):", 1)
        check(len(board) == 2, "no deals on the joining board:\n%s" % out[-3000:])
        whys = [ln.strip()[5:] for ln in board[1].splitlines() if ln.strip().startswith("why: ")]
        check(whys and all(re.match(r"(China|Russia|The West) (offers|proposes|asks)", w)
                           for w in whys),
              "the bots' reasons on the joining board: %r\n%s" % (whys, out[-3000:]))
        for w in whys:
            check("{" not in w and "_" not in w, "a reason not in words: %r" % w)


def case_board_deals(bin_dir):
    """The board shows the deals in play and those of this turn and the last;
    the earlier ones are counted, and `deals` lists the whole ledger (a
    six-turn game otherwise reprints every deal and reason each phase)."""
    with Server(bin_dir) as srv:
        g = create_json(bin_dir, srv, "--turns", "4", "--deadlines", "1,1,1", "--bots",
                        "china=greedy,russia=greedy,west=greedy")
        p = run([client(bin_dir), "join", "--server", srv.addr, "--code",
                 g["seat_codes"]["kazakhstan"], "--no-tty"],
                stdin="wait over 60\ndeals\nquit\n", timeout=90)
        out = p.stdout
        boards = out.split("== Turn ")[1:]
        check(len(boards) >= 4, "fewer boards than turns:\n%s" % out[-3000:])
        last_board, ledger = out.rsplit("== Turn ", 1)[1], out.rsplit("> deals", 1)[1]
        earlier = re.search(r"\((\d+) earlier deals?: `deals` shows the whole ledger\)", last_board)
        check(earlier, "no count of earlier deals on turn 4's board:\n%s" % last_board[-3000:])

        def ids(text):
            return set(int(i) for i in re.findall(r"^  #(\d+) ", text, re.M))
        shown, whole = ids(last_board.split("> deals")[0]), ids(ledger)
        check(shown < whole and len(whole - shown) == int(earlier.group(1)),
              "board %s, ledger %s, earlier %s" % (sorted(shown), sorted(whole), earlier.group(1)))
        check(min(whole) == 1 and 1 not in shown, "turn 1's first deal: ledger %s board %s"
              % (sorted(whole), sorted(shown)))
        # Kazakhstan gave no orders (no script): each turn's report says so in words.
        check(re.search(r"^  Kazakhstan +\(no orders\)$", out, re.M),
              "no '(no orders)' for the silent seat:\n%s" % out[-2000:])


def case_observer_waits(bin_dir):
    """[P6.14] gg-client watching (observer code) says whom diplomacy waits
    for — Kazakhstan, for an answer to an offer it does not name (the offer
    is private) — once, when it starts."""
    import subprocess
    with Server(bin_dir) as srv:
        c = Client.connect("127.0.0.1", srv.port)
        g = c.create_game("classroom", bots={"russia": "greedy", "west": "greedy"}, turns=1)
        c.close()
        cn, kz = Client.connect("127.0.0.1", srv.port), Client.connect("127.0.0.1", srv.port)
        cn.join(g["codes"]["china"])
        kz.join(g["codes"]["kazakhstan"])
        p = subprocess.Popen([client(bin_dir), "join", "--server", srv.addr, "--code", g["obs"],
                              "--no-tty"], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                             stderr=subprocess.STDOUT, text=True)
        try:
            p.stdin.write("wait diplomacy\nsync\n")
            p.stdin.flush()
            time.sleep(0.5)
            check(kz.request({"t": "ready", "turn": 1, "phase": "diplomacy"})["t"] == "ok", "")
            late = cn.request({"t": "propose", "parties": ["kazakhstan"],
                               "cl": [{"k": "consent", "power": "china", "a": "any", "fee": 2}]})
            check(late["t"] == "ok", "late proposal %r" % late)
            out, _ = p.communicate("sleep 1\nquit\n", timeout=30)
        finally:
            if p.poll() is None:
                p.kill()
                p.wait()
        want = "Diplomacy is waiting for Kazakhstan to answer an offer."
        check(out.count(want) == 1, "the observer's wait line (once):\n%s" % out[-3000:])
        check("China's offer" not in out, "the observer learnt who offered:\n%s" % out[-3000:])


def case_observer_forbidden(bin_dir):
    with Server(bin_dir) as srv:
        g = create_json(bin_dir, srv)
        p = run([client(bin_dir), "join", "--server", srv.addr, "--code", g["observer_code"],
                 "--no-tty"], stdin="ready\nsync\npause\nsync\nquit\n", timeout=20)
        check("as observer" in p.stdout, p.stdout)
        check(p.stdout.count("FORBIDDEN") >= 2, "observer commands not refused:\n" + p.stdout)


def case_demo_banner(bin_dir):
    """--demo's banner says where the games are kept: --data's directory, or
    that they end with the server (--no-journal); it once said ./data whatever
    --data was, and also under --no-journal. Its join command works as printed."""
    data = tempfile.mkdtemp(prefix="gg-demo-")
    for kw, want in (({"data_dir": os.path.join(data, "games")},
                      "games are kept in %s and resume" % os.path.join(data, "games")),
                     ({}, "with --no-journal the games end with it")):
        with tempfile.TemporaryFile(mode="w+") as out:
            with Server(bin_dir, extra=["--demo", "classroom"], stdout=out, **kw):
                deadline = time.monotonic() + 10
                text = ""
                while "Ctrl-C" not in text and time.monotonic() < deadline:
                    time.sleep(0.05)
                    out.seek(0)
                    text = out.read()
                # Its commands work as printed: the Kazakhstan line joins that
                # seat. (Bound to 0.0.0.0 for a class, the banner names this
                # machine's first non-loopback address, not 0.0.0.0; tests
                # listen on loopback only, so that path is checked by hand.)
                m = re.search(r"gg-client join --server (\S+) --code (\S+)", text)
                check(m is not None, "banner without a join command:\n" + text)
                p = run([client(bin_dir), "join", "--server", m.group(1), "--code", m.group(2),
                         "--no-tty"], stdin="quit\n", timeout=20)
                check("as kazakhstan" in p.stdout.lower(), "join as printed:\n" + p.stdout)
            check(want in text, "banner without %r:\n%s" % (want, text))
            check("./data" not in text, "banner names ./data:\n%s" % text)
    shutil.rmtree(data, ignore_errors=True)


def case_late_proposal_waits(bin_dir):
    """[P6.13] A proposal that reaches the seat after its diplomacy `ready`
    keeps diplomacy open for its answer: gg-client says so in words, names
    the proposer and the commands, and its next `ready` (having seen it)
    lets the phase end. No such line before the seat said ready."""
    import subprocess
    with Server(bin_dir) as srv:
        c = Client.connect("127.0.0.1", srv.port)
        g = c.create_game("classroom", bots={"russia": "greedy", "west": "greedy"}, turns=1)
        c.close()
        cn = Client.connect("127.0.0.1", srv.port)
        cn.join(g["codes"]["china"])
        early = cn.request({"t": "propose", "parties": ["kazakhstan"],
                            "cl": [{"k": "consent", "power": "china", "a": "any", "fee": 1}]})
        check(early["t"] == "ok", "early proposal %r" % early)
        p = subprocess.Popen([client(bin_dir), "join", "--server", srv.addr, "--code",
                              g["codes"]["kazakhstan"], "--no-tty"], stdin=subprocess.PIPE,
                             stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        try:
            p.stdin.write("wait diplomacy\nsync\nready\nsync\nchat kz said ready\n")
            p.stdin.flush()
            end = time.monotonic() + 15
            while time.monotonic() < end:
                m = cn.recv(timeout=0.5)
                if m and m["t"] == "chat" and m.get("from") == "kazakhstan":
                    break
            else:
                check(False, "gg-client never said ready")
            late = cn.request({"t": "propose", "parties": ["kazakhstan"],
                               "cl": [{"k": "consent", "power": "china", "a": "any", "fee": 2}]})
            check(late["t"] == "ok", "late proposal %r" % late)
            check(cn.request({"t": "ready", "turn": 1, "phase": "diplomacy"})["t"] == "ok", "")
            out, _ = p.communicate("sleep 2\nready\nwait orders 10\nquit\n", timeout=30)
        finally:
            if p.poll() is None:
                p.kill()
                p.wait()
        want = ("Diplomacy is waiting for your answer to China's offer #%d: `accept %d`, "
                "`reject %d`, or `ready` again" % (late["id"], late["id"], late["id"]))
        check(want in out, "no waiting notice for the late offer:\n%s" % out[-4000:])
        check("offer #%d:" % early["id"] not in out,
              "a notice for the offer seen before the ready:\n%s" % out[-4000:])
        check(p.returncode == 0 and re.search(r"orders", out.split(want, 1)[1]),
              "the second ready did not end diplomacy (exit %s):\n%s" % (p.returncode, out[-3000:]))


def case_rules_mismatch(bin_dir):
    """welcome.rules (PROTOCOL.md [P3.3]): a server that plays other rules
    than the client was built with gets a warning on stderr, naming both."""
    import socket
    import struct
    import threading

    import msgpack
    lsock = socket.socket()
    lsock.bind(("127.0.0.1", 0))
    lsock.listen(4)
    lsock.settimeout(10)

    def read_frame(c):
        buf = b""
        while len(buf) < 4 or len(buf) < 4 + struct.unpack(">I", buf[:4])[0]:
            chunk = c.recv(65536)
            if not chunk:
                return None
            buf += chunk
        return msgpack.unpackb(buf[4:4 + struct.unpack(">I", buf[:4])[0]], raw=False)

    def serve():
        # answers every hello with a welcome from "rules 999", then hangs up
        while True:
            try:
                c, _ = lsock.accept()
            except OSError:
                return
            with c:
                m = read_frame(c)
                if not m:
                    continue
                w = {"t": "welcome", "rid": m.get("rid", 0), "seq": 0, "v": 1, "vm": 4,
                     "server": "fake", "sid": "s", "max_msg": 65536, "max_str": 1024,
                     "max_list": 64, "max_depth": 8, "max_chat": 500, "chat_burst": 10,
                     "chat_per_min": 30, "msg_per_sec": 500, "history": 4096, "rules": 999}
                body = msgpack.packb(w, use_bin_type=True)
                c.sendall(struct.pack(">I", len(body)) + body)
                read_frame(c)  # the join, left unanswered

    t = threading.Thread(target=serve, daemon=True)
    t.start()
    try:
        addr = "tcp://127.0.0.1:%d" % lsock.getsockname()[1]
        p = run([client(bin_dir), "join", "--server", addr, "--code", "ABCD-EFGH", "--no-tty"],
                stdin="", check=False, timeout=30)
        check(re.search(r"plays rules version 999; this client was built with version \d+",
                        p.stderr), "no rules warning:\n" + p.stderr)
    finally:
        lsock.close()


class RewriteProxy:
    """A TCP proxy in front of a real gg-server that passes every frame
    through and rewrites game_over's `by` (PROTOCOL.md [P6.6], since 1.5):
    set to `by`, or removed when `by` is None (a 1.4 server's game_over).
    The real game rarely ends on equal margins; this makes the client show
    each case on demand."""

    def __init__(self, srv_port, by):
        import socket
        import threading
        self.srv_port, self.by = srv_port, by
        self.lsock = socket.socket()
        self.lsock.bind(("127.0.0.1", 0))
        self.lsock.listen(4)
        self.lsock.settimeout(30)
        self.rewritten = 0
        threading.Thread(target=self._accept, daemon=True).start()

    @property
    def addr(self):
        return "tcp://127.0.0.1:%d" % self.lsock.getsockname()[1]

    def close(self):
        self.lsock.close()

    def _accept(self):
        import socket
        import threading
        while True:
            try:
                c, _ = self.lsock.accept()
            except OSError:
                return
            s = socket.create_connection(("127.0.0.1", self.srv_port))
            threading.Thread(target=self._pump, args=(c, s, False), daemon=True).start()
            threading.Thread(target=self._pump, args=(s, c, True), daemon=True).start()

    def _pump(self, src, dst, from_server):
        import struct

        import msgpack
        buf = b""
        try:
            while True:
                chunk = src.recv(65536)
                if not chunk:
                    break
                if not from_server:
                    dst.sendall(chunk)
                    continue
                buf += chunk
                while len(buf) >= 4 and len(buf) >= 4 + struct.unpack(">I", buf[:4])[0]:
                    n = struct.unpack(">I", buf[:4])[0]
                    frame, buf = buf[:4 + n], buf[4 + n:]
                    m = msgpack.unpackb(frame[4:], raw=False)
                    if isinstance(m, dict) and m.get("t") == "game_over":
                        m.pop("by", None)
                        if self.by is not None:
                            m["by"] = self.by
                        body = msgpack.packb(m, use_bin_type=True)
                        frame = struct.pack(">I", len(body)) + body
                        self.rewritten += 1
                    dst.sendall(frame)
        except OSError:
            pass
        finally:
            for sock in (src, dst):
                try:
                    sock.shutdown(2)
                except OSError:
                    pass


def case_game_over_tiebreak(bin_dir):
    """game_over.by (protocol 1.5): when the margins tied, the client says
    so and names the deciding criterion in words (the rules' display name
    and text); decided on margin, or from a server that sends no `by`, it
    adds nothing."""
    with Server(bin_dir) as srv:
        for by in ("ahead_of_pace", "margin", None):
            g = create_json(bin_dir, srv, "--turns", "1", "--deadlines", "1,1,1", "--missed", "bot",
                            "--bots", "china=greedy,russia=greedy,west=greedy")
            proxy = RewriteProxy(srv.port, by)
            try:
                p = run([client(bin_dir), "join", "--server", proxy.addr, "--code",
                         g["seat_codes"]["kazakhstan"], "--no-tty"], stdin="wait over 40\n",
                        timeout=60)
            finally:
                proxy.close()
            out = p.stdout
            over = re.search(r"GAME OVER: winner (\w+) \(last_turn\); rank 1\.(\w+) vp -?\d+ "
                             r"\(rel ([+-]\d+)\) 2\.(\w+) ", out)
            check(over and proxy.rewritten == 1, "by=%r: no game_over (%d rewritten):\n%s"
                  % (by, proxy.rewritten, out[-3000:]))
            tied = [ln for ln in out.splitlines() if "tied on margin" in ln]
            if by == "ahead_of_pace":
                want = ("%s and %s tied on margin (%s); decided by Ahead of pace: The larger "
                        "running margin summed over the game" % (over.group(2), over.group(4),
                                                                 over.group(3)))
                check(len(tied) == 1 and tied[0].startswith(want),
                      "by=ahead_of_pace: want one line starting %r, got %r:\n%s"
                      % (want, tied, out[-3000:]))
            else:
                check(not tied, "by=%r: a tie line where margin decided: %r" % (by, tied))


CASES = {name[5:]: fn for name, fn in globals().items() if name.startswith("case_")}

if __name__ == "__main__":
    sys.exit(main_cases(CASES))
