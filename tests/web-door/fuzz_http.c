/* tests/web-door/fuzz_http.c — libFuzzer harness for gg-server's HTTP
 * request-head reader (server/net/http_reader.c), fed the input as a stream
 * arriving in chunks of 1..16 bytes (the first byte picks the size):
 *  - it never reads past what it was given and always makes progress or
 *    stops with a verdict;
 *  - a completed request satisfies every limit: target within
 *    GG_MAX_HTTP_URL and starting the string, kept values within their
 *    bound and NUL-terminated, GET or HEAD only;
 *  - an error names one of the statuses the server answers with. */
#include <stdlib.h>
#include <string.h>

#include "http_reader.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check_request(const gg_http_reader *r)
{
    if (r->url_len > GG_MAX_HTTP_URL || strlen(r->url) > r->url_len)
        abort();
    for (int i = 0; i < GG_HH_COUNT; i++)
        if (r->hl[i] > GG_HTTP_VALUE_MAX || r->hv[i][r->hl[i]] != 0)
            abort();
    if (r->p.method != HTTP_GET && r->p.method != HTTP_HEAD)
        abort();
    if (r->nheaders > GG_MAX_HTTP_HEADERS || r->header_bytes > GG_MAX_HTTP_HEADER_BYTES)
        abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static gg_http_reader r;
    size_t off = 0, chunk = size ? (size_t)(data[0] % 16) + 1 : 1;
    int requests = 0;
    gg_http_reader_init(&r);
    while (off < size) {
        size_t n = size - off < chunk ? size - off : chunk;
        int st;
        size_t used = gg_http_reader_feed(&r, (const char *)data + off, n, &st);
        if (used > n)
            abort();
        off += used;
        if (st == GG_HTTP_ERROR) {
            switch (r.status) {
            case 400:
            case 405:
            case 413:
            case 414:
            case 431:
            case 505:
                return 0;
            default:
                abort();
            }
        }
        if (st == GG_HTTP_DONE) {
            check_request(&r);
            if (r.upgrade || ++requests > 64)
                return 0; /* the rest would be WebSocket frames */
            gg_http_reader_next(&r);
        } else if (used < n) {
            abort(); /* MORE must consume everything it was given */
        }
    }
    return 0;
}
