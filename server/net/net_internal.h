/* server/net/net_internal.h — shared between the gg_net sources (net.c,
 * net_enet.c, net_tcp.c, net_http*.c, net_ws.c). Not a public header.
 *
 * Connection states: OPEN delivers and sends; CLOSING (graceful close asked,
 * or TCP shutdown in progress) sends nothing new and delivers nothing;
 * DEAD means the transport is gone and on_close is pending. A conn is freed
 * only after its on_close, and (ENet) after its peer was reset, so packet
 * free callbacks never see a freed conn.
 */
#ifndef GG_NET_INTERNAL_H
#define GG_NET_INTERNAL_H

#include "net.h"

#include <enet/enet.h>

/* A TCP socket starts as SNIFF on the game port (its first bytes decide:
 * "GET " makes it HTTP, anything else TCP) or as HTTP on an HTTP-only
 * listener; an HTTP connection that completes a WebSocket handshake becomes
 * WS. Only TCP, ENET and WS connections are announced (on_open). */
enum {
    GG__CONN_ENET = 1,
    GG__CONN_TCP = 2,
    GG__CONN_SNIFF = 3,
    GG__CONN_HTTP = 4,
    GG__CONN_WS = 5
};
/* What a TCP listener serves (bit set). */
enum {
    GG__SERVE_NATIVE = 1,
    GG__SERVE_APP = 2 /* /ws and files */,
    GG__SERVE_OPS = 4 /* metrics */
};
#define GG__LISTENERS 3
/* Room for a msgpack message (<= GG_MAX_MESSAGE) as JSON text: BIN grows by
 * 4/3 in base64, control characters in strings by 6. */
#define GG__JSON_OUT_CAP (6 * 65536 + 64) /* game port, --http-port, --metrics-bind */

struct gg__http;   /* net_http.c */
struct gg__ws;     /* net_ws.c */
struct gg__static; /* net_static.c */
enum { GG__OPEN = 0, GG__CLOSING = 1, GG__DEAD = 2 };

struct gg_conn {
    gg_net *net;
    struct gg_conn *prev, *next; /* all live conns of the net */
    struct gg_conn *dead_next;   /* ENet conns waiting for on_close */
    int kind;
    int state;
    int announced; /* on_open delivered, on_close owed */
    int reason;    /* reason reported by on_close */
    size_t max_msg;
    void *data;
    char name[24];
    /* ENet */
    ENetPeer *peer;
    size_t enet_pending; /* bytes of our packets not yet destroyed by ENet */
    /* TCP */
    uv_tcp_t tcp;
    uv_shutdown_t shutdown_req;
    uint8_t *rbuf;
    size_t rlen, rcap;
    uint64_t linger_deadline; /* uv_now() after which a graceful close is forced; 0 = none */
    int serves;               /* GG__SERVE_* of the listener that accepted it */
    /* HTTP and WebSocket (heap, only for those kinds) */
    struct gg__http *http;
    struct gg__ws *ws;
    uint64_t deadline; /* HTTP: uv_now() by which the request head must be complete; 0 = none */
    uint32_t ip;       /* peer IPv4 address, network order (0 = unknown) */
    uint64_t native_deadline; /* SNIFF/TCP: uv_now() by which the first whole message (then:
                                 the partial frame in rbuf) must be complete; 0 = none */
    uint64_t last_rx;         /* TCP: uv_now() of the last bytes received */
    uint64_t last_ping;       /* TCP: uv_now() of our last idle ping since the client last
                                 sent anything; 0 = none */
    /* Native TCP: frames sent in this loop iteration, written together (one
     * uv_write, one syscall) by gg__tcp_flush_all; see gg__tcp_send. */
    struct gg__wbuf *wpend;
    struct gg_conn *wnext; /* the net's list of conns with wpend */
};

struct gg__listener {
    uv_tcp_t tcp;
    gg_net *net;
    int serves; /* GG__SERVE_*; 0 = not in use */
};

struct gg_net {
    uv_loop_t *loop;
    gg_net_callbacks cb;
    void *ud;
    int port;
    int max_peers;
    int max_tcp;
    int max_per_addr;                   /* TCP connections per IPv4 address */
    unsigned handshake_ms;              /* see gg_net_config */
    unsigned idle_ms;                   /* see gg_net_config */
    uint32_t reserve_net, reserve_mask; /* host order: who may use the reserved TCP slots */
    uint8_t ping[64];                   /* unframed idle ping (ping_len 0: none) */
    size_t ping_len;
    uint8_t refuse[4 + 256]; /* framed refusal for TCP connections over the limit */
    size_t refuse_len;
    uint8_t too_big[256]; /* unframed: why a connection is closed for an oversize frame */
    size_t too_big_len;
    uint8_t malformed[256]; /* unframed: ... for a zero-length frame */
    size_t malformed_len;
    unsigned timeout_ms;
    int closing;
    int handles_open; /* handles whose close callback is still due */
    void (*done)(void *ud);

    ENetHost *host;
    int enet_dirty; /* something was queued: flush in the check callback */
    int enet_more;  /* a service pass stopped at its event cap: resume from check */
    uv_poll_t poll;
    uv_timer_t timer;
    uv_check_t check;
    uv_idle_t idle; /* active while dead ENet conns wait: keeps poll from blocking */
    struct gg__listener listeners[GG__LISTENERS];
    int http_port, metrics_port;
    char *allow_origin;         /* comma-separated Origins, "*" = any; NULL = same-origin */
    char *web_root;             /* directory served at /, or NULL */
    uint8_t *json_out;          /* transcode buffer for JSON WebSocket sends (lazy) */
    uint8_t *ws_scratch;        /* GG_MAX_MESSAGE: every WebSocket's text input transcoded */
    uint64_t next_scan;         /* uv_now() of the next HTTP/WebSocket deadline scan */
    struct gg__static *statics; /* net_static.c's file cache (lazy) */

    gg_conn *conns;     /* doubly linked list of conns not yet freed */
    gg_conn *wdirty;    /* native TCP conns with frames waiting in wpend */
    gg_conn *dead_head; /* ENet conns awaiting on_close, FIFO */
    gg_conn *dead_tail;
    int tcp_count;
    int lingering; /* TCP conns with a linger deadline */
    struct gg_net_stats stats;
};

/* net.c */
gg_conn *gg__conn_create(gg_net *n, int kind);
void gg__conn_destroy(gg_conn *c);
void gg__conn_opened(gg_conn *c);
void gg__conn_deliver(gg_conn *c, const uint8_t *msg, size_t len);
void gg__conn_dead(gg_conn *c, int reason);
void gg__deliver_close(gg_conn *c);
void gg__handle_closed(gg_net *n);
void gg__wake(gg_net *n);
void gg__format_addr(char *buf, size_t n, uint32_t ip_net_order, unsigned port);

/* net_enet.c */
int gg__enet_start(gg_net *n, uint32_t ip_net_order, int port);
void gg__enet_service(gg_net *n);
int gg__enet_send(gg_conn *c, int channel, const uint8_t *msg, size_t len);
void gg__enet_close(gg_conn *c, int reason, int graceful);
void gg__enet_shutdown(gg_net *n);
void gg__enet_destroy(gg_net *n);

/* net_tcp.c */
int gg__tcp_listen_fd(gg_net *n, struct gg__listener *l, int fd);
/* Frames msg (4-byte length) into the connection's pending buffer: the
 * frames of one loop iteration leave in one write, at the latest in the
 * net's check callback (gg_net_flush sends them sooner). The queue bound
 * counts pending bytes; GG_EQUEUE_FULL drops the connection. */
int gg__tcp_send(gg_conn *c, const uint8_t *msg, size_t len);
/* Writes every connection's pending frames (one uv_write each). */
void gg__tcp_flush_all(gg_net *n);
/* Queues raw bytes (a || b) on the socket, copying them; same queue bound and
 * results as gg__tcp_send (GG_EQUEUE_FULL drops the connection), except that
 * a write into an empty queue is always taken (a static file may be larger
 * than the bound; it is bounded by the file size limit instead). */
int gg__tcp_write(gg_conn *c, const uint8_t *a, size_t alen, const uint8_t *b, size_t blen);
void gg__tcp_parse_native(gg_conn *c);
void gg__tcp_close(gg_conn *c, int reason, int graceful);
void gg__tcp_check_lingering(gg_net *n);
void gg__tcp_scan(gg_net *n, uint64_t now); /* handshake and partial-frame deadlines */

/* net_http_conn.c: HTTP connections (requests, routing, responses). */
int gg__http_start(gg_conn *c); /* c->kind becomes HTTP; 0 or GG_EINTERNAL */
void gg__http_read(gg_conn *c); /* consume c->rbuf[0..rlen) */
void gg__http_free(gg_conn *c);
void gg__http_scan(gg_net *n, uint64_t now); /* header timeouts, WebSocket keepalive */

/* net_static.c */
void gg__static_free(gg_net *n);

/* net_ws.c: WebSocket connections. */
int gg__ws_start(gg_conn *c, int encoding); /* after the 101: c->kind becomes WS */
void gg__ws_read(gg_conn *c);               /* consume c->rbuf[0..rlen) */
int gg__ws_send(gg_conn *c, const uint8_t *msg, size_t len);
void gg__ws_close(gg_conn *c, int code, const char *why); /* graceful, with a close frame */
void gg__ws_shutdown(gg_conn *c); /* gg_net_close: best-effort 1001, then forced */
void gg__ws_keepalive(gg_conn *c, uint64_t now);
void gg__ws_limit_changed(gg_conn *c);
void gg__ws_free(gg_conn *c);

#endif /* GG_NET_INTERNAL_H */
