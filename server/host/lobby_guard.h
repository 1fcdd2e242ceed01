/* Join-code guard: wrong join codes are limited per client address (not per
 * connection, so reconnecting does not reset them) with a doubling backoff,
 * and across the whole server (see GG_JOIN_* in include/gg/limits.h). */
#ifndef GG_HOST_LOBBY_GUARD_H
#define GG_HOST_LOBBY_GUARD_H

#include <stddef.h>
#include <stdint.h>

#include "gg/limits.h"

#define GG_GUARD_ADDR_LEN 48

/* One address that gave wrong codes recently. */
typedef struct host_guard_addr {
    char addr[GG_GUARD_ADDR_LEN]; /* "" = free slot */
    uint32_t fails;               /* wrong codes since the address was last forgotten */
    uint32_t backoffs;            /* backoffs so far (each doubles the next) */
    uint64_t until_ms;            /* joins refused until this loop time */
    uint64_t last_ms;             /* loop time of the last wrong code */
} host_guard_addr;

typedef struct host_guard {
    host_guard_addr a[GG_JOIN_GUARD_ADDRS];
    double budget;      /* server-wide wrong codes left in this minute (token bucket) */
    uint64_t budget_ms; /* loop time of the last refill */
    uint64_t refused;   /* joins refused by the guard (metric) */
    uint64_t backoffs;  /* backoffs started (metric) */
} host_guard;

/* One address's create_game token bucket (GG_CREATE_BURST, refilled at
 * the host's create_per_min). */
typedef struct host_create_addr {
    char addr[GG_GUARD_ADDR_LEN]; /* "" = free slot */
    double tokens;
    uint64_t last_ms; /* loop time of the last refill */
} host_create_addr;

typedef struct host_create_guard {
    host_create_addr a[GG_CREATE_GUARD_ADDRS];
    uint64_t refused_key, refused_games, refused_rate; /* create_game refusals (metrics) */
    uint64_t archived;                                 /* games archived as abandoned */
} host_create_guard;

struct host;
struct host_game;
struct host_session;
struct gg_msg;
struct gg_game_summary;
/* The address part of a peer name ("1.2.3.4:5678" -> "1.2.3.4"). */
void gg__guard_addr(const char *peer, char *out, size_t n);
/* 0 if a join from addr may be checked now, GG_ERATE_LIMITED while the
 * address is backing off (the code is then not looked at). */
int gg__guard_join_allowed(struct host *h, const char *addr);
/* Records a wrong code from addr; may start a backoff (logged). */
void gg__guard_join_failed(struct host *h, const char *addr, const char *sid);

/* ---- lobby_limits.c: who may create games, how many, how fast; abandonment */

/* Whether session s may create a game now with create_game m: the creator
 * key (when the server has one), the address's games in play (counted in
 * memory, see GG_MAX_GAMES_PER_ADDR) and its creation rate. Returns 0 (and
 * takes a token), GG_EBAD_CREATE_KEY, GG_ETOO_MANY_GAMES or
 * GG_ECREATE_TOO_FAST; *where names the field or limit for the error. */
int gg__lobby_create_allowed(struct host *h, const char *addr, const struct gg_msg *m,
                             const char **where);
/* Games in play created from addr (recovered games count for nobody). */
int gg__lobby_games_of(const struct host *h, const char *addr);
/* Archives the games in play nobody has been attached to for the host's
 * abandon time (see GG_GAME_ABANDON_S); called by the host's sweep. */
void gg__lobby_sweep(struct host *h);
/* Whether a finished game of the journal was archived as abandoned (its
 * stored result is the `notice` "archived"), not played to its end. */
int gg__lobby_is_archived(struct host *h, int64_t store_id);
/* The sweep's period for the host's settings, in milliseconds. */
uint64_t gg__lobby_sweep_ms(const struct host *h);

#endif
