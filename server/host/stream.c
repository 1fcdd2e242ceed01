/* stream.c — per-stream sequence numbers and bounded history. */
#include "stream.h"

#include <stdlib.h>
#include <string.h>

#include "gg/errors.h"
#include "gg/limits.h"

uint32_t gg_stream_next(gg_stream *st)
{
    return ++st->seq;
}

int gg_stream_record(gg_stream *st)
{
    if (st->recording)
        return 0;
    st->ring = calloc(GG_MAX_HISTORY, sizeof *st->ring);
    if (!st->ring)
        return GG_EINTERNAL;
    st->recording = 1;
    return 0;
}

static void drop_oldest(gg_stream *st)
{
    gg_stream_msg *m = &st->ring[st->head];
    st->bytes -= m->len;
    free(m->bytes);
    m->bytes = NULL;
    st->head = (st->head + 1) % GG_MAX_HISTORY;
    st->count--;
}

int gg_stream_keep(gg_stream *st, uint32_t seq, const uint8_t *msg, size_t len)
{
    if (!st->recording)
        return 0;
    while (st->count > 0 &&
           (st->count == GG_MAX_HISTORY || st->bytes + len > GG_MAX_HISTORY_BYTES))
        drop_oldest(st);
    uint8_t *copy = malloc(len);
    if (!copy)
        return GG_EINTERNAL;
    memcpy(copy, msg, len);
    gg_stream_msg *m = &st->ring[(st->head + st->count) % GG_MAX_HISTORY];
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
    return &st->ring[(st->head + i) % GG_MAX_HISTORY];
}

void gg_stream_close(gg_stream *st)
{
    while (st->count)
        drop_oldest(st);
    free(st->ring);
    memset(st, 0, sizeof *st);
}
