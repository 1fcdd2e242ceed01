/* protocol/codec.c — the table-driven encoder and bounded decoder. Each
 * message is a msgpack map {"t":type, "rid":.., "seq":.., fields...}; the
 * fields, their kinds, ranges and required flags come from the descriptor
 * tables generated in catalog.c, so encoder and decoder enforce exactly the
 * same rules. */
#include <stdio.h>
#include <string.h>

#include "internal.h"
#include "catalog.h"

/* ---- Per-kind name tables for the enum kinds --------------------------- */

static int enum_names(int kind, const char *(**names)(int), int *count, int *unknown)
{
    *unknown = GG_EMSG_BAD_FIELD;
    switch (kind) {
    case GG_FK_SEAT:
        *names = gg__seat_name, *count = GG_SEATS, *unknown = GG_EBAD_SEAT;
        return 1;
    case GG_FK_WHO:
        *names = gg_who_name, *count = GG_VIEW_MODERATOR + 1, *unknown = GG_EBAD_SEAT;
        return 1;
    case GG_FK_PHASE:
        *names = gg__phase_name, *count = GG_PHASE_OVER + 1;
        return 1;
    case GG_FK_CHAN:
        *names = gg_chan_name, *count = GG_CHANS;
        return 1;
    case GG_FK_ROLE:
        *names = gg_role_name, *count = GG_ROLES;
        return 1;
    case GG_FK_MISS:
        *names = gg_missed_name, *count = GG_MISSES;
        return 1;
    case GG_FK_EVENT:
        *names = gg__event_name, *count = gg__nevents(), *unknown = GG_EBAD_EVENT;
        return 1;
    case GG_FK_RESPONSE:
        *names = gg__response_name, *count = GG_RESPONSES, *unknown = GG_EBAD_TARGET;
        return 1;
    case GG_FK_ENDREASON:
        *names = gg__endreason_name, *count = GG_END_MODERATOR + 1;
        return 1;
    case GG_FK_TIEBREAK:
        *names = gg__tiebreak_name, *count = GG_TIEBREAKS;
        return 1;
    case GG_FK_MSGTYPE:
        *names = gg__msgtype_name, *count = GG_MSG_TYPES;
        return 1;
    default:
        return 0;
    }
}

/* A string field's limits: length in [lo, min(hi, size - 1)], UTF-8, no NUL. */
static int str_ok(const gg_field_desc *f, const char *s, size_t len)
{
    size_t hi = (size_t)f->hi < (size_t)f->size - 1 ? (size_t)f->hi : (size_t)f->size - 1;
    return len >= (size_t)f->lo && len <= hi && memchr(s, 0, len) == NULL && gg__utf8_ok(s, len);
}

static int hexval(char ch)
{
    if (ch >= '0' && ch <= '9')
        return ch - '0';
    if (ch >= 'a' && ch <= 'f')
        return ch - 'a' + 10;
    if (ch >= 'A' && ch <= 'F')
        return ch - 'A' + 10;
    return -1;
}

/* ---- Decoding one field -------------------------------------------------- */

static int dec_field(gg__rd *r, const gg_field_desc *f, void *dst, gg__ctx *c)
{
    int rc;
    uint64_t u;
    int64_t i;
    const char *s;
    uint32_t len;
    const char *(*names)(int);
    int count, unknown;
    if (enum_names(f->kind, &names, &count, &unknown)) {
        if ((rc = gg__rd_name(r, names, count, unknown)) < 0)
            return rc;
        *(uint8_t *)dst = (uint8_t)rc;
        return 0;
    }
    switch (f->kind) {
    case GG_FK_UINT:
        if ((rc = gg__rd_uint(r, &u, (uint64_t)f->hi)) < 0)
            return rc;
        if (u < (uint64_t)f->lo)
            return GG_EMSG_BAD_FIELD;
        *(uint32_t *)dst = (uint32_t)u;
        return 0;
    case GG_FK_U64:
        if ((rc = gg__rd_uint(r, &u, UINT64_MAX)) < 0)
            return rc;
        memcpy(dst, &u, sizeof u);
        return 0;
    case GG_FK_INT:
        if ((rc = gg__rd_int(r, &i, f->lo, f->hi)) < 0)
            return rc;
        *(int32_t *)dst = (int32_t)i;
        return 0;
    case GG_FK_BOOL: {
        int b;
        if ((rc = gg__rd_bool(r, &b)) < 0)
            return rc;
        *(uint8_t *)dst = (uint8_t)b;
        return 0;
    }
    case GG_FK_STR:
        if ((rc = gg__rd_str(r, &s, &len)) < 0)
            return rc;
        if (!str_ok(f, s, len))
            return GG_EMSG_BAD_FIELD;
        memcpy(dst, s, len);
        ((char *)dst)[len] = 0;
        return 0;
    case GG_FK_BIN: {
        gg__val v;
        if ((rc = gg__rd_next(r, &v)) < 0)
            return rc;
        if (v.kind != GG__V_BIN || v.len > (uint64_t)f->hi)
            return GG_EMSG_BAD_FIELD;
        gg_bin *b = dst;
        b->p = (const uint8_t *)v.s;
        b->len = v.len;
        return 0;
    }
    case GG_FK_HEX64:
        if ((rc = gg__rd_str(r, &s, &len)) < 0)
            return rc;
        if (len != 16)
            return GG_EMSG_BAD_FIELD;
        u = 0;
        for (uint32_t k = 0; k < 16; k++) {
            int h = hexval(s[k]);
            if (h < 0)
                return GG_EMSG_BAD_FIELD;
            u = (u << 4) | (uint64_t)h;
        }
        memcpy(dst, &u, sizeof u);
        return 0;
    case GG_FK_SEATSET:
        return gg__dec_seatset(r, dst, c, f->key);
    case GG_FK_SEATSTR: {
        gg_seat_strs *ss = dst;
        if ((rc = gg__rd_map(r, &len)) < 0)
            return rc;
        for (uint32_t k = 0; k < len; k++) {
            if ((rc = gg__rd_name(r, gg__seat_name, GG_SEATS, GG_EBAD_SEAT)) < 0)
                return rc;
            int seat = rc;
            uint32_t sl;
            if ((rc = gg__rd_str(r, &s, &sl)) < 0)
                return rc;
            gg_field_desc one = *f;
            one.size = sizeof ss->v[seat];
            if (!str_ok(&one, s, sl))
                return GG_EMSG_BAD_FIELD;
            memcpy(ss->v[seat], s, sl);
            ss->v[seat][sl] = 0;
        }
        gg__rd_leave(r);
        return 0;
    }
    case GG_FK_SEATINTS:
        return gg__dec_seatints(r, ((gg_seat_ints *)dst)->v, (int)f->lo, (int)f->hi, c, f->key);
    case GG_FK_RANK: {
        gg_rank *rk = dst;
        unsigned seen = 0;
        if ((rc = gg__rd_array(r, &len)) < 0)
            return rc;
        if (len != GG_SEATS)
            return GG_EMSG_BAD_FIELD;
        for (int k = 0; k < GG_SEATS; k++) {
            if ((rc = gg__rd_name(r, gg__seat_name, GG_SEATS, GG_EBAD_SEAT)) < 0)
                return rc;
            if (seen & (1u << rc))
                return GG_EMSG_BAD_FIELD;
            seen |= 1u << rc;
            rk->v[k] = (uint8_t)rc;
        }
        gg__rd_leave(r);
        return 0;
    }
    case GG_FK_ORDERS:
        return gg__dec_orders(r, dst, 0, NULL, NULL, 0, c, f->key);
    case GG_FK_CLAUSES:
        if ((rc = gg__dec_clauses(r, dst, c, f->key)) < 0)
            return rc;
        return ((gg_clauses *)dst)->n < f->lo ? GG_EBAD_DEAL : 0;
    case GG_FK_DEAL:
        return gg__dec_deal(r, dst, c, f->key);
    case GG_FK_REASON:
        return gg__dec_reason(r, dst, c, f->key);
    case GG_FK_VIEW:
        return gg__dec_view(r, dst, c, f->key);
    case GG_FK_LEGAL:
        return gg__dec_legal(r, dst, c, f->key);
    case GG_FK_REPORT:
        return gg__dec_report(r, dst, c, f->key);
    case GG_FK_TRACKS:
        return gg__dec_u8map(r, ((gg_tracks *)dst)->v, gg__track_name, GG_TRACKS, 255, c, f->key);
    case GG_FK_GLOBALS:
        return gg__dec_u8map(r, ((gg_globals *)dst)->v, gg__global_name, GG_GLOBALS, 255, c,
                             f->key);
    case GG_FK_ROUTES:
        return gg__dec_u8map(r, ((gg_routes *)dst)->v, gg__route_name, GG_ROUTES, 255, c, f->key);
    case GG_FK_INFLUENCE: {
        gg_influence *in = dst;
        if ((rc = gg__rd_map(r, &len)) < 0)
            return rc;
        for (uint32_t k = 0; k < len; k++) {
            if ((rc = gg__rd_name(r, gg__power_name, GG_POWERS, GG_EBAD_SEAT)) < 0)
                return rc;
            rc = gg__dec_u8map(r, in->v[rc], gg__domain_name, GG_DOMAINS, 255, c, f->key);
            if (rc < 0)
                return rc;
        }
        gg__rd_leave(r);
        return 0;
    }
    case GG_FK_ERRS: {
        gg_errs *e = dst;
        if ((rc = gg__rd_array(r, &len)) < 0)
            return rc;
        if (len > GG_MAX_ORDERS)
            return GG_EMSG_BAD_COUNT;
        for (uint32_t k = 0; k < len; k++) {
            if ((rc = gg__rd_int(r, &i, -399, 0)) < 0)
                return rc;
            e->v[e->n++] = (int16_t)i;
        }
        gg__rd_leave(r);
        return 0;
    }
    case GG_FK_STATS: {
        gg_stats *st = dst;
        uint32_t cnt;
        if ((rc = gg__rd_map(r, &cnt)) < 0)
            return rc;
        if (cnt > GG_MAX_STATS)
            return GG_EMSG_BAD_COUNT;
        gg_field_desc one = {0};
        one.lo = 1, one.hi = GG_MAX_NAME, one.size = sizeof st->s[0].name;
        for (uint32_t k = 0; k < cnt; k++) {
            gg_stat *x = &st->s[st->n];
            if ((rc = gg__rd_str(r, &s, &len)) < 0)
                return rc;
            if (!str_ok(&one, s, len))
                return GG_EMSG_BAD_FIELD;
            memcpy(x->name, s, len);
            x->name[len] = 0;
            if ((rc = gg__rd_int(r, &x->value, INT64_MIN, INT64_MAX)) < 0)
                return rc;
            st->n++;
        }
        gg__rd_leave(r);
        return 0;
    }
    default:
        return GG_EMSG_BAD_FIELD;
    }
}

/* ---- Decoding a message ---------------------------------------------------- */

static int dfail(gg_decode_err *err, int rc, const char *where)
{
    if (err && !err->where[0] && where)
        snprintf(err->where, sizeof err->where, "%s", where);
    return rc;
}

int gg_msg_decode(gg_msg *m, const uint8_t *buf, size_t len, gg_decode_err *err)
{
    gg__ctx ctx = {err};
    gg__rd r;
    gg__val v;
    int rc;
    m->type = GG_ABSENT;
    m->rid = 0;
    m->seq = 0;
    if (err) {
        err->where[0] = 0;
        err->index = -1;
    }
    if (len > GG_MAX_MESSAGE)
        return GG_EMSG_TOO_BIG;
    gg__rd_init(&r, buf, len);
    if ((rc = gg__rd_next(&r, &v)) < 0)
        return rc;
    if (v.kind != GG__V_MAP)
        return GG_EMSG_MALFORMED;
    const uint32_t n = v.len;
    const gg__rd body = r;

    /* Pass 1: the envelope (t, rid, seq, and hello's v), skipping the rest;
     * this also checks that the whole map is well formed and bounded. */
    int type = GG_EMSG_MISSING_FIELD;
    int have_seq = 0;
    unsigned envelope = 0; /* t, rid, seq seen: a repeated one is MSG_BAD_FIELD */
    int64_t hello_v = -1;
    for (uint32_t k = 0; k < n; k++) {
        const char *ks;
        uint32_t kl;
        uint64_t u;
        if ((rc = gg__rd_next(&r, &v)) < 0)
            return rc;
        if (v.kind != GG__V_STR)
            return GG_EMSG_MALFORMED; /* keys are strings */
        ks = v.s;
        kl = v.len;
        int ek = gg__streq(ks, kl, "t")     ? 1
                 : gg__streq(ks, kl, "rid") ? 2
                 : gg__streq(ks, kl, "seq") ? 4
                                            : 0;
        if (envelope & (unsigned)ek)
            return dfail(err, GG_EMSG_BAD_FIELD, ek == 1 ? "t" : ek == 2 ? "rid" : "seq");
        envelope |= (unsigned)ek;
        if (gg__streq(ks, kl, "t")) {
            const char *s;
            uint32_t sl;
            if ((rc = gg__rd_str(&r, &s, &sl)) < 0)
                return dfail(err, rc, "t");
            type = gg_msg_type_find(s, sl);
        } else if (gg__streq(ks, kl, "rid")) {
            if ((rc = gg__rd_uint(&r, &u, UINT32_MAX)) < 0)
                return dfail(err, rc, "rid");
            m->rid = (uint32_t)u;
        } else if (gg__streq(ks, kl, "seq")) {
            if ((rc = gg__rd_uint(&r, &u, UINT32_MAX)) < 0)
                return dfail(err, rc, "seq");
            m->seq = (uint32_t)u;
            have_seq = 1;
        } else if (gg__streq(ks, kl, "v")) {
            gg__rd save = r;
            if (gg__rd_uint(&r, &u, UINT64_MAX) == 0) {
                hello_v = u > 0xffffffffu ? 0xffffffff : (int64_t)u;
            } else {
                r = save;
                if ((rc = gg__rd_skip(&r)) < 0)
                    return rc;
            }
        } else if ((rc = gg__rd_skip(&r)) < 0) {
            return rc;
        }
    }
    gg__rd_leave(&r);
    if (r.p != r.end)
        return GG_EMSG_MALFORMED; /* one message per frame, nothing after it */
    if (type < 0)
        return dfail(err, type, "t");
    m->type = (uint8_t)type;
    if (type == GG_MSG_hello && hello_v >= 0 && gg_version_check((uint32_t)hello_v) < 0)
        return dfail(err, GG_EVERSION_MISMATCH, "v");

    /* Pass 2: the fields of the type. */
    const gg__msg_def *d = &gg__msgs[type];
    gg__msg_defaults(m);
    uint8_t *base = (uint8_t *)&m->u;
    uint32_t has = 0;
    r = body;
    for (uint32_t k = 0; k < n; k++) {
        const char *ks;
        uint32_t kl;
        if ((rc = gg__rd_str(&r, &ks, &kl)) < 0)
            return rc;
        int fi = 0;
        while (fi < d->nfields && !gg__streq(ks, kl, d->fields[fi].key))
            fi++;
        if (fi == d->nfields) {
            if ((rc = gg__rd_skip(&r)) < 0)
                return rc;
            continue;
        }
        const gg_field_desc *f = &d->fields[fi];
        if (has & (1u << fi))
            return dfail(err, GG_EMSG_BAD_FIELD, f->key); /* repeated key */
        int depth = r.depth;
        if ((rc = dec_field(&r, f, base + f->offset, &ctx)) < 0)
            return dfail(err, rc, f->key);
        if (r.depth != depth)
            return dfail(err, GG_EMSG_MALFORMED, f->key); /* internal consistency */
        has |= 1u << fi;
    }
    *(uint32_t *)base = has;
    for (int fi = 0; fi < d->nfields; fi++)
        if (d->fields[fi].required && !(has & (1u << fi)))
            return dfail(err, GG_EMSG_MISSING_FIELD, d->fields[fi].key);
    if (d->dir == GG_S2C && !have_seq)
        return dfail(err, GG_EMSG_MISSING_FIELD, "seq");
    return 0;
}

/* ---- Encoding ------------------------------------------------------------------ */

static int is_absent(const gg_field_desc *f, const void *p)
{
    if (gg__kind_is_enum(f->kind))
        return *(const uint8_t *)p == GG_ABSENT;
    switch (f->kind) {
    case GG_FK_UINT:
        return *(const uint32_t *)p == 0;
    case GG_FK_INT:
        return *(const int32_t *)p == 0;
    case GG_FK_U64:
    case GG_FK_HEX64: {
        uint64_t u;
        memcpy(&u, p, sizeof u);
        return u == 0;
    }
    case GG_FK_BOOL:
    case GG_FK_SEATSET:
        return *(const uint8_t *)p == 0;
    case GG_FK_STR:
        return *(const char *)p == 0;
    case GG_FK_BIN:
        return ((const gg_bin *)p)->len == 0;
    case GG_FK_SEATSTR: {
        const gg_seat_strs *ss = p;
        for (int s = 0; s < GG_SEATS; s++)
            if (ss->v[s][0])
                return 0;
        return 1;
    }
    case GG_FK_SEATINTS: {
        const gg_seat_ints *si = p;
        for (int s = 0; s < GG_SEATS; s++)
            if (si->v[s])
                return 0;
        return 1;
    }
    case GG_FK_ORDERS:
        return ((const gg_orders *)p)->count == 0;
    case GG_FK_CLAUSES:
        return ((const gg_clauses *)p)->n == 0;
    case GG_FK_REASON:
        return ((const gg_reason *)p)->id == GG_RSN_NONE;
    case GG_FK_LEGAL:
        return ((const gg_legal_list *)p)->n == 0;
    case GG_FK_ERRS:
        return ((const gg_errs *)p)->n == 0;
    case GG_FK_STATS:
        return ((const gg_stats *)p)->n == 0;
    default:
        return 0; /* structured values are always written */
    }
}

static int enc_str(gg__wr *w, const gg_field_desc *f, const char *s)
{
    size_t len = 0;
    while (len < f->size && s[len])
        len++;
    if (len == f->size || !str_ok(f, s, len))
        return GG_EMSG_BAD_FIELD;
    gg__wr_strn(w, s, len);
    return 0;
}

static int enc_field(gg__wr *w, const gg_field_desc *f, const void *p)
{
    const char *(*names)(int);
    int count, unknown;
    if (enum_names(f->kind, &names, &count, &unknown)) {
        uint8_t x = *(const uint8_t *)p;
        if (x >= count)
            return GG_EMSG_BAD_FIELD;
        gg__wr_str(w, names(x));
        return 0;
    }
    switch (f->kind) {
    case GG_FK_UINT: {
        uint32_t u = *(const uint32_t *)p;
        if ((int64_t)u < f->lo || (int64_t)u > f->hi)
            return GG_EMSG_BAD_FIELD;
        gg__wr_uint(w, u);
        return 0;
    }
    case GG_FK_U64: {
        uint64_t u;
        memcpy(&u, p, sizeof u);
        gg__wr_uint(w, u);
        return 0;
    }
    case GG_FK_INT: {
        int32_t i = *(const int32_t *)p;
        if (i < f->lo || i > f->hi)
            return GG_EMSG_BAD_FIELD;
        gg__wr_int(w, i);
        return 0;
    }
    case GG_FK_BOOL:
        if (*(const uint8_t *)p > 1)
            return GG_EMSG_BAD_FIELD;
        gg__wr_bool(w, *(const uint8_t *)p);
        return 0;
    case GG_FK_STR:
        return enc_str(w, f, p);
    case GG_FK_BIN: {
        const gg_bin *b = p;
        if (b->len > f->hi || (b->len && !b->p))
            return GG_EMSG_BAD_FIELD;
        gg__wr_bin(w, b->p, b->len);
        return 0;
    }
    case GG_FK_HEX64: {
        uint64_t u;
        char hex[17];
        memcpy(&u, p, sizeof u);
        snprintf(hex, sizeof hex, "%016llx", (unsigned long long)u);
        gg__wr_strn(w, hex, 16);
        return 0;
    }
    case GG_FK_SEATSET:
        if (*(const uint8_t *)p >> GG_SEATS)
            return GG_EMSG_BAD_FIELD;
        gg__enc_seatset(w, *(const uint8_t *)p);
        return 0;
    case GG_FK_SEATSTR: {
        const gg_seat_strs *ss = p;
        gg_field_desc one = *f;
        one.size = sizeof ss->v[0];
        uint32_t n = 0;
        for (int s = 0; s < GG_SEATS; s++)
            n += ss->v[s][0] != 0;
        gg__wr_map(w, n);
        for (int s = 0; s < GG_SEATS; s++) {
            if (!ss->v[s][0])
                continue;
            gg__wr_str(w, gg__seat_name(s));
            if (enc_str(w, &one, ss->v[s]) < 0)
                return GG_EMSG_BAD_FIELD;
        }
        return 0;
    }
    case GG_FK_SEATINTS: {
        const gg_seat_ints *si = p;
        for (int s = 0; s < GG_SEATS; s++)
            if (si->v[s] < f->lo || si->v[s] > f->hi)
                return GG_EMSG_BAD_FIELD;
        gg__enc_seatints(w, si->v, 1);
        return 0;
    }
    case GG_FK_RANK: {
        const gg_rank *rk = p;
        unsigned seen = 0;
        for (int k = 0; k < GG_SEATS; k++) {
            if (rk->v[k] >= GG_SEATS || (seen & (1u << rk->v[k])))
                return GG_EMSG_BAD_FIELD;
            seen |= 1u << rk->v[k];
        }
        gg__wr_array(w, GG_SEATS);
        for (int k = 0; k < GG_SEATS; k++)
            gg__wr_str(w, gg__seat_name(rk->v[k]));
        return 0;
    }
    case GG_FK_ORDERS:
        return gg__enc_orders(w, p, NULL, NULL, 0);
    case GG_FK_CLAUSES: {
        const gg_clauses *cl = p;
        if (cl->n < f->lo)
            return GG_EMSG_BAD_FIELD;
        return gg__enc_clauses(w, cl->c, cl->n);
    }
    case GG_FK_DEAL:
        return gg__enc_deal(w, p);
    case GG_FK_REASON:
        return gg__enc_reason(w, p);
    case GG_FK_VIEW:
        return gg__enc_view(w, p);
    case GG_FK_LEGAL: {
        const gg_legal_list *l = p;
        return gg__enc_legal(w, l->a, l->n);
    }
    case GG_FK_REPORT:
        return gg__enc_report(w, p, 1);
    case GG_FK_TRACKS:
        gg__enc_u8map(w, ((const gg_tracks *)p)->v, gg__track_name, GG_TRACKS, 0);
        return 0;
    case GG_FK_GLOBALS:
        gg__enc_u8map(w, ((const gg_globals *)p)->v, gg__global_name, GG_GLOBALS, 0);
        return 0;
    case GG_FK_ROUTES:
        gg__enc_u8map(w, ((const gg_routes *)p)->v, gg__route_name, GG_ROUTES, 0);
        return 0;
    case GG_FK_INFLUENCE: {
        const gg_influence *in = p;
        gg__wr_map(w, GG_POWERS);
        for (int pw = 0; pw < GG_POWERS; pw++) {
            gg__wr_str(w, gg__power_name(pw));
            gg__enc_u8map(w, in->v[pw], gg__domain_name, GG_DOMAINS, 0);
        }
        return 0;
    }
    case GG_FK_ERRS: {
        const gg_errs *e = p;
        if (e->n > GG_MAX_ORDERS)
            return GG_EMSG_BAD_FIELD;
        gg__wr_array(w, e->n);
        for (int k = 0; k < e->n; k++) {
            if (e->v[k] < -399 || e->v[k] > 0)
                return GG_EMSG_BAD_FIELD;
            gg__wr_int(w, e->v[k]);
        }
        return 0;
    }
    case GG_FK_STATS: {
        const gg_stats *st = p;
        if (st->n > GG_MAX_STATS)
            return GG_EMSG_BAD_FIELD;
        gg_field_desc one = {0};
        one.lo = 1, one.hi = GG_MAX_NAME, one.size = sizeof st->s[0].name;
        gg__wr_map(w, st->n);
        for (int k = 0; k < st->n; k++) {
            if (enc_str(w, &one, st->s[k].name) < 0)
                return GG_EMSG_BAD_FIELD;
            gg__wr_int(w, st->s[k].value);
        }
        return 0;
    }
    default:
        return GG_EMSG_BAD_FIELD;
    }
}

int gg_msg_encode(const gg_msg *m, uint8_t *out, size_t cap)
{
    if (m->type >= GG_MSG_TYPES)
        return GG_EMSG_UNKNOWN_TYPE;
    const gg__msg_def *d = &gg__msgs[m->type];
    const uint8_t *base = (const uint8_t *)&m->u;
    int put_seq = d->dir != GG_C2S || m->seq != 0; /* every server->client message */
    uint32_t n = 1u + (m->rid != 0 ? 1u : 0u) + (put_seq ? 1u : 0u);
    for (int i = 0; i < d->nfields; i++) {
        const gg_field_desc *f = &d->fields[i];
        n += (f->required || !is_absent(f, base + f->offset)) ? 1u : 0u;
    }
    gg__wr w;
    gg__wr_init(&w, out, cap);
    gg__wr_map(&w, n);
    gg__wr_str(&w, "t");
    gg__wr_str(&w, d->name);
    if (m->rid) {
        gg__wr_str(&w, "rid");
        gg__wr_uint(&w, m->rid);
    }
    if (put_seq) {
        gg__wr_str(&w, "seq");
        gg__wr_uint(&w, m->seq);
    }
    for (int i = 0; i < d->nfields; i++) {
        const gg_field_desc *f = &d->fields[i];
        const void *p = base + f->offset;
        if (!f->required && is_absent(f, p))
            continue;
        gg__wr_str(&w, f->key);
        int rc = enc_field(&w, f, p);
        if (rc < 0)
            return rc;
    }
    if (w.full)
        return GG_EBUFFER_FULL;
    if (w.len > GG_MAX_MESSAGE)
        return GG_EMSG_TOO_BIG;
    return (int)w.len;
}
