/* input.c — bounded input (issue 17): one epoll pass may hand the loop
 * hundreds of networked seats' commands, each applied and journaled in
 * place. Per loop iteration the poll phase applies at most GG_INPUT_SLICE
 * game commands or GG_INPUT_BUDGET_US of the loop thread's CPU from the
 * first of them (host_limits.h); past that a command waits in its game's queue
 * (host_game.deferred, the queue a game's messages wait in behind its
 * bots), the game in h->input, oldest first. The check then applies a
 * slice of the waiting ones (the same limits, its own count), game by game
 * (all of a game's waiting commands while the slice lasts, the rest at its
 * next turn), before the settle slice, the commit and the sends. So
 * one iteration applies at most two slices of commands: new ones where they
 * are read, and waiting ones at its end. New commands are not held behind
 * the waiting ones (they would then wait for the whole backlog, which
 * drains only by what the slice leaves after the new arrivals), except a
 * game's own: once a game has a message waiting, its next ones queue behind
 * it. A game whose command made it busy (bots, a settle due) leaves the
 * queue: its bots' path drains its messages once it settles
 * (gg__host_drain_game), in order. So every game's commands, and every
 * session's messages, keep the order they arrived in; only when they are
 * applied changes. */
#include <unistd.h>

#include "host.h"

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
    return h->input_n >= slice || (h->input_t0 && budget_ns != UINT64_MAX &&
                                   gg__host_thread_cpu_ns() - h->input_t0 >= budget_ns);
}

int gg__host_input_allowed(host *h)
{
#ifdef GG_TEST_HOOKS
    if (input_held(h))
        return 0;
#endif
    return !spent(h);
}

void gg__host_input_applied(host *h)
{
#ifdef GG_TEST_HOOKS
    h->test_block = h->cfg.test_block_file != NULL;
#endif
    if (!h->input_t0)
        h->input_t0 = gg__host_thread_cpu_ns();
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
    gg__host_kick(h);
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
    uint32_t slice, polled = h->input_n, n = 0;
    uint64_t budget_ns, t0 = 0;
    limits(h, &slice, &budget_ns);
    int held = 0;
#ifdef GG_TEST_HOOKS
    held = input_held(h);
#endif
    while (h->input && !held && n < slice &&
           (!t0 || budget_ns == UINT64_MAX || gg__host_thread_cpu_ns() - t0 < budget_ns)) {
        host_game *g = pop(h);
        if (!g->ndeferred || gg__game_busy(g))
            continue; /* drained already, or its bots' path drains it once it settles */
        if (!t0)
            t0 = gg__host_thread_cpu_ns();
        do { /* its waiting commands, while the slice lasts (a game that sends many
                at once, like the bench's probe, is not served one per round) */
            n++;
            gg__host_drain_one(h, g);
        } while (g->ndeferred && !gg__game_busy(g) && n < slice &&
                 (budget_ns == UINT64_MAX || gg__host_thread_cpu_ns() - t0 < budget_ns));
        if (g->ndeferred && !gg__game_busy(g) && !g->input_queued) { /* the rest, in turn */
            h->m.input_queued--; /* not a new wait: gg__host_input_wait counts one */
            gg__host_input_wait(h, g);
        }
    }
    if (polled + n > h->m.input_slice_max)
        h->m.input_slice_max = polled + n;
    if (h->input) {
        h->m.input_deferred++;
        if (!held)
            gg__host_kick(h);
    }
    h->input_n = 0; /* the next iteration's budget */
    h->input_t0 = 0;
}
