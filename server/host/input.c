/* input.c — bounded input (issue 17): the networked seats' commands one
 * loop iteration applies, where they are read and at its end together, are
 * at most GG_INPUT_SLICE or GG_INPUT_BUDGET_US of the loop thread's CPU
 * (host.h). One epoll pass may hand the loop hundreds of sessions'
 * commands, each applied and journaled in place; past the budget they wait
 * in their games' queues (host_game.deferred, the queue a game's messages
 * wait in behind its bots), and the games in h->input, oldest first. While
 * any game waits there, every new game command queues too (behind them:
 * nobody overtakes), and the check applies the next slice, one command per
 * game in turn, before the settle slice, the commit and the sends. A game
 * whose command made it busy (bots, a settle due) leaves the queue: its
 * bots' path drains its messages once it settles (gg__host_drain_game), in
 * order. So every game's commands, and every session's messages, keep the
 * order they arrived in; only when they are applied changes. */
#include <time.h>
#include <unistd.h>

#include "host.h"

/* CPU time of the loop's thread (as bot_work.c's settle budget: a
 * preempted thread does not shrink its slices). */
static uint64_t thread_cpu_ns(void)
{
    struct timespec ts;
    if (clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts) != 0)
        return uv_hrtime();
    return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

static void on_kick(uv_idle_t *i)
{
    (void)i; /* keeps the poll phase from blocking before the next check */
}

static void kick(host *h)
{
    if (!h->kick_on && !h->closing && uv_is_active((const uv_handle_t *)&h->flush)) {
        uv_idle_start(&h->kick, on_kick);
        h->kick_on = 1;
    }
}

#ifdef GG_TEST_HOOKS
static void on_input_hold(uv_timer_t *t)
{
    (void)t; /* wakes the loop: the check looks at the hold file again */
}

/* --test-hold-input: while the file exists every game command waits. */
static int input_held(host *h)
{
    if (!h->cfg.test_hold_input || access(h->cfg.test_hold_input, F_OK) != 0)
        return 0;
    if (!h->closing && !uv_is_active((const uv_handle_t *)&h->input_hold)) {
        h->input_hold.data = h;
        uv_timer_start(&h->input_hold, on_input_hold, 10, 0);
    }
    return 1;
}
#endif

/* The slice and the CPU budget of one iteration (the test build's
 * --test-input-slice: the count alone, no timing). */
static void limits(const host *h, uint32_t *slice, uint64_t *budget_ns)
{
    *slice = GG_INPUT_SLICE;
    *budget_ns = (uint64_t)GG_INPUT_BUDGET_US * 1000u;
#ifdef GG_TEST_HOOKS
    if (h->cfg.test_input_slice > 0) {
        *slice = (uint32_t)h->cfg.test_input_slice;
        *budget_ns = UINT64_MAX;
    }
#else
    (void)h;
#endif
}

static int spent(const host *h)
{
    uint32_t slice;
    uint64_t budget_ns;
    limits(h, &slice, &budget_ns);
    return h->input_n >= slice ||
           (h->input_t0 && budget_ns != UINT64_MAX && thread_cpu_ns() - h->input_t0 >= budget_ns);
}

int gg__host_input_allowed(host *h)
{
#ifdef GG_TEST_HOOKS
    if (input_held(h))
        return 0;
#endif
    return !h->input && !spent(h);
}

void gg__host_input_applied(host *h)
{
    if (!h->input_t0)
        h->input_t0 = thread_cpu_ns();
    h->input_n++;
}

void gg__host_input_wait(host *h, host_game *g)
{
    h->m.input_queued++;
    if (g->input_queued)
        return;
    g->input_queued = 1;
    g->next_input = NULL;
    if (!h->input)
        h->input_tail = &h->input;
    *h->input_tail = g;
    h->input_tail = &g->next_input;
    if (++h->m.input_backlog > h->m.input_backlog_max)
        h->m.input_backlog_max = h->m.input_backlog;
    kick(h);
}

void gg__host_input_forget(host_game *g)
{
    host *h = g->h;
    if (!g->input_queued)
        return;
    host_game *prev = NULL;
    for (host_game **p = &h->input; *p; prev = *p, p = &(*p)->next_input)
        if (*p == g) {
            *p = g->next_input;
            if (!*p)
                h->input_tail = prev ? &prev->next_input : &h->input;
            break;
        }
    g->input_queued = 0;
    h->m.input_backlog--;
}

/* Takes the oldest game off the queue. */
static host_game *pop(host *h)
{
    host_game *g = h->input;
    h->input = g->next_input;
    g->input_queued = 0;
    h->m.input_backlog--;
    return g;
}

void gg__host_input_drain(host *h)
{
    uint32_t slice;
    uint64_t budget_ns;
    limits(h, &slice, &budget_ns);
    int held = 0;
#ifdef GG_TEST_HOOKS
    held = input_held(h);
#endif
    while (h->input && !held && !spent(h)) {
        host_game *g = pop(h);
        if (!g->ndeferred || gg__game_busy(g))
            continue; /* drained already, or its bots' path drains it once it settles */
        gg__host_input_applied(h);
        gg__host_drain_one(h, g);
        if (g->ndeferred && !gg__game_busy(g) && !g->input_queued) { /* its next, in turn */
            h->m.input_queued--; /* not a new wait: gg__host_input_wait counts one */
            gg__host_input_wait(h, g);
        }
    }
    if (h->input_n > h->m.input_slice_max)
        h->m.input_slice_max = h->input_n;
    if (h->input) {
        h->m.input_deferred++;
        if (!held)
            kick(h);
    }
    h->input_n = 0; /* the next iteration's budget */
    h->input_t0 = 0;
}
