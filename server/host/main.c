/* main.c — gg-server's command line: run the server, or list and export
 * the games in a data directory. */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "host.h"
#include "log.h"

static const char usage[] =
    "usage: gg-server [options]            run the game server\n"
    "       gg-server list --data DIR      list the games stored in DIR\n"
    "       gg-server export --data DIR --game ID [--out FILE]\n"
    "                                      write a game's replay file (default game-ID.ggreplay)\n"
    "\n"
    "options:\n"
    "  --port N          UDP (ENet) and TCP port, the same number for both (default 7777;\n"
    "                    0 picks a free port and logs it)\n"
    "  --bind ADDR       address to listen on (default 127.0.0.1; 0.0.0.0 for a classroom LAN)\n"
    "  --data DIR        where the SQLite journal lives (default ./data); games survive a\n"
    "                    restart and are recovered on start\n"
    "  --no-journal      keep games in memory only (benchmarks; nothing survives a restart)\n"
    "  --max-games N     live games at once (default 2000)\n"
    "  --bot STRATEGY    strategy of server bots: random, greedy, mcts (default greedy)\n"
    "  --keep-finished S a finished game stays in memory S seconds after its last client\n"
    "                    leaves (default 600), then only in the journal (list, export)\n"
    "  --msg-rate N      messages per second one connection may send (default 500; more\n"
    "                    gets RATE_LIMITED, a sustained flood is disconnected)\n"
    "  --log-level L     error, warn, info (default) or debug; logs are key=value lines on stderr\n"
    "  --demo SCENARIO   open a demo game at start with bots for China, Russia and the West,\n"
    "                    and print the codes to join it (Kazakhstan, observer, moderator)\n"
#ifdef GG_TEST_HOOKS
    "  --test-storage-pages N  test build only: the journal \"fills the disk\" after N\n"
    "                    more database pages (to exercise the storage-failure path)\n"
#endif
    "  -h, --help        this text\n"
    "\n"
    "Clients connect with gg-client / gg-bot (ENet) or any TCP client speaking PROTOCOL.md.\n";

static int bad(const char *what, const char *arg)
{
    fprintf(stderr, "gg-server: %s: '%s' (see gg-server --help)\n", what, arg ? arg : "");
    return 2;
}

static int parse_int(const char *s, int lo, int hi, int *out)
{
    char *end;
    errno = 0;
    long v = s ? strtol(s, &end, 10) : 0;
    if (!s || errno || *end || v < lo || v > hi)
        return -1;
    *out = (int)v;
    return 0;
}

static int print_game(const gg_game_summary *g, void *ud)
{
    (void)ud;
    printf("%-6lld %-14s %-20llu %-9s records=%-5u turns=%d\n", (long long)g->id, g->scenario,
           (unsigned long long)g->seed, g->finished ? "finished" : "live", g->n_records,
           g->last_turn);
    return 0;
}

static int open_store(const char *dir, gg_store **st)
{
    char msg[512];
    if (!dir) {
        fprintf(stderr, "gg-server: --data DIR is required (see gg-server --help)\n");
        return 2;
    }
    if (gg_store_open(dir, st, msg, sizeof msg) != 0) {
        fprintf(stderr, "gg-server: %s\n", msg);
        return 1;
    }
    return 0;
}

static int cmd_list(int argc, char **argv)
{
    const char *dir = NULL;
    for (int i = 2; i < argc; i++) {
        if (!strcmp(argv[i], "--data") && i + 1 < argc)
            dir = argv[++i];
        else
            return bad("unknown argument to list", argv[i]);
    }
    gg_store *st;
    int rc = open_store(dir, &st);
    if (rc)
        return rc;
    printf("%-6s %-14s %-20s %-9s\n", "id", "scenario", "seed", "status");
    int err = gg_store_list(st, 0, print_game, NULL);
    gg_store_close(st);
    return err ? 1 : 0;
}

static int cmd_export(int argc, char **argv)
{
    const char *dir = NULL, *out = NULL;
    long long id = 0;
    for (int i = 2; i < argc; i++) {
        if (!strcmp(argv[i], "--data") && i + 1 < argc)
            dir = argv[++i];
        else if (!strcmp(argv[i], "--game") && i + 1 < argc)
            id = atoll(argv[++i]);
        else if (!strcmp(argv[i], "--out") && i + 1 < argc)
            out = argv[++i];
        else
            return bad("unknown argument to export", argv[i]);
    }
    if (id <= 0)
        return bad("export needs --game ID (a number from gg-server list)", "");
    gg_store *st;
    int rc = open_store(dir, &st);
    if (rc)
        return rc;
    char path[512];
    if (!out) {
        snprintf(path, sizeof path, "game-%lld.ggreplay", id);
        out = path;
    }
    int err = gg_store_export_replay(st, id, out);
    if (err)
        fprintf(stderr, "gg-server: export failed: %s %s\n", gg_strerror(err),
                gg_store_errmsg(st));
    else
        printf("%s\n", out);
    gg_store_close(st);
    return err ? 1 : 0;
}

/* Opens the demo game: bots in three seats, generous deadlines, and a bot
 * taking over any seat whose players miss one. */
static int open_demo(host *h, const char *scenario)
{
    gg_msg m;
    gg_msg_init(&m, GG_MSG_create_game);
    gg_msg_create_game *c = &m.u.create_game;
    snprintf(c->scenario, sizeof c->scenario, "%s", scenario);
    c->dl_diplomacy = 300;
    c->dl_orders = 300;
    c->dl_crisis = 120;
    c->missed = GG_MISS_BOT;
    c->teams = 1;
    c->binding = 1;
    for (int seat = 0; seat < GG_KAZAKHSTAN; seat++)
        snprintf(c->bots.v[seat], sizeof c->bots.v[seat], "%s", h->cfg.default_bot);
    host_game *g;
    int err = host_create_game(h, &m, &g);
    if (err) {
        fprintf(stderr, "gg-server: cannot open the demo game: %s\n", gg_strerror(err));
        return err;
    }
    game_start(g);
    char server[64];
    snprintf(server, sizeof server, "%s:%d", h->cfg.bind, gg_net_port(h->net));
    printf("\nDemo game %s (%s) is open: server bots play China, Russia and the West.\n", g->id,
           scenario);
    printf("Play Kazakhstan from another terminal:\n\n"
           "    build/bin/gg-client join --server %s --code %s\n\n",
           server, g->codes[GG_KAZAKHSTAN]);
    printf("or let a bot play it:   build/bin/gg-bot --server %s --code %s --strategy greedy\n",
           server, g->codes[GG_KAZAKHSTAN]);
    printf("watch as an observer:   build/bin/gg-client join --server %s --code %s\n", server,
           g->codes[GG_STREAM_OBSERVER]);
    printf("run it as moderator:    build/bin/gg-client join --server %s --code %s\n", server,
           g->codes[GG_STREAM_MODERATOR]);
    printf("\nDeadlines: 5 minutes for diplomacy and for orders; a bot takes over a seat that\n"
           "misses one. New games: build/bin/gg-client create --server %s --scenario classroom\n"
           "Ctrl-C stops the server; games are kept in ./data and resume on the next start.\n\n",
           server);
    fflush(stdout);
    return 0;
}

int main(int argc, char **argv)
{
    if (argc > 1 && !strcmp(argv[1], "list"))
        return cmd_list(argc, argv);
    if (argc > 1 && !strcmp(argv[1], "export"))
        return cmd_export(argc, argv);
    host_config cfg = {"127.0.0.1", GG_NET_DEFAULT_PORT, "data", GG_DEFAULT_MAX_GAMES,
                       GG_DEFAULT_BOT, GG_MSG_RATE_PER_SEC, GG_FINISHED_KEEP_S, 0};
    const char *demo = NULL;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
        if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
            fputs(usage, stdout);
            return 0;
        } else if (!strcmp(a, "--port")) {
            if (parse_int(v, 0, 65535, &cfg.port))
                return bad("--port needs a number 0..65535", v);
            i++;
        } else if (!strcmp(a, "--bind") && v) {
            cfg.bind = v;
            i++;
        } else if (!strcmp(a, "--data") && v) {
            cfg.data_dir = v;
            i++;
        } else if (!strcmp(a, "--no-journal")) {
            cfg.data_dir = NULL;
        } else if (!strcmp(a, "--max-games")) {
            if (parse_int(v, 1, 100000, &cfg.max_games))
                return bad("--max-games needs a number 1..100000", v);
            i++;
        } else if (!strcmp(a, "--keep-finished")) {
            if (parse_int(v, 0, 30 * 24 * 3600, &cfg.keep_finished_s))
                return bad("--keep-finished needs seconds, 0..2592000", v);
            i++;
        }
#ifdef GG_TEST_HOOKS
        else if (!strcmp(a, "--test-storage-pages")) {
            if (parse_int(v, 1, 1000000, &cfg.test_storage_pages))
                return bad("--test-storage-pages needs a number of pages", v);
            i++;
        }
#endif
        else if (!strcmp(a, "--msg-rate")) {
            if (parse_int(v, 1, 10000000, &cfg.msg_rate))
                return bad("--msg-rate needs a number of messages per second, 1..10000000", v);
            i++;
        } else if (!strcmp(a, "--bot") && v) {
            gg_bot probe;
            if (gg_bot_init(&probe, v, 0, 1) != 0)
                return bad("--bot must be random, greedy or mcts[:K:R]", v);
            cfg.default_bot = v;
            i++;
        } else if (!strcmp(a, "--log-level") && v) {
            if (gg_log_set_level(v))
                return bad("--log-level must be error, warn, info or debug", v);
            i++;
        } else if (!strcmp(a, "--demo") && v) {
            if (gg_scenario_find(v) < 0)
                return bad("--demo needs a scenario: belt-and-road, after-ukraine, classroom", v);
            demo = v;
            i++;
        } else {
            return bad("unknown option", a);
        }
    }
    /* A peer that hangs up while we write must be an EPIPE error on that
     * socket, never a signal that kills the server. */
    signal(SIGPIPE, SIG_IGN);
    static host h; /* large (encode buffer): not on the stack */
    uv_loop_t *loop = uv_default_loop();
    if (host_start(&h, loop, &cfg) != 0)
        return 1;
    if (demo && open_demo(&h, demo) != 0) {
        host_stop(&h);
        uv_run(loop, UV_RUN_DEFAULT);
        return 1;
    }
    uv_run(loop, UV_RUN_DEFAULT);
    uv_loop_close(loop);
    host_free(&h);
    return 0;
}
