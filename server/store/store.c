/* store/store.c — opening the journal database (schema, migration,
 * integrity check), error reporting, and the group-committed writes.
 * Reads and export live in store_read.c. */
#define _POSIX_C_SOURCE 200809L

#include "store_internal.h"

#include "gg/errors.h"
#include "gg/limits.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

/* PRAGMA application_id of a gg-server journal: "GGSJ". */
#define GG_STORE_APP_ID 0x4747534a

/* Schema migrations: entry i upgrades user_version i to i+1. Append only;
 * never edit a shipped entry. */
static const char *const migrations[] = {
    /* v1 */
    "CREATE TABLE games("
    " id INTEGER PRIMARY KEY,"
    " scenario TEXT NOT NULL,"
    " seed INTEGER NOT NULL," /* uint64 stored as its int64 bit pattern */
    " options BLOB NOT NULL CHECK(length(options) <= 256),"
    " code_moderator TEXT NOT NULL, code_observer TEXT NOT NULL,"
    " code_seat0 TEXT NOT NULL, code_seat1 TEXT NOT NULL,"
    " code_seat2 TEXT NOT NULL, code_seat3 TEXT NOT NULL,"
    " created_ms INTEGER NOT NULL,"
    " deadline_phase INTEGER NOT NULL DEFAULT 0,"
    " deadline_ms INTEGER NOT NULL DEFAULT 0," /* 0 = none */
    " finished INTEGER NOT NULL DEFAULT 0 CHECK(finished IN (0, 1)),"
    " finished_ms INTEGER NOT NULL DEFAULT 0,"
    " result BLOB);"
    /* Clustered by (game, seq): one game's journal is contiguous on disk,
     * which is what recovery reads. */
    "CREATE TABLE journal("
    " game INTEGER NOT NULL REFERENCES games(id),"
    " seq INTEGER NOT NULL CHECK(seq BETWEEN 0 AND 4294967295),"
    " kind INTEGER NOT NULL,"
    " payload BLOB NOT NULL CHECK(length(payload) <= 65536),"
    " PRIMARY KEY(game, seq)) WITHOUT ROWID;"
    "CREATE TABLE turn_hashes("
    " game INTEGER NOT NULL REFERENCES games(id),"
    " turn INTEGER NOT NULL,"
    " hash INTEGER NOT NULL,"
    " PRIMARY KEY(game, turn)) WITHOUT ROWID;"
    "CREATE TRIGGER journal_closed BEFORE INSERT ON journal"
    " WHEN (SELECT finished FROM games WHERE id = NEW.game) = 1"
    " BEGIN SELECT RAISE(ABORT, 'the game is finished'); END;"
    "CREATE TRIGGER hashes_closed BEFORE INSERT ON turn_hashes"
    " WHEN (SELECT finished FROM games WHERE id = NEW.game) = 1"
    " BEGIN SELECT RAISE(ABORT, 'the game is finished'); END;",
    /* v2: a checksum on every row (checksum.c), and the quarantine list.
     * Rows of a v1 journal get their checksums here, as they are when the
     * upgrade runs (after quick_check): damage older than the upgrade is
     * not detected by them. */
    "ALTER TABLE games ADD COLUMN meta_sum INTEGER;"
    "ALTER TABLE games ADD COLUMN state_sum INTEGER;"
    "ALTER TABLE journal ADD COLUMN sum INTEGER;"
    "ALTER TABLE turn_hashes ADD COLUMN sum INTEGER;"
    "UPDATE journal SET sum = gg_sum(game, seq, kind, payload);"
    "UPDATE turn_hashes SET sum = gg_sum(game, turn, hash);"
    "UPDATE games SET"
    " meta_sum = gg_sum(id, scenario, seed, options, code_moderator, code_observer, code_seat0,"
    " code_seat1, code_seat2, code_seat3, created_ms),"
    " state_sum = gg_sum(id, deadline_phase, deadline_ms, finished, finished_ms, result);"
    "CREATE TRIGGER games_sum_insert AFTER INSERT ON games BEGIN UPDATE games SET"
    " meta_sum = gg_sum(id, scenario, seed, options, code_moderator, code_observer, code_seat0,"
    " code_seat1, code_seat2, code_seat3, created_ms),"
    " state_sum = gg_sum(id, deadline_phase, deadline_ms, finished, finished_ms, result)"
    " WHERE id = NEW.id; END;"
    "CREATE TRIGGER games_sum_update AFTER UPDATE OF deadline_phase, deadline_ms, finished,"
    " finished_ms, result ON games BEGIN UPDATE games SET"
    " state_sum = gg_sum(id, deadline_phase, deadline_ms, finished, finished_ms, result)"
    " WHERE id = NEW.id; END;"
    /* A game set aside at start (gg-server --quarantine-corrupt): no
     * foreign key, its games row may be the damaged part. */
    "CREATE TABLE quarantine("
    " game INTEGER PRIMARY KEY,"
    " reason TEXT NOT NULL,"
    " at_ms INTEGER NOT NULL);"
    /* The checksum of the schema itself (checksum.c), rewritten by every
     * migration from this one on and checked at every open. */
    "CREATE TABLE schema_sum(sum INTEGER NOT NULL);",
    /* v3: per-turn snapshots (gg_store_put_snapshot). A v2 journal has
     * none: its games recover by replaying every record, and get a
     * snapshot at their next resolved turn. */
    "CREATE TABLE snapshots("
    " game INTEGER NOT NULL REFERENCES games(id),"
    " seq INTEGER NOT NULL CHECK(seq BETWEEN 0 AND 4294967295),"
    " turn INTEGER NOT NULL,"
    " data BLOB NOT NULL CHECK(length(data) <= 131072),"
    " sum INTEGER NOT NULL,"
    " PRIMARY KEY(game, seq));",
};
/* The first schema with schema_sum. */
#define SCHEMA_SUMMED 2
#define SCHEMA_VERSION ((int)(sizeof migrations / sizeof migrations[0]))

static const char *const stmt_sql[GG__ST_COUNT] = {
#define GG__STMT_SQL(name, sql) sql,
    GG__STORE_STMTS(GG__STMT_SQL)
#undef GG__STMT_SQL
};

/* ---- small helpers ---------------------------------------------------- */

int64_t gg__u64_to_i64(uint64_t v)
{
    return v <= INT64_MAX ? (int64_t)v : (int64_t)(v - 9223372036854775808u) - INT64_MAX - 1;
}

uint64_t gg__i64_to_u64(int64_t v)
{
    return (uint64_t)v; /* well defined: reduction modulo 2^64 */
}

int gg__store_msg(gg_store *s, int code, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(s->msg, sizeof s->msg, fmt, ap);
    va_end(ap);
    return code;
}

int gg__store_error(gg_store *s, int rc, const char *what)
{
    const char *detail = s->db ? sqlite3_errmsg(s->db) : sqlite3_errstr(rc);
    const char *advice;
    int code;
    switch (rc & 0xff) {
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB:
        code = GG_ESTORAGE_CORRUPT;
        advice = "games.db is damaged or is not a gg-server database. Stop the server and "
                 "restore the data directory from a backup, or move games.db* aside to start "
                 "with an empty store (its games are then lost).";
        break;
    case SQLITE_FULL:
        code = GG_ESTORAGE_IO;
        advice = "The disk holding the data directory is full: free space. The failed group "
                 "was rolled back; its commands must not be acknowledged.";
        break;
    case SQLITE_IOERR:
        code = GG_ESTORAGE_IO;
        advice = "A disk I/O error occurred; whether the last group reached the disk is "
                 "unknown. Stop the server, check the disk (dmesg), then restart it: recovery "
                 "replays whatever the journal holds.";
        break;
    case SQLITE_READONLY:
    case SQLITE_CANTOPEN:
    case SQLITE_PERM:
    case SQLITE_AUTH:
        code = s->opening ? GG_ESTORAGE_OPEN : GG_ESTORAGE_IO;
        advice = "Check that the data directory and games.db exist, belong to this user, "
                 "are writable and are not on a read-only filesystem.";
        break;
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
        code = s->opening ? GG_ESTORAGE_OPEN : GG_ESTORAGE_IO;
        advice = "Another process holds games.db locked: is another gg-server (or a sqlite3 "
                 "shell) using this data directory? Stop it or use another directory.";
        break;
    case SQLITE_NOMEM:
        code = GG_EINTERNAL;
        advice = "The server ran out of memory.";
        break;
    default:
        code = GG_EINTERNAL;
        advice = "This is a bug in gg-server; please report it with this message.";
        break;
    }
    snprintf(s->msg, sizeof s->msg, "%s failed in '%s': %s (%s, code %d). %s", what,
             s->dir ? s->dir : "?", detail, sqlite3_errstr(rc), rc, advice);
    return code;
}

/* Runs one statement (no parameters), discarding rows; returns an SQLite code. */
static int exec_sql(gg_store *s, const char *sql)
{
    return sqlite3_exec(s->db, sql, NULL, NULL, NULL);
}

/* Runs a one-row, one-column pragma and copies its text into out (may be
 * NULL). Returns an SQLite code (SQLITE_OK on success). */
static int pragma_text(gg_store *s, const char *sql, char *out, size_t cap)
{
    sqlite3_stmt *st = NULL;
    int rc = sqlite3_prepare_v2(s->db, sql, -1, &st, NULL);
    if (rc != SQLITE_OK)
        return rc;
    rc = sqlite3_step(st);
    if (out && cap) {
        out[0] = '\0';
        if (rc == SQLITE_ROW && sqlite3_column_text(st, 0))
            snprintf(out, cap, "%s", (const char *)sqlite3_column_text(st, 0));
    }
    if (rc == SQLITE_ROW || rc == SQLITE_DONE)
        rc = SQLITE_OK;
    int rc2 = sqlite3_finalize(st);
    return rc != SQLITE_OK ? rc : rc2;
}

static int pragma_int(gg_store *s, const char *sql, long long *v)
{
    char buf[32];
    int rc = pragma_text(s, sql, buf, sizeof buf);
    *v = rc == SQLITE_OK ? strtoll(buf, NULL, 10) : 0;
    return rc;
}

/* mkdir -p with mode 0700 for created components. */
static int make_dirs(gg_store *s, const char *dir)
{
    char *p = strdup(dir);
    if (!p)
        return gg__store_msg(s, GG_EINTERNAL, "out of memory");
    for (char *q = p + 1;; q++) {
        if (*q != '/' && *q != '\0')
            continue;
        char c = *q;
        *q = '\0';
        if (mkdir(p, 0700) != 0 && errno != EEXIST) {
            int e = errno;
            gg__store_msg(s, GG_ESTORAGE_OPEN,
                          "cannot create data directory '%s' (at '%s'): %s. Choose a writable "
                          "directory or create it yourself.",
                          dir, p, strerror(e));
            free(p);
            return GG_ESTORAGE_OPEN;
        }
        *q = c;
        if (c == '\0')
            break;
    }
    free(p);
    struct stat st;
    if (stat(dir, &st) != 0 || !S_ISDIR(st.st_mode))
        return gg__store_msg(s, GG_ESTORAGE_OPEN,
                             "data directory '%s' is not a directory (%s). Choose another path.",
                             dir, errno ? strerror(errno) : "exists as a file");
    return 0;
}

/* Creates the schema or upgrades it to SCHEMA_VERSION. */
static int migrate(gg_store *s)
{
    long long version, app_id, tables;
    int rc = pragma_int(s, "PRAGMA user_version", &version);
    if (rc == SQLITE_OK)
        rc = pragma_int(s, "PRAGMA application_id", &app_id);
    if (rc == SQLITE_OK)
        rc = pragma_int(s, "SELECT count(*) FROM sqlite_schema", &tables);
    if (rc != SQLITE_OK)
        return gg__store_error(s, rc, "reading the schema version");
    if (app_id != 0 && app_id != GG_STORE_APP_ID)
        return gg__store_msg(s, GG_ESTORAGE_OPEN,
                             "'%s/games.db' belongs to another application (application_id "
                             "0x%llx). Use another data directory.",
                             s->dir, (unsigned long long)app_id);
    if (version == 0 && tables != 0)
        return gg__store_msg(s, GG_ESTORAGE_OPEN,
                             "'%s/games.db' holds tables but no gg-server schema. Use another "
                             "data directory.",
                             s->dir);
    if (version > SCHEMA_VERSION)
        return gg__store_msg(s, GG_ESTORAGE_OPEN,
                             "'%s/games.db' was written by a newer gg-server (schema %lld; this "
                             "build knows up to %d). Upgrade gg-server.",
                             s->dir, version, SCHEMA_VERSION);
    for (int v = (int)version; v < SCHEMA_VERSION; v++) {
        char set[96];
        snprintf(set, sizeof set, "PRAGMA user_version = %d; PRAGMA application_id = %d;", v + 1,
                 GG_STORE_APP_ID);
        rc = exec_sql(s, "BEGIN IMMEDIATE");
        if (rc == SQLITE_OK)
            rc = exec_sql(s, migrations[v]);
        if (rc == SQLITE_OK)
            rc = exec_sql(s, set);
        if (rc == SQLITE_OK && v + 1 >= SCHEMA_SUMMED)
            rc = gg__store_schema_sum_put(s);
        if (rc == SQLITE_OK)
            rc = exec_sql(s, "COMMIT");
        if (rc != SQLITE_OK) {
            int code = gg__store_error(s, rc, "creating/upgrading the schema");
            if (!sqlite3_get_autocommit(s->db))
                exec_sql(s, "ROLLBACK");
            return code;
        }
    }
    return 0;
}

static int prepare_all(gg_store *s)
{
    for (int i = 0; i < GG__ST_COUNT; i++) {
        int rc =
            sqlite3_prepare_v3(s->db, stmt_sql[i], -1, SQLITE_PREPARE_PERSISTENT, &s->st[i], NULL);
        if (rc != SQLITE_OK)
            return gg__store_error(s, rc, "preparing statements");
    }
    return 0;
}

/* gg_store_open_reader's open: read-only, no lock file, no migration; a
 * schema other than ours fails when the statements are prepared. */
static int open_reader_db(gg_store *s)
{
    size_t n = strlen(s->dir) + sizeof "/games.db";
    char *path = malloc(n);
    if (!path)
        return gg__store_msg(s, GG_EINTERNAL, "out of memory");
    snprintf(path, n, "%s/games.db", s->dir);
    struct stat sb;
    if (stat(path, &sb) != 0) {
        free(path);
        return gg__store_msg(s, GG_ESTORAGE_OPEN, "'%s/games.db' does not exist: %s", s->dir,
                             strerror(errno));
    }
    gg__store_pcache_install();
    int rc = sqlite3_open_v2(
        path, &s->db, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_EXRESCODE, NULL);
    free(path);
    if (rc != SQLITE_OK)
        return gg__store_error(s, rc, "opening games.db read-only");
    sqlite3_extended_result_codes(s->db, 1);
    sqlite3_busy_timeout(s->db, 5000);
    rc = gg__store_register_sum(s);
    if (rc)
        return rc;
    long long version;
    rc = pragma_int(s, "PRAGMA user_version", &version);
    if (rc != SQLITE_OK)
        return gg__store_error(s, rc, "reading the schema version");
    if (version != SCHEMA_VERSION)
        return gg__store_msg(s, GG_ESTORAGE_OPEN,
                             "'%s/games.db' has schema %lld; this gg-server reads schema %d. %s",
                             s->dir, version, SCHEMA_VERSION,
                             version < SCHEMA_VERSION
                                 ? "Start this gg-server on the directory once: it upgrades the "
                                   "journal (checksums, snapshots), then list/export work."
                                 : "Use the newer gg-server that wrote it.");
    rc = gg__store_schema_sum_check(s);
    return rc ? rc : prepare_all(s);
}

/* The single-writer lock: flock on dir/games.db-lock, held for the life of
 * the handle (the kernel drops it when the process dies). SQLite itself
 * runs in NORMAL locking mode so readers (gg-server export/list) can
 * share the WAL while the server writes. */
static int take_writer_lock(gg_store *s)
{
    size_t n = strlen(s->dir) + sizeof "/games.db-lock";
    char *path = malloc(n);
    if (!path)
        return gg__store_msg(s, GG_EINTERNAL, "out of memory");
    snprintf(path, n, "%s/games.db-lock", s->dir);
    s->lock_fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
    free(path);
    if (s->lock_fd < 0)
        return gg__store_msg(s, GG_ESTORAGE_OPEN,
                             "cannot open '%s/games.db-lock': %s. Make the directory writable "
                             "by this user.",
                             s->dir, strerror(errno));
    if (flock(s->lock_fd, LOCK_EX | LOCK_NB) != 0)
        return gg__store_msg(s, GG_ESTORAGE_OPEN,
                             "'%s/games.db' is locked: another gg-server is using this data "
                             "directory (%s). Stop it, or use another --data directory.",
                             s->dir, strerror(errno));
    return 0;
}

/* Everything gg_store_create does after allocating the handle. */
static int open_db(gg_store *s)
{
    if (s->readonly)
        return open_reader_db(s);
    int rc = make_dirs(s, s->dir);
    if (rc)
        return rc;
    rc = take_writer_lock(s);
    if (rc)
        return rc;
    size_t n = strlen(s->dir) + sizeof "/games.db";
    char *path = malloc(n);
    if (!path)
        return gg__store_msg(s, GG_EINTERNAL, "out of memory");
    snprintf(path, n, "%s/games.db", s->dir);
    gg__store_pcache_install();
    rc = sqlite3_open_v2(path, &s->db,
                         SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX |
                             SQLITE_OPEN_EXRESCODE,
                         NULL);
    free(path);
    if (rc != SQLITE_OK)
        return gg__store_error(s, rc, "opening games.db");
    sqlite3_extended_result_codes(s->db, 1);
    rc = gg__store_register_sum(s);
    if (rc)
        return rc;
    if (sqlite3_db_readonly(s->db, "main") == 1)
        return gg__store_msg(s, GG_ESTORAGE_OPEN,
                             "'%s/games.db' can only be opened read-only. Make it and its "
                             "directory writable by this user.",
                             s->dir);
    /* WAL with NORMAL locking: the writer lock (games.db-lock) keeps a second
     * writer out, and readers share the WAL index (-shm file). */
    char mode[16];
    rc = pragma_text(s, "PRAGMA journal_mode = WAL", mode, sizeof mode);
    if (rc != SQLITE_OK)
        return gg__store_error(s, rc, "switching games.db to WAL mode");
    if (strcmp(mode, "wal") != 0)
        return gg__store_msg(s, GG_ESTORAGE_OPEN,
                             "'%s/games.db' could not be put in WAL mode (got '%s'). Is the "
                             "filesystem read-only or a network filesystem?",
                             s->dir, mode);
    /* synchronous=FULL: each COMMIT fsyncs the WAL, so a committed group
     * survives power loss, not only a process crash (NORMAL would not). */
    /* cache_size: the journal is clustered by (game, seq), so each live
     * game appends on a page of its own; with thousands of games a page
     * cache smaller than those pages misses on nearly every append (a read
     * of the page back from the WAL or the file). The cache only grows
     * that far with that many games (about 4 KiB a game). wal_autocheckpoint:
     * a checkpoint (two fsyncs) runs on the committing thread, the loop's;
     * every 4,096 pages (16 MiB) instead of 1,000 it runs a quarter as
     * often and copies hot pages once for several commits. */
    rc = exec_sql(s, "PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON;"
                     " PRAGMA journal_size_limit = 67108864; PRAGMA cache_size = -65536;"
                     " PRAGMA wal_autocheckpoint = 4096;");
    if (rc != SQLITE_OK)
        return gg__store_error(s, rc, "configuring games.db");
    /* Take the write lock now (an empty write transaction), so a second
     * server fails here rather than at its first command. */
    rc = exec_sql(s, "BEGIN IMMEDIATE; COMMIT;");
    if (rc != SQLITE_OK) {
        int code = gg__store_error(s, rc, "locking games.db");
        if (!sqlite3_get_autocommit(s->db))
            exec_sql(s, "ROLLBACK");
        return code;
    }
    char check[512];
    rc = pragma_text(s, "PRAGMA quick_check(1)", check, sizeof check);
    if (rc != SQLITE_OK)
        return gg__store_error(s, rc, "checking games.db (quick_check)");
    if (strcmp(check, "ok") != 0)
        return gg__store_msg(s, GG_ESTORAGE_CORRUPT,
                             "'%s/games.db' failed its integrity check: %s. Stop the server and "
                             "restore the data directory from a backup, or move games.db* aside "
                             "to start with an empty store.",
                             s->dir, check);
    rc = migrate(s);
    if (rc == 0)
        rc = gg__store_schema_sum_check(s);
    if (rc)
        return rc;
    return prepare_all(s);
}

int gg_store_cache_pages(gg_store *s, int pages)
{
    if (pages < 1)
        pages = 1;
    char sql[64];
    snprintf(sql, sizeof sql, "PRAGMA cache_size = %d", pages);
    int rc = exec_sql(s, sql);
    long long now = 0;
    if (rc == SQLITE_OK)
        rc = pragma_int(s, "PRAGMA cache_size", &now);
    return rc == SQLITE_OK ? (int)now : gg__store_error(s, rc, "setting the page cache's size");
}

long long gg_store_mem_used(void)
{
    return (long long)sqlite3_memory_used();
}

static int store_open(const char *dir, int readonly, gg_store **out, char *err, size_t errlen);

int gg_store_create(const char *dir, gg_store **out, char *err, size_t errlen)
{
    return store_open(dir, 0, out, err, errlen);
}

int gg_store_open_reader(const char *dir, gg_store **out, char *err, size_t errlen)
{
    return store_open(dir, 1, out, err, errlen);
}

static int store_open(const char *dir, int readonly, gg_store **out, char *err, size_t errlen)
{
    *out = NULL;
    if (err && errlen)
        err[0] = '\0';
    gg_store *s = calloc(1, sizeof *s);
    if (!s || !dir || !*dir || !(s->dir = strdup(dir))) {
        if (err && errlen)
            snprintf(err, errlen, "%s", s ? "empty data directory path" : "");
        free(s);
        return s ? GG_ESTORAGE_OPEN : GG_EINTERNAL;
    }
    s->lock_fd = -1;
    s->readonly = readonly;
    s->wal_fd = -1;
    s->opening = 1;
    int rc = open_db(s);
    s->opening = 0;
    if (rc) {
        if (err && errlen)
            snprintf(err, errlen, "%s", s->msg);
        gg_store_destroy(s);
        return rc;
    }
    s->msg[0] = '\0';
    *out = s;
    return 0;
}

void gg_store_destroy(gg_store *s)
{
    if (!s)
        return;
    gg__store_ckpt_close(s); /* its connection first: the writer's close checkpoints */
    if (s->db && !sqlite3_get_autocommit(s->db))
        exec_sql(s, "ROLLBACK");
    for (int i = 0; i < GG__ST_COUNT; i++)
        sqlite3_finalize(s->st[i]);
    sqlite3_close(s->db); /* all statements are finalized, so this closes */
    if (s->lock_fd >= 0)
        close(s->lock_fd); /* releases the writer lock */
    gg__store_sync_close(s);
    free(s->dir);
    free(s);
}

const char *gg_store_errmsg(const gg_store *s)
{
    return s ? s->msg : "no store (gg_store_create failed; see its message)";
}

/* ---- groups ------------------------------------------------------------ */

/* Steps a cached statement once, resets it, and returns the step's code. */
static int run(gg_store *s, enum gg__store_stmt which)
{
    sqlite3_stmt *st = s->st[which];
    int rc = sqlite3_step(st);
    sqlite3_reset(st);
    return rc;
}

/* The open group failed with SQLite code rc during `what`: roll it all
 * back, remember the error for the next commit, and maybe fail the store. */
static int group_fail(gg_store *s, int rc, const char *what)
{
    int code = gg__store_error(s, rc, what);
    if (!sqlite3_get_autocommit(s->db) && run(s, GG__ST_ROLLBACK) != SQLITE_DONE)
        s->failed = GG_ESTORAGE_IO; /* cannot even roll back: stop writing */
    s->in_group = 0;
    s->group_err = code;
    if ((rc & 0xff) == SQLITE_IOERR || code == GG_ESTORAGE_CORRUPT)
        s->failed = code;
    return code;
}

/* Entry check for every write: opens the group if needed. */
int gg__store_write_begin(gg_store *s)
{
    if (s->reading)
        return gg__store_msg(s, GG_EINTERNAL, "a store write was called from a read callback");
    if (s->readonly)
        return gg__store_msg(s, GG_EINTERNAL, "a store write on a read-only handle");
    if (s->failed)
        return s->failed; /* s->msg still explains the first failure */
    if (s->group_err)
        return s->group_err;
    if (!s->in_group) {
        int rc = run(s, GG__ST_BEGIN);
        if (rc != SQLITE_DONE)
            return group_fail(s, rc, "starting a group");
        s->in_group = 1;
    }
    return 0;
}

/* Classifies a failed write statement: constraint failures reject just this
 * call (the statement was undone, the group lives on); anything else loses
 * the group. */
int gg__store_write_fail(gg_store *s, int rc, const char *what)
{
    switch (rc) {
    case SQLITE_CONSTRAINT_FOREIGNKEY:
        return gg__store_msg(s, GG_ENOT_FOUND, "%s: no such game in the store", what);
    case SQLITE_CONSTRAINT_TRIGGER:
        return gg__store_msg(s, GG_EGAME_OVER, "%s: the game is finished", what);
    case SQLITE_CONSTRAINT_PRIMARYKEY:
        return gg__store_msg(s, GG_EINTERNAL,
                             "%s: that sequence number is already in the game's journal "
                             "(a server bug: seq must be unique per game)",
                             what);
    default:
        if ((rc & 0xff) == SQLITE_CONSTRAINT) {
            gg__store_error(s, rc, what);
            return GG_EINTERNAL;
        }
        return group_fail(s, rc, what);
    }
}

int gg_store_commit(gg_store *s)
{
    if (s->failed)
        return s->failed;
    if (s->group_err) {
        int code = s->group_err;
        s->group_err = 0; /* reported once; the next write starts afresh */
        return code;
    }
    if (!s->in_group)
        return 0;
    int rc = run(s, GG__ST_COMMIT);
    if (rc == SQLITE_DONE) {
        s->in_group = 0;
        gg__store_ckpt_after_commit(s);
        return 0;
    }
    int code = group_fail(s, rc, "committing a group");
    s->group_err = 0;
    return code;
}

/* ---- writes ------------------------------------------------------------ */

static void bind_blob(sqlite3_stmt *st, int i, const void *p, size_t n)
{
    /* A NULL pointer would bind SQL NULL; an empty blob is what we mean. */
    if (n == 0)
        sqlite3_bind_zeroblob(st, i, 0);
    else
        sqlite3_bind_blob(st, i, p, (int)n, SQLITE_STATIC);
}

static int str_ok(const char *p, size_t cap, size_t min)
{
    size_t n = strnlen(p, cap);
    return n < cap && n >= min;
}

int gg_store_create_game(gg_store *s, const gg_game_meta *m, int64_t *game_id)
{
    if (!str_ok(m->scenario, sizeof m->scenario, 1) || m->options_len > GG_STORE_OPTIONS_MAX)
        return gg__store_msg(s, GG_EBAD_OPTION,
                             "create_game: scenario must be 1..%d bytes and options at most %d",
                             GG_STORE_SCENARIO_MAX - 1, GG_STORE_OPTIONS_MAX);
    for (int i = 0; i < GG_STORE_NCODES; i++)
        if (!str_ok(m->codes[i], sizeof m->codes[i], 0))
            return gg__store_msg(s, GG_EBAD_OPTION, "create_game: join code %d not terminated", i);
    int rc = gg__store_write_begin(s);
    if (rc)
        return rc;
    sqlite3_stmt *st = s->st[GG__ST_CREATE_GAME];
    sqlite3_bind_text(st, 1, m->scenario, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 2, gg__u64_to_i64(m->seed));
    bind_blob(st, 3, m->options, m->options_len);
    for (int i = 0; i < GG_STORE_NCODES; i++)
        sqlite3_bind_text(st, 4 + i, m->codes[i], -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 10, m->created_ms);
    rc = run(s, GG__ST_CREATE_GAME);
    if (rc != SQLITE_DONE)
        return gg__store_write_fail(s, rc, "create_game");
    *game_id = sqlite3_last_insert_rowid(s->db);
    return 0;
}

int gg_store_append(gg_store *s, int64_t game, uint32_t seq, int kind, const void *payload,
                    size_t len)
{
    if (len > GG_MAX_MESSAGE)
        return gg__store_msg(s, GG_EMSG_TOO_BIG, "append: payload of %zu bytes exceeds %d", len,
                             GG_MAX_MESSAGE);
    int rc = gg__store_write_begin(s);
    if (rc)
        return rc;
    sqlite3_stmt *st = s->st[GG__ST_APPEND];
    sqlite3_bind_int64(st, 1, game);
    sqlite3_bind_int64(st, 2, seq);
    sqlite3_bind_int(st, 3, kind);
    bind_blob(st, 4, payload, len);
    rc = run(s, GG__ST_APPEND);
    return rc == SQLITE_DONE ? 0 : gg__store_write_fail(s, rc, "append");
}

int gg_store_turn_hash(gg_store *s, int64_t game, int turn, uint64_t hash)
{
    int rc = gg__store_write_begin(s);
    if (rc)
        return rc;
    sqlite3_stmt *st = s->st[GG__ST_HASH_PUT];
    sqlite3_bind_int64(st, 1, game);
    sqlite3_bind_int(st, 2, turn);
    sqlite3_bind_int64(st, 3, gg__u64_to_i64(hash));
    rc = run(s, GG__ST_HASH_PUT);
    if (rc != SQLITE_DONE)
        return gg__store_write_fail(s, rc, "turn_hash");
    if (sqlite3_changes(s->db) == 1)
        return 0;
    /* Already stored: the same hash again is fine, a different one is not. */
    st = s->st[GG__ST_HASH_GET];
    sqlite3_bind_int64(st, 1, game);
    sqlite3_bind_int(st, 2, turn);
    rc = sqlite3_step(st);
    uint64_t old = rc == SQLITE_ROW ? gg__i64_to_u64(sqlite3_column_int64(st, 0)) : 0;
    sqlite3_reset(st);
    if (rc != SQLITE_ROW)
        return gg__store_write_fail(s, rc, "turn_hash");
    if (old == hash)
        return 0;
    return gg__store_msg(s, GG_EREPLAY_DIVERGED,
                         "turn_hash: game %lld turn %d already has hash %016llx, now %016llx: "
                         "the rules engine is not deterministic",
                         (long long)game, turn, (unsigned long long)old, (unsigned long long)hash);
}

int gg_store_set_deadline(gg_store *s, int64_t game, int phase, int64_t deadline_ms)
{
    int rc = gg__store_write_begin(s);
    if (rc)
        return rc;
    sqlite3_stmt *st = s->st[GG__ST_DEADLINE];
    sqlite3_bind_int64(st, 1, game);
    sqlite3_bind_int(st, 2, phase);
    sqlite3_bind_int64(st, 3, deadline_ms > 0 ? deadline_ms : 0);
    rc = run(s, GG__ST_DEADLINE);
    if (rc != SQLITE_DONE)
        return gg__store_write_fail(s, rc, "set_deadline");
    if (sqlite3_changes(s->db) == 0)
        return gg__store_msg(s, GG_ENOT_FOUND, "set_deadline: no game %lld in the store",
                             (long long)game);
    return 0;
}

int gg_store_finish_game(gg_store *s, int64_t game, int64_t finished_ms, const void *result,
                         size_t len)
{
    if (len > GG_MAX_MESSAGE)
        return gg__store_msg(s, GG_EMSG_TOO_BIG, "finish_game: result of %zu bytes exceeds %d", len,
                             GG_MAX_MESSAGE);
    int rc = gg__store_write_begin(s);
    if (rc)
        return rc;
    sqlite3_stmt *st = s->st[GG__ST_FINISH];
    sqlite3_bind_int64(st, 1, game);
    sqlite3_bind_int64(st, 2, finished_ms);
    bind_blob(st, 3, result, len);
    rc = run(s, GG__ST_FINISH);
    if (rc != SQLITE_DONE)
        return gg__store_write_fail(s, rc, "finish_game");
    if (sqlite3_changes(s->db) == 1)
        return gg__store_prune_snapshots(s, game, 1);
    st = s->st[GG__ST_GAME_STATE];
    sqlite3_bind_int64(st, 1, game);
    rc = sqlite3_step(st);
    sqlite3_reset(st);
    if (rc == SQLITE_ROW)
        return gg__store_msg(s, GG_EGAME_OVER, "finish_game: game %lld is already finished",
                             (long long)game);
    if (rc == SQLITE_DONE)
        return gg__store_msg(s, GG_ENOT_FOUND, "finish_game: no game %lld in the store",
                             (long long)game);
    return gg__store_write_fail(s, rc, "finish_game");
}

#ifdef GG_TEST_HOOKS
int gg_store_test_limit_pages(gg_store *s, int extra_pages)
{
    long long pages;
    int rc = pragma_int(s, "PRAGMA page_count", &pages);
    if (rc != SQLITE_OK)
        return gg__store_error(s, rc, "test hook");
    char sql[64];
    snprintf(sql, sizeof sql, "PRAGMA max_page_count = %lld", pages + extra_pages);
    rc = pragma_text(s, sql, NULL, 0);
    return rc == SQLITE_OK ? 0 : gg__store_error(s, rc, "test hook");
}
#endif
