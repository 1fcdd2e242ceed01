/* stream.h — one seat's (or the observers' or moderator's) message stream:
 * sequence numbers and the history kept for resume.
 *
 * Every stream message gets the stream's next seq (1, 2, ...). The history
 * keeps the last GG_MAX_HISTORY messages and at most GG_MAX_HISTORY_BYTES
 * bytes (oldest dropped first), so a client that reconnects with the last
 * seq it saw can be sent exactly what it missed. A stream records history
 * only once someone has joined it: a seat played by server bots alone costs
 * no memory. */
#ifndef GG_HOST_STREAM_H
#define GG_HOST_STREAM_H

#include <stddef.h>
#include <stdint.h>

#define GG_MAX_HISTORY_BYTES (2u << 20) /* per stream */

typedef struct gg_stream_msg {
    uint32_t seq;
    uint32_t len;
    uint8_t *bytes; /* heap copy, owned by the stream */
} gg_stream_msg;

typedef struct gg_stream {
    uint32_t seq;          /* last seq handed out */
    int recording;         /* keep history (someone joined) */
    gg_stream_msg *ring;   /* GG_MAX_HISTORY slots, allocated when recording starts */
    uint32_t head, count;  /* oldest slot, number of messages held */
    size_t bytes;
} gg_stream;

/* Returns the seq the next message gets (and takes it). */
uint32_t gg_stream_next(gg_stream *st);

/* Keeps a copy of an encoded message if recording. Returns GG_OK, or
 * GG_EINTERNAL when out of memory (the message is then simply not kept). */
int gg_stream_keep(gg_stream *st, uint32_t seq, const uint8_t *msg, size_t len);

/* Starts keeping history from now on. Returns GG_OK, or GG_EINTERNAL (out
 * of memory). */
int gg_stream_record(gg_stream *st);

/* The oldest seq still held (0 if none). */
uint32_t gg_stream_oldest(const gg_stream *st);

/* The i-th held message, oldest first (i < count). */
const gg_stream_msg *gg_stream_at(const gg_stream *st, uint32_t i);

/* Frees the history. */
void gg_stream_close(gg_stream *st);

#endif
