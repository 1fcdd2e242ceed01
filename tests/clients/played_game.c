/* played_game.c — see played_game.h. */
#include "played_game.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../check.h"

pg_rec pg_recs[PG_MAXREC];
int pg_nrec;

int pg_record(int kind, const gg_msg *m)
{
    CHECK(pg_nrec < PG_MAXREC);
    pg_rec *r = &pg_recs[pg_nrec];
    int n = gg_msg_encode(m, r->p, sizeof r->p);
    CHECK(n > 0);
    r->n = (size_t)n;
    r->kind = kind;
    r->type = kind == GG_REC_JOIN ? -1 : m->type;
    pg_nrec++;
    return 0;
}

int pg_apply(pg_game *g, int who, gg_msg *m)
{
    int turn = g->s.turn, phase = g->s.phase;
    int err = gg_command_apply(&g->s, who, m, NULL);
    if (err)
        return err;
    CHECK(pg_record(who, m) == 0);
    if (g->applied)
        g->applied(g, gg_turn_resolved(turn, phase, &g->s));
    return 0;
}

int pg_play(pg_game *g)
{
    gg_state view;
    gg_msg m;
    while (g->s.phase != GG_PHASE_OVER) {
        if (g->s.phase == GG_PHASE_DIPLOMACY) {
            CHECK(!g->diplomacy || g->diplomacy(g) == 0);
            gg_msg_init(&m, GG_MSG_ready);
            CHECK(pg_apply(g, GG_WHO_SERVER, &m) == 0);
        } else if (g->s.phase == GG_PHASE_ORDERS) {
            for (int i = 0; i < GG_SEATS; i++) {
                gg_view(&g->s, i, &view);
                gg_msg_init(&m, GG_MSG_orders);
                gg_bot_orders(&g->bots[i], &view, &m.u.orders.orders);
                if (pg_apply(g, i, &m) != 0) { /* a bot's order refused: hold */
                    gg_msg_init(&m, GG_MSG_orders);
                    CHECK(pg_apply(g, i, &m) == 0);
                }
            }
            CHECK(!g->orders_in || g->orders_in(g) == 0);
            gg_msg_init(&m, GG_MSG_ready);
            CHECK(pg_apply(g, GG_WHO_SERVER, &m) == 0);
        } else {
            gg_view(&g->s, GG_KAZAKHSTAN, &view);
            gg_msg_init(&m, GG_MSG_crisis_response);
            m.u.crisis_response.response = (uint8_t)gg_bot_crisis(&g->bots[GG_KAZAKHSTAN], &view);
            CHECK(pg_apply(g, GG_KAZAKHSTAN, &m) == 0);
        }
    }
    return 0;
}

int pg_replay(const char *scenario, uint64_t seed, int finished, uint8_t **out, size_t *len)
{
    return pg_replay_turns(scenario, seed, finished, 0, out, len);
}

int pg_replay_turns(const char *scenario, uint64_t seed, int finished, int turns, uint8_t **out,
                    size_t *len)
{
    gg_replay_header h = {0};
    snprintf(h.scenario, sizeof h.scenario, "%s", scenario);
    h.seed = seed;
    h.finished = finished;
    if (turns) {
        gg_msg c;
        gg_msg_init(&c, GG_MSG_create_game);
        snprintf(c.u.create_game.scenario, sizeof c.u.create_game.scenario, "%s", scenario);
        c.u.create_game.turns = (uint32_t)turns;
        int n = gg_msg_encode(&c, h.options, sizeof h.options);
        CHECK(n > 0);
        h.options_len = (uint32_t)n;
    }
    h.n_records = (uint32_t)pg_nrec;
    gg_replay_writer w;
    CHECK(gg_replay_writer_init(&w, &h) == 0);
    int bad = 0;
    for (int i = 0; i < pg_nrec && !bad; i++)
        bad = gg_replay_writer_record(&w, (uint32_t)i + 1, pg_recs[i].kind, pg_recs[i].p,
                                      pg_recs[i].n) != 0;
    const uint8_t *buf;
    bad = bad || gg_replay_writer_finish(&w, &buf, len) != 0;
    *out = bad ? NULL : malloc(*len);
    if (*out)
        memcpy(*out, buf, *len);
    gg_replay_writer_close(&w);
    CHECK(*out);
    return 0;
}
