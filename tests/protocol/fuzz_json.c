/* tests/protocol/fuzz_json.c — libFuzzer harness for the JSON side (the
 * bot bridge reads JSON lines from untrusted bot programs): the JSON parser,
 * the msgpack->JSON transcoder and the TCP frame splitter.
 *  - gg_msg_from_json never crashes; what it accepts encodes, and the
 *    encoding decodes to the same bytes again;
 *  - gg_json_to_msgpack output is valid, bounded msgpack that
 *    gg_msgpack_to_json can always render;
 *  - the splitter, fed the input as a stream in odd-sized chunks, never
 *    returns a frame longer than its limit or reads outside its buffer. */
#include <stdlib.h>
#include <string.h>

#include "gg/protocol.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static uint8_t mp[GG_MAX_MESSAGE + 16], e1[GG_MAX_MESSAGE], e2[GG_MAX_MESSAGE];
static char js[4 * GG_MAX_MESSAGE];
static uint8_t store[GG_FRAME_HEADER + 256];

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
    /* the same bytes as a TCP stream, limit 200, chunks of 1..13 bytes */
    gg_splitter sp;
    if (gg_splitter_init(&sp, store, sizeof store, 200) != 0)
        abort();
    size_t pos = 0, chunk = size ? (size_t)(data[0] % 13) + 1 : 1;
    while (pos < size) {
        size_t len = size - pos < chunk ? size - pos : chunk;
        size_t used = gg_splitter_feed(&sp, data + pos, len);
        pos += used;
        const uint8_t *msg;
        uint32_t mlen;
        int rc;
        while ((rc = gg_splitter_next(&sp, &msg, &mlen)) == 1) {
            if (mlen > 200 || msg != store + GG_FRAME_HEADER)
                abort();
            gg_msg_decode(&m, msg, mlen, NULL);
        }
        if (rc < 0)
            break;
        if (used == 0)
            abort(); /* no progress without a frame or an error */
    }
    return 0;
}
