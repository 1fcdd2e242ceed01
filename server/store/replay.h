/* store/replay.h — the replay file: one game's journal as a single portable,
 * versioned binary file (spec: docs/REPLAY_FORMAT.md).
 *
 * Writing: gg_replay_writer encodes a header, then exactly the announced
 * number of journal records and turn hashes, into a memory buffer; then
 * gg_replay_write_file() puts that buffer on disk atomically.
 *
 * Reading: gg_replay_open() / gg_replay_open_mem() validate the WHOLE file
 * (every length against the bytes left, every limit, the CRC) before
 * returning a reader, so gg_replay_read() never meets a format error and a
 * consumer never sees half a replay. Anything wrong returns
 * GG_EREPLAY_FORMAT with a message saying what and where.
 *
 * All multi-byte fields are little-endian fixed-width integers; nothing is a
 * struct dump. Codes (join codes) are never written: replays are shareable.
 */
#ifndef GG_STORE_REPLAY_H
#define GG_STORE_REPLAY_H

#include <stddef.h>
#include <stdint.h>

#define GG_REPLAY_MAGIC "GGREPLAY" /* 8 bytes, no NUL in the file */
#define GG_REPLAY_VERSION 1        /* the only version this build reads and writes */
/* Largest replay file gg_replay_open() will read, in bytes. */
#define GG_REPLAY_MAX_FILE (256u * 1024u * 1024u)

/* Sizes shared with the store's game metadata. */
#define GG_STORE_SCENARIO_MAX 32 /* scenario name buffer, including the NUL */
#define GG_STORE_OPTIONS_MAX 256 /* encoded game options, bytes */
#define GG_STORE_CODE_MAX 16     /* join code buffer, including the NUL */
#define GG_STORE_NCODES 6        /* moderator, observer, seat 0..3 */

/* Called once per journal record, in increasing seq order. `payload` is
 * never NULL (it points at an empty buffer when len is 0) and is valid only
 * during the call. Return 0 to continue; any other value stops the iteration
 * and is returned by the function that called back. */
typedef int (*gg_record_fn)(uint32_t seq, int kind, const uint8_t *payload, size_t len, void *ud);

/* Called once per stored turn hash, in increasing turn order. Same return
 * contract as gg_record_fn. */
typedef int (*gg_hash_fn)(int turn, uint64_t hash, void *ud);

/* Everything in a replay before the records. */
typedef struct gg_replay_header {
    uint16_t version;                     /* set by the reader; ignored by the writer */
    char scenario[GG_STORE_SCENARIO_MAX]; /* NUL-terminated, 1..31 bytes, no NUL inside */
    uint64_t seed;
    int64_t created_ms;
    uint8_t options[GG_STORE_OPTIONS_MAX];
    uint32_t options_len; /* 0..GG_STORE_OPTIONS_MAX */
    int finished;         /* 0 or 1 */
    int64_t finished_ms;  /* 0 unless finished */
    /* The game's result (finished games only; else NULL/0). The writer copies
     * it; from a reader it points into the reader's buffer and lives as long
     * as the reader. At most GG_MAX_MESSAGE bytes. */
    const uint8_t *result;
    uint32_t result_len;
    uint32_t n_records; /* records that follow (the writer requires exactly this many) */
    uint32_t n_hashes;  /* turn hashes that follow */
} gg_replay_header;

/* ---- writing ---------------------------------------------------------- */

/* A caller-allocated encoder into a growing heap buffer. Treat as opaque. */
typedef struct gg_replay_writer {
    uint8_t *buf;
    size_t len, cap;
    uint32_t want_records, got_records, want_hashes, got_hashes;
    uint32_t last_seq;
    int last_turn;
    int state; /* 0 records, 1 hashes, 2 finished, -1 failed */
} gg_replay_writer;

/* Starts a replay with header `h` (version is ignored). Returns 0, or
 * GG_EREPLAY_FORMAT if a header field is out of range, or GG_EINTERNAL if
 * memory runs out. Always call gg_replay_writer_close() afterwards. */
int gg_replay_writer_init(gg_replay_writer *w, const gg_replay_header *h);

/* Adds the next journal record. Records must come in strictly increasing seq
 * order, len <= GG_MAX_MESSAGE, and no more than h->n_records of them, all
 * before the first hash. Returns 0 or GG_EREPLAY_FORMAT / GG_EINTERNAL. */
int gg_replay_writer_record(gg_replay_writer *w, uint32_t seq, int kind, const void *payload,
                            size_t len);

/* Adds the next turn hash; turns strictly increasing, at most h->n_hashes. */
int gg_replay_writer_hash(gg_replay_writer *w, int turn, uint64_t hash);

/* Checks that exactly the announced records and hashes were added, appends
 * the CRC-32 trailer and returns the finished file in *buf / *len (owned by
 * the writer until gg_replay_writer_close). Returns 0 or GG_EREPLAY_FORMAT. */
int gg_replay_writer_finish(gg_replay_writer *w, const uint8_t **buf, size_t *len);

/* Frees the writer's buffer. Safe on a zeroed or failed writer. */
void gg_replay_writer_close(gg_replay_writer *w);

/* Writes `len` bytes to `path` atomically: a temporary file in the same
 * directory, fsync, rename over `path`, fsync of the directory. Either the
 * old file or the complete new one exists afterwards. Returns 0, or
 * GG_ESTORAGE_IO with a message in err (if err is not NULL). */
int gg_replay_write_file(const char *path, const uint8_t *buf, size_t len, char *err,
                         size_t errlen);

/* ---- reading ---------------------------------------------------------- */

typedef struct gg_replay gg_replay;

/* Reads and validates the replay file at `path` (at most GG_REPLAY_MAX_FILE
 * bytes). On success stores a heap reader in *out and returns 0. Otherwise
 * *out is NULL and the return is GG_EREPLAY_FORMAT (bad file),
 * GG_ESTORAGE_OPEN (cannot read it) or GG_EINTERNAL (out of memory), with a
 * message in err if err is not NULL. */
int gg_replay_open(const char *path, gg_replay **out, char *err, size_t errlen);

/* Like gg_replay_open() on `len` bytes in memory. The reader refers to
 * `buf` without copying it: the caller keeps buf alive and unchanged until
 * gg_replay_close(). */
int gg_replay_open_mem(const void *buf, size_t len, gg_replay **out, char *err, size_t errlen);

/* The validated header. Valid until gg_replay_close(). */
const gg_replay_header *gg_replay_get_header(const gg_replay *r);

/* Calls rec for every record, then hash for every turn hash (either may be
 * NULL to skip), like gg_store_load(). Returns 0, or the first non-zero
 * callback return. May be called any number of times. */
int gg_replay_read(const gg_replay *r, gg_record_fn rec, gg_hash_fn hash, void *ud);

/* Frees a reader (and the file buffer gg_replay_open read). NULL is a no-op. */
void gg_replay_close(gg_replay *r);

/* CRC-32 (IEEE 802.3, as in zlib and PNG) of `len` bytes, continuing from
 * `crc` (pass 0 to start). Used for the replay trailer. */
uint32_t gg_replay_crc32(uint32_t crc, const void *data, size_t len);

#endif /* GG_STORE_REPLAY_H */
