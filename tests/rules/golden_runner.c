/* golden_runner — replays a golden scenario file through the rules engine
 * and checks the state hash wherever the file says `expect`.
 *
 *   golden_runner FILE...          check (exit 1 on any mismatch or error)
 *   golden_runner --update FILE... rewrite every `expect` line with the
 *                                  hash the engine produces now
 *
 * File format: one command per line, `#` starts a comment.
 *   scenario NAME | seed N | binding 0|1      (before the first game command)
 *   propose SEAT PARTY[,PARTY..] CLAUSE..     clause: consent:POWER:ACTION|any:FEE
 *                                             transfer:FROM:TO:RESOURCE:N
 *                                             pledge:SEAT:TAG:TURNS  accord:ID[:TURNS]
 *                                             joint:PROJECT:PARTNER:N
 *   respond SEAT DEAL_ID accept|reject
 *   end_diplomacy | resolve | end_game
 *   orders SEAT ACTION[:TARGET] ..            transfer: transfer:TO:RESOURCE:N
 *   crisis RESPONSE | inject EVENT
 *   random_until TURN                         seeded random play (playout.h)
 *   fail ERRNAME COMMAND...                   COMMAND must fail with GG_E<ERRNAME>
 *   expect HASH                               16 hex digits of gg_state_hash
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "playout.h"

#define MAX_LINE 512
#define MAX_LINES 2000
#define MAX_WORDS 16

typedef struct game {
    gg_state s;
    gg_pcg32 rng;
    int started;
    int scenario;
    uint64_t seed;
    gg_options opt;
} game;

static int split(char *line, char *w[MAX_WORDS], const char *sep)
{
    int n = 0;
    for (char *t = strtok(line, sep); t && n < MAX_WORDS; t = strtok(NULL, sep))
        w[n++] = t;
    return n;
}

static int resource_find(const char *name)
{
    for (int seat = 0; seat < GG_SEATS; seat++)
        for (int r = 0; r < GG_RES_KINDS; r++)
            if (strcmp(gg_res_name(seat, r), name) == 0)
                return r;
    return -1;
}

static int tag_find(const char *name)
{
    for (int t = 0; t < GG_TAGS; t++)
        if (strcmp(gg_tag_name(t), name) == 0)
            return 1 << t;
    return -1;
}

/* Parses one clause "kind:f1:f2:..". Returns 0 or -1. */
static int parse_clause(char *text, gg_clause *c)
{
    char *f[MAX_WORDS];
    int n = split(text, f, ":");
    memset(c, 0, sizeof *c);
    if (n >= 4 && strcmp(f[0], "consent") == 0) {
        c->kind = GG_CLAUSE_CONSENT;
        c->a = (uint8_t)gg_seat_find(f[1]);
        int act = strcmp(f[2], "any") == 0 ? GG_CONSENT_ANY : gg_action_find(f[2]);
        c->c = (uint8_t)act;
        c->amount = (uint8_t)atoi(f[3]);
        return act < 0 ? -1 : 0;
    }
    if (n >= 5 && strcmp(f[0], "transfer") == 0) {
        c->kind = GG_CLAUSE_TRANSFER;
        c->a = (uint8_t)gg_seat_find(f[1]);
        c->b = (uint8_t)gg_seat_find(f[2]);
        c->c = (uint8_t)resource_find(f[3]);
        c->amount = (uint8_t)atoi(f[4]);
        return 0;
    }
    if (n >= 4 && strcmp(f[0], "pledge") == 0) {
        c->kind = GG_CLAUSE_PLEDGE;
        c->a = (uint8_t)gg_seat_find(f[1]);
        c->c = (uint8_t)tag_find(f[2]);
        c->turns = (uint8_t)atoi(f[3]);
        return 0;
    }
    if (n >= 2 && strcmp(f[0], "accord") == 0) {
        c->kind = GG_CLAUSE_ACCORD;
        int a = gg_accord_find(f[1]);
        c->c = (uint8_t)a;
        c->turns = (uint8_t)(n >= 3 ? atoi(f[2]) : 0);
        return a < 0 ? -1 : 0;
    }
    if (n >= 4 && strcmp(f[0], "joint") == 0) {
        c->kind = GG_CLAUSE_JOINT;
        c->a = (uint8_t)gg_project_find(f[1]);
        c->b = (uint8_t)gg_seat_find(f[2]);
        c->amount = (uint8_t)atoi(f[3]);
        return 0;
    }
    return -1;
}

static int parse_order(char *text, gg_order *o)
{
    char *f[MAX_WORDS] = {0};
    int n = split(text, f, ":");
    if (n < 1)
        return -1;
    int a = gg_action_find(f[0]);
    if (a < 0)
        return -1;
    *o = (gg_order){(uint8_t)a, 0, 0};
    const gg_action_def *d = gg_action_def_get(a);
    if (n >= 2) {
        int t = d->target == GG_TGT_PROJECT ? gg_project_find(f[1]) : gg_seat_find(f[1]);
        if (t < 0)
            return -1;
        o->target = (uint8_t)t;
    }
    if (n >= 4)
        o->arg = gg_transfer_arg(resource_find(f[2]), atoi(f[3]));
    return 0;
}

/* Runs one game command. Returns the engine's result code, or 1 for a
 * line the runner cannot parse. */
static int run_command(game *g, char **w, int n)
{
    gg_state *s = &g->s;
    if (!g->started) {
        if (gg_init(s, g->scenario, g->seed, &g->opt) != 0)
            return 1;
        gg_pcg32_seed(&g->rng, g->seed, 1234);
        g->started = 1;
    }
    if (strcmp(w[0], "propose") == 0 && n >= 4) {
        char *p[MAX_WORDS];
        int np = split(w[2], p, ",");
        uint8_t parties = 0;
        for (int i = 0; i < np; i++)
            parties = (uint8_t)(parties | (1u << gg_seat_find(p[i])));
        gg_clause c[GG_MAX_CLAUSES];
        int nc = 0;
        for (int i = 3; i < n && nc < GG_MAX_CLAUSES; i++)
            if (parse_clause(w[i], &c[nc++]) != 0)
                return 1;
        uint16_t id;
        return gg_propose(s, gg_seat_find(w[1]), parties, c, nc, &id);
    }
    if (strcmp(w[0], "respond") == 0 && n == 4)
        return gg_respond(s, gg_seat_find(w[1]), (uint16_t)atoi(w[2]), strcmp(w[3], "accept") == 0);
    if (strcmp(w[0], "end_diplomacy") == 0)
        return gg_end_diplomacy(s);
    if (strcmp(w[0], "resolve") == 0)
        return gg_resolve(s);
    if (strcmp(w[0], "end_game") == 0)
        return gg_end_game(s);
    if (strcmp(w[0], "orders") == 0 && n >= 2) {
        gg_orders o = {0};
        for (int i = 2; i < n && o.count < GG_MAX_ORDERS + 1; i++)
            if (parse_order(w[i], &o.o[o.count++]) != 0)
                return 1;
        return gg_submit_orders(s, gg_seat_find(w[1]), &o);
    }
    if (strcmp(w[0], "crisis") == 0 && n == 2)
        return gg_crisis_react(s, gg_response_find(w[1]));
    if (strcmp(w[0], "inject") == 0 && n == 2)
        return gg_inject_event(s, gg_event_find(w[1]));
    if (strcmp(w[0], "random_until") == 0 && n == 2) {
        random_play(s, &g->rng, atoi(w[1]));
        return 0;
    }
    return 1;
}

static int run_file(const char *path, int update)
{
    FILE *f = fopen(path, "r");
    if (!f) {
        fprintf(stderr, "%s: cannot open: check the path\n", path);
        return 1;
    }
    static char lines[MAX_LINES][MAX_LINE];
    int nlines = 0, failures = 0, expects = 0;
    game g = {.scenario = 0, .seed = 1};
    while (nlines < MAX_LINES && fgets(lines[nlines], MAX_LINE, f))
        nlines++;
    fclose(f);
    for (int ln = 0; ln < nlines; ln++) {
        char buf[MAX_LINE];
        memcpy(buf, lines[ln], MAX_LINE);
        char *hash = strchr(buf, '#');
        if (hash)
            *hash = 0;
        char *w[MAX_WORDS];
        int n = split(buf, w, " \t\r\n");
        if (n == 0)
            continue;
        if (strcmp(w[0], "scenario") == 0 && n == 2 && !g.started) {
            g.scenario = gg_scenario_find(w[1]);
        } else if (strcmp(w[0], "seed") == 0 && n == 2 && !g.started) {
            g.seed = strtoull(w[1], NULL, 10);
        } else if (strcmp(w[0], "binding") == 0 && n == 2 && !g.started) {
            g.opt.binding = (uint8_t)atoi(w[1]);
        } else if (strcmp(w[0], "expect") == 0 && n == 2) {
            char now[32];
            snprintf(now, sizeof now, "%016" PRIx64, gg_state_hash(&g.s));
            expects++;
            if (update) {
                snprintf(lines[ln], MAX_LINE, "expect %s   # turn %d, %s\n", now, g.s.turn,
                         gg_phase_name(g.s.phase));
            } else if (strcmp(now, w[1]) != 0) {
                fprintf(stderr, "%s:%d: hash %s, expected %s (turn %d)\n", path, ln + 1, now, w[1],
                        g.s.turn);
                failures++;
            }
        } else if (strcmp(w[0], "fail") == 0 && n >= 3) {
            int err = run_command(&g, w + 2, n - 2);
            if (err == 0 || err == 1 || strcmp(gg_errname(err), w[1]) != 0) {
                fprintf(stderr, "%s:%d: expected %s, got %s\n", path, ln + 1, w[1],
                        err == 1 ? "unparsable line" : gg_errname(err));
                failures++;
            }
        } else {
            int err = run_command(&g, w, n);
            if (err != 0) {
                fprintf(stderr, "%s:%d: %s: %s\n", path, ln + 1, w[0],
                        err == 1 ? "cannot parse this line" : gg_strerror(err));
                failures++;
            }
        }
    }
    if (update) {
        f = fopen(path, "w");
        if (!f)
            return 1;
        for (int ln = 0; ln < nlines; ln++)
            fputs(lines[ln], f);
        fclose(f);
    }
    printf("%s %s (%d expects)\n", failures ? "FAIL" : "ok  ", path, expects);
    return failures || (expects == 0 && !update) ? 1 : 0;
}

int main(int argc, char **argv)
{
    int update = 0, rc = 0, files = 0;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
            printf("usage: golden_runner [--update] FILE...\n"
                   "Replays each golden scenario file (tests/rules/golden/*.golden) through the\n"
                   "rules engine and checks the state hash at every `expect` line; --update\n"
                   "rewrites those lines with today's hashes (cmake --build --preset release\n"
                   "--target golden-update does it for every file). The format is at the top\n"
                   "of tests/rules/golden_runner.c.\n");
            return 0;
        }
        if (strcmp(argv[i], "--update") == 0) {
            update = 1;
            continue;
        }
        rc |= run_file(argv[i], update);
        files++;
    }
    if (!files) {
        fprintf(stderr, "usage: golden_runner [--update] FILE...\n");
        return 2;
    }
    return rc;
}
