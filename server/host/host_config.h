/* host_config.h — what gg-server is told at start (main.c parses its
 * options into it; GG_HOST_CONFIG_DEFAULTS is every field's default): the
 * server's configuration, apart from host.h's runtime state. Fields marked
 * "test builds only" exist for the test hooks (GG_TEST_HOOKS). Using the
 * defaults also needs GG_NET_DEFAULT_PORT (net/net.h). */
#ifndef GG_HOST_CONFIG_H
#define GG_HOST_CONFIG_H

#include "gg/limits.h"
#include "host_limits.h" /* the GG_DEFAULT_* and GG_DURABILITY_* the defaults name */

typedef struct host_config {
    const char *bind;
    int port;
    const char *data_dir; /* NULL = no journal (--no-journal) */
    int max_games;
    const char *default_bot;
    int bot_nice;             /* --bot-nice: the pool's threads run this much nicer (GG_BOT_NICE) */
    int bot_sched_idle;       /* --bot-sched idle: the pool's threads also take SCHED_IDLE */
    int loop_slice_us;        /* --loop-slice-us: the loop thread's scheduler slice (0: the
                                 kernel's; GG_LOOP_SLICE_US) */
    int msg_rate;             /* messages per second per connection (default GG_MSG_RATE_PER_SEC) */
    int keep_finished_s;      /* see GG_FINISHED_KEEP_S */
    int test_storage_pages;   /* test builds (GG_TEST_HOOKS) only: the journal fills up
                               * after this many more pages */
    int test_fail_send_alloc; /* test builds only: the Nth growth of the reply queue fails */
    int http_port;            /* extra HTTP-only listener, 0 = none (--http-port) */
    const char *metrics_bind; /* "ADDR:PORT" for /metrics and /healthz only (--metrics-bind) */
    const char *allow_origin; /* WebSocket Origin allow-list (--allow-origin) */
    const char *web_root;     /* static files (--web-root); NULL = none */
    int handshake_ms;         /* --handshake-timeout-ms; 0 = GG_TCP_HANDSHAKE_TIMEOUT_MS */
    int max_per_addr;         /* --max-conns-per-addr; 0 = GG_MAX_CONNS_PER_ADDR */
    int test_fail_sync;       /* test builds only: the Nth journal sync fails */
    const char *test_hold_sync;   /* test builds only: syncs wait while this file exists */
    int durability;               /* --durability: GG_DURABILITY_MACHINE or _PROCESS */
    int unsynced_max_ms;          /* --unsynced-max-ms (process): GG_UNSYNCED_MAX_MS */
    int unsynced_max_groups;      /* --unsynced-max-groups (process): GG_UNSYNCED_MAX_GROUPS */
    int quarantine_corrupt;       /* --quarantine-corrupt: set damaged games aside, start anyway */
    const char *create_key;       /* --create-key; NULL = anyone may create games */
    int games_per_addr;           /* --max-games-per-addr; 0 = no limit */
    int create_per_min;           /* --create-per-min; 0 = no limit */
    int abandon_s;                /* --abandon-after; 0 = never */
    int idle_ms;                  /* --idle-timeout-ms; 0 = GG_TCP_IDLE_MS */
    int max_conns;                /* --max-conns: TCP connections at once; 0 = by the file limit */
    const char *reserve_from;     /* --reserve-from CIDR; NULL = loopback */
    int no_snapshots;             /* --no-snapshots: store none, recover by replaying every
                                     record (snapshot.c) */
    int test_settle_slice;        /* test builds only: bot results applied per iteration
                                     (0 = GG_SETTLE_SLICE), no time budget */
    const char *test_hold_settle; /* test builds only: no bot result is applied while
                                     this file exists */
    int test_input_slice;         /* test builds only: game commands applied per iteration
                                     (0 = GG_INPUT_SLICE), no time budget */
    const char *test_hold_input;  /* test builds only: game commands wait while this
                                     file exists */
    int test_stall_ms;            /* test builds only: a ping makes the iteration's settle
                                     step sleep this long (loop_time.c's slow iterations) */
    const char *test_block_file;  /* test builds only: the settle step of an iteration that
                                     applied a game command blocks while this file exists */
    int test_ckpt_pages;          /* test builds only: a checkpoint every N WAL pages */
    int test_wal_max_pages;       /* test builds only: the WAL's limit in pages */
    int test_bot_jobs_max;        /* test builds only: bot jobs alive at once
                                     (0 = GG_BOT_JOBS_MAX) */
    int test_resume_max_bytes;    /* test builds only: bytes a resume re-sends from the
                                     journal (0 = GG_RESUME_MAX_BYTES) */
} host_config;

/* host_config with every field at the server's default (GG_DEFAULT_*). */
#define GG_HOST_CONFIG_DEFAULTS                                                                    \
    {                                                                                              \
        .bind = GG_DEFAULT_BIND, .port = GG_NET_DEFAULT_PORT, .data_dir = GG_DEFAULT_DATA_DIR,     \
        .max_games = GG_DEFAULT_MAX_GAMES, .default_bot = GG_DEFAULT_BOT, .bot_nice = GG_BOT_NICE, \
        .loop_slice_us = GG_LOOP_SLICE_US, .msg_rate = GG_MSG_RATE_PER_SEC,                        \
        .keep_finished_s = GG_FINISHED_KEEP_S, .games_per_addr = GG_MAX_GAMES_PER_ADDR,            \
        .create_per_min = GG_CREATE_PER_MIN, .abandon_s = GG_GAME_ABANDON_S,                       \
        .durability = GG_DURABILITY_MACHINE, .unsynced_max_ms = GG_UNSYNCED_MAX_MS,                \
        .unsynced_max_groups = GG_UNSYNCED_MAX_GROUPS                                              \
    }

#endif
