/* run.c — one seeded bot game, seeds per game and the run digest. */
#include <string.h>

#include "arena.h"

uint64_t gg_arena_game_seed(uint64_t seed, uint64_t i)
{
    uint64_t z = seed + (i + 1) * 0x9e3779b97f4a7c15ULL; /* SplitMix64 */
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

uint64_t gg_arena_fnv(uint64_t h, uint64_t v)
{
    for (int i = 0; i < 8; i++) {
        h ^= (v >> (8 * i)) & 0xff;
        h *= 0x100000001b3ULL;
    }
    return h;
}

int gg_arena_play(int scenario, const gg_options *opt, const char *const bots[GG_SEATS],
                  uint64_t seed, gg_arena_game *g, gg_bot_stats *st)
{
    return gg_arena_play_honesty(scenario, opt, bots, GG_HONESTY_HONEST, seed, g, st);
}

int gg_arena_play_honesty(int scenario, const gg_options *opt, const char *const bots[GG_SEATS],
                          int honesty, uint64_t seed, gg_arena_game *g, gg_bot_stats *st)
{
    return gg_arena_play_pars(scenario, opt, bots, honesty, NULL, seed, g, st);
}

int gg_arena_scenario_pars(int scenario, int16_t par[GG_SEATS])
{
    const gg_scenario_def *sc = gg_scenario_def_get(scenario);
    if (!sc)
        return -1;
    memset(par, 0, GG_SEATS * sizeof par[0]);
    for (const gg_setting *set = sc->pars; set && set->kind != GG_SET_END; set++)
        if (set->kind == GG_SET_PAR && set->a < GG_SEATS)
            par[set->a] = set->value;
    return 0;
}

int gg_arena_play_pars(int scenario, const gg_options *opt, const char *const bots[GG_SEATS],
                       int honesty, const int16_t *pars, uint64_t seed, gg_arena_game *g,
                       gg_bot_stats *st)
{
    gg_state s;
    gg_bot b[GG_SEATS];
    memset(g, 0, sizeof *g);
    g->seed = seed;
    int err = gg_init(&s, scenario, seed, opt);
    if (!err && pars)
        err = gg_set_pars(&s, pars);
    if (err)
        return err;
    for (int seat = 0; seat < GG_SEATS; seat++) {
        err = gg_bot_init(&b[seat], bots[seat], seat, seed);
        if (!err)
            err = gg_bot_set_honesty(&b[seat], honesty);
        if (err)
            return err;
    }
    int first = 0;
    while (s.phase != GG_PHASE_OVER && g->turns < 255) {
        uint8_t turn = s.turn;
        if (s.phase == GG_PHASE_DIPLOMACY && turn >= 1 && turn <= GG_MAX_TURNS) {
            memcpy(g->vp_now[turn - 1], s.vp_now, sizeof g->vp_now[0]);
            memcpy(g->par_now[turn - 1], s.par_now, sizeof g->par_now[0]);
        }
        if (s.phase == GG_PHASE_DIPLOMACY)
            for (int seat = 0; seat < GG_SEATS; seat++) {
                int any = 0;
                for (int r = 0; r < GG_RES_KINDS; r++)
                    if (s.res[seat][r] >= gg_res_cap(seat, r)) {
                        g->at_cap_res[seat][r]++;
                        any = 1;
                    }
                g->at_cap[seat] = (uint8_t)(g->at_cap[seat] + any);
            }
        err = gg_bots_play_turn(&s, b, st);
        if (err && !first)
            first = err;
        if (s.report.crisis)
            g->crises++;
        if (s.turn != turn || s.phase == GG_PHASE_OVER)
            g->turns++;
    }
    gg_bot_stats_end_game(st, &s);
    gg_result_get(&s, &g->result);
    g->hash = gg_state_hash(&s);
    return first;
}
