/* protocol/json.c — JSON text <-> msgpack, for the JSON-lines bot bridge,
 * logs and documentation. Both directions are bounded exactly like the
 * msgpack decoder (depth GG_MAX_DEPTH, lists GG_MAX_LIST, strings
 * GG_MAX_STRING) and never allocate. JSON numbers must be integers. */
#include <stdio.h>
#include <string.h>

#include "internal.h"

/* ---- msgpack -> JSON ----------------------------------------------------- */

typedef struct jout {
    char *p;
    size_t cap, len;
    int full;
} jout;

static void put(jout *o, const char *s, size_t n)
{
    if (o->full || n >= o->cap - o->len) { /* keep room for the NUL */
        o->full = 1;
        return;
    }
    memcpy(o->p + o->len, s, n);
    o->len += n;
}

static void putc_(jout *o, char ch)
{
    put(o, &ch, 1);
}

static void put_jstr(jout *o, const char *s, uint32_t len)
{
    static const char hex[] = "0123456789abcdef";
    int utf8 = gg__utf8_ok(s, len);
    putc_(o, '"');
    for (uint32_t i = 0; i < len; i++) {
        unsigned char ch = (unsigned char)s[i];
        if (ch == '"' || ch == '\\') {
            char e[2] = {'\\', (char)ch};
            put(o, e, 2);
        } else if (ch == '\n') {
            put(o, "\\n", 2);
        } else if (ch == '\r') {
            put(o, "\\r", 2);
        } else if (ch == '\t') {
            put(o, "\\t", 2);
        } else if (ch < 0x20 || ch == 0x7f || (ch >= 0x80 && !utf8)) {
            char e[6] = {'\\', 'u', '0', '0', hex[ch >> 4], hex[ch & 15]};
            put(o, e, 6);
        } else {
            putc_(o, (char)ch);
        }
    }
    putc_(o, '"');
}

static void put_base64(jout *o, const uint8_t *p, uint32_t len)
{
    static const char b64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    putc_(o, '"');
    for (uint32_t i = 0; i < len; i += 3) {
        uint32_t v = (uint32_t)p[i] << 16;
        if (i + 1 < len)
            v |= (uint32_t)p[i + 1] << 8;
        if (i + 2 < len)
            v |= p[i + 2];
        char q[4] = {b64[(v >> 18) & 63], b64[(v >> 12) & 63],
                     i + 1 < len ? b64[(v >> 6) & 63] : '=', i + 2 < len ? b64[v & 63] : '='};
        put(o, q, 4);
    }
    putc_(o, '"');
}

static int to_json(gg__rd *r, jout *o, int is_key)
{
    gg__val v;
    char num[32];
    int rc = gg__rd_next(r, &v);
    if (rc < 0)
        return rc;
    if (is_key && v.kind != GG__V_STR)
        return GG_EMSG_MALFORMED; /* JSON keys are strings */
    switch (v.kind) {
    case GG__V_NIL:
        put(o, "null", 4);
        return 0;
    case GG__V_BOOL:
        if (v.b)
            put(o, "true", 4);
        else
            put(o, "false", 5);
        return 0;
    case GG__V_UINT:
        put(o, num, (size_t)snprintf(num, sizeof num, "%llu", (unsigned long long)v.u));
        return 0;
    case GG__V_INT:
        put(o, num, (size_t)snprintf(num, sizeof num, "%lld", (long long)v.i));
        return 0;
    case GG__V_FLOAT:
        if (v.f == v.f && v.f - v.f == 0) /* finite */
            put(o, num, (size_t)snprintf(num, sizeof num, "%.17g", v.f));
        else
            put(o, "null", 4);
        return 0;
    case GG__V_STR:
        put_jstr(o, v.s, v.len);
        return 0;
    case GG__V_BIN:
        put_base64(o, (const uint8_t *)v.s, v.len);
        return 0;
    case GG__V_ARRAY:
        putc_(o, '[');
        for (uint32_t i = 0; i < v.len; i++) {
            if (i)
                putc_(o, ',');
            if ((rc = to_json(r, o, 0)) < 0)
                return rc;
        }
        putc_(o, ']');
        gg__rd_leave(r);
        return 0;
    default: /* map */
        putc_(o, '{');
        for (uint32_t i = 0; i < v.len; i++) {
            if (i)
                putc_(o, ',');
            if ((rc = to_json(r, o, 1)) < 0)
                return rc;
            putc_(o, ':');
            if ((rc = to_json(r, o, 0)) < 0)
                return rc;
        }
        putc_(o, '}');
        gg__rd_leave(r);
        return 0;
    }
}

int gg_msgpack_to_json(const uint8_t *buf, size_t len, char *out, size_t cap)
{
    if (len > GG_MAX_MESSAGE)
        return GG_EMSG_TOO_BIG;
    if (cap == 0)
        return GG_EBUFFER_FULL;
    gg__rd r;
    jout o = {out, cap, 0, 0};
    gg__rd_init(&r, buf, len);
    int rc = to_json(&r, &o, 0);
    out[o.full ? 0 : o.len] = 0;
    if (rc < 0)
        return rc;
    if (r.p != r.end)
        return GG_EMSG_MALFORMED;
    if (o.full)
        return GG_EBUFFER_FULL;
    return (int)o.len;
}

int gg_msg_to_json(const gg_msg *m, char *out, size_t cap)
{
    uint8_t tmp[GG_MAX_MESSAGE];
    int n = gg_msg_encode(m, tmp, sizeof tmp);
    if (n < 0) {
        if (cap)
            out[0] = 0;
        return n;
    }
    return gg_msgpack_to_json(tmp, (size_t)n, out, cap);
}

/* ---- JSON -> msgpack ------------------------------------------------------- */

typedef struct jin {
    const char *s, *end;
    uint8_t *out;
    size_t cap, len;
    int depth;
} jin;

static void ws(jin *j)
{
    while (j->s < j->end && (*j->s == ' ' || *j->s == '\t' || *j->s == '\n' || *j->s == '\r'))
        j->s++;
}

static int emit(jin *j, const void *p, size_t n)
{
    if (n > j->cap - j->len)
        return GG_EBUFFER_FULL;
    memcpy(j->out + j->len, p, n);
    j->len += n;
    return 0;
}

static int emit1(jin *j, uint8_t b)
{
    return emit(j, &b, 1);
}

/* Rewrites the 3-byte placeholder header at `at` (container or string) in
 * its shortest msgpack form and closes the gap. fix = fixmap/fixarray/
 * fixstr base, b8 = the 8-bit form (str only, 0 if none), b16 = 16-bit. */
static void patch(jin *j, size_t at, uint32_t n, uint8_t fix, uint32_t fixmax, uint8_t b8,
                  uint8_t b16)
{
    uint8_t h[3];
    size_t hn;
    if (n <= fixmax) {
        h[0] = (uint8_t)(fix | n);
        hn = 1;
    } else if (b8 && n <= 0xff) {
        h[0] = b8;
        h[1] = (uint8_t)n;
        hn = 2;
    } else {
        h[0] = b16;
        h[1] = (uint8_t)(n >> 8);
        h[2] = (uint8_t)n;
        hn = 3;
    }
    memcpy(j->out + at, h, hn);
    if (hn < 3) {
        memmove(j->out + at + hn, j->out + at + 3, j->len - at - 3);
        j->len -= 3 - hn;
    }
}

static int hex4(const char *p, uint32_t *out)
{
    uint32_t v = 0;
    for (int i = 0; i < 4; i++) {
        char ch = p[i];
        int h = ch >= '0' && ch <= '9'   ? ch - '0'
                : ch >= 'a' && ch <= 'f' ? ch - 'a' + 10
                : ch >= 'A' && ch <= 'F' ? ch - 'A' + 10
                                         : -1;
        if (h < 0)
            return GG_EMSG_MALFORMED;
        v = v << 4 | (uint32_t)h;
    }
    *out = v;
    return 0;
}

static int put_utf8(jin *j, uint32_t cp)
{
    uint8_t b[4];
    size_t n;
    if (cp < 0x80) {
        b[0] = (uint8_t)cp, n = 1;
    } else if (cp < 0x800) {
        b[0] = (uint8_t)(0xc0 | cp >> 6), b[1] = (uint8_t)(0x80 | (cp & 63)), n = 2;
    } else if (cp < 0x10000) {
        b[0] = (uint8_t)(0xe0 | cp >> 12), b[1] = (uint8_t)(0x80 | ((cp >> 6) & 63));
        b[2] = (uint8_t)(0x80 | (cp & 63)), n = 3;
    } else {
        b[0] = (uint8_t)(0xf0 | cp >> 18), b[1] = (uint8_t)(0x80 | ((cp >> 12) & 63));
        b[2] = (uint8_t)(0x80 | ((cp >> 6) & 63)), b[3] = (uint8_t)(0x80 | (cp & 63)), n = 4;
    }
    return emit(j, b, n);
}

static int jstring(jin *j)
{
    int rc;
    j->s++; /* opening quote */
    size_t at = j->len;
    if ((rc = emit(j, "\0\0\0", 3)) < 0)
        return rc;
    for (;;) {
        if (j->s >= j->end)
            return GG_EMSG_TRUNCATED;
        unsigned char ch = (unsigned char)*j->s++;
        if (ch == '"')
            break;
        if (ch < 0x20)
            return GG_EMSG_MALFORMED;
        if (ch != '\\') {
            rc = emit1(j, ch);
        } else {
            if (j->s >= j->end)
                return GG_EMSG_TRUNCATED;
            char e = *j->s++;
            uint32_t cp;
            switch (e) {
            case '"':
            case '\\':
            case '/':
                rc = emit1(j, (uint8_t)e);
                break;
            case 'b':
                rc = emit1(j, '\b');
                break;
            case 'f':
                rc = emit1(j, '\f');
                break;
            case 'n':
                rc = emit1(j, '\n');
                break;
            case 'r':
                rc = emit1(j, '\r');
                break;
            case 't':
                rc = emit1(j, '\t');
                break;
            case 'u':
                if (j->end - j->s < 4)
                    return GG_EMSG_TRUNCATED;
                if ((rc = hex4(j->s, &cp)) < 0)
                    return rc;
                j->s += 4;
                if (cp >= 0xdc00 && cp <= 0xdfff)
                    return GG_EMSG_MALFORMED; /* lone low surrogate */
                if (cp >= 0xd800 && cp <= 0xdbff) {
                    uint32_t lo;
                    if (j->end - j->s < 6)
                        return GG_EMSG_TRUNCATED;
                    if (j->s[0] != '\\' || j->s[1] != 'u' || hex4(j->s + 2, &lo) < 0 ||
                        lo < 0xdc00 || lo > 0xdfff)
                        return GG_EMSG_MALFORMED;
                    j->s += 6;
                    cp = 0x10000 + ((cp - 0xd800) << 10) + (lo - 0xdc00);
                }
                rc = put_utf8(j, cp);
                break;
            default:
                return GG_EMSG_MALFORMED;
            }
        }
        if (rc < 0)
            return rc;
        if (j->len - at - 3 > GG_MAX_STRING)
            return GG_EMSG_BAD_COUNT;
    }
    size_t n = j->len - at - 3;
    if (!gg__utf8_ok((const char *)j->out + at + 3, n))
        return GG_EMSG_MALFORMED;
    patch(j, at, (uint32_t)n, 0xa0, 31, 0xd9, 0xda);
    return 0;
}

static int jnumber(jin *j)
{
    int neg = 0;
    uint64_t u = 0;
    if (*j->s == '-') {
        neg = 1;
        j->s++;
    }
    if (j->s >= j->end)
        return GG_EMSG_TRUNCATED;
    if (*j->s < '0' || *j->s > '9')
        return GG_EMSG_MALFORMED;
    if (*j->s == '0' && j->end - j->s > 1 && j->s[1] >= '0' && j->s[1] <= '9')
        return GG_EMSG_MALFORMED; /* no leading zeros */
    while (j->s < j->end && *j->s >= '0' && *j->s <= '9') {
        uint64_t d = (uint64_t)(*j->s++ - '0');
        if (u > (UINT64_MAX - d) / 10)
            return GG_EMSG_BAD_FIELD;
        u = u * 10 + d;
    }
    if (j->s < j->end && (*j->s == '.' || *j->s == 'e' || *j->s == 'E'))
        return GG_EMSG_BAD_FIELD; /* integers only */
    uint8_t b[9];
    if (!neg) {
        if (u <= 0x7f)
            return emit1(j, (uint8_t)u);
        b[0] = 0xcf;
        for (int i = 0; i < 8; i++)
            b[1 + i] = (uint8_t)(u >> (56 - 8 * i));
        return emit(j, b, 9);
    }
    if (u > (uint64_t)INT64_MAX + 1)
        return GG_EMSG_BAD_FIELD;
    if (u == 0)
        return emit1(j, 0);
    if (u <= 32)
        return emit1(j, (uint8_t)(0x100 - u));
    uint64_t x = (uint64_t)0 - u; /* two's complement of -u */
    b[0] = 0xd3;
    for (int i = 0; i < 8; i++)
        b[1 + i] = (uint8_t)(x >> (56 - 8 * i));
    return emit(j, b, 9);
}

static int literal(jin *j, const char *word, uint8_t byte)
{
    size_t n = strlen(word);
    if ((size_t)(j->end - j->s) < n)
        return memcmp(j->s, word, (size_t)(j->end - j->s)) == 0 ? GG_EMSG_TRUNCATED
                                                                : GG_EMSG_MALFORMED;
    if (memcmp(j->s, word, n) != 0)
        return GG_EMSG_MALFORMED;
    j->s += n;
    return emit1(j, byte);
}

static int jvalue(jin *j);

static int jcontainer(jin *j, int is_map)
{
    int rc;
    if (++j->depth > GG_MAX_DEPTH)
        return GG_EMSG_TOO_DEEP;
    j->s++;
    size_t at = j->len;
    if ((rc = emit(j, "\0\0\0", 3)) < 0)
        return rc;
    uint32_t n = 0;
    char close = is_map ? '}' : ']';
    ws(j);
    if (j->s < j->end && *j->s == close) {
        j->s++;
    } else {
        for (;;) {
            if (++n > GG_MAX_LIST)
                return GG_EMSG_BAD_COUNT;
            ws(j);
            if (is_map) {
                if (j->s >= j->end)
                    return GG_EMSG_TRUNCATED;
                if (*j->s != '"')
                    return GG_EMSG_MALFORMED;
                if ((rc = jstring(j)) < 0)
                    return rc;
                ws(j);
                if (j->s >= j->end)
                    return GG_EMSG_TRUNCATED;
                if (*j->s++ != ':')
                    return GG_EMSG_MALFORMED;
            }
            if ((rc = jvalue(j)) < 0)
                return rc;
            ws(j);
            if (j->s >= j->end)
                return GG_EMSG_TRUNCATED;
            char ch = *j->s++;
            if (ch == close)
                break;
            if (ch != ',')
                return GG_EMSG_MALFORMED;
        }
    }
    patch(j, at, n, is_map ? 0x80 : 0x90, 15, 0, is_map ? 0xde : 0xdc);
    j->depth--;
    return 0;
}

static int jvalue(jin *j)
{
    ws(j);
    if (j->s >= j->end)
        return GG_EMSG_TRUNCATED;
    switch (*j->s) {
    case '{':
        return jcontainer(j, 1);
    case '[':
        return jcontainer(j, 0);
    case '"':
        return jstring(j);
    case 't':
        return literal(j, "true", 0xc3);
    case 'f':
        return literal(j, "false", 0xc2);
    case 'n':
        return literal(j, "null", 0xc0);
    default:
        if (*j->s == '-' || (*j->s >= '0' && *j->s <= '9'))
            return jnumber(j);
        return GG_EMSG_MALFORMED;
    }
}

int gg_json_to_msgpack(const char *json, size_t len, uint8_t *out, size_t cap)
{
    if (len > GG_MAX_JSON)
        return GG_EMSG_TOO_BIG;
    jin j = {json, json + len, out, cap, 0, 0};
    int rc = jvalue(&j);
    if (rc < 0)
        return rc;
    ws(&j);
    if (j.s != j.end)
        return GG_EMSG_MALFORMED;
    if (j.len > GG_MAX_MESSAGE)
        return GG_EMSG_TOO_BIG;
    return (int)j.len;
}

int gg_msg_from_json(gg_msg *m, const char *json, size_t len, gg_decode_err *err)
{
    uint8_t tmp[GG_MAX_MESSAGE + 16];
    if (err) {
        err->where[0] = 0;
        err->index = -1;
    }
    m->type = GG_ABSENT;
    m->rid = 0;
    m->seq = 0;
    int n = gg_json_to_msgpack(json, len, tmp, sizeof tmp);
    if (n < 0)
        return n == GG_EBUFFER_FULL ? GG_EMSG_TOO_BIG : n;
    return gg_msg_decode(m, tmp, (size_t)n, err);
}
