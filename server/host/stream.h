/* stream.h — one seat's (or the observers' or moderator's) message stream:
 * sequence numbers and the history kept in memory for resume.
 *
 * Every stream message gets the stream's next seq (1, 2, ...). The history
 * in memory keeps the newest messages up to GG_STREAM_MEM_BYTES bytes (and
 * at most GG_MAX_HISTORY messages), oldest dropped first: enough for a
 * client that drops and reconnects within a phase or two. A resume older
 * than that window is answered from the journal (game_life.c). The
 * messages sit back to back in one buffer of GG_STREAM_MEM_BYTES (no
 * allocation per message, so no fragmentation); the slot ring grows with
 * the number of messages held, from a few slots. A stream
 * records history only once someone has joined it: a seat played by server
 * bots alone costs no memory. */
#ifndef GG_HOST_STREAM_H
#define GG_HOST_STREAM_H

#include <stddef.h>
#include <stdint.h>

/* Bytes of encoded messages one stream keeps in memory (the newest message
 * is always kept, whatever its size). */
#define GG_STREAM_MEM_BYTES (8u * 1024u)

typedef struct gg_stream_msg {
    uint32_t seq;
    uint32_t len;
    uint8_t *bytes; /* in the stream's buffer; valid until the next keep */
} gg_stream_msg;

typedef struct gg_stream {
    uint32_t seq;        /* last seq handed out */
    int recording;       /* keep history (someone joined) */
    uint32_t since;      /* seq when recording began: the stream's history is
                            since+1 on (0 when not known, after a snapshot) */
    gg_stream_msg *ring; /* cap slots (a power of two), allocated when needed */
    uint32_t cap;
    uint32_t head, count; /* oldest slot, number of messages held */
    size_t bytes;         /* sum of the held messages' lengths */
    uint8_t *buf;         /* the held messages back to back, oldest first */
    size_t bufcap, used;  /* buffer size; end of the newest message in it */
} gg_stream;

/* Returns the seq the next message gets (and takes it). */
uint32_t gg_stream_next(gg_stream *st);

/* Keeps a copy of an encoded message if recording. Returns GG_OK, or
 * GG_EINTERNAL when out of memory (the message is then simply not kept). */
int gg_stream_keep(gg_stream *st, uint32_t seq, const uint8_t *msg, size_t len);

/* Starts keeping history from now on (the first time: `since` = seq, the
 * stream's history is what follows). Returns GG_OK (it cannot fail: memory
 * is taken when the first message is kept). */
int gg_stream_record(gg_stream *st);

/* The oldest seq still held (0 if none). */
uint32_t gg_stream_oldest(const gg_stream *st);

/* The i-th held message, oldest first (i < count). */
const gg_stream_msg *gg_stream_at(const gg_stream *st, uint32_t i);

/* Heap bytes the history holds: its buffer plus the slot ring (for the
 * `stats` memory breakdown; malloc's own overhead is not included). */
size_t gg_stream_mem(const gg_stream *st);

/* Frees the history. */
void gg_stream_close(gg_stream *st);

#endif
