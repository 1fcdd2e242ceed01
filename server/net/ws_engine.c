/* server/net/ws_engine.c — see ws_engine.h. */
#include "ws_engine.h"

#include "gg/errors.h"
#include "gg/limits.h"
#include "gg/protocol.h"

#include <stdlib.h>
#include <string.h>

static ssize_t recv_cb(wslay_event_context_ptr ctx, uint8_t *buf, size_t len, int flags, void *ud)
{
    gg_ws_engine *e = ud;
    size_t n;
    (void)flags;
    if (e->inlen == 0) {
        wslay_event_set_error(ctx, WSLAY_ERR_WOULDBLOCK);
        return -1;
    }
    n = len < e->inlen ? len : e->inlen;
    memcpy(buf, e->in, n);
    e->in += n;
    e->inlen -= n;
    return (ssize_t)n;
}

static ssize_t send_cb(wslay_event_context_ptr ctx, const uint8_t *data, size_t len, int flags,
                       void *ud)
{
    gg_ws_engine *e = ud;
    (void)flags;
    if (e->write(e->ud, data, len) != 0) {
        wslay_event_set_error(ctx, WSLAY_ERR_CALLBACK_FAILURE);
        return -1;
    }
    return (ssize_t)len;
}

static void close_with(gg_ws_engine *e, int code, const char *why)
{
    wslay_event_queue_close(e->ctx, (uint16_t)code, (const uint8_t *)why, strlen(why));
}

static void on_msg(wslay_event_context_ptr ctx, const struct wslay_event_on_msg_recv_arg *a,
                   void *ud)
{
    gg_ws_engine *e = ud;
    (void)ctx;
    if (!wslay_event_get_read_enabled(e->ctx))
        return; /* closing: ignore the rest */
    if (a->opcode == WSLAY_BINARY_FRAME) {
        e->last_binary = 1;
        if (a->msg_length == 0) {
            if (e->bad_message)
                e->bad_message(e->ud, GG_EMSG_MALFORMED);
        } else if (a->msg_length > e->max_msg) {
            close_with(e, 1009, "message larger than the limit");
        } else {
            e->message(e->ud, a->msg, a->msg_length);
        }
    } else if (a->opcode == WSLAY_TEXT_FRAME) {
        int n;
        e->last_binary = 0;
        if (!gg_utf8_valid(a->msg, a->msg_length)) {
            close_with(e, 1007, "text message is not valid UTF-8");
            return;
        }
        n = gg_json_to_msgpack((const char *)a->msg, a->msg_length, e->scratch, GG_MAX_MESSAGE);
        if (n > 0 && (size_t)n > e->max_msg)
            n = GG_EMSG_TOO_BIG;
        if (n == GG_EBUFFER_FULL)
            n = GG_EMSG_TOO_BIG;
        if (n <= 0) {
            if (e->bad_message)
                e->bad_message(e->ud, n < 0 ? n : GG_EMSG_MALFORMED);
        } else {
            e->message(e->ud, e->scratch, (size_t)n);
        }
    }
    /* ping: wslay queues the pong; pong and close: nothing to do here */
}

int gg_ws_engine_init(gg_ws_engine *e, int encoding, size_t wire_max, size_t max_msg)
{
    static const struct wslay_event_callbacks cbs = {recv_cb, send_cb, NULL,  NULL,
                                                     NULL,    NULL,    on_msg};
    e->scratch = malloc(GG_MAX_MESSAGE);
    e->own_scratch = 1;
    if (!e->scratch)
        return GG_EINTERNAL;
    if (wslay_event_context_server_init(&e->ctx, &cbs, e) != 0) {
        free(e->scratch);
        e->scratch = NULL;
        return GG_EINTERNAL;
    }
    e->in = NULL;
    e->inlen = 0;
    e->encoding = encoding;
    e->last_binary = 0;
    e->in_recv = 0;
    gg_ws_engine_set_limits(e, wire_max, max_msg);
    return 0;
}

void gg_ws_engine_free(gg_ws_engine *e)
{
    if (e->ctx)
        wslay_event_context_free(e->ctx);
    e->ctx = NULL;
    if (e->own_scratch)
        free(e->scratch);
    e->scratch = NULL;
}

void gg_ws_engine_share_scratch(gg_ws_engine *e, uint8_t *shared)
{
    if (e->own_scratch)
        free(e->scratch);
    e->scratch = shared;
    e->own_scratch = 0;
}

void gg_ws_engine_set_limits(gg_ws_engine *e, size_t wire_max, size_t max_msg)
{
    e->max_msg = max_msg;
    e->wire_max = wire_max;
    wslay_event_config_set_max_recv_msg_length(e->ctx, wire_max);
}

int gg_ws_engine_flush(gg_ws_engine *e)
{
    if (e->in_recv || !wslay_event_want_write(e->ctx))
        return 0;
    return wslay_event_send(e->ctx);
}

/* Follows frame boundaries through the byte stream and returns the offset of
 * the first frame that breaks a control-frame rule (fragmented, or a payload
 * over 125 bytes: *code = 1002) or claims more than the message limit
 * (*code = 1009), *why saying which; or n if there is none. wslay would close
 * the first kind without a status code and wait for the payload of the
 * second. */
static size_t scan(gg_ws_engine *e, const uint8_t *p, size_t n, const char **why, int *code)
{
    size_t i = 0, start = 0;
    while (i < n) {
        if (e->skip > 0) {
            size_t take = (uint64_t)(n - i) < e->skip ? n - i : (size_t)e->skip;
            e->skip -= take;
            i += take;
            continue;
        }
        if (e->hlen == 0)
            start = i;
        e->hdr[e->hlen++] = p[i++];
        if (e->hlen == 2) {
            unsigned l7 = e->hdr[1] & 0x7fu;
            e->hneed = 2 + (l7 == 126 ? 2u : l7 == 127 ? 8u : 0u) + ((e->hdr[1] & 0x80u) ? 4u : 0u);
        }
        if (e->hlen >= 2 && e->hlen == e->hneed) {
            unsigned op = e->hdr[0] & 0x0fu, l7 = e->hdr[1] & 0x7fu;
            uint64_t len = l7;
            if (l7 == 126)
                len = (uint64_t)e->hdr[2] << 8 | e->hdr[3];
            if (l7 == 127) {
                len = 0;
                for (int k = 2; k < 10; k++)
                    len = len << 8 | e->hdr[k];
            }
            e->hlen = 0;
            *code = 1002;
            if (op >= 8 && !(e->hdr[0] & 0x80u)) {
                *why = "fragmented control frame";
                return start;
            }
            if (op >= 8 && len > 125) {
                *why = "control frame over 125 bytes";
                return start;
            }
            if (op < 8 && len > e->wire_max) {
                *code = 1009;
                *why = "message larger than the limit";
                return start;
            }
            e->skip = len;
        }
    }
    return n;
}

static int feed_wslay(gg_ws_engine *e, const uint8_t *p, size_t n);

int gg_ws_engine_feed(gg_ws_engine *e, const uint8_t *p, size_t n)
{
    int err;
    const char *why = NULL;
    int code = 0;
    size_t ok = wslay_event_want_read(e->ctx) ? scan(e, p, n, &why, &code) : n;
    if (ok < n) { /* the frames before the bad one still count */
        if (ok > 0 && (err = feed_wslay(e, p, ok)) != 0)
            return err;
        if (wslay_event_get_read_enabled(e->ctx)) {
            close_with(e, code, why);
            wslay_event_shutdown_read(e->ctx);
        }
        return gg_ws_engine_flush(e);
    }
    return feed_wslay(e, p, n);
}

static int feed_wslay(gg_ws_engine *e, const uint8_t *p, size_t n)
{
    int err;
    e->in = p;
    e->inlen = n;
    e->in_recv = 1;
    err = wslay_event_want_read(e->ctx) ? wslay_event_recv(e->ctx) : 0;
    e->in_recv = 0;
    e->inlen = 0; /* a closed reader leaves the rest unread: it is discarded */
    if (err) {    /* a close frame saying why may be queued: try to send it */
        if (wslay_event_want_write(e->ctx))
            (void)wslay_event_send(e->ctx);
        return err;
    }
    return gg_ws_engine_flush(e);
}

int gg_ws_engine_send(gg_ws_engine *e, const uint8_t *msgpack, size_t n, char *json_buf,
                      size_t json_cap)
{
    struct wslay_event_msg m;
    int json = e->encoding == GG_WS_JSON || (e->encoding == GG_WS_AUTO && !e->last_binary);
    if (!wslay_event_get_write_enabled(e->ctx))
        return 0; /* close sent: discard */
    if (json) {
        int len = gg_msgpack_to_json(msgpack, n, json_buf, json_cap);
        if (len <= 0)
            return len < 0 ? len : GG_EINTERNAL;
        m.opcode = WSLAY_TEXT_FRAME;
        m.msg = (const uint8_t *)json_buf;
        m.msg_length = (size_t)len;
    } else {
        m.opcode = WSLAY_BINARY_FRAME;
        m.msg = msgpack;
        m.msg_length = n;
    }
    if (wslay_event_queue_msg(e->ctx, &m) != 0)
        return GG_EINTERNAL;
    return gg_ws_engine_flush(e) == 0 ? 0 : GG_ECONN_CLOSED;
}

void gg_ws_engine_close(gg_ws_engine *e, int code, const char *why)
{
    close_with(e, code, why);
    (void)gg_ws_engine_flush(e);
}

void gg_ws_engine_ping(gg_ws_engine *e)
{
    struct wslay_event_msg m = {WSLAY_PING, (const uint8_t *)"gg", 2};
    if (wslay_event_queue_msg(e->ctx, &m) == 0)
        (void)gg_ws_engine_flush(e);
}

int gg_ws_engine_close_sent(const gg_ws_engine *e, int *code)
{
    if (!wslay_event_get_close_sent(e->ctx))
        return 0;
    if (code)
        *code = wslay_event_get_status_code_sent(e->ctx);
    return 1;
}

int gg_ws_engine_reading(const gg_ws_engine *e)
{
    return wslay_event_get_read_enabled(e->ctx) && !wslay_event_get_close_received(e->ctx);
}

int gg_utf8_valid(const uint8_t *p, size_t n)
{
    size_t i = 0;
    while (i < n) {
        uint8_t b = p[i];
        size_t k;
        uint32_t cp;
        if (b < 0x80) {
            i++;
            continue;
        }
        if (b >= 0xc2 && b <= 0xdf)
            k = 1, cp = b & 0x1fu;
        else if (b >= 0xe0 && b <= 0xef)
            k = 2, cp = b & 0x0fu;
        else if (b >= 0xf0 && b <= 0xf4)
            k = 3, cp = b & 0x07u;
        else
            return 0;
        if (n - i <= k)
            return 0;
        for (size_t j = 1; j <= k; j++) {
            if ((p[i + j] & 0xc0) != 0x80)
                return 0;
            cp = cp << 6 | (p[i + j] & 0x3fu);
        }
        if ((k == 2 && cp < 0x800) || (k == 3 && (cp < 0x10000 || cp > 0x10ffff)) ||
            (cp >= 0xd800 && cp <= 0xdfff))
            return 0;
        i += k + 1;
    }
    return 1;
}
