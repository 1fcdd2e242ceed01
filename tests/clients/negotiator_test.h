/* negotiator_test.h — what the negotiator's test files share: a classroom
 * game at turn 1's diplomacy, a deal by id, a view with a chosen leader,
 * and the bot's answer to a scripted proposal; and the consent-market
 * cases test_bots_negotiator_market.c adds to the case table. */
#ifndef GG_TEST_NEGOTIATOR_H
#define GG_TEST_NEGOTIATOR_H

#include <string.h>

#include "arena.h"
#include "../../bots/bots_internal.h"
#include "../check.h"

static inline const gg_deal *find(const gg_state *v, uint16_t id)
{
    for (int i = 0; i < GG_MAX_DEALS; i++)
        if (v->deals[i].status != GG_DEAL_FREE && v->deals[i].id == id)
            return &v->deals[i];
    return NULL;
}

/* A classroom game at turn 1's diplomacy. */
static inline int start(gg_state *s, uint64_t seed, int binding)
{
    gg_options o = {.binding = (uint8_t)binding};
    CHECK(gg_init(s, gg_scenario_find("classroom"), seed, &o) == 0);
    return 0;
}

/* Makes `seat` lead the running score of view `v` by 5 VP. */
static inline void lead_by(gg_state *v, int seat)
{
    int best = -1000;
    for (int q = 0; q < GG_SEATS; q++)
        if (q != seat && gg_margin(v, q) > best)
            best = gg_margin(v, q);
    v->vp_now[seat] = (int16_t)(v->par_now[seat] + best + 5);
}

/* The scripted seat (China) proposes; the bot of `seat` answers, on its
 * view with seat `leader` (-1: as it is) leading the running score. */
static inline int answer_led(gg_state *s, int seat, const gg_clause *cl, int n, gg_bot_reply *r,
                             int leader)
{
    uint16_t id;
    CHECK(gg_propose(s, GG_CHINA, (uint8_t)(1u << seat), cl, n, &id) == 0);
    gg_bot b;
    CHECK(gg_bot_init(&b, "negotiator", seat, 7) == 0);
    gg_state v;
    gg_view(s, seat, &v);
    if (leader >= 0)
        lead_by(&v, leader);
    const gg_deal *d = find(&v, id);
    CHECK(d != NULL);
    gg_bot_answer(&b, &v, d, r);
    CHECK_MSG(gg_reason_check(&r->why) == 0, "malformed reason %d", r->why.id);
    return 0;
}

static inline int answer(gg_state *s, int seat, const gg_clause *cl, int n, gg_bot_reply *r)
{
    return answer_led(s, seat, cl, n, r, -1);
}

int kazakhstan_proposes(void);
int consent_priced(void);
int plain_partner(void);
int idle_swap(void);

#endif
