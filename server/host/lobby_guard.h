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

struct host;
/* The address part of a peer name ("1.2.3.4:5678" -> "1.2.3.4"). */
void gg__guard_addr(const char *peer, char *out, size_t n);
/* 0 if a join from addr may be checked now, GG_ERATE_LIMITED while the
 * address is backing off (the code is then not looked at). */
int gg__guard_join_allowed(struct host *h, const char *addr);
/* Records a wrong code from addr; may start a backoff (logged). */
void gg__guard_join_failed(struct host *h, const char *addr, const char *sid);

#endif
