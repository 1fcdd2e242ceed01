/* tests/storage/gen_replay_corpus.c — writes the seed corpus for the replay
 * fuzz harness into a directory: valid-* files (must parse) and bad-* files
 * (must be rejected with GG_EREPLAY_FORMAT). test-replay checks that split;
 * fuzz-replay replays them all. Regenerate with
 *   build-store/bin/gen-replay-corpus tests/storage/corpus/replay
 * and commit the result. Crashers found by fuzzing go in the same directory
 * as crash-<what>.ggreplay. */
#define _POSIX_C_SOURCE 200809L

#include "replay_samples.h"

#include <stdio.h>

static const char *dir;
static int failures;

static void save(const char *name, const uint8_t *buf, size_t len)
{
    char path[1024];
    snprintf(path, sizeof path, "%s/%s.ggreplay", dir, name);
    FILE *f = fopen(path, "wb");
    if (!f || fwrite(buf, 1, len, f) != len || fclose(f) != 0) {
        fprintf(stderr, "cannot write %s\n", path);
        failures++;
        return;
    }
    printf("%-40s %zu bytes\n", path, len);
}

/* Saves a copy of buf with 4 bytes at `off` replaced by v (CRC fixed if asked). */
static void save_patched(const char *name, const uint8_t *buf, size_t len, size_t off, uint32_t v,
                         int crc)
{
    uint8_t *b = malloc(len);
    if (!b)
        return;
    memcpy(b, buf, len);
    put_le32(b + off, v);
    if (crc)
        fix_crc(b, len);
    save(name, b, len);
    free(b);
}

int main(int argc, char **argv)
{
    if (argc != 2 || argv[1][0] == '-') {
        printf("usage: %s DIR\nWrites the replay fuzz seed corpus (valid-* and bad-* files) "
               "into DIR.\n",
               argv[0]);
        return argc == 2 && strcmp(argv[1], "--help") == 0 ? 0 : 2;
    }
    dir = argv[1];
    size_t len, elen, blen;
    uint8_t *v = sample_replay(12, 5, 1, 0, &len);
    uint8_t *e = sample_replay(0, 0, 0, 0, &elen);
    uint8_t *big = sample_replay(3, 1, 1, 1, &blen);
    if (!v || !e || !big)
        return 1;
    save("valid-finished", v, len);
    save("valid-empty-unfinished", e, elen);
    save("valid-max-payload", big, blen);
    size_t cnt = sample_count_offset(v);
    size_t rec0 = cnt + 4; /* first record: seq, kind, len */

    save("bad-empty", v, 0);
    save("bad-short-magic", v, 5);
    uint8_t *b = malloc(len);
    if (!b)
        return 1;
    memcpy(b, v, len);
    memcpy(b, "GGREPLAX", 8);
    save("bad-magic", b, len);
    save_patched("bad-version-2", v, len, OFF_VERSION, 2, 1);
    save_patched("bad-flags", v, len, OFF_FLAGS, 0x80, 1);
    save("bad-truncated-header", v, 30);
    save("bad-truncated-record", v, rec0 + 20);
    save("bad-truncated-crc", v, len - 2);
    save_patched("bad-huge-record-len", v, len, rec0 + 8, 0xffffffffu, 1);
    save_patched("bad-over-limit-record-len", v, len, rec0 + 8, GG_MAX_MESSAGE + 1, 1);
    save_patched("bad-huge-record-count", v, len, cnt, 0xffffffffu, 1);
    save_patched("bad-huge-result-len", v, len, cnt - 4 - 22, 0x7fffffffu, 1);
    save_patched("bad-seq-not-increasing", v, len, rec0, 0xffffffffu, 1);
    save_patched("bad-crc", v, len, len - 4, 0x12345678u, 0);
    uint8_t *t = malloc(len + 1);
    if (!t)
        return 1;
    memcpy(t, v, len);
    t[len] = 0;
    save("bad-trailing-byte", t, len + 1);
    memcpy(b, v, len);
    b[OFF_SCENARIO_LEN] = 0;
    fix_crc(b, len);
    save("bad-empty-scenario", b, len);
    free(t);
    free(b);
    free(v);
    free(e);
    free(big);
    return failures ? 1 : 0;
}
