/* bench/server/bench_host.h — internals shared by bench-host's files:
 * starting and stopping the gg-server under test, its /proc figures, small
 * protocol helpers over gg_transport, and the modes (bench_host_orders.c:
 * rtt, tput; bench_host_capacity.c: capacity; bench_host_games.c: recovery). Figures only: nothing
 * here asserts on time. */
#ifndef BENCH_HOST_H
#define BENCH_HOST_H

#include <pthread.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "gg/protocol.h"
#include "player.h"
#include "transport.h"

/* Options of every mode (defaults in bench_host.c). */
typedef struct bh_opts {
    const char *server_bin; /* gg-server to start */
    const char *data_root;  /* where journal directories are made */
    int journal;            /* 1: --data DIR (fresh dir under data_root); 0: --no-journal */
    int tcp;                /* client transport: 0 ENet, 1 TCP, GG_CLIENT_WS */
    int count;              /* rtt: timed round trips */
    int warmup;             /* rtt: untimed round trips first */
    int conns;              /* rtt: connections used in turn */
    int clients, inflight;  /* tput */
    double seconds;         /* tput */
    const char *kind;       /* tput: "ping" or "orders" */
    double rate;            /* client-side cap per connection, msgs/s (server limit: 500) */
    int games;              /* capacity, recovery */
    int pace_ms;            /* capacity: a seat reads nothing for this long after acting */
    int turns;              /* recovery: turns the networked seat plays */
    const char *scenario;   /* capacity, recovery */
    int timeout_s;          /* capacity: give up after this long */
    const char *label;      /* row label suffix */
    int server_msg_rate;    /* gg-server --msg-rate (0 = its default, 500) */
    int networked;          /* capacity: seats per game played over the network (1..4; the
                               others are greedy server bots) */
    int json;               /* capacity: one JSON object instead of key=value lines */
    double probe_rate;      /* capacity: latency probe requests per second (0 = none) */
    int pair;               /* rtt, tput: every other connection is TCP, the others use
                               `tcp`'s transport, on one server; a row per transport */
    int no_snapshots;       /* gg-server --no-snapshots (recovery: its full-replay row) */
    const char *durability; /* gg-server --durability MODE (NULL: not passed) */
    /* capacity: 1 = the thread that plays the networked seats (the load)
     * runs in SCHED_IDLE, so on a machine with the clients and the server
     * on the same cores it runs only when the server (and the probe) leave
     * a core; the probe thread and the thread that samples the server stay
     * at the normal policy. 0 = normal. */
    int load_sched_idle;
    int server_nice;      /* the gg-server child's nice increment (0: bench-host's own) */
    const char *seat_bot; /* capacity: the strategy playing the networked seats (gg_bot_init's
                             names; default "greedy") */
    /* capacity: each think of a seat is drawn uniformly from
     * pace_ms x [1 - pace_jitter, 1 + pace_jitter] from the seat's own
     * seeded stream (0, the default: every think is exactly pace_ms, the
     * lockstep load of sessions 6-14) */
    double pace_jitter;
    /* capacity: the steady part of the run starts this long after the play
     * starts (-1, the default: max(10 s, 3 paces)); see bh_mode_capacity */
    int steady_warmup_ms;
} bh_opts;

/* Puts the calling thread in SCHED_IDLE (no privilege needed: a thread may
 * lower its own policy; it cannot come back without CAP_SYS_NICE or
 * RLIMIT_NICE, so only a thread of its own should take it). 0 or -1. */
int bh_sched_idle(void);
/* A thread's scheduling policy by name ("normal", "idle", "batch", "fifo",
 * "rr"; "?" when it could not be read): tid 0 = the calling thread. */
const char *bh_sched_name(pid_t tid);

/* A gg-server child process. Its stderr is read by a thread that notes the
 * `event=listening` line (time and port), counts `event=game_recovered`
 * lines and warnings/errors, and keeps the rest out of the way. */
typedef struct bh_server {
    pid_t pid;
    int port;
    uint64_t t_spawn_ns;  /* just before fork */
    uint64_t t_listen_ns; /* when the listening line was read */
    char dir[512];        /* journal dir ("" without a journal) */
} bh_server;

/* Starts gg-server (--port 0, 127.0.0.1, --data dir or --no-journal) and
 * waits up to timeout_s for it to listen. Returns 0 or -1 (message printed;
 * the process is stopped). */
int bh_server_start(bh_server *s, const bh_opts *o, const char *dir, int timeout_s);
/* SIGTERM (or SIGKILL if kill9), then waits for the process. */
void bh_server_stop(bh_server *s, int kill9);
/* Lines the reader thread counted since the start. */
int bh_server_recovered(void);
int bh_server_warnings(void);

/* VmRSS / VmHWM of a process in KiB (0 if unreadable). */
long bh_rss_kib(pid_t pid, const char *field);
/* User+system CPU seconds a process has used. */
double bh_cpu_s(pid_t pid);
/* This process's CPU time (user + system), s, or -1. */
double bh_self_cpu_s(void);
/* The machine's busy CPU time, s (every CPU: /proc/stat's first line less
 * idle and iowait), or -1. */
double bh_machine_busy_s(void);
/* CPU seconds thread `th` has used (pthread_self() for the caller); -1 if
 * it cannot be read. */
double bh_thread_cpu_s(pthread_t th);

/* ---- bench_host_loop.c: where the server's time goes, per thread ---- */
/* The server's CPU split by thread, and its loop's figures from /metrics
 * (gg_loop_*, gg_settle_*; -1 where the server does not export them, e.g.
 * an older binary). Take one sample at the start and one at the end of a
 * phase; bh_loop_report fills the differences. */
#define BH_LOOP_BUCKETS 24
#define BH_SLOW_STEPS 6
/* One histogram of /metrics as read: its buckets' upper bounds (+Inf as
 * 1e300, last) and cumulative counts; nb = 0 when not exported. */
typedef struct bh_hist {
    int nb;
    double le[BH_LOOP_BUCKETS], cum[BH_LOOP_BUCKETS];
} bh_hist;
typedef struct bh_loop_sample {
    double t_s;                        /* monotonic time of the sample */
    double loop_cpu_s, other_cpu_s;    /* the main (loop) thread; every other thread */
    bh_hist iter;                      /* gg_loop_iteration_seconds */
    double busy_s, max_s, backlog_max; /* gg_loop_busy_seconds_total, ..._max, backlog max */
    double check_s[3]; /* gg_loop_check_seconds_total: bot results, commit+send, bot submit */
    double jobs_max, think_wait_max; /* gg_bot_jobs_alive_max, gg_bot_think_wait_max */
    /* the journal's WAL (-1: not exported): checkpoints on their thread,
     * stalls of the loop at the WAL's limit (count, longest), most pages */
    double ckpts, ckpt_stalls, ckpt_stall_max_s, wal_pages_max, wal_restarts;
    double wal_commits, wal_frames; /* gg_journal_wal_commits_total / _frames_total (-1: none) */
    double ckpt_s;                  /* gg_journal_checkpoint_seconds_total */
    bh_hist sync;                   /* gg_journal_sync_seconds */
    /* bounded input (-1: not exported): most games waiting, iterations
     * that left commands for later, commands that waited */
    double input_backlog_max, input_deferred, input_queued;
    double bot_thread_nice;                /* of the bots' worker threads (-1: not exported) */
    bh_hist reply_wait;                    /* gg_reply_wait_seconds */
    bh_hist input_wait, game_wait;         /* gg_input_wait_seconds, gg_game_wait_seconds */
    double outbox_flushes, outbox_flush_s; /* gg_outbox_sync_flush* (-1: not exported) */
    /* --durability (-1: not exported): gg_sent_unsynced_total,
     * gg_journal_unsynced_limited_total, gg_journal_durability{mode="process"},
     * gg_journal_acked_unsynced_seconds */
    double sent_unsynced, unsynced_limited, durability_process;
    bh_hist acked_unsynced; /* gg_journal_acked_unsynced_seconds */
    double self_cpu_s;      /* bench-host's own CPU (every thread) */
    /* slow iterations (gg_loop_slow_*; -1: not exported): count, busy time,
     * time by step (BH_SLOW_STEPS, bh_slow_steps), time off a CPU,
     * voluntary and involuntary context switches */
    double slow, slow_s, slow_step_s[BH_SLOW_STEPS], slow_offcpu_s, slow_vol, slow_invol;
} bh_loop_sample;
extern const char *const bh_slow_steps[BH_SLOW_STEPS]; /* the server's step names */
void bh_loop_sample_take(const bh_server *s, bh_loop_sample *out);
/* The value of metric NAME (a "NAME VALUE" line) from the server's GET
 * /metrics, or -1. */
double bh_server_metric(const bh_server *s, const char *name);
typedef struct bh_loop_report {
    double loop_cpu_share, workers_cpu_share;      /* of one core, over the phase */
    double loop_busy_share;                        /* the server's own count, over the phase */
    double iter_p50_us, iter_p99_us, iter_p999_us; /* upper bound of the bucket holding it */
    double iter_max_us, iterations, backlog_max;
    double jobs_max, think_wait_max; /* bot jobs alive at most; games waiting for one */
    double check_share[3]; /* shares of the phase's wall time in each end-of-iteration step */
    double ckpts, ckpt_stalls, ckpt_stall_max_ms, wal_pages_max, wal_restarts; /* phase; max */
    /* the journal's writes over the phase (-1: not exported): WAL pages per
     * commit, WAL MiB per second, one fdatasync's p50/p99 (bucket bounds) */
    double wal_pages_per_commit, wal_mib_per_s, sync_p50_us, sync_p99_us;
    double ckpt_ms_mean; /* one checkpoint on the thread, on average */
    double input_backlog_max, input_deferred, input_queued; /* max; over the phase */
    double bot_thread_nice;                                 /* at the phase's end */
    /* a direct reply's wait in the server (queued -> sent), bucket bounds */
    double reply_wait_p50_us, reply_wait_p99_us;
    /* a message's wait in its game's queue (arrival -> applied), bucket
     * bounds: for the input budget, behind its game's bots; and how many */
    double input_wait_p99_us, game_wait_p99_us, input_waits, game_waits;
    double outbox_flushes, outbox_flush_ms; /* mid-iteration commits+syncs on the loop */
    /* --durability process (-1: not exported): messages sent before their
     * sync and groups held back by the window over the phase; 1 when the
     * server ran in process mode; the acknowledged-unsynced window's p99
     * (from commit to sync, bucket bound) */
    double sent_unsynced, unsynced_limited, durability_process, acked_unsynced_p99_us;
    double self_cpu_share; /* bench-host's own CPU, of one core */
    /* slow iterations (>= the server's GG_LOOP_SLOW_US) over the phase: how
     * many, their busy time's share in each step and off a CPU, their
     * voluntary and involuntary context switches per slow iteration */
    double slow, slow_step_share[BH_SLOW_STEPS], slow_offcpu_share, slow_vol, slow_invol;
} bh_loop_report;
void bh_loop_report_make(const bh_loop_sample *a, const bh_loop_sample *b, bh_loop_report *r);

/* Makes a fresh directory under root (mkdtemp); returns 0 or -1. */
int bh_mkdir(const char *root, const char *tag, char *out, size_t cap);
/* Removes a directory tree made by bh_mkdir. */
void bh_rmtree(const char *dir);
/* Size of a directory's files in bytes. */
long long bh_du(const char *dir);

/* ---- protocol over one gg_client ---- */

/* Opens a connection to 127.0.0.1:port and says hello. NULL on failure. */
gg_client *bh_connect(int port, int tcp);
/* Sends *m with a fresh rid (m->rid is set) and waits up to timeout_ms for
 * the direct reply with that rid into *reply; every other message goes to
 * on_other (may be NULL). Returns 0 when the reply is not an error, its
 * error code when it is, 1 on timeout, or a transport error. */
int bh_request(gg_client *c, gg_msg *m, gg_msg *reply, int timeout_ms,
               void (*on_other)(const gg_msg *, void *), void *ud);
/* The value of server metric `name` from a `stats` reply (-1 if absent). */
int64_t bh_stat(const gg_msg *stats, const char *name);
/* Fills a create_game for `scenario` with no deadlines and seed `seed`;
 * bot_mask: seats to give to server bots (greedy). */
void bh_create_msg(gg_msg *m, const char *scenario, uint64_t seed, unsigned bot_mask);

/* Monotonic nanoseconds. */
uint64_t bh_now_ns(void);
/* Sorts v[0..n) and returns the q-quantile (0..1). */
double bh_quantile(uint64_t *v, size_t n, double q);

/* ---- seats of games in the orders phase (bench_host_orders.c) ---- */

/* One seat's connection, its view and the greedy orders it re-sends. */
typedef struct bh_seat {
    gg_client *c;
    int tr; /* transport: 0 ENet, 1 TCP, GG_CLIENT_WS */
    int who;
    gg_state view;
    gg_orders orders;
    double tokens;
    uint64_t refill_ns;
    /* tput */
    uint64_t sent_at[64]; /* by rid % 64 (at most 64 in flight) */
    uint32_t next;        /* per-seat request counter */
    int owed;
} bh_seat;
/* Creates ceil(n/4) games of --scenario without deadlines or bots, joins all
 * their seats (4 connections per game; the transport is o->tcp, every other
 * one TCP under --pair), makes every seat `ready` so that each game enters
 * the orders phase, and gives each seat greedy orders. Returns the number of
 * seats (a multiple of 4) or -1 (message printed). */
int bh_setup_seats(const bh_server *srv, const bh_opts *o, int n, bh_seat **out);
void bh_close_seats(bh_seat *seats, int n);
/* Encodes one request (ping or the seat's orders) with the seat's next rid:
 * (idx + 1) << 16 | counter, so rid % 64 names an in-flight slot. Returns
 * the length or a negative error. */
int bh_encode_req(bh_seat *s, int idx, int orders, uint8_t *buf, size_t cap, uint32_t *rid);

/* Latency probe (bench_host_probe.c): one game over ENet and one over TCP, all
 * four seats in the orders phase, re-sending orders at `rate` per second
 * from a thread of its own (send -> `ok`), so that the round trip
 * of a client that is served promptly is measured while other load runs.
 * Open loop: requests leave at their intended times whatever is still in
 * flight (a backlog after a stall of the probe is paced under the server's
 * per-connection limit, not sent back to back); latency counts from the
 * intended send time, p99_service_us from the actual send. */
typedef struct bh_probe bh_probe;
typedef struct bh_probe_result {
    size_t n;
    double p50_us, p99_us, max_us, p99_enet_us, p99_tcp_us; /* from the intended send */
    double p99_service_us;                                  /* from the actual send */
    long late;       /* requests sent more than one period after their intended time */
    long unanswered; /* in flight when the probe stopped (neither counted nor errors) */
    int err_send_enet, err_send_tcp; /* err_send by transport */
    int errors;
    /* errors by kind: the send failed; no reply within 5 s or the connection
     * closed; an `error` reply (the first one's code in first_error) */
    int err_send, err_no_reply, err_reply, first_error;
    const char *sched; /* the probe thread's policy when it stopped (bh_sched_name) */
    double cpu_share;  /* the probe thread's CPU while measuring, of one core */
    /* The round trips whose intended send time is in the steady window
     * (bh_probe_window): how many, p50 and p99 (-1: none) */
    size_t n_steady;
    double p50_steady_us, p99_steady_us;
    /* p99 (ms) of the round trips by intended send time, one per
     * BH_PROBE_SERIES_S seconds from the window's series start, comma-separated
     * ("-" for a period without any) */
    char series[1024];
} bh_probe_result;
#define BH_PROBE_SERIES_S 10
/* Sets the probe games up (on the calling thread) and starts the thread;
 * NULL on failure (message printed). */
bh_probe *bh_probe_start(const bh_server *srv, const bh_opts *o, double rate);
/* Round trips are recorded only while measuring is on. */
void bh_probe_measure(bh_probe *p, int on);
/* The steady window: round trips intended in [from_ns, to_ns) (bh_now_ns
 * clock) are also reported apart; the series starts at series_ns. */
void bh_probe_window(bh_probe *p, uint64_t series_ns, uint64_t from_ns, uint64_t to_ns);
/* Stops the thread, fills *out (if not NULL) and frees everything. */
void bh_probe_stop(bh_probe *p, bh_probe_result *out);

/* ---- whole games (bench_host_games.c) ---- */

/* Creates n games on the lobby connection (waiting out the server's rate
 * limit); codes[g*4+seat] get the seat codes. Returns 0 or an error code. */
int bh_create_games(gg_client *lobby, const bh_opts *o, int n, unsigned bot_mask, gg_name_t *codes);
/* One `stats` request; returns 0 and the reply in m[1], or -1. m[1] is its
 * first part, which holds every metric but the error counters (later parts,
 * never read: bh_request passes over replies to other requests). */
int bh_get_stats(gg_client *lobby, gg_msg *m);
/* Joins a reference bot playing `strategy` (gg_bot_init's names) to the
 * seat with `code` over TCP, or a WebSocket (transport GG_CLIENT_WS,
 * GG_CLIENT_WS_JSON). 0 or an error. */
int bh_join_player(gg_player *p, int port, int transport, const char *strategy, const char *code);

/* Modes. Each returns the process exit status. */
int bh_mode_rtt(const bh_opts *o);  /* bench_host_orders.c */
int bh_mode_tput(const bh_opts *o); /* bench_host_orders.c */
int bh_mode_capacity(const bh_opts *o);
int bh_mode_recovery(const bh_opts *o);

#endif /* BENCH_HOST_H */
