/* Join-code guard (lobby_guard.h): per-address wrong-code limits with a
 * doubling backoff, and a server-wide budget of wrong codes per minute. */
#include <stdio.h>
#include <string.h>

#include "host.h"
#include "log.h"

void gg__guard_addr(const char *peer, char *out, size_t n)
{
    snprintf(out, n, "%s", peer);
    char *colon = strrchr(out, ':');
    if (colon && colon != out)
        *colon = '\0';
    if (out[0] == '[' && colon && colon[-1] == ']') { /* "[::1]:port" */
        colon[-1] = '\0';
        memmove(out, out + 1, strlen(out));
    }
}

/* The slot of addr, or NULL. */
static host_guard_addr *find(host_guard *g, const char *addr)
{
    for (int i = 0; i < GG_JOIN_GUARD_ADDRS; i++)
        if (g->a[i].addr[0] && !strcmp(g->a[i].addr, addr))
            return &g->a[i];
    return NULL;
}

/* A slot for addr: its own, a free or forgotten one, or else the one
 * whose last wrong code is oldest (a flood of addresses forgets the oldest). */
static host_guard_addr *take(host_guard *g, const char *addr, uint64_t now)
{
    host_guard_addr *x = find(g, addr), *old = &g->a[0];
    if (x)
        return x;
    for (int i = 0; i < GG_JOIN_GUARD_ADDRS; i++) {
        x = &g->a[i];
        if (!x->addr[0] || (now > x->until_ms && now - x->last_ms > GG_JOIN_FORGET_MS))
            break;
        if (x->last_ms < old->last_ms)
            old = x;
        x = NULL;
    }
    if (!x)
        x = old;
    memset(x, 0, sizeof *x);
    snprintf(x->addr, sizeof x->addr, "%s", addr);
    return x;
}

int gg__guard_join_allowed(host *h, const char *addr)
{
    host_guard_addr *x = find(&h->guard, addr);
    if (x && uv_now(h->loop) < x->until_ms) {
        h->guard.refused++;
        return GG_ERATE_LIMITED;
    }
    return 0;
}

void gg__guard_join_failed(host *h, const char *addr, const char *sid)
{
    host_guard *g = &h->guard;
    uint64_t now = uv_now(h->loop);
    if (g->budget_ms == 0) /* first use: a full minute's budget */
        g->budget = GG_JOIN_FAILS_SERVER_PER_MIN;
    else
        g->budget += (double)(now - g->budget_ms) * GG_JOIN_FAILS_SERVER_PER_MIN / 60000.0;
    if (g->budget > GG_JOIN_FAILS_SERVER_PER_MIN)
        g->budget = GG_JOIN_FAILS_SERVER_PER_MIN;
    g->budget_ms = now ? now : 1;
    int over_budget = g->budget < 1;
    if (!over_budget)
        g->budget -= 1;

    host_guard_addr *x = take(g, addr, now);
    if (now - x->last_ms > GG_JOIN_FORGET_MS)
        x->fails = 0;
    x->last_ms = now;
    x->fails++;
    /* Over the server-wide budget, any failing address backs off at once. */
    if (x->fails < GG_JOIN_FAILS_PER_ADDR && !over_budget)
        return;
    uint64_t wait = GG_JOIN_BACKOFF_MS;
    for (uint32_t i = 0; i < x->backoffs && wait < GG_JOIN_BACKOFF_MAX_MS; i++)
        wait *= 2;
    if (wait > GG_JOIN_BACKOFF_MAX_MS)
        wait = GG_JOIN_BACKOFF_MAX_MS;
    x->until_ms = now + wait;
    x->backoffs++;
    g->backoffs++;
    char ms[24];
    snprintf(ms, sizeof ms, "%llu", (unsigned long long)wait);
    gg_log(GG_LOG_WARN, "join_backoff", "addr", addr, "sid", sid, "ms", ms, "reason",
           over_budget ? "server_budget" : "address", GG_LOG_END);
}
