/* tests/protocol/fuzz_json.c — libFuzzer harness for the JSON side (the
 * bot bridge reads JSON lines from untrusted bot programs): the JSON parser,
 * the msgpack->JSON transcoder and the TCP deframer (gg_frame_next, the one
 * gg-server and the clients use).
 *  - gg_msg_from_json never crashes; what it accepts encodes, and the
 *    encoding decodes to the same bytes again;
 *  - gg_json_to_msgpack output is valid, bounded msgpack that
 *    gg_msgpack_to_json can always render;
 *  - the deframer, fed the input as a stream arriving in odd-sized chunks,
 *    never returns an empty frame or one longer than its limit, never reads
 *    past the bytes that arrived, and asks for more only when the frame it
 *    needs is longer than what it holds. */
#include <stdlib.h>
#include <string.h>

#include "gg/protocol.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static uint8_t mp[GG_MAX_MESSAGE + 16], e1[GG_MAX_MESSAGE], e2[GG_MAX_MESSAGE];
static char js[4 * GG_MAX_MESSAGE];

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    gg_msg m, m2;
    const char *text = (const char *)data;
    int n = gg_json_to_msgpack(text, size, mp, sizeof mp);
    if (n > 0 && gg_msgpack_to_json(mp, (size_t)n, js, sizeof js) < 0)
        abort(); /* the parser emits only what the renderer accepts */
    if (gg_msg_from_json(&m, text, size, NULL) == 0) {
        int n1 = gg_msg_encode(&m, e1, sizeof e1);
        if (n1 <= 0 || gg_msg_decode(&m2, e1, (size_t)n1, NULL) != 0)
            abort();
        int n2 = gg_msg_encode(&m2, e2, sizeof e2);
        if (n2 != n1 || memcmp(e1, e2, (size_t)n1) != 0)
            abort();
    }
    /* the same bytes as a TCP stream, limit 200, arriving in chunks of 1..13 */
    size_t arrived = 0, off = 0, chunk = size ? (size_t)(data[0] % 13) + 1 : 1;
    int rc = 0;
    while (arrived < size && rc >= 0) {
        arrived += size - arrived < chunk ? size - arrived : chunk;
        const uint8_t *msg;
        uint32_t mlen;
        size_t need = 0;
        while ((rc = gg_frame_next(data + off, arrived - off, 200, &msg, &mlen, &need)) == 1) {
            if (mlen == 0 || mlen > 200 || msg != data + off + GG_FRAME_HEADER ||
                off + GG_FRAME_HEADER + mlen > arrived)
                abort();
            gg_msg_decode(&m, msg, mlen, NULL);
            off += GG_FRAME_HEADER + mlen;
        }
        if (rc == 0 && (need <= arrived - off || need > GG_FRAME_HEADER + 200))
            abort(); /* asks for more only when the frame really needs it */
    }
    return 0;
}
