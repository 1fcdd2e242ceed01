"""test_gg_bot.py — gg-bot end to end against a real gg-server.

Usage: test_gg_bot.py BIN_DIR CASE   (--list for the cases)
"""
import json
import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
sys.path.insert(0, os.path.join(HERE, "..", "..", "clients", "python"))

from harness import PY, Server, check, main_cases, run  # noqa: E402
from ggbot import Client  # noqa: E402

SEATS = ["china", "russia", "west", "kazakhstan"]
TIEBREAKS = ("margin", "ahead_of_pace", "domains_led", "fewer_broken_promises", "final_position",
             "reserves", "draw")
EXEC_BOT = os.path.join(HERE, "..", "..", "clients", "python", "exec_bot.py")


def gg_bot(bin_dir):
    return os.path.join(bin_dir, "gg-bot")


def create(srv, human, **options):
    """A game with server bots in every seat but `human` (a seat or list)."""
    humans = [human] if isinstance(human, str) else list(human)
    c = Client.connect("127.0.0.1", srv.port)
    g = c.create_game(options.pop("scen", "classroom"),
                      bots={s: "greedy" for s in SEATS if s not in humans} or None, **options)
    c.close()
    return g


def result(p):
    lines = [l for l in p.stdout.splitlines() if l.startswith("{")]
    check(len(lines) == 1, "one JSON result line expected, got:\n" + p.stdout)
    r = json.loads(lines[0])
    return r


def check_over(r, seat):
    check(r["over"] is True, "game not over: %r" % r)
    check(r["seat"] == seat, "seat %r != %r" % (r["seat"], seat))
    for key in ("game", "winner", "reason", "vp", "relative", "hash", "rank"):
        check(key in r, "result lacks %s: %r" % (key, r))
    check(r["winner"] in SEATS and sorted(r["rank"]) == sorted(SEATS), "bad ranking %r" % r)
    check(r["rank"][0] == r["winner"], "winner is not ranked first: %r" % r)
    check(len(r["hash"]) == 16, "hash is not 16 hex digits: %r" % r)
    # game_over.by (protocol 1.5), as RULES.md section 9 ranks a full game:
    # the margin decides exactly when the top two margins differ
    check(r.get("decided_by") in TIEBREAKS, "decided_by %r" % r.get("decided_by"))
    if r["reason"] == "last_turn":
        rel = [r["relative"][s] for s in r["rank"][:2]]
        check((r["decided_by"] == "margin") == (rel[0] != rel[1]),
              "decided_by %r against the top margins %r" % (r["decided_by"], rel))


def one_seat(bin_dir, transport):
    with Server(bin_dir) as srv:
        g = create(srv, "west")
        args = [gg_bot(bin_dir), "--server", srv.addr, "--code", g["codes"]["west"],
                "--strategy", "greedy"] + transport
        r = result(run(args, timeout=50))
        check_over(r, "west")
        check(r["transport"] == ("tcp" if transport else "enet"), "transport %r" % r)
        check(r["game"] == g["game"], "game id %r != %r" % (r["game"], g["game"]))
        check(r["moves"] > 0, "the bot made no moves: %r" % r)


def case_enet_one_seat(bin_dir):
    one_seat(bin_dir, [])


def case_tcp_one_seat(bin_dir):
    one_seat(bin_dir, ["--tcp"])


def case_four_processes(bin_dir):
    """Four gg-bot processes (two ENet, two TCP, mixed strategies) play one
    game; all must report the same end and the same final hash."""
    with Server(bin_dir) as srv:
        g = create(srv, SEATS)
        strategies = ["greedy", "random", "greedy", "mcts:2:2"]
        procs = []
        for i, seat in enumerate(SEATS):
            args = [gg_bot(bin_dir), "--server", srv.addr, "--code", g["codes"][seat],
                    "--strategy", strategies[i]] + (["--tcp"] if i % 2 else [])
            procs.append(subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                          text=True))
        results = []
        try:
            for p, seat in zip(procs, SEATS):
                out, err = p.communicate(timeout=50)
                check(p.returncode == 0, "%s exited %d: %s" % (seat, p.returncode, err))
                r = result(subprocess.CompletedProcess(p.args, 0, out, err))
                check_over(r, seat)
                results.append(r)
        finally:
            for p in procs:
                if p.poll() is None:
                    p.kill()
                    p.wait()
        check(len({r["hash"] for r in results}) == 1, "final hashes differ: %r" % results)
        check(len({r["winner"] for r in results}) == 1, "winners differ: %r" % results)


def case_games(bin_dir):
    with Server(bin_dir) as srv:
        p = run([gg_bot(bin_dir), "--server", srv.addr, "--games", "3", "--settle-ms", "0"],
                timeout=50)
        s = json.loads(p.stdout.strip().splitlines()[-1])
        check(s["games"] == 3, "games %r" % s)
        check(sum(s["wins"].values()) == 3, "wins %r" % s)
        check(s["seconds"] >= 0 and "games_per_sec" in s, "timing keys %r" % s)
        stats = Client.connect("127.0.0.1", srv.port).request({"t": "stats"})["m"]
        check(stats.get("games_finished") == 3, "server finished %r games" % stats)


def case_games_tcp(bin_dir):
    with Server(bin_dir) as srv:
        p = run([gg_bot(bin_dir), "--server", "tcp://" + srv.addr, "--games", "2",
                 "--strategy", "random", "--turns", "2"], timeout=50)
        s = json.loads(p.stdout.strip().splitlines()[-1])
        check(s["games"] == 2 and s["transport"] == "tcp", "summary %r" % s)


def case_exec_python(bin_dir):
    with Server(bin_dir) as srv:
        g = create(srv, "china")
        p = run([gg_bot(bin_dir), "--server", srv.addr, "--code", g["codes"]["china"],
                 "--exec", "%s %s" % (PY, EXEC_BOT)], timeout=50)
        r = result(p)
        check_over(r, "china")
        check(r["strategy"] == "exec" and r["moves"] > 0, "the program sent nothing: %r" % r)
        check("game over, winner" in p.stderr, "the program did not see game_over:\n" + p.stderr)
        check("refused" not in p.stderr, "the bridge refused a line:\n" + p.stderr)


def case_exec_sh(bin_dir):
    """A shell bot: answers every prompt with `ready` / a crisis answer and
    logs what it reads, to check the line format."""
    with Server(bin_dir) as srv:
        g = create(srv, "kazakhstan")
        log = os.path.join(os.environ.get("TMPDIR", "/tmp"), "gg-exec-%d.log" % os.getpid())
        prog = ("while IFS= read -r line; do echo \"$line\" >> %s; case \"$line\" in "
                "*'\"your_turn\"'*'\"crisis\"'*) echo '{\"t\":\"crisis_response\",\"r\":\"handle_alone\"}';; "
                "*'\"your_turn\"'*) echo '{\"t\":\"ready\"}';; esac; done" % log)
        try:
            r = result(run([gg_bot(bin_dir), "--server", srv.addr, "--code",
                            g["codes"]["kazakhstan"], "--exec", prog], timeout=50))
            check_over(r, "kazakhstan")
            lines = [json.loads(l) for l in open(log)]
        finally:
            if os.path.exists(log):
                os.unlink(log)
        check(lines[0]["t"] == "joined" and lines[0]["who"] == "kazakhstan", "first line %r" % lines[0])
        kinds = [l["t"] for l in lines]
        for k in ("state", "your_turn", "turn_result", "game_over"):
            check(k in kinds, "the program never got %s: %r" % (k, sorted(set(kinds))))
        check(kinds[-1] == "game_over", "last line is %s" % kinds[-1])
        prompts = [l for l in lines if l["t"] == "your_turn"]
        check(all(p["seat"] == "kazakhstan" and p["timeout"] == 10 for p in prompts), "prompts %r" % prompts[:2])
        # A phase is prompted once, except diplomacy again right after a
        # proposal to the seat that arrived once the program had said ready
        # (PROTOCOL.md, gg-bot --exec; [P6.13]): without that prompt this
        # program, which only says ready when prompted, left such a
        # proposal unanswered and the game waited for it forever.
        seen, last = set(), None
        for l in lines:
            if l["t"] != "your_turn":
                last = l
                continue
            key = (l["turn"], l["phase"])
            if key in seen:
                d = last.get("deal", {}) if last and last["t"] == "deal_update" else {}
                check(l["phase"] == "diplomacy" and d.get("st") == "open"
                      and d.get("by") != "kazakhstan",
                      "phase %r prompted again after %r" % (key, last))
            seen.add(key)
            last = l


def case_exec_crash(bin_dir):
    with Server(bin_dir) as srv:
        g = create(srv, "kazakhstan", dl_dip=1, dl_ord=1, dl_cri=1, turns=2)
        p = run([gg_bot(bin_dir), "--server", srv.addr, "--code", g["codes"]["kazakhstan"],
                 "--exec", "read x; exit 3"], timeout=50)
        check_over(result(p), "kazakhstan")
        check("exited with status 3" in p.stderr, "crash not reported:\n" + p.stderr)
        check("missed-turn policy" in p.stderr, "fallback not explained:\n" + p.stderr)


def case_exec_slow(bin_dir):
    with Server(bin_dir) as srv:
        g = create(srv, "china", dl_dip=2, dl_ord=2, dl_cri=2, turns=1)
        p = run([gg_bot(bin_dir), "--server", srv.addr, "--code", g["codes"]["china"], "--tcp",
                 "--exec", "cat > /dev/null", "--exec-timeout", "1"], timeout=50)
        check_over(result(p), "china")
        check("took longer than 1 s" in p.stderr, "timeout not reported:\n" + p.stderr)


def case_exec_bad_line(bin_dir):
    """Lines that are not client messages get a bridge_error line back and
    do not reach the server; the game goes on."""
    with Server(bin_dir) as srv:
        g = create(srv, "west")
        prog = ("while IFS= read -r line; do case \"$line\" in *'\"your_turn\"'*) "
                "echo 'not json'; echo '{\"t\":\"join\",\"code\":\"X\"}'; "
                "echo '{\"t\":\"orders\",\"o\":[{\"a\":\"no_such_action\"}]}'; "
                "echo '{\"t\":\"ready\"}';; *bridge_error*) echo \"$line\" >&2;; esac; done")
        p = run([gg_bot(bin_dir), "--server", srv.addr, "--code", g["codes"]["west"],
                 "--exec", prog, "--tcp"], timeout=50)
        check_over(result(p), "west")
        check(p.stderr.count('"t":"bridge_error"') >= 3, "bridge errors not echoed:\n" + p.stderr[-2000:])
        check("UNKNOWN_ACTION" in p.stderr, "bad action not named:\n" + p.stderr[-2000:])


def resume(bin_dir, transport):
    with Server(bin_dir) as srv:
        g = create(srv, "russia")
        p = run([gg_bot(bin_dir), "--server", srv.addr, "--code", g["codes"]["russia"],
                 "--drop-after", "7"] + transport, timeout=50)
        r = result(p)
        check_over(r, "russia")
        check(r["reconnects"] == 1, "expected one resume: %r\n%s" % (r, p.stderr))


def case_resume_tcp(bin_dir):
    resume(bin_dir, ["--tcp"])


def case_resume_enet(bin_dir):
    resume(bin_dir, [])


def case_server_restart(bin_dir):
    """The server dies (SIGKILL) mid-game and comes back on the same port with
    its journal: gg-bot reconnects, resumes with its token and finishes."""
    import tempfile
    import time
    data = tempfile.mkdtemp(prefix="gg-restart-")
    srv = Server(bin_dir, data_dir=data).start()
    port = srv.port
    try:
        # Russia's seat stays empty, so the deadlines pace the game.
        g = create(srv, ["china", "russia"], dl_dip=1, dl_ord=1, dl_cri=1, turns=3)
        bot = subprocess.Popen([gg_bot(bin_dir), "--server", srv.addr, "--code", g["codes"]["china"],
                                "--tcp"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        time.sleep(1.5)
        srv.kill()
        time.sleep(0.5)
        srv2 = Server(bin_dir, data_dir=data, port=port).start()
        try:
            out, err = bot.communicate(timeout=50)
            check(bot.returncode == 0, "gg-bot failed after the restart:\n" + err)
            r = result(subprocess.CompletedProcess(bot.args, 0, out, err))
            check_over(r, "china")
            check(r["reconnects"] >= 1, "no reconnect recorded: %r\n%s" % (r, err))
        finally:
            if bot.poll() is None:
                bot.kill()
                bot.wait()
            srv2.stop()
    finally:
        srv.stop()
        subprocess.run(["rm", "-rf", data])


def case_taken_over(bin_dir):
    """A second client joining gg-bot's seat takes it over (PROTOCOL.md P4.3):
    gg-bot is told TAKEN_OVER, says so and stops instead of resuming."""
    import time
    with Server(bin_dir) as srv:
        g = create(srv, ["china", "russia"])  # russia's empty seat: the game waits
        bot = subprocess.Popen([gg_bot(bin_dir), "--server", srv.addr, "--code",
                                g["codes"]["china"], "--tcp"],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        try:
            time.sleep(1.0)
            c = Client.connect("127.0.0.1", srv.port)
            j = c.join(g["codes"]["china"])
            check(j["who"] == "china", "joined %r" % j)
            out, err = bot.communicate(timeout=20)
            check(bot.returncode != 0, "gg-bot exited 0 after losing its seat:\n" + err)
            check("took this seat over" in err, "gg-bot did not say why:\n" + err)
            check("reconnecting" not in err and "BAD_TOKEN" not in err,
                  "gg-bot tried to resume:\n" + err)
            c.close()
        finally:
            if bot.poll() is None:
                bot.kill()
                bot.wait()


def case_bad_args(bin_dir):
    b = gg_bot(bin_dir)
    for args in ([], ["--server", "x:1"], ["--server", "h:99999", "--code", "A"],
                 ["--server", "h:1", "--code", "A", "--strategy", "genius"],
                 ["--server", "h:1", "--games", "0"], ["--bogus"]):
        p = run([b] + args, check=False, timeout=10)
        check(p.returncode == 2, "%r exited %d, want 2" % (args, p.returncode))
        check("gg-bot --help" in p.stderr, "no hint for %r: %s" % (args, p.stderr))
    p = run([b, "--help"], timeout=10)
    check("--exec" in p.stdout and "--games" in p.stdout, "help text incomplete")


def case_connect_fails(bin_dir):
    with Server(bin_dir) as srv:
        port = srv.port
    p = run([gg_bot(bin_dir), "--server", "127.0.0.1:%d" % port, "--code", "AAAA-BBBB", "--tcp",
             "--connect-timeout", "1000"], check=False, timeout=20)
    check(p.returncode == 1, "exit %d, want 1" % p.returncode)
    check("cannot connect" in p.stderr and "check" in p.stderr, "unhelpful error: " + p.stderr)
    check(p.stderr.count("check") == 1, "the hint is said once: " + p.stderr)
    # The transport named is the one tried: a tcp:// address is TCP without --tcp.
    for server, want in (("tcp://127.0.0.1:%d" % port, "over TCP"), ("127.0.0.1:%d" % port, "over ENet/UDP")):
        p = run([gg_bot(bin_dir), "--server", server, "--code", "AAAA-BBBB", "--connect-timeout", "500"],
                check=False, timeout=20)
        check(p.returncode == 1 and want in p.stderr, "%s: want %r in: %s" % (server, want, p.stderr))
    with Server(bin_dir) as srv:
        p = run([gg_bot(bin_dir), "--server", srv.addr, "--code", "AAAA-BBBB"], check=False,
                timeout=20)
        check(p.returncode == 1 and "code" in p.stderr, "bad code: %d %s" % (p.returncode, p.stderr))


CASES = {name[5:]: fn for name, fn in globals().items() if name.startswith("case_")}

if __name__ == "__main__":
    sys.exit(main_cases(CASES))
