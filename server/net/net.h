/* server/net/net.h — gg-server's transport layer: ENet (UDP), TCP and
 * WebSocket on one libuv loop, all presented as message-oriented
 * connections, plus the HTTP the browser needs (files, /metrics, /healthz).
 *
 * One gg_net owns, on a caller-provided uv_loop_t, an ENet host and a TCP
 * listener bound to the same port number. The TCP listener sniffs each
 * connection's first bytes: "GET " starts HTTP/1.1 (a WebSocket upgrade at
 * /ws, static files, the ops endpoints), anything else is the native
 * length-prefixed framing. Each ENet peer, native TCP socket or WebSocket
 * becomes a gg_conn that delivers whole messages (msgpack byte strings; a
 * WebSocket's JSON text is transcoded both ways) and sends whole messages. Wire format, channels,
 * limits and the slow-consumer policy are described in server/net/README.md.
 *
 * Threading: everything runs on the loop's thread. No function here may be
 * called from another thread, and callbacks are only invoked from inside
 * uv_run() on that loop.
 *
 * Lifetime: a gg_conn pointer is valid from on_open until on_close returns;
 * on_close is delivered exactly once per connection (also when the gg_net is
 * closed). After on_close the pointer must not be used again.
 */
#ifndef GG_SERVER_NET_H
#define GG_SERVER_NET_H

#include <stddef.h>
#include <stdint.h>
#include <uv.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct gg_net gg_net;
typedef struct gg_conn gg_conn;

/* Default port for both ENet (UDP) and TCP. */
#define GG_NET_DEFAULT_PORT 7777

/* Channels a message may be sent on. TCP has one ordered stream and ignores
 * the channel; ENet keeps reliable ordering per channel. */
enum gg_net_channel { GG_CHAN_CONTROL = 0, GG_CHAN_ORDERS = 1, GG_CHAN_CHAT = 2 };

/* Server configuration. Zero/NULL fields take the documented default. */
typedef struct gg_net_config {
    const char *bind;    /* IPv4 address to bind, "127.0.0.1" if NULL ("localhost" accepted) */
    int port;            /* UDP and TCP port; 0 picks a free port (see gg_net_port) */
    int max_peers;       /* ENet peers; default and ceiling GG_ENET_MAX_PEERS */
    unsigned timeout_ms; /* ENet peer timeout (no acknowledgement for this long drops the
                            peer); 0 = 15000, clamped to at least 1000 */
    const uint8_t *refuse_msg; /* optional: one message sent (best effort) to a TCP
                                  connection refused because max_tcp are open; copied */
    size_t refuse_len;
    int max_tcp;                /* TCP connections; 0 = as many as the open-file limit allows
                                   (gg_net_create raises it to its hard limit) less 64 files for
                                   the rest of the process, and at least GG_ENET_MAX_PEERS */
    const uint8_t *too_big_msg; /* optional: one message sent to a connection before it is
                                   closed for a frame over its size limit; copied */
    size_t too_big_len;
    const uint8_t *malformed_msg; /* optional: likewise for a zero-length frame or packet */
    size_t malformed_len;
    int http_port;            /* > 0: also an HTTP-only listener on bind:http_port */
    const char *metrics_bind; /* "ADDR:PORT": /metrics and /healthz are served only on this
                                 extra HTTP listener; NULL = on every HTTP listener */
    const char *allow_origin; /* WebSocket Origins allowed, comma-separated ("*" = any);
                                 NULL = same-origin (Origin's host equals Host) */
    const char *web_root;     /* directory served at / (NULL: no files, 404) */
    unsigned handshake_ms;    /* a game-port TCP connection that has not delivered a whole
                                 first message after this long, or whose partial frame is
                                 this old, is closed; 0 = GG_TCP_HANDSHAKE_TIMEOUT_MS */
    int max_per_addr;         /* TCP connections from one IPv4 address; 0 =
                                 GG_MAX_CONNS_PER_ADDR */
    unsigned idle_ms;         /* a native TCP connection past its first message that sends
                                 nothing this long is closed; at a third of it ping_msg is
                                 sent; 0 = GG_TCP_IDLE_MS */
    const char *reserve_from; /* "A.B.C.D/N": who may use the last GG_TCP_LOOPBACK_RESERVE TCP
                                 slots; NULL = "127.0.0.0/8" */
    const uint8_t *ping_msg;  /* optional: the message (unframed) that asks an idle native
                                 TCP client for an answer; copied; NULL = no pings */
    size_t ping_len;
} gg_net_config;

/* The answer to an ops request (/metrics, /healthz), filled by on_http. */
typedef struct gg_net_http_reply {
    int status;               /* e.g. 200, 503 */
    const char *content_type; /* static string */
    char *body;               /* malloc'd; the net frees it */
    size_t len;
} gg_net_http_reply;

/* Callbacks. All are optional except on_message. `ud` is the pointer passed to
 * gg_net_create. Callbacks may call any function in this header, including
 * gg_conn_close and gg_net_close. */
typedef struct gg_net_callbacks {
    /* A connection completed its handshake (ENet) or was accepted (TCP). */
    void (*on_open)(gg_conn *c, void *ud);
    /* One whole message arrived. `msg` is valid only during the call and
     * 1 <= len <= the connection's current max message size. */
    void (*on_message)(gg_conn *c, const uint8_t *msg, size_t len, void *ud);
    /* The connection is gone. `reason` is 0 for an orderly close (either
     * side, timeout, network error, gg_net_close) or a gg errno saying why
     * the server dropped it: GG_EMSG_TOO_BIG / GG_EMSG_MALFORMED (bad frame),
     * GG_EMSG_TRUNCATED (TCP peer left in the middle of a frame),
     * GG_EQUEUE_FULL (slow consumer). The pointer dies when this returns. */
    void (*on_close)(gg_conn *c, int reason, void *ud);
    /* A message arrived that the transport could not turn into msgpack (a
     * WebSocket text frame that is not valid JSON for the protocol); `err`
     * says why (GG_EMSG_*). The server answers and counts it as it would a
     * bad msgpack message. Optional: without it the message is dropped. */
    void (*on_bad_message)(gg_conn *c, int err, void *ud);
    /* GET/HEAD of /metrics or /healthz (`path`) on a listener serving them:
     * fill *r and return 0, or return nonzero for 404. Optional. */
    int (*on_http)(const char *path, gg_net_http_reply *r, void *ud);
} gg_net_callbacks;

/* Counters since creation. conns_open is the number of connections that
 * have been opened and whose on_close has not yet been delivered. */
struct gg_net_stats {
    uint64_t conns_open, conns_total;
    uint64_t msgs_in, msgs_out, bytes_in, bytes_out; /* payload bytes, no framing */
    uint64_t dropped_slow, dropped_bad_frame;
    /* HTTP and WebSocket */
    uint64_t http_requests;      /* complete request heads read */
    uint64_t http_bad_requests;  /* answered 4xx/5xx for what the client sent (408s too) */
    uint64_t http_timeouts;      /* 408: head not complete in GG_HTTP_HEADER_TIMEOUT_MS */
    uint64_t ws_opened;          /* WebSocket handshakes accepted */
    uint64_t ws_refused;         /* handshakes refused (bad key/version/origin) */
    uint64_t ws_protocol_errors; /* closed for a framing violation (1002, 1007, 1009) */
    uint64_t ws_keepalive_timeouts;
    uint64_t ws_bad_json;     /* text messages that were not protocol JSON */
    uint64_t tcp_timeouts;    /* game-port connections closed: no first message or a partial
                                 frame held for the handshake timeout */
    uint64_t tcp_refused;     /* TCP connections refused: server full, reserve, per-address cap */
    uint64_t tcp_pings;       /* pings sent to idle native TCP connections */
    uint64_t tcp_idle_closed; /* native TCP connections closed after idle_ms of silence */
    uint64_t tcp_writes;      /* socket writes of native TCP frames: each carries every frame
                                 a connection was sent in one loop iteration (<= msgs_out) */
};

/* Creates the transport: binds TCP and UDP on cfg->bind:cfg->port (same port
 * number for both), starts listening and registers its handles on `loop`.
 * `cfg` and `cb` are copied; `ud` is passed to every callback. On success
 * stores the object in *out and returns 0. On failure returns a negative
 * libuv error code (UV_EADDRINUSE, UV_EINVAL for a bad address or config,
 * UV_ENOMEM, ...; describe it with uv_strerror) and leaves *out untouched.
 * Calls enet_initialize() once per process (thread-safe). */
int gg_net_create(uv_loop_t *loop, const gg_net_config *cfg, const gg_net_callbacks *cb, void *ud,
                  gg_net **out);

/* 0 if s is "A.B.C.D/N" or "A.B.C.D" (gg_net_config.reserve_from), else
 * UV_EINVAL. */
int gg_net_check_cidr(const char *s);

/* Returns the bound port (the same for UDP and TCP). */
int gg_net_port(const gg_net *n);

/* Returns the bound port of the extra HTTP listener (--http-port) or of the
 * metrics listener, 0 if there is none. */
int gg_net_http_port(const gg_net *n);
int gg_net_metrics_port(const gg_net *n);

/* Closes everything: stops accepting, drops every connection (on_close is
 * delivered for each, reason 0, from inside the loop), closes all handles and
 * destroys the ENet host. When all of that is complete, frees `n` and calls
 * done(ud) (if done is not NULL) from inside the loop; the loop can then end.
 * Calling it again, or with NULL, does nothing. */
void gg_net_close(gg_net *n, void (*done)(void *ud));

/* Queues one message for the connection; the bytes are copied. `channel` is
 * one of gg_net_channel (out-of-range values use channel 0). Returns 0 when
 * queued; 0 as well, discarding the message, when the connection is already
 * closing (its on_close is on the way). Returns GG_EMSG_TOO_BIG if len is 0
 * or larger than GG_MAX_MESSAGE (the connection stays open);
 * GG_EQUEUE_FULL if queueing would push the connection's queued bytes (see
 * gg_conn_queued_bytes) past GG_MAX_SEND_QUEUE: the connection is then
 * dropped as a slow consumer (on_close follows with GG_EQUEUE_FULL);
 * GG_ECONN_CLOSED if the transport refused the write (the connection is
 * then closing); GG_EINTERNAL if memory ran out (the connection stays). */
int gg_conn_send(gg_conn *c, int channel, const uint8_t *msg, size_t len);

/* Closes gracefully: no more messages are delivered, already queued messages
 * are still sent (TCP: for at most 5 s; ENet: until acknowledged or the peer
 * times out), then the connection closes and on_close fires with reason 0.
 * Idempotent; a no-op once the connection is closing. */
void gg_conn_close(gg_conn *c);

/* Sets the largest message the connection accepts, clamped to
 * [1, GG_MAX_MESSAGE]. New connections start at GG_MAX_MESSAGE_UNJOINED; the
 * server raises it once a client has joined. */
void gg_conn_set_max_message(gg_conn *c, size_t max);

/* Returns the connection's current largest accepted message. */
size_t gg_conn_max_message(const gg_conn *c);

/* Application data pointer, NULL initially; the net never touches it. */
void gg_conn_set_data(gg_conn *c, void *p);
void *gg_conn_data(const gg_conn *c);

/* Returns "enet", "tcp" or "ws" (static strings). */
const char *gg_conn_transport(const gg_conn *c);

/* Writes the peer's "a.b.c.d:port" into buf (always NUL-terminated when
 * n > 0; 22 bytes suffice). For logs only. */
void gg_conn_peer_name(const gg_conn *c, char *buf, size_t n);

/* Bytes currently queued for the connection and not yet handed to the kernel
 * (TCP) or not yet acknowledged by the peer (ENet). */
size_t gg_conn_queued_bytes(const gg_conn *c);

/* Sends what is queued for ENet peers now. The transport flushes once per
 * loop iteration from its own check handle; a caller that queues messages
 * from another check handle (which libuv may run after the transport's)
 * calls this so they do not wait for the next iteration. */
void gg_net_flush(gg_net *n);

/* Copies the counters. */
void gg_net_stats(const gg_net *n, struct gg_net_stats *out);

#ifdef __cplusplus
}
#endif

#endif /* GG_SERVER_NET_H */
