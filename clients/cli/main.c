/* clients/cli/main.c — gg-client: create games and play or moderate them
 * from a terminal (line-oriented; works in 80x24, colour only on a tty
 * without NO_COLOR), or from a script with --no-tty. */
#include <errno.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"
#include "client_opts.h"
#include "describe.h"
#include "gg/util.h"

#define PROG "gg-client"
#define DEFAULT_SCENARIO "classroom"
#define DEFAULT_TIMEOUT 5000

enum {
    OPT_SERVER = 256,
    OPT_CODE,
    OPT_SCENARIO,
    OPT_BINDING,
    OPT_DEADLINES,
    OPT_MISSED,
    OPT_TEAMS,
    OPT_HIDE,
    OPT_TURNS,
    OPT_SEED,
    OPT_BOTS,
    OPT_JSON,
    OPT_NO_TTY,
    OPT_TCP,
    OPT_TIMEOUT,
    OPT_KEY,
};

static const gg_opt options[] = {
    {"scenario", OPT_SCENARIO, "NAME", "create: the scenario (default " DEFAULT_SCENARIO ")"},
    {"binding", OPT_BINDING, NULL,
     "create: binding deals (the engine enforces transfers and pledges)"},
    {"deadlines", OPT_DEADLINES, "D,O,C",
     "create: phase deadlines in seconds: diplomacy, orders, crisis\n"
     "(0 = none, the default: a phase then ends when every seat is ready)"},
    {"missed", OPT_MISSED, "POLICY",
     "create: hold, repeat or bot: what happens to a seat that misses\na deadline (default hold)"},
    {"teams", OPT_TEAMS, NULL, "create: several clients may share a seat"},
    {"hide", OPT_HIDE, NULL, "create: hide other seats' resources"},
    {"turns", OPT_TURNS, "N", "create: shorter game (default: the scenario's length)"},
    {"seed", OPT_SEED, "S", "create: game seed (default: the server picks)"},
    {"key", OPT_KEY, "KEY",
     "create: the creator key of a server started with --create-key\n(also read from "
     "$GG_CREATE_KEY)"},
    {"bots", OPT_BOTS, "SEAT=STRATEGY,...",
     "create: seats played by server bots, e.g. china=greedy,west=negotiator"},
    {"json", OPT_JSON, NULL,
     "create: print {game_id, moderator_code, observer_code, seat_codes{}}"},
    {"code", OPT_CODE, "CODE", "join: a seat, observer or moderator code"},
    {"no-tty", OPT_NO_TTY, NULL, "join: read commands from stdin as a script; plain text output"},
    GG_CLIENT_OPT_SERVER(OPT_SERVER),
    GG_CLIENT_OPT_TCP(OPT_TCP),
    {"timeout", OPT_TIMEOUT, "MS", "connect / reply timeout (default " GG_STR(DEFAULT_TIMEOUT) ")"},
    {"help", 'h', NULL, "this text"},
    {NULL, 0, NULL, NULL},
};

static void usage(FILE *f)
{
    fputs("usage: gg-client create --server HOST:PORT [--scenario NAME] [game options] [--json]\n"
          "       gg-client join --server HOST:PORT --code CODE [--no-tty]\n"
          "\n"
          "create: makes a game and prints its seat, observer and moderator codes.\n"
          "join: plays (seat code), watches (observer code) or runs (moderator code) a game.\n"
          "  Type `help` inside for the commands. Reconnects by itself after a network drop.\n"
          "\n",
          f);
    gg_opt_help(f, options);
    char scenarios[256];
    fprintf(f, "\nscenarios: %s", gg_describe_scenarios(scenarios, sizeof scenarios));
    fputs("\n\nExit status: 0 fine; 1 connection, server or script failure; 2 bad arguments.\n", f);
}

int64_t cli_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

const char *cli_col(const cli *c, const char *what)
{
    static const struct {
        const char *k, *v;
    } t[] = {{"b", "\033[1m"},           {"h", "\033[1;36m"},       {"ok", "\033[32m"},
             {"err", "\033[1;31m"},      {"dim", "\033[2m"},        {"reset", "\033[0m"},
             {"china", "\033[31m"},      {"russia", "\033[34m"},    {"west", "\033[33m"},
             {"kazakhstan", "\033[36m"}, {"moderator", "\033[35m"}, {"observer", "\033[2m"}};
    if (!c->color)
        return "";
    for (size_t i = 0; i < sizeof t / sizeof t[0]; i++)
        if (!strcmp(t[i].k, what))
            return t[i].v;
    return "";
}

static int bad(const char *what, const char *arg)
{
    return gg_opt_bad(PROG, NULL, what, arg);
}

typedef struct opts {
    const char *server, *code, *scenario, *deadlines, *missed, *bots, *seed, *key;
    int tcp, json, no_tty, binding, teams, hide, turns, timeout;
} opts;

/* Fills *o from the options after the command word. Returns 0, 2 for bad
 * arguments (said on stderr) or -1 after --help. */
static int parse(int argc, char **argv, opts *o)
{
    memset(o, 0, sizeof *o);
    o->scenario = DEFAULT_SCENARIO;
    o->timeout = DEFAULT_TIMEOUT;
    gg_opt_parser p;
    if (gg_opt_init(&p, options, PROG, argc, argv, 2) != 0)
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
        case OPT_JSON:
            o->json = 1;
            break;
        case OPT_NO_TTY:
            o->no_tty = 1;
            break;
        case OPT_BINDING:
            o->binding = 1;
            break;
        case OPT_TEAMS:
            o->teams = 1;
            break;
        case OPT_HIDE:
            o->hide = 1;
            break;
        case OPT_SERVER:
            o->server = v;
            break;
        case OPT_CODE:
            o->code = v;
            break;
        case OPT_SCENARIO:
            o->scenario = v;
            break;
        case OPT_DEADLINES:
            o->deadlines = v;
            break;
        case OPT_MISSED:
            o->missed = v;
            break;
        case OPT_BOTS:
            o->bots = v;
            break;
        case OPT_SEED:
            o->seed = v;
            break;
        case OPT_KEY:
            o->key = v;
            break;
        case OPT_TURNS:
            if (gg_parse_int(v, 0, 255, &o->turns))
                return gg_opt_bad(PROG, "turns", "needs a number 0..255", v);
            break;
        case OPT_TIMEOUT:
            if (gg_parse_int(v, 0, 600000, &o->timeout))
                return gg_opt_bad(PROG, "timeout", "needs milliseconds 0..600000", v);
            break;
        default:
            return 2;
        }
    }
    if (rest < argc)
        return bad("unexpected argument", argv[rest]);
    return gg_client_check_server(PROG, o->server);
}

static int open_session(gg_session *s, const opts *o)
{
    return gg_client_session_open(s, PROG, o->server, o->tcp, "gg-client 0.1", o->timeout) ? 1 : 0;
}

/* ---- create ------------------------------------------------------------ */

static int build_create(const opts *o, gg_msg *m)
{
    gg_msg_create_game *g = &m->u.create_game;
    gg_msg_init(m, GG_MSG_create_game);
    if (gg_scenario_find(o->scenario) < 0)
        return bad("unknown scenario (listed by --help)", o->scenario);
    snprintf(g->scenario, sizeof g->scenario, "%s", o->scenario);
    g->binding = (uint8_t)o->binding;
    g->teams = (uint8_t)o->teams;
    g->hide_resources = (uint8_t)o->hide;
    g->turns = (uint32_t)o->turns;
    if (o->deadlines) {
        unsigned d[3];
        char extra;
        if (sscanf(o->deadlines, "%u,%u,%u%c", &d[0], &d[1], &d[2], &extra) != 3 ||
            d[0] > GG_MAX_DEADLINE || d[1] > GG_MAX_DEADLINE || d[2] > GG_MAX_DEADLINE)
            return bad("--deadlines needs D,O,C seconds, e.g. 300,120,60", o->deadlines);
        g->dl_diplomacy = d[0];
        g->dl_orders = d[1];
        g->dl_crisis = d[2];
    }
    if (o->missed) {
        int found = 0;
        for (int k = 0; k < GG_MISSES; k++)
            if (!strcmp(o->missed, gg_missed_name(k))) {
                g->missed = (uint8_t)k;
                found = 1;
            }
        if (!found)
            return bad("--missed is hold, repeat or bot", o->missed);
    }
    const char *key = o->key ? o->key : getenv("GG_CREATE_KEY");
    if (key && strlen(key) > GG_MAX_CREATE_KEY)
        return bad("--key is longer than the protocol allows (" GG_STR(GG_MAX_CREATE_KEY) " bytes)",
                   key);
    if (key)
        snprintf(g->create_key, sizeof g->create_key, "%s", key);
    if (o->seed) {
        if (gg_parse_u64(o->seed, &g->seed))
            return bad("--seed needs an unsigned number", o->seed);
    }
    if (o->bots) {
        char list[512];
        snprintf(list, sizeof list, "%s", o->bots);
        for (char *t = strtok(list, ","); t; t = strtok(NULL, ",")) {
            char *eq = strchr(t, '=');
            const char *strategy = eq ? eq + 1 : "greedy";
            if (eq)
                *eq = 0;
            int seat = gg_seat_find(t);
            gg_bot probe;
            if (seat < 0 || gg_bot_init(&probe, strategy, seat, 1) != 0)
                return bad("--bots needs SEAT=STRATEGY,... (random, greedy, mcts, negotiator)",
                           o->bots);
            snprintf(g->bots.v[seat], sizeof g->bots.v[seat], "%s", strategy);
        }
    }
    return 0;
}

static int cmd_create(const opts *o)
{
    gg_msg req, rep;
    int rc = build_create(o, &req);
    if (rc)
        return rc;
    gg_session s;
    if (open_session(&s, o)) {
        gg_session_close(&s);
        return 1;
    }
    int err = gg_session_request(&s, &req, &rep, o->timeout);
    if (err) {
        fprintf(stderr, "gg-client: create_game failed: %s\n", s.err);
        gg_session_close(&s);
        return 1;
    }
    const gg_msg_game_created *g = &rep.u.game_created;
    if (o->json) {
        printf("{\"game_id\":\"%s\",\"scenario\":\"%s\",\"moderator_code\":\"%s\","
               "\"observer_code\":\"%s\",\"seat_codes\":{",
               g->game, o->scenario, g->moderator_code, g->observer_code);
        for (int seat = 0; seat < GG_SEATS; seat++)
            printf("%s\"%s\":\"%s\"", seat ? "," : "", gg_seat_name(seat), g->codes.v[seat]);
        printf("},\"bots\":{");
        for (int seat = 0, k = 0; seat < GG_SEATS; seat++)
            if (req.u.create_game.bots.v[seat][0])
                printf("%s\"%s\":\"%s\"", k++ ? "," : "", gg_seat_name(seat),
                       req.u.create_game.bots.v[seat]);
        printf("}}\n");
    } else {
        printf("game %s (%s) created on %s\n", g->game, o->scenario, o->server);
        for (int seat = 0; seat < GG_SEATS; seat++)
            printf("  %-11s %s%s%s\n", gg_seat_name(seat), g->codes.v[seat],
                   req.u.create_game.bots.v[seat][0] ? "   (server bot: " : "",
                   req.u.create_game.bots.v[seat][0] ? req.u.create_game.bots.v[seat] : "");
        printf("  %-11s %s\n  %-11s %s\n", "observer", g->observer_code, "moderator",
               g->moderator_code);
        printf("join with: gg-client join --server %s --code CODE\n", o->server);
    }
    fflush(stdout);
    gg_session_close(&s);
    return 0;
}

/* ---- join: the interactive loop ----------------------------------------- */

/* Input lines from stdin, read with read() so poll() sees everything. */
typedef struct input {
    char buf[8192];
    size_t len;
    int eof;
} input;

static char *next_line(input *in)
{
    char *nl = memchr(in->buf, '\n', in->len);
    if (!nl && in->eof && in->len) {
        if (in->len == sizeof in->buf)
            in->len--;
        in->buf[in->len] = '\n';
        nl = in->buf + in->len++;
    }
    if (!nl)
        return NULL;
    static char line[sizeof((input *)0)->buf];
    size_t n = (size_t)(nl - in->buf);
    memcpy(line, in->buf, n);
    line[n] = 0;
    memmove(in->buf, nl + 1, in->len - n - 1);
    in->len -= n + 1;
    return line;
}

/* Whether a deal this seat proposed still awaits an answer. */
static int open_proposal(const cli *c)
{
    for (int i = 0; i < GG_MAX_DEALS; i++)
        if (c->view.deals[i].status == GG_DEAL_OPEN && c->view.deals[i].proposer == c->s.who)
            return 1;
    return 0;
}

static int wait_done(cli *c)
{
    int64_t now = cli_now();
    int done = 0;
    switch (c->waiting) {
    case 1:
        done = (c->have_view && (int)c->view.phase == c->wait_phase) ||
               (c->wait_phase == GG_PHASE_OVER && c->over);
        break;
    case 2:
        done = now >= c->wait_until;
        break;
    case 3:
        done = c->outstanding == 0 && c->orders_pending == 0 && !c->export_f;
        break;
    case 5:
        done = c->have_view;
        break;
    case 6: /* wait answers: our proposals acknowledged, none of them still open */
        done = c->outstanding == 0 && !open_proposal(c);
        break;
    default:
        done = 1;
    }
    if (!done && now >= c->wait_until && c->waiting != 2) {
        fprintf(c->out, "error: timed out waiting (%s)\n",
                c->waiting == 3   ? "sync"
                : c->waiting == 5 ? "the first state"
                : c->waiting == 6 ? "answers"
                                  : "wait");
        c->failed = 1;
        done = 1;
    }
    if (done)
        c->waiting = 0;
    return done;
}

static void prompt(cli *c)
{
    if (c->tty) {
        fprintf(c->out, "%s%s>%s ", cli_col(c, gg_who_name(c->s.who)), gg_who_name(c->s.who),
                cli_col(c, "reset"));
        fflush(c->out);
    }
}

static int cmd_join(const opts *o)
{
    cli *c = calloc(1, sizeof *c);
    gg_msg *m = malloc(sizeof *m);
    input *in = calloc(1, sizeof *in);
    if (!c || !m || !in)
        return 1;
    c->out = stdout;
    c->tty = !o->no_tty && isatty(0) && isatty(1);
    const char *term = getenv("TERM");
    c->color = c->tty && !getenv("NO_COLOR") && !(term && !strcmp(term, "dumb"));
    c->shown_turn = c->shown_phase = -1;
    int rc = 0;
    if (open_session(&c->s, o)) {
        rc = 1;
        goto out;
    }
    c->s.log = stderr;
    int err = gg_session_join(&c->s, o->code, o->timeout);
    if (err) {
        fprintf(stderr, "gg-client: cannot join with code %s: %s\n", o->code, c->s.err);
        rc = 1;
        goto out;
    }
    c->seen_reconnects = c->s.reconnects;
    fprintf(c->out, "joined game %s as %s (%s) over %s; type help for commands\n", c->s.game,
            gg_who_name(c->s.who), gg_role_name(c->s.role), c->s.tcp ? "tcp" : "enet");
    /* Commands run against the board: the first one waits for the state that
     * follows the join (a script's `legal` would otherwise race it). */
    c->waiting = 5;
    c->wait_until = cli_now() + o->timeout;
    prompt(c);
    /* Commands wait for the first state (it follows `joined`, possibly in a
     * later packet), or for about 5 s of polling if none comes. */
    int state_wait = 250;
    while (!c->quit) {
        struct pollfd fds[2];
        int nf = 0, sfd = gg_session_fd(&c->s);
        int want_input = !in->eof && !c->waiting;
        if (want_input)
            fds[nf++] = (struct pollfd){0, POLLIN, 0};
        if (sfd >= 0)
            fds[nf++] = (struct pollfd){sfd, POLLIN, 0};
        int busy = gg_session_pending(&c->s) || (!c->waiting && (c->have_view || state_wait <= 0) &&
                                                 memchr(in->buf, '\n', in->len));
        poll(fds, (nfds_t)nf, busy ? 0 : 20);
        if (want_input && (fds[0].revents & (POLLIN | POLLHUP))) {
            ssize_t r = read(0, in->buf + in->len, sizeof in->buf - in->len);
            if (r > 0)
                in->len += (size_t)r;
            else if (r == 0 || (errno != EINTR && errno != EAGAIN))
                in->eof = 1;
            if (in->len == sizeof in->buf && !memchr(in->buf, '\n', in->len))
                in->len = 0; /* an absurdly long line: drop it */
        }
        for (;;) {
            int r = gg_session_recv(&c->s, m, 0);
            if (r < 0) {
                fprintf(stderr, "gg-client: %s\n", c->s.err);
                rc = 1;
                goto out;
            }
            if (r == 0)
                break;
            cli_on_message(c, m);
            if (c->tty && m->type != GG_MSG_state)
                prompt(c);
        }
        if (c->waiting && !wait_done(c))
            continue;
        if (!c->have_view && state_wait-- > 0)
            continue;
        char *line;
        while (!c->waiting && !c->quit && (line = next_line(in)) != NULL) {
            if (!c->tty && *line)
                fprintf(c->out, "> %s\n", line);
            cli_command(c, line);
            if (!c->waiting)
                prompt(c);
        }
        if (in->eof && !in->len && !c->waiting) {
            /* End of a script: let the answers to what it sent arrive. */
            c->waiting = 3;
            c->wait_until = cli_now() + 5000;
            while (c->waiting && !wait_done(c)) {
                if (gg_session_recv(&c->s, m, 20) == 1)
                    cli_on_message(c, m);
            }
            break;
        }
    }
    if (c->failed)
        rc = 1;
out:
    if (c->export_f)
        fclose(c->export_f);
    gg_session_close(&c->s);
    free(c);
    free(m);
    free(in);
    return rc;
}

int main(int argc, char **argv)
{
    if (argc < 2 || !strcmp(argv[1], "-h") || !strcmp(argv[1], "--help")) {
        usage(argc < 2 ? stderr : stdout);
        return argc < 2 ? 2 : 0;
    }
    opts o;
    if (strcmp(argv[1], "create") && strcmp(argv[1], "join"))
        return bad("the first word is create or join", argv[1]);
    int rc = parse(argc, argv, &o);
    if (rc)
        return rc < 0 ? 0 : rc;
    if (!strcmp(argv[1], "create"))
        return cmd_create(&o);
    if (!o.code)
        return bad("join needs --code CODE", NULL);
    return cmd_join(&o);
}
