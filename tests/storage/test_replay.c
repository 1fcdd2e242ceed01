/* tests/storage/test_replay.c — unit tests of the replay file codec: round
 * trip, writer rules, and rejection of every kind of damaged file with
 * GG_EREPLAY_FORMAT and a message (truncation at every length included). */
#define _XOPEN_SOURCE 700

#include "replay_samples.h"
#include "store/store.h"

#include "gg/errors.h"

#include "../check.h"

#include <dirent.h>

#ifndef GG_REPLAY_CORPUS_DIR
#error "GG_REPLAY_CORPUS_DIR must name tests/storage/corpus/replay"
#endif

typedef struct collected {
    uint32_t n, last_seq;
    int last_kind;
    size_t bytes;
    int nhash, last_turn;
    uint64_t last_hash;
} collected;

static int on_rec(uint32_t seq, int kind, const uint8_t *p, size_t n, void *ud)
{
    collected *c = ud;
    for (size_t i = 0; i < n; i++)
        if (p[i] != (uint8_t)(c->n + i))
            return -1000; /* sample_replay's bytes */
    c->n++;
    c->last_seq = seq;
    c->last_kind = kind;
    c->bytes += n;
    return 0;
}

static int on_hash(int turn, uint64_t h, void *ud)
{
    collected *c = ud;
    c->nhash++;
    c->last_turn = turn;
    c->last_hash = h;
    return 0;
}

static int stop(uint32_t seq, int kind, const uint8_t *p, size_t n, void *ud)
{
    (void)seq, (void)kind, (void)p, (void)n, (void)ud;
    return 7;
}

static int t_roundtrip(const char *dir)
{
    (void)dir;
    size_t len;
    uint8_t *buf = sample_replay(12, 5, 1, 1, &len);
    CHECK(buf != NULL);
    gg_replay *r;
    char err[256];
    CHECK_RC(gg_replay_create(buf, len, &r, err, sizeof err), 0);
    const gg_replay_header *h = gg_replay_get_header(r);
    CHECK(h->version == 1 && strcmp(h->scenario, "great-game-1907") == 0);
    CHECK(h->seed == UINT64_C(0xdeadbeefcafef00d) && h->created_ms == 1700000000123);
    CHECK(h->options_len == 17 && h->options[3] == 15);
    CHECK(h->finished == 1 && h->finished_ms == 1700003600456);
    CHECK(h->result_len == 22 && memcmp(h->result, "seat 1 wins", 11) == 0);
    CHECK(h->n_records == 12 && h->n_hashes == 5);
    collected c;
    memset(&c, 0, sizeof c);
    CHECK_RC(gg_replay_read(r, on_rec, on_hash, &c), 0);
    CHECK(c.n == 12 && c.last_seq == 34 && c.last_kind == 9);
    CHECK(c.nhash == 5 && c.last_turn == 3 && c.last_hash == UINT64_C(0x0123456789abcdef) * 5);
    CHECK(c.bytes > GG_MAX_MESSAGE);
    CHECK_RC(gg_replay_read(r, stop, NULL, NULL), 7);
    CHECK_RC(gg_replay_read(r, NULL, NULL, NULL), 0);
    gg_replay_destroy(r);
    gg_replay_destroy(NULL);
    free(buf);
    return 0;
}

static int t_writer_rules(const char *dir)
{
    (void)dir;
    gg_replay_header h;
    memset(&h, 0, sizeof h);
    gg_replay_writer w;
    CHECK_RC(gg_replay_writer_init(&w, &h), GG_EREPLAY_FORMAT); /* empty scenario */
    gg_replay_writer_close(&w);
    strcpy(h.scenario, "s");
    h.result_len = 3; /* result on an unfinished game */
    h.result = (const uint8_t *)"abc";
    CHECK_RC(gg_replay_writer_init(&w, &h), GG_EREPLAY_FORMAT);
    gg_replay_writer_close(&w);
    h.result_len = 0;
    h.n_records = 2;
    h.n_hashes = 1;
    const uint8_t *buf;
    size_t len;
    CHECK_RC(gg_replay_writer_init(&w, &h), 0);
    CHECK_RC(gg_replay_writer_hash(&w, 1, 1), GG_EREPLAY_FORMAT); /* records missing */
    gg_replay_writer_close(&w);
    CHECK_RC(gg_replay_writer_init(&w, &h), 0);
    CHECK_RC(gg_replay_writer_record(&w, 5, 0, "x", 1), 0);
    CHECK_RC(gg_replay_writer_record(&w, 5, 0, "x", 1), GG_EREPLAY_FORMAT); /* seq repeats */
    CHECK_RC(gg_replay_writer_finish(&w, &buf, &len), GG_EREPLAY_FORMAT);   /* stays failed */
    gg_replay_writer_close(&w);
    CHECK_RC(gg_replay_writer_init(&w, &h), 0);
    CHECK_RC(gg_replay_writer_record(&w, 1, 0, NULL, GG_MAX_MESSAGE + 1), GG_EREPLAY_FORMAT);
    gg_replay_writer_close(&w);
    CHECK_RC(gg_replay_writer_init(&w, &h), 0);
    CHECK_RC(gg_replay_writer_record(&w, 1, 0, NULL, 0), 0);
    CHECK_RC(gg_replay_writer_record(&w, 2, 0, NULL, 0), 0);
    CHECK_RC(gg_replay_writer_record(&w, 3, 0, NULL, 0), GG_EREPLAY_FORMAT); /* too many */
    gg_replay_writer_close(&w);
    CHECK_RC(gg_replay_writer_init(&w, &h), 0);
    CHECK_RC(gg_replay_writer_record(&w, 1, 0, NULL, 0), 0);
    CHECK_RC(gg_replay_writer_record(&w, 2, 0, NULL, 0), 0);
    CHECK_RC(gg_replay_writer_finish(&w, &buf, &len), GG_EREPLAY_FORMAT); /* hash missing */
    gg_replay_writer_close(&w);
    CHECK_RC(gg_replay_writer_init(&w, &h), 0);
    CHECK_RC(gg_replay_writer_record(&w, 1, 0, NULL, 0), 0);
    CHECK_RC(gg_replay_writer_record(&w, 2, 0, NULL, 0), 0);
    CHECK_RC(gg_replay_writer_hash(&w, -4, 9), 0);
    CHECK_RC(gg_replay_writer_finish(&w, &buf, &len), 0);
    CHECK(len == 36 + 1 + 1 + 2 + 4 + 4 + 2 * 12 + 4 + 12 + 4);
    gg_replay_writer_close(&w);
    return 0;
}

/* Expects buf to be rejected with GG_EREPLAY_FORMAT and a message holding `needle`. */
static int expect_reject(const uint8_t *buf, size_t len, const char *needle)
{
    gg_replay *r = (gg_replay *)&r;
    char err[256];
    int rc = gg_replay_create(buf, len, &r, err, sizeof err);
    if (rc != GG_EREPLAY_FORMAT || r != NULL || !strstr(err, needle)) {
        fprintf(stderr, "expected rejection with '%s', got %d: %s\n", needle, rc,
                rc ? err : "(accepted)");
        if (rc == 0)
            gg_replay_destroy(r);
        return 1;
    }
    return 0;
}

static int t_reject(const char *dir)
{
    (void)dir;
    size_t len;
    uint8_t *v = sample_replay(12, 5, 1, 0, &len);
    CHECK(v != NULL);
    uint8_t *b = malloc(len + 1);
    CHECK(b != NULL);
    /* Every proper prefix is rejected as truncated (or as bad magic). */
    for (size_t n = 0; n < len; n++) {
        memcpy(b, v, n);
        CHECK_RC(expect_reject(b, n, n < 8 ? "GGREPLAY" : "truncated"), 0);
    }
    CHECK_RC(expect_reject(NULL, 0, "GGREPLAY"), 0);
    size_t cnt = sample_count_offset(v), rec0 = cnt + 4;
    struct {
        size_t off;
        uint32_t val;
        const char *needle;
    } patches[] = {
        {0, 0x52474758u, "GGREPLAY"},       /* magic "XGGR..." */
        {OFF_VERSION, 2, "version 2"},      /* also clobbers flags: version is checked first */
        {OFF_FLAGS, 0x0002, "flag"},        /* (little-endian u16 + seed bytes) */
        {cnt, 0xffffffffu, "record count"}, /* impossible count */
        {rec0 + 8, 0xffffffffu, "over the 65536-byte limit"},
        {rec0 + 8, GG_MAX_MESSAGE + 1, "over the 65536-byte limit"},
        {rec0 + 8, 5000, "truncated"}, /* plausible length, not enough bytes */
        {rec0 + 12 + 0 + 0, 1, "seq"}, /* record 1's seq becomes 1 (== record 0's) */
        {cnt - 26, 0x7fffffffu, "result length"},
        {len - 68, 0xffffffffu, "turn hashes"},    /* hash count: 4 + 5*12 + 4 from the end */
        {len - 68 + 16, 0xffffffffu, "not after"}, /* hash 1's turn -1 == hash 0's */
    };
    for (size_t i = 0; i < sizeof patches / sizeof patches[0]; i++) {
        memcpy(b, v, len);
        if (patches[i].off == OFF_FLAGS)
            b[OFF_FLAGS] = 2;
        else
            put_le32(b + patches[i].off, patches[i].val);
        fix_crc(b, len);
        if (expect_reject(b, len, patches[i].needle)) {
            fprintf(stderr, "  (patch %zu)\n", i);
            return 1;
        }
    }
    /* Damaged byte with the CRC left alone. */
    memcpy(b, v, len);
    b[len / 2] ^= 0x40;
    CHECK_RC(expect_reject(b, len, "CRC mismatch"), 0);
    /* Trailing garbage. */
    memcpy(b, v, len);
    b[len] = 0;
    CHECK_RC(expect_reject(b, len + 1, "remain"), 0);
    /* NUL inside the scenario. */
    memcpy(b, v, len);
    b[OFF_SCENARIO_LEN + 3] = 0;
    fix_crc(b, len);
    CHECK_RC(expect_reject(b, len, "NUL"), 0);
    free(b);
    free(v);
    return 0;
}

static int t_files(const char *dir)
{
    size_t len;
    uint8_t *v = sample_replay(4, 2, 0, 0, &len);
    CHECK(v != NULL);
    char path[600], err[600];
    snprintf(path, sizeof path, "%s/x.ggreplay", dir);
    CHECK_RC(gg_replay_write_file(path, v, len, err, sizeof err), 0);
    CHECK_RC(gg_replay_write_file(path, v, len, err, sizeof err), 0); /* replaces */
    gg_replay *r;
    CHECK_RC(gg_replay_read_file(path, &r, err, sizeof err), 0);
    CHECK(gg_replay_get_header(r)->n_records == 4);
    gg_replay_destroy(r);
    /* Nothing but x.ggreplay is left in the directory (no temporary files). */
    DIR *d = opendir(dir);
    CHECK(d != NULL);
    int entries = 0;
    struct dirent *e;
    while ((e = readdir(d)) != NULL)
        entries += e->d_name[0] != '.';
    closedir(d);
    CHECK(entries == 1);
    snprintf(path, sizeof path, "%s/missing.ggreplay", dir);
    CHECK_RC(gg_replay_read_file(path, &r, err, sizeof err), GG_ESTORAGE_OPEN);
    CHECK(strstr(err, "missing.ggreplay") != NULL);
    CHECK_RC(gg_replay_read_file(dir, &r, err, sizeof err), GG_EREPLAY_FORMAT); /* a directory */
    snprintf(path, sizeof path, "%s/nodir/x.ggreplay", dir);
    CHECK_RC(gg_replay_write_file(path, v, len, err, sizeof err), GG_ESTORAGE_IO);
    printf("  %s\n", err);
    free(v);
    return 0;
}

static int t_corpus(const char *dir)
{
    (void)dir;
    DIR *d = opendir(GG_REPLAY_CORPUS_DIR);
    CHECK(d != NULL);
    int valid = 0, bad = 0;
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        if (e->d_name[0] == '.')
            continue;
        char path[1024], err[256];
        snprintf(path, sizeof path, "%s/%s", GG_REPLAY_CORPUS_DIR, e->d_name);
        gg_replay *r;
        int rc = gg_replay_read_file(path, &r, err, sizeof err);
        if (strncmp(e->d_name, "valid-", 6) == 0) {
            if (rc)
                fprintf(stderr, "%s: %s\n", e->d_name, err);
            CHECK_RC(rc, 0);
            CHECK_RC(gg_replay_read(r, NULL, NULL, NULL), 0);
            gg_replay_destroy(r);
            valid++;
        } else if (strncmp(e->d_name, "bad-", 4) == 0) {
            if (rc == 0)
                gg_replay_destroy(r);
            CHECK_RC(rc, GG_EREPLAY_FORMAT);
            printf("  %-36s %s\n", e->d_name, err);
            bad++;
        } else if (rc == 0) { /* fuzz-* / crash-*: only the harness must survive them */
            gg_replay_destroy(r);
        }
    }
    closedir(d);
    CHECK(valid >= 3 && bad >= 10);
    return 0;
}

/* The example in docs/REPLAY_FORMAT.md, byte for byte. */
static int t_golden(const char *dir)
{
    (void)dir;
    static const uint8_t want[] = {
        'G', 'G', 'R', 'E', 'P', 'L', 'A', 'Y', 1, 0, 0, 0, 1, 0, 0,    0,    0,    0,   0,
        0,   0,   0,   0,   0,   0,   0,   0,   0, 0, 0, 0, 0, 0, 0,    0,    0,    1,   's',
        0,   0,   0,   0,   0,   0,   0,   0,   0, 0, 0, 0, 0, 0, 0x2d, 0x2f, 0xb6, 0x76};
    CHECK(gg_replay_crc32(0, "123456789", 9) == 0xcbf43926u);
    gg_replay_header h;
    memset(&h, 0, sizeof h);
    strcpy(h.scenario, "s");
    h.seed = 1;
    gg_replay_writer w;
    const uint8_t *buf;
    size_t len;
    CHECK_RC(gg_replay_writer_init(&w, &h), 0);
    CHECK_RC(gg_replay_writer_finish(&w, &buf, &len), 0);
    CHECK(len == sizeof want && memcmp(buf, want, len) == 0);
    gg_replay_writer_close(&w);
    gg_replay *r;
    CHECK_RC(gg_replay_create(want, sizeof want, &r, NULL, 0), 0);
    CHECK(gg_replay_get_header(r)->seed == 1);
    gg_replay_destroy(r);
    return 0;
}

static const test_case_dir cases[] = {
    {"golden", t_golden, "the documented example bytes, CRC-32 check value"},
    {"roundtrip", t_roundtrip, "write then read a replay with a maximum-size record"},
    {"writer_rules", t_writer_rules, "the writer refuses what the reader would reject"},
    {"reject", t_reject, "every truncation, bad field and bad CRC is GG_EREPLAY_FORMAT"},
    {"files", t_files, "atomic file write, open errors"},
    {"corpus", t_corpus, "valid-* corpus files parse, bad-* files are rejected"},
};

int main(int argc, char **argv)
{
    return run_cases_dir(cases, (int)(sizeof cases / sizeof cases[0]), argc, argv);
}
