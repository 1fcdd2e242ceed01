"""conf_lobby.py — conformance cases for the lobby (PROTOCOL.md §4):
creating and joining games, taking a seat over, tokens across a restart,
quarantined games, team seats, the lobby's limits, abandoned games and
idle connections. Run through test_conformance.py."""
import os
import time

from harness import Server, check
from wire import SEATS, Closed, Conn, new_game, seated


def case_lobby(bin_dir):
    """[P4.1] [P4.2] [P7.6] — BAD_SCENARIO, BAD_OPTION, BAD_CODE, NOT_JOINED.
    create_game answers codes for every seat, an observer and a moderator
    code; join answers joined and then the snapshot; five wrong codes in a
    row close the connection."""
    with Server(bin_dir) as srv:
        c = Conn.open(srv.port)
        check(c.error_of({"t": "create_game", "scen": "atlantis"}) == "BAD_SCENARIO", "scenario")
        check(c.error_of({"t": "create_game", "scen": "classroom",
                          "bots": {"west": "no-such-bot"}}) == "BAD_OPTION", "bot strategy")
        g = c.request({"t": "create_game", "scen": "classroom"})
        check(sorted(g["codes"]) == sorted(SEATS) and g["obs"] and g["mod"], "codes %r" % g)
        check(c.error_of({"t": "orders", "o": []}) == "NOT_JOINED", "orders before join")
        j = c.join(g["codes"]["west"].lower().replace("-", " "))  # typed by a human
        check(j["t"] == "joined" and j["who"] == "west" and j["role"] == "player" and
              j["game"] == g["game"] and j["tok"], "joined %r" % j)
        st = c.expect("state")
        check(st["seq"] == 0 and st["turn"] == 1 and st["phase"] == "diplomacy" and
              st["view"]["viewer"] == "west", "snapshot %r" % {k: st[k] for k in st if k != "view"})
        o = Conn.open(srv.port)
        check(o.join(g["obs"])["role"] == "observer", "observer code")
        m = Conn.open(srv.port)
        check(m.join(g["mod"])["role"] == "moderator", "moderator code")
        bad = Conn.open(srv.port)
        for i in range(5):
            check(bad.error_of({"t": "join", "code": "ZZZZ-ZZZZ"}) == "BAD_CODE", "bad code")
        check(bad.closed_within(3), "five wrong codes did not close the connection")


def case_takeover(bin_dir):
    """[P4.3] [P5.6] — TAKEN_OVER, BAD_TOKEN.
    Without teams the newest connection holds the seat: a second join takes
    it over (the first is told TAKEN_OVER and closed, its token revoked); a
    resume while the old connection lives does the same; tokens rotate."""
    with Server(bin_dir) as srv:
        g = new_game(srv.port)
        a = seated(srv.port, g["codes"]["china"])
        b = seated(srv.port, g["codes"]["china"])
        e = a.expect("error")
        check(e["name"] == "TAKEN_OVER" and e.get("rid", 0) == 0, "first told %r" % e)
        check(a.closed_within(3), "the first connection stayed open")
        x = Conn.open(srv.port)
        check(x.error_of({"t": "resume", "tok": a.token, "last": a.last}) == "BAD_TOKEN",
              "the first connection's token still works")
        # resume with b's token while b lives: b is taken over, the token rotates
        c = Conn.open(srv.port)
        r = c.resume(b.token, b.last)
        check(r["t"] == "joined" and r["tok"] != b.token, "resume did not rotate: %r" % r)
        check(b.expect("error")["name"] == "TAKEN_OVER" and b.closed_within(3),
              "the resumed-over connection was not closed")
        check(x.error_of({"t": "resume", "tok": b.token, "last": 0}) == "BAD_TOKEN",
              "an old token stayed valid after a resume")
        # the seat works through the new connection, with one connection on it
        rr = c.request({"t": "chat", "ch": "team", "text": "still here"})
        check(rr["t"] == "ok", "chat after takeover: %r" % rr)


def case_tokens_survive_restart(bin_dir):
    """[P5.6] [P5.1] — BAD_TOKEN. Rotated tokens and takeovers are journaled:
    after a server restart the newest token works, the older ones do not,
    and the stream's numbering goes on where it was."""
    import tempfile
    with tempfile.TemporaryDirectory(prefix="gg-conf-") as data:
        with Server(bin_dir, data_dir=data) as srv:
            g = new_game(srv.port, bots={s: "greedy" for s in SEATS if s != "china"})
            a = seated(srv.port, g["codes"]["china"])
            first = a.token
            a.close()
            time.sleep(0.2)
            b = Conn.open(srv.port)
            j = b.resume(first, a.last)
            check(j["t"] == "joined" and j["tok"] != first, "resume %r" % j)
            b.take(lambda m: m.get("t") == "state" and m.get("seq") == 0)
            check(b.request({"t": "chat", "ch": "public", "text": "before"})["t"] == "ok", "")
            b.drain_stream()
            second, last = b.token, b.last
            b.close()
        with Server(bin_dir, data_dir=data) as srv:
            c = Conn.open(srv.port)
            check(c.error_of({"t": "resume", "tok": first, "last": 0}) == "BAD_TOKEN",
                  "the rotated-away token works after a restart")
            j = c.resume(second, last)
            check(j["t"] == "joined" and j["head"] >= last, "resume after restart %r" % j)
            c.take(lambda m: m.get("t") == "state" and m.get("seq") == 0)
            check(c.request({"t": "chat", "ch": "public", "text": "after"})["t"] == "ok", "")
            got = c.drain_stream()
            check(got and got[-1]["t"] == "chat" and got[-1]["text"] == "after",
                  "after the restart: %r" % [(m["seq"], m["t"]) for m in got])


def case_quarantined_game(bin_dir):
    """[P4.2] — GAME_QUARANTINED. A game whose journal is damaged is not
    loaded when the server starts with --quarantine-corrupt: a join with
    its moderator's (or a seat's) code is told so, not BAD_CODE; the other
    games play on. (Without the flag the server would not start.)"""
    import sqlite3
    import tempfile
    with tempfile.TemporaryDirectory(prefix="gg-conf-") as data:
        with Server(bin_dir, data_dir=data) as srv:
            bots = {s: "greedy" for s in SEATS if s != "china"}
            hurt, fine = new_game(srv.port, bots=bots), new_game(srv.port, bots=bots)
            c = seated(srv.port, hurt["codes"]["china"])  # journals a record
            c.close()
            time.sleep(0.2)
        db = sqlite3.connect(os.path.join(data, "games.db"))
        n = db.execute("UPDATE journal SET payload = payload || x'00' WHERE game = 1").rowcount
        db.commit()
        db.close()
        check(n >= 1, "no record of game 1 to damage")
        with Server(bin_dir, data_dir=data, extra=["--quarantine-corrupt"]) as srv:
            c = Conn.open(srv.port)
            check(c.error_of({"t": "join", "code": hurt["mod"]}) == "GAME_QUARANTINED",
                  "the moderator of a quarantined game")
            check(c.error_of({"t": "join", "code": hurt["codes"]["russia"]}) == "GAME_QUARANTINED",
                  "a seat of a quarantined game")
            m = seated(srv.port, fine["mod"])
            check(m.request({"t": "ping"})["t"] == "pong", "the other game")


def case_team_limit(bin_dir):
    """[P4.4] — TEAM_FULL. With teams, up to GG_MAX_TEAM (8) connections
    share a seat and each gets its own token; the next join is refused."""
    with Server(bin_dir) as srv:
        g = new_game(srv.port, teams=True, bots={s: "greedy" for s in SEATS[:3]})
        team = [seated(srv.port, g["codes"]["kazakhstan"]) for _ in range(8)]
        check(len({c.token for c in team}) == 8, "tokens are not per connection")
        extra = Conn.open(srv.port)
        check(extra.error_of({"t": "join", "code": g["codes"]["kazakhstan"]}) == "TEAM_FULL",
              "a ninth team member")
        # every member sees the seat's orders_ack
        team[0].request({"t": "ready"})
        for c in team:
            c.stream_msg("state", phase="orders")
        team[3].request({"t": "orders", "o": [{"a": "fuel_subsidies"}]})
        for c in team:
            ack = c.stream_msg("orders_ack")
            check(ack["o"] == [{"a": "fuel_subsidies"}], "ack %r" % ack)
        # one leaves: there is room again
        team.pop().close()
        time.sleep(0.2)
        check(extra.join(g["codes"]["kazakhstan"])["t"] == "joined", "no room after a leave")


def case_lobby_limits(bin_dir):
    """[P4.6] — BAD_CREATE_KEY, TOO_MANY_GAMES, CREATE_TOO_FAST. With
    --create-key, create_game needs the key (none or a wrong one is refused,
    naming `key`); one address gets GG_MAX_GAMES_PER_ADDR games in play, and
    games at the creation rate; a refusal creates nothing."""
    with Server(bin_dir, extra=["--create-key", "sesame-42", "--max-games-per-addr", "3",
                                "--create-per-min", "1"]) as srv:
        c = Conn.open(srv.port)
        e = c.request({"t": "create_game", "scen": "classroom"})
        check(e["t"] == "error" and e["name"] == "BAD_CREATE_KEY" and e.get("where") == "key",
              "no key: %r" % e)
        e = c.request({"t": "create_game", "scen": "classroom", "key": "sesame-41"})
        check(e["t"] == "error" and e["name"] == "BAD_CREATE_KEY", "wrong key: %r" % e)
        made = [c.request({"t": "create_game", "scen": "classroom", "key": "sesame-42"})
                for _ in range(3)]
        check(all(g["t"] == "game_created" for g in made), "with the key: %r" % made)
        e = c.request({"t": "create_game", "scen": "classroom", "key": "sesame-42"})
        check(e["t"] == "error" and e["name"] == "TOO_MANY_GAMES" and
              e.get("where") == "games_per_addr", "a fourth game: %r" % e)
        # another connection from the same address is the same creator
        d = Conn.open(srv.port)
        check(d.error_of({"t": "create_game", "scen": "classroom", "key": "sesame-42"}) ==
              "TOO_MANY_GAMES", "a new connection reset the limit")
        stats = {k: v for k, v in c.request({"t": "stats"})["m"].items()}
        check(stats["games_live"] == 3, "refusals created games: %r" % stats)
    with Server(bin_dir, extra=["--max-games-per-addr", "0", "--create-per-min", "1"]) as srv:
        c = Conn.open(srv.port)
        names = []
        for _ in range(25):  # a burst of GG_CREATE_BURST (20), then one a minute
            r = c.request({"t": "create_game", "scen": "classroom", "key": "ignored"})
            names.append(r["t"] if r["t"] != "error" else r["name"])
        created = names.count("game_created")
        check(20 <= created <= 21 and names[:20] == ["game_created"] * 20 and
              names.count("CREATE_TOO_FAST") == 25 - created, "burst: %r" % names)


def case_abandoned(bin_dir):
    """[P4.7] — A game nobody has attached to for --abandon-after seconds
    is archived: its codes are refused, it no longer counts against
    --max-games, a watched game stays."""
    with Server(bin_dir, extra=["--abandon-after", "1", "--max-games", "2"]) as srv:
        lonely = new_game(srv.port)
        watched = new_game(srv.port)
        obs = seated(srv.port, watched["obs"])
        c = Conn.open(srv.port)
        check(c.error_of({"t": "create_game", "scen": "classroom"}) == "SERVER_FULL",
              "two games on a two-game server")
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            r = c.request({"t": "create_game", "scen": "classroom"})
            if r["t"] == "game_created":
                break
            time.sleep(0.3)
        check(r["t"] == "game_created", "the lonely game still counts: %r" % r)
        check(c.error_of({"t": "join", "code": lonely["codes"]["china"]}) == "BAD_CODE",
              "an archived game's code still works")
        check(obs.request({"t": "ping"})["t"] == "pong", "the watched game's observer")
        again = Conn.open(srv.port)
        check(again.join(watched["codes"]["china"])["t"] == "joined", "the watched game is gone")


def case_idle_ping(bin_dir):
    """[P1.5] — After its first message, a TCP client silent for a third of
    --idle-timeout-ms gets a `ping`; one that answers stays, one that never
    answers is closed after --idle-timeout-ms."""
    with Server(bin_dir, extra=["--idle-timeout-ms", "1500"]) as srv:
        live = Conn.open(srv.port)
        mute = Conn.open(srv.port)
        mute.answer_pings = False
        closed, deadline = False, time.monotonic() + 10
        while not closed and time.monotonic() < deadline:
            live.pump(0.1)  # answers its pings
            try:
                mute.pump(0.05)
            except Closed:
                closed = True
        check(closed, "a silent client was never closed")
        check([m.get("t") for m in mute.inbox][:1] == ["ping"] and mute.inbox[0]["seq"] == 0,
              "no ping before the close: %r" % mute.inbox)
        live.pump(2.0)  # longer than the idle time, answering pings
        check(live.pings >= 1, "the answering client was never pinged")
        check(live.request({"t": "ping"})["t"] == "pong", "the answering client was closed")
