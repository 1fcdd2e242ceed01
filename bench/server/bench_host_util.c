/* bench/server/bench_host_util.c — bench-host's plumbing: the gg-server
 * child process, /proc figures, scratch directories and protocol helpers.
 * See bench_host.h. */
#define _GNU_SOURCE /* nftw; SCHED_IDLE */
#include "bench_host.h"

#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

int bh_sched_idle(void)
{
    struct sched_param sp = {.sched_priority = 0};
    return pthread_setschedparam(pthread_self(), SCHED_IDLE, &sp) == 0 ? 0 : -1;
}

const char *bh_sched_name(pid_t tid)
{
    switch (sched_getscheduler(tid)) {
    case SCHED_OTHER:
        return "normal";
    case SCHED_IDLE:
        return "idle";
    case SCHED_BATCH:
        return "batch";
    case SCHED_FIFO:
        return "fifo";
    case SCHED_RR:
        return "rr";
    default:
        return "?";
    }
}

uint64_t bh_now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

static int cmp_u64(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return x < y ? -1 : x > y;
}

double bh_quantile(uint64_t *v, size_t n, double q)
{
    if (n == 0)
        return 0;
    qsort(v, n, sizeof *v, cmp_u64);
    size_t i = (size_t)((double)n * q);
    return (double)v[i < n ? i : n - 1];
}

/* ---- the server process ---- */

static atomic_int listen_port, recovered, warnings, reader_done;
static atomic_uint_fast64_t listen_ns;
static volatile sig_atomic_t child_pid; /* for the signal handler */

int bh_server_recovered(void)
{
    return atomic_load(&recovered);
}

int bh_server_warnings(void)
{
    return atomic_load(&warnings);
}

/* Reads the server's stderr until it closes; never blocks the server. */
static void *reader(void *arg)
{
    FILE *f = fdopen((int)(intptr_t)arg, "r");
    char line[2048];
    while (f && fgets(line, sizeof line, f)) {
        if (strstr(line, "event=listening")) {
            const char *p = strstr(line, " port=");
            atomic_store(&listen_ns, bh_now_ns());
            atomic_store(&listen_port, p ? atoi(p + 6) : -1);
        } else if (strstr(line, "event=game_recovered")) {
            atomic_fetch_add(&recovered, 1);
        } else if (strstr(line, "level=error") || strstr(line, "level=warn")) {
            if (atomic_fetch_add(&warnings, 1) < 5)
                fprintf(stderr, "  server: %s", line);
        } else if (!strstr(line, "level=")) {
            fprintf(stderr, "  server: %s", line); /* usage errors and the like */
        }
    }
    if (f)
        fclose(f);
    atomic_store(&reader_done, 1);
    return NULL;
}

static void on_signal(int sig)
{
    if (child_pid > 0)
        kill((pid_t)child_pid, SIGKILL);
    signal(sig, SIG_DFL);
    raise(sig);
}

int bh_server_start(bh_server *s, const bh_opts *o, const char *dir, int timeout_s)
{
    int pfd[2];
    pthread_t th;
    memset(s, 0, sizeof *s);
    snprintf(s->dir, sizeof s->dir, "%s", dir ? dir : "");
    atomic_store(&listen_port, 0);
    atomic_store(&recovered, 0);
    atomic_store(&warnings, 0);
    atomic_store(&reader_done, 0);
    if (pipe(pfd) != 0)
        return -1;
    signal(SIGINT, on_signal);
    signal(SIGTERM, on_signal);
    signal(SIGPIPE, SIG_IGN);
    s->t_spawn_ns = bh_now_ns();
    s->pid = fork();
    if (s->pid == 0) {
        /* stdout is the server's banner for people ("Browsers ... open"):
         * kept out of bench-host's rows and JSON. */
        int null = open("/dev/null", O_WRONLY);
        if (null >= 0 && dup2(null, 1) >= 0 && null != 1)
            close(null);
        dup2(pfd[1], 2);
        close(pfd[0]);
        close(pfd[1]);
        errno = 0; /* --server-nice: the server only, never bench-host's probe */
        if (o->server_nice > 0 && nice(o->server_nice) == -1 && errno != 0)
            fprintf(stderr, "bench-host: nice(%d): %s\n", o->server_nice, strerror(errno));
        char rate[32];
        snprintf(rate, sizeof rate, "%d", o->server_msg_rate > 0 ? o->server_msg_rate : 500);
        /* Every client comes from 127.0.0.1: the per-address limits (connections, games,
         * creation rate) and the idle timeout are lifted; this measures capacity, and
         * bench/abuse/abuse.py the limits. */
        if (dir && dir[0]) {
            const char *av[32] = {o->server_bin, "--port",
                                  "0",           "--bind",
                                  "127.0.0.1",   "--data",
                                  dir,           "--max-games",
                                  "100000",      "--msg-rate",
                                  rate,          "--max-conns-per-addr",
                                  "1000000",     "--max-games-per-addr",
                                  "0",           "--create-per-min",
                                  "0",           "--idle-timeout-ms",
                                  "86400000"};
            int n = 19;
            if (o->no_snapshots)
                av[n++] = "--no-snapshots";
            if (o->durability) { /* only when asked: an older server has no such flag */
                av[n++] = "--durability";
                av[n++] = o->durability;
            }
            av[n] = NULL;
            execv(o->server_bin, (char *const *)av);
        } else
            execl(o->server_bin, o->server_bin, "--port", "0", "--bind", "127.0.0.1",
                  "--no-journal", "--max-games", "100000", "--msg-rate", rate,
                  "--max-conns-per-addr", "1000000", "--max-games-per-addr", "0",
                  "--create-per-min", "0", "--idle-timeout-ms", "86400000", (char *)NULL);
        fprintf(stderr, "cannot run %s: %s (use --server-bin)\n", o->server_bin, strerror(errno));
        _exit(127);
    }
    close(pfd[1]);
    if (s->pid < 0) {
        close(pfd[0]);
        return -1;
    }
    child_pid = s->pid;
    pthread_create(&th, NULL, reader, (void *)(intptr_t)pfd[0]);
    pthread_detach(th);
    uint64_t deadline = s->t_spawn_ns + (uint64_t)timeout_s * 1000000000u;
    while (atomic_load(&listen_port) == 0 && !atomic_load(&reader_done) && bh_now_ns() < deadline) {
        struct timespec ts = {0, 200000}; /* 0.2 ms: the timing granularity of a start */
        nanosleep(&ts, NULL);
    }
    s->port = atomic_load(&listen_port);
    s->t_listen_ns = atomic_load(&listen_ns);
    if (s->port <= 0) {
        fprintf(stderr, "bench-host: %s did not start listening within %d s\n", o->server_bin,
                timeout_s);
        bh_server_stop(s, 1);
        return -1;
    }
    return 0;
}

void bh_server_stop(bh_server *s, int kill9)
{
    if (s->pid <= 0)
        return;
    kill(s->pid, kill9 ? SIGKILL : SIGTERM);
    for (int i = 0; i < 1000; i++) { /* 10 s, then SIGKILL */
        if (waitpid(s->pid, NULL, WNOHANG) == s->pid)
            goto done;
        struct timespec ts = {0, 10000000};
        nanosleep(&ts, NULL);
    }
    fprintf(stderr, "bench-host: server did not stop on SIGTERM; killing it\n");
    kill(s->pid, SIGKILL);
    waitpid(s->pid, NULL, 0);
done:
    /* let the reader see EOF so its counts are final */
    for (int i = 0; i < 500 && !atomic_load(&reader_done); i++) {
        struct timespec ts = {0, 2000000};
        nanosleep(&ts, NULL);
    }
    child_pid = 0;
    s->pid = 0;
}

long bh_rss_kib(pid_t pid, const char *field)
{
    char path[64], line[256];
    long v = 0;
    size_t n = strlen(field);
    snprintf(path, sizeof path, "/proc/%d/status", (int)pid);
    FILE *f = fopen(path, "r");
    while (f && fgets(line, sizeof line, f))
        if (!strncmp(line, field, n) && line[n] == ':')
            v = atol(line + n + 1);
    if (f)
        fclose(f);
    return v;
}

double bh_thread_cpu_s(pthread_t th)
{
    clockid_t cid;
    struct timespec ts;
    if (pthread_getcpuclockid(th, &cid) != 0 || clock_gettime(cid, &ts) != 0)
        return -1;
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

double bh_cpu_s(pid_t pid)
{
    char path[64], buf[1024];
    snprintf(path, sizeof path, "/proc/%d/stat", (int)pid);
    FILE *f = fopen(path, "r");
    size_t n = f ? fread(buf, 1, sizeof buf - 1, f) : 0;
    if (f)
        fclose(f);
    buf[n] = 0;
    const char *p = strrchr(buf, ')'); /* after the command name */
    unsigned long ut = 0, st = 0;
    if (!p || sscanf(p + 2, "%*c %*d %*d %*d %*d %*d %*u %*u %*u %*u %*u %lu %lu", &ut, &st) != 2)
        return 0;
    return (double)(ut + st) / (double)sysconf(_SC_CLK_TCK);
}

/* The machine's busy CPU time, s (every CPU: /proc/stat's first line less
 * idle and iowait), or -1. */
double bh_machine_busy_s(void)
{
    FILE *f = fopen("/proc/stat", "r");
    unsigned long long v[8] = {0};
    int n = f ? fscanf(f, "cpu %llu %llu %llu %llu %llu %llu %llu %llu", &v[0], &v[1], &v[2], &v[3],
                       &v[4], &v[5], &v[6], &v[7])
              : 0;
    if (f)
        fclose(f);
    if (n < 5)
        return -1;
    double busy = (double)(v[0] + v[1] + v[2] + v[5] + v[6] + v[7]);
    return busy / (double)sysconf(_SC_CLK_TCK);
}

double bh_self_cpu_s(void)
{
    struct rusage ru;
    if (getrusage(RUSAGE_SELF, &ru) != 0)
        return -1;
    return (double)ru.ru_utime.tv_sec + (double)ru.ru_utime.tv_usec / 1e6 +
           (double)ru.ru_stime.tv_sec + (double)ru.ru_stime.tv_usec / 1e6;
}

int bh_mkdir(const char *root, const char *tag, char *out, size_t cap)
{
    snprintf(out, cap, "%s/bench-host-%s-XXXXXX", root, tag);
    if (!mkdtemp(out)) {
        fprintf(stderr, "bench-host: cannot make a directory under %s: %s (use --data-root)\n",
                root, strerror(errno));
        return -1;
    }
    return 0;
}

static long long du_total;

static int rm_one(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
    (void)st;
    (void)flag;
    (void)ftw;
    return remove(path);
}

static int du_one(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
    (void)path;
    (void)ftw;
    if (flag == FTW_F)
        du_total += st->st_size;
    return 0;
}

void bh_rmtree(const char *dir)
{
    if (dir && strstr(dir, "/bench-host-"))
        nftw(dir, rm_one, 16, FTW_DEPTH | FTW_PHYS);
}

long long bh_du(const char *dir)
{
    du_total = 0;
    nftw(dir, du_one, 16, FTW_PHYS);
    return du_total;
}

/* ---- protocol ---- */

static uint32_t next_rid;

int bh_request(gg_client *c, gg_msg *m, gg_msg *reply, int timeout_ms,
               void (*on_other)(const gg_msg *, void *), void *ud)
{
    static uint8_t buf[GG_MAX_MESSAGE];
    size_t len;
    m->rid = ++next_rid;
    int n = gg_msg_encode(m, buf, sizeof buf);
    if (n < 0)
        return n;
    int r = gg_client_send(c, gg_msg_channel(m->type), buf, (size_t)n);
    if (r < 0)
        return r;
    uint64_t deadline = bh_now_ns() + (uint64_t)timeout_ms * 1000000u;
    for (;;) {
        uint64_t now = bh_now_ns();
        if (now >= deadline)
            return 1;
        r = gg_client_recv(c, (int)((deadline - now) / 1000000u) + 1, buf, sizeof buf, &len);
        if (r < 0)
            return r;
        if (r == 0)
            continue;
        if (gg_msg_decode(reply, buf, len, NULL) != 0)
            continue;
        if (reply->seq == 0 && reply->rid == m->rid &&
            (reply->type != GG_MSG_state)) /* the join snapshot has rid 0 anyway */
            return reply->type == GG_MSG_error ? reply->u.error.code : 0;
        if (on_other)
            on_other(reply, ud);
    }
}

gg_client *bh_connect(int port, int tcp)
{
    gg_client *c = NULL;
    gg_msg *m = malloc(2 * sizeof *m);
    if (!m)
        return NULL;
    if (gg_client_create("127.0.0.1", port, tcp, 5000, &c) == 0) {
        gg_msg_init(m, GG_MSG_hello);
        m->u.hello.major = GG_PROTOCOL_MAJOR;
        snprintf(m->u.hello.name, sizeof m->u.hello.name, "bench-host");
        m->u.hello.features = GG_FEAT_ALL;
        if (bh_request(c, m, m + 1, 5000, NULL, NULL) != 0) {
            gg_client_destroy(c);
            c = NULL;
        }
    }
    free(m);
    return c;
}

int64_t bh_stat(const gg_msg *st, const char *name)
{
    if (st->type != GG_MSG_stats)
        return -1;
    for (int i = 0; i < st->u.stats.metrics.n; i++)
        if (!strcmp(st->u.stats.metrics.s[i].name, name))
            return st->u.stats.metrics.s[i].value;
    return -1;
}

void bh_create_msg(gg_msg *m, const char *scenario, uint64_t seed, unsigned bot_mask)
{
    gg_msg_init(m, GG_MSG_create_game);
    gg_msg_create_game *c = &m->u.create_game;
    snprintf(c->scenario, sizeof c->scenario, "%s", scenario);
    c->seed = seed;
    c->missed = GG_MISS_HOLD;
    for (int seat = 0; seat < GG_SEATS; seat++)
        if ((bot_mask >> seat) & 1)
            snprintf(c->bots.v[seat], sizeof c->bots.v[seat], "greedy");
}
