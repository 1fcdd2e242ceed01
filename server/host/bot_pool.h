/* bot_pool.h — the worker threads server bots think on (bot_work.c).
 *
 * Why not libuv's pool: the bots' threads run nicer than the loop (so the
 * loop's replies come first), and libuv's pool wakes the loop with
 * uv_async_send after every work item, which in libuv 1.44 can hold the
 * loop up behind a preempted niced worker (loop_wake.h). Here a worker
 * hands a finished task back with one atomic push and a loop_wake signal:
 * the loop never waits for a worker. The loop hands tasks over with a
 * trylock (bot_pool_submit): when a worker holds the queue's lock at that
 * instant the task is held, in order, and bot_pool_retry queues it on a
 * later loop iteration: the loop never waits for a worker either.
 *
 * Contracts:
 * - work() runs on a worker thread, done() on the loop's thread, once per
 *   submitted task, in no fixed order between tasks.
 * - A task is the caller's memory; the pool only links it (t->next) from
 *   submission until done() is called.
 * - bot_pool_close() runs on the loop: it waits for the tasks the workers
 *   are thinking on (a bot's move is bounded, GG_BOT_MOVE_BUDGET_MS), then
 *   calls done() for every task: status 0 for those that ran, BOT_POOL_
 *   CANCELED for those that never started (queued or held). Submitting
 *   after close returns -1. */
#ifndef GG_BOT_POOL_H
#define GG_BOT_POOL_H

#include <stdatomic.h>
#include <stdint.h>

#include <pthread.h>
#include <uv.h>

#include "loop_wake.h"

#define BOT_POOL_MAX_THREADS 64
#define BOT_POOL_CANCELED 1

typedef struct bot_task bot_task;
struct bot_task {
    bot_task *next;
    void (*work)(bot_task *t);
    void (*done)(bot_task *t, int status);
};

typedef struct bot_pool {
    int nthreads;
    int nice;       /* how much nicer than the loop the workers run (0: as the loop) */
    int sched_idle; /* the workers also take SCHED_IDLE (Linux) */
    pthread_t threads[BOT_POOL_MAX_THREADS];
    /* loop -> workers: a FIFO under `mu`; workers sleep on `cv` */
    pthread_mutex_t mu;
    pthread_cond_t cv;
    bot_task *head, **tail;
    int stop;
    /* the loop's own: tasks that found `mu` busy, oldest first */
    bot_task *held, **held_tail;
    /* workers -> loop: a lock-free stack (newest first), then a wake */
    _Atomic(bot_task *) finished;
    loop_wake wake;
    int started, closed;
    /* what the workers got (the loop reads them for /metrics) */
    atomic_uint_fast64_t niced, idled;
    atomic_int nice_now;
} bot_pool;

/* Starts `nthreads` workers (1..BOT_POOL_MAX_THREADS) that lower their own
 * priority by `nice` over the loop's (at most 19) and, with `sched_idle`,
 * take SCHED_IDLE. Returns 0 or a libuv error code (then nothing runs). */
int bot_pool_start(bot_pool *p, uv_loop_t *loop, int nthreads, int nice, int sched_idle);

/* On the loop: queues `t` for a worker (0), or holds it behind any held
 * task when a worker has the queue's lock this instant or tasks are held
 * already (1: call bot_pool_retry on a later iteration), or -1 when the
 * pool is not running (nothing kept: the caller runs the task itself). */
int bot_pool_submit(bot_pool *p, bot_task *t);

/* On the loop: queues the held tasks, oldest first, while the lock is
 * free. Returns how many are still held. */
int bot_pool_retry(bot_pool *p);

/* See the contracts above. Safe on a pool that never started. */
void bot_pool_close(bot_pool *p);

#endif
