#define _POSIX_C_SOURCE 200809L
/* bench-rules — rules engine speed on one core (BENCHMARKS.md):
 *   complete games per second with random legal players, per scenario;
 *   sizeof(gg_state) and the cost of copying it;
 *   legal-action enumeration, order validation, turn resolution and state
 *   hash in ns.
 * Usage: bench-rules [--games N] (default 20000 per scenario). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "gg/rules.h"

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

/* Random legal player (as in the tests): up to 3 orders per seat. */
static void random_orders(const gg_state *s, int seat, gg_pcg32 *rng, gg_orders *out)
{
    gg_legal legal[GG_MAX_LEGAL];
    int n = gg_legal_actions(s, seat, legal, GG_MAX_LEGAL);
    out->count = 0;
    for (int tries = 0; tries < 6 && n > 0 && out->count < 3; tries++) {
        const gg_legal *l = &legal[gg_pcg32_below(rng, (uint32_t)n)];
        if (l->target == 0xff)
            continue;
        out->o[out->count++] = (gg_order){l->action, l->target, 0};
        if (gg_validate_orders(s, seat, out, NULL) != 0)
            out->count--;
    }
}

static uint64_t play(int scenario, uint64_t seed)
{
    gg_state s;
    gg_pcg32 rng;
    gg_pcg32_seed(&rng, seed, 7);
    gg_init(&s, scenario, seed, NULL);
    while (s.phase != GG_PHASE_OVER) {
        if (s.phase == GG_PHASE_DIPLOMACY) {
            gg_end_diplomacy(&s);
        } else if (s.phase == GG_PHASE_ORDERS) {
            for (int seat = 0; seat < GG_SEATS; seat++) {
                gg_orders o;
                random_orders(&s, seat, &rng, &o);
                gg_submit_orders(&s, seat, &o);
            }
            gg_resolve(&s);
        } else {
            gg_crisis_react(&s, GG_RSP_ALONE);
        }
    }
    return gg_state_hash(&s);
}

int main(int argc, char **argv)
{
    int games = 20000;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--games") == 0 && i + 1 < argc)
            games = atoi(argv[++i]);
        else {
            fprintf(stderr, "usage: bench-rules [--games N]\n");
            return strcmp(argv[i], "--help") == 0 ? 0 : 2;
        }
    }
    printf("%-28s %14s\n", "measure", "value");
    printf("%-28s %14zu\n", "sizeof(gg_state) bytes", sizeof(gg_state));

    uint64_t digest = 0;
    for (int sc = 0; sc < gg_scenario_count(); sc++) {
        double t0 = now_s();
        for (int g = 0; g < games; g++)
            digest ^= play(sc, (uint64_t)g);
        double dt = now_s() - t0;
        char label[64];
        snprintf(label, sizeof label, "%s games/s", gg_scenario_def_get(sc)->id);
        printf("%-28s %14.0f\n", label, games / dt);
    }

    gg_state s, copy;
    gg_init(&s, 0, 1, NULL);
    gg_end_diplomacy(&s);
    const int reps = 2000000;
    volatile uint8_t sink = 0;
    double t0 = now_s();
    for (int i = 0; i < reps; i++) {
        s.turn = (uint8_t)(1 + (i & 3));
        memcpy(&copy, &s, sizeof s);
        sink = (uint8_t)(sink + copy.turn);
    }
    printf("%-28s %14.1f\n", "state copy ns", (now_s() - t0) * 1e9 / reps);

    gg_legal legal[GG_MAX_LEGAL];
    int total = 0;
    t0 = now_s();
    for (int i = 0; i < reps / 4; i++)
        total += gg_legal_actions(&s, i & 3, legal, GG_MAX_LEGAL);
    printf("%-28s %14.1f\n", "legal actions ns/seat", (now_s() - t0) * 1e9 / (reps / 4));

    gg_orders o = {2, {{GG_ACT_CN_ELITE_FORUM, 0, 0}, {GG_ACT_CN_LOAN, 0, 0}}};
    t0 = now_s();
    for (int i = 0; i < reps; i++)
        total += gg_validate_orders(&s, GG_CHINA, &o, NULL);
    printf("%-28s %14.1f\n", "validate 2 orders ns", (now_s() - t0) * 1e9 / reps);

    gg_pcg32 rng;
    gg_pcg32_seed(&rng, 3, 3);
    gg_state base = s;
    for (int seat = 0; seat < GG_SEATS; seat++) {
        gg_orders r;
        random_orders(&base, seat, &rng, &r);
        gg_submit_orders(&base, seat, &r);
    }
    const int rreps = 200000;
    t0 = now_s();
    for (int i = 0; i < rreps; i++) {
        gg_state t = base;
        gg_resolve(&t);
        sink = (uint8_t)(sink + t.turn);
    }
    printf("%-28s %14.1f\n", "copy+resolve turn ns", (now_s() - t0) * 1e9 / rreps);

    t0 = now_s();
    uint64_t h = 0;
    for (int i = 0; i < rreps; i++) {
        s.turn = (uint8_t)i;
        h ^= gg_state_hash(&s);
    }
    printf("%-28s %14.1f\n", "state hash ns", (now_s() - t0) * 1e9 / rreps);
    printf("(digest %016llx, checks %d %llx %u)\n", (unsigned long long)digest, total,
           (unsigned long long)h, sink);
    return 0;
}
