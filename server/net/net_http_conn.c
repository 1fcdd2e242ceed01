/* server/net/net_http_conn.c — HTTP/1.1 connections of gg_net: request heads
 * read by the bounded reader (http_reader.h), routed to the WebSocket
 * upgrade (/ws), the ops callback (/metrics, /healthz) or the static files
 * (net_static.c), answered, and closed or kept alive. */
#include "net_http.h"

#include "gg/errors.h"
#include "gg/limits.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

struct gg__http {
    gg_http_reader r;
    int requests; /* answered on this connection */
};

int gg__http_start(gg_conn *c)
{
    c->http = malloc(sizeof *c->http);
    if (!c->http)
        return GG_EINTERNAL;
    gg_http_reader_init(&c->http->r);
    c->http->requests = 0;
    c->kind = GG__CONN_HTTP;
    c->deadline = uv_now(c->net->loop) + GG_HTTP_HEADER_TIMEOUT_MS;
    return 0;
}

void gg__http_free(gg_conn *c)
{
    free(c->http);
    c->http = NULL;
}

void gg__http_respond(gg_conn *c, int status, const char *headers, const char *ctype,
                      const void *body, size_t len, int head_only, int close_after)
{
    char head[3072], ct[160] = "";
    int hn;
    if (c->state != GG__OPEN)
        return;
    if (ctype)
        snprintf(ct, sizeof ct, "Content-Type: %s\r\n", ctype);
    hn = snprintf(head, sizeof head,
                  "HTTP/1.1 %d %s\r\n%s%sContent-Length: %zu\r\n"
                  "X-Content-Type-Options: nosniff\r\n%s\r\n",
                  status, gg_http_reason(status), headers ? headers : "", ct, len,
                  close_after ? "Connection: close\r\n" : "");
    if (hn < 0 || (size_t)hn >= sizeof head) {
        gg__tcp_close(c, GG_EINTERNAL, 0);
        return;
    }
    if (gg__tcp_write(c, (const uint8_t *)head, (size_t)hn, head_only ? NULL : body,
                      head_only ? 0 : len) != 0)
        return;
    if (close_after)
        gg__tcp_close(c, 0, 1);
}

/* A short text answer to a request we refuse; always closes. */
void gg__http_error(gg_conn *c, int status, const char *extra_headers, const char *why)
{
    char body[256];
    int n = snprintf(body, sizeof body, "%d %s: %s\n", status, gg_http_reason(status), why);
    c->net->stats.http_bad_requests++;
    gg__http_respond(c, status, extra_headers, "text/plain; charset=utf-8", body,
                     n > 0 ? (size_t)n : 0, 0, 1);
}

static const char *error_why(int status)
{
    switch (status) {
    case 405:
        return "only GET and HEAD are served";
    case 413:
        return "requests to gg-server have no body";
    case 414:
        return "the request target is longer than GG_MAX_HTTP_URL";
    case 431:
        return "more or longer header lines than GG_MAX_HTTP_HEADERS/_BYTES allow";
    case 505:
        return "HTTP/1.x only";
    default:
        return "the request is not valid HTTP/1.1";
    }
}

static void serve_ops(gg_conn *c, const char *path, int head_only, int close_after)
{
    gg_net *n = c->net;
    gg_net_http_reply r = {0, NULL, NULL, 0};
    if (!(c->serves & GG__SERVE_OPS) || !n->cb.on_http || n->cb.on_http(path, &r, n->ud) != 0) {
        free(r.body);
        gg__http_respond(c, 404, NULL, "text/plain; charset=utf-8", "404 Not Found\n", 14,
                         head_only, close_after);
        return;
    }
    gg__http_respond(c, r.status ? r.status : 200, "Cache-Control: no-store\r\n",
                     r.content_type ? r.content_type : "text/plain; charset=utf-8", r.body, r.len,
                     head_only, close_after);
    free(r.body);
}

/* Answers one complete request. Returns 1 if the connection stays HTTP and
 * may read another request, 0 if it is closing or became a WebSocket. */
static int handle(gg_conn *c)
{
    gg_http_reader *r = &c->http->r;
    char path[GG_MAX_HTTP_URL + 1];
    size_t plen = strcspn(r->url, "?#");
    int close_after;
    c->net->stats.http_requests++;
    c->http->requests++;
    close_after = !r->keep_alive || c->http->requests >= GG_MAX_HTTP_REQUESTS;
    memcpy(path, r->url, plen);
    path[plen] = 0;
    if (!strcmp(path, "/ws")) {
        if (!(c->serves & GG__SERVE_APP)) {
            gg__http_error(c, 404, NULL, "no WebSocket on this listener");
            return 0;
        }
        gg__ws_handshake(c, r);
        return 0;
    }
    if (r->upgrade) { /* an upgrade anywhere else: answer, then hang up */
        c->net->stats.ws_refused++;
        gg__http_error(c, 404, NULL, "the WebSocket is at /ws");
        return 0;
    }
    if (!strcmp(path, "/metrics") || !strcmp(path, "/healthz")) {
        serve_ops(c, path, r->head_only, close_after);
    } else if (c->serves & GG__SERVE_APP) {
        gg__static_serve(c, r, path, close_after);
    } else {
        gg__http_respond(c, 404, NULL, "text/plain; charset=utf-8", "404 Not Found\n", 14,
                         r->head_only, close_after);
    }
    return c->state == GG__OPEN && !close_after;
}

void gg__http_read(gg_conn *c)
{
    gg_net *n = c->net;
    size_t off = 0;
    while (c->state == GG__OPEN && c->kind == GG__CONN_HTTP && !n->closing && off < c->rlen) {
        int st;
        off += gg_http_reader_feed(&c->http->r, (const char *)c->rbuf + off, c->rlen - off, &st);
        if (st == GG_HTTP_MORE)
            break;
        if (st == GG_HTTP_ERROR) {
            gg__http_error(c, c->http->r.status, NULL, error_why(c->http->r.status));
            break;
        }
        if (!handle(c))
            break;
        gg_http_reader_next(&c->http->r);
        c->deadline = uv_now(n->loop) + GG_HTTP_HEADER_TIMEOUT_MS;
    }
    if (c->kind == GG__CONN_WS && c->state == GG__OPEN && off < c->rlen) {
        /* frames that followed the upgrade request */
        memmove(c->rbuf, c->rbuf + off, c->rlen - off);
        c->rlen -= off;
        gg__ws_read(c);
        return;
    }
    c->rlen = 0;
}

void gg__http_scan(gg_net *n, uint64_t now)
{
    gg_conn *c, *next;
    for (c = n->conns; c; c = next) {
        next = c->next;
        if (c->state != GG__OPEN)
            continue;
        if (c->kind == GG__CONN_HTTP && c->deadline && now >= c->deadline) {
            n->stats.http_timeouts++;
            gg__http_error(c, 408, NULL, "the request head did not arrive in time");
        } else if (c->kind == GG__CONN_WS) {
            gg__ws_keepalive(c, now);
        }
    }
}
