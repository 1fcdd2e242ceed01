/* replay.c — encoder and validating decoder for replay files, in memory
 * (callers own the files). The byte layout is specified in docs/REPLAY_FORMAT.md; the two
 * must change together (and GG_REPLAY_VERSION with them). */
#define _POSIX_C_SOURCE 200809L /* strnlen */

#include "gg/game.h"

#include "gg/errors.h"
#include "gg/limits.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Fixed part of the header: magic, version, flags, seed, created, finished. */
#define FIXED_HEADER 36u
#define RECORD_HEAD 12u /* u32 seq, i32 kind, u32 len */
#define HASH_SIZE 12u   /* i32 turn, u64 hash */
#define FLAG_FINISHED 1u

static const uint8_t empty_payload[1] = {0};

/* ---- CRC-32 (reflected 0xEDB88320), a nibble at a time ---------------- */

uint32_t gg_replay_crc32(uint32_t crc, const void *data, size_t len)
{
    static const uint32_t tab[16] = {0x00000000u, 0x1db71064u, 0x3b6e20c8u, 0x26d930acu,
                                     0x76dc4190u, 0x6b6b51f4u, 0x4db26158u, 0x5005713cu,
                                     0xedb88320u, 0xf00f9344u, 0xd6d6a3e8u, 0xcb61b38cu,
                                     0x9b64c2b0u, 0x86d3d2d4u, 0xa00ae278u, 0xbdbdf21cu};
    const uint8_t *p = data;
    crc = ~crc;
    for (size_t i = 0; i < len; i++) {
        crc ^= p[i];
        crc = (crc >> 4) ^ tab[crc & 15u];
        crc = (crc >> 4) ^ tab[crc & 15u];
    }
    return ~crc;
}

/* ---- little-endian helpers ------------------------------------------- */

static uint16_t get16(const uint8_t *p)
{
    return (uint16_t)(p[0] | (unsigned)p[1] << 8);
}

static uint32_t get32(const uint8_t *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static uint64_t get64(const uint8_t *p)
{
    return (uint64_t)get32(p) | (uint64_t)get32(p + 4) << 32;
}

/* Two's-complement reinterpretation without implementation-defined casts. */
static int32_t as_i32(uint32_t x)
{
    return x <= INT32_MAX ? (int32_t)x : (int32_t)(x - 2147483648u) - INT32_MAX - 1;
}

static int64_t as_i64(uint64_t x)
{
    return x <= INT64_MAX ? (int64_t)x : (int64_t)(x - 9223372036854775808u) - INT64_MAX - 1;
}

/* ---- writer ----------------------------------------------------------- */

static int w_fail(gg_replay_writer *w, int err)
{
    w->state = -1;
    return err;
}

static int w_reserve(gg_replay_writer *w, size_t n)
{
    if (w->cap - w->len >= n)
        return 0;
    size_t cap = w->cap ? w->cap : 4096;
    while (cap - w->len < n) {
        if (cap > SIZE_MAX / 2)
            return w_fail(w, GG_EINTERNAL);
        cap *= 2;
    }
    uint8_t *b = realloc(w->buf, cap);
    if (!b)
        return w_fail(w, GG_EINTERNAL);
    w->buf = b;
    w->cap = cap;
    return 0;
}

/* The put helpers assume w_reserve() made room. */
static void put_bytes(gg_replay_writer *w, const void *p, size_t n)
{
    if (n)
        memcpy(w->buf + w->len, p, n);
    w->len += n;
}

static void put16(gg_replay_writer *w, uint16_t v)
{
    uint8_t b[2] = {(uint8_t)v, (uint8_t)(v >> 8)};
    put_bytes(w, b, 2);
}

static void put32(gg_replay_writer *w, uint32_t v)
{
    uint8_t b[4] = {(uint8_t)v, (uint8_t)(v >> 8), (uint8_t)(v >> 16), (uint8_t)(v >> 24)};
    put_bytes(w, b, 4);
}

static void put64(gg_replay_writer *w, uint64_t v)
{
    put32(w, (uint32_t)v);
    put32(w, (uint32_t)(v >> 32));
}

int gg_replay_writer_init(gg_replay_writer *w, const gg_replay_header *h)
{
    memset(w, 0, sizeof *w);
    size_t slen = strnlen(h->scenario, sizeof h->scenario);
    if (slen == 0 || slen >= sizeof h->scenario || h->options_len > GG_STORE_OPTIONS_MAX ||
        (h->finished != 0 && h->finished != 1) || h->result_len > GG_MAX_MESSAGE ||
        (h->result_len && !h->result) || (!h->finished && (h->result_len || h->finished_ms)))
        return w_fail(w, GG_EREPLAY_FORMAT);
    int rc = w_reserve(w, FIXED_HEADER + 1 + slen + 2 + h->options_len + 4 + h->result_len + 4);
    if (rc)
        return rc;
    put_bytes(w, GG_REPLAY_MAGIC, 8);
    put16(w, GG_REPLAY_VERSION);
    put16(w, h->finished ? FLAG_FINISHED : 0);
    put64(w, h->seed);
    put64(w, (uint64_t)h->created_ms);
    put64(w, (uint64_t)h->finished_ms);
    uint8_t sl = (uint8_t)slen;
    put_bytes(w, &sl, 1);
    put_bytes(w, h->scenario, slen);
    put16(w, (uint16_t)h->options_len);
    put_bytes(w, h->options, h->options_len);
    put32(w, h->result_len);
    put_bytes(w, h->result, h->result_len);
    put32(w, h->n_records);
    w->want_records = h->n_records;
    w->want_hashes = h->n_hashes;
    return 0;
}

int gg_replay_writer_record(gg_replay_writer *w, uint32_t seq, int kind, const void *payload,
                            size_t len)
{
    if (w->state != 0 || w->got_records >= w->want_records || len > GG_MAX_MESSAGE ||
        (w->got_records > 0 && seq <= w->last_seq) || (len && !payload))
        return w_fail(w, GG_EREPLAY_FORMAT);
    int rc = w_reserve(w, RECORD_HEAD + len);
    if (rc)
        return rc;
    put32(w, seq);
    put32(w, (uint32_t)kind);
    put32(w, (uint32_t)len);
    put_bytes(w, payload, len);
    w->last_seq = seq;
    w->got_records++;
    return 0;
}

/* Closes the record section: all announced records must be present. */
static int w_enter_hashes(gg_replay_writer *w)
{
    if (w->state != 0 || w->got_records != w->want_records)
        return w_fail(w, GG_EREPLAY_FORMAT);
    int rc = w_reserve(w, 4);
    if (rc)
        return rc;
    put32(w, w->want_hashes);
    w->state = 1;
    return 0;
}

int gg_replay_writer_hash(gg_replay_writer *w, int turn, uint64_t hash)
{
    if (w->state == 0) {
        int rc = w_enter_hashes(w);
        if (rc)
            return rc;
    }
    if (w->state != 1 || w->got_hashes >= w->want_hashes ||
        (w->got_hashes > 0 && turn <= w->last_turn))
        return w_fail(w, GG_EREPLAY_FORMAT);
    int rc = w_reserve(w, HASH_SIZE);
    if (rc)
        return rc;
    put32(w, (uint32_t)turn);
    put64(w, hash);
    w->last_turn = turn;
    w->got_hashes++;
    return 0;
}

int gg_replay_writer_finish(gg_replay_writer *w, const uint8_t **buf, size_t *len)
{
    if (w->state == 0) {
        int rc = w_enter_hashes(w);
        if (rc)
            return rc;
    }
    if (w->state != 1 || w->got_hashes != w->want_hashes)
        return w_fail(w, GG_EREPLAY_FORMAT);
    int rc = w_reserve(w, 4);
    if (rc)
        return rc;
    put32(w, gg_replay_crc32(0, w->buf, w->len));
    w->state = 2;
    *buf = w->buf;
    *len = w->len;
    return 0;
}

void gg_replay_writer_close(gg_replay_writer *w)
{
    if (!w)
        return;
    free(w->buf);
    memset(w, 0, sizeof *w);
}

/* ---- reader ------------------------------------------------------------ */

struct gg_replay {
    gg_replay_header h;
    const uint8_t *data;
    size_t len;
    size_t records_off; /* first record */
    size_t hashes_off;  /* first hash (after the hash count) */
    uint8_t *owned;     /* the buffer, if the reader owns it (gg_replay_create_owned) */
};

/* A bounded cursor over untrusted bytes. */
typedef struct cursor {
    const uint8_t *p;
    size_t len, off;
    char *err;
    size_t errlen;
} cursor;

#if defined(__GNUC__)
__attribute__((format(printf, 2, 3)))
#endif
static int
bad(cursor *c, const char *fmt, ...)
{
    if (c->err && c->errlen) {
        int n = snprintf(c->err, c->errlen, "not a valid replay file: ");
        va_list ap;
        va_start(ap, fmt);
        if (n > 0 && (size_t)n < c->errlen)
            vsnprintf(c->err + n, c->errlen - (size_t)n, fmt, ap);
        va_end(ap);
    }
    return GG_EREPLAY_FORMAT;
}

static size_t left(const cursor *c)
{
    return c->len - c->off;
}

/* Checks that n more bytes exist for `what`; reports truncation otherwise. */
static int need(cursor *c, size_t n, const char *what)
{
    if (left(c) < n)
        return bad(c, "truncated at byte %zu: %s needs %zu bytes but only %zu remain", c->off, what,
                   n, left(c));
    return 0;
}

static int validate(gg_replay *r, cursor *c)
{
    gg_replay_header *h = &r->h;
    if (need(c, 8, "the magic") || memcmp(c->p, GG_REPLAY_MAGIC, 8) != 0)
        return bad(c, "the file does not start with \"GGREPLAY\"");
    c->off = 8;
    if (need(c, FIXED_HEADER - 8, "the header"))
        return GG_EREPLAY_FORMAT;
    h->version = get16(c->p + 8);
    if (h->version != GG_REPLAY_VERSION)
        return bad(c,
                   "format version %u is not supported (this build reads version %d); "
                   "use a matching gg-server",
                   (unsigned)h->version, GG_REPLAY_VERSION);
    unsigned flags = get16(c->p + 10);
    if (flags & ~FLAG_FINISHED)
        return bad(c, "unknown flag bits 0x%04x in the header", flags);
    h->finished = (flags & FLAG_FINISHED) ? 1 : 0;
    h->seed = get64(c->p + 12);
    h->created_ms = as_i64(get64(c->p + 20));
    h->finished_ms = as_i64(get64(c->p + 28));
    if (!h->finished && h->finished_ms != 0)
        return bad(c, "an unfinished game has a finish time");
    c->off = FIXED_HEADER;

    if (need(c, 1, "the scenario length"))
        return GG_EREPLAY_FORMAT;
    size_t slen = c->p[c->off++];
    if (slen == 0 || slen >= GG_STORE_SCENARIO_MAX)
        return bad(c, "scenario name length %zu is outside 1..%d", slen, GG_STORE_SCENARIO_MAX - 1);
    if (need(c, slen, "the scenario name"))
        return GG_EREPLAY_FORMAT;
    if (memchr(c->p + c->off, 0, slen))
        return bad(c, "the scenario name contains a NUL byte");
    memcpy(h->scenario, c->p + c->off, slen);
    h->scenario[slen] = '\0';
    c->off += slen;

    if (need(c, 2, "the options length"))
        return GG_EREPLAY_FORMAT;
    h->options_len = get16(c->p + c->off);
    c->off += 2;
    if (h->options_len > GG_STORE_OPTIONS_MAX)
        return bad(c, "options length %u exceeds the %d-byte limit", (unsigned)h->options_len,
                   GG_STORE_OPTIONS_MAX);
    if (need(c, h->options_len, "the options"))
        return GG_EREPLAY_FORMAT;
    memcpy(h->options, c->p + c->off, h->options_len);
    c->off += h->options_len;

    if (need(c, 4, "the result length"))
        return GG_EREPLAY_FORMAT;
    h->result_len = get32(c->p + c->off);
    c->off += 4;
    if (h->result_len > GG_MAX_MESSAGE)
        return bad(c, "result length %lu exceeds the %d-byte limit", (unsigned long)h->result_len,
                   GG_MAX_MESSAGE);
    if (!h->finished && h->result_len)
        return bad(c, "an unfinished game has a result");
    if (need(c, h->result_len, "the result"))
        return GG_EREPLAY_FORMAT;
    h->result = h->result_len ? c->p + c->off : NULL;
    c->off += h->result_len;

    if (need(c, 4, "the record count"))
        return GG_EREPLAY_FORMAT;
    h->n_records = get32(c->p + c->off);
    c->off += 4;
    /* Each record takes at least RECORD_HEAD bytes, and the hash count and
     * CRC follow: reject impossible counts before looping over them. */
    if (h->n_records > (left(c) - (left(c) < 8 ? left(c) : 8)) / RECORD_HEAD)
        return bad(c,
                   "truncated or damaged: record count %lu cannot fit in the %zu bytes that "
                   "remain",
                   (unsigned long)h->n_records, left(c));
    r->records_off = c->off;
    uint32_t last_seq = 0;
    for (uint32_t i = 0; i < h->n_records; i++) {
        if (need(c, RECORD_HEAD, "a record header"))
            return GG_EREPLAY_FORMAT;
        uint32_t seq = get32(c->p + c->off);
        uint32_t len = get32(c->p + c->off + 8);
        if (i > 0 && seq <= last_seq)
            return bad(c, "record %lu has seq %lu, not greater than the previous %lu",
                       (unsigned long)i, (unsigned long)seq, (unsigned long)last_seq);
        if (len > GG_MAX_MESSAGE)
            return bad(c, "record %lu (seq %lu) has length %lu, over the %d-byte limit",
                       (unsigned long)i, (unsigned long)seq, (unsigned long)len, GG_MAX_MESSAGE);
        c->off += RECORD_HEAD;
        if (need(c, len, "a record payload"))
            return GG_EREPLAY_FORMAT;
        c->off += len;
        last_seq = seq;
    }

    if (need(c, 4, "the hash count"))
        return GG_EREPLAY_FORMAT;
    h->n_hashes = get32(c->p + c->off);
    c->off += 4;
    if (left(c) < 4 || (uint64_t)h->n_hashes * HASH_SIZE != left(c) - 4)
        return bad(c,
                   "truncated or damaged: %lu turn hashes need %llu bytes plus the 4-byte CRC, "
                   "but %zu bytes remain",
                   (unsigned long)h->n_hashes, (unsigned long long)h->n_hashes * HASH_SIZE,
                   left(c));
    r->hashes_off = c->off;
    int last_turn = 0;
    for (uint32_t i = 0; i < h->n_hashes; i++, c->off += HASH_SIZE) {
        int turn = as_i32(get32(c->p + c->off));
        if (i > 0 && turn <= last_turn)
            return bad(c, "turn hash %lu is for turn %d, not after the previous turn %d",
                       (unsigned long)i, turn, last_turn);
        last_turn = turn;
    }
    uint32_t want = get32(c->p + c->off);
    uint32_t got = gg_replay_crc32(0, c->p, c->off);
    if (want != got)
        return bad(c, "CRC mismatch (file says %08lx, content gives %08lx): the file is damaged",
                   (unsigned long)want, (unsigned long)got);
    return 0;
}

int gg_replay_create(const void *buf, size_t len, gg_replay **out, char *err, size_t errlen)
{
    *out = NULL;
    if (err && errlen)
        err[0] = '\0';
    if (len > GG_REPLAY_MAX_FILE) {
        if (err && errlen)
            snprintf(err, errlen, "not a valid replay file: %zu bytes, more than the %u allowed",
                     len, GG_REPLAY_MAX_FILE);
        return GG_EREPLAY_FORMAT;
    }
    gg_replay *r = calloc(1, sizeof *r);
    if (!r)
        return GG_EINTERNAL;
    r->data = buf ? buf : empty_payload;
    r->len = buf ? len : 0;
    cursor c = {r->data, r->len, 0, err, errlen};
    int rc = validate(r, &c);
    if (rc) {
        free(r);
        return rc;
    }
    *out = r;
    return 0;
}

const gg_replay_header *gg_replay_get_header(const gg_replay *r)
{
    return &r->h;
}

int gg_replay_read(const gg_replay *r, gg_record_fn rec, gg_hash_fn hash, void *ud)
{
    /* Everything was validated at open; this only walks. */
    size_t off = r->records_off;
    for (uint32_t i = 0; i < r->h.n_records; i++) {
        uint32_t seq = get32(r->data + off);
        int kind = as_i32(get32(r->data + off + 4));
        uint32_t len = get32(r->data + off + 8);
        off += RECORD_HEAD;
        if (rec) {
            int rc = rec(seq, kind, len ? r->data + off : empty_payload, len, ud);
            if (rc)
                return rc;
        }
        off += len;
    }
    off = r->hashes_off;
    for (uint32_t i = 0; hash && i < r->h.n_hashes; i++, off += HASH_SIZE) {
        int rc = hash(as_i32(get32(r->data + off)), get64(r->data + off + 4), ud);
        if (rc)
            return rc;
    }
    return 0;
}

int gg_replay_create_owned(uint8_t *buf, size_t len, gg_replay **out, char *err, size_t errlen)
{
    int rc = gg_replay_create(buf, len, out, err, errlen);
    if (rc) {
        free(buf);
        return rc;
    }
    (*out)->owned = buf;
    return 0;
}

void gg_replay_destroy(gg_replay *r)
{
    if (!r)
        return;
    free(r->owned);
    free(r);
}
