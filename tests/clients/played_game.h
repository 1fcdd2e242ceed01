/* played_game.h — a game played here command by command with greedy bots,
 * each command the rules accept kept as a journal record (kind = who, or
 * GG_REC_JOIN), for the tests of what reads a journal: the debrief
 * (test_debrief_data.c) and a fork (test_fork_data.c). One game at a time:
 * the records are this module's. */
#ifndef GG_TEST_PLAYED_GAME_H
#define GG_TEST_PLAYED_GAME_H

#include <stddef.h>
#include <stdint.h>

#include "gg/bots.h"
#include "gg/game.h"

#define PG_MAXREC 512

typedef struct pg_rec {
    int kind; /* who applied it, or GG_REC_JOIN */
    int type; /* the command's message type; -1 for a join */
    uint8_t p[GG_MAX_MESSAGE];
    size_t n;
} pg_rec;

extern pg_rec pg_recs[PG_MAXREC];
extern int pg_nrec;

typedef struct pg_game pg_game;
struct pg_game {
    gg_state s;            /* set up by the caller (gg_init) */
    gg_bot bots[GG_SEATS]; /* likewise (gg_bot_init): they give the orders */
    /* Each diplomacy phase, before the server's ready: may apply more
     * commands (pg_apply). 0 or non-zero to stop. NULL: none. */
    int (*diplomacy)(pg_game *g);
    /* Once every seat's orders are in, before the ready. NULL: none. */
    int (*orders_in)(pg_game *g);
    /* After each command applied: the turn it resolved, or 0. NULL: none. */
    void (*applied)(pg_game *g, int resolved);
};

/* Appends `m` as a record of `kind`. 0, or non-zero when it does not fit. */
int pg_record(int kind, const gg_msg *m);

/* Applies `m` as `who`; when the rules accept it, records it and calls
 * g->applied. The rules' error code, 0, or 1 when it could not be kept. */
int pg_apply(pg_game *g, int who, gg_msg *m);

/* Plays g->s to its end: the hooks' commands, each seat's greedy orders (a
 * refused set replaced by holding), the server's readies and Kazakhstan's
 * crisis responses. 0, or non-zero when a command was refused. */
int pg_play(pg_game *g);

/* The records so far as a replay file of `scenario` from `seed` (finished
 * or not), copied into *out (malloc; the caller frees it). 0 or non-zero. */
int pg_replay(const char *scenario, uint64_t seed, int finished, uint8_t **out, size_t *len);
/* The same with the game's `turns` (a shortened game) in the header's
 * create_game options; 0 = the scenario's length. */
int pg_replay_turns(const char *scenario, uint64_t seed, int finished, int turns, uint8_t **out,
                    size_t *len);

#endif
