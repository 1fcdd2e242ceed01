/* host.h — gg-server's game host: internal structures shared by server.c
 * (connections, sessions, lobby, journal, metrics), game.c (one hosted
 * game: streams, phases, deadlines, bots) and main.c.
 *
 * Threading: everything runs on one libuv loop, except commit.c's thread
 * (fdatasync of the journal's WAL) and the bot worker pool (bot_work.c).
 * Ownership: the host owns its games and sessions; a game owns its streams'
 * histories; a session is freed only after its connection closed AND no
 * outbox entry refers to it (host_session.queued; gg__host_release).
 *
 * Durability: every accepted game command is appended to the journal while
 * it is applied; replies and stream messages wait in the host's outbox
 * until the journal group of their loop iteration is committed (once per
 * iteration, outbox.c) and, under --durability machine (the default),
 * synced (commit.c's thread), so no acknowledgement ever leaves before its
 * command is durable: it survives power loss. Under --durability process a
 * reply leaves once its group is committed to the WAL (written to the
 * kernel: it survives a gg-server crash, not a machine crash) while the
 * commit thread keeps syncing behind it; the groups acknowledged before
 * their sync are bounded (GG_UNSYNCED_MAX_MS / _GROUPS: past either,
 * replies wait for the sync again), so a machine crash loses at most the
 * commands acknowledged in that window (commit.c).

 *
 * Names: functions shared between the host's files carry the gg__ prefix
 * (gg__host_*, gg__game_*; ENGINEERING.md), so the library exports nothing
 * unprefixed; the caller-owned host lives from gg__host_init to
 * gg__host_close, heap games from gg__game_create to gg__game_destroy.
 */
#ifndef GG_HOST_H
#define GG_HOST_H

#include <stdint.h>
#include <uv.h>

#include "bot_pool.h"
#include "gg/bots.h"
#include "gg/game.h"
#include "gg/limits.h"
#include "gg/protocol.h"
#include "gg/rules.h"
#include "host_config.h"
#include "net.h"
#include "secret.h"
#include "store/store.h"
#include "stream.h"
#include "host_limits.h"
#include "lobby_guard.h"

typedef struct host host;
typedef struct host_game host_game;
typedef struct host_session host_session;
typedef struct host_capture host_capture; /* history.c */
struct bot_job;
/* A message from a session, waiting while its game's bots think (or for
 * the input budget). Kept encoded (gg_msg_encode, decoded again when it is
 * applied): a decoded gg_msg is 2.9 KB, a waiting `ready` or `orders` tens
 * of bytes, and a thousand games with commands waiting held 12 MB (issue 17). */
typedef struct host_deferred {
    host_session *s;
    uint64_t at_ns; /* uv_hrtime when it came (gg_input_wait_seconds, gg_game_wait_seconds) */
    uint8_t budget; /* its game was not busy then: it waits for the input budget */
    uint32_t len;
    uint8_t *bytes; /* malloc'd, len bytes */
} host_deferred;

/* One connection's session. */
struct host_session {
    host *h;
    gg_conn *conn; /* NULL once the connection closed */
    uint64_t id;
    char sid[17]; /* session id for logs and `welcome` */
    int hello;    /* hello received and accepted */
    uint32_t features;
    host_game *game;           /* attached game, or NULL */
    host_game *waiting;        /* the game whose bots its deferred messages wait for */
    int who;                   /* seat 0..3, observer 4, moderator 5; -1 if not attached */
    host_session *next_member; /* next session attached to the same stream */
    host_session *next_dead;   /* host's list of closed sessions awaiting free */
    int close_after_flush;     /* hang up once this iteration's replies are sent */
    uint32_t queued;           /* outbox entries referring to it (freed when 0 and dead) */
    /* rate limits (token buckets, refilled by loop time) */
    double msg_tokens, chat_tokens;
    uint64_t refill_ms;
    double strikes; /* refused messages, draining at the message rate */
    int bad_codes;
    int bad_msgs; /* undecodable messages since the last good one */
};

/* A resume token slot of a game: one per attachment that may resume.
 * A join in a game without teams reuses its seat's slot (the seat's earlier
 * token stops working); any other join takes a new slot; a resume rotates
 * the slot's token. `holder` is the session attached through the slot now
 * (NULL once it closed): a newer connection through the same slot takes the
 * seat over and the holder is closed with TAKEN_OVER. */
typedef struct host_token {
    char tok[GG_MAX_TOKEN + 1];
    uint8_t who;
    host_session *holder;
    uint64_t used; /* loop time it was last handed out or given back (recycling) */
} host_token;

/* Options a game was created with (the create_game message, decoded). */
typedef struct host_options {
    gg_options rules;
    uint32_t deadline_s[3]; /* per phase: diplomacy, orders, crisis; 0 = none */
    uint8_t missed;         /* enum gg_missed */
    uint8_t teams;
    uint8_t keep_private;                 /* 0: reveal-all (everything readable once over) */
    char bots[GG_SEATS][GG_MAX_NAME + 1]; /* "" = humans */
    uint8_t honesty;                      /* enum gg_honesty of the server bots */
} host_options;

struct host_game {
    host *h;
    char id[GG_MAX_CODE + 1];
    int64_t store_id;     /* 0 when not journaled */
    uint32_t journal_seq; /* last journal record number */
    int scenario;
    uint64_t seed;
    host_options opt;
    char codes[GG_STREAMS][GG_MAX_CODE + 1]; /* per stream (seats, observer, moderator) */

    gg_state s;
    gg_stream streams[GG_STREAMS];
    host_session *members[GG_STREAMS];
    host_token *tokens; /* seats and moderators (journaled): cap_tokens slots, grown on demand
                           up to GG_MAX_TOKENS_PER_GAME (a game of four seats holds a few,
                           not 64 slots of 72 bytes: issue 17's memory per game) */
    int ntokens, cap_tokens;
    host_token *obs_tokens; /* observers (memory only): slots GG_MAX_TOKENS_PER_GAME.. */
    int nobs_tokens, cap_obs_tokens;

    gg_bot bots[GG_SEATS];
    uint8_t bot_perm; /* seats played by a server bot for good */
    uint8_t bot_temp; /* seats a bot holds until their humans return */
    uint8_t ready;    /* seats that sent `ready` this phase */
    /* Proposals must be answerable (PROTOCOL.md §6): the stream seq a seat's
     * `ready` covers (its `seen`), and per ledger slot the seq on each
     * party seat's stream that announced the deal. Diplomacy does not end
     * while an open deal waits for a human party whose ready did not cover
     * its announcement. */
    uint32_t ready_seen[GG_SEATS];
    uint32_t deal_seq[GG_MAX_DEALS][GG_SEATS];

    /* phase bookkeeping */
    uint32_t phase_no;                   /* increments on every phase change */
    gg_state phase_state;                /* the state when this phase began (bots act on it) */
    uint8_t bots_acted;                  /* seats whose bot acted this phase */
    uint8_t bot_asked[GG_MAX_DEALS];     /* per ledger slot: bot seats asked to answer */
    uint16_t bot_asked_id[GG_MAX_DEALS]; /* ... the deal id that was */
    /* Counter-offers each seat's bot made in turn bot_counter_turn: counted
     * from the applied commands (a bot's proposal whose reason is a counter),
     * so recovery, which replays the journal, counts them again and the
     * limit GG_BOT_MAX_COUNTERS survives a restart. */
    uint8_t bot_counter_turn[GG_SEATS];
    uint8_t bot_counters[GG_SEATS];
    struct bot_job *bot_job; /* bots thinking on the worker pool, or NULL */
    int think_waiting;       /* in h->think_wait: its bots have work, no job yet */
    host_game *next_think;
    int settle_due; /* a session's command was applied: the game settles in a
                       slice (h->due), its sessions' messages wait till then */
    host_game *next_due;
    int input_queued; /* in the host's input queue (server.c) */
    host_game *next_input;
    host_deferred *deferred; /* messages waiting for bot_job (oldest first) */
    int ndeferred, cap_deferred;
    int deadline_passed; /* the phase's deadline passed: end it once bots are done */
    uint8_t seen_phase, seen_turn;
    int settling, resettle;
    int replaying; /* recovery: no journal writes, sends, bots or timers */

    /* clock */
    uv_timer_t timer;
    uv_timer_t pace; /* games of bots alone: the earliest end of a phase */
    int timer_init, timers_closed;
    uint64_t deadline;  /* loop time (ms) the phase ends, 0 = none */
    uint64_t remaining; /* ms left while paused */
    int paused;
    uint64_t phase_started; /* loop time the phase began */

    int over_announced;
    uint64_t over_at;           /* loop time the game ended */
    gg_turn_hashes turn_hashes; /* state hash announced after each turn */
    /* journal records per stream (seats, moderator): token buckets
     * (GG_JOURNAL_SEAT_BURST / GG_JOURNAL_SEAT_PER_MIN), refilled by loop time */
    double journal_tokens[GG_STREAMS];
    uint64_t journal_refill[GG_STREAMS];
    host_capture *capture; /* history.c: a re-simulation from the journal whose
                              stream messages go to one resuming session */

    /* lobby_limits.c */
    char creator[GG_GUARD_ADDR_LEN]; /* the creating client's address; "" = recovered, demo */
    uint64_t attended_ms;            /* loop time somebody was last seen attached (or the
                                        game was created or recovered) */
};

/* loop_time.c: the steps of a loop iteration, in order */
enum {
    GG_LOOP_BEFORE_POLL,
    GG_LOOP_NETWORK,
    GG_LOOP_INPUT,
    GG_LOOP_SETTLE,
    GG_LOOP_BOT_SUBMIT,
    GG_LOOP_COMMIT_SEND,
    GG_LOOP_STEPS
};
/* The iteration under way: where it began (the last one's end, 0 before
 * the first) and the loop's idle time then, its thread CPU time and context
 * switches then, the poll's start, its steps' times so far. */
typedef struct host_loop_marks {
    uint64_t start_ns, start_idle_ns, cpu_ns, vol, invol, poll_ns, poll_idle_ns, msgs_in0,
        logged_ms;
    uint64_t step_ns[GG_LOOP_STEPS];
} host_loop_marks;

/* A Prometheus-style histogram: counts per upper bound (cumulated when
 * written), the sum and the count of observations. */
#define HOST_HIST_MAX 16
typedef struct host_hist {
    const double *bounds; /* ascending upper bounds; +Inf is implied */
    int nb;
    uint64_t b[HOST_HIST_MAX + 1]; /* per bucket, not cumulative; last = above all */
    uint64_t count;
    double sum;
} host_hist;

/* Transports of sessions (gg_conn_transport): enet, tcp, ws. */
#define HOST_TRANSPORTS 3

/* Metrics (the `stats` reply in server.c; /metrics in metrics.c). */
typedef struct host_metrics {
    uint64_t msgs_in, msgs_out, bytes_out, games_created, games_recovered, games_finished;
    uint64_t games_freed, bot_jobs, bots_demoted, deferred;
    uint64_t turns_resolved, commands, journal_commits, journal_errors, rate_limited;
    uint64_t sends_dropped; /* replies that could not be queued: the connection was closed */
    uint64_t unjournaled;   /* commands acknowledged without a record: they changed nothing */
    /* snapshot.c / recovery.c: snapshots stored (and their bytes), failures to store one,
     * games recovered from a snapshot, and snapshots that could not be used (damaged,
     * another format, diverging: the game was replayed from an older one or in full) */
    uint64_t snapshots_written, snapshot_bytes, snapshot_errors;
    uint64_t recovered_from_snapshot, snapshot_fallbacks;
    uint64_t resumes, resumes_journal, resumes_gone; /* resumes: all, served partly from
                                                        the journal, HISTORY_GONE */
    uint64_t errors[GG_ERRNO_COUNT + 1];             /* by place in GG_ERRNO_MAP; last: other */
    uint64_t resolve_ns_total, resolve_ns_max;
    uint32_t resolve_us_hist[GG_RESOLVE_HIST]; /* turn resolutions by whole microseconds */
    uint64_t sessions_open[HOST_TRANSPORTS];   /* connections with a session, by transport */
    /* messages and bytes by type (index GG_MSG_TYPES: undecodable) */
    uint64_t in_msgs[GG_MSG_TYPES + 1], in_bytes[GG_MSG_TYPES + 1];
    uint64_t out_msgs[GG_MSG_TYPES + 1], out_bytes[GG_MSG_TYPES + 1];
    uint32_t journal_pending; /* records appended since the last commit */
    host_hist commit_seconds, commit_records, bot_think_seconds;
    host_hist sync_seconds; /* commit.c: one fdatasync of the journal on its thread */
    /* the loop (outbox.c): busy time of each iteration (its wall time less
     * the time blocked in the poll), their sum and the longest */
    host_hist loop_iter_seconds;
    /* outbox.c: a direct reply (ok, error) from its queueing to its send:
     * the rest of the iteration, the group's commit and sync, the loop's
     * wake-up (the server's share of a client's orders->ack) */
    host_hist reply_wait_seconds;
    /* server.c: a session's message that waited in its game's queue, from its
     * arrival to its applying: for the input budget (its game was not busy
     * when it came: the budget was spent, or it queued behind such a
     * command), or behind its game's bots and settling */
    host_hist input_wait_seconds, game_wait_seconds;
    /* outbox.c: outboxes full mid-iteration, committed and synced on the
     * loop's thread (a disk wait on the loop), and that wait in total */
    uint64_t outbox_sync_flushes, outbox_sync_flush_ns;
    uint64_t outbox_mid_commits; /* groups committed mid-iteration, synced by the thread */
    /* commit.c, --durability process: messages sent before their group was
     * synced; groups whose replies waited for the sync because the window
     * (GG_UNSYNCED_MAX_*) was full; per sync that covered groups acknowledged
     * early, how long the oldest of them waited from its commit for it */
    uint64_t sent_unsynced, unsynced_limited;
    host_hist acked_unsynced_seconds;
    uint64_t loop_busy_ns, loop_iter_max_ns, loop_iterations;
    uint64_t loop_step_ns[GG_LOOP_STEPS]; /* ... by step (loop_time.c), every iteration */
    /* loop_time.c: iterations busy GG_LOOP_SLOW_US or more, their busy
     * time, the part of it off a CPU, their context switches (voluntary,
     * involuntary) and their time by step (GG_LOOP_STEPS) */
    uint64_t loop_slow, loop_slow_busy_ns, loop_slow_offcpu_ns, loop_slow_vol, loop_slow_invol;
    uint64_t loop_slow_step_ns[GG_LOOP_STEPS];
    /* bot_work.c: bot results waiting to be applied (now, most ever), most
     * applied in one iteration, and iterations that left some for later */
    uint64_t settle_backlog, settle_backlog_max, settle_slice_max, settle_deferred;
    /* server.c: games whose commands wait for the input budget (now, most
     * ever), most commands applied in one iteration, iterations that left
     * some for later, and commands that waited */
    uint64_t input_backlog, input_backlog_max, input_slice_max, input_deferred, input_queued;
    /* bot_work.c: bot jobs alive (and their bytes), the most at once, games
     * waiting for a job (GG_BOT_JOBS_MAX) now and the most at once */
    uint64_t bot_jobs_alive, bot_job_bytes, bot_jobs_alive_max, think_wait, think_wait_max;
} host_metrics;

/* A game set aside at start (recovery.c): not loaded; a join with one of
 * its codes (as stored, untrusted) gets GAME_QUARANTINED. */
/* The index of join codes (code_index.c): an entry names a registered
 * game and the stream whose code it is; g NULL = empty slot. */
typedef struct host_code_entry {
    host_game *g;
    uint8_t st;
} host_code_entry;
typedef struct host_code_index {
    host_code_entry *e;
    size_t cap, n; /* cap: 0 or a power of two, at least 2n */
} host_code_index;

/* A journal group not yet synced (commit.c's ring, --durability). */
struct host_unsynced {
    uint64_t at_ns; /* uv_hrtime when it was committed */
    uint32_t sent;  /* its messages that left before its sync */
};

typedef struct host_quarantined {
    int64_t store_id;
    char codes[GG_STORE_NCODES][GG_STORE_CODE_MAX];
} host_quarantined;

struct host {
    uv_loop_t *loop;
    host_config cfg;
    gg_net *net;
    gg_store *store;         /* NULL without a journal */
    int storage_failed;      /* a commit failed: refuse commands and new games */
    int journal_cache_pages; /* the journal's page cache size set last (0: as opened) */
    int journal_cache_games; /* games in memory when it was set */
    host_game **games;
    int ngames, cap_games;
    host_code_index codes; /* the registered games' join codes (code_index.c) */
    uint64_t next_session;
    int64_t next_game; /* game ids without a journal */
    host_session *dead;
    uv_check_t flush;
    uv_prepare_t iter_prepare; /* loop_time.c: marks the poll's start */
    host_loop_marks iter;      /* loop_time.c: the iteration under way */
    uint64_t loop_slice_ns;    /* loop_time.c: the slice the loop thread took (0: none) */
    int test_stall;            /* test builds: a ping asked for --test-stall-ms */
    int test_block;            /* test builds: a game command was applied (--test-block-settle) */
    uv_idle_t kick;            /* active while the outbox holds replies the next check may send */
    int kick_on;
    uv_timer_t sweep; /* frees finished games nobody looks at any more */
    uv_signal_t sigint, sigterm;
    host_metrics m;
    host_guard guard;              /* wrong join codes by address (lobby_guard.c) */
    host_quarantined *quarantined; /* games set aside at start (recovery.c) */
    int nquarantined;
    host_create_guard cguard; /* create_game by address, abandonment (lobby_limits.c) */
    /* outbox: messages waiting for the journal commit, oldest first; each
     * is tagged with the journal group it waits for (outbox.c) */
    struct host_out *out;
    size_t nout, cap_out;
    uint8_t *outbuf;
    size_t outlen, outcap;
    size_t out_open_bytes; /* bytes queued since the last commit (outbox.c) */
    uint64_t committed;    /* journal groups committed (numbered from 1) */
    uint64_t durable;      /* ... of which this many are known durable */
    uint64_t ackable;      /* ... whose replies may leave: durable, or under
                              --durability process up to committed while the
                              unsynced window allows (commit.c) */
    /* commit.c: per group not yet synced, by group % (mask + 1): when it was
     * committed and how many of its messages left before its sync */
    struct host_unsynced *unsynced;
    uint64_t unsynced_mask;
    int sync_failed;            /* the commit thread's sync failed: nothing more is acked */
    struct host_syncer *syncer; /* commit.c: the thread that syncs the journal, or NULL */
    int closing;
    host_game *draining;           /* gg__host_drain_game is handling this game's queue */
    bot_pool pool;                 /* the bots' worker threads (bot_pool.c) */
    int heavy_running;             /* bot jobs with mcts orders on the pool (bot_work.c) */
    struct bot_job *heavy_waiting; /* ... and those waiting for a slot, oldest first */
    struct bot_job *light_pending; /* other bot jobs of this loop iteration, not yet on the
                                      pool: they go as one batch (gg__host_bots_submit) */
    struct bot_job **light_tail;
    struct bot_job *ready; /* bot results back from the pool, not yet applied, oldest
                              first (gg__host_settle_ready) */
    struct bot_job **ready_tail;
    host_game *input; /* games whose commands wait for the input budget, oldest first */
    host_game **input_tail;
    uint32_t input_n;      /* game commands applied in this iteration */
    uint64_t input_t0;     /* loop thread CPU time at the first of them (0: none yet) */
    uv_timer_t input_hold; /* test builds: looks again while --test-hold-input holds */
    host_game *due;        /* games to settle after a session's command, oldest first */
    host_game **due_tail;
    host_game *think_wait; /* games whose bots wait for a job (GG_BOT_JOBS_MAX), oldest first */
    host_game **think_tail;
    host_game *think_grant;          /* the game taken from think_wait now: it makes its job */
    uv_timer_t settle_hold;          /* test builds: looks again while --test-hold-settle holds */
    uint8_t scratch[GG_MAX_MESSAGE]; /* encode buffer, one message at a time */
};

/* ---- server.c ---- */
int gg__host_init(host *h, uv_loop_t *loop, const host_config *cfg);
void gg__host_stop(host *h);
void gg__host_close(host *h); /* after the loop has ended */
/* Registers a game with the host (0 or GG_EINTERNAL). */
int gg__host_add_game(host *h, host_game *g);
/* Recovers every unfinished game in the journal, and those finished within
 * --keep-finished (recovery.c). A game that cannot be recovered (a record
 * failing its checksum, a gap in its journal, a damaged games row, a
 * replay that diverges) is never dropped silently: without
 * cfg.quarantine_corrupt this returns its error after printing on stderr
 * which game and record and what to do (gg-server then refuses to start);
 * with it the game is quarantined (gg_store_quarantine, committed) and
 * remembered in h->quarantined. Games quarantined earlier are remembered,
 * not loaded. Returns 0 or an error. */
int gg__host_recover(host *h);
/* Rebuilds game `sum` from the journal through the path live play uses,
 * checks its turn hashes, resumes its clock from the stored deadline and
 * registers it; the caller then settles it (bots act). Recovery and forks
 * use it. Returns 0 and *out, or an error (logged; nothing registered). */
int gg__host_load_game(host *h, const gg_game_summary *sum, host_game **out);

/* ---- code_index.c ---- */
/* Indexes g's codes (gg__host_add_game does). 0 or GG_EINTERNAL (nothing
 * of g indexed). */
int gg__host_codes_add(host *h, host_game *g);
/* Forgets g's codes (before g is freed). */
void gg__host_codes_remove(host *h, const host_game *g);
/* The registered game whose stream has join code `code` (normalised), and
 * in *who (may be NULL) that stream; NULL if none. */
host_game *gg__host_code_find(const host *h, const char *code, int *who);
/* Whether a registered game has `code`: new games draw another. */
int gg__host_code_taken(const host *h, const char *code);
void gg__host_codes_free(host *h);
/* Unregisters h->games[i] (its codes too; the last game takes its place).
 * The caller frees the game afterwards. */
void gg__host_remove_game_at(host *h, int i);

/* ---- fork.c ---- */
/* Writes a fork of journaled game `from` at the end of `turn` into the
 * store's open group (game.h, "forks"): a new game with the original's
 * scenario, seed and create_game options, the deadlines of `req` (a
 * fork_game message, NULL = none) where it gives them, fresh join codes,
 * the kept records and the turn hashes 1..turn. On success *id is the new
 * game, *meta its metadata (codes) and *hash its first state hash, equal
 * to the original's hash of `turn`. Returns 0; GG_ENOT_FOUND (no such
 * game); GG_EMSG_BAD_FIELD (turn not resolved in that game); GG_EGAME_OVER
 * (the game ended there: nothing left to play); GG_EREPLAY_DIVERGED (the
 * journal does not re-simulate to its hashes); GG_EBAD_OPTION; or a
 * storage error. No host needed: gg-server fork uses it offline. */
int gg__fork_write(gg_store *st, int64_t from, int turn, const gg_msg *req, int64_t *id,
                   gg_game_meta *meta, uint64_t *hash);
/* Answers a fork_game request (moderator: attached to the game, or by its
 * moderator code): the fork is written, loaded like a recovered game, its
 * clock started, and the reply game_forked carries its codes. */
void gg__host_do_fork(host *h, host_session *s, const gg_msg *m);
/* The game quarantined at start that `code` (normalised) joins, or NULL. */
const host_quarantined *gg__host_quarantined_code(const host *h, const char *code);
/* Creates and registers a game (not yet started: call gg__game_start). */
int gg__host_create_game(host *h, const gg_msg *create, host_game **out);

/* Queues one encoded message for a session (sent after the journal commit). */
void gg__host_send(host *h, host_session *s, int channel, const uint8_t *msg, size_t len);
/* Encodes and queues an error reply. */
void gg__host_send_error(host *h, host_session *s, uint32_t rid, int code, int re_type,
                         const char *where, const int *errs, int nerrs);
/* Encodes and queues a direct message (rid set by caller in *m). */
void gg__host_send_msg(host *h, host_session *s, const gg_msg *m);

/* The loop's check callback (outbox.c): commits the journal once per loop
 * iteration, then sends the replies that waited for it. */
void gg__host_on_flush(uv_check_t *c);
/* loop_time.c: the names of the steps (/metrics, the log); starts and
 * closes the prepare handle; marks the check's start (returns the time,
 * uv_hrtime) and each of its steps [from_ns, to_ns); ends the iteration
 * (its histogram, the slow iterations' figures). */
extern const char *const gg__host_loop_step_names[GG_LOOP_STEPS];
void gg__host_loop_time_init(host *h);
void gg__host_loop_time_close(host *h);
uint64_t gg__host_loop_check_start(host *h);
void gg__host_loop_step(host *h, int step, uint64_t from_ns, uint64_t to_ns);
void gg__host_loop_iteration_done(host *h);
/* Sizes the journal's page cache to the games in memory (host_limits.h,
 * GG_JOURNAL_CACHE_*), when their number changed since the last call that
 * set it. Loop thread, between SQLite calls. */
void gg__host_journal_cache_fit(host *h);

/* Sends, in order, the queued replies whose journal group is durable (or,
 * under --durability process, committed inside the unsynced window);
 * with `may_close`, also carries out due hang-ups and frees closed
 * sessions nothing refers to any more (outbox.c). */
void gg__host_release(host *h, int may_close);
/* Treats every reply not yet known durable as never acknowledged: drops it,
 * answers each request it answered with error `err` and that rid, and tells
 * each client owed any why (error `err`, no rid) (outbox.c). */
void gg__host_drop_unsynced(host *h, int err);

/* ---- commit.c: the journal's sync thread ----
 * Group commit across loop iterations: the loop commits each iteration's
 * group to the WAL without waiting for the disk and asks the thread to sync;
 * one fdatasync covers every group committed before it began, and the
 * replies of those groups leave only once it returned (gg__host_release) —
 * or, under --durability process, once committed, inside the window. */
/* Switches the store to deferred sync and starts the thread (after
 * recovery). Returns 0; if that cannot be done, commits keep syncing on the
 * loop thread (logged) and it still returns 0. */
int gg__host_sync_start(host *h);
/* Asks for groups up to h->committed to be made durable. */
void gg__host_sync_request(host *h);
/* Notes that group h->committed was just committed (its time, for the
 * unsynced window). */
void gg__host_group_committed(host *h);
/* Moves h->ackable: to h->durable, and under --durability process to
 * h->committed if the unsynced window allows it. Returns 1 when replies of
 * committed groups must wait for their sync (the window is full). */
int gg__host_ack_advance(host *h);
/* Nanoseconds since the oldest group not yet synced was committed (0: all
 * synced) — /metrics. */
uint64_t gg__host_unsynced_age_ns(host *h);
/* Makes groups up to h->committed durable before returning (on the loop
 * thread); 0 or GG_ESTORAGE_IO. */
int gg__host_sync_now(host *h);
/* Stops and joins the thread (before the store is closed). */
void gg__host_sync_stop(host *h);

/* Heap bytes the outbox holds (its queue and its buffer). */
size_t gg__host_outbox_mem(const host *h);

/* Games in play (not finished), as counted against --max-games. */
int gg__host_live_games(const host *h);

/* Replies that read a game or the server (reports.c), for session s's
 * request m: `stats`, `export_replay` (moderator; the game must be
 * journaled) and `debrief` (moderator, or anyone after the end when the
 * game reveals all). Each answers m itself, with data or an error. */
void gg__host_do_stats(host *h, host_session *s, const gg_msg *m);
void gg__host_do_export(host *h, host_session *s, const gg_msg *m);
void gg__host_do_debrief(host *h, host_session *s, const gg_msg *m);
/* Appends a journal record for a game (no-op while replaying or without a
 * store). Returns 0 or a storage error. */
int gg__host_journal(host *h, host_game *g, int kind, const gg_msg *m);
void gg__host_count_error(host *h, int code);
/* Handles the messages that waited for a game's bots, oldest first, until
 * the game's bots think again. */
void gg__host_drain_game(host *h, host_game *g);
/* Drops the waiting messages of one session (it left the game). */
void gg__host_forget_deferred(
    host_game *g, host_session *s); /* Applies the oldest of g's waiting messages (server.c). */
void gg__host_drain_one(host *h, host_game *g);
/* Whether a game command read now may be applied now (input.c): the
 * poll phase's slice of this iteration is not spent. */
int gg__host_input_allowed(host *h);
/* Counts a game command applied (input.c; starts the budget's clock). */
void gg__host_input_applied(host *h);
/* g's newest waiting message waits for the input budget: g joins the
 * input queue (input.c). */
void gg__host_input_wait(host *h, host_game *g);
/* The end of an iteration (the check, first): applies a slice of the game
 * commands waiting for the input budget, then starts the next iteration's
 * poll slice. While some remain it keeps the next poll from blocking. */
void gg__host_input_drain(host *h);
/* Takes g out of the input queue (it is going away). */
void gg__host_input_forget(host_game *g);

/* ---- bot_work.c ---- */
/* 0 if a server bot may use `strategy` ("" = the default), GG_EBAD_OPTION
 * if it is unknown, GG_EMSG_BAD_FIELD if stronger than
 * GG_MAX_SERVER_BOT_ROLLOUTS. */
int gg__host_bot_check(const char *strategy);
/* Queues the bots' thinking if they have something to do and none is in
 * flight (called from gg__game_settle's step). */
void gg__game_bots_step(host_game *g);
/* Whether the game's bots still have to move in this phase. */
int gg__game_bots_pending(const host_game *g);
/* The game is going away: its job in flight, if any, is discarded. */
void gg__game_bots_forget(host_game *g);
/* Puts this iteration's light bot jobs on the pool as one batch (one
 * worker wake-up and one completion for all of them instead of one each);
 * called from the end-of-iteration check. With `discard` (the server is
 * closing, their games are gone) frees them instead. */
void gg__host_bots_submit(host *h, int discard);
/* Applies the oldest waiting bot results (a light batch's jobs come back
 * from the pool together and wait in h->ready), at most GG_SETTLE_SLICE
 * of them or GG_SETTLE_BUDGET_US of loop time, whichever comes first, each
 * as one job was applied before (its moves, then its game settles and its
 * queued messages go); called from the end-of-iteration check, before the
 * journal commit. While results remain it keeps the next poll from
 * blocking, so each iteration reads the network between two slices. A
 * game's messages keep waiting while its result does (g->bot_job), so the
 * order of every game's commands is what it was without slices. */
void gg__host_settle_ready(host *h);
/* Keeps the next poll from blocking: more work (a slice of bot results,
 * settles or waiting input) is due in the check. */
void gg__host_kick(host *h);
/* CPU time of the calling thread (the loop's): slice budgets count the
 * work done, not the time the thread waited for a core on a loaded
 * machine (which would shrink the slices and add iterations). */
uint64_t gg__host_thread_cpu_ns(void);
/* The bots' worker threads that lowered their priority when they started
 * (by cfg.bot_nice, GG_BOT_NICE), and the nice value the last one took. */
uint64_t gg__host_bot_threads_niced(const host *h);
/* Worker threads that took SCHED_IDLE for server bots (--bot-sched idle). */
uint64_t gg__host_bot_threads_idle(const host *h);
int gg__host_bot_thread_nice(const host *h);
/* Frees the waiting results (closing: their games are gone). */
void gg__host_settle_discard(host *h);
/* After a session's command: the game settles (phase end, turn resolution,
 * announcements, bots) in a later slice, taking turns with the bot results
 * (or now, outside the loop: recovery, closing). Until then its sessions'
 * messages wait, as behind a bot job, so their order is kept. */
void gg__game_settle_soon(host_game *g);
/* Whether settling g now would change its phase (end it, announce a new
 * one): the heavy kind of settling, which gg__game_command leaves to a
 * slice (game.c). */
int gg__game_settle_heavy(host_game *g);
/* Whether the game's sessions' messages must wait (a bot job in flight or
 * waiting, or a settle due). */
int gg__game_busy(const host_game *g);
/* Counts a counter-offer `seat`'s bot made in the current turn (applied
 * commands, live or replayed); gg__game_bot_counters reads the count. */
void gg__game_count_counter(host_game *g, int seat);
int gg__game_bot_counters(const host_game *g, int seat);

/* ---- ops.c ---- */
/* gg_net's on_http: /metrics (Prometheus text) and /healthz. */
int gg__host_http(const char *path, gg_net_http_reply *r, void *ud);
/* ---- metrics.c ---- */
/* Fills r with the Prometheus text of every gg_* metric; 0 or -1. */
int gg__host_metrics_text(host *h, gg_net_http_reply *r);
/* Sets the histograms' buckets (host_start). */
void gg__host_metrics_init(host_metrics *m);
void gg__host_hist_observe(host_hist *hh, double v);
/* The message type of an encoded message (its "t"), or GG_MSG_TYPES. */
int gg__host_peek_type(const uint8_t *p, size_t n);
/* The transport index (0 enet, 1 tcp, 2 ws) of a connection. */
int gg__host_transport_index(const gg_conn *c);
/* The error code counted in errors[slot] (server.c). */
int gg__host_error_code(int slot);

/* ---- game.c ---- */
/* Creates a game from a create_game message. Returns 0 and *out, or an error. */
/* Creates a game from a create_game message: fresh (restore NULL: new codes,
 * a new journal entry) or from the journal (restore = stored meta, store_id
 * its id). Returns 0 and *out, or an error. */
int gg__game_create(host *h, const gg_msg *create, uint64_t seed, const gg_game_meta *restore,
                    int64_t store_id, host_game **out);
void gg__game_destroy(host_game *g);
/* A command from an attached session (or NULL for server-made ones). */
void gg__game_command(host_game *g, int who, const gg_msg *m, host_session *from);
/* A `ready` from stream `who` has just been received (before it may wait
 * behind the game's bots): its `seen` is set to what the server had sent the
 * stream if the client left it out, and never beyond that. */
void gg__game_ready_received(const host_game *g, int who, gg_msg *m);
/* Attaches a session to stream `who` under resume token `token`, through
 * token slot `slot` (a resume) or, with slot -1, the slot a join uses (see
 * host_token). Journals the attachment, emits `notice joined` on every
 * stream (before the session is a member: its own stream position starts
 * after it, at the stream's seq when this returns) and takes the seat over
 * from the slot's previous holder (or, without teams, from the seat's other
 * connections), which get TAKEN_OVER and are closed.
 * Returns 0, GG_ETEAM_FULL or GG_ESERVER_FULL (no token slot left). */
int gg__game_attach(host_game *g, host_session *s, int who, int slot, const char *token);
void gg__game_detach(host_game *g, host_session *s);
/* Makes room for n seat and moderator token slots (g->tokens grows on
 * demand, at most GG_MAX_TOKENS_PER_GAME). Returns 0 or GG_EINTERNAL. */
int gg__game_tokens_reserve(host_game *g, int n);
/* The token slot holding `tok`, or -1. */
int gg__game_token_slot(const host_game *g, const char *tok);
/* Who (stream) a token slot belongs to. */
int gg__game_token_who(const host_game *g, int slot);
/* Sends a session the messages of its stream with seq > `last` (from
 * memory, older ones from the journal; those numbered before the stream's
 * first join never existed for anyone and are not asked for), with an `error` HISTORY_GONE (rid
 * `rid`) in place of those that cannot be re-sent, then the unnumbered
 * snapshot `state` (seq 0). */
void gg__game_replay_stream(host_game *g, host_session *s, uint32_t last, uint32_t rid);
/* Starts the first phase (bots, timers) once the game is live. */
void gg__game_start(host_game *g);
/* ---- snapshot.c ---- */
/* A game's stored snapshots, newest first, as read (gg__snapshots_read). */
typedef struct host_snap {
    uint32_t seq; /* the last record it covers */
    int turn;
    uint8_t *p; /* NULL: the row fails its checksum */
    size_t len;
} host_snap;
typedef struct host_snaps {
    host_snap s[GG_STORE_SNAPSHOTS_KEPT + 2];
    int n;
} host_snaps;
/* Reads the newest snapshots of journaled game `id` into *sn (free them
 * with gg__snapshots_free). Returns 0 or an error (nothing to free). */
int gg__snapshots_read(host *h, int64_t id, host_snaps *sn);
void gg__snapshots_free(host_snaps *sn);
/* Stores a snapshot of the game after `turn` resolved (or the game ended)
 * covering every record up to g->journal_seq, in the open journal group
 * (no-op while replaying, without a journal, or with --no-snapshots). Called
 * by step() where live play and replay agree (the new phase announced,
 * nothing else applied yet). A failure is logged and counted, never fatal. */
void gg__game_snapshot(host_game *g, int turn);
/* Restores a game freshly made by gg__game_create (from the journal, not
 * settled) to snapshot `p` of record `seq`. Returns 0, or
 * GG_ESTORAGE_CORRUPT / GG_EREPLAY_DIVERGED (another format or rules
 * version) with the reason in `why`; the game must then be destroyed. */
int gg__game_restore(host_game *g, uint32_t seq, const uint8_t *p, size_t len, char *why,
                     size_t cap);
/* ---- history.c ---- */
/* Sends session s the messages of its stream with last < seq < before,
 * re-simulated from the game's journal (a resume older than the in-memory
 * window; seqs before the stream's first join are no gap: none existed).
 * Returns 0 when every one of them was sent, gap-free, or
 * GG_EHISTORY_GONE (no journal, more than GG_RESUME_MAX_BYTES to send, or
 * the journal could not be read; some may have been sent). */
int gg__game_history_from_journal(host_game *g, host_session *s, uint32_t last, uint32_t before);
/* game.c's emit() hands every stream message of a capturing game here. */
void gg__host_capture_emit(host_game *g, int stream, uint32_t seq, const uint8_t *buf, size_t len,
                           int chan);

/* Recovery: applies one journal record. */
int gg__game_replay_record(host_game *g, int kind, const uint8_t *p, size_t n);
/* Finds the stream a code opens, or -1. */
int gg__game_code_stream(const host_game *g, const char *code);
/* Sends one session its current state directly (seq 0). */
void gg__game_send_state_direct(host_game *g, host_session *s);
/* Restarts the phase clock with `ms` left (recovery). */
void gg__game_resume_clock(host_game *g, uint64_t ms);
/* Starts the current phase's full deadline (a fork's first phase), stored
 * in the journal like any deadline. */
void gg__game_start_clock(host_game *g);
/* Sends the game's current state to one stream's members. */
void gg__game_send_state(host_game *g, int stream);
/* Whom diplomacy waits for to answer an offer ([P6.13], [P6.14]): the
 * human seats (no bot holds them) that said `ready` before an open deal
 * they have not accepted reached their stream, each with the oldest such
 * deal; empty outside diplomacy. Sent in every state (state.wait). */
void gg__game_waits(const host_game *g, gg_waits *w);
/* Announces what changed, lets bots act and ends phases, until quiet. */
void gg__game_settle(host_game *g);
/* A notice on every stream. */
void gg__game_notice(host_game *g, const char *what, int who, uint32_t secs, const char *text);
/* Applies one command with its journal kind (game.c); 0 or an error. */
int gg__game_apply(host_game *g, int kind, int who, const gg_msg *m, host_session *from);
/* A server bot takes `seat` (for good if the moderator asked). */
void gg__game_take_seat(host_game *g, int seat, int who_asked, const char *strategy);

#endif
