/* server/net/net_ws.c — WebSocket connections of gg_net: the RFC 6455
 * handshake at /ws (version, key, Origin allow-list, subprotocol), then a
 * ws_engine over the TCP socket, keepalive pings and close codes. */
#include "net_http.h"
#include "ws_engine.h"

#include "gg/errors.h"
#include "gg/limits.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

struct gg__ws {
    gg_ws_engine e;
    uint64_t last_rx;   /* uv_now() of the last bytes from the client */
    uint64_t last_ping; /* uv_now() of our last ping */
    /* What wslay wrote during one engine call, sent as one socket write
     * (wslay hands over a frame's header and payload separately). */
    uint8_t *out;
    size_t outlen, outcap;
    int out_full; /* more than GG_MAX_SEND_QUEUE in one go: a slow consumer */
};

/* ---- SHA-1 (RFC 3174), only for Sec-WebSocket-Accept ---- */

static uint32_t rol(uint32_t x, int n)
{
    return x << n | x >> (32 - n);
}

static void sha1_block(uint32_t h[5], const uint8_t *p)
{
    uint32_t w[80], a = h[0], b = h[1], c = h[2], d = h[3], e = h[4];
    for (int i = 0; i < 16; i++)
        w[i] = (uint32_t)p[4 * i] << 24 | (uint32_t)p[4 * i + 1] << 16 |
               (uint32_t)p[4 * i + 2] << 8 | p[4 * i + 3];
    for (int i = 16; i < 80; i++)
        w[i] = rol(w[i - 3] ^ w[i - 8] ^ w[i - 14] ^ w[i - 16], 1);
    for (int i = 0; i < 80; i++) {
        uint32_t f, k, t;
        if (i < 20)
            f = (b & c) | (~b & d), k = 0x5a827999u;
        else if (i < 40)
            f = b ^ c ^ d, k = 0x6ed9eba1u;
        else if (i < 60)
            f = (b & c) | (b & d) | (c & d), k = 0x8f1bbcdcu;
        else
            f = b ^ c ^ d, k = 0xca62c1d6u;
        t = rol(a, 5) + f + e + k + w[i];
        e = d;
        d = c;
        c = rol(b, 30);
        b = a;
        a = t;
    }
    h[0] += a, h[1] += b, h[2] += c, h[3] += d, h[4] += e;
}

/* SHA-1 of a message of at most 119 bytes (two blocks). */
static void sha1_small(const uint8_t *m, size_t n, uint8_t out[20])
{
    uint32_t h[5] = {0x67452301u, 0xefcdab89u, 0x98badcfeu, 0x10325476u, 0xc3d2e1f0u};
    uint8_t buf[128] = {0};
    size_t total = n + 9 <= 64 ? 64 : 128;
    uint64_t bits = (uint64_t)n * 8;
    memcpy(buf, m, n);
    buf[n] = 0x80;
    for (int i = 0; i < 8; i++)
        buf[total - 1 - (size_t)i] = (uint8_t)(bits >> (8 * i));
    for (size_t off = 0; off < total; off += 64)
        sha1_block(h, buf + off);
    for (int i = 0; i < 5; i++) {
        out[4 * i] = (uint8_t)(h[i] >> 24);
        out[4 * i + 1] = (uint8_t)(h[i] >> 16);
        out[4 * i + 2] = (uint8_t)(h[i] >> 8);
        out[4 * i + 3] = (uint8_t)h[i];
    }
}

static const char b64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

void gg__ws_accept_key(const char *key, size_t klen, char out[29])
{
    static const char guid[] = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";
    uint8_t m[119], d[21] = {0};
    size_t n = klen > 60 ? 60 : klen;
    memcpy(m, key, n);
    memcpy(m + n, guid, sizeof guid - 1);
    sha1_small(m, n + sizeof guid - 1, d);
    for (int i = 0, o = 0; i < 21; i += 3, o += 4) {
        uint32_t v = (uint32_t)d[i] << 16 | (uint32_t)d[i + 1] << 8 | d[i + 2];
        out[o] = b64[v >> 18 & 63];
        out[o + 1] = b64[v >> 12 & 63];
        out[o + 2] = b64[v >> 6 & 63];
        out[o + 3] = b64[v & 63];
    }
    out[27] = '='; /* 20 bytes: the last group carries one padding char */
    out[28] = 0;
}

/* ---- handshake ---- */

/* 1 if the comma-separated list holds `tok` (case-insensitive, trimmed). */
static int has_token(const char *list, const char *tok)
{
    size_t tl = strlen(tok);
    while (*list) {
        size_t n;
        while (*list == ' ' || *list == '\t' || *list == ',')
            list++;
        n = strcspn(list, ",");
        while (n > 0 && (list[n - 1] == ' ' || list[n - 1] == '\t'))
            n--;
        if (n == tl && !strncasecmp(list, tok, tl))
            return 1;
        list += strcspn(list, ",");
    }
    return 0;
}

/* A client key is 16 random bytes in base64: 22 characters and "==". */
static int key_valid(const char *k, size_t n)
{
    if (n != 24 || k[22] != '=' || k[23] != '=')
        return 0;
    for (size_t i = 0; i < 22; i++)
        if (!strchr(b64, k[i]) || !k[i])
            return 0;
    return strchr("AQgw", k[21]) != NULL; /* the last 4 bits are padding zeros */
}

/* Same-origin: the Origin's host[:port] equals the Host header. An absent
 * Origin (not a browser) is allowed. */
static int origin_allowed(const gg_net *n, const gg_http_reader *r)
{
    const char *o = r->hv[GG_HH_ORIGIN], *hostpart;
    if (!r->hl[GG_HH_ORIGIN])
        return 1;
    if (n->allow_origin && (!strcmp(n->allow_origin, "*") || has_token(n->allow_origin, o)))
        return 1;
    hostpart = !strncasecmp(o, "http://", 7)    ? o + 7
               : !strncasecmp(o, "https://", 8) ? o + 8
                                                : NULL;
    return hostpart && r->hl[GG_HH_HOST] && !strcasecmp(hostpart, r->hv[GG_HH_HOST]);
}

int gg__ws_handshake(gg_conn *c, const gg_http_reader *r)
{
    gg_net *n = c->net;
    char head[512], accept[29];
    const char *proto = NULL;
    int hn, enc = GG_WS_AUTO;
    if (!r->upgrade || !has_token(r->hv[GG_HH_UPGRADE], "websocket") ||
        !has_token(r->hv[GG_HH_CONNECTION], "upgrade")) {
        n->stats.ws_refused++;
        gg__http_error(c, 426, "Upgrade: websocket\r\nConnection: Upgrade\r\n",
                       "/ws speaks WebSocket only (RFC 6455)");
        return -1;
    }
    if (strcmp(r->hv[GG_HH_WS_VERSION], "13") != 0) {
        n->stats.ws_refused++;
        gg__http_error(c, 426, "Sec-WebSocket-Version: 13\r\n", "Sec-WebSocket-Version must be 13");
        return -1;
    }
    if (!key_valid(r->hv[GG_HH_WS_KEY], r->hl[GG_HH_WS_KEY])) {
        n->stats.ws_refused++;
        gg__http_error(c, 400, NULL, "Sec-WebSocket-Key must be 16 bytes in base64");
        return -1;
    }
    if (!r->hl[GG_HH_HOST]) {
        n->stats.ws_refused++;
        gg__http_error(c, 400, NULL, "a Host header is required");
        return -1;
    }
    if (!origin_allowed(n, r)) {
        n->stats.ws_refused++;
        gg__http_error(c, 403, NULL,
                       "this Origin may not open the game's WebSocket "
                       "(gg-server --allow-origin)");
        return -1;
    }
    /* The first subprotocol we know wins; none: encoding follows the client. */
    {
        const char *p = r->hv[GG_HH_WS_PROTOCOL];
        while (*p && !proto) {
            size_t len;
            while (*p == ' ' || *p == ',')
                p++;
            len = strcspn(p, " ,");
            if (len == 7 && !strncmp(p, "gg.json", 7))
                proto = "gg.json", enc = GG_WS_JSON;
            else if (len == 10 && !strncmp(p, "gg.msgpack", 10))
                proto = "gg.msgpack", enc = GG_WS_MSGPACK;
            p += len;
        }
    }
    gg__ws_accept_key(r->hv[GG_HH_WS_KEY], r->hl[GG_HH_WS_KEY], accept);
    hn = snprintf(head, sizeof head,
                  "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n"
                  "Connection: Upgrade\r\nSec-WebSocket-Accept: %s\r\n%s%s%s\r\n",
                  accept, proto ? "Sec-WebSocket-Protocol: " : "", proto ? proto : "",
                  proto ? "\r\n" : "");
    if (gg__tcp_write(c, (const uint8_t *)head, (size_t)hn, NULL, 0) != 0)
        return -1;
    if (gg__ws_start(c, enc) != 0) {
        gg__tcp_close(c, GG_EINTERNAL, 0);
        return -1;
    }
    return 0;
}

/* ---- the connection ---- */

static size_t wire_max(const gg_conn *c)
{
    return c->max_msg <= GG_MAX_MESSAGE_UNJOINED ? GG_MAX_WS_MESSAGE_UNJOINED : GG_MAX_JSON;
}

static int ws_write(void *ud, const uint8_t *p, size_t n)
{
    gg_conn *c = ud;
    struct gg__ws *w = c->ws;
    if (c->state == GG__DEAD || w->out_full)
        return -1;
    if (n > w->outcap - w->outlen) {
        size_t cap = w->outcap ? w->outcap : 4096;
        uint8_t *nb;
        while (cap - w->outlen < n)
            cap *= 2;
        if (w->outlen + n > GG_MAX_SEND_QUEUE + 64 || !(nb = realloc(w->out, cap))) {
            w->out_full = 1;
            return -1;
        }
        w->out = nb;
        w->outcap = cap;
    }
    memcpy(w->out + w->outlen, p, n);
    w->outlen += n;
    return 0;
}

/* Writes what the engine produced. Returns 0 or the gg__tcp_write error
 * (GG_EQUEUE_FULL: the connection was dropped as a slow consumer). */
static int flush_out(gg_conn *c)
{
    struct gg__ws *w = c->ws;
    int err = 0;
    if (w->out_full && c->state != GG__DEAD) {
        c->net->stats.dropped_slow++;
        gg__tcp_close(c, GG_EQUEUE_FULL, 0);
        err = GG_EQUEUE_FULL;
    } else if (w->outlen && c->state != GG__DEAD) {
        err = gg__tcp_write(c, w->out, w->outlen, NULL, 0);
    }
    w->outlen = 0;
    if (w->outcap > 4096) { /* more than a small reply: give the memory back */
        free(w->out);
        w->out = NULL;
        w->outcap = 0;
    }
    return err;
}

static void ws_message(void *ud, const uint8_t *p, size_t n)
{
    gg_conn *c = ud;
    if (c->state == GG__OPEN && !c->net->closing)
        gg__conn_deliver(c, p, n);
}

static void ws_bad(void *ud, int err)
{
    gg_conn *c = ud;
    gg_net *n = c->net;
    n->stats.ws_bad_json++;
    if (c->state == GG__OPEN && !n->closing && n->cb.on_bad_message)
        n->cb.on_bad_message(c, err, n->ud);
}

int gg__ws_start(gg_conn *c, int encoding)
{
    struct gg__ws *w = calloc(1, sizeof *w);
    gg_net *n = c->net;
    if (!n->ws_scratch)
        n->ws_scratch = malloc(GG_MAX_MESSAGE);
    if (!w || !n->ws_scratch) {
        free(w);
        return GG_EINTERNAL;
    }
    if (gg_ws_engine_init(&w->e, encoding, wire_max(c), c->max_msg) != 0) {
        free(w);
        return GG_EINTERNAL;
    }
    /* One transcoding buffer for all (64 KiB less per WebSocket). */
    gg_ws_engine_share_scratch(&w->e, n->ws_scratch);
    w->e.ud = c;
    w->e.write = ws_write;
    w->e.message = ws_message;
    w->e.bad_message = ws_bad;
    w->last_rx = uv_now(c->net->loop);
    gg__http_free(c);
    c->ws = w;
    c->kind = GG__CONN_WS;
    c->deadline = 0;
    c->net->stats.ws_opened++;
    gg__conn_opened(c);
    return 0;
}

void gg__ws_free(gg_conn *c)
{
    if (!c->ws)
        return;
    gg_ws_engine_free(&c->ws->e);
    free(c->ws->out);
    free(c->ws);
    c->ws = NULL;
}

/* The reason on_close reports for a close code we sent. */
static int reason_of(int code)
{
    if (code == 1009)
        return GG_EMSG_TOO_BIG;
    if (code == 1002 || code == 1007)
        return GG_EMSG_MALFORMED;
    return 0;
}

/* After wslay ran: once our close frame is on its way, shut the TCP side
 * down gracefully (the frame is written first). */
static void after(gg_conn *c, int err)
{
    int code = 0;
    if (c->state == GG__DEAD)
        return;
    if (flush_out(c) == GG_EQUEUE_FULL)
        return;
    if (err && !gg_ws_engine_close_sent(&c->ws->e, NULL)) {
        c->net->stats.ws_protocol_errors++;
        c->net->stats.dropped_bad_frame++;
        gg__tcp_close(c, GG_EMSG_MALFORMED, 0);
        return;
    }
    if (c->state == GG__OPEN && gg_ws_engine_close_sent(&c->ws->e, &code)) {
        if (code == 1002 || code == 1007 || code == 1009) {
            c->net->stats.ws_protocol_errors++;
            c->net->stats.dropped_bad_frame++;
        }
        c->reason = reason_of(code);
        gg__tcp_close(c, c->reason, 1);
    }
}

void gg__ws_read(gg_conn *c)
{
    int err;
    c->ws->last_rx = uv_now(c->net->loop);
    err = gg_ws_engine_feed(&c->ws->e, c->rbuf, c->rlen);
    c->rlen = 0;
    after(c, err);
}

int gg__ws_send(gg_conn *c, const uint8_t *msg, size_t len)
{
    gg_net *n = c->net;
    int err;
    if (!n->json_out) {
        n->json_out = malloc(GG__JSON_OUT_CAP);
        if (!n->json_out)
            return GG_EINTERNAL;
    }
    err = gg_ws_engine_send(&c->ws->e, msg, len, (char *)n->json_out, GG__JSON_OUT_CAP);
    if (c->ws->e.in_recv)
        return err; /* written when the read pass ends (after) */
    if (flush_out(c) == GG_EQUEUE_FULL)
        return GG_EQUEUE_FULL;
    if (c->state == GG__DEAD)
        return GG_ECONN_CLOSED;
    return err;
}

void gg__ws_close(gg_conn *c, int code, const char *why)
{
    gg_ws_engine_close(&c->ws->e, code, why);
    after(c, 0);
}

void gg__ws_shutdown(gg_conn *c)
{
    /* The loop is ending: one best-effort close frame, then the socket goes. */
    static const uint8_t frame[] = {0x88, 22,  0x03, 0xe9, 's', 'e', 'r', 'v', 'e', 'r', ' ', 's',
                                    'h',  'u', 't',  't',  'i', 'n', 'g', ' ', 'd', 'o', 'w', 'n'};
    uv_buf_t b = uv_buf_init((char *)frame, sizeof frame);
    if (c->ws && !gg_ws_engine_close_sent(&c->ws->e, NULL))
        (void)uv_try_write((uv_stream_t *)&c->tcp, &b, 1);
}

void gg__ws_keepalive(gg_conn *c, uint64_t now)
{
    struct gg__ws *w = c->ws;
    if (now - w->last_rx >= 3u * GG_WS_PING_MS) {
        c->net->stats.ws_keepalive_timeouts++;
        gg_ws_engine_close(&w->e, 1001, "no answer to pings");
        (void)flush_out(c); /* best effort: the peer is likely gone */
        gg__tcp_close(c, 0, 0);
    } else if (now - w->last_rx >= GG_WS_PING_MS && now - w->last_ping >= GG_WS_PING_MS) {
        w->last_ping = now;
        gg_ws_engine_ping(&w->e);
        after(c, 0);
    }
}

void gg__ws_limit_changed(gg_conn *c)
{
    gg_ws_engine_set_limits(&c->ws->e, wire_max(c), c->max_msg);
}
