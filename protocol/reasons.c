/* protocol/reasons.c — wire codec of a move's reason (gg/reasons.h):
 * {"id":"consent_fee","args":["russia",2,"eaeu_step"]}. Each argument is
 * written by its template kind: seats, actions, accords, projects and
 * resources as their string ids, pledge tags as an array of tag names,
 * numbers (n, v = hundredths of a VP, d = deal id) as integers. */
#include <string.h>

#include "internal.h"

static const char *reason_name(int i)
{
    const gg_reason_def *d = gg_reason_def_get(i);
    return d ? d->id : "";
}

/* The seat whose resource names a resource argument uses: the reason's
 * first seat argument (Kazakhstan's money is "budget"). */
static int res_seat(const gg_reason *r)
{
    const gg_reason_def *d = gg_reason_def_get(r->id);
    for (int i = 0; d && i < r->nargs && d->kinds[i]; i++)
        if (d->kinds[i] == 's' && r->arg[i] >= 0 && r->arg[i] < GG_SEATS)
            return r->arg[i];
    return 0;
}

int gg__enc_reason(gg__wr *w, const gg_reason *r)
{
    if (gg_reason_check(r) != 0)
        return GG_EMSG_BAD_FIELD;
    const char *kinds = gg_reason_def_get(r->id)->kinds;
    gg__wr_map(w, 2);
    gg__wr_str(w, "id");
    gg__wr_str(w, reason_name(r->id));
    gg__wr_str(w, "args");
    gg__wr_array(w, r->nargs);
    for (int i = 0; i < r->nargs; i++) {
        int v = r->arg[i];
        switch (kinds[i]) {
        case 's':
            gg__wr_str(w, gg__seat_name(v));
            break;
        case 'a':
            gg__wr_str(w, gg__action_name(v));
            break;
        case 'c':
            gg__wr_str(w, gg__accord_name(v));
            break;
        case 'p':
            gg__wr_str(w, gg__project_name(v));
            break;
        case 'r':
            gg__wr_str(w, gg_res_name(res_seat(r), v));
            break;
        case 't': {
            uint32_t n = 0;
            for (int t = 0; t < GG_TAGS; t++)
                n += ((unsigned)v >> t) & 1u;
            gg__wr_array(w, n);
            for (int t = 0; t < GG_TAGS; t++)
                if (((unsigned)v >> t) & 1u)
                    gg__wr_str(w, gg__tag_name(t));
            break;
        }
        default:
            gg__wr_int(w, v);
            break;
        }
    }
    return 0;
}

/* A resource slot by any seat's name for it ("capital", "budget", ...). */
static int rd_res(gg__rd *r)
{
    const char *s;
    uint32_t len;
    int rc = gg__rd_str(r, &s, &len);
    if (rc < 0)
        return rc;
    for (int slot = 0; slot < GG_RES_KINDS; slot++)
        for (int seat = 0; seat < GG_SEATS; seat++)
            if (gg__streq(s, len, gg_res_name(seat, slot)))
                return slot;
    return GG_EMSG_BAD_FIELD;
}

static int rd_arg(gg__rd *r, char kind, int16_t *out)
{
    int rc;
    switch (kind) {
    case 's':
        rc = gg__rd_name(r, gg__seat_name, GG_SEATS, GG_EMSG_BAD_FIELD);
        break;
    case 'a':
        rc = gg__rd_name(r, gg__action_name, GG_ACTIONS, GG_EMSG_BAD_FIELD);
        break;
    case 'c':
        rc = gg__rd_name(r, gg__accord_name, GG_ACCORDS, GG_EMSG_BAD_FIELD);
        break;
    case 'p':
        rc = gg__rd_name(r, gg__project_name, GG_PROJECTS, GG_EMSG_BAD_FIELD);
        break;
    case 'r':
        rc = rd_res(r);
        break;
    case 't': {
        uint32_t n;
        if ((rc = gg__rd_array(r, &n)) < 0)
            return rc;
        int bits = 0;
        for (uint32_t i = 0; i < n; i++) {
            int t = gg__rd_name(r, gg__tag_name, GG_TAGS, GG_EMSG_BAD_FIELD);
            if (t < 0)
                return t;
            bits |= 1 << t;
        }
        gg__rd_leave(r);
        rc = bits;
        break;
    }
    default: {
        int64_t v;
        if ((rc = gg__rd_int(r, &v, -32768, 32767)) < 0)
            return rc;
        rc = (int)v;
        *out = (int16_t)rc;
        return 0;
    }
    }
    if (rc < 0)
        return rc;
    *out = (int16_t)rc;
    return 0;
}

int gg__dec_reason(gg__rd *r, gg_reason *out, gg__ctx *c, const char *key)
{
    uint32_t n;
    int rc = gg__rd_map(r, &n);
    memset(out, 0, sizeof *out);
    if (rc < 0)
        goto bad;
    int id = -1;
    uint32_t nargs = 0;
    int16_t args[GG_REASON_ARGS] = {0};
    /* "id" comes first: its kinds say how to read the arguments. */
    for (uint32_t i = 0; i < n; i++) {
        const char *ks;
        uint32_t kl;
        if ((rc = gg__rd_str(r, &ks, &kl)) < 0)
            goto bad;
        if (gg__streq(ks, kl, "id")) {
            if ((id = gg__rd_name(r, reason_name, GG_REASONS, GG_EMSG_BAD_FIELD)) < 0) {
                rc = id;
                goto bad;
            }
        } else if (gg__streq(ks, kl, "args")) {
            if (id < 0) {
                rc = GG_EMSG_BAD_FIELD; /* "id" first: it says how to read the args */
                goto bad;
            }
            const char *kinds = gg_reason_def_get(id)->kinds;
            if ((rc = gg__rd_array(r, &nargs)) < 0)
                goto bad;
            if (nargs != strlen(kinds)) {
                rc = GG_EMSG_BAD_FIELD;
                goto bad;
            }
            for (uint32_t k = 0; k < nargs; k++)
                if ((rc = rd_arg(r, kinds[k], &args[k])) < 0)
                    goto bad;
            gg__rd_leave(r);
        } else if ((rc = gg__rd_skip(r)) < 0) {
            goto bad;
        }
    }
    gg__rd_leave(r);
    if (id < 0) {
        rc = GG_EMSG_MISSING_FIELD;
        goto bad;
    }
    out->id = (uint8_t)id;
    out->nargs = (uint8_t)nargs;
    memcpy(out->arg, args, sizeof args);
    if (gg_reason_check(out) != 0) {
        rc = GG_EMSG_BAD_FIELD;
        goto bad;
    }
    return 0;
bad:
    gg__where(c, key, -1);
    return rc;
}
