/* bot_pool.c — the server bots' worker threads (see bot_pool.h for why
 * not libuv's pool, and the contracts). */
#ifdef __linux__
#define _GNU_SOURCE /* syscall(SYS_gettid): a thread's own nice value; SCHED_IDLE */
#include <sched.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#endif
#include <errno.h>
#include <string.h>

#include "bot_pool.h"

/* A worker lowers its own priority once, when it starts: `nice` over the
 * value it inherited from the loop's thread (which created it), at most
 * 19; with sched_idle it then also takes SCHED_IDLE. Neither needs a
 * privilege (a thread may always lower its own priority). */
static void lower_priority(bot_pool *p)
{
#ifdef __linux__
    if (p->nice > 0) {
        id_t tid = (id_t)syscall(SYS_gettid);
        errno = 0;
        int now = getpriority(PRIO_PROCESS, tid);
        int want = now + p->nice > 19 ? 19 : now + p->nice;
        if (!(now == -1 && errno != 0) && setpriority(PRIO_PROCESS, tid, want) == 0) {
            atomic_fetch_add(&p->niced, 1);
            atomic_store(&p->nice_now, want);
        }
    }
    if (p->sched_idle) {
        struct sched_param sp = {.sched_priority = 0};
        if (pthread_setschedparam(pthread_self(), SCHED_IDLE, &sp) == 0)
            atomic_fetch_add(&p->idled, 1);
    }
#else
    (void)p;
#endif
}

/* Hands a finished task to the loop: one atomic push, then a wake (never
 * a wait on the loop). */
static void finish(bot_pool *p, bot_task *t)
{
    bot_task *old = atomic_load(&p->finished);
    do
        t->next = old;
    while (!atomic_compare_exchange_weak(&p->finished, &old, t));
    loop_wake_signal(&p->wake);
}

static void *worker(void *arg)
{
    bot_pool *p = arg;
    lower_priority(p);
    pthread_mutex_lock(&p->mu);
    for (;;) {
        while (!p->head && !p->stop)
            pthread_cond_wait(&p->cv, &p->mu);
        if (p->stop)
            break; /* tasks still queued: bot_pool_close cancels them */
        bot_task *t = p->head;
        p->head = t->next;
        if (!p->head)
            p->tail = &p->head;
        pthread_mutex_unlock(&p->mu);
        t->work(t);
        finish(p, t);
        pthread_mutex_lock(&p->mu);
    }
    pthread_mutex_unlock(&p->mu);
    return NULL;
}

/* On the loop: done() for every finished task, in the order they finished
 * (the stack holds the newest first). */
static void drain(bot_pool *p)
{
    bot_task *t = atomic_exchange(&p->finished, NULL), *fifo = NULL;
    while (t) {
        bot_task *next = t->next;
        t->next = fifo;
        fifo = t;
        t = next;
    }
    while (fifo) {
        bot_task *next = fifo->next;
        fifo->done(fifo, 0);
        fifo = next;
    }
}

static void on_finished(loop_wake *w)
{
    drain(w->data);
}

int bot_pool_start(bot_pool *p, uv_loop_t *loop, int nthreads, int nice, int sched_idle)
{
    memset(p, 0, sizeof *p);
    if (nthreads < 1 || nthreads > BOT_POOL_MAX_THREADS)
        return UV_EINVAL;
    p->nice = nice;
    p->sched_idle = sched_idle;
    p->tail = &p->head;
    p->held_tail = &p->held;
    atomic_init(&p->finished, NULL);
    int err = loop_wake_init(&p->wake, loop, on_finished); /* unref'd: close() joins */
    if (err)
        return err;
    p->wake.data = p;
    pthread_mutex_init(&p->mu, NULL);
    pthread_cond_init(&p->cv, NULL);
    for (int i = 0; i < nthreads; i++) {
        if (pthread_create(&p->threads[i], NULL, worker, p) != 0) {
            p->nthreads = i;
            p->started = 1;
            bot_pool_close(p);
            return UV_EAGAIN;
        }
    }
    p->nthreads = nthreads;
    p->started = 1;
    return 0;
}

/* Queues `t` if the lock is free this instant; never waits for it. */
static int try_queue(bot_pool *p, bot_task *t)
{
    if (pthread_mutex_trylock(&p->mu) != 0)
        return 0; /* a worker is taking a task */
    t->next = NULL;
    *p->tail = t;
    p->tail = &t->next;
    pthread_cond_signal(&p->cv);
    pthread_mutex_unlock(&p->mu);
    return 1; /* the pool's now: t->next is the workers' */
}

int bot_pool_submit(bot_pool *p, bot_task *t)
{
    if (!p->started || p->closed)
        return -1;
    if (!p->held && try_queue(p, t))
        return 0;
    t->next = NULL;
    *p->held_tail = t;
    p->held_tail = &t->next;
    return 1;
}

int bot_pool_retry(bot_pool *p)
{
    while (p->held) {
        bot_task *t = p->held, *next = t->next; /* read before the pool owns t */
        if (!try_queue(p, t))
            break;
        p->held = next;
        if (!next)
            p->held_tail = &p->held;
    }
    int n = 0;
    for (bot_task *t = p->held; t; t = t->next)
        n++;
    return n;
}

void bot_pool_close(bot_pool *p)
{
    if (!p->started || p->closed)
        return;
    p->closed = 1;
    pthread_mutex_lock(&p->mu);
    p->stop = 1;
    bot_task *queued = p->head;
    p->head = NULL;
    p->tail = &p->head;
    pthread_cond_broadcast(&p->cv);
    pthread_mutex_unlock(&p->mu);
    for (int i = 0; i < p->nthreads; i++)
        pthread_join(p->threads[i], NULL);
    drain(p);               /* those that ran */
    *p->held_tail = queued; /* the held ones first: they are the older */
    for (bot_task *t = p->held; t;) {
        bot_task *next = t->next;
        t->done(t, BOT_POOL_CANCELED);
        t = next;
    }
    p->held = NULL;
    p->held_tail = &p->held;
    loop_wake_close(&p->wake, NULL);
    pthread_cond_destroy(&p->cv);
    pthread_mutex_destroy(&p->mu);
}
