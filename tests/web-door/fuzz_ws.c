/* tests/web-door/fuzz_ws.c — libFuzzer harness for the WebSocket message
 * path (server/net/ws_engine.c on libwslay): the input is the byte stream a
 * client sends after the handshake, arriving in chunks of 1..32 bytes (the
 * first byte picks the size; its second bit says whether the client has
 * joined, which raises the limits).
 *  - every delivered message is msgpack within the connection's limit that
 *    gg_msg_decode can judge without crashing;
 *  - every text message that was refused got a GG_EMSG_* reason;
 *  - what the engine writes back is well-formed server framing: unmasked
 *    frames, control frames of at most 125 bytes, and nothing after a close;
 *  - a reply to each message can be queued and transcoded (JSON or binary). */
#include <stdlib.h>
#include <string.h>

#include "gg/errors.h"
#include "gg/limits.h"
#include "gg/protocol.h"
#include "ws_engine.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct {
    size_t max_msg;
    int closed;           /* a close frame went out */
    uint8_t out[1 << 16]; /* server frames not yet checked */
    size_t outlen;
    gg_ws_engine *e;
} st;

static char json_buf[6 * GG_MAX_MESSAGE + 64];

/* Checks complete server frames in st.out. */
static void check_out(void)
{
    size_t off = 0;
    while (st.outlen - off >= 2) {
        const uint8_t *f = st.out + off;
        unsigned op = f[0] & 0x0fu;
        uint64_t len = f[1] & 0x7fu;
        size_t h = 2;
        if (f[1] & 0x80u || (f[0] & 0x70u))
            abort(); /* servers never mask, no RSV bits */
        if (len == 126) {
            if (st.outlen - off < 4)
                break;
            len = (uint64_t)f[2] << 8 | f[3];
            h = 4;
        } else if (len == 127) {
            if (st.outlen - off < 10)
                break;
            len = 0;
            for (int i = 2; i < 10; i++)
                len = len << 8 | f[i];
            h = 10;
        }
        if (st.outlen - off - h < len)
            break;
        if (st.closed)
            abort(); /* nothing after our close frame */
        if (op >= 8 && (len > 125 || !(f[0] & 0x80u)))
            abort();
        if (op == 8)
            st.closed = 1;
        off += h + (size_t)len;
    }
    memmove(st.out, st.out + off, st.outlen - off);
    st.outlen -= off;
}

static int on_write(void *ud, const uint8_t *p, size_t n)
{
    (void)ud;
    if (n > sizeof st.out - st.outlen) {
        check_out();
        if (n > sizeof st.out - st.outlen)
            return 0; /* a large reply: accepted, not kept */
    }
    memcpy(st.out + st.outlen, p, n);
    st.outlen += n;
    check_out();
    return 0;
}

static void on_message(void *ud, const uint8_t *p, size_t n)
{
    gg_msg m;
    uint8_t reply[256];
    (void)ud;
    if (n == 0 || n > st.max_msg)
        abort();
    int err = gg_msg_decode(&m, p, n, NULL);
    int len = gg_encode_error(reply, sizeof reply, 0, err ? err : GG_EINTERNAL, -1, NULL, NULL, 0);
    if (len <= 0)
        abort();
    gg_ws_engine_send(st.e, reply, (size_t)len, json_buf, sizeof json_buf);
}

static void on_bad(void *ud, int err)
{
    (void)ud;
    if (err > GG_EMSG_TOO_BIG || err < GG_EBUFFER_FULL)
        abort(); /* a GG_EMSG_* code (-100 .. -109) */
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    gg_ws_engine e;
    size_t chunk = size ? (size_t)(data[0] % 32) + 1 : 1;
    int joined = size && (data[0] & 0x40);
    size_t wire = joined ? GG_MAX_JSON : GG_MAX_WS_MESSAGE_UNJOINED;
    memset(&st, 0, sizeof st);
    st.max_msg = joined ? GG_MAX_MESSAGE : GG_MAX_MESSAGE_UNJOINED;
    if (gg_ws_engine_init(&e, size > 1 ? data[1] % 3 : 0, wire, st.max_msg) != 0)
        abort();
    st.e = &e;
    e.write = on_write;
    e.message = on_message;
    e.bad_message = on_bad;
    for (size_t off = size ? 1 : 0; off < size;) {
        size_t n = size - off < chunk ? size - off : chunk;
        if (gg_ws_engine_feed(&e, data + off, n) != 0)
            break;
        off += n;
    }
    gg_ws_engine_free(&e);
    return 0;
}
