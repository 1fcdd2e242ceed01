/* protocol/changes.c — what each resolved order changed, on the wire: the
 * optional "chg" array of a turn report's order (PROTOCOL.md section 8),
 * one map per change: {"k": kind, "x": what, "y": detail, "n": delta}.
 * "x" names the thing (a seat, track, global, route, institution, project
 * or accord; absent for eaeu and gratitude), "y" the influence domain or
 * the resource (influence and resource changes only). */
#include <stdio.h>
#include <string.h>

#include "internal.h"

static const char *inst_name(int i)
{
    return gg_institution_name(i);
}

/* The name tables of a kind's "x" and "y" (NULL: the key is absent). */
static void tables(int kind, const char *(**x)(int), int *nx, const char *(**y)(int), int *ny)
{
    *x = NULL, *y = NULL, *nx = 0, *ny = 0;
    switch (kind) {
    case GG_CHG_INFLUENCE:
        *x = gg__power_name, *nx = GG_POWERS, *y = gg__domain_name, *ny = GG_DOMAINS;
        break;
    case GG_CHG_RESOURCE:
        *x = gg__seat_name, *nx = GG_SEATS, *ny = GG_RES_KINDS; /* y: gg_res_name */
        break;
    case GG_CHG_TRACK:
        *x = gg__track_name, *nx = GG_TRACKS;
        break;
    case GG_CHG_GLOBAL:
        *x = gg__global_name, *nx = GG_GLOBALS;
        break;
    case GG_CHG_ROUTE:
    case GG_CHG_ROUTE_SHUT:
        *x = gg__route_name, *nx = GG_ROUTES;
        break;
    case GG_CHG_INSTITUTION:
        *x = inst_name, *nx = 5;
        break;
    case GG_CHG_PROJECT:
        *x = gg__project_name, *nx = GG_PROJECTS;
        break;
    case GG_CHG_ACCORD:
        *x = gg__accord_name, *nx = GG_ACCORDS;
        break;
    case GG_CHG_CONSENT:
        *x = gg__power_name, *nx = GG_POWERS;
        break;
    default: /* eaeu, gratitude: no names */
        break;
    }
}

int gg__count_changes(const gg_report *rep, int slot)
{
    int n = 0;
    for (int i = 0; i < rep->nchanges && i < GG_MAX_CHANGES; i++)
        n += rep->changes[i].order == slot;
    return n;
}

int gg_change_names(const gg_change *c, const char **x, const char **y)
{
    const char *(*fx)(int), *(*fy)(int);
    int nx, ny, a = c->what >> 4, b = c->what & 15;
    *x = *y = NULL;
    if (c->kind >= GG_CHG_KINDS)
        return GG_EMSG_BAD_FIELD;
    tables(c->kind, &fx, &nx, &fy, &ny);
    if ((nx && a >= nx) || (ny && b >= ny))
        return GG_EMSG_BAD_FIELD;
    if (nx)
        *x = fx(a);
    if (ny)
        *y = fy ? fy(b) : gg_res_name(a, b);
    return 0;
}

int gg__enc_changes(gg__wr *w, const gg_report *rep, int slot)
{
    gg__wr_array(w, (uint32_t)gg__count_changes(rep, slot));
    for (int i = 0; i < rep->nchanges && i < GG_MAX_CHANGES; i++) {
        const gg_change *c = &rep->changes[i];
        if (c->order != slot)
            continue;
        const char *x, *y;
        if (gg_change_names(c, &x, &y) != 0)
            return GG_EMSG_BAD_FIELD;
        gg__wr_map(w, 2u + (x ? 1u : 0u) + (y ? 1u : 0u));
        gg__wr_str(w, "k");
        gg__wr_str(w, gg_change_kind_name(c->kind));
        if (x) {
            gg__wr_str(w, "x");
            gg__wr_str(w, x);
        }
        if (y) {
            gg__wr_str(w, "y");
            gg__wr_str(w, y);
        }
        gg__wr_str(w, "n");
        gg__wr_int(w, c->delta);
    }
    return 0;
}

static int find(const char *s, uint32_t len, const char *(*names)(int), int count)
{
    for (int i = 0; i < count; i++)
        if (gg__streq(s, len, names(i)))
            return i;
    return -1;
}

/* Records "key[idx].chg[j].sub" and returns rc. */
static int fail(gg__ctx *c, int rc, const char *key, int idx, int j, const char *sub)
{
    char path[GG_MAX_NAME + 1];
    snprintf(path, sizeof path, "%s[%d].chg[%d]%s%s", key, idx, j, sub ? "." : "", sub ? sub : "");
    gg__where(c, path, idx);
    return rc;
}

int gg__dec_changes(gg__rd *r, gg_report *rep, int slot, gg__ctx *c, const char *key, int idx)
{
    uint32_t n;
    int rc = gg__rd_array(r, &n);
    if (rc < 0)
        return fail(c, rc, key, idx, -1, NULL);
    if (n > (uint32_t)(GG_MAX_CHANGES - rep->nchanges))
        return fail(c, GG_EMSG_BAD_COUNT, key, idx, -1, NULL);
    for (uint32_t j = 0; j < n; j++) {
        uint32_t m;
        if ((rc = gg__rd_map(r, &m)) < 0)
            return fail(c, rc, key, idx, (int)j, NULL);
        int kind = -1, a = -1, b = -1;
        int64_t delta = 0;
        int have_n = 0;
        const char *xs = NULL, *ys = NULL;
        uint32_t xl = 0, yl = 0;
        for (uint32_t k = 0; k < m; k++) {
            const char *ks;
            uint32_t kl;
            if ((rc = gg__rd_str(r, &ks, &kl)) < 0)
                return fail(c, rc, key, idx, (int)j, NULL);
            if (gg__streq(ks, kl, "k")) {
                if ((rc = gg__rd_name(r, gg_change_kind_name, GG_CHG_KINDS, GG_EMSG_BAD_FIELD)) < 0)
                    return fail(c, rc, key, idx, (int)j, "k");
                kind = rc;
            } else if (gg__streq(ks, kl, "x")) {
                if ((rc = gg__rd_str(r, &xs, &xl)) < 0)
                    return fail(c, rc, key, idx, (int)j, "x");
            } else if (gg__streq(ks, kl, "y")) {
                if ((rc = gg__rd_str(r, &ys, &yl)) < 0)
                    return fail(c, rc, key, idx, (int)j, "y");
            } else if (gg__streq(ks, kl, "n")) {
                if ((rc = gg__rd_int(r, &delta, -128, 127)) < 0)
                    return fail(c, rc, key, idx, (int)j, "n");
                have_n = 1;
            } else if ((rc = gg__rd_skip(r)) < 0) {
                return fail(c, rc, key, idx, (int)j, NULL);
            }
        }
        gg__rd_leave(r);
        if (kind < 0)
            return fail(c, GG_EMSG_MISSING_FIELD, key, idx, (int)j, "k");
        if (!have_n)
            return fail(c, GG_EMSG_MISSING_FIELD, key, idx, (int)j, "n");
        const char *(*x)(int), *(*y)(int);
        int nx, ny;
        tables(kind, &x, &nx, &y, &ny);
        a = b = 0;
        if (nx) {
            if (!xs)
                return fail(c, GG_EMSG_MISSING_FIELD, key, idx, (int)j, "x");
            if ((a = find(xs, xl, x, nx)) < 0)
                return fail(c, GG_EMSG_BAD_FIELD, key, idx, (int)j, "x");
        } else if (xs) {
            return fail(c, GG_EMSG_BAD_FIELD, key, idx, (int)j, "x");
        }
        if (ny) {
            if (!ys)
                return fail(c, GG_EMSG_MISSING_FIELD, key, idx, (int)j, "y");
            if ((b = y ? find(ys, yl, y, ny) : gg__res_find(ys, yl)) < 0)
                return fail(c, GG_EMSG_BAD_FIELD, key, idx, (int)j, "y");
        } else if (ys) {
            return fail(c, GG_EMSG_BAD_FIELD, key, idx, (int)j, "y");
        }
        gg_change *ch = &rep->changes[rep->nchanges++];
        ch->order = (uint8_t)slot;
        ch->kind = (uint8_t)kind;
        ch->what = (uint8_t)((a << 4) | b);
        ch->delta = (int8_t)delta;
    }
    gg__rd_leave(r);
    return 0;
}
