/* bench/protocol/bench_protocol.c — bench-protocol: encode and decode time
 * per message type, and the bounded decoder against a plain
 * msgpack_unpack_next of the same bytes, measured in the same run.
 * Prints a Markdown table. Usage: bench-protocol [--quick] [--help] */
#define _POSIX_C_SOURCE 200809L
#include <msgpack.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "gg/protocol.h"
#include "samples.h"

static double now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e9 + (double)ts.tv_nsec;
}

static volatile int sink;
static uint8_t buf[GG_MAX_MESSAGE];
static char js[4 * GG_MAX_MESSAGE];
static double budget_ns = 2e8; /* time per measurement */

/* Runs fn until the budget is spent (at least 3 batches); best batch mean. */
#define MEASURE(result, body)                                                                      \
    do {                                                                                           \
        long iters = 1;                                                                            \
        double best = 1e30, spent = 0;                                                             \
        for (;;) {                                                                                 \
            double t0 = now_ns();                                                                  \
            for (long i_ = 0; i_ < iters; i_++) {                                                  \
                body;                                                                              \
            }                                                                                      \
            double dt = now_ns() - t0;                                                             \
            if (dt < 1e6) {                                                                        \
                iters *= 4;                                                                        \
                continue;                                                                          \
            }                                                                                      \
            if (dt / (double)iters < best)                                                         \
                best = dt / (double)iters;                                                         \
            spent += dt;                                                                           \
            if (spent > budget_ns)                                                                 \
                break;                                                                             \
        }                                                                                          \
        result = best;                                                                             \
    } while (0)

int main(int argc, char **argv)
{
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--help")) {
            printf("usage: bench-protocol [--quick]\nPrints ns per encode/decode of each "
                   "message type, msgpack_unpack_next of the same bytes as a baseline, and "
                   "the JSON conversions.\n");
            return 0;
        }
        if (!strcmp(argv[i], "--quick"))
            budget_ns = 2e7;
    }
    msgpack_unpacked up;
    msgpack_unpacked_init(&up);
    gg_msg m, d;
    printf("| message | bytes | encode ns | decode ns | msgpack_unpack_next ns | decode / unpack "
           "| to_json ns | from_json ns |\n|---|---|---|---|---|---|---|---|\n");
    double tot_dec = 0, tot_unp = 0;
    for (int t = 0; t < GG_MSG_TYPES; t++) {
        gg_sample_msg(t, &m);
        int n = gg_msg_encode(&m, buf, sizeof buf);
        if (n <= 0 || gg_msg_decode(&d, buf, (size_t)n, NULL) != 0) {
            fprintf(stderr, "bench-protocol: sample %s does not round-trip\n", gg_msg_type_name(t));
            return 1;
        }
        double enc, dec, unp, tj, fj = 0;
        static uint8_t out[GG_MAX_MESSAGE];
        MEASURE(enc, sink += gg_msg_encode(&m, out, sizeof out));
        MEASURE(dec, sink += gg_msg_decode(&d, buf, (size_t)n, NULL));
        MEASURE(unp, {
            size_t off = 0;
            sink += msgpack_unpack_next(&up, (const char *)buf, (size_t)n, &off);
        });
        MEASURE(tj, sink += gg_msg_to_json(&m, js, sizeof js));
        int jn = gg_msg_to_json(&m, js, sizeof js);
        if (t != GG_MSG_replay)
            MEASURE(fj, sink += gg_msg_from_json(&d, js, (size_t)jn, NULL));
        tot_dec += dec;
        tot_unp += unp;
        char fjs[32] = "—"; /* BIN fields have no JSON input form */
        if (t != GG_MSG_replay)
            snprintf(fjs, sizeof fjs, "%.0f", fj);
        printf("| %s | %d | %.0f | %.0f | %.0f | %.2f | %.0f | %s |\n", gg_msg_type_name(t), n, enc,
               dec, unp, dec / unp, tj, fjs);
        fflush(stdout);
    }
    /* TCP framing: split a stream of every sample, fed in 1400-byte chunks */
    {
        static uint8_t stream[1 << 20];
        size_t sn = 0;
        int msgs = 0;
        while (sn < sizeof stream - 2 * GG_MAX_MESSAGE) {
            for (int t = 0; t < GG_MSG_TYPES; t++, msgs++) {
                gg_sample_msg(t, &m);
                int n = gg_msg_encode(&m, stream + sn + 4, GG_MAX_MESSAGE);
                gg_frame_write_header(stream + sn, (uint32_t)n);
                sn += 4 + (size_t)n;
            }
        }
        double split;
        MEASURE(split, {
            /* bytes arrive 1400 at a time; whole frames are taken off */
            size_t off = 0;
            for (size_t arrived = 0; arrived < sn;) {
                arrived += sn - arrived < 1400 ? sn - arrived : 1400;
                const uint8_t *msg;
                uint32_t ml;
                while (gg_frame_next(stream + off, arrived - off, GG_MAX_MESSAGE, &msg, &ml,
                                     NULL) == 1) {
                    sink += (int)ml;
                    off += GG_FRAME_HEADER + ml;
                }
            }
        });
        printf("\nTCP deframer: %d messages (%zu bytes) in %.0f ns: %.1f ns/message, %.2f "
               "GB/s\n",
               msgs, sn, split, split / msgs, (double)sn / split);
    }
    msgpack_unpacked_destroy(&up);
    printf("\nsum over all types: decode %.0f ns, msgpack_unpack_next %.0f ns (ratio %.2f)\n",
           tot_dec, tot_unp, tot_dec / tot_unp);
    return 0;
}
