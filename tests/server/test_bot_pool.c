/* test_bot_pool.c — the server bots' worker threads (server/host/bot_pool.c):
 * every submitted task's work runs once on a worker and its done() once on
 * the loop's thread, in the order finished; a busy queue lock is reported,
 * not waited for; close() lets the running task finish (status 0) and
 * cancels the queued ones (BOT_POOL_CANCELED); workers take the nice value
 * asked. Nothing timed. */
#define _GNU_SOURCE /* syscall(SYS_gettid) */
#include <errno.h>
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "bot_pool.h"
#include "../check.h"

#define N 2000

typedef struct {
    bot_task task; /* first */
    int id;
    atomic_int worked;
    int done, status, done_on_loop, worked_off_loop, nice;
} job;

static pthread_t loop_thread;
static int ndone;
static int done_order[N];

static void work(bot_task *t)
{
    job *j = (job *)t;
    j->worked_off_loop = !pthread_equal(pthread_self(), loop_thread);
    j->nice = getpriority(PRIO_PROCESS, (id_t)syscall(SYS_gettid));
    atomic_fetch_add(&j->worked, 1);
}

static void done(bot_task *t, int status)
{
    job *j = (job *)t;
    j->done++;
    j->status = status;
    j->done_on_loop = pthread_equal(pthread_self(), loop_thread);
    if (ndone < N)
        done_order[ndone] = j->id;
    ndone++;
}

/* Runs the loop until `want` tasks are done (the pool's handle does not keep
 * the loop alive: a repeating timer does, and is what lets it poll). */
static void on_tick(uv_timer_t *t)
{
    if (ndone >= *(int *)t->data)
        uv_timer_stop(t);
}

static void run_until(uv_loop_t *loop, int want)
{
    uv_timer_t tick;
    uv_timer_init(loop, &tick);
    tick.data = &want;
    uv_timer_start(&tick, on_tick, 1, 1);
    uv_run(loop, UV_RUN_DEFAULT);
    uv_close((uv_handle_t *)&tick, NULL);
    uv_run(loop, UV_RUN_NOWAIT);
}

static job jobs[N];

/* A loop on this thread (done() must run on it) and a pool on the loop. */
static int open_pool(uv_loop_t *loop, bot_pool *p, int threads, int nice)
{
    uv_loop_init(loop);
    loop_thread = pthread_self();
    ndone = 0;
    return bot_pool_start(p, loop, threads, nice, 0);
}

/* jobs[from..to) made and submitted; then the held ones retried until
 * none is left, as the server does once a loop iteration. */
static void submit_jobs(bot_pool *p, int from, int to, void (*fn)(bot_task *))
{
    for (int i = from; i < to; i++) {
        jobs[i] = (job){.task = {.work = fn, .done = done}, .id = i, .status = -1};
        bot_pool_submit(p, &jobs[i].task); /* 1: held, a worker had the lock */
    }
    while (bot_pool_retry(p) > 0)
        sched_yield();
}

/* Closes the loop once the pool is closed: 0 when nothing was left on it. */
static int close_loop(uv_loop_t *loop)
{
    uv_run(loop, UV_RUN_NOWAIT);
    return uv_loop_close(loop);
}

static int all_done_once(void)
{
    uv_loop_t loop;
    bot_pool p;
    CHECK_EQ(open_pool(&loop, &p, 4, 0), 0);
    for (int i = 0; i < N; i += 64) /* a loop iteration's worth at a time */
        submit_jobs(&p, i, i + 64 < N ? i + 64 : N, work);
    run_until(&loop, N);
    CHECK_EQ(ndone, N);
    for (int i = 0; i < N; i++) {
        CHECK_EQ(atomic_load(&jobs[i].worked), 1);
        CHECK_EQ(jobs[i].done, 1);
        CHECK_EQ(jobs[i].status, 0);
        CHECK(jobs[i].done_on_loop);
        CHECK(jobs[i].worked_off_loop);
    }
    /* each id once in the done order */
    static unsigned char seen[N];
    memset(seen, 0, sizeof seen);
    for (int i = 0; i < N; i++) {
        CHECK(!seen[done_order[i]]);
        seen[done_order[i]] = 1;
    }
    bot_pool_close(&p);
    CHECK_EQ(ndone, N);                               /* nothing done twice at close */
    CHECK_EQ(bot_pool_submit(&p, &jobs[0].task), -1); /* closed: the caller thinks inline */
    CHECK_EQ(close_loop(&loop), 0);
    return 0;
}

/* One worker: tasks finish in submission order, and done() sees them so. */
static int fifo_one_worker(void)
{
    uv_loop_t loop;
    bot_pool p;
    CHECK_EQ(open_pool(&loop, &p, 1, 0), 0);
    submit_jobs(&p, 0, 100, work);
    run_until(&loop, 100);
    for (int i = 0; i < 100; i++)
        CHECK_EQ(done_order[i], i);
    bot_pool_close(&p);
    CHECK_EQ(close_loop(&loop), 0);
    return 0;
}

/* A worker holding the queue's lock: submit holds the task instead of
 * waiting, later tasks queue behind it, retry queues them in order once
 * the lock is free; close cancels what is still held. */
static int busy_lock(void)
{
    uv_loop_t loop;
    bot_pool p;
    CHECK_EQ(open_pool(&loop, &p, 1, 0), 0);
    for (int i = 0; i < 5; i++)
        jobs[i] = (job){.task = {.work = work, .done = done}, .id = i, .status = -1};
    pthread_mutex_lock(&p.mu); /* as a worker taking a task would */
    CHECK_EQ(bot_pool_submit(&p, &jobs[0].task), 1);
    CHECK_EQ(bot_pool_submit(&p, &jobs[1].task), 1);
    CHECK(p.head == NULL);           /* nothing queued */
    CHECK_EQ(bot_pool_retry(&p), 2); /* still busy */
    pthread_mutex_unlock(&p.mu);
    CHECK_EQ(bot_pool_submit(&p, &jobs[2].task), 1); /* behind the held ones, in order */
    while (bot_pool_retry(&p) > 0)                   /* a worker may hold the lock an instant */
        sched_yield();
    run_until(&loop, 3);
    for (int i = 0; i < 3; i++) {
        CHECK_EQ(done_order[i], i); /* one worker: in submission order */
        CHECK_EQ(jobs[i].status, 0);
    }
    pthread_mutex_lock(&p.mu);
    CHECK_EQ(bot_pool_submit(&p, &jobs[3].task), 1);
    CHECK_EQ(bot_pool_submit(&p, &jobs[4].task), 1);
    pthread_mutex_unlock(&p.mu);
    bot_pool_close(&p); /* held, never queued: cancelled */
    CHECK_EQ(ndone, 5);
    for (int i = 3; i < 5; i++) {
        CHECK_EQ(jobs[i].done, 1);
        CHECK_EQ(jobs[i].status, BOT_POOL_CANCELED);
        CHECK_EQ(atomic_load(&jobs[i].worked), 0);
    }
    CHECK_EQ(close_loop(&loop), 0);
    return 0;
}

/* close(): the task being worked on finishes (status 0), the queued ones
 * are cancelled, each done() once. */
static atomic_int gate_started, gate_open;
static bot_pool *closing_pool;

static void gated_work(bot_task *t)
{
    atomic_store(&gate_started, 1);
    while (!atomic_load(&gate_open))
        sched_yield();
    work(t);
}

static void *open_gate_when_stopping(void *arg)
{
    (void)arg;
    for (;;) { /* until close() has told the workers to stop */
        pthread_mutex_lock(&closing_pool->mu);
        int stop = closing_pool->stop;
        pthread_mutex_unlock(&closing_pool->mu);
        if (stop)
            break;
        sched_yield();
    }
    atomic_store(&gate_open, 1);
    return NULL;
}

static int close_cancels_queued(void)
{
    uv_loop_t loop;
    bot_pool p;
    CHECK_EQ(open_pool(&loop, &p, 1, 0), 0);
    submit_jobs(&p, 0, 1, gated_work);
    while (!atomic_load(&gate_started))
        sched_yield();
    submit_jobs(&p, 1, 4, work); /* the one worker is busy: these stay queued */
    closing_pool = &p;
    pthread_t opener;
    CHECK_EQ(pthread_create(&opener, NULL, open_gate_when_stopping, NULL), 0);
    bot_pool_close(&p);
    pthread_join(opener, NULL);
    CHECK_EQ(ndone, 4);
    CHECK_EQ(jobs[0].done, 1);
    CHECK_EQ(jobs[0].status, 0);
    CHECK_EQ(atomic_load(&jobs[0].worked), 1);
    for (int i = 1; i < 4; i++) {
        CHECK_EQ(jobs[i].done, 1);
        CHECK_EQ(jobs[i].status, BOT_POOL_CANCELED);
        CHECK_EQ(atomic_load(&jobs[i].worked), 0);
        CHECK(jobs[i].done_on_loop);
    }
    CHECK_EQ(close_loop(&loop), 0);
    return 0;
}

/* Workers run `nice` nicer than the thread that started them (at most 19);
 * the starting thread keeps its own. */
static int workers_nicer(void)
{
    errno = 0;
    int base = getpriority(PRIO_PROCESS, (id_t)syscall(SYS_gettid));
    CHECK(errno == 0);
    int want = base + 3 > 19 ? 19 : base + 3;
    uv_loop_t loop;
    bot_pool p;
    CHECK_EQ(open_pool(&loop, &p, 2, 3), 0);
    submit_jobs(&p, 0, 1, work);
    run_until(&loop, 1);
    CHECK_EQ(jobs[0].nice, want);
    CHECK_EQ(getpriority(PRIO_PROCESS, (id_t)syscall(SYS_gettid)), base);
    if (want != base) {
        CHECK(atomic_load(&p.niced) >= 1);
        CHECK_EQ(atomic_load(&p.nice_now), want);
    }
    bot_pool_close(&p);
    CHECK_EQ(atomic_load(&p.niced), want != base ? 2 : 0); /* both, once they started */
    CHECK_EQ(close_loop(&loop), 0);
    return 0;
}

static const test_case cases[] = {
    {"all_done_once", all_done_once, "2,000 tasks on 4 workers: each worked and done once"},
    {"fifo_one_worker", fifo_one_worker, "one worker: done() in submission order"},
    {"busy_lock", busy_lock, "a busy lock holds tasks in order; retry queues, close cancels"},
    {"close_cancels_queued", close_cancels_queued, "close: running task 0, queued CANCELED"},
    {"workers_nicer", workers_nicer, "workers take the nice asked, the loop keeps its own"},
};
CASES_MAIN(cases)
