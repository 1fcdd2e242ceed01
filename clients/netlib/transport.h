/* clients/transport/transport.h — a small BLOCKING client connection to
 * gg-server over ENet (default) or TCP, used by bots, the terminal client,
 * tests and benchmarks. No libuv.
 *
 * Messages are byte strings of 1..GG_MAX_MESSAGE bytes. Over ENet each is one
 * reliable packet on a channel (0 control, 1 orders, 2 chat); over TCP each is
 * a 4-byte big-endian length then the bytes (see server/net/README.md).
 *
 * Messages that arrive while the client is busy sending are kept in an
 * internal FIFO (at most GG_CLIENT_QUEUE_MSGS messages / GG_CLIENT_QUEUE_BYTES
 * bytes; beyond that the client stops reading and the server's own
 * slow-consumer bound applies). A gg_client is not thread-safe: use each one
 * from one thread at a time. Different clients are independent.
 */
#ifndef GG_CLIENT_TRANSPORT_H
#define GG_CLIENT_TRANSPORT_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct gg_client gg_client;

#define GG_CLIENT_DEFAULT_PORT 7777
#define GG_CLIENT_QUEUE_MSGS 4096
#define GG_CLIENT_QUEUE_BYTES (4 * 1024 * 1024)
/* A TCP send that cannot make progress for this long fails (and closes). */
#define GG_CLIENT_SEND_TIMEOUT_MS 10000

/* use_tcp value for a WebSocket (ws://HOST:PORT/ws, binary msgpack frames,
 * subprotocol gg.msgpack): the browser's transport, for benchmarks and tests. */
#define GG_CLIENT_WS 2
/* use_tcp value for a WebSocket speaking exactly what the browser client
 * speaks (wsjson://HOST:PORT): no subprotocol, every message a masked text
 * frame of the protocol's JSON form, answered in JSON text frames. The
 * caller still sends and receives msgpack: this client transcodes (the
 * protocol's gg_msgpack_to_json / gg_json_to_msgpack). */
#define GG_CLIENT_WS_JSON 3

/* Parses "host", "host:port", "tcp://host[:port]", "enet://host[:port]",
 * "ws://host[:port]" or "wsjson://host[:port]". Writes the host
 * (NUL-terminated) to host[0..hostcap), the port (the string's, else
 * default_port) to *port and, when a scheme is present and use_tcp is not
 * NULL, 1 (tcp), GG_CLIENT_WS (ws), GG_CLIENT_WS_JSON (wsjson) or 0 (enet)
 * to *use_tcp. Returns GG_OK, or
 * GG_EBAD_OPTION if the string is empty, the host does not fit, or the port
 * is not 1..65535. */
int gg_client_parse_hostport(const char *s, int default_port, char *host, size_t hostcap, int *port,
                             int *use_tcp);

/* Connects to `hostport_or_host` (parsed as above; `port` is the default
 * when the string has none, GG_CLIENT_DEFAULT_PORT if port <= 0) over a
 * WebSocket if use_tcp is GG_CLIENT_WS, TCP if use_tcp is 1, else ENet; a scheme in the string
 * overrides use_tcp. Waits at most timeout_ms (<= 0: 5000) for the connection (ENet handshake / TCP
 * connect). On
 * success stores a new client in *out (destroy with gg_client_destroy) and
 * returns 0; otherwise returns GG_ECONNECT_FAILED. */
int gg_client_create(const char *hostport_or_host, int port, int use_tcp, int timeout_ms,
                     gg_client **out);

/* Sends one message (copied) on `channel` (ignored over TCP; out-of-range
 * means 0). ENet: queues and flushes, never blocks. TCP: blocks until the
 * whole frame is in the kernel, reading incoming messages into the FIFO
 * meanwhile. Returns 0; GG_EMSG_TOO_BIG if len is 0 or > GG_MAX_MESSAGE;
 * GG_ECONN_CLOSED (or the server's close reason) if the connection is gone;
 * GG_EQUEUE_FULL if a TCP send stalled for GG_CLIENT_SEND_TIMEOUT_MS (the
 * connection is then closed). */
int gg_client_send(gg_client *c, int channel, const uint8_t *msg, size_t len);

/* Receives the next whole message, waiting at most timeout_ms (0 = just
 * check; negative = wait forever). Returns 1 and copies it to buf[0..*len)
 * when one is available; 0 on timeout; GG_EBUFFER_FULL if it is larger than
 * cap (it stays queued: retry with a GG_MAX_MESSAGE buffer); a negative gg
 * errno once the connection is gone: GG_ECONN_CLOSED, or over ENet the reason
 * the server gave (e.g. GG_EQUEUE_FULL, GG_EMSG_TOO_BIG), or
 * GG_EMSG_TOO_BIG / GG_EMSG_MALFORMED for a bad frame from a TCP server.
 * Messages queued before the close are still returned first. */
int gg_client_recv(gg_client *c, int timeout_ms, uint8_t *buf, size_t cap, size_t *len);

/* Closes gracefully (ENet: disconnect and wait up to 1 s for the server to
 * acknowledge; TCP: shutdown and close) and frees the client. NULL is a
 * no-op. */
void gg_client_destroy(gg_client *c);

/* For poll()-driven programs: the socket to watch for POLLIN. After it is
 * readable (and at least every 50 ms over ENet, which retransmits and
 * acknowledges from inside gg_client_recv), call gg_client_recv with
 * timeout 0 until it returns 0. */
int gg_client_fd(const gg_client *c);

/* Messages already received and waiting in the FIFO (do not block in poll()
 * while this is non-zero). */
size_t gg_client_pending(const gg_client *c);

/* "enet" or "tcp". */
const char *gg_client_transport(const gg_client *c);

/* A plain blocking TCP socket connected to 127.0.0.1:port, with
 * TCP_NODELAY when nodelay: no framing, no hello (tests and benchmarks
 * that speak raw bytes or HTTP). The caller closes it. -1 (errno set)
 * when the socket or the connect fails. */
int gg_client_dial_loopback(int port, int nodelay);

/* GET `path` from 127.0.0.1:port over one "Connection: close" request
 * (HTTP/1.1): the whole response, status line and headers included, in a
 * NUL-terminated malloc'd string of at most `max` bytes (a longer one is
 * cut there) that the caller frees; NULL when the connect, the request or
 * an allocation fails. For tests and benchmarks reading /metrics. */
char *gg_client_http_get_loopback(int port, const char *path, size_t max);

#ifdef __cplusplus
}
#endif

#endif /* GG_CLIENT_TRANSPORT_H */
