/* tests/protocol/fuzz_decode.c — libFuzzer harness for the message decoder.
 *
 * Properties checked on every input:
 *  - gg_msg_decode and gg_msgpack_to_json return (no crash, no leak, no UB);
 *  - whatever decodes re-encodes, and decode(encode(m)) encodes to the same
 *    bytes (a fixpoint after one normalisation);
 *  - its JSON form parses back to the same message (except BIN fields).
 * Built with -fsanitize=fuzzer when GG_FUZZ=ON, and always as a regression
 * runner over the committed corpus (fuzz_main.c). */
#include <stdlib.h>
#include <string.h>

#include "gg/protocol.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static uint8_t e1[GG_MAX_MESSAGE], e2[GG_MAX_MESSAGE];
static char js[4 * GG_MAX_MESSAGE];

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    gg_msg m, m2;
    gg_decode_err err;
    gg_msgpack_to_json(data, size, js, sizeof js);
    int rc = gg_msg_decode(&m, data, size, &err);
    if (rc != 0) {
        if (rc > 0 || memchr(err.where, 0, sizeof err.where) == NULL)
            abort(); /* errors are negative; the path is a terminated string */
        return 0;
    }
    int n1 = gg_msg_encode(&m, e1, sizeof e1);
    if (n1 <= 0)
        abort(); /* a decoded message must encode */
    if (gg_msg_decode(&m2, e1, (size_t)n1, NULL) != 0)
        abort(); /* and what we encode must decode */
    int n2 = gg_msg_encode(&m2, e2, sizeof e2);
    if (n2 != n1 || memcmp(e1, e2, (size_t)n1) != 0)
        abort();
    if (m.type != GG_MSG_replay && m.type != GG_MSG_debrief_data) {
        int jn = gg_msg_to_json(&m, js, sizeof js);
        if (jn <= 0)
            abort();
        if ((size_t)jn <= GG_MAX_JSON) {
            if (gg_msg_from_json(&m2, js, (size_t)jn, NULL) != 0)
                abort();
            n2 = gg_msg_encode(&m2, e2, sizeof e2);
            if (n2 != n1 || memcmp(e1, e2, (size_t)n1) != 0)
                abort();
        }
    }
    return 0;
}
