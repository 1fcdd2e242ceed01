/* server/net/ws_engine.h — one WebSocket's RFC 6455 framing (Debian's
 * libwslay) and the protocol's message rules on top of it, with no libuv:
 * bytes in, frames out through a callback. net_ws.c wraps it around a TCP
 * connection; the fuzz harness drives it directly.
 *
 * What wslay enforces: masking of client frames, control frames (not
 * fragmented, at most 125 bytes, interleaved with fragments), reassembly up
 * to the message limit (else close 1009), RSV bits and opcodes (else 1002),
 * answering pings and close frames. What the engine adds: UTF-8 of text
 * messages (else 1007; wslay leaves it to the application) and the
 * protocol's encodings: a text message is the protocol's JSON form, a binary
 * one msgpack; both are delivered as msgpack.
 */
#ifndef GG_WS_ENGINE_H
#define GG_WS_ENGINE_H

#include <stddef.h>
#include <stdint.h>
#include <wslay/wslay.h>

/* Encoding of the messages the server sends. */
enum { GG_WS_AUTO = 0, GG_WS_JSON = 1, GG_WS_MSGPACK = 2 };

typedef struct gg_ws_engine {
    wslay_event_context_ptr ctx;
    const uint8_t *in; /* bytes not yet given to wslay */
    size_t inlen;
    int encoding;    /* fixed by the subprotocol, or AUTO */
    int last_binary; /* AUTO: the client's last data message was binary */
    int in_recv;     /* inside wslay_event_recv: sends wait until it returns */
    size_t max_msg;  /* largest msgpack message delivered */
    size_t wire_max; /* largest message on the wire */
    /* hooks (ud is passed back) */
    void *ud;
    /* queues raw bytes on the socket; nonzero = the connection is gone */
    int (*write)(void *ud, const uint8_t *p, size_t n);
    /* one whole client message as msgpack (1 <= n <= max_msg) */
    void (*message)(void *ud, const uint8_t *p, size_t n);
    /* a text message that is not protocol JSON (err = GG_EMSG_*) */
    void (*bad_message)(void *ud, int err);
    uint8_t *scratch; /* GG_MAX_MESSAGE bytes for transcoding text input */
    int own_scratch;  /* scratch is the engine's (freed with it), not a shared one */
    /* frame-header scanner (control-frame rules wslay reports without a
     * status code): header bytes so far, header size, payload left */
    uint8_t hdr[14];
    size_t hlen, hneed;
    uint64_t skip;
} gg_ws_engine;

/* Sets up a server-side engine. `wire_max` is the largest message (after
 * reassembly) accepted on the wire; `max_msg` the largest msgpack delivered.
 * Returns 0 or GG_EINTERNAL (out of memory). */
int gg_ws_engine_init(gg_ws_engine *e, int encoding, size_t wire_max, size_t max_msg);
void gg_ws_engine_free(gg_ws_engine *e);
/* Makes the engine transcode text input in `shared` (GG_MAX_MESSAGE bytes,
 * owned by the caller, outliving the engine) instead of a buffer of its own:
 * a server's engines all run on one thread and each message is consumed by
 * the message hook before feed returns, so one buffer serves them all. */
void gg_ws_engine_share_scratch(gg_ws_engine *e, uint8_t *shared);
void gg_ws_engine_set_limits(gg_ws_engine *e, size_t wire_max, size_t max_msg);

/* Reads the bytes (all of them: partial frames are kept inside wslay), calls
 * the hooks for each whole message, then writes what is due (pongs, close
 * replies). Returns 0, or a negative wslay error (the connection must be
 * closed at once). */
int gg_ws_engine_feed(gg_ws_engine *e, const uint8_t *p, size_t n);

/* Queues one outgoing message (`msgpack`, transcoded to JSON text when the
 * encoding says so; json_buf/json_cap is the transcoding space) and writes
 * it unless inside feed. Returns 0 or a GG_E* error. */
int gg_ws_engine_send(gg_ws_engine *e, const uint8_t *msgpack, size_t n, char *json_buf,
                      size_t json_cap);

/* Queues a close frame with a code and a reason and writes it. */
void gg_ws_engine_close(gg_ws_engine *e, int code, const char *why);
/* Queues a ping and writes it. */
void gg_ws_engine_ping(gg_ws_engine *e);
/* Writes what wslay has queued. 0 or a negative wslay error. */
int gg_ws_engine_flush(gg_ws_engine *e);

/* 1 once a close frame was handed to write() (the TCP side may shut down);
 * the code sent is then in *code. */
int gg_ws_engine_close_sent(const gg_ws_engine *e, int *code);
/* 1 while wslay still reads (no close frame sent or received). */
int gg_ws_engine_reading(const gg_ws_engine *e);

/* 1 if p[0..n) is valid UTF-8 (RFC 3629: no overlongs, surrogates or code
 * points past U+10FFFF). */
int gg_utf8_valid(const uint8_t *p, size_t n);

#endif /* GG_WS_ENGINE_H */
