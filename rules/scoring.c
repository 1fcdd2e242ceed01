/* scoring.c — victory points (GAME_DESIGN.md §8) and the final result. */
#include "internal.h"

#define SEC_LEAD_VP 5   /* Russia as sole security provider [HB20 L19] */
#define MEMBER_VP 2     /* Kazakhstan in the EAEU / CSTO [Mo22 L338, L420] */
#define WEST_ALIGNED 3  /* penalty when the West leads the elite */
#define JUNIOR_VP 2     /* per asymmetry level [D18 L136; HB20 L20] */
#define PROJECT_VP 2    /* per completed project of the seat */
#define CN_PENALTY 3    /* sinophobia >= 7 or stability <= 3 [Mo22 L348, L352] */
#define MULTI_VECTOR_VP 3
#define TRANSIT_UNITS 3 /* Russia: 1 VP per 3 units through the north [Mo22 L211] */
#define REFORM_HALF 2   /* Kazakhstan: reform / 2, a modernising state [Mo22 L404] */

static int projects_done(const gg_state *s, int seat)
{
    int n = 0;
    for (int p = 0; p < GG_PROJECTS; p++)
        if (s->project[p].done && s->project[p].owner == seat)
            n++;
    return n;
}

void gg_score_now(const gg_state *s, int16_t vp[GG_SEATS])
{
    const uint8_t(*inf)[GG_DOMAINS] = s->influence;
    int cn = inf[GG_CHINA][GG_ECONOMY] + inf[GG_CHINA][GG_ELITE] + s->route[GG_EAST] +
             PROJECT_VP * projects_done(s, GG_CHINA);
    if (s->track[GG_SINOPHOBIA] >= 7)
        cn -= CN_PENALTY;
    if (s->track[GG_STABILITY] <= 3)
        cn -= CN_PENALTY;

    int ru = inf[GG_RUSSIA][GG_PUBLIC] + s->eaeu_level + s->route[GG_NORTH] / TRANSIT_UNITS;
    if (gg_leader(s, GG_SECURITY) == GG_RUSSIA)
        ru += SEC_LEAD_VP;
    if (s->institutions & GG_INST_EAEU)
        ru += MEMBER_VP;
    if (s->institutions & GG_INST_CSTO)
        ru += MEMBER_VP;
    if (gg_leader(s, GG_ELITE) == GG_WEST)
        ru -= WEST_ALIGNED;
    ru -= JUNIOR_VP * s->asymmetry;

    int we = s->track[GG_REFORM] + s->route[GG_CASPIAN] + inf[GG_WEST][GG_ELITE] +
             inf[GG_WEST][GG_PUBLIC] + PROJECT_VP * projects_done(s, GG_WEST);

    int kz = s->track[GG_SOVEREIGNTY] + s->track[GG_STABILITY] + s->track[GG_DEVELOPMENT] / 2 +
             s->track[GG_REFORM] / REFORM_HALF;
    if (!gg__has_hegemon(s))
        kz += MULTI_VECTOR_VP;

    vp[GG_CHINA] = (int16_t)cn;
    vp[GG_RUSSIA] = (int16_t)ru;
    vp[GG_WEST] = (int16_t)we;
    vp[GG_KAZAKHSTAN] = (int16_t)kz;
}

static int par_of(const gg_scenario_def *sc, int seat)
{
    for (const gg_setting *p = sc->pars; p && p->kind != GG_SET_END; p++)
        if (p->kind == GG_SET_PAR && p->a == seat)
            return p->value;
    return 0;
}

/* Whether seat a ranks above seat b. */
static int ranks_above(const gg_state *s, const gg_result *r, int a, int b)
{
    if (s->end_reason == GG_END_SOVEREIGNTY) {
        if (a == GG_KAZAKHSTAN)
            return 0;
        if (b == GG_KAZAKHSTAN)
            return 1;
    }
    if (r->relative[a] != r->relative[b])
        return r->relative[a] > r->relative[b];
    return s->tiebreak[a] > s->tiebreak[b]; /* the seeded draw at the end */
}

int gg_result_get(const gg_state *s, gg_result *r)
{
    if (s->phase != GG_PHASE_OVER)
        return GG_EWRONG_PHASE;
    const gg_scenario_def *sc = &gg__scenarios[s->scenario];
    r->reason = s->end_reason;
    for (int seat = 0; seat < GG_SEATS; seat++) {
        r->vp[seat] = s->vp[seat];
        r->relative[seat] = (int16_t)(s->vp[seat] - par_of(sc, seat));
        r->rank[seat] = (uint8_t)seat;
    }
    for (int i = 1; i < GG_SEATS; i++) /* insertion sort of four seats */
        for (int j = i; j > 0 && ranks_above(s, r, r->rank[j], r->rank[j - 1]); j--) {
            uint8_t t = r->rank[j];
            r->rank[j] = r->rank[j - 1];
            r->rank[j - 1] = t;
        }
    r->winner = r->rank[0];
    return 0;
}
