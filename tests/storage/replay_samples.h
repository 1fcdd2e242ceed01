/* tests/storage/replay_samples.h — sample replay files shared by the replay
 * tests and the corpus generator: a valid file built with the writer, and
 * helpers to damage one (patch a field, fix the CRC back up). */
#ifndef GG_TESTS_STORAGE_REPLAY_SAMPLES_H
#define GG_TESTS_STORAGE_REPLAY_SAMPLES_H

#include "gg/game.h"

#include "gg/limits.h"

#include <stdlib.h>
#include <string.h>

/* Byte offsets in a version 1 file (see docs/REPLAY_FORMAT.md). */
#define OFF_VERSION 8
#define OFF_FLAGS 10
#define OFF_SCENARIO_LEN 36

/* Builds a sample replay: `nrec` records (record i has seq 3i+1, kind i-2
 * and i*7 % 90 bytes, except that big_record makes record 1 GG_MAX_MESSAGE
 * bytes), `nhash` hashes for turns -1, 0, 1, ...; finished with a result if
 * `finished`. Returns a malloc'ed buffer (free it) and its length in *len,
 * or NULL. */
static inline uint8_t *sample_replay(uint32_t nrec, uint32_t nhash, int finished, int big_record,
                                     size_t *len)
{
    static uint8_t payload[GG_MAX_MESSAGE];
    static const uint8_t result[] = "seat 1 wins: 42 points";
    gg_replay_header h;
    memset(&h, 0, sizeof h);
    strcpy(h.scenario, "great-game-1907");
    h.seed = UINT64_C(0xdeadbeefcafef00d);
    h.created_ms = 1700000000123;
    h.options_len = 17;
    for (uint32_t i = 0; i < h.options_len; i++)
        h.options[i] = (uint8_t)(i * 5u);
    h.finished = finished;
    if (finished) {
        h.finished_ms = 1700003600456;
        h.result = result;
        h.result_len = sizeof result - 1;
    }
    h.n_records = nrec;
    h.n_hashes = nhash;
    gg_replay_writer w;
    uint8_t *out = NULL;
    if (gg_replay_writer_init(&w, &h) == 0) {
        int rc = 0;
        for (uint32_t i = 0; i < nrec && rc == 0; i++) {
            size_t n = (big_record && i == 1) ? GG_MAX_MESSAGE : (i * 7u) % 90u;
            for (size_t k = 0; k < n; k++)
                payload[k] = (uint8_t)(i + k);
            rc = gg_replay_writer_record(&w, 3 * i + 1, (int)i - 2, payload, n);
        }
        for (uint32_t i = 0; i < nhash && rc == 0; i++)
            rc = gg_replay_writer_hash(&w, (int)i - 1, UINT64_C(0x0123456789abcdef) * (i + 1));
        const uint8_t *buf;
        if (rc == 0 && gg_replay_writer_finish(&w, &buf, len) == 0 && (out = malloc(*len)))
            memcpy(out, buf, *len);
    }
    gg_replay_writer_close(&w);
    return out;
}

static inline void put_le32(uint8_t *p, uint32_t v)
{
    p[0] = (uint8_t)v;
    p[1] = (uint8_t)(v >> 8);
    p[2] = (uint8_t)(v >> 16);
    p[3] = (uint8_t)(v >> 24);
}

/* Recomputes the trailing CRC after a deliberate edit, so the reader's
 * structural checks (not the CRC) are what reject the file. */
static inline void fix_crc(uint8_t *buf, size_t len)
{
    put_le32(buf + len - 4, gg_replay_crc32(0, buf, len - 4));
}

/* Offset of the u32 record count in a sample (scenario + options + result
 * lengths follow the fixed header). */
static inline size_t sample_count_offset(const uint8_t *buf)
{
    size_t off = OFF_SCENARIO_LEN + 1 + buf[OFF_SCENARIO_LEN];
    off += 2 + (size_t)(buf[off] | buf[off + 1] << 8);
    off += 4 + ((size_t)buf[off] | (size_t)buf[off + 1] << 8 | (size_t)buf[off + 2] << 16);
    return off;
}

#endif
