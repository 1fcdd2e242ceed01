/* server/net/net_http.h — internal interface between the HTTP connection
 * code (net_http_conn.c), the WebSocket handshake (net_ws.c) and the static
 * files (net_static.c). Not a public header. */
#ifndef GG_NET_HTTP_H
#define GG_NET_HTTP_H

#include "http_reader.h"
#include "net_internal.h"

/* Writes a whole response: status line, `headers` (complete "Name: value\r\n"
 * lines or NULL), Content-Type (if ctype), Content-Length: len, then the body
 * unless head_only. close_after ends the connection gracefully after it. */
void gg__http_respond(gg_conn *c, int status, const char *headers, const char *ctype,
                      const void *body, size_t len, int head_only, int close_after);
/* Refuses a request with a short text body, counts it and closes. */
void gg__http_error(gg_conn *c, int status, const char *extra_headers, const char *why);

/* Validates a WebSocket upgrade at /ws and answers it: 101 and the
 * connection becomes WS (returns 0), or an error status and a close. */
int gg__ws_handshake(gg_conn *c, const gg_http_reader *r);

/* Sec-WebSocket-Accept for a client key (RFC 6455 4.2.2): 28 chars + NUL. */
void gg__ws_accept_key(const char *key, size_t klen, char out[29]);

/* Serves a file under the web root for `path` (already cut at ? and #). */
void gg__static_serve(gg_conn *c, const gg_http_reader *r, const char *path, int close_after);

#endif /* GG_NET_HTTP_H */
