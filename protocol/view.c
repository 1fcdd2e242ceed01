/* protocol/view.c — the wire form of a view (gg_state as seen by one seat,
 * an observer or the moderator). Every field of gg_state is carried by
 * name except the PRNG streams and the deck order, which views never show.
 * Absent keys decode as the engine's "nothing" value (0, or GG_NONE for
 * project owners/partners, tipped_by and raised_by). */
#include <stdio.h>
#include <string.h>

#include "internal.h"

static int fail(gg__ctx *c, int rc, const char *key, const char *sub)
{
    char path[GG_MAX_NAME + 1];
    snprintf(path, sizeof path, "%s%s%s", key, sub ? "." : "", sub ? sub : "");
    gg__where(c, path, -1);
    return rc;
}

static void kv_str(gg__wr *w, const char *k, const char *v)
{
    gg__wr_str(w, k);
    gg__wr_str(w, v);
}

static void kv_uint(gg__wr *w, const char *k, uint64_t v)
{
    gg__wr_str(w, k);
    gg__wr_uint(w, v);
}

static const char *viewer_name(int v)
{
    return v == GG_VIEW_FULL ? "full" : gg_who_name(v);
}

static int viewer_find(const char *s, uint32_t len)
{
    if (gg__streq(s, len, "full"))
        return GG_VIEW_FULL;
    for (int i = 0; i <= GG_VIEW_MODERATOR; i++)
        if (gg__streq(s, len, gg_who_name(i)))
            return i;
    return -1;
}

/* ---- Encoding ------------------------------------------------------------ */

static int project_shown(const gg_project_state *p)
{
    return p->owner != GG_NONE || p->partner != GG_NONE || p->progress || p->done;
}

/* {seat: [action id]} for `seats` rows of one bit per action (bit a%8 of
 * byte a/8; rows of GG_ACTION_BYTES bytes); rows with no bit set are left out. */
#define GG_ACTION_BYTES ((GG_ACTIONS + 7) / 8)
static void enc_action_sets(gg__wr *w, const uint8_t *bits, int seats)
{
    uint32_t n = 0;
    for (int p = 0; p < seats; p++) {
        int any = 0;
        for (int b = 0; b < GG_ACTION_BYTES; b++)
            any |= bits[p * GG_ACTION_BYTES + b];
        n += any ? 1u : 0u;
    }
    gg__wr_map(w, n);
    for (int p = 0; p < seats; p++) {
        const uint8_t *row = bits + p * GG_ACTION_BYTES;
        uint32_t na = 0;
        for (int a = 0; a < GG_ACTIONS; a++)
            na += ((unsigned)row[a / 8] >> (a % 8)) & 1u;
        if (!na)
            continue;
        gg__wr_str(w, gg__seat_name(p));
        gg__wr_array(w, na);
        for (int a = 0; a < GG_ACTIONS; a++)
            if (((unsigned)row[a / 8] >> (a % 8)) & 1u)
                gg__wr_str(w, gg__action_name(a));
    }
}

int gg__enc_view(gg__wr *w, const gg_state *s)
{
    const gg_scenario_def *sc = gg_scenario_def_get(s->scenario);
    if (!sc || !sc->id || s->phase > GG_PHASE_OVER || s->end_reason > GG_END_MODERATOR ||
        (s->viewer > GG_VIEW_MODERATOR && s->viewer != GG_VIEW_FULL) || s->asymmetry > 2 ||
        (s->tipped_by != 0xff && s->tipped_by >= GG_SEATS) ||
        (s->raised_by != 0xff && s->raised_by >= GG_SEATS) || (s->submitted >> GG_SEATS) ||
        (s->institutions >> 5) || s->deck_len > GG_DECK_MAX || s->deck_pos > GG_DECK_MAX ||
        s->crisis_pending > 1)
        return GG_EMSG_BAD_FIELD;
    for (int p = 0; p < GG_PROJECTS; p++) {
        const gg_project_state *ps = &s->project[p];
        if ((ps->owner != GG_NONE && ps->owner >= GG_SEATS) ||
            (ps->partner != GG_NONE && ps->partner >= GG_SEATS))
            return GG_EMSG_BAD_FIELD;
    }
    uint32_t ndeals = 0;
    for (int d = 0; d < GG_MAX_DEALS; d++)
        ndeals += s->deals[d].status != GG_DEAL_FREE;

    gg__wr_map(w, 40u + (s->tipped_by != GG_NONE) +
                      (s->raised_by != GG_NONE)); /* keep in step with the keys below */
    kv_str(w, "scen", sc->id);
    kv_uint(w, "turn", s->turn);
    kv_uint(w, "last", s->last_turn);
    kv_str(w, "phase", gg__phase_name(s->phase));
    kv_uint(w, "year", s->year);
    kv_str(w, "end", gg__endreason_name(s->end_reason));
    kv_str(w, "viewer", viewer_name(s->viewer));
    gg__wr_str(w, "opt");
    gg__wr_map(w, 3);
    gg__wr_str(w, "bind");
    gg__wr_bool(w, s->options.binding != 0);
    gg__wr_str(w, "hide");
    gg__wr_bool(w, s->options.hide_resources != 0);
    kv_uint(w, "turns", s->options.turns);

    gg__wr_str(w, "infl");
    gg__wr_map(w, GG_POWERS);
    for (int p = 0; p < GG_POWERS; p++) {
        gg__wr_str(w, gg__seat_name(p));
        gg__enc_u8map(w, s->influence[p], gg__domain_name, GG_DOMAINS, 0);
    }
    static const char *const res_keys[3] = {"res", "inc", "base_inc"};
    for (int which = 0; which < 3; which++) {
        const int16_t(*v)[GG_RES_KINDS] = which == 0   ? s->res
                                          : which == 1 ? s->income
                                                       : s->base_income;
        gg__wr_str(w, res_keys[which]);
        gg__wr_map(w, GG_SEATS);
        for (int seat = 0; seat < GG_SEATS; seat++) {
            gg__wr_str(w, gg__seat_name(seat));
            gg__wr_map(w, GG_RES_KINDS);
            for (int k = 0; k < GG_RES_KINDS; k++) {
                gg__wr_str(w, gg_res_name(seat, k));
                gg__wr_int(w, v[seat][k]);
            }
        }
    }
    gg__wr_str(w, "tracks");
    gg__enc_u8map(w, s->track, gg__track_name, GG_TRACKS, 0);
    gg__wr_str(w, "globals");
    gg__enc_u8map(w, s->global, gg__global_name, GG_GLOBALS, 0);
    kv_str(w, "asym", gg_asymmetry_name(s->asymmetry));
    gg__wr_str(w, "routes");
    gg__enc_u8map(w, s->route, gg__route_name, GG_ROUTES, 0);
    gg__wr_str(w, "closed");
    gg__enc_u8map(w, s->route_closed, gg__route_name, GG_ROUTES, 1);
    gg__wr_str(w, "inst");
    {
        uint32_t n = 0;
        for (int b = 0; b < 5; b++)
            n += ((unsigned)s->institutions >> b) & 1u;
        gg__wr_array(w, n);
        for (int b = 0; b < 5; b++)
            if (((unsigned)s->institutions >> b) & 1u)
                gg__wr_str(w, gg_institution_name(b));
    }
    kv_uint(w, "eaeu", s->eaeu_level);
    kv_uint(w, "grat", s->gratitude);
    gg__wr_str(w, "accords");
    gg__enc_u8map(w, s->accord_turns, gg__accord_name, GG_ACCORDS, 1);

    gg__wr_str(w, "projects");
    {
        uint32_t n = 0;
        for (int p = 0; p < GG_PROJECTS; p++)
            n += project_shown(&s->project[p]) ? 1u : 0u;
        gg__wr_map(w, n);
        for (int p = 0; p < GG_PROJECTS; p++) {
            const gg_project_state *ps = &s->project[p];
            if (!project_shown(ps))
                continue;
            gg__wr_str(w, gg__project_name(p));
            gg__wr_map(w,
                       2u + (ps->owner != GG_NONE ? 1u : 0u) + (ps->partner != GG_NONE ? 1u : 0u));
            if (ps->owner != GG_NONE)
                kv_str(w, "owner", gg__seat_name(ps->owner));
            if (ps->partner != GG_NONE)
                kv_str(w, "partner", gg__seat_name(ps->partner));
            kv_uint(w, "prog", ps->progress);
            gg__wr_str(w, "done");
            gg__wr_bool(w, ps->done != 0);
        }
    }
    gg__wr_str(w, "pledges");
    {
        uint32_t n = 0;
        for (int seat = 0; seat < GG_SEATS; seat++)
            for (int t = 0; t < GG_TAGS; t++)
                if (s->pledge[seat][t]) {
                    n++;
                    break;
                }
        gg__wr_map(w, n);
        for (int seat = 0; seat < GG_SEATS; seat++) {
            int any = 0;
            for (int t = 0; t < GG_TAGS; t++)
                any |= s->pledge[seat][t];
            if (!any)
                continue;
            gg__wr_str(w, gg__seat_name(seat));
            gg__enc_u8map(w, s->pledge[seat], gg__tag_name, GG_TAGS, 1);
        }
    }
    gg__wr_str(w, "consent");
    gg__enc_u8map(w, s->consent_all, gg__power_name, GG_POWERS, 1);
    gg__wr_str(w, "consent_fee");
    gg__enc_u8map(w, s->consent_fee, gg__power_name, GG_POWERS, 1);
    gg__wr_str(w, "consent_a");
    enc_action_sets(w, &s->consent_action[0][0], GG_POWERS);
    gg__wr_str(w, "done_last");
    enc_action_sets(w, &s->done_last[0][0], GG_SEATS);
    kv_uint(w, "next_deal", s->next_deal_id);
    gg__wr_str(w, "deals");
    gg__wr_array(w, ndeals);
    for (int d = 0; d < GG_MAX_DEALS; d++) {
        if (s->deals[d].status == GG_DEAL_FREE)
            continue;
        int rc = gg__enc_deal(w, &s->deals[d]);
        if (rc < 0)
            return rc;
    }
    gg__wr_str(w, "kept");
    gg__enc_u8map(w, s->kept, gg__seat_name, GG_SEATS, 1);
    gg__wr_str(w, "broken");
    gg__enc_u8map(w, s->broken, gg__seat_name, GG_SEATS, 1);
    gg__wr_str(w, "orders");
    {
        uint32_t n = 0;
        for (int seat = 0; seat < GG_SEATS; seat++)
            n += s->orders[seat].count > 0;
        gg__wr_map(w, n);
        for (int seat = 0; seat < GG_SEATS; seat++) {
            if (!s->orders[seat].count)
                continue;
            gg__wr_str(w, gg__seat_name(seat));
            int rc = gg__enc_orders(w, &s->orders[seat], NULL, NULL, 0);
            if (rc < 0)
                return rc;
        }
    }
    gg__wr_str(w, "submitted");
    gg__enc_seatset(w, s->submitted);
    kv_uint(w, "deck_len", s->deck_len);
    kv_uint(w, "deck_pos", s->deck_pos);
    gg__wr_str(w, "crisis_pending");
    gg__wr_bool(w, s->crisis_pending);
    if (s->tipped_by != GG_NONE)
        kv_str(w, "tipped", gg__seat_name(s->tipped_by));
    if (s->raised_by != GG_NONE)
        kv_str(w, "raised", gg__seat_name(s->raised_by));
    gg__wr_str(w, "vp");
    gg__enc_seatints(w, s->vp, 0);
    gg__wr_str(w, "tiebreak");
    gg__enc_u8map(w, s->tiebreak, gg__seat_name, GG_SEATS, 1);
    /* The running score (gg_state.vp_now ...): seat -> {vp, par, margin,
     * game_par, last, pace}; margin is derived (vp - par) and not read back. */
    gg__wr_str(w, "score");
    gg__wr_map(w, GG_SEATS);
    for (int seat = 0; seat < GG_SEATS; seat++) {
        gg__wr_str(w, gg__seat_name(seat));
        gg__wr_map(w, 6);
        gg__wr_str(w, "vp");
        gg__wr_int(w, s->vp_now[seat]);
        gg__wr_str(w, "par");
        gg__wr_int(w, s->par_now[seat]);
        gg__wr_str(w, "margin");
        gg__wr_int(w, gg_margin(s, seat));
        gg__wr_str(w, "game_par");
        gg__wr_int(w, s->par[seat]);
        gg__wr_str(w, "last");
        gg__wr_int(w, s->vp_last[seat]);
        gg__wr_str(w, "pace");
        gg__wr_int(w, s->pace[seat]);
    }
    gg__wr_str(w, "report");
    return gg__enc_report(w, &s->report, 0); /* what each order changed: turn_result only */
}

/* ---- Decoding ------------------------------------------------------------- */

enum {
    K_SCEN,
    K_TURN,
    K_LAST,
    K_PHASE,
    K_YEAR,
    K_END,
    K_VIEWER,
    K_OPT,
    K_INFL,
    K_RES,
    K_INC,
    K_TRACKS,
    K_GLOBALS,
    K_ASYM,
    K_ROUTES,
    K_CLOSED,
    K_INST,
    K_EAEU,
    K_GRAT,
    K_ACCORDS,
    K_PROJECTS,
    K_PLEDGES,
    K_CONSENT,
    K_CONSENT_A,
    K_NEXT_DEAL,
    K_DEALS,
    K_KEPT,
    K_BROKEN,
    K_ORDERS,
    K_SUBMITTED,
    K_DECK_LEN,
    K_DECK_POS,
    K_VP,
    K_REPORT,
    K_BASE_INC,
    K_CONSENT_FEE,
    K_CRISIS_PENDING,
    K_TIPPED,
    K_TIEBREAK,
    K_SCORE,
    K_DONE_LAST,
    K_RAISED,
    K_KEYS
};
static const char *const vkeys[K_KEYS] = {
    "scen",        "turn",           "last",      "phase",     "year",   "end",       "viewer",
    "opt",         "infl",           "res",       "inc",       "tracks", "globals",   "asym",
    "routes",      "closed",         "inst",      "eaeu",      "grat",   "accords",   "projects",
    "pledges",     "consent",        "consent_a", "next_deal", "deals",  "kept",      "broken",
    "orders",      "submitted",      "deck_len",  "deck_pos",  "vp",     "report",    "base_inc",
    "consent_fee", "crisis_pending", "tipped",    "tiebreak",  "score",  "done_last", "raised"};

/* Reads {seat: <value>} calling one() for each known seat < count. */
static int seat_map(gg__rd *r, int count, int (*one)(gg__rd *, gg_state *, int, gg__ctx *),
                    gg_state *s, gg__ctx *c)
{
    uint32_t n;
    int rc = gg__rd_map(r, &n);
    if (rc < 0)
        return rc;
    for (uint32_t i = 0; i < n; i++) {
        if ((rc = gg__rd_name(r, gg__seat_name, count, GG_EBAD_SEAT)) < 0)
            return rc;
        if ((rc = one(r, s, rc, c)) < 0)
            return rc;
    }
    gg__rd_leave(r);
    return 0;
}

static int one_infl(gg__rd *r, gg_state *s, int p, gg__ctx *c)
{
    return gg__dec_u8map(r, s->influence[p], gg__domain_name, GG_DOMAINS, 255, c, "infl");
}

static int one_res_into(gg__rd *r, int16_t *v)
{
    uint32_t n;
    int rc = gg__rd_map(r, &n);
    if (rc < 0)
        return rc;
    for (uint32_t i = 0; i < n; i++) {
        const char *ks;
        uint32_t kl;
        int64_t x;
        if ((rc = gg__rd_str(r, &ks, &kl)) < 0 || (rc = gg__rd_int(r, &x, -32768, 32767)) < 0)
            return rc;
        int slot = gg__res_find(ks, kl);
        if (slot >= 0)
            v[slot] = (int16_t)x;
    }
    gg__rd_leave(r);
    return 0;
}

static int one_res(gg__rd *r, gg_state *s, int seat, gg__ctx *c)
{
    (void)c;
    return one_res_into(r, s->res[seat]);
}

static int one_inc(gg__rd *r, gg_state *s, int seat, gg__ctx *c)
{
    (void)c;
    return one_res_into(r, s->income[seat]);
}

static int one_base_inc(gg__rd *r, gg_state *s, int seat, gg__ctx *c)
{
    (void)c;
    return one_res_into(r, s->base_income[seat]);
}

static int one_pledge(gg__rd *r, gg_state *s, int seat, gg__ctx *c)
{
    return gg__dec_u8map(r, s->pledge[seat], gg__tag_name, GG_TAGS, 255, c, "pledges");
}

/* [action id] into one row of action bits (see enc_action_sets). */
static int action_set(gg__rd *r, uint8_t *row)
{
    uint32_t n;
    int rc = gg__rd_array(r, &n);
    if (rc < 0)
        return rc;
    for (uint32_t i = 0; i < n; i++) {
        if ((rc = gg__rd_name(r, gg__action_name, GG_ACTIONS, GG_EUNKNOWN_ACTION)) < 0)
            return rc;
        row[rc / 8] |= (uint8_t)(1u << (rc % 8));
    }
    gg__rd_leave(r);
    return 0;
}

static int one_done_last(gg__rd *r, gg_state *s, int seat, gg__ctx *c)
{
    (void)c;
    return action_set(r, s->done_last[seat]);
}

static int one_consent_a(gg__rd *r, gg_state *s, int p, gg__ctx *c)
{
    (void)c;
    return action_set(r, s->consent_action[p]);
}

/* One seat's running score {vp, par, margin, game_par, last}; margin is
 * derived from vp and par, so it is skipped. */
static int one_score(gg__rd *r, gg_state *s, int seat, gg__ctx *c)
{
    (void)c;
    uint32_t n;
    int rc = gg__rd_map(r, &n);
    if (rc < 0)
        return rc;
    for (uint32_t i = 0; i < n; i++) {
        const char *ks;
        uint32_t kl;
        int64_t x;
        if ((rc = gg__rd_str(r, &ks, &kl)) < 0)
            return rc;
        int16_t *dst = gg__streq(ks, kl, "vp")         ? &s->vp_now[seat]
                       : gg__streq(ks, kl, "par")      ? &s->par_now[seat]
                       : gg__streq(ks, kl, "game_par") ? &s->par[seat]
                       : gg__streq(ks, kl, "last")     ? &s->vp_last[seat]
                       : gg__streq(ks, kl, "pace")     ? &s->pace[seat]
                                                       : NULL;
        if (!dst) {
            if ((rc = gg__rd_skip(r)) < 0)
                return rc;
            continue;
        }
        if ((rc = gg__rd_int(r, &x, -32768, 32767)) < 0)
            return rc;
        *dst = (int16_t)x;
    }
    gg__rd_leave(r);
    return 0;
}

static int one_orders(gg__rd *r, gg_state *s, int seat, gg__ctx *c)
{
    return gg__dec_orders(r, &s->orders[seat], 0, NULL, NULL, 0, c, "orders");
}

static int dec_opt(gg__rd *r, gg_options *o)
{
    uint32_t n;
    int rc = gg__rd_map(r, &n);
    if (rc < 0)
        return rc;
    for (uint32_t i = 0; i < n; i++) {
        const char *ks;
        uint32_t kl;
        int b;
        uint64_t u;
        if ((rc = gg__rd_str(r, &ks, &kl)) < 0)
            return rc;
        if (gg__streq(ks, kl, "bind")) {
            if ((rc = gg__rd_bool(r, &b)) < 0)
                return rc;
            o->binding = (uint8_t)b;
        } else if (gg__streq(ks, kl, "hide")) {
            if ((rc = gg__rd_bool(r, &b)) < 0)
                return rc;
            o->hide_resources = (uint8_t)b;
        } else if (gg__streq(ks, kl, "turns")) {
            if ((rc = gg__rd_uint(r, &u, 255)) < 0)
                return rc;
            o->turns = (uint8_t)u;
        } else if ((rc = gg__rd_skip(r)) < 0) {
            return rc;
        }
    }
    gg__rd_leave(r);
    return 0;
}

static int dec_projects(gg__rd *r, gg_state *s)
{
    uint32_t n;
    int rc = gg__rd_map(r, &n);
    if (rc < 0)
        return rc;
    for (uint32_t i = 0; i < n; i++) {
        if ((rc = gg__rd_name(r, gg__project_name, GG_PROJECTS, GG_EBAD_TARGET)) < 0)
            return rc;
        gg_project_state *ps = &s->project[rc];
        uint32_t m;
        if ((rc = gg__rd_map(r, &m)) < 0)
            return rc;
        for (uint32_t j = 0; j < m; j++) {
            const char *ks;
            uint32_t kl;
            uint64_t u;
            int b;
            if ((rc = gg__rd_str(r, &ks, &kl)) < 0)
                return rc;
            if (gg__streq(ks, kl, "owner") || gg__streq(ks, kl, "partner")) {
                int seat = gg__rd_name(r, gg__seat_name, GG_SEATS, GG_EBAD_SEAT);
                if (seat < 0)
                    return seat;
                if (ks[0] == 'o')
                    ps->owner = (uint8_t)seat;
                else
                    ps->partner = (uint8_t)seat;
            } else if (gg__streq(ks, kl, "prog")) {
                if ((rc = gg__rd_uint(r, &u, 255)) < 0)
                    return rc;
                ps->progress = (uint8_t)u;
            } else if (gg__streq(ks, kl, "done")) {
                if ((rc = gg__rd_bool(r, &b)) < 0)
                    return rc;
                ps->done = (uint8_t)b;
            } else if ((rc = gg__rd_skip(r)) < 0) {
                return rc;
            }
        }
        gg__rd_leave(r);
    }
    gg__rd_leave(r);
    return 0;
}

static int dec_names_bits(gg__rd *r, uint8_t *bits, const char *(*names)(int), int count)
{
    uint32_t n;
    int rc = gg__rd_array(r, &n);
    if (rc < 0)
        return rc;
    for (uint32_t i = 0; i < n; i++) {
        if ((rc = gg__rd_name(r, names, count, GG_EMSG_BAD_FIELD)) < 0)
            return rc;
        *bits |= (uint8_t)(1u << rc);
    }
    gg__rd_leave(r);
    return 0;
}

static int dec_deals(gg__rd *r, gg_state *s, gg__ctx *c)
{
    uint32_t n;
    int rc = gg__rd_array(r, &n);
    if (rc < 0)
        return rc;
    if (n > GG_MAX_DEALS)
        return GG_EMSG_BAD_COUNT;
    for (uint32_t i = 0; i < n; i++)
        if ((rc = gg__dec_deal(r, &s->deals[i], c, "deals")) < 0)
            return rc;
    gg__rd_leave(r);
    return 0;
}

static int rd_u8(gg__rd *r, uint8_t *out, uint64_t max)
{
    uint64_t u;
    int rc = gg__rd_uint(r, &u, max);
    if (rc == 0)
        *out = (uint8_t)u;
    return rc;
}

static int dec_key(gg__rd *r, gg_state *s, int k, gg__ctx *c)
{
    int rc;
    uint64_t u;
    const char *str;
    uint32_t len;
    switch (k) {
    case K_SCEN: {
        char id[GG_MAX_NAME + 1];
        if ((rc = gg__rd_str(r, &str, &len)) < 0)
            return rc;
        if (len > GG_MAX_NAME)
            return GG_EBAD_SCENARIO;
        memcpy(id, str, len);
        id[len] = 0;
        if ((rc = gg_scenario_find(id)) < 0)
            return GG_EBAD_SCENARIO;
        s->scenario = (uint8_t)rc;
        return 0;
    }
    case K_TURN:
        return rd_u8(r, &s->turn, 255);
    case K_LAST:
        return rd_u8(r, &s->last_turn, 255);
    case K_PHASE:
        if ((rc = gg__rd_name(r, gg__phase_name, GG_PHASE_OVER + 1, GG_EMSG_BAD_FIELD)) < 0)
            return rc;
        s->phase = (uint8_t)rc;
        return 0;
    case K_YEAR:
        if ((rc = gg__rd_uint(r, &u, 65535)) == 0)
            s->year = (uint16_t)u;
        return rc;
    case K_END:
        rc = gg__rd_name(r, gg__endreason_name, GG_END_MODERATOR + 1, GG_EMSG_BAD_FIELD);
        if (rc < 0)
            return rc;
        s->end_reason = (uint8_t)rc;
        return 0;
    case K_VIEWER:
        if ((rc = gg__rd_str(r, &str, &len)) < 0)
            return rc;
        if ((rc = viewer_find(str, len)) < 0)
            return GG_EBAD_SEAT;
        s->viewer = (uint8_t)rc;
        return 0;
    case K_OPT:
        return dec_opt(r, &s->options);
    case K_INFL:
        return seat_map(r, GG_POWERS, one_infl, s, c);
    case K_RES:
        return seat_map(r, GG_SEATS, one_res, s, c);
    case K_INC:
        return seat_map(r, GG_SEATS, one_inc, s, c);
    case K_TRACKS:
        return gg__dec_u8map(r, s->track, gg__track_name, GG_TRACKS, 255, c, "tracks");
    case K_GLOBALS:
        return gg__dec_u8map(r, s->global, gg__global_name, GG_GLOBALS, 255, c, "globals");
    case K_ASYM:
        if ((rc = gg__rd_name(r, gg_asymmetry_name, 3, GG_EMSG_BAD_FIELD)) < 0)
            return rc;
        s->asymmetry = (uint8_t)rc;
        return 0;
    case K_ROUTES:
        return gg__dec_u8map(r, s->route, gg__route_name, GG_ROUTES, 255, c, "routes");
    case K_CLOSED:
        return gg__dec_u8map(r, s->route_closed, gg__route_name, GG_ROUTES, 255, c, "closed");
    case K_INST:
        return dec_names_bits(r, &s->institutions, gg_institution_name, 5);
    case K_EAEU:
        return rd_u8(r, &s->eaeu_level, 255);
    case K_GRAT:
        return rd_u8(r, &s->gratitude, 255);
    case K_ACCORDS:
        return gg__dec_u8map(r, s->accord_turns, gg__accord_name, GG_ACCORDS, 255, c, "accords");
    case K_PROJECTS:
        return dec_projects(r, s);
    case K_PLEDGES:
        return seat_map(r, GG_SEATS, one_pledge, s, c);
    case K_CONSENT:
        return gg__dec_u8map(r, s->consent_all, gg__power_name, GG_POWERS, 255, c, "consent");
    case K_CONSENT_A:
        return seat_map(r, GG_POWERS, one_consent_a, s, c);
    case K_NEXT_DEAL:
        if ((rc = gg__rd_uint(r, &u, 65535)) == 0)
            s->next_deal_id = (uint16_t)u;
        return rc;
    case K_DEALS:
        return dec_deals(r, s, c);
    case K_KEPT:
        return gg__dec_u8map(r, s->kept, gg__seat_name, GG_SEATS, 255, c, "kept");
    case K_BROKEN:
        return gg__dec_u8map(r, s->broken, gg__seat_name, GG_SEATS, 255, c, "broken");
    case K_ORDERS:
        return seat_map(r, GG_SEATS, one_orders, s, c);
    case K_SUBMITTED:
        return gg__dec_seatset(r, &s->submitted, c, "submitted");
    case K_DECK_LEN:
        return rd_u8(r, &s->deck_len, GG_DECK_MAX);
    case K_DECK_POS:
        return rd_u8(r, &s->deck_pos, GG_DECK_MAX);
    case K_BASE_INC:
        return seat_map(r, GG_SEATS, one_base_inc, s, c);
    case K_CONSENT_FEE:
        return gg__dec_u8map(r, s->consent_fee, gg__power_name, GG_POWERS, 255, c, "consent_fee");
    case K_CRISIS_PENDING: {
        int b;
        if ((rc = gg__rd_bool(r, &b)) == 0)
            s->crisis_pending = (uint8_t)b;
        return rc;
    }
    case K_TIPPED:
        if ((rc = gg__rd_name(r, gg__seat_name, GG_SEATS, GG_EBAD_SEAT)) < 0)
            return rc;
        s->tipped_by = (uint8_t)rc;
        return 0;
    case K_RAISED:
        if ((rc = gg__rd_name(r, gg__seat_name, GG_SEATS, GG_EBAD_SEAT)) < 0)
            return rc;
        s->raised_by = (uint8_t)rc;
        return 0;
    case K_VP:
        return gg__dec_seatints(r, s->vp, -32768, 32767, c, "vp");
    case K_TIEBREAK:
        return gg__dec_u8map(r, s->tiebreak, gg__seat_name, GG_SEATS, GG_SEATS - 1, c, "tiebreak");
    case K_SCORE:
        return seat_map(r, GG_SEATS, one_score, s, c);
    case K_REPORT:
        return gg__dec_report(r, &s->report, c, "report");
    case K_DONE_LAST:
        return seat_map(r, GG_SEATS, one_done_last, s, c);
    default:
        return gg__rd_skip(r);
    }
}

int gg__dec_view(gg__rd *r, gg_state *s, gg__ctx *c, const char *key)
{
    uint32_t n;
    int rc = gg__rd_map(r, &n);
    if (rc < 0)
        return fail(c, rc, key, NULL);
    memset(s, 0, sizeof *s);
    s->tipped_by = s->raised_by = GG_NONE;
    for (int p = 0; p < GG_PROJECTS; p++)
        s->project[p].owner = s->project[p].partner = GG_NONE;
    uint64_t seen = 0;
    for (uint32_t i = 0; i < n; i++) {
        const char *ks;
        uint32_t kl;
        if ((rc = gg__rd_str(r, &ks, &kl)) < 0)
            return fail(c, rc, key, NULL);
        int k = 0;
        while (k < K_KEYS && !gg__streq(ks, kl, vkeys[k]))
            k++;
        if ((rc = dec_key(r, s, k, c)) < 0)
            return fail(c, rc, key, k < K_KEYS ? vkeys[k] : NULL);
        if (k < K_KEYS)
            seen |= 1ull << k;
    }
    gg__rd_leave(r);
    /* the identity of a view is required; everything else may be absent */
    static const int need[] = {K_SCEN, K_TURN, K_PHASE, K_VIEWER};
    for (size_t j = 0; j < sizeof need / sizeof need[0]; j++)
        if (!(seen & (1ull << need[j])))
            return fail(c, GG_EMSG_MISSING_FIELD, key, vkeys[need[j]]);
    return 0;
}
