/* protocol/reader.c — the bounded msgpack reader (see internal.h).
 *
 * msgpack-c's own unpacker trusts declared counts (a 5-byte array32 header
 * makes it allocate count * sizeof(msgpack_object)); this reader believes
 * nothing it has not checked against the bytes actually left. */
#include <string.h>

#include "internal.h"

void gg__rd_init(gg__rd *r, const uint8_t *buf, size_t len)
{
    r->p = buf;
    r->end = buf + len;
    r->depth = 0;
}

static size_t left(const gg__rd *r)
{
    return (size_t)(r->end - r->p);
}

static uint64_t be(const uint8_t *p, int n)
{
    uint64_t v = 0;
    for (int i = 0; i < n; i++)
        v = (v << 8) | p[i];
    return v;
}

/* Reads an n-byte big-endian payload after the header byte. */
static int take(gg__rd *r, int n, uint64_t *out)
{
    if (left(r) < (size_t)n)
        return GG_EMSG_TRUNCATED;
    *out = be(r->p, n);
    r->p += n;
    return 0;
}

static int body(gg__rd *r, gg__val *v, int kind, uint64_t len)
{
    if (len > left(r))
        return GG_EMSG_BAD_COUNT;
    if (kind == GG__V_STR && len > GG_MAX_STRING)
        return GG_EMSG_BAD_COUNT;
    v->kind = kind;
    v->s = (const char *)r->p;
    v->len = (uint32_t)len;
    r->p += len;
    return 0;
}

static int open_container(gg__rd *r, gg__val *v, int kind, uint64_t n)
{
    /* each element takes at least one byte; a map entry at least two */
    uint64_t min_bytes = kind == GG__V_MAP ? n * 2 : n;
    if (n > GG_MAX_LIST || min_bytes > left(r))
        return GG_EMSG_BAD_COUNT;
    if (r->depth + 1 > GG_MAX_DEPTH)
        return GG_EMSG_TOO_DEEP;
    r->depth++;
    v->kind = kind;
    v->len = (uint32_t)n;
    return 0;
}

int gg__rd_next(gg__rd *r, gg__val *v)
{
    uint64_t x;
    int rc;
    if (left(r) < 1)
        return GG_EMSG_TRUNCATED;
    uint8_t h = *r->p++;
    if (h <= 0x7f) {
        v->kind = GG__V_UINT;
        v->u = h;
        return 0;
    }
    if (h >= 0xe0) {
        v->kind = GG__V_INT;
        v->i = (int8_t)h;
        return 0;
    }
    if (h >= 0x80 && h <= 0x8f)
        return open_container(r, v, GG__V_MAP, h & 0x0f);
    if (h >= 0x90 && h <= 0x9f)
        return open_container(r, v, GG__V_ARRAY, h & 0x0f);
    if (h >= 0xa0 && h <= 0xbf)
        return body(r, v, GG__V_STR, h & 0x1f);
    switch (h) {
    case 0xc0:
        v->kind = GG__V_NIL;
        return 0;
    case 0xc2:
    case 0xc3:
        v->kind = GG__V_BOOL;
        v->b = h == 0xc3;
        return 0;
    case 0xc4:
    case 0xc5:
    case 0xc6:
        if ((rc = take(r, 1 << (h - 0xc4), &x)) < 0)
            return rc;
        return body(r, v, GG__V_BIN, x);
    case 0xca: {
        if ((rc = take(r, 4, &x)) < 0)
            return rc;
        uint32_t w = (uint32_t)x;
        float f;
        memcpy(&f, &w, sizeof f);
        v->kind = GG__V_FLOAT;
        v->f = (double)f;
        return 0;
    }
    case 0xcb:
        if ((rc = take(r, 8, &x)) < 0)
            return rc;
        v->kind = GG__V_FLOAT;
        memcpy(&v->f, &x, sizeof v->f);
        return 0;
    case 0xcc:
    case 0xcd:
    case 0xce:
    case 0xcf:
        if ((rc = take(r, 1 << (h - 0xcc), &x)) < 0)
            return rc;
        v->kind = GG__V_UINT;
        v->u = x;
        return 0;
    case 0xd0:
    case 0xd1:
    case 0xd2:
    case 0xd3: {
        int n = 1 << (h - 0xd0);
        if ((rc = take(r, n, &x)) < 0)
            return rc;
        int64_t i;
        if (n == 8) {
            memcpy(&i, &x, sizeof i);
        } else {
            /* sign-extend the n-byte two's complement value */
            uint64_t sign = 1ull << (n * 8 - 1);
            i = (int64_t)(x ^ sign) - (int64_t)sign;
        }
        if (i >= 0) {
            v->kind = GG__V_UINT;
            v->u = (uint64_t)i;
        } else {
            v->kind = GG__V_INT;
            v->i = i;
        }
        return 0;
    }
    case 0xd9:
    case 0xda:
    case 0xdb:
        if ((rc = take(r, 1 << (h - 0xd9), &x)) < 0)
            return rc;
        return body(r, v, GG__V_STR, x);
    case 0xdc:
    case 0xdd:
        if ((rc = take(r, h == 0xdc ? 2 : 4, &x)) < 0)
            return rc;
        return open_container(r, v, GG__V_ARRAY, x);
    case 0xde:
    case 0xdf:
        if ((rc = take(r, h == 0xde ? 2 : 4, &x)) < 0)
            return rc;
        return open_container(r, v, GG__V_MAP, x);
    default:
        /* 0xc1 (never used) and the ext types 0xc7-0xc9, 0xd4-0xd8 */
        return GG_EMSG_MALFORMED;
    }
}

int gg__rd_skip(gg__rd *r)
{
    gg__val v;
    int rc = gg__rd_next(r, &v);
    if (rc < 0)
        return rc;
    if (v.kind == GG__V_ARRAY || v.kind == GG__V_MAP) {
        uint32_t n = v.kind == GG__V_MAP ? v.len * 2 : v.len;
        for (uint32_t k = 0; k < n; k++)
            if ((rc = gg__rd_skip(r)) < 0)
                return rc;
        gg__rd_leave(r);
    }
    return 0;
}

int gg__rd_uint(gg__rd *r, uint64_t *out, uint64_t max)
{
    gg__val v;
    int rc = gg__rd_next(r, &v);
    if (rc < 0)
        return rc;
    if (v.kind != GG__V_UINT || v.u > max) {
        if (v.kind == GG__V_ARRAY || v.kind == GG__V_MAP)
            gg__rd_leave(r);
        return GG_EMSG_BAD_FIELD;
    }
    *out = v.u;
    return 0;
}

int gg__rd_int(gg__rd *r, int64_t *out, int64_t lo, int64_t hi)
{
    gg__val v;
    int rc = gg__rd_next(r, &v);
    if (rc < 0)
        return rc;
    int64_t i;
    if (v.kind == GG__V_UINT && v.u <= (uint64_t)INT64_MAX)
        i = (int64_t)v.u;
    else if (v.kind == GG__V_INT)
        i = v.i;
    else {
        if (v.kind == GG__V_ARRAY || v.kind == GG__V_MAP)
            gg__rd_leave(r);
        return GG_EMSG_BAD_FIELD;
    }
    if (i < lo || i > hi)
        return GG_EMSG_BAD_FIELD;
    *out = i;
    return 0;
}

int gg__rd_bool(gg__rd *r, int *out)
{
    gg__val v;
    int rc = gg__rd_next(r, &v);
    if (rc < 0)
        return rc;
    if (v.kind != GG__V_BOOL) {
        if (v.kind == GG__V_ARRAY || v.kind == GG__V_MAP)
            gg__rd_leave(r);
        return GG_EMSG_BAD_FIELD;
    }
    *out = v.b;
    return 0;
}

int gg__rd_str(gg__rd *r, const char **s, uint32_t *len)
{
    gg__val v;
    int rc = gg__rd_next(r, &v);
    if (rc < 0)
        return rc;
    if (v.kind != GG__V_STR) {
        if (v.kind == GG__V_ARRAY || v.kind == GG__V_MAP)
            gg__rd_leave(r);
        return GG_EMSG_BAD_FIELD;
    }
    *s = v.s;
    *len = v.len;
    return 0;
}

static int rd_container(gg__rd *r, uint32_t *n, int kind)
{
    gg__val v;
    int rc = gg__rd_next(r, &v);
    if (rc < 0)
        return rc;
    if (v.kind != kind) {
        if (v.kind == GG__V_ARRAY || v.kind == GG__V_MAP)
            gg__rd_leave(r);
        return GG_EMSG_BAD_FIELD;
    }
    *n = v.len;
    return 0;
}

int gg__rd_map(gg__rd *r, uint32_t *n)
{
    return rd_container(r, n, GG__V_MAP);
}

int gg__rd_array(gg__rd *r, uint32_t *n)
{
    return rd_container(r, n, GG__V_ARRAY);
}

int gg__rd_is_nil(gg__rd *r)
{
    return r->p < r->end && *r->p == 0xc0;
}

int gg__streq(const char *s, uint32_t len, const char *name)
{
    if (len == 0 || name[0] != s[0]) /* cheap reject before strlen */
        return len == 0 && name[0] == 0;
    size_t n = strlen(name);
    return n == len && memcmp(s, name, n) == 0;
}

int gg__rd_name(gg__rd *r, const char *(*names)(int), int count, int unknown_err)
{
    const char *s;
    uint32_t len;
    int rc = gg__rd_str(r, &s, &len);
    if (rc < 0)
        return rc;
    for (int i = 0; i < count; i++)
        if (gg__streq(s, len, names(i)))
            return i;
    return unknown_err;
}

int gg__utf8_ok(const char *str, size_t len)
{
    const uint8_t *s = (const uint8_t *)str;
    size_t i = 0;
    while (i < len) {
        uint8_t c = s[i];
        if (c < 0x80) {
            i++;
            continue;
        }
        int n;
        uint32_t cp;
        if ((c & 0xe0) == 0xc0) {
            n = 1;
            cp = c & 0x1fu;
        } else if ((c & 0xf0) == 0xe0) {
            n = 2;
            cp = c & 0x0fu;
        } else if ((c & 0xf8) == 0xf0) {
            n = 3;
            cp = c & 0x07u;
        } else {
            return 0;
        }
        if (len - i <= (size_t)n)
            return 0;
        for (int k = 1; k <= n; k++) {
            if ((s[i + (size_t)k] & 0xc0) != 0x80)
                return 0;
            cp = (cp << 6) | (s[i + (size_t)k] & 0x3fu);
        }
        if ((n == 1 && cp < 0x80) || (n == 2 && cp < 0x800) || (n == 3 && cp < 0x10000) ||
            cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
            return 0;
        i += (size_t)n + 1;
    }
    return 1;
}
