/* server/net/http_reader.h — a bounded HTTP/1.1 request-head reader on
 * Debian's http_parser. No libuv: the fuzz harness drives it directly.
 *
 * It reads one request at a time and keeps only what gg-server needs: the
 * method, the target, and a handful of headers. Every limit of gg/limits.h
 * (GG_MAX_HTTP_URL, GG_MAX_HTTP_HEADERS, GG_MAX_HTTP_HEADER_BYTES, no body)
 * is enforced while bytes arrive, so memory use is fixed (sizeof the reader)
 * whatever the client sends.
 */
#ifndef GG_HTTP_READER_H
#define GG_HTTP_READER_H

#include <http_parser.h>
#include <stddef.h>

#include "gg/limits.h"

/* The headers kept (others are counted against the limits and dropped). */
enum gg_http_header {
    GG_HH_HOST,
    GG_HH_ORIGIN,
    GG_HH_UPGRADE,
    GG_HH_CONNECTION,
    GG_HH_WS_KEY,
    GG_HH_WS_VERSION,
    GG_HH_WS_PROTOCOL,
    GG_HH_IF_NONE_MATCH,
    GG_HH_ACCEPT_ENCODING,
    GG_HH_COUNT
};
/* Longest kept header value (repeated headers are joined with ", "); a longer
 * one is answered with 431. */
#define GG_HTTP_VALUE_MAX 255

enum { GG_HTTP_MORE = 0, GG_HTTP_DONE = 1, GG_HTTP_ERROR = -1 };

typedef struct gg_http_reader {
    http_parser p;
    /* the request, valid once gg_http_reader_feed reported GG_HTTP_DONE */
    int head_only;  /* method HEAD (else GET: other methods are errors) */
    int upgrade;    /* the parser saw "Connection: upgrade" + "Upgrade" */
    int keep_alive; /* the client allows another request on this connection */
    char url[GG_MAX_HTTP_URL + 1];
    size_t url_len;
    char hv[GG_HH_COUNT][GG_HTTP_VALUE_MAX + 1]; /* kept header values, "" if absent */
    size_t hl[GG_HH_COUNT];
    /* after GG_HTTP_ERROR: the status to answer (400, 405, 413, 414, 431, 505) */
    int status;
    /* bookkeeping */
    int done, nheaders, in_value, cur; /* cur: GG_HH_* being read, or -1 */
    size_t header_bytes;
    char field[32];
    size_t field_len;
} gg_http_reader;

/* Prepares a reader for the first request of a connection. */
void gg_http_reader_init(gg_http_reader *r);

/* Reads up to len bytes. Returns how many were consumed and sets *state:
 * GG_HTTP_MORE (all consumed, the head is incomplete), GG_HTTP_DONE (a whole
 * request was read; bytes after it — the next request, or WebSocket frames
 * after an upgrade — were not consumed), GG_HTTP_ERROR (r->status says
 * which answer to give; the connection must be closed after it). */
size_t gg_http_reader_feed(gg_http_reader *r, const char *data, size_t len, int *state);

/* After GG_HTTP_DONE: forgets the request and reads the next one. */
void gg_http_reader_next(gg_http_reader *r);

/* The reason phrase of a status code ("Not Found"); "Error" if unknown. */
const char *gg_http_reason(int status);

#endif /* GG_HTTP_READER_H */
