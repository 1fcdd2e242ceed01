/* store/store.h — gg-server's persistence: a crash-proof game journal in
 * SQLite (library gg_store; include as "store/store.h").
 *
 * One store is one directory holding games.db (plus games.db-wal while it is
 * open). It keeps, per game: the metadata (scenario, seed, options, join
 * codes, creation time), an append-only journal of every ACCEPTED command
 * (seq, kind, opaque payload), the state hash after every resolved turn, the
 * current phase deadline, and the result once finished.
 *
 * Integrity (schema v2). Every row carries a 64-bit checksum of its values
 * and key (checksum.c); reads verify them: gg_store_load and the exports
 * fail with GG_ESTORAGE_CORRUPT naming the game and the record (seq) or
 * turn whose checksum fails, and a summary marks a games row that fails
 * its own (`damaged`). A v1 journal (no checksums) is upgraded when
 * gg_store_create opens it: its rows are checksummed as they are then.
 *
 * Snapshots (schema v3). After each resolved turn gg-server stores a
 * snapshot of the game (gg_store_put_snapshot) so recovery replays only
 * the records after it; see "snapshots" below. A v2 journal gets the
 * (empty) table when gg_store_create opens it.
 *
 * Durability contract (group commit). Every write (create_game, append,
 * turn_hash, set_deadline, finish_game) joins the open GROUP: one SQLite
 * transaction begun by the first write after a commit. Nothing in the group
 * is durable until gg_store_commit() returns 0; after that, every write made
 * before it survives a process crash AND an OS crash or power loss (WAL with
 * synchronous=FULL: the commit fsyncs the WAL). The server therefore appends
 * the commands accepted during one loop iteration, calls gg_store_commit()
 * once, and only then sends their acknowledgements.
 *
 * A group is all-or-nothing. If a write or the commit fails with a storage
 * error (GG_ESTORAGE_IO / GG_ESTORAGE_CORRUPT), the WHOLE group is rolled
 * back, every further write in that group fails fast with the same error
 * without touching the disk, and the next gg_store_commit() returns that
 * error once and ends the group (the write after it starts a fresh group).
 * The caller must then treat every command of the failed group as never
 * accepted: send no acknowledgements for them, reload or suspend the
 * affected games (their in-memory state ran ahead of the journal), and
 * refuse new games until a commit succeeds again. A disk-full group can be
 * retried once space is freed. An I/O error whose outcome is unknown (a
 * failed fsync: the group may or may not be on disk) makes the store FAILED:
 * every later write returns GG_ESTORAGE_IO until the store is closed and
 * reopened, and reopening (recovery) is what decides what the journal holds.
 *
 * Rejections that are the caller's mistake (unknown game, duplicate seq,
 * writing to a finished game, oversized payload) reject only that call and
 * leave the group intact.
 *
 * Every function returns 0 or a negative code from gg/errors.h and, on
 * error, leaves a message for humans in gg_store_errmsg(). A store is used
 * from one thread. Read callbacks must not call back into the store.
 */
#ifndef GG_STORE_STORE_H
#define GG_STORE_STORE_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "gg/game.h"
#include "gg/limits.h"

typedef struct gg_store gg_store;

/* Join code slots in gg_game_meta.codes. */
enum { GG_CODE_MODERATOR = 0, GG_CODE_OBSERVER = 1, GG_CODE_SEAT0 = 2 /* ..5 = seat 3 */ };

/* What a game is created with. Strings are NUL-terminated within their
 * buffers; scenario is 1..31 bytes; codes may be empty (""). */
typedef struct gg_game_meta {
    char scenario[GG_STORE_SCENARIO_MAX];
    uint64_t seed;
    uint8_t options[GG_STORE_OPTIONS_MAX];
    uint32_t options_len; /* 0..GG_STORE_OPTIONS_MAX */
    char codes[GG_STORE_NCODES][GG_STORE_CODE_MAX];
    int64_t created_ms;
} gg_game_meta;

/* Bytes of a quarantine reason, including the NUL. */
#define GG_STORE_QUARANTINE_MAX 256

/* One game as listed (gg_store_list, gg_store_get_summary). */
typedef struct gg_game_summary {
    int64_t id;
    char scenario[GG_STORE_SCENARIO_MAX];
    uint64_t seed;
    int64_t created_ms;
    int finished;        /* 1 once gg_store_finish_game() was committed (or is in the group) */
    int64_t finished_ms; /* 0 unless finished */
    uint32_t n_records;  /* journal records */
    uint32_t last_seq;   /* highest seq, 0 if no records */
    uint32_t n_hashes;   /* stored turn hashes */
    int last_turn;       /* highest turn with a hash, 0 if none */
    int deadline_phase;  /* as last set; 0 if never set */
    int64_t deadline_ms; /* 0 = no pending deadline */
    /* 1 when the games row fails its checksums or holds out-of-range
     * values: every other field (finished included) is then untrusted. */
    int damaged;
    /* "" unless the game was quarantined (gg_store_quarantine): the reason. */
    char quarantine[GG_STORE_QUARANTINE_MAX];
} gg_game_summary;

/* Opens (creating if needed) the store in directory `dir`: mkdir -p dir
 * (mode 0700: join codes are secrets), open dir/games.db, take an
 * exclusive flock on dir/games.db-lock (a second writer, e.g. a second
 * gg-server on the same directory, gets GG_ESTORAGE_OPEN; readers from
 * gg_store_open_reader are not blocked), WAL mode with synchronous=FULL,
 * create or migrate the schema (PRAGMA user_version), and run
 * PRAGMA quick_check (a full read of the file).
 * On success stores the handle in *out and returns 0. On failure *out is
 * NULL, and the return is GG_ESTORAGE_OPEN (cannot create/open/lock/write,
 * a newer schema, not our database), GG_ESTORAGE_CORRUPT (damaged file) or
 * GG_EINTERNAL (out of memory), with a message saying what to do in `err`
 * (if not NULL; 256+ bytes recommended). */
int gg_store_create(const char *dir, gg_store **out, char *err, size_t errlen);

/* Opens an existing store read-only, for gg-server list/export: works
 * while a server writes the same directory (it does not take games.db-lock;
 * SQLite's WAL gives it a consistent snapshot per read). No migration, no
 * integrity check; every write returns GG_EINTERNAL. Returns 0 or
 * GG_ESTORAGE_OPEN / GG_ESTORAGE_CORRUPT / GG_EINTERNAL with a message in
 * `err`, as gg_store_create. */
int gg_store_open_reader(const char *dir, gg_store **out, char *err, size_t errlen);

/* Closes the store. It NEVER commits: an open group is rolled back, exactly
 * as if the process had died (call gg_store_commit() first to keep it).
 * NULL is a no-op. */
void gg_store_destroy(gg_store *s);

/* The last error's message: what failed, SQLite's own text, and what to do.
 * "" if nothing failed yet. Valid until the next call on the store. */
const char *gg_store_errmsg(const gg_store *s);

/* Sets the writer's page cache to at most `pages` pages of games.db (at
 * least 1; the store opens with 64 MiB). Lowering it frees the pages past
 * the new size that no statement holds. Returns the size now, in pages, or a
 * negative code. */
int gg_store_cache_pages(gg_store *s, int pages);

/* Bytes SQLite holds on the heap right now, page cache and statements
 * included (all stores of the process together). */
long long gg_store_mem_used(void);

/* ---- writes: all join the open group ---------------------------------- */

/* Creates a game and stores its id in *game_id (ids are positive and
 * increasing). Returns 0, GG_EBAD_OPTION if a meta field is out of range,
 * or a storage error. Durable only after the next successful commit; if
 * that commit fails the id may be handed out again. */
int gg_store_create_game(gg_store *s, const gg_game_meta *m, int64_t *game_id);

/* Appends one accepted command to a game's journal. seq must be unique
 * within the game (load returns records in seq order); kind is the
 * server's; payload is copied (len <= GG_MAX_MESSAGE; NULL ok when len is
 * 0). Returns 0, GG_ENOT_FOUND (no such game), GG_EGAME_OVER (finished
 * game), GG_EMSG_TOO_BIG, GG_EINTERNAL (seq already used: a server bug),
 * or a storage error (the group is lost, see above). */
int gg_store_append(gg_store *s, int64_t game, uint32_t seq, int kind, const void *payload,
                    size_t len);

/* Records the state hash after `turn` was resolved. Storing the same hash
 * for a turn again is a no-op returning 0; a DIFFERENT hash for a turn
 * already stored returns GG_EREPLAY_DIVERGED (the engine is not
 * deterministic). Also GG_ENOT_FOUND, GG_EGAME_OVER, storage errors. */
int gg_store_turn_hash(gg_store *s, int64_t game, int turn, uint64_t hash);

/* Sets the game's current phase and its deadline (milliseconds since the
 * epoch, the server's clock; deadline_ms <= 0 means no deadline) so timers
 * can resume after a restart. Returns 0, GG_ENOT_FOUND or a storage error. */
int gg_store_set_deadline(gg_store *s, int64_t game, int phase, int64_t deadline_ms);

/* Marks the game finished at finished_ms with an opaque result (copied,
 * len <= GG_MAX_MESSAGE) and clears its deadline. Later appends and hashes
 * for it return GG_EGAME_OVER. Returns 0, GG_ENOT_FOUND, GG_EGAME_OVER
 * (already finished), GG_EMSG_TOO_BIG or a storage error. */
int gg_store_finish_game(gg_store *s, int64_t game, int64_t finished_ms, const void *result,
                         size_t len);

/* Sets a game aside: records (game, reason, at_ms) in the quarantine list
 * (replacing an earlier reason), which gg_store_list reports in
 * summary.quarantine. Nothing of the game is changed or deleted; there is
 * no foreign key (the games row may be the damaged part). reason is cut to
 * GG_STORE_QUARANTINE_MAX - 1 bytes. Joins the open group. Returns 0 or a
 * storage error. */
int gg_store_quarantine(gg_store *s, int64_t game, const char *reason, int64_t at_ms);

/* Commits the open group (a no-op returning 0 when there is none). After it
 * returns 0 every write made before it is durable. On failure returns the
 * group's storage error (the group is rolled back and reported once, see
 * the contract at the top) with details in gg_store_errmsg(). */
int gg_store_commit(gg_store *s);

/* ---- deferred sync (a commit thread) ----------------------------------- */

/* Switches the store to deferred sync: from now on gg_store_commit() writes
 * the group to the WAL without waiting for the disk (SQLite
 * synchronous=NORMAL), and gg_store_sync() makes durable every group whose
 * commit returned before that gg_store_sync() began. A committed but not yet
 * synced group survives a process crash (the kernel holds it) but not power
 * loss, so a caller that promises durability against power loss
 * acknowledges a group only after a sync that started after its commit
 * returned 0 (gg-server --durability machine, the default). A caller may
 * instead acknowledge once the commit returned 0 (--durability process):
 * such an acknowledgement survives a crash of the process, and an OS crash
 * or power loss may lose every group committed since the last successful
 * sync — the caller bounds that window (gg-server: host.h,
 * GG_UNSYNCED_MAX_MS). SQLite stays consistent either way (checkpoints
 * still sync the WAL before copying it into games.db).
 * Returns 0, or GG_ESTORAGE_IO (the WAL cannot be opened for syncing; the
 * store keeps syncing on every commit) with a message in gg_store_errmsg. */
int gg_store_defer_sync(gg_store *s);

/* Whether writes were made since the last commit (an open group, or a
 * failed one still to be reported). */
int gg_store_group_open(const gg_store *s);

/* Makes every group committed before this call durable (fdatasync of the
 * WAL). The one store function that may run on another thread,
 * concurrently with every other call on the same store: it touches only its
 * own file descriptor. Returns 0 (also when the store is not in deferred
 * sync mode: commits are durable already) or GG_ESTORAGE_IO: the outcome of
 * the groups committed since the last successful sync is unknown, and the
 * caller must treat them as never acknowledged and stop writing (reopening
 * the store decides what the journal holds). A caller that acknowledged
 * some of them already (after the commit) cannot take that back: it must
 * say which acknowledgements may be lost (gg-server logs
 * event=acknowledged_not_durable), then stop writing as above. */
int gg_store_sync(gg_store *s);

/* ---- checkpoints on a thread of their own (store_ckpt.c) ---------------
 * SQLite copies the WAL back into games.db in checkpoints (two fsyncs and
 * the copying); by default the committing thread runs one every 1,000
 * pages, stalling it. gg_store_checkpointer_start moves them off the
 * writer: `wal_autocheckpoint` is off on the writer's connection, and a
 * thread of the store's own, on a second connection to games.db, runs
 * PASSIVE checkpoints (they never wait for the writer, nor it for them)
 * each time GG_STORE_CKPT_PAGES more pages were committed to the WAL. It
 * does not share gg_store_sync's thread: a sync never waits behind a
 * checkpoint.
 *
 * The bound: SQLite starts the WAL over from its first page only when a
 * write transaction begins with every frame already copied. A writer that
 * keeps a group open most of the time (a saturated server) may never give
 * a passive checkpoint that chance, so the WAL would grow without end. It
 * is bounded by GG_STORE_WAL_MAX_PAGES: from half of it on, the thread
 * runs a checkpoint as soon as the last one is done; and once a commit
 * leaves the WAL at GG_STORE_WAL_MAX_PAGES or more, that gg_store_commit
 * itself waits for the thread's checkpoint to end and runs one on the
 * writer (a STALL, counted: the copy of what the thread had not copied
 * yet, and its two fsyncs), after which the next write starts the WAL
 * over. Only a reader holding an old snapshot for long (gg-server export)
 * can keep the WAL above the limit; the stall is then retried every
 * GG_STORE_CKPT_PAGES / 4 pages. The WAL file keeps its largest size (at
 * most the limit plus one group) and is reused from its start.
 * A stall costs about the same whatever the limit (the thread's checkpoint
 * in flight and the rest); the limit sets how often one comes. At 64 MiB a
 * 10,000-game server stalled 27-43 times a run (up to 38 ms each, issue 17);
 * 256 MiB has a quarter of the stalls at the same writer CPU per commit
 * (bench-store --server-mix, BENCHMARKS.md session 10), for a WAL file of up
 * to ~270 MiB under sustained load and a longer WAL to read back after a
 * crash. A lightly loaded server never gets near it (the thread catches
 * up and the WAL restarts early). */
#define GG_STORE_CKPT_PAGES 2048     /* 8 MiB of 4 KiB pages */
#define GG_STORE_WAL_MAX_PAGES 65536 /* 256 MiB */

/* Starts the checkpoint thread (writer stores only, outside a group).
 * Returns 0, or GG_ESTORAGE_OPEN / GG_EINTERNAL with a message (the store
 * then keeps checkpointing on the committing thread, as before). Stopped
 * by gg_store_destroy. */
int gg_store_checkpointer_start(gg_store *s);

/* What the checkpoints did so far (all zero without the thread). */
typedef struct gg_store_ckpt_stats {
    int running;         /* the thread exists */
    uint64_t passive;    /* checkpoints run by the thread */
    uint64_t passive_ns; /* ... their total duration */
    uint64_t stalls;     /* checkpoints a commit ran at the limit */
    uint64_t stall_ns, stall_ns_max;
    uint64_t errors;        /* checkpoints that failed (logged by no one: see errmsg) */
    uint64_t restarts;      /* times the WAL started over */
    uint64_t commits;       /* commits since the thread started */
    uint64_t wal_frames;    /* WAL frames (one page + 24 bytes each) those commits wrote */
    uint32_t wal_pages;     /* pages in the WAL after the last commit */
    uint32_t wal_pages_max; /* the most ever */
    uint32_t backfilled;    /* pages of the WAL in games.db after the last checkpoint */
    char errmsg[256];       /* the last checkpoint error, "" if none */
} gg_store_ckpt_stats;

/* Fills *st (writer's thread). */
void gg_store_checkpoint_stats(gg_store *s, gg_store_ckpt_stats *st);

/* The page cache's truncations (store_pcache.c), process-wide: those
 * skipped because no cached page could be at or past the limit (the
 * whole-hash walk pcache1 would have done after a split's temporary
 * re-key), and those passed to SQLite. Returns 1 when the wrapper is
 * installed, 0 when SQLite kept its own cache as it was. */
int gg_store_pcache_stats(unsigned long long *skipped, unsigned long long *forwarded);

/* ---- reads: see committed data plus this store's own open group -------- */

/* Calls cb for every game (or only the unfinished ones when
 * unfinished_only), in increasing id order. cb returns 0 to continue; any
 * other value stops the listing and is returned. */
int gg_store_list(gg_store *s, int unfinished_only, int (*cb)(const gg_game_summary *g, void *ud),
                  void *ud);

/* Checks that every journal record and turn hash belongs to a game that
 * has a games row. Returns 0, or GG_ESTORAGE_CORRUPT with the first such
 * game id in *game (its games row was lost or damaged), or a read error. */
int gg_store_orphans(gg_store *s, int64_t *game);

/* Fills *out with one game's summary. Returns 0, GG_ENOT_FOUND or an error. */
int gg_store_get_summary(gg_store *s, int64_t game, gg_game_summary *out);

/* Loads one game for recovery: fills *m (if not NULL), then calls rec for
 * every journal record in seq order and hash for every turn hash in turn
 * order (either may be NULL). Returns 0, GG_ENOT_FOUND, the first non-zero
 * callback return, or GG_ESTORAGE_CORRUPT if a stored value is out of
 * range or a row fails its checksum (the message names the game and the
 * record's seq or the turn; records before it were already delivered). If
 * only the games row's meta checksum fails, *m is still filled with the
 * row as read (untrusted) and no callback is made. */
int gg_store_load(gg_store *s, int64_t game, gg_game_meta *m, gg_record_fn rec, gg_hash_fn hash,
                  void *ud);

/* As gg_store_load, but only the journal records with seq > after (-1:
 * all); *m and the turn hashes as gg_store_load. Recovery from a snapshot
 * reads the records it does not cover. */
int gg_store_load_after(gg_store *s, int64_t game, int64_t after, gg_game_meta *m, gg_record_fn rec,
                        gg_hash_fn hash, void *ud);

/* ---- snapshots (store_snap.c) -------------------------------------------
 * A snapshot is an opaque blob (up to GG_STORE_SNAPSHOT_MAX bytes) holding
 * a game as it is once journal record `seq` and everything before it are
 * applied, after turn `turn` resolved. It is a cache: the journal keeps
 * every record it covers. Each game keeps its newest
 * GG_STORE_SNAPSHOTS_KEPT, a finished game only its newest. */
#define GG_STORE_SNAPSHOTS_KEPT 2
#define GG_STORE_SNAPSHOT_MAX (2 * GG_MAX_MESSAGE)

/* Stores a snapshot of `game` (joins the open group; replaces one with the
 * same seq) and prunes the game's older ones. Allowed on a finished game
 * (its final state). Returns 0, GG_ENOT_FOUND, GG_EMSG_TOO_BIG (len 0 or
 * over the maximum) or a storage error. */
int gg_store_put_snapshot(gg_store *s, int64_t game, uint32_t seq, int turn, const void *data,
                          size_t len);

/* One snapshot as read, newest first. A row that fails its checksum (or
 * holds out-of-range values) is still reported, with data NULL and seq,
 * turn and len 0, so the caller can say so and try an older one. Return 0
 * to go on, anything else to stop (gg_store_snapshots returns it). */
typedef int (*gg_snapshot_fn)(uint32_t seq, int turn, const void *data, size_t len, void *ud);

/* Calls cb for each snapshot of `game`, newest (highest seq) first.
 * Returns 0 (also when there is none), cb's non-zero return, or a read
 * error. */
int gg_store_snapshots(gg_store *s, int64_t game, gg_snapshot_fn cb, void *ud);

/* Copies a finished game's result into buf (cap bytes) and its length into
 * *len. Returns 0, GG_ENOT_FOUND (no such game, or not finished) or
 * GG_EBUFFER_FULL (cap too small; *len says how much is needed). */
int gg_store_get_result(gg_store *s, int64_t game, void *buf, size_t cap, size_t *len);

/* Encodes the game (finished or not) as a replay file in memory, with
 * journal records not yet committed included: on success *buf / *len are
 * the file's bytes, owned by *w. Join codes are not included. Returns 0,
 * GG_ENOT_FOUND or an error. Always call gg_replay_writer_close(w)
 * afterwards. No file is touched (gg-server streams it to a client). */
int gg_store_encode_replay(gg_store *s, int64_t game, gg_replay_writer *w, const uint8_t **buf,
                           size_t *len);

/* Writes the game (finished or not) as a replay file at `path`, atomically
 * (temporary file + fsync + rename). Join codes are not included. Returns
 * 0, GG_ENOT_FOUND, GG_ESTORAGE_IO (cannot write path) or an error. */
int gg_store_export_replay(gg_store *s, int64_t game, const char *path);

/* As gg_store_export_replay, but writes the replay bytes to the open
 * stream f (e.g. stdout) and flushes it; *written is the byte count on
 * success, else 0. GG_ESTORAGE_IO if the write fails. */
int gg_store_export_to(gg_store *s, int64_t game, FILE *f, size_t *written);

#ifdef GG_TEST_HOOKS
/* Test builds only (GG_TEST_HOOKS; never in the production gg-server):
 * caps the database at its current size plus `extra_pages` pages (PRAGMA
 * max_page_count), so tests can provoke SQLITE_FULL ("disk full")
 * deterministically. Returns 0 or an error. */
int gg_store_test_limit_pages(gg_store *s, int extra_pages);
/* Test builds only: the `nth` next gg_store_sync() (counting from 1) fails
 * with GG_ESTORAGE_IO without syncing; while the file `hold_path` exists
 * (if not NULL), gg_store_sync() waits before syncing. */
void gg_store_test_sync_hooks(gg_store *s, int nth, const char *hold_path);
/* Test builds only: the checkpointer's thresholds in pages (0 keeps
 * GG_STORE_CKPT_PAGES / GG_STORE_WAL_MAX_PAGES), and while the file
 * `hold_path` exists (if not NULL) its thread runs no checkpoint. Call
 * before gg_store_checkpointer_start. */
void gg_store_test_ckpt_hooks(gg_store *s, int ckpt_pages, int max_pages, const char *hold_path);
#endif

/* ---- replay files ------------------------------------------------------ */

/* Writes `len` bytes to `path` atomically: a temporary file in the same
 * directory, fsync, rename over `path`, fsync of the directory. Either the
 * old file or the complete new one exists afterwards. Returns 0, or
 * GG_ESTORAGE_IO with a message in err (if err is not NULL). */
int gg_replay_write_file(const char *path, const uint8_t *buf, size_t len, char *err,
                         size_t errlen);

/* Reads the replay file at `path` (at most GG_REPLAY_MAX_FILE bytes) and
 * validates it with gg_replay_create_owned(). On success stores a heap
 * reader in *out (free it with gg_replay_destroy) and returns 0. Otherwise
 * *out is NULL and the return is GG_EREPLAY_FORMAT (bad file),
 * GG_ESTORAGE_OPEN (cannot read it) or GG_EINTERNAL (out of memory), with a
 * message in err if err is not NULL. */
int gg_replay_read_file(const char *path, gg_replay **out, char *err, size_t errlen);

#endif /* GG_STORE_STORE_H */
