/* protocol/frame.c — TCP framing: a 4-byte big-endian length before each
 * message, and an incremental splitter that is pure and bounded (it holds
 * at most one frame in the caller's buffer and refuses oversized lengths
 * before reading a single body byte). ENet needs no framing: one message
 * per packet. */
#include <string.h>

#include "internal.h"

void gg_frame_write_header(uint8_t out[GG_FRAME_HEADER], uint32_t len)
{
    out[0] = (uint8_t)(len >> 24);
    out[1] = (uint8_t)(len >> 16);
    out[2] = (uint8_t)(len >> 8);
    out[3] = (uint8_t)len;
}

uint32_t gg_frame_read_header(const uint8_t in[GG_FRAME_HEADER])
{
    return (uint32_t)in[0] << 24 | (uint32_t)in[1] << 16 | (uint32_t)in[2] << 8 | in[3];
}

int gg_splitter_init(gg_splitter *s, uint8_t *buf, size_t cap, uint32_t max_msg)
{
    memset(s, 0, sizeof *s);
    s->buf = buf;
    s->cap = cap;
    return gg_splitter_set_max(s, max_msg);
}

int gg_splitter_set_max(gg_splitter *s, uint32_t max_msg)
{
    if (s->cap < GG_FRAME_HEADER || (size_t)max_msg > s->cap - GG_FRAME_HEADER)
        return GG_EBUFFER_FULL;
    s->max_msg = max_msg;
    return 0;
}

/* 1 once the current frame (header and body) is complete. */
static int complete(const gg_splitter *s)
{
    return s->have >= GG_FRAME_HEADER && s->have - GG_FRAME_HEADER == s->need;
}

size_t gg_splitter_feed(gg_splitter *s, const uint8_t *data, size_t len)
{
    size_t used = 0;
    while (used < len && !s->err && !complete(s)) {
        size_t want;
        if (s->have < GG_FRAME_HEADER) {
            want = GG_FRAME_HEADER - s->have;
        } else {
            want = GG_FRAME_HEADER + (size_t)s->need - s->have;
        }
        size_t n = len - used < want ? len - used : want;
        memcpy(s->buf + s->have, data + used, n);
        s->have += n;
        used += n;
        if (s->have == GG_FRAME_HEADER) {
            s->need = gg_frame_read_header(s->buf);
            if (s->need > s->max_msg)
                s->err = GG_EMSG_TOO_BIG;
        }
    }
    return used;
}

int gg_splitter_next(gg_splitter *s, const uint8_t **msg, uint32_t *len)
{
    if (s->err)
        return s->err;
    if (!complete(s))
        return 0;
    *msg = s->buf + GG_FRAME_HEADER;
    *len = s->need;
    s->have = 0;
    s->need = 0;
    return 1;
}
