/* server/net/net_tcp.c — the TCP side of gg_net: accept, the first-bytes
 * sniff ("GET " is HTTP, see net_http_conn.c), length-prefixed framing
 * (4-byte big-endian length, then the message), bounded read buffer,
 * bounded write queue (the frames of one loop iteration leave in one write),
 * graceful and forced close. */
#include "net_internal.h"

#include "gg/errors.h"
#include "gg/limits.h"
#include "gg/protocol.h" /* gg_frame_next */

#include <arpa/inet.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Read buffer size while no large frame is being received. The buffer only
 * grows to 4 + the declared length of a frame whose length passed the
 * connection's limit, and shrinks back when it empties. */
#define GG__RBUF_MIN 4096
/* A graceful close waits this long for queued data to drain and the peer to
 * hang up before closing the socket anyway. */
#define GG__LINGER_MS 5000

struct wreq {
    uv_write_t req;
    uint8_t data[]; /* 4-byte length + message */
};

/* A connection's frames of this loop iteration, written as one request. */
struct gg__wbuf {
    uv_write_t req;
    size_t len, cap;
    uint8_t data[]; /* frames back to back */
};

/* First size of a pending buffer: a few small frames fit. */
#define GG__WBUF_MIN 2048

static void wbuf_unlist(gg_conn *c)
{
    for (gg_conn **p = &c->net->wdirty; *p; p = &(*p)->wnext)
        if (*p == c) {
            *p = c->wnext;
            break;
        }
    c->wnext = NULL;
}

static void on_wbuf_written(uv_write_t *req, int status);

/* Hands the pending frames to libuv (which writes at once when nothing is
 * queued before them). Does not unlink c from the dirty list. Returns 0 or
 * GG_ECONN_CLOSED (the connection is then closed). */
static int wbuf_write(gg_conn *c)
{
    struct gg__wbuf *w = c->wpend;
    c->wpend = NULL;
    if (!w)
        return 0;
    uv_buf_t b = uv_buf_init((char *)w->data, (unsigned)w->len);
    w->req.data = c;
    c->net->stats.tcp_writes++;
    if (uv_write(&w->req, (uv_stream_t *)&c->tcp, &b, 1, on_wbuf_written) != 0) {
        free(w);
        gg__tcp_close(c, 0, 0);
        return GG_ECONN_CLOSED;
    }
    return 0;
}

void gg__tcp_flush_all(gg_net *n)
{
    while (n->wdirty) {
        gg_conn *c = n->wdirty;
        n->wdirty = c->wnext;
        c->wnext = NULL;
        (void)wbuf_write(c);
    }
}

static void on_tcp_closed(uv_handle_t *h)
{
    gg_conn *c = h->data;
    gg_net *n = c->net;
    if (c->linger_deadline)
        n->lingering--;
    if (c->wpend) { /* never expected: every close path writes or drops them */
        wbuf_unlist(c);
        free(c->wpend);
        c->wpend = NULL;
    }
    n->tcp_count--;
    gg__deliver_close(c);
    gg__conn_destroy(c);
    gg__handle_closed(n);
}

static void on_shutdown(uv_shutdown_t *req, int status)
{
    gg_conn *c = req->data;
    if (status < 0 && status != UV_ECANCELED)
        gg__tcp_close(c, 0, 0);
}

/* Closes now (forced) or starts a graceful shutdown. Safe to call repeatedly
 * and from inside this connection's callbacks. */
void gg__tcp_close(gg_conn *c, int reason, int graceful)
{
    uv_handle_t *h = (uv_handle_t *)&c->tcp;
    if (uv_is_closing(h))
        return;
    if (c->wpend) {
        /* Frames still pending: a graceful close sends them before its
         * shutdown; a forced one tries once, as a send would have. */
        wbuf_unlist(c);
        if (graceful) {
            if (wbuf_write(c) != 0)
                return; /* closed (forced) by the failed write */
        } else {
            struct gg__wbuf *w = c->wpend;
            uv_buf_t b = uv_buf_init((char *)w->data, (unsigned)w->len);
            if (uv_stream_get_write_queue_size((uv_stream_t *)h) == 0)
                (void)uv_try_write((uv_stream_t *)h, &b, 1);
            c->wpend = NULL;
            free(w);
        }
    }
    if (graceful) {
        c->state = GG__CLOSING;
        c->linger_deadline = uv_now(c->net->loop) + GG__LINGER_MS;
        c->net->lingering++;
        /* Keep reading (and discarding) until the peer hangs up, so closing
         * never resets the connection under data we still owe it. */
        c->shutdown_req.data = c;
        if (uv_shutdown(&c->shutdown_req, (uv_stream_t *)&c->tcp, on_shutdown) == 0)
            return;
    }
    c->state = GG__DEAD;
    c->reason = reason;
    uv_read_stop((uv_stream_t *)&c->tcp);
    uv_close(h, on_tcp_closed);
}

/* Closes (forced) every game-port connection that has not sent a whole first
 * message, or has held a partial frame, for handshake_ms; past its first
 * message, pings a native connection silent for a third of idle_ms and
 * closes one silent for idle_ms once it has been pinged. */
void gg__tcp_scan(gg_net *n, uint64_t now)
{
    gg_conn *c, *next;
    uint64_t ping_after = n->idle_ms / 3;
    for (c = n->conns; c; c = next) {
        next = c->next; /* closing defers the free to the close callback */
        if ((c->kind != GG__CONN_SNIFF && c->kind != GG__CONN_TCP) || c->state != GG__OPEN)
            continue;
        if (c->native_deadline) {
            if (now >= c->native_deadline) {
                n->stats.tcp_timeouts++;
                gg__tcp_close(c, c->rlen > 0 ? GG_EMSG_TRUNCATED : 0, 0);
            }
            continue;
        }
        if (c->kind != GG__CONN_TCP || now < c->last_rx)
            continue;
        /* Closed only once pinged: a late scan (a busy loop) pings first. */
        if (now - c->last_rx >= n->idle_ms && (!n->ping_len || c->last_ping)) {
            n->stats.tcp_idle_closed++;
            gg__tcp_close(c, 0, 0);
        } else if (n->ping_len && now - c->last_rx >= ping_after &&
                   (!c->last_ping || now - c->last_ping >= ping_after)) {
            c->last_ping = now;
            n->stats.tcp_pings++;
            gg__tcp_send(c, n->ping, n->ping_len);
        }
    }
}

/* Open TCP connections (not closing) from ip, other than `self`. */
static int conns_from(gg_net *n, uint32_t ip, const gg_conn *self)
{
    int count = 0;
    for (const gg_conn *c = n->conns; c; c = c->next)
        if (c != self && c->kind != GG__CONN_ENET && c->ip == ip &&
            !uv_is_closing((const uv_handle_t *)&c->tcp))
            count++;
    return count;
}

/* Whether a connection from ip may use the reserved slots (loopback, or
 * --reserve-from). */
static int in_reserve(const gg_net *n, uint32_t ip_net_order)
{
    return (ntohl(ip_net_order) & n->reserve_mask) == n->reserve_net;
}

void gg__tcp_check_lingering(gg_net *n)
{
    uint64_t now = uv_now(n->loop);
    gg_conn *c;
    for (c = n->conns; c; c = c->next)
        if (c->kind != GG__CONN_ENET && c->linger_deadline && now >= c->linger_deadline)
            gg__tcp_close(c, 0, 0);
}

static void on_alloc(uv_handle_t *h, size_t suggested, uv_buf_t *buf)
{
    gg_conn *c = h->data;
    (void)suggested;
    if (!c->rbuf) {
        c->rbuf = malloc(GG__RBUF_MIN);
        c->rcap = c->rbuf ? GG__RBUF_MIN : 0;
        c->rlen = 0;
    }
    /* rlen < rcap always holds here (see parse); a NULL base makes libuv
     * report UV_ENOBUFS, which closes the connection. */
    buf->base = c->rbuf ? (char *)c->rbuf + c->rlen : NULL;
    buf->len = c->rbuf ? c->rcap - c->rlen : 0;
}

/* Delivers every complete frame in the buffer, validating each length before
 * using it, then compacts and sizes the buffer for the frame in progress. */
void gg__tcp_parse_native(gg_conn *c)
{
    gg_net *n = c->net;
    size_t off = 0, need = GG__RBUF_MIN;
    while (c->state == GG__OPEN && !n->closing) {
        const uint8_t *msg;
        uint32_t len;
        int r =
            gg_frame_next(c->rbuf + off, c->rlen - off, (uint32_t)c->max_msg, &msg, &len, &need);
        if (r < 0) {
            /* A zero or oversized length, refused before its body: the stream
             * cannot be trusted any more. Say why, then close gracefully (the
             * reply drains; later input is discarded). */
            const uint8_t *why = r == GG_EMSG_TOO_BIG ? n->too_big : n->malformed;
            size_t why_len = r == GG_EMSG_TOO_BIG ? n->too_big_len : n->malformed_len;
            n->stats.dropped_bad_frame++;
            if (why_len)
                gg__tcp_send(c, why, why_len);
            c->reason = r;
            gg__tcp_close(c, r, 1);
            return;
        }
        if (r == 0)
            break;
        gg__conn_deliver(c, msg, len);
        off += GG_FRAME_HEADER + (size_t)len;
    }
    if (c->state != GG__OPEN || n->closing) {
        c->rlen = 0;
        return;
    }
    if (off > 0) {
        memmove(c->rbuf, c->rbuf + off, c->rlen - off);
        c->rlen -= off;
    }
    /* Until the first whole message the handshake deadline (set at accept)
     * stands; after it, a partial frame must complete within the same time. */
    if (off > 0)
        c->native_deadline = c->rlen ? uv_now(n->loop) + n->handshake_ms : 0;
    else if (c->rlen && !c->native_deadline)
        c->native_deadline = uv_now(n->loop) + n->handshake_ms;
    if (c->rlen == 0 && c->rcap > GG__RBUF_MIN) {
        free(c->rbuf); /* a large frame was delivered: give the memory back */
        c->rbuf = NULL;
        c->rcap = 0;
        return;
    }
    /* The length of a pending frame has been checked against max_msg. */
    if (c->rlen < GG_FRAME_HEADER)
        need = GG__RBUF_MIN;
    if (need > c->rcap) {
        uint8_t *nb = realloc(c->rbuf, need);
        if (!nb) {
            gg__tcp_close(c, GG_EINTERNAL, 0);
            return;
        }
        c->rbuf = nb;
        c->rcap = need;
    }
}

/* The game port's first bytes: "GET " or "HEAD" (never a valid length
 * prefix: it would announce a frame of over 1 GB) start HTTP; anything else,
 * as soon as it differs from both prefixes, is the native framing. */
static void sniff(gg_conn *c)
{
    size_t n = c->rlen < 4 ? c->rlen : 4;
    if (memcmp(c->rbuf, "GET ", n) != 0 && memcmp(c->rbuf, "HEAD", n) != 0) {
        c->kind = GG__CONN_TCP;
        gg__conn_opened(c);
        if (c->state == GG__OPEN)
            gg__tcp_parse_native(c);
        else
            c->rlen = 0;
    } else if (n == 4) {
        c->native_deadline = 0; /* HTTP has its own header deadline */
        if (gg__http_start(c) != 0) {
            gg__tcp_close(c, GG_EINTERNAL, 0);
            return;
        }
        gg__http_read(c);
    }
}

static void on_read(uv_stream_t *s, ssize_t nread, const uv_buf_t *buf)
{
    gg_conn *c = s->data;
    (void)buf;
    if (nread > 0) {
        c->rlen += (size_t)nread;
        c->last_rx = uv_now(c->net->loop);
        c->last_ping = 0; /* the client answered (or spoke first) */
        if (c->state != GG__OPEN || c->net->closing)
            c->rlen = 0; /* closing: discard */
        else if (c->kind == GG__CONN_TCP)
            gg__tcp_parse_native(c);
        else if (c->kind == GG__CONN_SNIFF)
            sniff(c);
        else if (c->kind == GG__CONN_HTTP)
            gg__http_read(c);
        else if (c->kind == GG__CONN_WS)
            gg__ws_read(c);
        return;
    }
    if (nread == 0)
        return;
    /* EOF or error. A partial frame left behind is reported, not counted. */
    gg__tcp_close(c, c->state == GG__OPEN && c->rlen > 0 ? GG_EMSG_TRUNCATED : c->reason, 0);
}

static void on_write(uv_write_t *req, int status)
{
    gg_conn *c = req->data;
    free(req);
    if (status < 0 && status != UV_ECANCELED)
        gg__tcp_close(c, 0, 0);
}

static void on_wbuf_written(uv_write_t *req, int status)
{
    on_write(req, status); /* req is the first member of struct gg__wbuf */
}

int gg__tcp_write(gg_conn *c, const uint8_t *a, size_t alen, const uint8_t *b2, size_t blen)
{
    uv_stream_t *s = (uv_stream_t *)&c->tcp;
    struct wreq *w;
    uv_buf_t b;
    if (uv_is_closing((uv_handle_t *)s))
        return GG_ECONN_CLOSED;
    if (c->wpend) { /* frames pending go first: the stream keeps its order */
        wbuf_unlist(c);
        if (wbuf_write(c) != 0)
            return GG_ECONN_CLOSED;
    }
    size_t queued = uv_stream_get_write_queue_size(s);
    if (queued > 0 && queued + alen + blen > GG_MAX_SEND_QUEUE) {
        c->net->stats.dropped_slow++;
        gg__tcp_close(c, GG_EQUEUE_FULL, 0);
        return GG_EQUEUE_FULL;
    }
    w = malloc(sizeof *w + alen + blen);
    if (!w)
        return GG_EINTERNAL;
    memcpy(w->data, a, alen);
    if (blen)
        memcpy(w->data + alen, b2, blen);
    w->req.data = c;
    b = uv_buf_init((char *)w->data, (unsigned)(alen + blen));
    if (uv_write(&w->req, s, &b, 1, on_write) != 0) {
        free(w);
        gg__tcp_close(c, 0, 0);
        return GG_ECONN_CLOSED;
    }
    return 0;
}

int gg__tcp_send(gg_conn *c, const uint8_t *msg, size_t len)
{
    uv_stream_t *s = (uv_stream_t *)&c->tcp;
    struct gg__wbuf *w = c->wpend;
    size_t pending = w ? w->len : 0, need = pending + 4 + len;
    if (uv_is_closing((uv_handle_t *)s))
        return GG_ECONN_CLOSED;
    size_t queued = uv_stream_get_write_queue_size(s) + pending;
    if (queued > 0 && queued + 4 + len > GG_MAX_SEND_QUEUE) {
        c->net->stats.dropped_slow++;
        gg__tcp_close(c, GG_EQUEUE_FULL, 0);
        return GG_EQUEUE_FULL;
    }
    if (!w || need > w->cap) {
        size_t cap = w ? 2 * w->cap : GG__WBUF_MIN;
        while (cap < need)
            cap *= 2;
        struct gg__wbuf *nw = realloc(w, sizeof *nw + cap);
        if (!nw)
            return GG_EINTERNAL;
        if (!w)
            nw->len = 0;
        nw->cap = cap;
        c->wpend = w = nw;
    }
    uint8_t *p = w->data + w->len;
    p[0] = (uint8_t)(len >> 24);
    p[1] = (uint8_t)(len >> 16);
    p[2] = (uint8_t)(len >> 8);
    p[3] = (uint8_t)len;
    memcpy(p + 4, msg, len);
    w->len = need;
    if (pending == 0) { /* first frame of this iteration: list it, keep the poll short */
        c->wnext = c->net->wdirty;
        c->net->wdirty = c;
        gg__wake(c->net);
    }
    return 0;
}

static void on_connection(uv_stream_t *server, int status)
{
    struct gg__listener *l = server->data;
    gg_net *n = l->net;
    struct sockaddr_storage ss;
    int sl = sizeof ss;
    gg_conn *c;
    if (status < 0 || n->closing)
        return;
    c = gg__conn_create(n, (l->serves & GG__SERVE_NATIVE) ? GG__CONN_SNIFF : GG__CONN_HTTP);
    if (!c)
        return;
    c->serves = l->serves; /* the kernel keeps it in the backlog; retried on the next accept */
    uv_tcp_init(n->loop, &c->tcp);
    c->tcp.data = c;
    n->handles_open++;
    n->tcp_count++;
    if (uv_accept(server, (uv_stream_t *)&c->tcp) != 0) {
        gg__tcp_close(c, 0, 0); /* never announced: no on_close */
        return;
    }
    uv_tcp_nodelay(&c->tcp, 1);
    if (uv_tcp_getpeername(&c->tcp, (struct sockaddr *)&ss, &sl) == 0 && ss.ss_family == AF_INET) {
        const struct sockaddr_in *sa = (const struct sockaddr_in *)&ss;
        c->ip = sa->sin_addr.s_addr;
        gg__format_addr(c->name, sizeof c->name, sa->sin_addr.s_addr, ntohs(sa->sin_port));
    }
    /* The last slots are kept for loopback (GG_TCP_LOOPBACK_RESERVE, at most
     * a quarter of them); one address gets at most max_per_addr. */
    int reserve =
        GG_TCP_LOOPBACK_RESERVE < n->max_tcp / 4 ? GG_TCP_LOOPBACK_RESERVE : n->max_tcp / 4;
    if (n->tcp_count > n->max_tcp ||
        (n->tcp_count > n->max_tcp - reserve && !in_reserve(n, c->ip)) ||
        conns_from(n, c->ip, c) >= n->max_per_addr) {
        /* Say why before hanging up (one small write the kernel takes at once). */
        if (n->refuse_len) {
            uv_buf_t b = uv_buf_init((char *)n->refuse, (unsigned)n->refuse_len);
            (void)uv_try_write((uv_stream_t *)&c->tcp, &b, 1);
        }
        n->stats.tcp_refused++;
        gg__tcp_close(c, 0, 0);
        return;
    }
    if (c->kind == GG__CONN_SNIFF)
        c->native_deadline = uv_now(n->loop) + n->handshake_ms;
    if (c->kind == GG__CONN_HTTP && gg__http_start(c) != 0) {
        gg__tcp_close(c, 0, 0);
        return;
    }
    if (uv_read_start((uv_stream_t *)&c->tcp, on_alloc, on_read) != 0) {
        gg__tcp_close(c, 0, 0);
        return;
    }
    /* Announced once its first bytes say it is a native connection (sniff)
     * or once its WebSocket handshake is done (net_ws.c). */
}

/* Takes ownership of a bound, listening socket fd (closes it on failure). */
int gg__tcp_listen_fd(gg_net *n, struct gg__listener *l, int fd)
{
    int err = uv_tcp_open(&l->tcp, fd);
    (void)n;
    if (err) {
        close(fd);
        return err;
    }
    return uv_listen((uv_stream_t *)&l->tcp, 511, on_connection);
}
