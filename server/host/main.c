/* main.c — gg-server's command line: run the server, or list, export and
 * fork the games in a data directory. One option table (below) drives both the
 * parsing and --help; the defaults come from host.h's GG_DEFAULT_* constants. */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "gg/util.h"
#include "host.h"
#include "log.h"

#define PROG "gg-server"

enum {
    OPT_PORT = 256,
    OPT_BIND,
    OPT_DATA,
    OPT_NO_JOURNAL,
    OPT_MAX_GAMES,
    OPT_BOT,
    OPT_BOT_NICE,
    OPT_BOT_SCHED,
    OPT_LOOP_SLICE,
    OPT_KEEP,
    OPT_RATE,
    OPT_LOG,
    OPT_DEMO,
    OPT_GAME,
    OPT_OUT,
    OPT_TEST_PAGES,
    OPT_TEST_ALLOC,
    OPT_TEST_FAIL_SYNC,
    OPT_TEST_HOLD_SYNC,
    OPT_HTTP_PORT,
    OPT_HANDSHAKE,
    OPT_PER_ADDR,
    OPT_WEB_ROOT,
    OPT_ALLOW_ORIGIN,
    OPT_METRICS_BIND,
    OPT_TURN,
    OPT_QUARANTINE,
    OPT_CREATE_KEY,
    OPT_GAMES_PER_ADDR,
    OPT_CREATE_RATE,
    OPT_ABANDON,
    OPT_IDLE,
    OPT_MAX_CONNS,
    OPT_RESERVE_FROM,
    OPT_NO_SNAPSHOTS,
    OPT_TEST_SETTLE_SLICE,
    OPT_TEST_HOLD_SETTLE,
    OPT_TEST_CKPT_PAGES,
    OPT_TEST_INPUT_SLICE,
    OPT_TEST_HOLD_INPUT,
    OPT_TEST_STALL_MS,
    OPT_TEST_BLOCK_SETTLE,
    OPT_TEST_WAL_MAX_PAGES,
    OPT_TEST_BOT_JOBS_MAX,
    OPT_TEST_RESUME_MAX_BYTES,
    OPT_DURABILITY,
    OPT_UNSYNCED_MS,
    OPT_UNSYNCED_GROUPS,
};

static const gg_opt options[] = {
    {"port", OPT_PORT, "N",
     "UDP (ENet) and TCP port, the same number for both (default " GG_STR(
         GG_NET_DEFAULT_PORT) ";\n0 picks a free port and logs it)"},
    {"bind", OPT_BIND, "ADDR",
     "address to listen on (default " GG_DEFAULT_BIND "; 0.0.0.0 for a classroom LAN)"},
    {"data", OPT_DATA, "DIR",
     "where the SQLite journal lives (default ./" GG_DEFAULT_DATA_DIR "); games survive a\n"
     "restart and are recovered on start"},
    {"quarantine-corrupt", OPT_QUARANTINE, NULL,
     "start even if some games' journals are damaged (a record failing its\n"
     "checksum, a gap, a diverging replay): such a game is set aside, not\n"
     "loaded, kept in games.db and shown by `list`; its players get\n"
     "GAME_QUARANTINED. Without it gg-server refuses to start, naming the\n"
     "game and the record"},
    {"no-snapshots", OPT_NO_SNAPSHOTS, NULL,
     "store no per-turn snapshots and ignore stored ones: recovery replays\n"
     "every game's whole journal (slower for long games; for comparison and\n"
     "as a fallback). By default a snapshot is stored after each resolved turn\n"
     "(the newest " GG_STR(GG_STORE_SNAPSHOTS_KEPT) " per game, 1 once finished) and recovery "
                                                    "replays only the\nrecords after it; a damaged "
                                                    "snapshot falls back to the full journal"},
    {"durability", OPT_DURABILITY, "MODE",
     "what an acknowledged command survives: `machine` (default): its journal\n"
     "group was fdatasync'd before the reply left, so it survives power loss and\n"
     "an OS crash; `process`: the reply leaves once the group is written to the\n"
     "WAL (the kernel holds it), so it survives a gg-server crash (SIGKILL) but a\n"
     "machine crash may lose what was acknowledged since the last sync, at most\n"
     "--unsynced-max-groups groups committed within --unsynced-max-ms (past\n"
     "either, replies wait for the sync again). Faster replies on a slow disk"},
    {"unsynced-max-ms", OPT_UNSYNCED_MS, "MS",
     "--durability process: replies leave before their sync only while the\n"
     "oldest group not yet synced is at most MS old (default " GG_STR(
         GG_UNSYNCED_MAX_MS) ", 1..60000)"},
    {"unsynced-max-groups", OPT_UNSYNCED_GROUPS, "N",
     "--durability process: ... and at most N journal groups are not yet synced\n"
     "(default " GG_STR(GG_UNSYNCED_MAX_GROUPS) ", 1.." GG_STR(GG_UNSYNCED_GROUPS_LIMIT) ")"},
    {"no-journal", OPT_NO_JOURNAL, NULL,
     "keep games in memory only (benchmarks; nothing survives a restart)"},
    {"max-games", OPT_MAX_GAMES, "N",
     "live games at once (default " GG_STR(GG_DEFAULT_MAX_GAMES) ")"},
    {"bot", OPT_BOT, "STRATEGY",
     "strategy of server bots: random, greedy, mcts[:K:R] with K*R at most\n" GG_STR(
         GG_MAX_SERVER_BOT_ROLLOUTS) " (default " GG_DEFAULT_BOT "). Bots think on a worker pool;\n"
                                     "a game of bots alone moves at most one phase per " GG_STR(
                                         GG_ALL_BOT_PHASE_MS) " ms"},
    {"bot-nice", OPT_BOT_NICE, "N",
     "the bots' worker threads run N nicer than the network loop (default " GG_STR(
         GG_BOT_NICE) ",\nat most 19 in all; 0 = the loop's priority): on a small machine the\n"
                      "loop's replies come first and bots think on the CPU it leaves (Linux)"},
    {"bot-sched", OPT_BOT_SCHED, "POLICY",
     "nice (default): the bots' worker threads only run --bot-nice nicer;\n"
     "idle: they also take SCHED_IDLE, so the loop (and any other program)\n"
     "preempts them at once and they run only on CPU nothing else wants; on\n"
     "a machine busy with other work the bots, and so games with bots, slow\n"
     "down (Linux)"},
    {"loop-slice-us", OPT_LOOP_SLICE, "US",
     "the network loop's thread asks the scheduler for a slice of US microseconds\n"
     "(100..100000; default " GG_STR(
         GG_LOOP_SLICE_US) " = the kernel's): a shorter slice lets the loop\n"
                           "preempt a bot or another program when the network wakes it (Linux "
                           "6.12+)"},
    {"keep-finished", OPT_KEEP, "S",
     "a finished game stays in memory S seconds after its last client\nleaves (default " GG_STR(
         GG_FINISHED_KEEP_S) "), then only in the journal (list, export);\na game that ended less "
                             "than S "
                             "seconds before a restart is reloaded"},
    {"msg-rate", OPT_RATE, "N",
     "messages per second one connection may send (default " GG_STR(
         GG_MSG_RATE_PER_SEC) "; more\ngets RATE_LIMITED, a sustained flood is disconnected)"},
    {"handshake-timeout-ms", OPT_HANDSHAKE, "MS",
     "a game-port TCP connection that sends no whole first message (hello),\n"
     "or holds a partial frame, this long is closed (default " GG_STR(
         GG_TCP_HANDSHAKE_TIMEOUT_MS) ")"},
    {"max-conns-per-addr", OPT_PER_ADDR, "N",
     "TCP connections from one IPv4 address at once (default " GG_STR(
         GG_MAX_CONNS_PER_ADDR) "); the last\n" GG_STR(GG_TCP_LOOPBACK_RESERVE) " connection slots "
                                                                                "are kept for "
                                                                                "loopback (a "
                                                                                "moderator on this "
                                                                                "machine)"},
    {"idle-timeout-ms", OPT_IDLE, "MS",
     "a native TCP client silent this long after its first message is closed;\n"
     "at a third of it the server sends `ping` (any message answers it) (default " GG_STR(
         GG_TCP_IDLE_MS) ")"},
    {"create-key", OPT_CREATE_KEY, "KEY",
     "only create_game requests carrying this key (field `key`, at most " GG_STR(
         GG_MAX_CREATE_KEY) "\nbytes) create games; others get BAD_CREATE_KEY. A classroom sets "
                            "one;\nwithout it anyone who can connect may create games"},
    {"max-games-per-addr", OPT_GAMES_PER_ADDR, "N",
     "games in play created from one client address at once (default " GG_STR(
         GG_MAX_GAMES_PER_ADDR) ";\n0 = no limit); more gets TOO_MANY_GAMES"},
    {"create-per-min", OPT_CREATE_RATE, "N",
     "create_game per minute from one client address, after a burst of " GG_STR(
         GG_CREATE_BURST) "\n(default " GG_STR(GG_CREATE_PER_MIN) "; 0 = no limit); faster gets "
                                                                  "CREATE_TOO_FAST"},
    {"abandon-after", OPT_ABANDON, "S",
     "a game in play nobody has been attached to for S seconds (and for at\n"
     "least its longest deadline) is archived: kept in the journal (list,\n"
     "export), no longer in memory, loaded or counted (default " GG_STR(
         GG_GAME_ABANDON_S) ";\n0 = never)"},
    {"max-conns", OPT_MAX_CONNS, "N",
     "TCP connections at once, all kinds (default: as many as the open-file\n"
     "limit allows, raised to its hard limit, less 64)"},
    {"reserve-from", OPT_RESERVE_FROM, "CIDR",
     "who may use the last " GG_STR(GG_TCP_LOOPBACK_RESERVE) " TCP slots (at most a quarter of "
                                                             "them), e.g.\n"
                                                             "10.1.2.3/32 for the teacher's "
                                                             "laptop (default 127.0.0.0/8)"},
    {"http-port", OPT_HTTP_PORT, "N",
     "also serve HTTP only (WebSocket /ws, files, /metrics) on port N; the\n"
     "game port serves HTTP too (its first bytes \"GET \" select HTTP)"},
    {"web-root", OPT_WEB_ROOT, "DIR",
     "the web client's files served at / (default: <directory of gg-server>\n"
     "/../share/gg/web, where the build copies clients/web/public)"},
    {"allow-origin", OPT_ALLOW_ORIGIN, "LIST",
     "browser Origins allowed to open /ws, comma-separated, or * (default:\n"
     "same-origin only: the page must come from this server)"},
    {"metrics-bind", OPT_METRICS_BIND, "ADDR:PORT",
     "serve /metrics and /healthz only on this extra listener (e.g.\n"
     "127.0.0.1:9777, to keep them on loopback) and not on the game port"},
    {"log-level", OPT_LOG, "L",
     "error, warn, info (default) or debug; logs are key=value lines on stderr"},
    {"demo", OPT_DEMO, "SCENARIO",
     "open a demo game at start with bots for China, Russia and the West,\n"
     "and print the codes to join it (Kazakhstan, observer, moderator)"},
    {"game", OPT_GAME, "ID",
     "export, fork: the game to export or fork (an id from gg-server list)"},
    {"turn", OPT_TURN, "N", "fork: the new game starts where turn N's resolution left the game"},
    {"out", OPT_OUT, "FILE",
     "export: write the replay to FILE ('-' = stdout; default: stdout if it is not a terminal, "
     "else game-ID.ggreplay)"},
#ifdef GG_TEST_HOOKS
    {"test-storage-pages", OPT_TEST_PAGES, "N",
     "test build only: the journal \"fills the disk\" after N more\n"
     "database pages (to exercise the storage-failure path)"},
    {"test-fail-send-alloc", OPT_TEST_ALLOC, "N",
     "test build only: the Nth growth of the reply queue fails (out of memory)"},
    {"test-fail-sync", OPT_TEST_FAIL_SYNC, "N",
     "test build only: the Nth sync of the journal (fdatasync) fails"},
    {"test-hold-sync", OPT_TEST_HOLD_SYNC, "FILE",
     "test build only: journal syncs wait while FILE exists"},
    {"test-settle-slice", OPT_TEST_SETTLE_SLICE, "N",
     "test build only: apply at most N server-bot results per loop iteration\n"
     "(default " GG_STR(GG_SETTLE_SLICE) " or " GG_STR(
         GG_SETTLE_BUDGET_US) " us), without the time budget"},
    {"test-hold-settle", OPT_TEST_HOLD_SETTLE, "FILE",
     "test build only: no server-bot result is applied while FILE exists"},
    {"test-input-slice", OPT_TEST_INPUT_SLICE, "N",
     "test build only: apply at most N networked seats' game commands per loop\n"
     "iteration (default " GG_STR(GG_INPUT_SLICE) " or " GG_STR(
         GG_INPUT_BUDGET_US) " us), without the time budget"},
    {"test-hold-input", OPT_TEST_HOLD_INPUT, "FILE",
     "test build only: game commands wait (queued, in order) while FILE exists"},
    {"test-block-settle", OPT_TEST_BLOCK_SETTLE, "FILE",
     "test build only: the settle step of a loop iteration that applied a game\n"
     "command blocks the loop while FILE exists (what was sent before it)"},
    {"test-stall-ms", OPT_TEST_STALL_MS, "N",
     "test build only: after each ping the loop iteration's settle step sleeps N ms\n"
     "(a slow iteration, counted by step in /metrics)"},
    {"test-checkpoint-pages", OPT_TEST_CKPT_PAGES, "N",
     "test build only: a WAL checkpoint on its thread every N pages\n"
     "(default " GG_STR(GG_STORE_CKPT_PAGES) ")"},
    {"test-wal-max-pages", OPT_TEST_WAL_MAX_PAGES, "N",
     "test build only: the WAL's limit in pages (default " GG_STR(GG_STORE_WAL_MAX_PAGES) ")"},
    {"test-bot-jobs-max", OPT_TEST_BOT_JOBS_MAX, "N",
     "test build only: at most N server-bot jobs alive at once\n"
     "(default " GG_STR(GG_BOT_JOBS_MAX) "; other games' bots wait in line)"},
    {"test-resume-max-bytes", OPT_TEST_RESUME_MAX_BYTES, "N",
     "test build only: a resume re-sends at most N bytes of history from the\n"
     "journal (default half a connection's send queue, 512 KiB)"},
#endif
    {"help", 'h', NULL, "this text"},
    {NULL, 0, NULL, NULL},
};

static void usage(FILE *f)
{
    fputs("usage: gg-server [options]            run the game server\n"
          "       gg-server list --data DIR      list the games stored in DIR\n"
          "       gg-server export --data DIR --game ID [--out FILE]\n"
          "                                      write a game's replay file (to stdout\n"
          "                                      when redirected, or with --out -)\n"
          "       gg-server fork --data DIR --game ID --turn N\n"
          "                                      start a new game where turn N of game ID\n"
          "                                      ended (a what-if), print its join codes;\n"
          "                                      its first phase has no deadline\n"
          "list and export read the journal read-only and work while a server runs;\n"
          "fork writes to it: stop the server first (or fork from the moderator's console).\n"
          "\n"
          "options:\n",
          f);
    gg_opt_help(f, options);
    fputs("\nscenarios (--demo):", f);
    for (int i = 0; i < gg_scenario_count(); i++)
        fprintf(f, "%s %s", i ? "," : "", gg_scenario_def_get(i)->id);
    fprintf(f,
            "\n\nClients connect with gg-client / gg-bot (ENet), any TCP client speaking "
            "PROTOCOL.md,\nor a browser: http://HOST:PORT/ is the web client, ws://HOST:PORT/ws "
            "its WebSocket.\n"
            "Join codes cannot be guessed: after %d wrong codes from one address its joins get\n"
            "RATE_LIMITED for %d s, doubling up to %d s; past %d wrong codes a minute across the\n"
            "server, any address backs off after one (PROTOCOL.md, join).\n"
            "The lobby cannot be filled: games per address, creation rate and the creator key\n"
            "above; abandoned games are archived. Connections: a TCP client has %d s to send\n"
            "hello, at most %d per address, the last %d slots kept for loopback. At most %d\n"
            "observers per game; server bots up to mcts K*R = %d (PROTOCOL.md section 14 lists\n"
            "every limit).\n"
            "The journal keeps only changes: orders identical to a seat's current ones and a\n"
            "repeated ready are acknowledged without a record, and each seat (and the\n"
            "moderator) may add at most %d records at once, refilled at %d a minute\n"
            "(GG_JOURNAL_SEAT_BURST / GG_JOURNAL_SEAT_PER_MIN); beyond that RATE_LIMITED.\n"
            "Exit status: 0 fine; 1 the server or a command failed; 2 bad arguments.\n",
            GG_JOIN_FAILS_PER_ADDR, GG_JOIN_BACKOFF_MS / 1000, GG_JOIN_BACKOFF_MAX_MS / 1000,
            GG_JOIN_FAILS_SERVER_PER_MIN, GG_TCP_HANDSHAKE_TIMEOUT_MS / 1000, GG_MAX_CONNS_PER_ADDR,
            GG_TCP_LOOPBACK_RESERVE, GG_MAX_OBSERVERS, GG_MAX_SERVER_BOT_ROLLOUTS,
            GG_JOURNAL_SEAT_BURST, GG_JOURNAL_SEAT_PER_MIN);
}

/* <directory of the executable>/../share/gg/web, from /proc/self/exe.
 * Returns 0 and the path, or -1. */
static int default_web_root(char *out, size_t n)
{
    char exe[4096];
    ssize_t len = readlink("/proc/self/exe", exe, sizeof exe - 1);
    if (len <= 0)
        return -1;
    exe[len] = 0;
    char *slash = strrchr(exe, '/');
    if (!slash)
        return -1;
    *slash = 0;
    int w = snprintf(out, n, "%s/../share/gg/web", exe);
    return w > 0 && (size_t)w < n ? 0 : -1;
}

/* The address a classroom types: the bind address, or for 0.0.0.0 the
 * first non-loopback IPv4 address of this machine. */
static void public_host(const char *bind, char *out, size_t n)
{
    uv_interface_address_t *ifs;
    int count;
    snprintf(out, n, "%s", bind);
    if (strcmp(bind, "0.0.0.0") != 0 || uv_interface_addresses(&ifs, &count) != 0)
        return;
    for (int i = 0; i < count; i++)
        if (!ifs[i].is_internal && ifs[i].address.address4.sin_family == AF_INET) {
            uv_ip4_name(&ifs[i].address.address4, out, n);
            break;
        }
    uv_free_interface_addresses(ifs, count);
}

/* Prints the URL a class opens in its browsers. */
static void print_url(host *h)
{
    char addr[64];
    public_host(h->cfg.bind, addr, sizeof addr);
    printf("\nBrowsers (laptops, tablets, phones on this network) open:  http://%s:%d/\n", addr,
           gg_net_port(h->net));
    if (!strcmp(h->cfg.bind, "127.0.0.1") || !strcmp(h->cfg.bind, "localhost"))
        printf("(only this machine can reach it: start with --bind 0.0.0.0 for a classroom)\n");
    fflush(stdout);
}

static int print_game(const gg_game_summary *g, void *ud)
{
    (void)ud;
    const char *status = g->quarantine[0] ? "quarantined"
                         : g->damaged     ? "DAMAGED"
                         : g->finished    ? "finished"
                                          : "live";
    printf("%-6lld %-14s %-20llu %-11s records=%-5u turns=%d\n", (long long)g->id, g->scenario,
           (unsigned long long)g->seed, status, g->n_records, g->last_turn);
    if (g->quarantine[0])
        printf("       quarantined: %s\n", g->quarantine);
    else if (g->damaged)
        printf("       its games row fails its checksum: restore games.db from a backup\n");
    return 0;
}

/* list and export open the journal read-only: they work while a server
 * runs on the same directory. */
static int open_store(const char *dir, gg_store **st)
{
    char msg[512];
    if (gg_store_open_reader(dir, st, msg, sizeof msg) != 0) {
        fprintf(stderr, "gg-server: %s\n", msg);
        return 1;
    }
    return 0;
}

static int cmd_list(const char *dir)
{
    gg_store *st;
    int rc = open_store(dir, &st);
    if (rc)
        return rc;
    printf("%-6s %-14s %-20s %-11s\n", "id", "scenario", "seed", "status");
    int err = gg_store_list(st, 0, print_game, NULL);
    gg_store_destroy(st);
    return err ? 1 : 0;
}

/* Writes the replay to stdout with `--out -`, or with no --out when stdout
 * is not a terminal (`export --game 3 > g.ggreplay`); else to --out FILE or
 * game-ID.ggreplay, naming the file on stderr. */
static int cmd_export(const char *dir, long long id, const char *out)
{
    gg_store *st;
    int rc = open_store(dir, &st);
    if (rc)
        return rc;
    char path[512];
    int err;
    size_t n = 0;
    if ((out && !strcmp(out, "-")) || (!out && !isatty(STDOUT_FILENO))) {
        err = gg_store_export_to(st, id, stdout, &n);
        out = "standard output";
    } else {
        if (!out) {
            snprintf(path, sizeof path, "game-%lld.ggreplay", id);
            out = path;
        }
        err = gg_store_export_replay(st, id, out);
    }
    if (err)
        fprintf(stderr, "gg-server: export failed: %s %s\n", gg_strerror(err), gg_store_errmsg(st));
    else if (!n)
        fprintf(stderr, "gg-server: wrote game %lld to %s\n", id, out);
    else
        fprintf(stderr, "gg-server: wrote game %lld to %s (%zu bytes)\n", id, out, n);
    gg_store_destroy(st);
    return err ? 1 : 0;
}

/* Writes a fork of game `id` at the end of `turn` into the store (the
 * server is not running: the store is locked while it is) and prints the
 * new game's id, first hash and join codes. Its first phase has no
 * deadline (the clock starts with the next one); it is recovered, like
 * any unfinished game, when gg-server starts on DIR. */
static int cmd_fork(const char *dir, long long id, int turn)
{
    gg_store *st;
    char msg[512];
    if (gg_store_create(dir, &st, msg, sizeof msg) != 0) {
        fprintf(stderr, "gg-server: %s\n", msg);
        return 1;
    }
    int64_t fork_id = 0;
    uint64_t hash = 0;
    gg_game_meta meta;
    int err = gg__fork_write(st, id, turn, NULL, &fork_id, &meta, &hash);
    if (!err)
        err = gg_store_commit(st);
    if (err) {
        const char *why = err == GG_EMSG_BAD_FIELD ? "that turn was not resolved in this game"
                          : err == GG_EGAME_OVER   ? "the game ended with that turn"
                                                   : gg_store_errmsg(st);
        fprintf(stderr, "gg-server: cannot fork game %lld at turn %d: %s (%s)\n", id, turn,
                gg_strerror(err), why);
    } else {
        printf("game %lld forked from game %lld after turn %d, hash %016llx\n", (long long)fork_id,
               id, turn, (unsigned long long)hash);
        for (int seat = 0; seat < GG_SEATS; seat++)
            printf("%-10s %s\n", gg_seat_name(seat), meta.codes[GG_CODE_SEAT0 + seat]);
        printf("%-10s %s\n%-10s %s\n", "observer", meta.codes[GG_CODE_OBSERVER], "moderator",
               meta.codes[GG_CODE_MODERATOR]);
    }
    gg_store_destroy(st);
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
    int err = gg__host_create_game(h, &m, &g);
    if (err) {
        fprintf(stderr, "gg-server: cannot open the demo game: %s\n", gg_strerror(err));
        return err;
    }
    gg__game_start(g);
    char addr[64], server[80]; /* an address other machines can use too */
    public_host(h->cfg.bind, addr, sizeof addr);
    snprintf(server, sizeof server, "%s:%d", addr, gg_net_port(h->net));
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
    printf("\nIn a browser:  Kazakhstan  http://%s:%d/join/%s\n"
           "               observer    http://%s:%d/watch/%s\n"
           "               moderator   http://%s:%d/join/%s\n",
           addr, gg_net_port(h->net), g->codes[GG_KAZAKHSTAN], addr, gg_net_port(h->net),
           g->codes[GG_STREAM_OBSERVER], addr, gg_net_port(h->net), g->codes[GG_STREAM_MODERATOR]);
    printf("\nDeadlines: 5 minutes for diplomacy and for orders; a bot takes over a seat that\n"
           "misses one. New games: build/bin/gg-client create --server %s --scenario classroom\n",
           server);
    /* Where the games really are: --data's directory, or nowhere (--no-journal). */
    if (h->cfg.data_dir)
        printf("Ctrl-C stops the server; games are kept in %s and resume on the next start.\n\n",
               h->cfg.data_dir);
    else
        printf("Ctrl-C stops the server; with --no-journal the games end with it.\n\n");
    fflush(stdout);
    return 0;
}

/* Reads the command line into *cfg, *demo and the list/export/fork request
 * (*cmd "list", "export", "fork" or NULL). Returns 0, or the exit status: 2 for bad
 * arguments (said on stderr), -1 after --help. */
static int parse(int argc, char **argv, host_config *cfg, const char **demo, const char **cmd,
                 long long *game, const char **out, int *turn)
{
    gg_opt_parser p;
    if (gg_opt_init(&p, options, PROG, argc, argv, 1) != 0)
        return 2;
    const char *v;
    int key, rest = argc, data_set = 0;
    while ((key = gg_opt_next(&p, &v, &rest)) != -1) {
        switch (key) {
        case 'h':
            usage(stdout);
            return -1;
        case OPT_PORT:
            if (gg_parse_int(v, 0, 65535, &cfg->port))
                return gg_opt_bad(PROG, "port", "needs a number 0..65535", v);
            break;
        case OPT_BIND:
            cfg->bind = v;
            break;
        case OPT_DATA:
            cfg->data_dir = v;
            data_set = 1;
            break;
        case OPT_NO_JOURNAL:
            cfg->data_dir = NULL;
            break;
        case OPT_QUARANTINE:
            cfg->quarantine_corrupt = 1;
            break;
        case OPT_NO_SNAPSHOTS:
            cfg->no_snapshots = 1;
            break;
        case OPT_MAX_GAMES:
            if (gg_parse_int(v, 1, 100000, &cfg->max_games))
                return gg_opt_bad(PROG, "max-games", "needs a number 1..100000", v);
            break;
        case OPT_KEEP:
            if (gg_parse_int(v, 0, 30 * 24 * 3600, &cfg->keep_finished_s))
                return gg_opt_bad(PROG, "keep-finished", "needs seconds, 0..2592000", v);
            break;
        case OPT_RATE:
            if (gg_parse_int(v, 1, 10000000, &cfg->msg_rate))
                return gg_opt_bad(PROG, "msg-rate",
                                  "needs a number of messages per second, 1..10000000", v);
            break;
        case OPT_BOT: {
            if (gg__host_bot_check(v) != 0)
                return gg_opt_bad(PROG, "bot",
                                  "must be random, greedy or mcts[:K:R] with K*R <= 64", v);
            cfg->default_bot = v;
            break;
        }
        case OPT_BOT_NICE:
            if (gg_parse_int(v, 0, 19, &cfg->bot_nice))
                return gg_opt_bad(PROG, "bot-nice", "needs a number 0..19", v);
            break;
        case OPT_BOT_SCHED:
            if (!strcmp(v, "nice"))
                cfg->bot_sched_idle = 0;
            else if (!strcmp(v, "idle"))
                cfg->bot_sched_idle = 1;
            else
                return gg_opt_bad(PROG, "bot-sched", "needs nice or idle", v);
            break;
        case OPT_LOOP_SLICE:
            if (gg_parse_int(v, 0, 100000, &cfg->loop_slice_us) ||
                (cfg->loop_slice_us > 0 && cfg->loop_slice_us < 100))
                return gg_opt_bad(PROG, "loop-slice-us", "needs 0 or 100..100000 microseconds", v);
            break;
        case OPT_LOG:
            if (gg_log_set_level(v))
                return gg_opt_bad(PROG, "log-level", "must be error, warn, info or debug", v);
            break;
        case OPT_DEMO:
            if (gg_scenario_find(v) < 0)
                return gg_opt_bad(PROG, "demo", "needs a scenario (listed by --help)", v);
            *demo = v;
            break;
        case OPT_GAME:
            if (gg_parse_ll(v, 1, INT64_MAX, game))
                return gg_opt_bad(PROG, "game", "needs a game id (a number from gg-server list)",
                                  v);
            break;
        case OPT_OUT:
            *out = v;
            break;
        case OPT_TURN:
            if (gg_parse_int(v, 1, GG_MAX_TURNS, turn))
                return gg_opt_bad(PROG, "turn", "needs a turn number 1.." GG_STR(GG_MAX_TURNS), v);
            break;
        case OPT_HANDSHAKE:
            if (gg_parse_int(v, 100, 3600000, &cfg->handshake_ms))
                return gg_opt_bad(PROG, "handshake-timeout-ms", "needs a number 100..3600000", v);
            break;
        case OPT_PER_ADDR:
            if (gg_parse_int(v, 1, 1000000, &cfg->max_per_addr))
                return gg_opt_bad(PROG, "max-conns-per-addr", "needs a number 1..1000000", v);
            break;
        case OPT_IDLE:
            if (gg_parse_int(v, 300, 86400000, &cfg->idle_ms))
                return gg_opt_bad(PROG, "idle-timeout-ms", "needs a number 300..86400000", v);
            break;
        case OPT_MAX_CONNS:
            if (gg_parse_int(v, 8, 1000000, &cfg->max_conns))
                return gg_opt_bad(PROG, "max-conns", "needs a number 8..1000000", v);
            break;
        case OPT_RESERVE_FROM:
            if (gg_net_check_cidr(v) != 0)
                return gg_opt_bad(PROG, "reserve-from", "needs A.B.C.D/N, e.g. 10.0.0.5/32", v);
            cfg->reserve_from = v;
            break;
        case OPT_CREATE_KEY:
            if (!v[0] || strlen(v) > GG_MAX_CREATE_KEY)
                return gg_opt_bad(PROG, "create-key",
                                  "needs a key of 1.." GG_STR(GG_MAX_CREATE_KEY) " bytes", v);
            cfg->create_key = v;
            break;
        case OPT_GAMES_PER_ADDR:
            if (gg_parse_int(v, 0, 100000, &cfg->games_per_addr))
                return gg_opt_bad(PROG, "max-games-per-addr", "needs a number 0..100000", v);
            break;
        case OPT_CREATE_RATE:
            if (gg_parse_int(v, 0, 1000000, &cfg->create_per_min))
                return gg_opt_bad(PROG, "create-per-min", "needs a number 0..1000000", v);
            break;
        case OPT_ABANDON:
            if (gg_parse_int(v, 0, 365 * 24 * 3600, &cfg->abandon_s))
                return gg_opt_bad(PROG, "abandon-after", "needs seconds, 0..31536000", v);
            break;
        case OPT_HTTP_PORT:
            if (gg_parse_int(v, 1, 65535, &cfg->http_port))
                return gg_opt_bad(PROG, "http-port", "needs a number 1..65535", v);
            break;
        case OPT_WEB_ROOT:
            cfg->web_root = v;
            break;
        case OPT_ALLOW_ORIGIN:
            cfg->allow_origin = v;
            break;
        case OPT_DURABILITY:
            if (!strcmp(v, "machine"))
                cfg->durability = GG_DURABILITY_MACHINE;
            else if (!strcmp(v, "process"))
                cfg->durability = GG_DURABILITY_PROCESS;
            else
                return gg_opt_bad(PROG, "durability",
                                  "needs machine (acknowledge after the disk sync) or process "
                                  "(acknowledge once written to the WAL)",
                                  v);
            break;
        case OPT_UNSYNCED_MS:
            if (gg_parse_int(v, 1, 60000, &cfg->unsynced_max_ms))
                return gg_opt_bad(PROG, "unsynced-max-ms", "needs milliseconds 1..60000", v);
            break;
        case OPT_UNSYNCED_GROUPS:
            if (gg_parse_int(v, 1, GG_UNSYNCED_GROUPS_LIMIT, &cfg->unsynced_max_groups))
                return gg_opt_bad(PROG, "unsynced-max-groups",
                                  "needs a count 1.." GG_STR(GG_UNSYNCED_GROUPS_LIMIT), v);
            break;
        case OPT_METRICS_BIND:
            if (!strchr(v, ':'))
                return gg_opt_bad(PROG, "metrics-bind", "needs ADDR:PORT, e.g. 127.0.0.1:9777", v);
            cfg->metrics_bind = v;
            break;
#ifdef GG_TEST_HOOKS
        case OPT_TEST_PAGES:
            if (gg_parse_int(v, 1, 1000000, &cfg->test_storage_pages))
                return gg_opt_bad(PROG, "test-storage-pages", "needs a number of pages", v);
            break;
        case OPT_TEST_ALLOC:
            if (gg_parse_int(v, 1, 1000000, &cfg->test_fail_send_alloc))
                return gg_opt_bad(PROG, "test-fail-send-alloc", "needs a count 1..1000000", v);
            break;
        case OPT_TEST_FAIL_SYNC:
            if (gg_parse_int(v, 1, 1000000, &cfg->test_fail_sync))
                return gg_opt_bad(PROG, "test-fail-sync", "needs a count 1..1000000", v);
            break;
        case OPT_TEST_HOLD_SYNC:
            cfg->test_hold_sync = v;
            break;
        case OPT_TEST_SETTLE_SLICE:
            if (gg_parse_int(v, 1, 1000000, &cfg->test_settle_slice))
                return gg_opt_bad(PROG, "test-settle-slice", "needs a count 1..1000000", v);
            break;
        case OPT_TEST_HOLD_SETTLE:
            cfg->test_hold_settle = v;
            break;
        case OPT_TEST_INPUT_SLICE:
            if (gg_parse_int(v, 1, 1000000, &cfg->test_input_slice))
                return gg_opt_bad(PROG, "test-input-slice", "needs a count 1..1000000", v);
            break;
        case OPT_TEST_HOLD_INPUT:
            cfg->test_hold_input = v;
            break;
        case OPT_TEST_BLOCK_SETTLE:
            cfg->test_block_file = v;
            break;
        case OPT_TEST_STALL_MS:
            if (gg_parse_int(v, 1, 10000, &cfg->test_stall_ms))
                return gg_opt_bad(PROG, "test-stall-ms", "needs milliseconds 1..10000", v);
            break;
        case OPT_TEST_CKPT_PAGES:
            if (gg_parse_int(v, 1, 1000000, &cfg->test_ckpt_pages))
                return gg_opt_bad(PROG, "test-checkpoint-pages", "needs a count 1..1000000", v);
            break;
        case OPT_TEST_WAL_MAX_PAGES:
            if (gg_parse_int(v, 1, 1000000, &cfg->test_wal_max_pages))
                return gg_opt_bad(PROG, "test-wal-max-pages", "needs a count 1..1000000", v);
            break;
        case OPT_TEST_BOT_JOBS_MAX:
            if (gg_parse_int(v, 1, 1000000, &cfg->test_bot_jobs_max))
                return gg_opt_bad(PROG, "test-bot-jobs-max", "needs a count 1..1000000", v);
            break;
        case OPT_TEST_RESUME_MAX_BYTES:
            if (gg_parse_int(v, 1, GG_MAX_SEND_QUEUE, &cfg->test_resume_max_bytes))
                return gg_opt_bad(PROG, "test-resume-max-bytes", "needs a size 1..1048576", v);
            break;
#endif
        default:
            return 2;
        }
    }
    if (rest < argc) {
        *cmd = argv[rest];
        if (strcmp(*cmd, "list") && strcmp(*cmd, "export") && strcmp(*cmd, "fork"))
            return gg_opt_bad(PROG, NULL, "unknown command (list, export, fork or none)", *cmd);
        if (rest + 1 < argc)
            return gg_opt_bad(PROG, NULL, "unexpected argument", argv[rest + 1]);
        if (!data_set)
            return gg_opt_bad(PROG, NULL, "list, export and fork need --data DIR", NULL);
    }
    int exporting = *cmd && !strcmp(*cmd, "export"), forking = *cmd && !strcmp(*cmd, "fork");
    if ((exporting || forking) && !*game)
        return gg_opt_bad(PROG, NULL,
                          "export and fork need --game ID (a number from gg-server list)", NULL);
    if (forking && !*turn)
        return gg_opt_bad(PROG, NULL, "fork needs --turn N (a turn the game has resolved)", NULL);
    if (!exporting && !forking && *game)
        return gg_opt_bad(PROG, NULL, "--game goes with the export and fork commands", NULL);
    if (!exporting && *out)
        return gg_opt_bad(PROG, NULL, "--out goes with the export command", NULL);
    if (!forking && *turn)
        return gg_opt_bad(PROG, NULL, "--turn goes with the fork command", NULL);
    return 0;
}

int main(int argc, char **argv)
{
    host_config cfg = GG_HOST_CONFIG_DEFAULTS;
    static char web_root[4096];
    if (default_web_root(web_root, sizeof web_root) == 0)
        cfg.web_root = web_root;
    const char *demo = NULL, *cmd = NULL, *out = NULL;
    long long game = 0;
    int turn = 0;
    int rc = parse(argc, argv, &cfg, &demo, &cmd, &game, &out, &turn);
    if (rc)
        return rc < 0 ? 0 : rc;
    if (cmd && !strcmp(cmd, "fork"))
        return cmd_fork(cfg.data_dir, game, turn);
    if (cmd)
        return !strcmp(cmd, "list") ? cmd_list(cfg.data_dir) : cmd_export(cfg.data_dir, game, out);
    /* A peer that hangs up while we write must be an EPIPE error on that
     * socket, never a signal that kills the server. */
    signal(SIGPIPE, SIG_IGN);
    static host h; /* large (encode buffer): not on the stack */
    uv_loop_t *loop = uv_default_loop();
    if (gg__host_init(&h, loop, &cfg) != 0)
        return 1;
    print_url(&h);
    if (demo && open_demo(&h, demo) != 0) {
        gg__host_stop(&h);
        uv_run(loop, UV_RUN_DEFAULT);
        return 1;
    }
    uv_run(loop, UV_RUN_DEFAULT);
    uv_loop_close(loop);
    gg__host_close(&h);
    return 0;
}
