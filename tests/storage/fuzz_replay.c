/* tests/storage/fuzz_replay.c — libFuzzer harness for the replay reader.
 *
 * Properties checked on every input: the in-memory reader never crashes or
 * reads out of bounds (ASan); a rejection is GG_EREPLAY_FORMAT with a
 * message; an accepted file iterates exactly the announced records and
 * hashes; and re-encoding what was read reproduces the input byte for byte
 * (the format is canonical). Built as a real fuzzer with GG_FUZZ=ON (clang,
 * -fsanitize=fuzzer) and, always, linked with fuzz_main.c as a regression
 * runner over tests/storage/corpus/replay. */
#include "gg/game.h"

#include "gg/errors.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

typedef struct walk {
    gg_replay_writer w;
    uint32_t records, hashes;
    unsigned sum;
} walk;

static int on_record(uint32_t seq, int kind, const uint8_t *p, size_t n, void *ud)
{
    walk *k = ud;
    for (size_t i = 0; i < n; i++)
        k->sum += p[i]; /* touch every byte */
    k->records++;
    return gg_replay_writer_record(&k->w, seq, kind, p, n);
}

static int on_hash(int turn, uint64_t h, void *ud)
{
    walk *k = ud;
    k->hashes++;
    return gg_replay_writer_hash(&k->w, turn, h);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    gg_replay *r;
    char err[256];
    int rc = gg_replay_create(data, size, &r, err, sizeof err);
    if (rc) {
        if (rc != GG_EREPLAY_FORMAT || err[0] == '\0')
            abort();
        return 0;
    }
    const gg_replay_header *h = gg_replay_get_header(r);
    walk k;
    memset(&k, 0, sizeof k);
    if (gg_replay_writer_init(&k.w, h) != 0)
        abort();
    if (gg_replay_read(r, on_record, on_hash, &k) != 0)
        abort();
    if (k.records != h->n_records || k.hashes != h->n_hashes)
        abort();
    const uint8_t *buf;
    size_t len;
    if (gg_replay_writer_finish(&k.w, &buf, &len) != 0)
        abort();
    if (len != size || memcmp(buf, data, size) != 0)
        abort();
    gg_replay_writer_close(&k.w);
    gg_replay_destroy(r);
    return 0;
}
