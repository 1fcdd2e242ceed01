/* clients/bot/main.c — gg-bot: plays a seat of a gg-server game with a
 * reference bot, bridges it to a program (--exec), or plays whole games
 * with four bots for soak and load runs (--games N). */
#include <inttypes.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "bridge.h"
#include "client_opts.h"
#include "describe.h"
#include "gg/util.h"
#include "player.h"

#define PROG "gg-bot"
#define DEFAULT_STRATEGY "greedy"
#define DEFAULT_SCENARIO "classroom"
#define DEFAULT_EXEC_TIMEOUT 10
#define DEFAULT_CONNECT_TIMEOUT 5000
#define DEFAULT_SETTLE_MS 50

enum {
    OPT_SERVER = 256,
    OPT_CODE,
    OPT_STRATEGY,
    OPT_TCP,
    OPT_SEED,
    OPT_EXEC,
    OPT_EXEC_TIMEOUT,
    OPT_GAMES,
    OPT_SCENARIO,
    OPT_TURNS,
    OPT_SETTLE,
    OPT_CONNECT_TIMEOUT,
    OPT_DROP_AFTER,
    OPT_VERBOSE,
};

static const gg_opt options[] = {
    GG_CLIENT_OPT_SERVER(OPT_SERVER),
    {"code", OPT_CODE, "CODE", "a seat's join code (from gg-client create or the moderator)"},
    {"strategy", OPT_STRATEGY, "S",
     "random, greedy (default), greedy:plain, mcts[:K:R] or negotiator[:mcts[:K:R]]"},
    GG_CLIENT_OPT_TCP(OPT_TCP),
    {"seed", OPT_SEED, "N", "seed of the bot's own random stream (default: from the game id)"},
    {"exec", OPT_EXEC, "PROGRAM",
     "run PROGRAM (via /bin/sh -c) as the bot: it gets every server\n"
     "message as a JSON line on stdin plus a \"your_turn\" prompt, and\n"
     "writes client messages as JSON lines (PROTOCOL.md, \"gg-bot --exec:\n"
     "the JSON-lines bot bridge\")"},
    {"exec-timeout", OPT_EXEC_TIMEOUT, "SECS",
     "time the program has per decision (default " GG_STR(
         DEFAULT_EXEC_TIMEOUT) "); a slow or dead\n"
                               "program is reported on stderr and the seat gets the game's\n"
                               "missed-turn policy"},
    {"games", OPT_GAMES, "N",
     "create N games one after another (no deadlines), play all four\n"
     "seats with bots from this process, print a summary JSON"},
    {"scenario", OPT_SCENARIO, "NAME", "scenario for --games (default " DEFAULT_SCENARIO ")"},
    {"turns", OPT_TURNS, "N", "game length for --games (default: the scenario's)"},
    {"settle-ms", OPT_SETTLE, "MS",
     "diplomacy: wait until no deal changed for MS before `ready`, so\n"
     "proposals made at the start of the phase get answered (default\n" GG_STR(
         DEFAULT_SETTLE_MS) "; 0 = ready at once, fastest for load runs)"},
    {"connect-timeout", OPT_CONNECT_TIMEOUT, "MS",
     "time to connect and to wait for each reply (default " GG_STR(DEFAULT_CONNECT_TIMEOUT) ")"},
    {"drop-after", OPT_DROP_AFTER, "N",
     "testing: drop the connection after N messages, then resume"},
    {"verbose", OPT_VERBOSE, NULL, "log every move on stderr"},
    {"help", 'h', NULL, "this text"},
    {NULL, 0, NULL, NULL},
};

static void usage(FILE *f)
{
    fputs("usage: gg-bot --server HOST:PORT --code CODE [--strategy S] [options]\n"
          "       gg-bot --server HOST:PORT --code CODE --exec PROGRAM [--exec-timeout SECS]\n"
          "       gg-bot --server HOST:PORT --games N [--scenario NAME] [--strategy S] [options]\n"
          "\n"
          "Plays one seat of a game on gg-server until it ends and prints the result as one JSON\n"
          "object on stdout (game, seat, winner, reason, decided_by, rank, vp, relative, hash).\n"
          "\n",
          f);
    gg_opt_help(f, options);
    char scenarios[256];
    fprintf(f, "\nscenarios: %s", gg_describe_scenarios(scenarios, sizeof scenarios));
    fputs("\n\nExit status: 0 the game ended; 1 connection or server failure; 2 bad arguments.\n",
          f);
}

typedef struct opts {
    const char *server, *code, *strategy, *exec, *scenario;
    int tcp, exec_timeout, games, turns, connect_timeout, drop_after, verbose, settle_ms;
    uint64_t seed;
} opts;

static int bad(const char *what, const char *arg)
{
    return gg_opt_bad(PROG, NULL, what, arg);
}

/* Fills *o from the command line. Returns 0, 2 for bad arguments (said on
 * stderr) or -1 after --help. */
static int parse_args(int argc, char **argv, opts *o)
{
    memset(o, 0, sizeof *o);
    o->strategy = DEFAULT_STRATEGY;
    o->scenario = DEFAULT_SCENARIO;
    o->exec_timeout = DEFAULT_EXEC_TIMEOUT;
    o->connect_timeout = DEFAULT_CONNECT_TIMEOUT;
    o->settle_ms = DEFAULT_SETTLE_MS;
    gg_opt_parser p;
    if (gg_opt_init(&p, options, PROG, argc, argv, 1) != 0)
        return 2;
    const char *v;
    int key, rest = argc;
    while ((key = gg_opt_next(&p, &v, &rest)) != -1) {
        switch (key) {
        case 'h':
            usage(stdout);
            return -1;
        case OPT_TCP:
            o->tcp = 1;
            break;
        case OPT_VERBOSE:
            o->verbose = 1;
            break;
        case OPT_SERVER:
            o->server = v;
            break;
        case OPT_CODE:
            o->code = v;
            break;
        case OPT_STRATEGY:
            o->strategy = v;
            break;
        case OPT_EXEC:
            o->exec = v;
            break;
        case OPT_SCENARIO:
            o->scenario = v;
            break;
        case OPT_EXEC_TIMEOUT:
            if (gg_parse_int(v, 1, 86400, &o->exec_timeout))
                return gg_opt_bad(PROG, "exec-timeout", "needs seconds 1..86400", v);
            break;
        case OPT_GAMES:
            if (gg_parse_int(v, 1, 1000000, &o->games))
                return gg_opt_bad(PROG, "games", "needs a count 1..1000000", v);
            break;
        case OPT_TURNS:
            if (gg_parse_int(v, 0, 255, &o->turns))
                return gg_opt_bad(PROG, "turns", "needs 0..255", v);
            break;
        case OPT_CONNECT_TIMEOUT:
            if (gg_parse_int(v, 1, 600000, &o->connect_timeout))
                return gg_opt_bad(PROG, "connect-timeout", "needs milliseconds 1..600000", v);
            break;
        case OPT_SETTLE:
            if (gg_parse_int(v, 0, 60000, &o->settle_ms))
                return gg_opt_bad(PROG, "settle-ms", "needs milliseconds 0..60000", v);
            break;
        case OPT_DROP_AFTER:
            if (gg_parse_int(v, 1, 1000000, &o->drop_after))
                return gg_opt_bad(PROG, "drop-after", "needs a count 1..1000000", v);
            break;
        case OPT_SEED:
            if (gg_parse_u64(v, &o->seed))
                return gg_opt_bad(PROG, "seed", "needs an unsigned number", v);
            break;
        default:
            return 2;
        }
    }
    if (rest < argc)
        return bad("unexpected argument", argv[rest]);
    if (gg_client_check_server(PROG, o->server) != 0)
        return 2;
    if (o->games && (o->code || o->exec))
        return bad("--games creates its own games: drop --code and --exec", NULL);
    if (!o->games && !o->code)
        return bad("--code CODE is required (or --games N)", NULL);
    gg_bot probe;
    if (!o->exec && gg_bot_init(&probe, o->strategy, 0, 1) != 0)
        return bad("unknown strategy (random, greedy, mcts or mcts:K:R)", o->strategy);
    if (gg_scenario_find(o->scenario) < 0)
        return bad("unknown scenario (listed by --help)", o->scenario);
    return 0;
}

static double seconds_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Plays until every player's game is over, polling them from one thread.
 * Returns 0 or the first connection error. */
static int run_players(gg_player *ps, int n)
{
    for (;;) {
        struct pollfd fds[GG_SEATS];
        int nf = 0, pending = 0, live = 0;
        for (int i = 0; i < n; i++) {
            if (ps[i].over)
                continue;
            live++;
            pending |= gg_session_pending(&ps[i].s);
            if (gg_session_fd(&ps[i].s) >= 0 && nf < GG_SEATS)
                fds[nf++] = (struct pollfd){gg_session_fd(&ps[i].s), POLLIN, 0};
        }
        if (!live)
            return 0;
        poll(fds, (nfds_t)nf, pending ? 0 : 10);
        for (int i = 0; i < n; i++) {
            if (ps[i].over)
                continue;
            int rc = gg_player_pump(&ps[i], 0);
            if (rc < 0) {
                fprintf(stderr, "gg-bot: seat %s: %s\n", gg_who_name(ps[i].s.who), ps[i].s.err);
                return rc;
            }
        }
    }
}

static int play_one(const opts *o)
{
    gg_player *p = calloc(1, sizeof *p);
    if (!p)
        return 1;
    int rc = 1;
    int err =
        gg_player_init(p, o->server, o->tcp, o->exec ? "greedy" : o->strategy, o->seed, stderr);
    p->verbose = o->verbose;
    p->settle_ms = o->settle_ms;
    p->drop_after = o->drop_after;
    if (!err)
        err = gg_player_join(p, o->code, o->connect_timeout);
    if (o->exec)
        snprintf(p->strategy, sizeof p->strategy, "exec");
    if (err) {
        if (err == GG_EBAD_CODE)
            fprintf(stderr, "gg-bot: the server does not know code %s (%s); check the code\n",
                    o->code, p->s.err);
        else
            fprintf(stderr, "gg-bot: %s\n", p->s.err[0] ? p->s.err : gg_strerror(err));
        gg_player_close(p);
        free(p);
        return 1;
    }
    if (o->verbose)
        fprintf(stderr, "gg-bot: joined game %s as %s over %s\n", p->s.game, gg_who_name(p->s.who),
                p->s.tcp ? "tcp" : "enet");
    if (o->exec)
        err = gg_bridge_run(p, o->exec, o->exec_timeout);
    else
        err = run_players(p, 1);
    if (p->over) {
        gg_player_result_json(p, stdout);
        fputc('\n', stdout);
        fflush(stdout);
        rc = 0;
    } else {
        fprintf(stderr, "gg-bot: the game did not finish: %s\n",
                p->s.err[0] ? p->s.err : gg_strerror(err));
    }
    gg_player_close(p);
    free(p);
    return rc;
}

/* --games: create, fill with four bots, play; repeat. */
static int play_games(const opts *o)
{
    gg_session admin;
    int err = gg_client_session_open(&admin, PROG, o->server, o->tcp, "gg-bot 0.1 (games)",
                                     o->connect_timeout);
    if (err) {
        gg_session_close(&admin);
        return 1;
    }
    gg_player *ps = calloc(GG_SEATS, sizeof *ps);
    unsigned wins[GG_SEATS] = {0}, errors = 0, moves = 0;
    int done = 0, rc = 0;
    double t0 = seconds_now();
    for (int g = 0; ps && g < o->games && rc == 0; g++) {
        gg_msg req, rep;
        gg_msg_init(&req, GG_MSG_create_game);
        snprintf(req.u.create_game.scenario, sizeof req.u.create_game.scenario, "%s", o->scenario);
        req.u.create_game.turns = (uint32_t)o->turns;
        req.u.create_game.seed = o->seed ? o->seed + (uint64_t)g : 0;
        err = gg_session_request(&admin, &req, &rep, o->connect_timeout);
        if (err) {
            fprintf(stderr, "gg-bot: create_game failed: %s\n", admin.err);
            rc = 1;
            break;
        }
        for (int seat = 0; seat < GG_SEATS && rc == 0; seat++) {
            gg_player *p = &ps[seat];
            err = gg_player_init(p, o->server, o->tcp, o->strategy, o->seed, stderr);
            p->verbose = o->verbose;
            p->settle_ms = o->settle_ms;
            if (!err)
                err = gg_player_join(p, rep.u.game_created.codes.v[seat], o->connect_timeout);
            if (err) {
                fprintf(stderr, "gg-bot: seat %s cannot join: %s\n", gg_seat_name(seat), p->s.err);
                rc = 1;
            }
        }
        if (rc == 0 && run_players(ps, GG_SEATS) != 0)
            rc = 1;
        if (rc == 0) {
            wins[ps[0].result.winner % GG_SEATS]++;
            done++;
        }
        for (int seat = 0; seat < GG_SEATS; seat++) {
            errors += ps[seat].errors;
            moves += ps[seat].moves;
            gg_player_close(&ps[seat]);
        }
    }
    double secs = seconds_now() - t0;
    printf("{\"games\":%d,\"scenario\":\"%s\",\"strategy\":\"%s\",\"transport\":\"%s\","
           "\"wins\":{",
           done, o->scenario, o->strategy, admin.tcp ? "tcp" : "enet");
    for (int seat = 0; seat < GG_SEATS; seat++)
        printf("%s\"%s\":%u", seat ? "," : "", gg_seat_name(seat), wins[seat]);
    printf("},\"moves\":%u,\"errors\":%u,\"seconds\":%.3f,\"games_per_sec\":%.3f}\n", moves, errors,
           secs, secs > 0 ? done / secs : 0.0);
    fflush(stdout);
    free(ps);
    gg_session_close(&admin);
    return rc;
}

int main(int argc, char **argv)
{
    opts o;
    int rc = parse_args(argc, argv, &o);
    if (rc)
        return rc < 0 ? 0 : rc;
    return o.games ? play_games(&o) : play_one(&o);
}
