/* loop_wake.h — another thread wakes the loop: a write to an eventfd the
 * loop polls. Used instead of uv_async_t: libuv 1.44's uv_async_send (the
 * version Debian 12 ships) makes the loop spin, then sched_yield, while the
 * sending thread is between its two atomic steps; a sender preempted there
 * (typically by the very loop it just woke) holds the loop up, and a
 * niced sender for a whole scheduler slice (BENCHMARKS.md, issue 17: the
 * loop's thread made 433 sched_yield calls a second at 2,000 games).
 * loop_wake_signal never makes the loop wait for the sender.
 *
 * Contracts: init and close on the loop's thread; signal from any thread,
 * any number of times (wakes coalesce: the callback runs at least once
 * after each signal, on the loop). The handle is the struct's first member,
 * so a close callback may free a struct whose first member is a loop_wake. */
#ifndef GG_LOOP_WAKE_H
#define GG_LOOP_WAKE_H

#include <uv.h>

typedef struct loop_wake loop_wake;
struct loop_wake {
    uv_poll_t poll; /* first: the close callback gets its address */
    int efd;
    void (*cb)(loop_wake *w);
    void *data;
};

/* Returns 0 or a libuv error code. The handle does not keep the loop
 * running by itself (unref'd). */
int loop_wake_init(loop_wake *w, uv_loop_t *loop, void (*cb)(loop_wake *w));
void loop_wake_signal(loop_wake *w);
/* Stops and closes; `close_cb` (may be NULL) gets (uv_handle_t *)w. */
void loop_wake_close(loop_wake *w, uv_close_cb close_cb);

#endif
