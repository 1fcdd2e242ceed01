/* stream.c — per-stream sequence numbers and bounded history. */
#include "stream.h"

#include <stdlib.h>
#include <string.h>

#include "gg/errors.h"
#include "gg/limits.h"

#define GG_STREAM_MIN_SLOTS 8u

uint32_t gg_stream_next(gg_stream *st)
{
    return ++st->seq;
}

int gg_stream_record(gg_stream *st)
{
    if (!st->recording)
        st->since = st->seq;
    st->recording = 1;
    return GG_OK;
}

static void drop_oldest(gg_stream *st)
{
    gg_stream_msg *m = &st->ring[st->head];
    st->bytes -= m->len;
    m->bytes = NULL;
    st->head = (st->head + 1) & (st->cap - 1);
    st->count--;
    if (!st->count)
        st->used = 0;
}

/* Makes room for len more bytes at the end of the buffer: moves the held
 * messages to its front, and resizes it when they and the new one do not
 * fit (or when an outsized message has gone and it can shrink back). */
static int make_room(gg_stream *st, size_t len)
{
    if (st->used + len <= st->bufcap)
        return GG_OK;
    size_t start = st->count ? (size_t)(st->ring[st->head].bytes - st->buf) : 0;
    if (st->count)
        memmove(st->buf, st->buf + start, st->used - start);
    st->used -= start;
    size_t want = st->bytes + len > GG_STREAM_MEM_BYTES ? st->bytes + len : GG_STREAM_MEM_BYTES;
    if (want != st->bufcap && (want > st->bufcap || st->bufcap > GG_STREAM_MEM_BYTES)) {
        uint8_t *b = realloc(st->buf, want);
        if (!b)
            return GG_EINTERNAL;
        st->buf = b;
        st->bufcap = want;
    }
    size_t off = 0;
    for (uint32_t i = 0; i < st->count; i++) {
        gg_stream_msg *m = &st->ring[(st->head + i) & (st->cap - 1)];
        m->bytes = st->buf + off;
        off += m->len;
    }
    return GG_OK;
}

/* Doubles the ring (or makes the first one), keeping the order. */
static int grow(gg_stream *st)
{
    uint32_t cap = st->cap ? 2 * st->cap : GG_STREAM_MIN_SLOTS;
    gg_stream_msg *r = calloc(cap, sizeof *r);
    if (!r)
        return GG_EINTERNAL;
    for (uint32_t i = 0; i < st->count; i++)
        r[i] = st->ring[(st->head + i) & (st->cap - 1)];
    free(st->ring);
    st->ring = r;
    st->cap = cap;
    st->head = 0;
    return 0;
}

int gg_stream_keep(gg_stream *st, uint32_t seq, const uint8_t *msg, size_t len)
{
    if (!st->recording)
        return 0;
    while (st->count > 0 && (st->count == GG_MAX_HISTORY || st->bytes + len > GG_STREAM_MEM_BYTES))
        drop_oldest(st);
    if (st->count == st->cap && (st->cap >= GG_MAX_HISTORY || grow(st) != 0))
        return GG_EINTERNAL;
    if (make_room(st, len) != GG_OK)
        return GG_EINTERNAL;
    uint8_t *copy = st->buf + st->used;
    memcpy(copy, msg, len);
    st->used += len;
    gg_stream_msg *m = &st->ring[(st->head + st->count) & (st->cap - 1)];
    *m = (gg_stream_msg){seq, (uint32_t)len, copy};
    st->count++;
    st->bytes += len;
    return 0;
}

uint32_t gg_stream_oldest(const gg_stream *st)
{
    return st->count ? st->ring[st->head].seq : 0;
}

const gg_stream_msg *gg_stream_at(const gg_stream *st, uint32_t i)
{
    return &st->ring[(st->head + i) & (st->cap - 1)];
}

size_t gg_stream_mem(const gg_stream *st)
{
    return st->bufcap + (size_t)st->cap * sizeof *st->ring;
}

void gg_stream_close(gg_stream *st)
{
    while (st->count)
        drop_oldest(st);
    free(st->ring);
    free(st->buf);
    memset(st, 0, sizeof *st);
}
