/* protocol/writer.c — msgpack-c's packer writing into a bounded caller
 * buffer: no allocation; overflow is recorded and reported as
 * GG_EBUFFER_FULL by the encoders. */
#include <string.h>

#include "internal.h"

static int wr_cb(void *data, const char *buf, size_t len)
{
    gg__wr *w = data;
    if (w->full || len > w->cap - w->len) {
        w->full = 1;
        return -1;
    }
    memcpy(w->buf + w->len, buf, len);
    w->len += len;
    return 0;
}

void gg__wr_init(gg__wr *w, uint8_t *buf, size_t cap)
{
    w->buf = buf;
    w->cap = cap;
    w->len = 0;
    w->full = 0;
    msgpack_packer_init(&w->pk, w, wr_cb);
}

void gg__wr_map(gg__wr *w, uint32_t n)
{
    msgpack_pack_map(&w->pk, n);
}

void gg__wr_array(gg__wr *w, uint32_t n)
{
    msgpack_pack_array(&w->pk, n);
}

void gg__wr_strn(gg__wr *w, const char *s, size_t n)
{
    msgpack_pack_str(&w->pk, n);
    msgpack_pack_str_body(&w->pk, s, n);
}

void gg__wr_str(gg__wr *w, const char *s)
{
    gg__wr_strn(w, s, strlen(s));
}

void gg__wr_uint(gg__wr *w, uint64_t u)
{
    msgpack_pack_uint64(&w->pk, u);
}

void gg__wr_int(gg__wr *w, int64_t i)
{
    msgpack_pack_int64(&w->pk, i);
}

void gg__wr_bool(gg__wr *w, int b)
{
    if (b)
        msgpack_pack_true(&w->pk);
    else
        msgpack_pack_false(&w->pk);
}

void gg__wr_nil(gg__wr *w)
{
    msgpack_pack_nil(&w->pk);
}

void gg__wr_bin(gg__wr *w, const uint8_t *p, size_t n)
{
    msgpack_pack_bin(&w->pk, n);
    if (n)
        msgpack_pack_bin_body(&w->pk, p, n);
}
