/* host_limits.h — gg-server's named limits and defaults: each bound the
 * host puts on a game, a session or a loop iteration, and the defaults
 * gg-server and its --help print, each with why it is what it is
 * (issue 17's capacity work; PROTOCOL.md's limits are include/gg/limits.h).
 * Only definitions: host.h includes it for the host's files. */
#ifndef GG_HOST_LIMITS_H
#define GG_HOST_LIMITS_H

#include "gg/rules.h" /* GG_VIEW_OBSERVER, GG_VIEW_MODERATOR */

#define GG_SERVER_NAME "gg-server 0.1"
#define GG_STREAMS 6 /* one per seat, observers (4), moderator (5) */
#define GG_STREAM_OBSERVER GG_VIEW_OBSERVER
#define GG_STREAM_MODERATOR GG_VIEW_MODERATOR
#define GG_MAX_TOKENS_PER_GAME 64 /* resume tokens handed out by one game */
#define GG_BAD_CODES_MAX 5        /* wrong join codes before a disconnect */
#define GG_BAD_MSGS_MAX 16        /* undecodable messages in a row before a disconnect */
/* The server's defaults: written once, used by gg-server and its --help. */
#define GG_DEFAULT_BIND "127.0.0.1"
#define GG_DEFAULT_DATA_DIR "data"
#define GG_DEFAULT_MAX_GAMES 2000
#define GG_DEFAULT_BOT "greedy"
#define GG_FINISHED_KEEP_S                                                                         \
    600                      /* default: a finished game stays this long once nobody is            \
                                attached (debrief, export), then is freed */
#define GG_RESOLVE_HIST 4096 /* microsecond buckets for resolution times (last = overflow) */
/* Bounded loop iterations (bot_work.c): one iteration applies at most
 * GG_SETTLE_SLICE items of settling work, and stops early once they took
 * GG_SETTLE_BUDGET_US of the loop thread's CPU. An item is a game's
 * server-bot results (its moves, then its settling) or the settling a
 * session's command made due by ending a phase (turn resolution, snapshot,
 * announcements to every stream). The rest wait, oldest first, for the
 * next iterations, which read the network first: a reply never waits
 * behind thousands of games settling at once, and a journal group holds
 * the records of at most a slice of them. Half of session 15's 64 / 2 ms:
 * at 10,000 games and a 3-second player the loop's iteration p99 fell
 * 7.5 -> 5 ms and the orders->ack p99 11.0-12.3 -> 8.4-8.9 ms, for 1-4%
 * fewer turns a second (BENCHMARKS.md, issue 17, session 16). */
#define GG_SETTLE_SLICE 32
#define GG_SETTLE_BUDGET_US 1000
/* Bounded input (input.c): the networked seats' game commands one loop
 * iteration applies where the poll reads them: at most GG_INPUT_SLICE, or
 * GG_INPUT_BUDGET_US of the loop thread's CPU from the first of them. Past
 * that a command waits in its game's queue (host_game.deferred, as behind
 * the game's bots), the game in the host's input queue, oldest first, and
 * the end of each iteration applies a slice of those (the same limits), game
 * by game in turn: at most two slices an iteration. A game's (and
 * a session's) commands keep their order; lobby messages (hello, create,
 * join without a game) are not held. */
#define GG_INPUT_SLICE 64
#define GG_INPUT_BUDGET_US 2000
/* Bot jobs alive at once (bot_work.c): made, thinking on the pool, or back
 * and waiting for their slice. A job holds its seats' views (1.7 KiB each),
 * so with thousands of games whose results queue for slices the jobs, not
 * the games, held the memory (issue 17: 10,000 waiting at once). A game
 * whose bots have work while GG_BOT_JOBS_MAX are alive waits in a line of
 * game pointers (oldest first) and makes its job when one is freed; its
 * sessions' messages wait as behind a job, so the order of its commands,
 * and its journal, are unchanged. 256 jobs are eight slices of results:
 * enough to keep the loop fed while the pool thinks on the next ones. */
#define GG_BOT_JOBS_MAX 256
/* Server bots are background work (bot_work.c): each worker thread of the
 * pool lowers its own scheduling priority by this much (nice, at most 19)
 * when it starts, so on a small machine the loop's network reads,
 * replies and journal commits come first and the bots take the CPU the loop
 * leaves (issue 17: the greedy bots' rollout-judged accord offers took 0.9
 * of a core beside the loop on 2 cores). --bot-nice sets it; 0 keeps the
 * pool at the loop's priority. Linux only (a thread's own nice value);
 * elsewhere a no-op. --bot-sched idle also puts each such thread in
 * SCHED_IDLE: a nice-19 thread keeps its core for the rest of its slice when
 * the loop wakes (EEVDF: up to ~0.75 ms a wake-up, hundreds a second), a
 * SCHED_IDLE one is preempted at once; the cost is that on a machine busy
 * with other programs the bots get almost nothing (opt-in, not the default). */
#define GG_BOT_NICE 10
/* The bots' worker threads (bot_pool.c): as many as libuv's pool had,
 * which they replace; a greedy batch keeps one busy for milliseconds, and
 * at most GG_MAX_HEAVY_BOT_JOBS of them think for mcts bots at once. */
#define GG_BOT_THREADS 4
/* --durability: what an acknowledged command survives. MACHINE: its group
 * was fdatasync'd before the reply left (power loss, an OS crash).
 * PROCESS: its group was committed to the WAL (a write(2): the kernel
 * holds it) before the reply left, and the sync follows on the commit
 * thread: a gg-server crash (SIGKILL) loses nothing acknowledged, a machine
 * crash may lose the commands acknowledged since the last sync. That window
 * is bounded: a group's replies leave before its sync only while the oldest
 * group not yet synced was committed at most GG_UNSYNCED_MAX_MS ago and at
 * most GG_UNSYNCED_MAX_GROUPS groups are not yet synced (--unsynced-max-ms,
 * --unsynced-max-groups); past either, replies wait for the sync as under
 * MACHINE until it catches up (backpressure, never unbounded loss). */
enum { GG_DURABILITY_MACHINE = 0, GG_DURABILITY_PROCESS = 1 };
#define GG_UNSYNCED_MAX_MS 200
#define GG_UNSYNCED_MAX_GROUPS 1024
#define GG_UNSYNCED_GROUPS_LIMIT 16384 /* the most --unsynced-max-groups accepts */

/* The journal's page cache (SQLite's, the writer connection's) holds
 * GG_JOURNAL_CACHE_BASE_PAGES + GG_JOURNAL_CACHE_GAME_PAGES a game in
 * memory, at most GG_JOURNAL_CACHE_MAX_PAGES (pages of 4 KiB). A game
 * appends to a leaf of its own in the journal's and the snapshots' indexes
 * (clustered by game), so two pages a game keep every append a cache hit;
 * the cache used to be one fixed 64 MiB limit, which a server of 1,000 games
 * filled with pages it had written once (25 KiB a game, issue 17: the
 * 1,000 x 4-seat run's memory per game). Set at the end of a loop
 * iteration in which the number of games changed (commit.c). */
#define GG_JOURNAL_CACHE_BASE_PAGES 512
#define GG_JOURNAL_CACHE_GAME_PAGES 2
#define GG_JOURNAL_CACHE_MAX_PAGES 16384

/* A loop iteration busy for GG_LOOP_SLOW_US or more is slow: /metrics
 * says which of its steps the time went to and how much of it the loop's
 * thread was off a CPU (loop_time.c), and one such iteration a
 * GG_LOOP_SLOW_LOG_MS is logged (event=slow_iteration). 20 ms: twice the
 * orders->ack p99 target, so every iteration that alone can break it. */
#define GG_LOOP_SLOW_US 20000
/* --loop-slice-us: the loop thread asks the kernel's scheduler (Linux 6.12+
 * EEVDF, sched_setattr's sched_runtime; no privilege needed) for this slice
 * instead of the default (0.7 ms x (1 + log2 CPUs)). A shorter slice gives a
 * thread an earlier deadline when it wakes, so the loop, woken by the network
 * or the commit thread, preempts a thread with the default slice (a bot, the
 * client on the same machine) instead of waiting for its slice to end: the
 * slow iterations of the 10,000-game run are the loop off a CPU for 80% of
 * their time, preempted 5 times each (loop_time.c). Its CPU share stays what
 * its nice value gives it. 0 keeps the kernel's default; elsewhere a no-op. */
#define GG_LOOP_SLICE_US 0
#define GG_LOOP_SLOW_LOG_MS 1000

#endif /* GG_HOST_LIMITS_H */
