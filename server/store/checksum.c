/* store/checksum.c — the per-row checksums of the journal (schema v2) and
 * the quarantine list.
 *
 * Every row the store writes carries a 64-bit checksum of its own values,
 * key included: journal.sum over (game, seq, kind, payload), turn_hashes.sum
 * over (game, turn, hash), games.meta_sum over the fields fixed at creation
 * and games.state_sum over the fields that change (deadline, finished,
 * result). The checksum is the SQL function gg_sum(...), registered on every
 * connection the store opens, so the value written (INSERT ... gg_sum(?...)
 * or a trigger) and the value recomputed when reading are one code path.
 *
 * gg_sum hashes a canonical encoding of its arguments: per argument a type
 * tag, then an int64 as 8 little-endian bytes, a double as its IEEE bits, or
 * a text/blob as a 4-byte length and its bytes (NULL is the tag alone). The
 * hash is 64-bit FNV-1a over that encoding followed by the splitmix64
 * finaliser (every input bit reaches every output bit), so a damaged row is
 * missed with probability about 2^-64. It detects accidental damage (a bad
 * disk, a flipped byte), not tampering: anyone able to write games.db can
 * recompute it. */
#define _POSIX_C_SOURCE 200809L

#include "store_internal.h"

#include "gg/errors.h"

#include <stdio.h>
#include <string.h>

#define FNV_OFFSET 0xcbf29ce484222325u
#define FNV_PRIME 0x100000001b3u

static uint64_t fnv(uint64_t h, const void *data, size_t n)
{
    const uint8_t *p = data;
    for (size_t i = 0; i < n; i++) {
        h ^= p[i];
        h *= FNV_PRIME;
    }
    return h;
}

static uint64_t fnv_u64(uint64_t h, uint64_t v)
{
    uint8_t b[8];
    for (int i = 0; i < 8; i++)
        b[i] = (uint8_t)(v >> (8 * i));
    return fnv(h, b, sizeof b);
}

static uint64_t finish(uint64_t z)
{
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9u;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebu;
    return z ^ (z >> 31);
}

uint64_t gg__store_hash(uint64_t h, const void *data, size_t n)
{
    return fnv(fnv_u64(h ? h : FNV_OFFSET, n), data, n);
}

uint64_t gg__store_hash_end(uint64_t h)
{
    return finish(h);
}

/* gg_sum(v1, v2, ...): the checksum of the values, as an INTEGER (the
 * uint64's int64 bit pattern). */
static void sum_fn(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    uint64_t h = FNV_OFFSET;
    for (int i = 0; i < argc; i++) {
        int type = sqlite3_value_type(argv[i]);
        uint8_t tag = (uint8_t)type;
        h = fnv(h, &tag, 1);
        switch (type) {
        case SQLITE_INTEGER:
            h = fnv_u64(h, gg__i64_to_u64(sqlite3_value_int64(argv[i])));
            break;
        case SQLITE_FLOAT: {
            double d = sqlite3_value_double(argv[i]);
            uint64_t bits;
            memcpy(&bits, &d, sizeof bits);
            h = fnv_u64(h, bits);
            break;
        }
        case SQLITE_TEXT:
        case SQLITE_BLOB: {
            const void *p = type == SQLITE_TEXT ? (const void *)sqlite3_value_text(argv[i])
                                                : sqlite3_value_blob(argv[i]);
            int n = sqlite3_value_bytes(argv[i]);
            size_t len = n > 0 ? (size_t)n : 0;
            h = fnv_u64(h, len);
            if (p && len)
                h = fnv(h, p, len);
            break;
        }
        default: /* NULL: the tag alone */
            break;
        }
    }
    sqlite3_result_int64(ctx, gg__u64_to_i64(finish(h)));
}

int gg__store_register_sum(gg_store *s)
{
    int rc = sqlite3_create_function_v2(s->db, "gg_sum", -1,
                                        SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS, NULL,
                                        sum_fn, NULL, NULL, NULL);
    return rc == SQLITE_OK ? 0 : gg__store_error(s, rc, "registering the checksum function");
}

int gg__store_bad_sum(gg_store *s, int64_t game, const char *what, sqlite3_int64 stored,
                      sqlite3_int64 computed)
{
    return gg__store_msg(s, GG_ESTORAGE_CORRUPT,
                         "game %lld in '%s/games.db': %s fails its checksum (stored %016llx, "
                         "content gives %016llx): the file was damaged outside gg-server. "
                         "Restore games.db from a backup.",
                         (long long)game, s->dir, what, (unsigned long long)gg__i64_to_u64(stored),
                         (unsigned long long)gg__i64_to_u64(computed));
}

/* ---- the schema's own checksum ----------------------------------------- */

/* The checksum of the schema: every sqlite_schema row (type, name, table,
 * root page, SQL) in name order, except schema_sum's own row. */
static int schema_sum(gg_store *s, sqlite3_int64 *out)
{
    sqlite3_stmt *st = NULL;
    int rc = sqlite3_prepare_v2(s->db,
                                "SELECT type, name, tbl_name, rootpage, sql FROM sqlite_schema"
                                " WHERE name <> 'schema_sum' ORDER BY type, name",
                                -1, &st, NULL);
    uint64_t h = 0;
    if (rc == SQLITE_OK)
        rc = SQLITE_ROW;
    while (rc == SQLITE_ROW && (rc = sqlite3_step(st)) == SQLITE_ROW) {
        for (int c = 0; c < 5; c++) {
            const unsigned char *t = sqlite3_column_text(st, c);
            int n = sqlite3_column_bytes(st, c);
            h = gg__store_hash(h, t ? (const void *)t : "", t && n > 0 ? (size_t)n : 0);
        }
    }
    sqlite3_finalize(st);
    *out = gg__u64_to_i64(gg__store_hash_end(h));
    return rc == SQLITE_DONE ? SQLITE_OK : rc;
}

int gg__store_schema_sum_put(gg_store *s)
{
    sqlite3_int64 sum;
    int rc = schema_sum(s, &sum);
    char sql[96];
    snprintf(sql, sizeof sql, "DELETE FROM schema_sum; INSERT INTO schema_sum VALUES(%lld);",
             (long long)sum);
    if (rc == SQLITE_OK)
        rc = sqlite3_exec(s->db, sql, NULL, NULL, NULL);
    return rc;
}

int gg__store_schema_sum_check(gg_store *s)
{
    sqlite3_int64 sum, stored = 0;
    int rc = schema_sum(s, &sum), rows = 0;
    sqlite3_stmt *st = NULL;
    if (rc == SQLITE_OK)
        rc = sqlite3_prepare_v2(s->db, "SELECT sum FROM schema_sum", -1, &st, NULL);
    if (rc == SQLITE_OK)
        rc = SQLITE_ROW;
    while (rc == SQLITE_ROW && (rc = sqlite3_step(st)) == SQLITE_ROW) {
        stored = sqlite3_column_int64(st, 0);
        rows++;
    }
    sqlite3_finalize(st);
    if (rc == SQLITE_DONE && rows == 1 && stored == sum)
        return 0;
    if (rc != SQLITE_DONE && (rc & 0xff) != SQLITE_ERROR)
        return gg__store_error(s, rc, "checking the schema");
    return gg__store_msg(s, GG_ESTORAGE_CORRUPT,
                         "'%s/games.db': its schema (the table definitions) fails its checksum "
                         "or cannot be read: the file was damaged outside gg-server. Restore "
                         "games.db from a backup.",
                         s->dir);
}

/* ---- quarantine --------------------------------------------------------- */

int gg_store_quarantine(gg_store *s, int64_t game, const char *reason, int64_t at_ms)
{
    int rc = gg__store_write_begin(s);
    if (rc)
        return rc;
    sqlite3_stmt *st = s->st[GG__ST_QUARANTINE];
    sqlite3_bind_int64(st, 1, game);
    size_t n = strnlen(reason ? reason : "", GG_STORE_QUARANTINE_MAX - 1);
    sqlite3_bind_text(st, 2, reason ? reason : "", (int)n, SQLITE_STATIC);
    sqlite3_bind_int64(st, 3, at_ms);
    rc = sqlite3_step(st);
    sqlite3_reset(st);
    return rc == SQLITE_DONE ? 0 : gg__store_write_fail(s, rc, "quarantine");
}

int gg_store_orphans(gg_store *s, int64_t *game)
{
    *game = 0;
    sqlite3_stmt *st = s->st[GG__ST_ORPHANS];
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW)
        *game = sqlite3_column_int64(st, 0);
    sqlite3_reset(st);
    if (rc == SQLITE_ROW)
        return gg__store_msg(s, GG_ESTORAGE_CORRUPT,
                             "'%s/games.db' holds journal records or turn hashes of game %lld, "
                             "which has no games row: the file was damaged outside gg-server. "
                             "Restore games.db from a backup.",
                             s->dir, (long long)*game);
    return rc == SQLITE_DONE ? 0 : gg__store_error(s, rc, "checking for orphaned journal records");
}
