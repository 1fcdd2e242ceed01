/* store/store_internal.h — what store.c and store_read.c share. Not part of
 * the library's interface (tests may use the test hook at the end). */
#ifndef GG_STORE_STORE_INTERNAL_H
#define GG_STORE_STORE_INTERNAL_H

#include "store.h"

#include <sqlite3.h>
#include <stdatomic.h>

/* The checksums of a games row (checksum.c), over the columns of table
 * alias `t` ("" or "g."). They must equal what schema v2's triggers store. */
#define GG__META_SUM(t)                                                                            \
    "gg_sum(" t "id, " t "scenario, " t "seed, " t "options, " t "code_moderator, " t              \
    "code_observer, " t "code_seat0, " t "code_seat1, " t "code_seat2, " t "code_seat3, " t        \
    "created_ms)"
#define GG__STATE_SUM(t)                                                                           \
    "gg_sum(" t "id, " t "deadline_phase, " t "deadline_ms, " t "finished, " t "finished_ms, " t   \
    "result)"

/* Every SQL statement the store runs after open, prepared once and cached.
 * X(NAME, "SQL") */
#define GG__SUMMARY_SQL                                                                            \
    "SELECT g.id, g.scenario, g.seed, g.created_ms, g.finished, g.finished_ms,"                    \
    " g.deadline_phase, g.deadline_ms,"                                                            \
    " (SELECT count(*) FROM journal j WHERE j.game = g.id),"                                       \
    " (SELECT ifnull(max(seq), 0) FROM journal j WHERE j.game = g.id),"                            \
    " (SELECT count(*) FROM turn_hashes t WHERE t.game = g.id),"                                   \
    " (SELECT ifnull(max(turn), 0) FROM turn_hashes t WHERE t.game = g.id),"                       \
    " g.meta_sum IS " GG__META_SUM("g.") " AND g.state_sum IS " GG__STATE_SUM(                     \
        "g.") ","                                                                                  \
              " (SELECT reason FROM quarantine q WHERE q.game = g.id) FROM games g "
#define GG__STORE_STMTS(X)                                                                         \
    X(BEGIN, "BEGIN IMMEDIATE")                                                                    \
    X(COMMIT, "COMMIT")                                                                            \
    X(ROLLBACK, "ROLLBACK")                                                                        \
    X(CREATE_GAME, "INSERT INTO games(scenario, seed, options, code_moderator,"                    \
                   " code_observer, code_seat0, code_seat1, code_seat2, code_seat3,"               \
                   " created_ms) VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)")                 \
    X(APPEND, "INSERT INTO journal(game, seq, kind, payload, sum)"                                 \
              " VALUES(?1, ?2, ?3, ?4, gg_sum(?1, ?2, ?3, ?4))")                                   \
    X(HASH_PUT, "INSERT OR IGNORE INTO turn_hashes(game, turn, hash, sum)"                         \
                " VALUES(?1, ?2, ?3, gg_sum(?1, ?2, ?3))")                                         \
    X(HASH_GET, "SELECT hash FROM turn_hashes WHERE game = ?1 AND turn = ?2")                      \
    X(DEADLINE, "UPDATE games SET deadline_phase = ?2, deadline_ms = ?3 WHERE id = ?1")            \
    X(FINISH, "UPDATE games SET finished = 1, finished_ms = ?2, result = ?3,"                      \
              " deadline_ms = 0 WHERE id = ?1 AND finished = 0")                                   \
    X(GAME_STATE, "SELECT finished FROM games WHERE id = ?1")                                      \
    X(META, "SELECT scenario, seed, options, code_moderator, code_observer, code_seat0,"           \
            " code_seat1, code_seat2, code_seat3, created_ms, meta_sum, " GG__META_SUM(            \
                "") " FROM games WHERE id = ?1")                                                   \
    X(RECORDS, "SELECT seq, kind, payload, sum, gg_sum(game, seq, kind, payload) FROM journal"     \
               " WHERE game = ?1 AND seq > ?2 ORDER BY seq")                                       \
    X(HASHES, "SELECT turn, hash, sum, gg_sum(game, turn, hash) FROM turn_hashes"                  \
              " WHERE game = ?1 ORDER BY turn")                                                    \
    X(LIST, GG__SUMMARY_SQL "WHERE ?1 = 0 OR g.finished = 0 ORDER BY g.id")                        \
    X(SUMMARY, GG__SUMMARY_SQL "WHERE g.id = ?1")                                                  \
    X(RESULT, "SELECT finished, result FROM games WHERE id = ?1")                                  \
    X(QUARANTINE, "INSERT OR REPLACE INTO quarantine(game, reason, at_ms) VALUES(?1, ?2, ?3)")     \
    X(SNAP_PUT, "INSERT OR REPLACE INTO snapshots(game, seq, turn, data, sum)"                     \
                " VALUES(?1, ?2, ?3, ?4, gg_sum(?1, ?2, ?3, ?4))")                                 \
    X(SNAP_PRUNE, "DELETE FROM snapshots WHERE game = ?1 AND seq NOT IN (SELECT seq FROM"          \
                  " snapshots WHERE game = ?1 ORDER BY seq DESC LIMIT ?2)")                        \
    X(SNAPS, "SELECT seq, turn, data, sum, gg_sum(game, seq, turn, data) FROM snapshots"           \
             " WHERE game = ?1 ORDER BY seq DESC")                                                 \
    X(ORPHANS, "SELECT game FROM journal WHERE game NOT IN (SELECT id FROM games) UNION ALL"       \
               " SELECT game FROM turn_hashes WHERE game NOT IN (SELECT id FROM games) LIMIT 1")

enum gg__store_stmt {
#define GG__STMT_ENUM(name, sql) GG__ST_##name,
    GG__STORE_STMTS(GG__STMT_ENUM)
#undef GG__STMT_ENUM
        GG__ST_COUNT
};

struct gg_store {
    sqlite3 *db;
    char *dir;
    sqlite3_stmt *st[GG__ST_COUNT];
    int in_group;  /* BEGIN has run and neither COMMIT nor ROLLBACK since */
    int group_err; /* the open group failed with this code; reported by the next commit */
    int failed;    /* sticky: an I/O error of unknown outcome; writes refused until reopen */
    int opening;   /* inside gg_store_create (errors map to GG_ESTORAGE_OPEN) */
    int reading;   /* inside a read with callbacks (re-entry is refused) */
    int readonly;  /* opened by gg_store_open_reader: no writes, no lock file */
    int lock_fd;   /* dir/games.db-lock, flock'd by the one writer; -1 if none */
    int wal_fd;    /* deferred sync: the WAL, opened for gg_store_sync; -1 = off */
    struct gg__store_ckpt *ckpt;                 /* store_ckpt.c: the checkpoint thread, or NULL */
    uint32_t wal_pages, wal_prev, wal_pages_max; /* WAL pages after the last commits */
    uint32_t ckpt_req_at, ckpt_forced_at;        /* wal_pages at the last request / stall */
    uint32_t ckpt_pages, wal_max_pages;          /* the thresholds (test builds may lower) */
    uint64_t wal_restarts, stall_count, stall_ns, stall_ns_max;
    uint64_t wal_commits, wal_frames; /* commits seen by the hook; WAL frames they wrote */
#ifdef GG_TEST_HOOKS
    atomic_int test_sync_fail; /* gg_store_test_sync_hooks */
    const char *test_sync_hold;
    const char *test_ckpt_hold;
#endif
    char msg[768];
};

/* Records SQLite's error `rc` for operation `what` in s->msg (with advice)
 * and returns the matching gg error code. */
/* store_pcache.c: wraps SQLite's page cache (once per process, before
 * SQLite initialises; a no-op afterwards). */
void gg__store_pcache_install(void);
int gg__store_error(gg_store *s, int rc, const char *what);

/* Formats a message into s->msg and returns `code`. */
#if defined(__GNUC__)
__attribute__((format(printf, 3, 4)))
#endif
int gg__store_msg(gg_store *s, int code, const char *fmt, ...);

/* store_ckpt.c: after a successful COMMIT (writer's thread): requests a
 * checkpoint, or runs one at the limit. */
void gg__store_ckpt_after_commit(gg_store *s);
/* Stops the checkpoint thread and closes its connection (gg_store_destroy,
 * before the writer's connection closes). */
void gg__store_ckpt_close(gg_store *s);

/* Closes the deferred sync's descriptor (store_sync.c; gg_store_destroy). */
void gg__store_sync_close(gg_store *s);
/* The open group for a write (joins or begins it); 0 or an error. */
int gg__store_write_begin(gg_store *s);

/* Deletes game's snapshots but the newest `keep` (inside the open group);
 * 0 or an error (the group is lost). */
int gg__store_prune_snapshots(gg_store *s, int64_t game, int keep);

/* Classifies a failed write statement (SQLite code rc) during `what`. */
int gg__store_write_fail(gg_store *s, int rc, const char *what);

/* checksum.c: the hash behind gg_sum, for other checksums: feed byte
 * strings (start with h = 0), then finish. */
uint64_t gg__store_hash(uint64_t h, const void *data, size_t n);
uint64_t gg__store_hash_end(uint64_t h);

/* Stores the schema's checksum in schema_sum (inside the migration's
 * transaction); returns an SQLite code. */
int gg__store_schema_sum_put(gg_store *s);

/* Checks the schema against schema_sum: 0, or GG_ESTORAGE_CORRUPT (damaged
 * definitions) or a read error, with the message set. */
int gg__store_schema_sum_check(gg_store *s);

/* checksum.c: registers gg_sum() on s->db (0 or an error). */
int gg__store_register_sum(gg_store *s);

/* A row whose stored checksum differs from its content: sets the message
 * (naming the game and `what`) and returns GG_ESTORAGE_CORRUPT. */
int gg__store_bad_sum(gg_store *s, int64_t game, const char *what, sqlite3_int64 stored,
                      sqlite3_int64 computed);

/* Value conversions between SQLite's int64 and our unsigned fields, without
 * implementation-defined casts. */
int64_t gg__u64_to_i64(uint64_t v);
uint64_t gg__i64_to_u64(int64_t v);

#endif /* GG_STORE_STORE_INTERNAL_H */
