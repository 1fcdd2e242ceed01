/* protocol/encoders.c — server-side convenience encoders that take rules
 * types directly and fill the generic message. */
#include <stdio.h>
#include <string.h>

#include "internal.h"

int gg_encode_state(uint8_t *out, size_t cap, uint32_t seq, const gg_state *view,
                    const gg_legal *legal, int nlegal, uint32_t deadline_ms, int paused,
                    uint64_t hash, const gg_waits *waits)
{
    gg_msg m; /* about 2 KB of stack */
    if (nlegal < 0 || nlegal > GG_MAX_LEGAL || (nlegal && !legal))
        return GG_EMSG_BAD_FIELD;
    gg_msg_init(&m, GG_MSG_state);
    m.seq = seq;
    gg_msg_state *st = &m.u.state;
    st->turn = view->turn;
    st->phase = view->phase;
    st->year = view->year;
    st->deadline_ms = deadline_ms;
    st->paused = paused != 0;
    st->hash = hash;
    st->view = *view;
    st->legal.n = (uint8_t)nlegal;
    if (nlegal)
        memcpy(st->legal.a, legal, (size_t)nlegal * sizeof *legal);
    if (waits) {
        st->wait = (uint8_t)(waits->seats & ((1u << GG_SEATS) - 1));
        for (int seat = 0; seat < GG_SEATS; seat++) {
            uint16_t id = waits->deal[seat];
            if (!((st->wait >> seat) & 1) || !id || id > 32767)
                continue;
            for (int i = 0; i < GG_MAX_DEALS; i++)
                if (view->deals[i].status != GG_DEAL_FREE && view->deals[i].id == id)
                    st->wait_deal.v[seat] = (int16_t)id;
        }
    }
    return gg_msg_encode(&m, out, cap);
}

int gg_encode_turn_result(uint8_t *out, size_t cap, uint32_t seq, const gg_state *after,
                          uint64_t hash)
{
    gg_msg m;
    gg_msg_init(&m, GG_MSG_turn_result);
    m.seq = seq;
    gg_msg_turn_result *t = &m.u.turn_result;
    t->turn = after->report.resolved; /* the turn that was resolved */
    t->report = after->report;
    memcpy(t->tracks.v, after->track, sizeof t->tracks.v);
    memcpy(t->globals.v, after->global, sizeof t->globals.v);
    memcpy(t->influence.v, after->influence, sizeof t->influence.v);
    memcpy(t->routes.v, after->route, sizeof t->routes.v);
    memcpy(t->vp.v, after->vp, sizeof t->vp.v);
    t->hash = hash;
    return gg_msg_encode(&m, out, cap);
}

int gg_encode_deal_update(uint8_t *out, size_t cap, uint32_t seq, const gg_deal *deal,
                          const uint8_t kept[GG_SEATS], const uint8_t broken[GG_SEATS],
                          const gg_reason *why)
{
    gg_msg m;
    gg_msg_init(&m, GG_MSG_deal_update);
    m.seq = seq;
    m.u.deal_update.deal = *deal;
    for (int s = 0; s < GG_SEATS; s++) {
        m.u.deal_update.kept.v[s] = kept ? kept[s] : 0;
        m.u.deal_update.broken.v[s] = broken ? broken[s] : 0;
    }
    if (why)
        m.u.deal_update.why = *why;
    return gg_msg_encode(&m, out, cap);
}

int gg_encode_game_over(uint8_t *out, size_t cap, uint32_t seq, const gg_result *r, uint64_t hash)
{
    gg_msg m;
    gg_msg_init(&m, GG_MSG_game_over);
    m.seq = seq;
    gg_msg_game_over *g = &m.u.game_over;
    g->reason = r->reason;
    g->winner = r->winner;
    g->decided_by = r->decided_by < GG_TIEBREAKS ? r->decided_by : GG_ABSENT;
    memcpy(g->rank.v, r->rank, sizeof g->rank.v);
    memcpy(g->vp.v, r->vp, sizeof g->vp.v);
    memcpy(g->relative.v, r->relative, sizeof g->relative.v);
    g->hash = hash;
    return gg_msg_encode(&m, out, cap);
}

int gg_encode_error(uint8_t *out, size_t cap, uint32_t rid, int code, int re_type,
                    const char *where, const int *errs, int nerrs)
{
    gg_msg m;
    gg_msg_init(&m, GG_MSG_error);
    m.rid = rid;
    gg_msg_error *e = &m.u.error;
    e->code = code;
    snprintf(e->name, sizeof e->name, "%s", gg_errname(code));
    snprintf(e->text, sizeof e->text, "%s", gg_strerror(code));
    e->re = re_type >= 0 && re_type < GG_MSG_TYPES ? (uint8_t)re_type : GG_ABSENT;
    if (where)
        snprintf(e->where, sizeof e->where, "%s", where);
    if (errs && nerrs > 0) {
        e->errs.n = (uint8_t)(nerrs > GG_MAX_ORDERS ? GG_MAX_ORDERS : nerrs);
        for (int i = 0; i < e->errs.n; i++)
            e->errs.v[i] = (int16_t)errs[i];
    }
    return gg_msg_encode(&m, out, cap);
}
