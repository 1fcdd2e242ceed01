/* loop_time.c — where a loop iteration's time goes (issue 17: the ack tail
 * of the 10,000-game run holds iterations of 100 ms; which step were they
 * in?). An iteration runs, in libuv's order: the timers and the callbacks
 * due before the poll ("before_poll": games' deadline and pace timers, the
 * sweep, ENet's service timer), the poll's callbacks ("network": reads,
 * commands applied where they are read, within the input budget), then the
 * check (gg__host_on_flush): the input slice ("input"), the settle slice
 * ("settle"), the bot jobs' submission ("bot_submit"), the journal commit
 * and the sends ("commit_send"). A uv_prepare_t marks the start of the
 * poll; the check marks its steps (gg__host_loop_step).
 *
 * Every iteration's busy time (its wall time less the poll's blocked time)
 * goes to the gg_loop_iteration_seconds histogram as before. One at least
 * GG_LOOP_SLOW_US is "slow": /metrics adds its steps' times to
 * gg_loop_slow_seconds_total{step=...}, and the part of its busy time the
 * thread was not on a CPU (its wall time less its thread CPU time: waiting
 * for a core, or blocked in a system call or on a lock) to
 * gg_loop_slow_offcpu_seconds_total, with the thread's voluntary (it
 * blocked) and involuntary (it was preempted) context switches; at most
 * one a GG_LOOP_SLOW_LOG_MS is logged (event=slow_iteration) with the
 * same figures. */
#define _GNU_SOURCE /* RUSAGE_THREAD: the loop thread's own context switches */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "host.h"
#include "log.h"

const char *const gg__host_loop_step_names[GG_LOOP_STEPS] = {
    "before_poll", "network", "input", "settle", "bot_submit", "commit_send"};

/* The thread's context switches (voluntary, involuntary), or zeros. */
static void switches(uint64_t *vol, uint64_t *invol)
{
    *vol = *invol = 0;
#ifdef RUSAGE_THREAD
    struct rusage ru;
    if (getrusage(RUSAGE_THREAD, &ru) == 0) {
        *vol = (uint64_t)ru.ru_nvcsw;
        *invol = (uint64_t)ru.ru_nivcsw;
    }
#endif
}

static void on_prepare(uv_prepare_t *p)
{
    host *h = p->data;
    host_loop_marks *k = &h->iter;
    k->poll_ns = uv_hrtime();
    k->poll_idle_ns = uv_metrics_idle_time(h->loop);
    k->step_ns[GG_LOOP_BEFORE_POLL] = k->start_ns ? k->poll_ns - k->start_ns : 0;
}

/* --loop-slice-us: the calling thread's (the loop's) EEVDF slice. Returns
 * the slice set in ns, 0 when not asked for or not supported. */
static uint64_t set_slice(int us)
{
#if defined(__linux__) && defined(SYS_sched_setattr)
    if (us <= 0)
        return 0;
    struct { /* the kernel's struct sched_attr (version 1) */
        uint32_t size, policy;
        uint64_t flags;
        int32_t nice;
        uint32_t priority;
        uint64_t runtime, deadline, period;
        uint32_t util_min, util_max;
    } a;
    memset(&a, 0, sizeof a);
    a.size = sizeof a;
    a.policy = 0; /* SCHED_OTHER, as it is */
    errno = 0;
    int nice = getpriority(PRIO_PROCESS, 0); /* the thread's own: kept */
    if (errno)
        return 0;
    a.nice = nice;
    a.runtime = (uint64_t)us * 1000u;
    if (syscall(SYS_sched_setattr, 0, &a, 0) != 0) {
        char err[64];
        snprintf(err, sizeof err, "%s", strerror(errno));
        gg_log(GG_LOG_WARN, "loop_slice_refused", "error", err, "action",
               "the loop keeps the kernel's default slice (needs Linux 6.12 or later)", GG_LOG_END);
        return 0;
    }
    return a.runtime;
#else
    (void)us;
    return 0;
#endif
}

void gg__host_loop_time_init(host *h)
{
    h->loop_slice_ns = set_slice(h->cfg.loop_slice_us);
    uv_prepare_init(h->loop, &h->iter_prepare);
    h->iter_prepare.data = h;
    uv_prepare_start(&h->iter_prepare, on_prepare);
}

void gg__host_loop_time_close(host *h)
{
    uv_close((uv_handle_t *)&h->iter_prepare, NULL);
}

uint64_t gg__host_loop_check_start(host *h)
{
    host_loop_marks *k = &h->iter;
    uint64_t now = uv_hrtime(), idle = uv_metrics_idle_time(h->loop);
    if (k->poll_ns) {
        uint64_t wall = now - k->poll_ns, blocked = idle - k->poll_idle_ns;
        k->step_ns[GG_LOOP_NETWORK] = wall > blocked ? wall - blocked : 0;
    }
    return now;
}

void gg__host_loop_step(host *h, int step, uint64_t from_ns, uint64_t to_ns)
{
    h->iter.step_ns[step] += to_ns - from_ns;
}

/* Logs one slow iteration (at most one a GG_LOOP_SLOW_LOG_MS). */
static void log_slow(host *h, uint64_t busy, uint64_t cpu, uint64_t vol, uint64_t invol)
{
    host_loop_marks *k = &h->iter;
    uint64_t now_ms = uv_now(h->loop);
    if (k->logged_ms && now_ms - k->logged_ms < GG_LOOP_SLOW_LOG_MS)
        return;
    k->logged_ms = now_ms;
    char v[GG_LOOP_STEPS + 5][24];
    snprintf(v[0], sizeof v[0], "%.3f", (double)busy / 1e6);
    snprintf(v[1], sizeof v[1], "%.3f", (double)cpu / 1e6);
    snprintf(v[2], sizeof v[2], "%llu", (unsigned long long)vol);
    snprintf(v[3], sizeof v[3], "%llu", (unsigned long long)invol);
    snprintf(v[4], sizeof v[4], "%llu", (unsigned long long)(h->m.msgs_in - k->msgs_in0));
    for (int i = 0; i < GG_LOOP_STEPS; i++)
        snprintf(v[5 + i], sizeof v[5 + i], "%.3f", (double)k->step_ns[i] / 1e6);
    gg_log(GG_LOG_INFO, "slow_iteration", "busy_ms", v[0], "cpu_ms", v[1], "vol_switches", v[2],
           "invol_switches", v[3], "msgs_in", v[4], "before_poll_ms", v[5], "network_ms", v[6],
           "input_ms", v[7], "settle_ms", v[8], "bot_submit_ms", v[9], "commit_send_ms", v[10],
           GG_LOG_END);
}

void gg__host_loop_iteration_done(host *h)
{
    host_metrics *m = &h->m;
    host_loop_marks *k = &h->iter;
    uint64_t now = uv_hrtime(), idle = uv_metrics_idle_time(h->loop);
    uint64_t cpu_now = gg__host_thread_cpu_ns(), vol, invol;
    switches(&vol, &invol);
    for (int i = 0; i < GG_LOOP_STEPS; i++)
        m->loop_step_ns[i] += k->step_ns[i];
    if (k->start_ns) {
        uint64_t wall = now - k->start_ns, blocked = idle - k->start_idle_ns;
        uint64_t busy = wall > blocked ? wall - blocked : 0;
        gg__host_hist_observe(&m->loop_iter_seconds, (double)busy / 1e9);
        m->loop_busy_ns += busy;
        m->loop_iterations++;
        if (busy > m->loop_iter_max_ns)
            m->loop_iter_max_ns = busy;
        if (busy >= (uint64_t)GG_LOOP_SLOW_US * 1000u) {
            uint64_t cpu = cpu_now - k->cpu_ns;
            m->loop_slow++;
            m->loop_slow_busy_ns += busy;
            m->loop_slow_offcpu_ns += busy > cpu ? busy - cpu : 0;
            m->loop_slow_vol += vol - k->vol;
            m->loop_slow_invol += invol - k->invol;
            for (int i = 0; i < GG_LOOP_STEPS; i++)
                m->loop_slow_step_ns[i] += k->step_ns[i];
            log_slow(h, busy, cpu, vol - k->vol, invol - k->invol);
        }
    }
    k->start_ns = now;
    k->start_idle_ns = idle;
    k->cpu_ns = cpu_now;
    k->vol = vol;
    k->invol = invol;
    k->poll_ns = 0;
    k->msgs_in0 = m->msgs_in;
    for (int i = 0; i < GG_LOOP_STEPS; i++)
        k->step_ns[i] = 0;
}
