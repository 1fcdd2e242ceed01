/* protocol/frame.c — TCP framing: a 4-byte big-endian length before each
 * message, and the one deframer (gg_frame_next: pure, refuses a zero or
 * oversized length before reading a single body byte) that the server, the
 * clients and the fuzzer share. ENet needs no framing: one message per
 * packet. */
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

int gg_frame_next(const uint8_t *buf, size_t len, uint32_t max_msg, const uint8_t **msg,
                  uint32_t *msg_len, size_t *need)
{
    if (len < GG_FRAME_HEADER) {
        if (need)
            *need = GG_FRAME_HEADER;
        return 0;
    }
    uint32_t n = gg_frame_read_header(buf);
    if (n == 0)
        return GG_EMSG_MALFORMED;
    if (n > max_msg)
        return GG_EMSG_TOO_BIG;
    if (len - GG_FRAME_HEADER < n) {
        if (need)
            *need = GG_FRAME_HEADER + (size_t)n;
        return 0;
    }
    *msg = buf + GG_FRAME_HEADER;
    *msg_len = n;
    return 1;
}
