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
    st->recording = 1;
    return GG_OK;
}

static void drop_oldest(gg_stream *st)
{
    gg_stream_msg *m = &st->ring[st->head];
    st->bytes -= m->len;
    free(m->bytes);
    m->bytes = NULL;
    st->head = (st->head + 1) & (st->cap - 1);
    st->count--;
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
    uint8_t *copy = malloc(len);
    if (!copy)
        return GG_EINTERNAL;
    memcpy(copy, msg, len);
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
    return st->bytes + (size_t)st->cap * sizeof *st->ring;
}

void gg_stream_close(gg_stream *st)
{
    while (st->count)
        drop_oldest(st);
    free(st->ring);
    memset(st, 0, sizeof *st);
}
