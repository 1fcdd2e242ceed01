/* bench/server/bench_host_capacity.c — bench-host's capacity mode: many
 * concurrent games whose networked seats are played by reference bots from
 * one poll() loop, while the latency probe (bench_host_probe.c) times
 * orders->ok; prints memory per game and per connection, the heap by kind,
 * turn resolution and ack latency, CPU. See bench_host.h and `bench-host
 * --help`. */
#include "bench_host.h"
#include "gg/rules.h"

#include <errno.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

#include "player.h"

static int64_t ms_now(void)
{
    return (int64_t)(bh_now_ns() / 1000000u);
}

/* Results of the capacity mode, printed as key=value lines or one JSON
 * object (--json). */
typedef struct kv {
    const char *k;
    double v;
    const char *str; /* a string value when not NULL */
    int prec;        /* decimals */
} kv;

static void print_kvs(const kv *x, int n, int json)
{
    if (json)
        putchar('{');
    for (int i = 0; i < n; i++) {
        if (json) {
            if (x[i].str)
                printf("%s\"%s\":\"%s\"", i ? "," : "", x[i].k, x[i].str);
            else
                printf("%s\"%s\":%.*f", i ? "," : "", x[i].k, x[i].prec, x[i].v);
        } else if (x[i].str) {
            printf("capacity.%s=%s\n", x[i].k, x[i].str);
        } else {
            printf("capacity.%s=%.*f\n", x[i].k, x[i].prec, x[i].v);
        }
    }
    if (json)
        printf("}\n");
    fflush(stdout);
}

/* The three commonest refusals in the seats' log ("gg-bot[seat]: server
 * refused TYPE: CODE text" lines) as "TYPE:CODE=n,..." into out. */
static void top_refusals(FILE *f, char *out, size_t cap)
{
    enum { KINDS = 64 };
    char kind[KINDS][48], line[512];
    int count[KINDS] = {0}, nk = 0;
    rewind(f);
    while (fgets(line, sizeof line, f)) {
        char type[24], code[24], k[48];
        const char *p = strstr(line, "server refused ");
        if (!p || sscanf(p + 15, "%23[^:]: %23s", type, code) != 2)
            continue;
        snprintf(k, sizeof k, "%s:%s", type, code);
        int i = 0;
        while (i < nk && strcmp(kind[i], k) != 0)
            i++;
        if (i == nk && nk < KINDS)
            snprintf(kind[nk++], sizeof kind[0], "%s", k);
        if (i < nk)
            count[i]++;
    }
    size_t len = 0;
    out[0] = 0;
    for (int r = 0; r < 3; r++) {
        int best = -1;
        for (int i = 0; i < nk; i++)
            if (count[i] > 0 && (best < 0 || count[i] > count[best]))
                best = i;
        if (best < 0)
            break;
        len += (size_t)snprintf(out + len, cap - len, "%s%s=%d", r ? "," : "", kind[best],
                                count[best]);
        count[best] = 0;
        if (len >= cap)
            break;
    }
    if (!out[0])
        snprintf(out, cap, "none");
}

/* The seats' play (the load), on a thread of its own: every networked
 * seat is a reference bot (gg_player, --seat-bot, greedy by default) that
 * reads nothing for --pace ms after it acts. One epoll set holds the seats
 * that are awake (a sleeping seat is out of it, so its socket waits in the
 * kernel as before) and a min-heap holds each seat's next time (its wake-up
 * after the pace, or when its `ready` falls due): a wake costs the seats
 * that have something to do, not a scan and a poll() of all of them. */
typedef struct play_timer {
    int64_t t;
    int seat;
} play_timer;

/* The loop's own state of one seat. */
typedef struct play_seat {
    int64_t due;     /* its live timer (-1: none); older heap entries are stale */
    char state;      /* SEAT_* */
    char inready;    /* on the ready list */
    int reg_fd;      /* the fd registered in the epoll set (-1: none) */
    unsigned reg_rc; /* the session's reconnect count when it was registered */
    gg_pcg32 rng;    /* its think times' stream (--pace-jitter), seeded by its index */
} play_seat;

typedef struct play_ctx {
    const bh_opts *o;
    gg_player *pl;
    play_seat *seat; /* S of them */
    int S;
    int64_t start;
    int *ready, nready; /* seats to pump in the next pass */
    play_timer *heap;
    int nheap, capheap;
    int ep;
    /* results */
    int ndone, failed;
    unsigned errors;
    int64_t first_over_ms;
    int64_t tenth_over_ms; /* when a tenth of the seats had finished (-1: not yet) */
    /* the seats' requests by 100 ms of play (the offered load's shape:
     * a lockstep load sends in clusters) */
    unsigned *sends;
    int nslots;
    long thinks;                        /* thinks drawn (a seat's sleep after acting) */
    int64_t think_min_ms, think_max_ms; /* their range (-1: none) */
    const char *sched;                  /* the thread's policy as it played (bh_sched_name) */
    double cpu_s;                       /* its CPU time */
    atomic_int finished;
} play_ctx;

enum { SEAT_AWAKE, SEAT_SLEEPING, SEAT_DONE };

static int heap_push(play_ctx *c, int64_t t, int seat)
{
    if (c->nheap == c->capheap) {
        int cap = c->capheap ? 2 * c->capheap : 1024;
        play_timer *h = realloc(c->heap, (size_t)cap * sizeof *h);
        if (!h)
            return -1;
        c->heap = h;
        c->capheap = cap;
    }
    int i = c->nheap++;
    while (i > 0 && c->heap[(i - 1) / 2].t > t) {
        c->heap[i] = c->heap[(i - 1) / 2];
        i = (i - 1) / 2;
    }
    c->heap[i] = (play_timer){t, seat};
    return 0;
}

static play_timer heap_pop(play_ctx *c)
{
    play_timer top = c->heap[0], last = c->heap[--c->nheap];
    int i = 0, n = c->nheap;
    for (;;) {
        int k = 2 * i + 1;
        if (k >= n)
            break;
        if (k + 1 < n && c->heap[k + 1].t < c->heap[k].t)
            k++;
        if (c->heap[k].t >= last.t)
            break;
        c->heap[i] = c->heap[k];
        i = k;
    }
    if (n)
        c->heap[i] = last;
    return top;
}

/* The seat's one live timer at t (an older one goes stale). */
static void set_due(play_ctx *c, int i, int64_t t)
{
    if (c->seat[i].due == t)
        return;
    c->seat[i].due = t;
    if (heap_push(c, t, i) != 0) /* out of memory: poll it soon instead */
        c->seat[i].due = -1;
}

static void make_ready(play_ctx *c, int i)
{
    if (!c->seat[i].inready) {
        c->seat[i].inready = 1;
        c->ready[c->nready++] = i;
    }
}

static void unregister(play_ctx *c, int i)
{
    if (c->seat[i].reg_fd >= 0)
        epoll_ctl(c->ep, EPOLL_CTL_DEL, c->seat[i].reg_fd, NULL); /* fails harmlessly if closed */
    c->seat[i].reg_fd = -1;
}

/* The seat's current socket in the epoll set (after a reconnect the fd may
 * differ, or be the same number for a new socket). */
static void register_seat(play_ctx *c, int i)
{
    gg_session *s = &c->pl[i].s;
    int fd = gg_session_fd(s);
    if (fd == c->seat[i].reg_fd && s->reconnects == c->seat[i].reg_rc)
        return;
    unregister(c, i);
    if (fd < 0)
        return;
    struct epoll_event ev = {.events = EPOLLIN, .data.u32 = (uint32_t)i};
    if (epoll_ctl(c->ep, EPOLL_CTL_ADD, fd, &ev) == 0 ||
        (errno == EEXIST && epoll_ctl(c->ep, EPOLL_CTL_MOD, fd, &ev) == 0)) {
        c->seat[i].reg_fd = fd;
        c->seat[i].reg_rc = s->reconnects;
    }
}

/* Seat i's next think, ms: --pace, or with --pace-jitter F uniform in
 * pace x [1 - F, 1 + F] from the seat's own stream (the rules' PCG32). */
static int64_t think_ms(play_ctx *c, int i)
{
    const bh_opts *o = c->o;
    if (o->pace_jitter <= 0)
        return o->pace_ms;
    double u = gg_pcg32_next(&c->seat[i].rng) / 4294967296.0; /* [0, 1) */
    double t = o->pace_ms * (1 - o->pace_jitter + 2 * o->pace_jitter * u);
    return (int64_t)(t + 0.5);
}

/* A think drawn for seat i, and counted. */
static int64_t think(play_ctx *c, int i)
{
    int64_t t = think_ms(c, i);
    c->thinks++;
    if (c->think_min_ms < 0 || t < c->think_min_ms)
        c->think_min_ms = t;
    if (t > c->think_max_ms)
        c->think_max_ms = t;
    return t;
}

/* Pumps seat i and files it: done, asleep for the pace, or awake (in the
 * epoll set; on the ready list if messages wait in its session; a timer
 * when its `ready` falls due). */
static void service(play_ctx *c, int i)
{
    gg_player *p = &c->pl[i];
    int at = p->acted_turn, ap = p->acted_phase;
    unsigned moves = p->moves;
    int r = gg_player_pump(p, 0);
    int64_t now = ms_now();
    int64_t slot = (now - c->start) / 100;
    if (p->moves > moves && c->sends && slot >= 0 && slot < c->nslots)
        c->sends[slot] += p->moves - moves;
    if (r != 0) {
        c->seat[i].state = SEAT_DONE;
        c->ndone++;
        c->errors += p->errors;
        if (r < 0)
            c->failed++;
        else if (c->first_over_ms < 0)
            c->first_over_ms = now - c->start;
        if (c->tenth_over_ms < 0 && c->ndone >= (c->S + 9) / 10)
            c->tenth_over_ms = now - c->start;
        unregister(c, i);
        gg_player_close(p);
        return;
    }
    if (c->o->pace_ms && (p->acted_turn != at || p->acted_phase != ap)) {
        c->seat[i].state = SEAT_SLEEPING;
        unregister(c, i);
        set_due(c, i, now + think(c, i));
        return;
    }
    register_seat(c, i);
    if (gg_session_pending(&p->s))
        make_ready(c, i);
    if (p->ready_due && p->pending == 0)
        set_due(c, i, p->quiet_until > now ? p->quiet_until : now + 1);
}

static void *play_run(void *arg)
{
    enum { MAXEV = 1024 };
    play_ctx *c = arg;
    const bh_opts *o = c->o;
    int S = c->S;
    struct epoll_event *evs = malloc(MAXEV * sizeof *evs);
    int *batch = malloc((size_t)S * sizeof *batch); /* the pass's seats; swapped with ready */
    c->ready = malloc((size_t)S * sizeof *c->ready);
    c->ep = epoll_create1(EPOLL_CLOEXEC);
    if (!evs || !batch || !c->ready || c->ep < 0) {
        fprintf(stderr, "bench-host: the seats' loop cannot start (epoll, memory)\n");
        c->failed = S;
        goto end;
    }
    if (o->load_sched_idle && bh_sched_idle() != 0)
        fprintf(stderr, "bench-host: SCHED_IDLE for the seats' thread failed\n");
    c->sched = bh_sched_name(0);
    double cpu0 = bh_thread_cpu_s(pthread_self());
    int64_t start = c->start;
    srand(1);
    for (int i = 0; i < S; i++) { /* every seat starts within one pace of now */
        c->seat[i].due = -1;
        c->seat[i].reg_fd = -1;
        c->seat[i].state = SEAT_SLEEPING;
        gg_pcg32_seed(&c->seat[i].rng, (uint64_t)i + 1, 0xb3);
        set_due(c, i, start + (o->pace_ms ? rand() % o->pace_ms : 0));
    }
    while (c->ndone < S) {
        int64_t now = ms_now();
        if (now - start > (int64_t)o->timeout_s * 1000) {
            fprintf(stderr, "bench-host: timeout after %d s with %d of %d seats done\n",
                    o->timeout_s, c->ndone, S);
            break;
        }
        while (c->nheap && c->heap[0].t <= now) { /* timers: wake-ups, `ready` due */
            play_timer t = heap_pop(c);
            int i = t.seat;
            if (c->seat[i].state == SEAT_DONE || c->seat[i].due != t.t)
                continue; /* stale */
            c->seat[i].due = -1;
            c->seat[i].state = SEAT_AWAKE;
            make_ready(c, i);
        }
        int timeout = 50;
        if (c->nready)
            timeout = 0;
        else if (c->nheap && c->heap[0].t - now < timeout)
            timeout = (int)(c->heap[0].t - now);
        int n = epoll_wait(c->ep, evs, MAXEV, timeout);
        for (int k = 0; k < n; k++) {
            int i = (int)evs[k].data.u32;
            if (c->seat[i].state == SEAT_AWAKE)
                make_ready(c, i);
        }
        int nb = c->nready; /* this pass: seats readied before it; later ones wait a pass */
        int *swap = batch;
        batch = c->ready;
        c->ready = swap;
        c->nready = 0;
        for (int k = 0; k < nb; k++)
            c->seat[batch[k]].inready = 0;
        for (int k = 0; k < nb; k++)
            if (c->seat[batch[k]].state == SEAT_AWAKE)
                service(c, batch[k]);
    }
    double cpu1 = bh_thread_cpu_s(pthread_self());
    c->cpu_s = cpu0 >= 0 && cpu1 >= 0 ? cpu1 - cpu0 : -1;
end:
    if (c->ep >= 0)
        close(c->ep);
    free(evs);
    free(batch);
    free(c->ready);
    c->ready = NULL;
    free(c->heap);
    c->heap = NULL;
    atomic_store(&c->finished, 1);
    return NULL;
}

int bh_mode_capacity(const bh_opts *o)
{
    bh_server srv;
    char dir[512] = "";
    int N = o->games, K = o->networked, S = K * o->games, rc = 1;
    int first_seat = GG_SEATS - K; /* networked: the last K seats; the others are bots */
    int C = S < 1000 ? S : 1000;   /* idle connections that measure a connection's cost */
    gg_msg *m = malloc(3 * sizeof *m);
    gg_name_t *codes = calloc((size_t)N * 4, sizeof *codes);
    gg_player *pl = calloc((size_t)S, sizeof *pl);
    play_seat *seats = calloc((size_t)S, sizeof *seats); /* SEAT_DONE: closed by the play */
    gg_client **idle = calloc((size_t)C, sizeof *idle);
    gg_client *lobby = NULL;
    bh_probe *probe = NULL;
    FILE *refusals = tmpfile(); /* the seats' "server refused" lines */
    char top[256] = "none";
    int joined = 0, nidle = 0;
    unsigned *pc_sends = NULL; /* the play's sends by 100 ms (play_ctx.sends), freed at the end */
    if (!m || !codes || !pl || !seats || !idle)
        return 1;
    if (o->journal && bh_mkdir(o->data_root, "capacity", dir, sizeof dir) != 0)
        return 1;
    if (bh_server_start(&srv, o, dir, 60) != 0)
        goto out;
    /* The lobby speaks TCP: an ENet client that is not serviced while
     * thousands of seats join is dropped by the server's peer timeout. */
    lobby = bh_connect(srv.port, 1);
    if (!lobby) {
        fprintf(stderr, "bench-host: the lobby connection failed\n");
        goto out;
    }
    long rss0 = bh_rss_kib(srv.pid, "VmRSS");
    /* What a connection costs the server: C idle TCP connections (hello
     * done), kept open until the end. */
    for (; nidle < C; nidle++)
        if (!(idle[nidle] = bh_connect(srv.port, 1))) {
            fprintf(stderr, "bench-host: idle connection %d failed\n", nidle);
            goto out;
        }
    long rss_conns = bh_rss_kib(srv.pid, "VmRSS");
    double conn_kib = (double)(rss_conns - rss0) / C;
    if (o->probe_rate > 0 && !(probe = bh_probe_start(&srv, o, o->probe_rate)))
        goto out;
    int probe_games = probe ? 2 : 0;
    long rss_before = bh_rss_kib(srv.pid, "VmRSS");
    double cpu0 = bh_cpu_s(srv.pid);
    uint64_t t0 = bh_now_ns();
    if (bh_create_games(lobby, o, N, (1u << first_seat) - 1, codes) != 0)
        goto out;
    uint64_t t_created = bh_now_ns();
    for (; joined < S; joined++) {
        int g = joined / K, seat = first_seat + joined % K;
        if (bh_join_player(&pl[joined], srv.port, o->tcp, o->seat_bot, codes[g * 4 + seat]) != 0)
            goto out;
        if (refusals) { /* every refused move, by kind (move_errors_top) */
            pl[joined].log = refusals;
            pl[joined].verbose = 1;
        }
    }
    uint64_t t_joined = bh_now_ns();
    long rss_joined = bh_rss_kib(srv.pid, "VmRSS");
    if (bh_get_stats(lobby, m) != 0) {
        fprintf(stderr, "bench-host: no stats after the joins\n");
        goto out;
    }
    int64_t live_at_start = bh_stat(&m[1], "games_live") - probe_games;
    int64_t conns_at_start = bh_stat(&m[1], "connections");

    /* Play: every seat starts within one pace of now, so all games overlap.
     * The seats are played by a thread of their own (the load; SCHED_IDLE
     * under --load-sched idle) while this one samples the server's RSS and
     * heap every 250 ms at the normal policy, so a starved load does not
     * also starve the sampling. */
    double cpu_play0 = bh_cpu_s(srv.pid), busy_play0 = bh_machine_busy_s(),
           self_play0 = bh_self_cpu_s();
    bh_loop_sample loop0, loop1;
    bh_loop_sample_take(&srv, &loop0);
    play_ctx pc = {.o = o,
                   .pl = pl,
                   .S = S,
                   .seat = seats,
                   .ep = -1,
                   .cpu_s = -1,
                   .first_over_ms = -1,
                   .tenth_over_ms = -1,
                   .think_min_ms = -1,
                   .think_max_ms = -1};
    pc.start = ms_now();
    pc.nslots = o->timeout_s * 10 + 10;
    pc.sends = pc_sends = calloc((size_t)pc.nslots, sizeof *pc.sends); /* NULL: not counted */
    long rss_live_max = 0;
    int have_mem = 0;
    double malloc_free_b = -1; /* gg_malloc_free_bytes at the highest RSS */
    int64_t live_min_while_all = -1;
    bh_probe_measure(probe, 1);
    pthread_t play_th;
    if (pthread_create(&play_th, NULL, play_run, &pc) != 0) {
        fprintf(stderr, "bench-host: cannot start the seats' thread\n");
        goto out;
    }
    while (!atomic_load(&pc.finished)) { /* RSS, live games and the heap while all are live */
        if (bh_get_stats(lobby, m) == 0) {
            int64_t live = bh_stat(&m[1], "games_live") - probe_games;
            if (live >= N) {
                long rss = bh_rss_kib(srv.pid, "VmRSS");
                if (rss > rss_live_max) {
                    rss_live_max = rss;
                    m[2] = m[1]; /* the heap by kind at the highest RSS */
                    have_mem = 1;
                    malloc_free_b = bh_server_metric(&srv, "gg_malloc_free_bytes");
                }
            }
            if (live_min_while_all < 0 && live < N)
                live_min_while_all = live;
        }
        for (int i = 0; i < 25 && !atomic_load(&pc.finished); i++) {
            struct timespec ts = {0, 10000000};
            nanosleep(&ts, NULL);
        }
    }
    pthread_join(play_th, NULL);
    int ndone = pc.ndone, failed = pc.failed;
    unsigned errors = pc.errors;
    int64_t first_over_ms = pc.first_over_ms;
    /* the server's main (loop) thread's policy and nice value, as run */
    const char *server_sched = bh_sched_name(srv.pid);
    errno = 0;
    int server_nice = getpriority(PRIO_PROCESS, (id_t)srv.pid);
    if (server_nice == -1 && errno != 0)
        server_nice = 99;
    bh_probe_measure(probe, 0);
    uint64_t t_end = bh_now_ns();
    /* The steady part of the play: from --steady-warmup after its start
     * (default max(10 s, 3 paces): every seat has acted within the first
     * pace, and its game is past its opening moves) to the moment a tenth of
     * the seats had finished their games (games differ in length: from the
     * first end on the population shrinks; until a tenth have ended at
     * least 90% of it plays), or to the play's end. */
    int64_t warm_ms = o->steady_warmup_ms >= 0          ? o->steady_warmup_ms
                      : 3 * (int64_t)o->pace_ms > 10000 ? 3 * (int64_t)o->pace_ms
                                                        : 10000;
    uint64_t play0_ns = (uint64_t)pc.start * 1000000u;
    uint64_t steady_from = play0_ns + (uint64_t)warm_ms * 1000000u;
    uint64_t steady_to =
        pc.tenth_over_ms >= 0 ? play0_ns + (uint64_t)pc.tenth_over_ms * 1000000u : t_end;
    bh_probe_window(probe, play0_ns, steady_from, steady_to);
    /* The seats' requests per 100 ms of the steady window: mean, p99, max
     * (a load whose sends are spread has a p99 near its mean) */
    double sends_mean = -1, sends_p99 = -1, sends_max = -1;
    {
        int64_t a = warm_ms / 100, b = (int64_t)((steady_to - play0_ns) / 100000000u);
        if (b > pc.nslots)
            b = pc.nslots;
        uint64_t *v = b > a && pc.sends ? malloc((size_t)(b - a) * sizeof *v) : NULL;
        if (v) {
            double sum = 0;
            for (int64_t k = a; k < b; k++)
                sum += (double)(v[k - a] = pc.sends[k]);
            sends_mean = sum / (double)(b - a);
            sends_p99 = bh_quantile(v, (size_t)(b - a), 0.99);
            sends_max = (double)v[b - a - 1];
            free(v);
        }
    }
    double seat_cmds = 0; /* requests the networked seats sent: the offered load */
    for (int i = 0; i < S; i++)
        seat_cmds += pl[i].moves;
    double cpu_end = bh_cpu_s(srv.pid), busy_end = bh_machine_busy_s(), self_end = bh_self_cpu_s();
    /* the CPU the rest of the machine took in the play (other programs), cores */
    double others_share =
        busy_play0 >= 0 && busy_end >= 0 && self_play0 >= 0 && self_end >= 0
            ? ((busy_end - busy_play0) - (cpu_end - cpu_play0) - (self_end - self_play0)) /
                  ((double)(bh_now_ns() / 1000000u - (uint64_t)pc.start) / 1e3)
            : -1;
    bh_loop_sample_take(&srv, &loop1);
    bh_loop_report lr;
    bh_loop_report_make(&loop0, &loop1, &lr);
    long hwm = bh_rss_kib(srv.pid, "VmHWM");
    if (bh_get_stats(lobby, m) != 0) {
        fprintf(stderr, "bench-host: no stats at the end\n");
        goto out;
    }
    bh_probe_result pr = {0};
    bh_probe_stop(probe, &pr);
    probe = NULL;
    if (refusals)
        top_refusals(refusals, top, sizeof top);
    const gg_msg *st = &m[1], *mem = have_mem ? &m[2] : &m[1];
    double play_s = (double)(t_end - t_joined) / 1e9;
    long rss_top = rss_live_max > rss_joined ? rss_live_max : rss_joined;
    /* Per game: the growth from before the games were created, less the
     * connections of its networked seats (counted apart, at conn_kib). */
    double per_game = ((double)(rss_top - rss_before) - conn_kib * S) / N;
    int64_t cache_b = bh_stat(mem, "mem.journal");
    double per_game_less_cache = per_game - (cache_b > 0 ? (double)cache_b / 1024 / N : 0);
    char load[64] = "?";
    FILE *la = fopen("/proc/loadavg", "r");
    if (la) {
        if (!fgets(load, sizeof load, la))
            strcpy(load, "?");
        fclose(la);
        load[strcspn(load, "\n")] = 0;
    }
    double dN = N;
    double tps = play_s > 0 ? (double)bh_stat(st, "turns_resolved") / play_s : 0;
    kv x[] = {
        {"games", N, NULL, 0},
        {"networked_seats_per_game", K, NULL, 0},
        {"seat_transport", 0,
         o->tcp == GG_CLIENT_WS        ? "ws-msgpack"
         : o->tcp == GG_CLIENT_WS_JSON ? "ws-json (as the browser)"
                                       : "tcp",
         0},
        {"server_bot_seats_per_game", GG_SEATS - K, NULL, 0},
        {"scenario", 0, o->scenario, 0},
        {"pace_ms", o->pace_ms, NULL, 0},
        /* --pace-jitter: a think is uniform in pace x [1 - F, 1 + F] (0: lockstep) */
        {"pace_jitter", o->pace_jitter, NULL, 2},
        /* the thinks the seats drew (a sleep after acting in a phase) and their range, ms */
        {"thinks", (double)pc.thinks, NULL, 0},
        {"think_min_ms", (double)pc.think_min_ms, NULL, 0},
        {"think_max_ms", (double)pc.think_max_ms, NULL, 0},
        /* the seats' requests per 100 ms of the steady window: mean, p99, max */
        {"seat_sends_per_100ms_steady_mean", sends_mean, NULL, 1},
        {"seat_sends_per_100ms_steady_p99", sends_p99, NULL, 0},
        {"seat_sends_per_100ms_steady_max", sends_max, NULL, 0},
        /* --seat-bot: the reference bot that played the networked seats */
        {"seat_bot", 0, o->seat_bot, 0},
        /* the seats' requests per game and second of play: with --pace,
         * how fast a "player" is (a greedy seat sends 1-3 per phase) */
        {"seat_commands", seat_cmds, NULL, 0},
        {"journal", 0, o->journal ? "on" : "off", 0},
        {"games_live_after_join", (double)live_at_start, NULL, 0},
        {"connections_after_join", (double)conns_at_start, NULL, 0},
        {"games_completed", (double)bh_stat(st, "games_finished"), NULL, 0},
        {"seats_failed", failed, NULL, 0},
        {"move_errors", errors, NULL, 0},
        {"move_errors_top", 0, top, 0},
        {"first_game_over_s", (double)first_over_ms / 1e3, NULL, 2},
        {"games_live_first_sample_below_all", (double)live_min_while_all, NULL, 0},
        {"turns_resolved", (double)bh_stat(st, "turns_resolved"), NULL, 0},
        {"commands", (double)bh_stat(st, "commands"), NULL, 0},
        {"msgs_in", (double)bh_stat(st, "msgs_in"), NULL, 0},
        {"msgs_out", (double)bh_stat(st, "msgs_out"), NULL, 0},
        {"p50_resolve_us", (double)bh_stat(st, "resolve_us_p50"), NULL, 0},
        {"p99_resolve_us", (double)bh_stat(st, "resolve_us_p99"), NULL, 0},
        {"max_resolve_us", (double)bh_stat(st, "resolve_ns_max") / 1e3, NULL, 0},
        {"probe_round_trips", (double)pr.n, NULL, 0},
        {"p50_ack_us", pr.p50_us, NULL, 0},
        {"p99_ack_us", pr.p99_us, NULL, 0},
        {"max_ack_us", pr.max_us, NULL, 0},
        {"p99_ack_enet_us", pr.p99_enet_us, NULL, 0},
        {"p99_ack_tcp_us", pr.p99_tcp_us, NULL, 0},
        {"p99_ack_service_us", pr.p99_service_us, NULL, 0},
        /* the steady window (--steady-warmup): round trips intended from
         * steady_from_s to steady_to_s after the play's start; -1 when none */
        {"steady_from_s", (double)warm_ms / 1e3, NULL, 1},
        {"steady_to_s", steady_to > play0_ns ? (double)(steady_to - play0_ns) / 1e9 : 0, NULL, 1},
        {"probe_round_trips_steady", (double)pr.n_steady, NULL, 0},
        {"p50_ack_steady_us", pr.p50_steady_us, NULL, 0},
        {"p99_ack_steady_us", pr.p99_steady_us, NULL, 0},
        /* p99 of the round trips intended in each 10 s of the play, ms */
        {"ack_p99_ms_per_10s", 0, pr.series[0] ? pr.series : "none", 0},
        {"probe_late_sends", (double)pr.late, NULL, 0},
        {"probe_unanswered_at_end", (double)pr.unanswered, NULL, 0},
        {"probe_errors", pr.errors, NULL, 0},
        {"probe_errors_send", pr.err_send, NULL, 0},
        {"probe_errors_send_enet", pr.err_send_enet, NULL, 0},
        {"probe_errors_send_tcp", pr.err_send_tcp, NULL, 0},
        {"probe_errors_no_reply", pr.err_no_reply, NULL, 0},
        {"probe_errors_reply", pr.err_reply, NULL, 0},
        {"probe_first_error", 0, pr.err_reply ? gg_errname(pr.first_error) : "none", 0},
        {"rss_start_kib", (double)rss0, NULL, 0},
        {"rss_before_games_kib", (double)rss_before, NULL, 0},
        {"rss_all_joined_kib", (double)rss_joined, NULL, 0},
        {"rss_total_kib", (double)rss_top, NULL, 0},
        {"rss_hwm_kib", (double)hwm, NULL, 0},
        {"conn_rss_kib", conn_kib, NULL, 2},
        {"conn_rss_measured_on", C, NULL, 0},
        {"rss_per_game_kib", per_game, NULL, 1},
        {"heap_games_kib_per_game", (double)bh_stat(mem, "mem.games") / 1024 / dN, NULL, 2},
        {"heap_streams_kib_per_game", (double)bh_stat(mem, "mem.streams") / 1024 / dN, NULL, 2},
        {"heap_outbox_kib", (double)bh_stat(mem, "mem.outbox") / 1024, NULL, 1},
        {"heap_sessions_kib", (double)bh_stat(mem, "mem.sessions") / 1024, NULL, 1},
        {"heap_journal_kib", (double)bh_stat(mem, "mem.journal") / 1024, NULL, 1},
        {"heap_bot_jobs_kib", (double)bh_stat(mem, "mem.bot_jobs") / 1024, NULL, 1},
        {"heap_malloc_free_kib", malloc_free_b >= 0 ? malloc_free_b / 1024 : -1, NULL, 1},
        /* the per-game figure without the journal's page cache: one cache
         * for the process, capped (64 MiB), whatever the number of games */
        {"rss_per_game_kib_less_journal_cache", per_game_less_cache, NULL, 1},
        {"create_s", (double)(t_created - t0) / 1e9, NULL, 2},
        {"join_s", (double)(t_joined - t_created) / 1e9, NULL, 2},
        {"play_s", play_s, NULL, 2},
        {"seat_commands_per_game_s", play_s > 0 ? seat_cmds / N / play_s : 0, NULL, 3},
        {"turns_per_s", tps, NULL, 0},
        {"total_s", (double)(t_end - t0) / 1e9, NULL, 2},
        {"server_cpu_total_s", cpu_end - cpu0, NULL, 2},
        {"server_cpu_play_s", cpu_end - cpu_play0, NULL, 2},
        {"server_cpu_play_pct_of_core", 100.0 * (cpu_end - cpu_play0) / play_s, NULL, 0},
        /* while playing: CPU of the loop thread and of the others (bots'
         * workers, the journal's sync thread), shares of one core; the
         * loop's iterations from /metrics (-1: not exported by that server;
         * the quantiles are the upper bounds of their histogram buckets) */
        {"loop_cpu_share", lr.loop_cpu_share, NULL, 3},
        {"workers_cpu_share", lr.workers_cpu_share, NULL, 3},
        {"loop_busy_share", lr.loop_busy_share, NULL, 3},
        /* CPU per turn resolved (µs of one core): what a turn costs the
         * loop and the other threads, less sensitive to a loaded machine
         * than the latencies */
        {"loop_cpu_us_per_turn",
         tps > 0 && lr.loop_cpu_share >= 0 ? lr.loop_cpu_share * 1e6 / tps : -1, NULL, 0},
        {"workers_cpu_us_per_turn",
         tps > 0 && lr.workers_cpu_share >= 0 ? lr.workers_cpu_share * 1e6 / tps : -1, NULL, 0},
        /* the nice value the server bots' threads took (-1: not exported) */
        {"bot_thread_nice", lr.bot_thread_nice, NULL, 0},
        {"loop_iterations", lr.iterations, NULL, 0},
        {"loop_iter_p50_us", lr.iter_p50_us, NULL, 0},
        {"loop_iter_p99_us", lr.iter_p99_us, NULL, 0},
        {"loop_iter_p999_us", lr.iter_p999_us, NULL, 0},
        {"loop_iter_max_us", lr.iter_max_us, NULL, 0},
        {"settle_backlog_max", lr.backlog_max, NULL, 0},
        {"bot_jobs_alive_max", lr.jobs_max, NULL, 0},
        {"bot_think_wait_max", lr.think_wait_max, NULL, 0},
        {"loop_share_bot_results", lr.check_share[0], NULL, 3},
        {"loop_share_commit_send", lr.check_share[1], NULL, 3},
        {"loop_share_bot_submit", lr.check_share[2], NULL, 3},
        /* iterations busy >= the server's GG_LOOP_SLOW_US (20 ms): how many,
         * their busy time's shares by step and off a CPU, their context
         * switches each (voluntary: it blocked; involuntary: preempted) */
        {"loop_slow_iterations", lr.slow, NULL, 0},
        {"loop_slow_share_before_poll", lr.slow_step_share[0], NULL, 3},
        {"loop_slow_share_network", lr.slow_step_share[1], NULL, 3},
        {"loop_slow_share_input", lr.slow_step_share[2], NULL, 3},
        {"loop_slow_share_settle", lr.slow_step_share[3], NULL, 3},
        {"loop_slow_share_bot_submit", lr.slow_step_share[4], NULL, 3},
        {"loop_slow_share_commit_send", lr.slow_step_share[5], NULL, 3},
        {"loop_slow_offcpu_share", lr.slow_offcpu_share, NULL, 3},
        {"loop_slow_vol_switches", lr.slow_vol, NULL, 1},
        {"loop_slow_invol_switches", lr.slow_invol, NULL, 1},
        {"journal_checkpoints", lr.ckpts, NULL, 0},
        {"journal_ckpt_stalls", lr.ckpt_stalls, NULL, 0},
        {"journal_ckpt_stall_max_ms", lr.ckpt_stall_max_ms, NULL, 2},
        {"journal_wal_pages_max", lr.wal_pages_max, NULL, 0},
        {"journal_wal_restarts", lr.wal_restarts, NULL, 0},
        /* what each sync flushes and what it costs (store.h; bucket bounds) */
        {"journal_ckpt_ms_mean", lr.ckpt_ms_mean, NULL, 1},
        {"journal_wal_pages_per_commit", lr.wal_pages_per_commit, NULL, 1},
        {"journal_wal_mib_per_s", lr.wal_mib_per_s, NULL, 2},
        {"journal_sync_p50_us", lr.sync_p50_us, NULL, 0},
        {"journal_sync_p99_us", lr.sync_p99_us, NULL, 0},
        {"input_backlog_max", lr.input_backlog_max, NULL, 0},
        {"input_deferred_iterations", lr.input_deferred, NULL, 0},
        {"input_queued", lr.input_queued, NULL, 0},
        /* the server's share of an ack: a direct reply from its making to its send */
        {"server_reply_wait_p50_us", lr.reply_wait_p50_us, NULL, 0},
        {"server_reply_wait_p99_us", lr.reply_wait_p99_us, NULL, 0},
        {"input_wait_p99_us", lr.input_wait_p99_us, NULL, 0},
        {"input_waits", lr.input_waits, NULL, 0},
        {"game_wait_p99_us", lr.game_wait_p99_us, NULL, 0},
        {"game_waits", lr.game_waits, NULL, 0},
        {"outbox_sync_flushes", lr.outbox_flushes, NULL, 0},
        {"outbox_sync_flush_ms", lr.outbox_flush_ms, NULL, 1},
        /* --durability: 1 = process (replies leave once in the WAL), 0 =
         * machine (after the sync), -1 = not exported; messages sent before
         * their sync, groups whose replies the window held back for the
         * sync, and the window's p99 (an early-acknowledged group's commit to
         * its sync, bucket bound) */
        {"durability_process", lr.durability_process, NULL, 0},
        {"sent_unsynced", lr.sent_unsynced, NULL, 0},
        {"unsynced_limited", lr.unsynced_limited, NULL, 0},
        {"acked_unsynced_p99_us", lr.acked_unsynced_p99_us, NULL, 0},
        /* bench-host's own CPU in the play (seats, probe), of one core: it
         * shares the machine with the server */
        {"bench_host_cpu_share", lr.self_cpu_share, NULL, 3},
        /* the machine's CPU in the play less the server's and bench-host's:
         * other programs (a shared machine), cores */
        {"others_cpu_share", others_share, NULL, 2},
        /* --load-sched: the policy asked for the thread that plays the seats
         * (the load), and the policies the threads had as they ran: the
         * load's, the probe's (never idle) and the server's loop thread;
         * the server's nice value (--server-nice); the load's and the
         * probe's CPU in the play, of one core */
        {"load_sched", 0, o->load_sched_idle ? "idle" : "normal", 0},
        {"load_sched_policy", 0, pc.sched ? pc.sched : "?", 0},
        {"probe_sched_policy", 0, pr.sched ? pr.sched : "none", 0},
        {"server_sched_policy", 0, server_sched, 0},
        {"server_nice", server_nice, NULL, 0},
        {"load_thread_cpu_share", pc.cpu_s >= 0 && play_s > 0 ? pc.cpu_s / play_s : -1, NULL, 3},
        {"probe_thread_cpu_share", pr.cpu_share, NULL, 3},
        /* the load's CPU (its thread: the seats' bots thinking, their
         * messages' coding, the epoll loop) per command the seats sent, µs */
        {"load_cpu_us_per_seat_command",
         pc.cpu_s >= 0 && seat_cmds > 0 ? pc.cpu_s * 1e6 / seat_cmds : -1, NULL, 1},
        {"journal_bytes", dir[0] ? (double)bh_du(dir) : 0, NULL, 0},
        {"server_warnings", bh_server_warnings(), NULL, 0},
        {"loadavg_at_end", 0, load, 0},
    };
    print_kvs(x, (int)(sizeof x / sizeof x[0]), o->json);
    rc = ndone == S && failed == 0 ? 0 : 1;
out:
    bh_probe_stop(probe, NULL);
    for (int i = 0; i < joined; i++)
        if (seats[i].state != SEAT_DONE)
            gg_player_close(&pl[i]);
    for (int i = 0; i < nidle; i++)
        gg_client_destroy(idle[i]);
    if (lobby)
        gg_client_destroy(lobby);
    bh_server_stop(&srv, 0);
    bh_rmtree(dir);
    if (refusals)
        fclose(refusals);
    free(m);
    free(codes);
    free(pl);
    free(seats);
    free(idle);
    free(pc_sends);
    return rc;
}
