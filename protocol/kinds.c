/* protocol/kinds.c — wire codecs of the structured field kinds shared by
 * several messages: orders, deal clauses, deals, legal actions, the turn
 * report, and maps keyed by seat or catalogue names. Names, never enum
 * numbers, appear on the wire. */
#include <stdio.h>
#include <string.h>

#include "internal.h"

void gg__where(gg__ctx *c, const char *path, int index)
{
    if (!c || !c->err || c->err->where[0])
        return;
    snprintf(c->err->where, sizeof c->err->where, "%s", path);
    c->err->index = index;
}

/* Records the path "key[i].sub" (or "key.sub" when i < 0) and returns rc. */
static int fail(gg__ctx *c, int rc, const char *key, int i, const char *sub)
{
    char path[GG_MAX_NAME + 1];
    if (i >= 0)
        snprintf(path, sizeof path, "%s[%d]%s%s", key, i, sub ? "." : "", sub ? sub : "");
    else
        snprintf(path, sizeof path, "%s%s%s", key, sub ? "." : "", sub ? sub : "");
    gg__where(c, path, i);
    return rc;
}

static int find_name(const char *s, uint32_t len, const char *(*names)(int), int count)
{
    for (int i = 0; i < count; i++)
        if (gg__streq(s, len, names(i)))
            return i;
    return -1;
}

/* ---- Orders ------------------------------------------------------------ */

static int target_kind(int action)
{
    const gg_action_def *d = gg_action_def_get(action);
    return d ? d->target : GG_TGT_NONE;
}

static const char *target_name(int kind, int target)
{
    switch (kind) {
    case GG_TGT_POWER:
        return target < GG_POWERS ? gg__power_name(target) : NULL;
    case GG_TGT_PROJECT:
        return target < GG_PROJECTS ? gg__project_name(target) : NULL;
    case GG_TGT_SEAT:
        return target < GG_SEATS ? gg__seat_name(target) : NULL;
    default:
        return NULL;
    }
}

static int target_find(int kind, const char *s, uint32_t len)
{
    switch (kind) {
    case GG_TGT_POWER:
        return find_name(s, len, gg__power_name, GG_POWERS);
    case GG_TGT_PROJECT:
        return find_name(s, len, gg__project_name, GG_PROJECTS);
    case GG_TGT_SEAT:
        return find_name(s, len, gg__seat_name, GG_SEATS);
    default:
        return -1;
    }
}

/* One order map {"a","t","r","n"[,"out"]}. `legal` allows transfer
 * without a target (GG_NONE) and reads "c"/"nc" into *lg. */
static int dec_order(gg__rd *r, gg_order *o, uint8_t *outcome, gg_legal *lg, gg_report *rep,
                     int slot, gg__ctx *c, const char *key, int idx)
{
    uint32_t n;
    int rc = gg__rd_map(r, &n);
    if (rc < 0)
        return fail(c, rc, key, idx, NULL);
    int action = -1, res = -1;
    const char *t = NULL;
    uint32_t tlen = 0;
    uint64_t amount = 0;
    int have_n = 0;
    for (uint32_t k = 0; k < n; k++) {
        const char *ks;
        uint32_t kl;
        if ((rc = gg__rd_str(r, &ks, &kl)) < 0)
            return fail(c, rc, key, idx, NULL);
        if (gg__streq(ks, kl, "a")) {
            rc = gg__rd_name(r, gg__action_name, GG_ACTIONS, GG_EUNKNOWN_ACTION);
            if (rc < 0)
                return fail(c, rc, key, idx, "a");
            action = rc;
        } else if (gg__streq(ks, kl, "t")) {
            if ((rc = gg__rd_str(r, &t, &tlen)) < 0)
                return fail(c, rc, key, idx, "t");
        } else if (gg__streq(ks, kl, "r")) {
            const char *s;
            uint32_t sl;
            if ((rc = gg__rd_str(r, &s, &sl)) < 0)
                return fail(c, rc, key, idx, "r");
            if ((res = gg__res_find(s, sl)) < 0)
                return fail(c, GG_EBAD_TARGET, key, idx, "r");
        } else if (gg__streq(ks, kl, "n")) {
            if ((rc = gg__rd_uint(r, &amount, 63)) < 0)
                return fail(c, rc, key, idx, "n");
            have_n = 1;
        } else if (outcome && gg__streq(ks, kl, "out")) {
            rc = gg__rd_name(r, gg__outcome_name, GG_OUT_BREACH + 1, GG_EMSG_BAD_FIELD);
            if (rc < 0)
                return fail(c, rc, key, idx, "out");
            *outcome = (uint8_t)rc;
        } else if (rep && gg__streq(ks, kl, "chg")) {
            if ((rc = gg__dec_changes(r, rep, slot, c, key, idx)) < 0)
                return rc;
        } else if (lg && gg__streq(ks, kl, "c")) {
            uint32_t m;
            if ((rc = gg__rd_map(r, &m)) < 0)
                return fail(c, rc, key, idx, "c");
            for (uint32_t j = 0; j < m; j++) {
                const char *s;
                uint32_t sl;
                int64_t v;
                if ((rc = gg__rd_str(r, &s, &sl)) < 0 || (rc = gg__rd_int(r, &v, -128, 127)) < 0)
                    return fail(c, rc, key, idx, "c");
                int rslot = gg__res_find(s, sl);
                if (rslot >= 0)
                    lg->cost[rslot] = (int8_t)v;
            }
            gg__rd_leave(r);
        } else if (lg && gg__streq(ks, kl, "nc")) {
            int b;
            if ((rc = gg__rd_bool(r, &b)) < 0)
                return fail(c, rc, key, idx, "nc");
            lg->needs_consent = (uint8_t)b;
        } else if ((rc = gg__rd_skip(r)) < 0) {
            return fail(c, rc, key, idx, NULL);
        }
    }
    gg__rd_leave(r);
    if (action < 0)
        return fail(c, GG_EMSG_MISSING_FIELD, key, idx, "a");
    o->action = (uint8_t)action;
    o->target = 0;
    o->arg = 0;
    int kind = target_kind(action);
    if (kind == GG_TGT_NONE) {
        if (t)
            return fail(c, GG_EBAD_TARGET, key, idx, "t");
    } else if (!t) {
        if (!(lg && action == GG_ACT_ANY_TRANSFER))
            return fail(c, GG_EBAD_TARGET, key, idx, "t");
        o->target = GG_NONE;
    } else {
        int tg = target_find(kind, t, tlen);
        if (tg < 0)
            return fail(c, GG_EBAD_TARGET, key, idx, "t");
        o->target = (uint8_t)tg;
    }
    if (action == GG_ACT_ANY_TRANSFER && !lg) {
        if (res < 0)
            return fail(c, GG_EMSG_MISSING_FIELD, key, idx, "r");
        if (!have_n)
            return fail(c, GG_EMSG_MISSING_FIELD, key, idx, "n");
        o->arg = gg_transfer_arg(res, (int)amount);
    } else if (res >= 0 || have_n) {
        return fail(c, GG_EMSG_BAD_FIELD, key, idx, res >= 0 ? "r" : "n");
    }
    return 0;
}

int gg__dec_orders(gg__rd *r, gg_orders *o, int with_outcome, uint8_t *outcome, gg_report *rep,
                   int seat, gg__ctx *c, const char *key)
{
    uint32_t n;
    int rc = gg__rd_array(r, &n);
    if (rc < 0)
        return fail(c, rc, key, -1, NULL);
    if (n > GG_MAX_ORDERS)
        return fail(c, GG_ETOO_MANY_ORDERS, key, GG_MAX_ORDERS, NULL);
    o->count = 0;
    for (uint32_t i = 0; i < n; i++) {
        uint8_t *out = with_outcome ? &outcome[i] : NULL;
        if ((rc = dec_order(r, &o->o[i], out, NULL, rep, seat * GG_MAX_ORDERS + (int)i, c, key,
                            (int)i)) < 0)
            return rc;
        o->count++;
    }
    gg__rd_leave(r);
    return 0;
}

/* Writes one order; `lg` adds the legal-action keys. */
static int enc_order(gg__wr *w, const gg_order *o, const uint8_t *outcome, const gg_legal *lg,
                     const gg_report *rep, int slot)
{
    if (o->action >= GG_ACTIONS)
        return GG_EMSG_BAD_FIELD;
    int kind = target_kind(o->action);
    const char *tn = NULL;
    int transfer = o->action == GG_ACT_ANY_TRANSFER;
    if (kind != GG_TGT_NONE) {
        tn = target_name(kind, o->target);
        if (!tn && !(lg && transfer && o->target == GG_NONE))
            return GG_EMSG_BAD_FIELD;
    }
    int put_rn = transfer && !lg;
    if (put_rn && (o->arg & 3) >= GG_RES_KINDS)
        return GG_EMSG_BAD_FIELD;
    if (outcome && *outcome > GG_OUT_BREACH)
        return GG_EMSG_BAD_FIELD;
    uint32_t ncost = 0;
    if (lg)
        for (int k = 0; k < GG_RES_KINDS; k++)
            ncost += lg->cost[k] != 0 ? 1u : 0u;
    uint32_t n = 1u + (tn ? 1u : 0u) + (put_rn ? 2u : 0u) + (outcome ? 1u : 0u) +
                 (lg ? (lg->needs_consent ? 2u : 1u) : 0u);
    int nchg = rep ? gg__count_changes(rep, slot) : 0;
    n += nchg ? 1u : 0u;
    gg__wr_map(w, n);
    gg__wr_str(w, "a");
    gg__wr_str(w, gg__action_name(o->action));
    if (tn) {
        gg__wr_str(w, "t");
        gg__wr_str(w, tn);
    }
    if (put_rn) {
        /* the resource is named as the giving seat calls it; "capital" and
         * "budget" (and prestige/legitimacy) are accepted for any seat */
        gg__wr_str(w, "r");
        gg__wr_str(w, gg_res_name(GG_CHINA, o->arg & 3));
        gg__wr_str(w, "n");
        gg__wr_uint(w, (uint64_t)(o->arg >> 2));
    }
    if (outcome) {
        gg__wr_str(w, "out");
        gg__wr_str(w, gg__outcome_name(*outcome));
    }
    if (nchg) {
        gg__wr_str(w, "chg");
        int rc = gg__enc_changes(w, rep, slot);
        if (rc < 0)
            return rc;
    }
    if (lg) {
        /* costs are paid by the action's owner and named as it calls its
         * resources (Kazakhstan: budget, legitimacy); "any seat" actions
         * (transfer) cost nothing */
        const gg_action_def *ad = gg_action_def_get(o->action);
        int payer = ad && ad->seat < GG_SEATS ? ad->seat : GG_CHINA;
        gg__wr_str(w, "c");
        gg__wr_map(w, ncost);
        for (int k = 0; k < GG_RES_KINDS; k++)
            if (lg->cost[k]) {
                gg__wr_str(w, gg_res_name(payer, k));
                gg__wr_int(w, lg->cost[k]);
            }
        if (lg->needs_consent) {
            gg__wr_str(w, "nc");
            gg__wr_bool(w, 1);
        }
    }
    return 0;
}

int gg__enc_orders(gg__wr *w, const gg_orders *o, const uint8_t *outcome, const gg_report *rep,
                   int seat)
{
    if (o->count > GG_MAX_ORDERS)
        return GG_EMSG_BAD_FIELD;
    gg__wr_array(w, o->count);
    for (int i = 0; i < o->count; i++) {
        int rc = enc_order(w, &o->o[i], outcome ? &outcome[i] : NULL, NULL, rep,
                           seat * GG_MAX_ORDERS + i);
        if (rc < 0)
            return rc;
    }
    return 0;
}

/* ---- Legal actions ------------------------------------------------------- */

int gg__dec_legal(gg__rd *r, gg_legal_list *l, gg__ctx *c, const char *key)
{
    uint32_t n;
    int rc = gg__rd_array(r, &n);
    if (rc < 0)
        return fail(c, rc, key, -1, NULL);
    if (n > GG_MAX_LEGAL)
        return fail(c, GG_EMSG_BAD_COUNT, key, -1, NULL);
    l->n = 0;
    for (uint32_t i = 0; i < n; i++) {
        gg_legal *lg = &l->a[i];
        gg_order o;
        memset(lg, 0, sizeof *lg);
        if ((rc = dec_order(r, &o, NULL, lg, NULL, 0, c, key, (int)i)) < 0)
            return rc;
        lg->action = o.action;
        lg->target = o.target;
        l->n++;
    }
    gg__rd_leave(r);
    return 0;
}

int gg__enc_legal(gg__wr *w, const gg_legal *l, int n)
{
    if (n < 0 || n > GG_MAX_LEGAL)
        return GG_EMSG_BAD_FIELD;
    gg__wr_array(w, (uint32_t)n);
    for (int i = 0; i < n; i++) {
        gg_order o = {l[i].action, l[i].target, 0};
        gg_legal lg = l[i];
        lg.needs_consent = lg.needs_consent != 0;
        int rc = enc_order(w, &o, NULL, &lg, NULL, 0);
        if (rc < 0)
            return rc;
    }
    return 0;
}

/* ---- Seat sets and seat/name maps --------------------------------------- */

int gg__dec_seatset(gg__rd *r, uint8_t *mask, gg__ctx *c, const char *key)
{
    uint32_t n;
    int rc = gg__rd_array(r, &n);
    if (rc < 0)
        return fail(c, rc, key, -1, NULL);
    *mask = 0;
    for (uint32_t i = 0; i < n; i++) {
        if ((rc = gg__rd_name(r, gg__seat_name, GG_SEATS, GG_EBAD_SEAT)) < 0)
            return fail(c, rc, key, (int)i, NULL);
        *mask |= (uint8_t)(1u << rc);
    }
    gg__rd_leave(r);
    return 0;
}

void gg__enc_seatset(gg__wr *w, uint8_t mask)
{
    uint32_t n = 0;
    for (int s = 0; s < GG_SEATS; s++)
        n += ((unsigned)mask >> s) & 1u;
    gg__wr_array(w, n);
    for (int s = 0; s < GG_SEATS; s++)
        if (((unsigned)mask >> s) & 1u)
            gg__wr_str(w, gg__seat_name(s));
}

int gg__dec_u8map(gg__rd *r, uint8_t *v, const char *(*names)(int), int count, int max, gg__ctx *c,
                  const char *key)
{
    uint32_t n;
    int rc = gg__rd_map(r, &n);
    if (rc < 0)
        return fail(c, rc, key, -1, NULL);
    for (uint32_t i = 0; i < n; i++) {
        const char *s;
        uint32_t sl;
        if ((rc = gg__rd_str(r, &s, &sl)) < 0)
            return fail(c, rc, key, -1, NULL);
        int idx = find_name(s, sl, names, count);
        if (idx < 0) {
            if ((rc = gg__rd_skip(r)) < 0) /* a name from a newer catalogue */
                return fail(c, rc, key, -1, NULL);
            continue;
        }
        uint64_t u;
        if ((rc = gg__rd_uint(r, &u, (uint64_t)max)) < 0)
            return fail(c, rc, key, -1, names(idx));
        v[idx] = (uint8_t)u;
    }
    gg__rd_leave(r);
    return 0;
}

void gg__enc_u8map(gg__wr *w, const uint8_t *v, const char *(*names)(int), int count, int skip_zero)
{
    uint32_t n = 0;
    for (int i = 0; i < count; i++)
        n += !skip_zero || v[i];
    gg__wr_map(w, n);
    for (int i = 0; i < count; i++)
        if (!skip_zero || v[i]) {
            gg__wr_str(w, names(i));
            gg__wr_uint(w, v[i]);
        }
}

int gg__dec_seatints(gg__rd *r, int16_t *v, int lo, int hi, gg__ctx *c, const char *key)
{
    uint32_t n;
    int rc = gg__rd_map(r, &n);
    if (rc < 0)
        return fail(c, rc, key, -1, NULL);
    for (uint32_t i = 0; i < n; i++) {
        rc = gg__rd_name(r, gg__seat_name, GG_SEATS, GG_EBAD_SEAT);
        if (rc < 0)
            return fail(c, rc, key, -1, NULL);
        int seat = rc;
        int64_t x;
        if ((rc = gg__rd_int(r, &x, lo, hi)) < 0)
            return fail(c, rc, key, -1, gg__seat_name(seat));
        v[seat] = (int16_t)x;
    }
    gg__rd_leave(r);
    return 0;
}

void gg__enc_seatints(gg__wr *w, const int16_t *v, int skip_zero)
{
    uint32_t n = 0;
    for (int s = 0; s < GG_SEATS; s++)
        n += !skip_zero || v[s];
    gg__wr_map(w, n);
    for (int s = 0; s < GG_SEATS; s++)
        if (!skip_zero || v[s]) {
            gg__wr_str(w, gg__seat_name(s));
            gg__wr_int(w, v[s]);
        }
}
