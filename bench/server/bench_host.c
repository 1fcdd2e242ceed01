/* bench/server/bench_host.c — bench-host: server-level benchmarks of a real
 * gg-server process (started and stopped by this program): orders→ok round
 * trips, small-message throughput, capacity (many concurrent bot games) and
 * recovery time. The figures are printed, never asserted; run_host_bench.sh
 * runs them beside the raw ENet echo floor (bench-enet-echo) and takes
 * medians. This file: options and main; the modes are in bench_host_orders.c
 * (rtt, tput), bench_host_capacity.c and bench_host_games.c (recovery). */
#include "bench_host.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "gg/util.h"

enum {
    OPT_SERVER_BIN = 256,
    OPT_JOURNAL,
    OPT_NO_JOURNAL,
    OPT_DATA_ROOT,
    OPT_TCP,
    OPT_ENET,
    OPT_WS,
    OPT_COUNT,
    OPT_WARMUP,
    OPT_CONNS,
    OPT_CLIENTS,
    OPT_INFLIGHT,
    OPT_SECONDS,
    OPT_KIND,
    OPT_RATE,
    OPT_GAMES,
    OPT_PACE,
    OPT_TURNS,
    OPT_SCENARIO,
    OPT_TIMEOUT,
    OPT_NETWORKED,
    OPT_PROBE_RATE,
    OPT_JSON,
    OPT_SERVER_MSG_RATE,
    OPT_LABEL,
    OPT_PAIR,
    OPT_WS_JSON,
    OPT_DURABILITY,
    OPT_LOAD_SCHED,
    OPT_SERVER_NICE,
    OPT_SEAT_BOT,
    OPT_PACE_JITTER,
    OPT_STEADY_WARMUP,
};

static const gg_opt options[] = {
    {"server-bin", OPT_SERVER_BIN, "PATH",
     "gg-server to run (default: gg-server beside bench-host)"},
    {"journal", OPT_JOURNAL, NULL,
     "run the server with --data DIR, a fresh directory under\n"
     "--data-root (default for capacity and recovery)"},
    {"no-journal", OPT_NO_JOURNAL, NULL,
     "run the server with --no-journal (default for rtt and tput)"},
    {"durability", OPT_DURABILITY, "MODE",
     "run the server with --durability MODE (machine or process; default:\n"
     "not passed, the server's default, so older servers still run)"},
    {"data-root", OPT_DATA_ROOT, "DIR",
     "where journal directories are made and removed (default /var/tmp;\n"
     "use a real disk, not tmpfs, to measure fsync)"},
    {"tcp", OPT_TCP, NULL, "client transport for rtt and tput: TCP"},
    {"enet", OPT_ENET, NULL, "client transport for rtt and tput: ENet (the default)"},
    {"ws", OPT_WS, NULL,
     "client transport for rtt and tput: a WebSocket at /ws on the TCP port\n"
     "(binary msgpack frames)"},
    {"ws-json", OPT_WS_JSON, NULL,
     "client transport for rtt, tput and capacity's seats: a WebSocket\n"
     "speaking what the browser client speaks (no subprotocol, JSON text\n"
     "frames, masked)"},
    {"pair", OPT_PAIR, NULL,
     "rtt, tput: every other connection is TCP, the others use --ws or\n"
     "--enet, all on one server and used in turn: one row per transport,\n"
     "measured under the same load at the same time"},
    {"count", OPT_COUNT, "N", "rtt: timed round trips (default 10000)"},
    {"warmup", OPT_WARMUP, "N", "rtt: untimed round trips first (default 1000)"},
    {"conns", OPT_CONNS, "N", "rtt: connections (seats) used in turn (default 64)"},
    {"clients", OPT_CLIENTS, "C", "tput: connections (default 16)"},
    {"inflight", OPT_INFLIGHT, "K", "tput: requests in flight per connection (default 8, max 64)"},
    {"seconds", OPT_SECONDS, "S", "tput: run length (default 3)"},
    {"kind", OPT_KIND, "ping|orders", "tput: request type (default ping)"},
    {"rate", OPT_RATE, "R",
     "client-side cap per connection in msgs/s (default 450; 0 = none,\n"
     "and RATE_LIMITED replies are then counted as errors)"},
    {"games", OPT_GAMES, "N", "capacity, recovery: games (default 1000)"},
    {"pace", OPT_PACE, "MS",
     "capacity: a seat reads nothing for MS ms after it acts in a phase (default\n"
     "200; 0 = flat out, as fast as the bots and the server allow). A greedy seat\n"
     "sends 1-3 requests a phase: --pace 1500 is about one command per game a\n"
     "second (seat_commands_per_game_s in the output says what it was)"},
    {"pace-jitter", OPT_PACE_JITTER, "F",
     "capacity: each think of a seat is drawn uniformly from pace x [1-F, 1+F]\n"
     "(0 <= F < 1) from the seat's own seeded stream, as a population of players\n"
     "thinks for varied times. 0 (the default): every think is exactly --pace\n"
     "(the lockstep load of every run before session 15)"},
    {"steady-warmup", OPT_STEADY_WARMUP, "MS",
     "capacity: the probe's steady window (p50_ack_steady_us, p99_ack_steady_us)\n"
     "opens MS ms after the play starts (default max(10000, 3 x pace)) and\n"
     "closes when a tenth of the seats have finished their games (or the play\n"
     "ends): the population is then still at least 90% of the run's"},
    {"turns", OPT_TURNS, "T", "recovery: turns the networked seat plays (default 3)"},
    {"scenario", OPT_SCENARIO, "ID", "capacity, recovery (default belt-and-road)"},
    {"timeout", OPT_TIMEOUT, "S", "capacity: give up after S seconds (default 600)"},
    {"networked", OPT_NETWORKED, "K",
     "capacity: networked seats per game, 1..4 (default 4; with 1 it is\n"
     "Kazakhstan's, and China, Russia and the West are server bots)"},
    {"probe-rate", OPT_PROBE_RATE, "R",
     "capacity: probe round trips per second (default 100; 0 = no probe)"},
    {"load-sched", OPT_LOAD_SCHED, "idle|normal",
     "capacity: the scheduling policy of the thread that plays the networked\n"
     "seats (the load). idle (the default): SCHED_IDLE, so it runs only on a\n"
     "core the server and the probe leave; on a real deployment the clients\n"
     "are other machines and take none of the server's CPU, here they share\n"
     "its cores. The probe thread stays at the normal policy either way.\n"
     "normal: as before (the load competes with the server it measures).\n"
     "The JSON says the policies the threads had (load_sched_policy,\n"
     "probe_sched_policy, server_sched_policy)"},
    {"server-nice", OPT_SERVER_NICE, "N",
     "start gg-server at nice +N (0..19, default 0): a benchmark on a shared\n"
     "machine can lower the server without nicing bench-host, whose probe\n"
     "should run at the normal priority"},
    {"seat-bot", OPT_SEAT_BOT, "NAME",
     "capacity: the reference bot that plays the networked seats (a gg-bot\n"
     "strategy: greedy, the default, or random, greedy:plain, ...). A remote\n"
     "population thinks on its own machines; here the seats' thinking runs on\n"
     "the server's cores, and random (legal orders, no deals) costs the load\n"
     "the least. The JSON says which played (seat_bot), the stream the server\n"
     "saw (seat_commands_per_game_s, turns_per_s) and the load's CPU per\n"
     "command (load_cpu_us_per_seat_command)"},
    {"json", OPT_JSON, NULL, "capacity: print one JSON object instead of key=value lines"},
    {"server-msg-rate", OPT_SERVER_MSG_RATE, "N",
     "start gg-server with --msg-rate N (default its own, 500/s)"},
    {"label", OPT_LABEL, "TEXT", "appended to the row's test name"},
    {"help", 'h', NULL, "this text"},
    {NULL, 0, NULL, NULL},
};

static void usage(FILE *f)
{
    fputs(
        "usage: bench-host MODE [options]\n"
        "Starts its own gg-server (--port 0 on 127.0.0.1), measures, prints one table row (or a\n"
        "few key=value lines), and stops every process it started (also on Ctrl-C).\n"
        "\n"
        "modes:\n"
        "  rtt        orders->ok round trips: seats of deadline-free games in the orders phase\n"
        "             re-send valid (greedy) orders one at a time; each gets a direct `ok` and an\n"
        "             `orders_ack` on the seat stream; latency = send to `ok`. The connections "
        "are\n"
        "             used in turn so that none exceeds the server's 500 msgs/s limit.\n"
        "  tput       C clients x K requests in flight (ping->pong or orders->ok) for S seconds:\n"
        "             replies/s and reply latency. Each connection is paced at --rate msgs/s\n"
        "             (client side) so the server's per-connection rate limit is never hit.\n"
        "  capacity   --games N deadline-free games; --networked K seats of each (default 4)\n"
        "             played over TCP (--ws, --ws-json: a WebSocket) by the reference bots\n"
        "             (gg_player; greedy, or --seat-bot) from one epoll loop on a thread of\n"
        "             its own (SCHED_IDLE by default: --load-sched), paced with --pace, the\n"
        "             other seats by greedy server bots. Meanwhile a probe thread times\n"
        "             orders->ok round trips on two more games (one over ENet, one over\n"
        "             TCP). Prints server RSS per game and per connection, the server's\n"
        "             heap by kind (`stats` mem.*), turn resolution p50/p99 (server `stats`),\n"
        "             probe p50/p99, games completed, time, server CPU.\n"
        "  recovery   --games N games with 3 server bots + 1 networked seat (Kazakhstan, greedy)\n"
        "             that plays --turns turns; SIGKILL the server; restart it on the same\n"
        "             journal and time process start -> `event=listening`; count\n"
        "             `event=game_recovered`. Baseline in the same run: the start on an empty\n"
        "             journal, and copies of the same journal started with --no-snapshots\n"
        "             (every record replayed instead of the records after each game's snapshot);\n"
        "             each kind started 3 times on fresh copies, alternating: medians.\n"
        "\n"
        "options:\n",
        f);
    gg_opt_help(f, options);
}

static int arg_int(const char *v, int lo, int hi, const char *name)
{
    int x;
    if (gg_parse_int(v, lo, hi, &x) != 0) {
        fprintf(stderr, "bench-host: --%s needs a number %d..%d (see --help)\n", name, lo, hi);
        exit(2);
    }
    return x;
}

/* A finite number in [lo, hi], whole text. */
static double arg_double(const char *v, double lo, double hi, const char *name)
{
    char *end;
    double x = v && *v ? strtod(v, &end) : -1.0;
    if (!v || !*v || *end || !(x >= lo && x <= hi)) {
        fprintf(stderr, "bench-host: --%s needs a number %g..%g (see --help)\n", name, lo, hi);
        exit(2);
    }
    return x;
}

int main(int argc, char **argv)
{
    static char bin[4096];
    bh_opts o = {NULL, "/var/tmp", -1,     0,        10000, 1000, 64, 16,
                 8,    3.0,        "ping", 450,      1000,  200,  3,  "belt-and-road",
                 600,  "",         0,      4,        0,     100,  0,  0,
                 NULL, 1,          0,      "greedy", 0.0,   -1};
    const char *mode = NULL;
    gg_opt_parser p;
    if (gg_opt_init(&p, options, "bench-host", argc, argv, 1) != 0)
        return 2;
    const char *v;
    int key, rest = argc;
    while ((key = gg_opt_next(&p, &v, &rest)) != -1) {
        switch (key) {
        case 'h':
            usage(stdout);
            return 0;
        case OPT_JOURNAL:
            o.journal = 1;
            break;
        case OPT_NO_JOURNAL:
            o.journal = 0;
            break;
        case OPT_TCP:
            o.tcp = 1;
            break;
        case OPT_WS:
            o.tcp = GG_CLIENT_WS;
            break;
        case OPT_WS_JSON:
            o.tcp = GG_CLIENT_WS_JSON;
            break;
        case OPT_ENET:
            o.tcp = 0;
            break;
        case OPT_JSON:
            o.json = 1;
            break;
        case OPT_PAIR:
            o.pair = 1;
            break;
        case OPT_SERVER_BIN:
            o.server_bin = v;
            break;
        case OPT_DATA_ROOT:
            o.data_root = v;
            break;
        case OPT_DURABILITY:
            if (strcmp(v, "machine") != 0 && strcmp(v, "process") != 0) {
                fprintf(stderr, "bench-host: --durability needs machine or process: '%s'\n", v);
                return 2;
            }
            o.durability = v;
            break;
        case OPT_LOAD_SCHED:
            if (strcmp(v, "idle") != 0 && strcmp(v, "normal") != 0) {
                fprintf(stderr, "bench-host: --load-sched needs idle or normal: '%s'\n", v);
                return 2;
            }
            o.load_sched_idle = !strcmp(v, "idle");
            break;
        case OPT_SEAT_BOT: {
            static gg_bot b;
            if (gg_bot_init(&b, v, 0, 1) != 0) {
                fprintf(stderr, "bench-host: --seat-bot: unknown strategy '%s'\n", v);
                return 2;
            }
            o.seat_bot = v;
            break;
        }
        case OPT_SERVER_NICE:
            o.server_nice = arg_int(v, 0, 19, "server-nice");
            break;
        case OPT_COUNT:
            o.count = arg_int(v, 1, 10000000, "count");
            break;
        case OPT_WARMUP:
            o.warmup = arg_int(v, 0, 1000000, "warmup");
            break;
        case OPT_CONNS:
            o.conns = arg_int(v, 1, 4000, "conns");
            break;
        case OPT_CLIENTS:
            o.clients = arg_int(v, 1, 4000, "clients");
            break;
        case OPT_INFLIGHT:
            o.inflight = arg_int(v, 1, 64, "inflight");
            break;
        case OPT_SECONDS:
            o.seconds = arg_double(v, 0.001, 86400, "seconds");
            break;
        case OPT_KIND:
            o.kind = v;
            break;
        case OPT_RATE:
            o.rate = arg_double(v, 0, 1e9, "rate");
            break;
        case OPT_SERVER_MSG_RATE:
            o.server_msg_rate = arg_int(v, 1, 10000000, "server-msg-rate");
            break;
        case OPT_GAMES:
            o.games = arg_int(v, 1, 100000, "games");
            break;
        case OPT_PACE:
            o.pace_ms = arg_int(v, 0, 100000, "pace");
            break;
        case OPT_PACE_JITTER:
            o.pace_jitter = arg_double(v, 0, 0.99, "pace-jitter");
            break;
        case OPT_STEADY_WARMUP:
            o.steady_warmup_ms = arg_int(v, 0, 86400000, "steady-warmup");
            break;
        case OPT_TURNS:
            o.turns = arg_int(v, 1, 64, "turns");
            break;
        case OPT_SCENARIO:
            o.scenario = v;
            break;
        case OPT_TIMEOUT:
            o.timeout_s = arg_int(v, 1, 86400, "timeout");
            break;
        case OPT_LABEL:
            o.label = v;
            break;
        case OPT_NETWORKED:
            o.networked = arg_int(v, 1, 4, "networked");
            break;
        case OPT_PROBE_RATE:
            o.probe_rate = arg_double(v, 0, 1e6, "probe-rate");
            break;
        default:
            return 2;
        }
    }
    if (rest < argc)
        mode = argv[rest];
    if (rest + 1 < argc) {
        fprintf(stderr, "bench-host: one mode only, not '%s' too (see --help)\n", argv[rest + 1]);
        return 2;
    }
    if (!mode) {
        fprintf(stderr, "bench-host: which mode? rtt, tput, capacity or recovery (see --help)\n");
        return 2;
    }
    if (strcmp(o.kind, "ping") && strcmp(o.kind, "orders")) {
        fprintf(stderr, "bench-host: --kind must be ping or orders\n");
        return 2;
    }
    if (!o.server_bin) { /* gg-server beside this program */
        ssize_t n = readlink("/proc/self/exe", bin, sizeof bin - 16);
        if (n > 0) {
            bin[n] = 0;
            char *slash = strrchr(bin, '/');
            strcpy(slash ? slash + 1 : bin, "gg-server");
        } else {
            strcpy(bin, "gg-server");
        }
        o.server_bin = bin;
    }
    if (access(o.server_bin, X_OK) != 0) {
        fprintf(stderr, "bench-host: cannot run %s (build gg-server or use --server-bin)\n",
                o.server_bin);
        return 2;
    }
    int games_mode = !strcmp(mode, "capacity") || !strcmp(mode, "recovery");
    if (o.journal < 0)
        o.journal = games_mode;
    if (!strcmp(mode, "rtt"))
        return bh_mode_rtt(&o);
    if (!strcmp(mode, "tput"))
        return bh_mode_tput(&o);
    if (!strcmp(mode, "capacity"))
        return bh_mode_capacity(&o);
    if (!strcmp(mode, "recovery"))
        return bh_mode_recovery(&o);
    fprintf(stderr, "bench-host: unknown mode %s (rtt, tput, capacity, recovery)\n", mode);
    return 2;
}
