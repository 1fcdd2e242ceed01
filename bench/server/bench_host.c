/* bench/server/bench_host.c — bench-host: server-level benchmarks of a real
 * gg-server process (started and stopped by this program): orders→ok round
 * trips, small-message throughput, capacity (many concurrent bot games) and
 * recovery time. The figures are printed, never asserted; run_host_bench.sh
 * runs them beside the raw ENet echo floor (bench-enet-echo) and takes
 * medians. This file: options, the rtt and tput modes. */
#include "bench_host.h"

#include <poll.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "gg/bots.h"
#include "gg/util.h"

enum {
    OPT_SERVER_BIN = 256,
    OPT_JOURNAL,
    OPT_NO_JOURNAL,
    OPT_DATA_ROOT,
    OPT_TCP,
    OPT_ENET,
    OPT_WS,
    OPT_COUNT,
    OPT_WARMUP,
    OPT_CONNS,
    OPT_CLIENTS,
    OPT_INFLIGHT,
    OPT_SECONDS,
    OPT_KIND,
    OPT_RATE,
    OPT_GAMES,
    OPT_PACE,
    OPT_TURNS,
    OPT_SCENARIO,
    OPT_TIMEOUT,
    OPT_NETWORKED,
    OPT_PROBE_RATE,
    OPT_JSON,
    OPT_SERVER_MSG_RATE,
    OPT_LABEL,
    OPT_PAIR,
    OPT_WS_JSON,
};

static const gg_opt options[] = {
    {"server-bin", OPT_SERVER_BIN, "PATH",
     "gg-server to run (default: gg-server beside bench-host)"},
    {"journal", OPT_JOURNAL, NULL,
     "run the server with --data DIR, a fresh directory under\n"
     "--data-root (default for capacity and recovery)"},
    {"no-journal", OPT_NO_JOURNAL, NULL,
     "run the server with --no-journal (default for rtt and tput)"},
    {"data-root", OPT_DATA_ROOT, "DIR",
     "where journal directories are made and removed (default /var/tmp;\n"
     "use a real disk, not tmpfs, to measure fsync)"},
    {"tcp", OPT_TCP, NULL, "client transport for rtt and tput: TCP"},
    {"enet", OPT_ENET, NULL, "client transport for rtt and tput: ENet (the default)"},
    {"ws", OPT_WS, NULL,
     "client transport for rtt and tput: a WebSocket at /ws on the TCP port\n"
     "(binary msgpack frames)"},
    {"ws-json", OPT_WS_JSON, NULL,
     "client transport for rtt, tput and capacity's seats: a WebSocket\n"
     "speaking what the browser client speaks (no subprotocol, JSON text\n"
     "frames, masked)"},
    {"pair", OPT_PAIR, NULL,
     "rtt, tput: every other connection is TCP, the others use --ws or\n"
     "--enet, all on one server and used in turn: one row per transport,\n"
     "measured under the same load at the same time"},
    {"count", OPT_COUNT, "N", "rtt: timed round trips (default 10000)"},
    {"warmup", OPT_WARMUP, "N", "rtt: untimed round trips first (default 1000)"},
    {"conns", OPT_CONNS, "N", "rtt: connections (seats) used in turn (default 64)"},
    {"clients", OPT_CLIENTS, "C", "tput: connections (default 16)"},
    {"inflight", OPT_INFLIGHT, "K", "tput: requests in flight per connection (default 8, max 64)"},
    {"seconds", OPT_SECONDS, "S", "tput: run length (default 3)"},
    {"kind", OPT_KIND, "ping|orders", "tput: request type (default ping)"},
    {"rate", OPT_RATE, "R",
     "client-side cap per connection in msgs/s (default 450; 0 = none,\n"
     "and RATE_LIMITED replies are then counted as errors)"},
    {"games", OPT_GAMES, "N", "capacity, recovery: games (default 1000)"},
    {"pace", OPT_PACE, "MS",
     "capacity: a seat reads nothing for MS ms after it acts (default 200)"},
    {"turns", OPT_TURNS, "T", "recovery: turns the networked seat plays (default 3)"},
    {"scenario", OPT_SCENARIO, "ID", "capacity, recovery (default belt-and-road)"},
    {"timeout", OPT_TIMEOUT, "S", "capacity: give up after S seconds (default 600)"},
    {"networked", OPT_NETWORKED, "K",
     "capacity: networked seats per game, 1..4 (default 4; with 1 it is\n"
     "Kazakhstan's, and China, Russia and the West are server bots)"},
    {"probe-rate", OPT_PROBE_RATE, "R",
     "capacity: probe round trips per second (default 100; 0 = no probe)"},
    {"json", OPT_JSON, NULL, "capacity: print one JSON object instead of key=value lines"},
    {"server-msg-rate", OPT_SERVER_MSG_RATE, "N",
     "start gg-server with --msg-rate N (default its own, 500/s)"},
    {"label", OPT_LABEL, "TEXT", "appended to the row's test name"},
    {"help", 'h', NULL, "this text"},
    {NULL, 0, NULL, NULL},
};

static void usage(FILE *f)
{
    fputs(
        "usage: bench-host MODE [options]\n"
        "Starts its own gg-server (--port 0 on 127.0.0.1), measures, prints one table row (or a\n"
        "few key=value lines), and stops every process it started (also on Ctrl-C).\n"
        "\n"
        "modes:\n"
        "  rtt        orders->ok round trips: seats of deadline-free games in the orders phase\n"
        "             re-send valid (greedy) orders one at a time; each gets a direct `ok` and an\n"
        "             `orders_ack` on the seat stream; latency = send to `ok`. The connections "
        "are\n"
        "             used in turn so that none exceeds the server's 500 msgs/s limit.\n"
        "  tput       C clients x K requests in flight (ping->pong or orders->ok) for S seconds:\n"
        "             replies/s and reply latency. Each connection is paced at --rate msgs/s\n"
        "             (client side) so the server's per-connection rate limit is never hit.\n"
        "  capacity   --games N deadline-free games; --networked K seats of each (default 4)\n"
        "             played over TCP (--ws, --ws-json: a WebSocket) by the reference greedy\n"
        "             bots (gg_player) from one poll() loop, paced with --pace, the other seats\n"
        "             by greedy server bots. Meanwhile a\n"
        "             probe thread times orders->ok round trips on two more games (one over ENet,\n"
        "             one over TCP). Prints server RSS per game and per connection, the server's\n"
        "             heap by kind (`stats` mem.*), turn resolution p50/p99 (server `stats`),\n"
        "             probe p50/p99, games completed, time, server CPU.\n"
        "  recovery   --games N games with 3 server bots + 1 networked seat (Kazakhstan, greedy)\n"
        "             that plays --turns turns; SIGKILL the server; restart it on the same\n"
        "             journal and time process start -> `event=listening`; count\n"
        "             `event=game_recovered`. Baseline in the same run: the start on an empty\n"
        "             journal, and copies of the same journal started with --no-snapshots\n"
        "             (every record replayed instead of the records after each game's snapshot);\n"
        "             each kind started 3 times on fresh copies, alternating: medians.\n"
        "\n"
        "options:\n",
        f);
    gg_opt_help(f, options);
}

/* ---- seats in the orders phase (rtt, tput) ---- */

typedef struct seat {
    gg_client *c;
    int tr; /* transport: 0 ENet, 1 TCP, GG_CLIENT_WS */
    int who;
    gg_state view;
    gg_orders orders;
    double tokens;
    uint64_t refill_ns;
    /* tput */
    uint64_t sent_at[64]; /* by rid % 64 (at most 64 in flight) */
    uint32_t next;        /* per-seat request counter */
    int owed;
} seat;

static void keep_state(const gg_msg *m, void *ud)
{
    seat *s = ud;
    if (m->type == GG_MSG_state)
        s->view = m->u.state.view;
}

/* Waits until the seat's view is in `phase`. Returns 0 or -1. */
static int wait_phase(seat *s, int phase, gg_msg *m)
{
    static uint8_t buf[GG_MAX_MESSAGE];
    size_t len;
    uint64_t deadline = bh_now_ns() + 5000000000u;
    while (s->view.phase != phase) {
        if (bh_now_ns() > deadline)
            return -1;
        int r = gg_client_recv(s->c, 100, buf, sizeof buf, &len);
        if (r < 0)
            return -1;
        if (r == 1 && gg_msg_decode(m, buf, len, NULL) == 0)
            keep_state(m, s);
    }
    return 0;
}

/* Creates ceil(n/4) games of --scenario without deadlines or bots, joins all
 * their seats (4 connections per game), makes every seat `ready` so that
 * each game enters the orders phase, and gives each seat greedy orders.
 * Returns the number of seats (a multiple of 4) or -1. */
static int setup_seats(const bh_server *srv, const bh_opts *o, int n, seat **out)
{
    int games = (n + 3) / 4, ns = games * 4;
    seat *seats = calloc((size_t)ns, sizeof *seats);
    gg_msg *m = malloc(2 * sizeof *m);
    gg_client *lobby = bh_connect(srv->port, 1);
    if (!seats || !m || !lobby)
        goto fail;
    for (int g = 0; g < games; g++) {
        seat *gs = seats + 4 * g;
        bh_create_msg(m, o->scenario, (uint64_t)g + 1, 0);
        if (bh_request(lobby, m, m + 1, 5000, NULL, NULL) != 0)
            goto fail;
        gg_msg_game_created gc = m[1].u.game_created;
        for (int seat_no = 0; seat_no < GG_SEATS; seat_no++) {
            seat *s = &gs[seat_no];
            /* --pair: even connections TCP, odd ones the chosen transport */
            s->tr = o->pair && (4 * g + seat_no) % 2 == 0 ? 1 : o->tcp;
            s->c = bh_connect(srv->port, s->tr);
            if (!s->c)
                goto fail;
            gg_msg_init(m, GG_MSG_join);
            snprintf(m->u.join.code, sizeof m->u.join.code, "%.16s", gc.codes.v[seat_no]);
            if (bh_request(s->c, m, m + 1, 5000, keep_state, s) != 0)
                goto fail;
            s->who = m[1].u.joined.who;
            s->view.phase = 0xff;
            if (wait_phase(s, GG_PHASE_DIPLOMACY, m) != 0)
                goto fail;
        }
        for (int seat_no = 0; seat_no < GG_SEATS; seat_no++) {
            gg_msg_init(m, GG_MSG_ready);
            if (bh_request(gs[seat_no].c, m, m + 1, 5000, keep_state, &gs[seat_no]) != 0)
                goto fail;
        }
        for (int seat_no = 0; seat_no < GG_SEATS; seat_no++) {
            seat *s = &gs[seat_no];
            gg_bot bot;
            if (wait_phase(s, GG_PHASE_ORDERS, m) != 0)
                goto fail;
            gg_bot_init(&bot, "greedy", s->who, (uint64_t)g + 1);
            gg_bot_orders(&bot, &s->view, &s->orders);
            s->tokens = o->rate;
            s->refill_ns = bh_now_ns();
        }
    }
    gg_client_destroy(lobby);
    free(m);
    *out = seats;
    return ns;
fail:
    fprintf(stderr, "bench-host: could not set up %d seats in the orders phase\n", ns);
    if (lobby)
        gg_client_destroy(lobby);
    free(m);
    if (seats)
        for (int i = 0; i < ns; i++)
            gg_client_destroy(seats[i].c);
    free(seats);
    return -1;
}

static void close_seats(seat *seats, int n)
{
    for (int i = 0; i < n; i++)
        gg_client_destroy(seats[i].c);
    free(seats);
}

/* Client-side token bucket mirroring the server's: 1 if the seat may send now. */
static int may_send(seat *s, double rate)
{
    if (rate <= 0)
        return 1;
    uint64_t now = bh_now_ns();
    s->tokens += (double)(now - s->refill_ns) * rate / 1e9;
    s->refill_ns = now;
    if (s->tokens > rate)
        s->tokens = rate;
    if (s->tokens < 1)
        return 0;
    s->tokens -= 1;
    return 1;
}

/* Encodes one request (ping or the seat's orders) with the seat's next rid:
 * (seat index + 1) << 16 | counter, so rid % 64 names an in-flight slot. */
static int encode_req(seat *s, int idx, int orders, uint8_t *buf, size_t cap, uint32_t *rid)
{
    gg_msg m;
    gg_msg_init(&m, orders ? GG_MSG_orders : GG_MSG_ping);
    if (orders)
        m.u.orders.orders = s->orders;
    m.rid = *rid = (uint32_t)(idx + 1) << 16 | (s->next++ & 0xffffu);
    return gg_msg_encode(&m, buf, cap);
}

/* Row bucket of a seat: 0 for the chosen transport, 1 for TCP under --pair. */
static int bucket(const bh_opts *o, const seat *s)
{
    return o->pair && s->tr == 1 && o->tcp != 1;
}

static const char *tr_name(int tr)
{
    return tr == GG_CLIENT_WS        ? "host-ws"
           : tr == GG_CLIENT_WS_JSON ? "host-wsjson"
           : tr                      ? "host-tcp"
                                     : "host-enet";
}

static void print_header(void)
{
    printf("%-10s %-30s %9s %9s %9s %9s %9s %11s %7s\n", "transport", "test", "msgs", "p50_us",
           "p99_us", "p999_us", "max_us", "msgs/s", "errors");
}

static void print_row(const char *name, const char *test, uint64_t *v, size_t n, double rate,
                      int errors)
{
    double p50 = bh_quantile(v, n, 0.5) / 1e3, p99 = bh_quantile(v, n, 0.99) / 1e3;
    double p999 = bh_quantile(v, n, 0.999) / 1e3, mx = n ? (double)v[n - 1] / 1e3 : 0;
    printf("%-10s %-30s %9zu %9.1f %9.1f %9.1f %9.1f %11.0f %7d\n", name, test, n, p50, p99, p999,
           mx, rate, errors);
    fflush(stdout);
}

static int start(bh_server *srv, const bh_opts *o)
{
    char dir[512] = "";
    if (o->journal && bh_mkdir(o->data_root, "journal", dir, sizeof dir) != 0)
        return -1;
    if (bh_server_start(srv, o, dir, 60) != 0) {
        bh_rmtree(dir);
        return -1;
    }
    return 0;
}

static void finish(bh_server *srv)
{
    bh_server_stop(srv, 0);
    bh_rmtree(srv->dir);
}

static int mode_rtt(const bh_opts *o)
{
    bh_server srv;
    seat *seats;
    static uint8_t buf[GG_MAX_MESSAGE], got[GG_MAX_MESSAGE];
    gg_msg *m = malloc(sizeof *m);
    uint64_t *rtt = malloc(sizeof *rtt * (size_t)o->count * 2), *by[2];
    int n, errors = 0, first_err = 0;
    size_t k = 0, kb[2] = {0, 0}, len;
    if (!m || !rtt || start(&srv, o) != 0)
        return 1;
    if ((n = setup_seats(&srv, o, o->conns, &seats)) < 0) {
        finish(&srv);
        return 1;
    }
    uint32_t rid;
    int size_min = GG_MAX_MESSAGE, size_max = 0, size_sum = 0;
    for (int i = 0; i < n; i++) {
        int sz = encode_req(&seats[i], i, 1, buf, sizeof buf, &rid);
        size_sum += sz;
        size_min = sz < size_min ? sz : size_min;
        size_max = sz > size_max ? sz : size_max;
    }
    printf("# orders messages: %d..%d bytes, mean %d; %d connections used in turn\n", size_min,
           size_max, size_sum / n, n);
    print_header();
    uint64_t t_start = 0;
    for (int i = -o->warmup; i < o->count; i++) {
        int idx = (i + o->warmup) % n;
        seat *s = &seats[idx];
        while (!may_send(s, o->rate)) {
            struct timespec ts = {0, 100000};
            nanosleep(&ts, NULL);
        }
        if (i == 0)
            t_start = bh_now_ns();
        int len_req = encode_req(s, idx, 1, buf, sizeof buf, &rid);
        uint64_t t0 = bh_now_ns();
        if (gg_client_send(s->c, gg_msg_channel(GG_MSG_orders), buf, (size_t)len_req) != 0) {
            fprintf(stderr, "bench-host: send failed\n");
            break;
        }
        for (;;) {
            int r = gg_client_recv(s->c, 5000, got, sizeof got, &len);
            if (r <= 0) {
                fprintf(stderr, "bench-host: no reply to orders (%d)\n", r);
                goto out;
            }
            if (gg_msg_decode(m, got, len, NULL) != 0 || m->rid != rid)
                continue;
            if (m->type == GG_MSG_ok || m->type == GG_MSG_error)
                break;
        }
        if (m->type == GG_MSG_error && !errors++)
            first_err = m->u.error.code;
        if (i >= 0) {
            int b = bucket(o, s);
            rtt[(size_t)b * (size_t)o->count + kb[b]++] = bh_now_ns() - t0;
            k++;
        }
    }
out:;
    char test[64];
    snprintf(test, sizeof test, "orders-rtt %s%s%s", o->journal ? "journal" : "no-journal",
             o->label[0] ? " " : "", o->label);
    double secs = (double)(bh_now_ns() - t_start) / 1e9;
    by[0] = rtt;
    by[1] = rtt + o->count;
    for (int b = 0; b < (o->pair && o->tcp != 1 ? 2 : 1); b++)
        print_row(tr_name(b ? 1 : o->tcp), test, by[b], kb[b], (double)kb[b] / secs, errors);
    if (errors)
        fprintf(stderr, "bench-host: first error %s\n", gg_errname(first_err));
    close_seats(seats, n);
    finish(&srv);
    free(m);
    free(rtt);
    return k == (size_t)o->count ? 0 : 1;
}

static int mode_tput(const bh_opts *o)
{
    bh_server srv;
    seat *seats;
    static uint8_t buf[GG_MAX_MESSAGE], got[GG_MAX_MESSAGE];
    gg_msg *m = malloc(sizeof *m);
    size_t cap = 1 << 21, nb[2] = {0, 0}, in_window[2] = {0, 0}, len;
    uint64_t *lat = malloc(sizeof *lat * cap * 2);
    int orders = !strcmp(o->kind, "orders"), errors = 0, first_err = 0, outstanding = 0;
    int K = o->inflight;
    uint32_t rid;
    if (!m || !lat || start(&srv, o) != 0)
        return 1;
    int ns = setup_seats(&srv, o, o->clients, &seats);
    if (ns < 0) {
        finish(&srv);
        return 1;
    }
    int C = o->clients;
    struct pollfd *pfd = calloc((size_t)C, sizeof *pfd);
    for (int i = 0; i < C; i++) {
        pfd[i].fd = gg_client_fd(seats[i].c);
        pfd[i].events = POLLIN;
        seats[i].owed = K;
    }
    print_header();
    uint64_t t_start = bh_now_ns(), end = t_start + (uint64_t)(o->seconds * 1e9), now;
    for (;;) {
        now = bh_now_ns();
        int owed_any = 0;
        for (int i = 0; i < C && now < end; i++) {
            seat *s = &seats[i];
            while (s->owed > 0 && may_send(s, o->rate)) {
                int l = encode_req(s, i, orders, buf, sizeof buf, &rid);
                if (gg_client_send(s->c, orders ? 1 : 0, buf, (size_t)l) != 0) {
                    errors++;
                    s->owed = 0;
                    break;
                }
                s->sent_at[rid % 64] = bh_now_ns();
                s->owed--;
                outstanding++;
            }
            owed_any |= s->owed > 0;
        }
        if (outstanding == 0 && now >= end)
            break;
        if (now >= end + 5000000000u)
            break; /* stragglers: give up after 5 s */
        poll(pfd, (nfds_t)C, owed_any ? 1 : 5);
        for (int i = 0; i < C; i++) {
            seat *s = &seats[i];
            int r;
            /* ENet needs servicing even when quiet (acks, resends). */
            while ((r = gg_client_recv(s->c, 0, got, sizeof got, &len)) == 1) {
                if (gg_msg_decode(m, got, len, NULL) != 0 || m->seq != 0 ||
                    (m->type != GG_MSG_ok && m->type != GG_MSG_pong && m->type != GG_MSG_error))
                    continue;
                int b = bucket(o, s);
                now = bh_now_ns();
                outstanding--;
                if (m->type == GG_MSG_error && !errors++)
                    first_err = m->u.error.code;
                if (nb[b] < cap)
                    lat[(size_t)b * cap + nb[b]++] = now - s->sent_at[m->rid % 64];
                if (now < end) {
                    in_window[b]++;
                    s->owed++;
                }
            }
            if (r < 0) {
                errors++;
                pfd[i].fd = -1;
            }
        }
    }
    char test[64];
    snprintf(test, sizeof test, "%s-tput %dx%d %s%s%s", orders ? "orders" : "ping", C, K,
             orders ? (o->journal ? "journal" : "no-journal") : "", o->label[0] ? " " : "",
             o->label);
    for (int b = 0; b < (o->pair && o->tcp != 1 ? 2 : 1); b++)
        print_row(tr_name(b ? 1 : o->tcp), test, lat + (size_t)b * cap, nb[b],
                  (double)in_window[b] / ((double)(end - t_start) / 1e9), errors);
    if (errors)
        fprintf(stderr, "bench-host: first error %s\n", gg_errname(first_err));
    if (outstanding)
        fprintf(stderr, "bench-host: %d requests never answered\n", outstanding);
    close_seats(seats, ns);
    finish(&srv);
    free(pfd);
    free(m);
    free(lat);
    return 0;
}

/* ---- latency probe (capacity): orders->ok while the games run ---- */

struct bh_probe {
    pthread_t th;
    seat *seats[2]; /* 4 ENet seats, 4 TCP seats: one game each, in the orders phase */
    int ns[2];
    double rate;
    atomic_int measuring, stop;
    uint64_t *lat[2];
    size_t n[2], cap;
    int errors, err_send, err_no_reply, err_reply, first_error;
};

/* Services every probe connection (ENet acknowledges inside recv). */
static void probe_drain(bh_probe *p, uint8_t *got)
{
    size_t len;
    for (int t = 0; t < 2; t++)
        for (int i = 0; i < p->ns[t]; i++)
            while (gg_client_recv(p->seats[t][i].c, 0, got, GG_MAX_MESSAGE, &len) == 1)
                ;
}

static void *probe_run(void *arg)
{
    bh_probe *p = arg;
    uint8_t *buf = malloc(GG_MAX_MESSAGE), *got = malloc(GG_MAX_MESSAGE);
    gg_msg *m = malloc(sizeof *m);
    uint64_t next = bh_now_ns(), every = (uint64_t)(1e9 / p->rate);
    if (!buf || !got || !m)
        return NULL;
    for (unsigned k = 0; !atomic_load(&p->stop); k++) {
        while (bh_now_ns() < next && !atomic_load(&p->stop)) {
            probe_drain(p, got);
            struct timespec ts = {0, 200000};
            nanosleep(&ts, NULL);
        }
        next += every;
        int t = (int)(k & 1), i = (int)((k >> 1) % (unsigned)p->ns[t]);
        seat *s = &p->seats[t][i];
        uint32_t rid;
        int len = encode_req(s, i, 1, buf, GG_MAX_MESSAGE, &rid);
        uint64_t t0 = bh_now_ns();
        if (gg_client_send(s->c, gg_msg_channel(GG_MSG_orders), buf, (size_t)len) != 0) {
            p->errors++;
            p->err_send++;
            continue;
        }
        for (;;) {
            size_t n;
            int r = gg_client_recv(s->c, 5000, got, GG_MAX_MESSAGE, &n);
            if (r <= 0) {
                p->errors++;
                p->err_no_reply++;
                break;
            }
            if (gg_msg_decode(m, got, n, NULL) != 0 || m->rid != rid || m->seq != 0)
                continue;
            if (m->type == GG_MSG_error) {
                p->errors++;
                if (!p->err_reply++)
                    p->first_error = m->u.error.code;
            }
            if (m->type == GG_MSG_ok && atomic_load(&p->measuring) && p->n[t] < p->cap)
                p->lat[t][p->n[t]++] = bh_now_ns() - t0;
            break;
        }
    }
    free(buf);
    free(got);
    free(m);
    return NULL;
}

bh_probe *bh_probe_start(const bh_server *srv, const bh_opts *o, double rate)
{
    bh_probe *p = calloc(1, sizeof *p);
    if (!p)
        return NULL;
    p->rate = rate;
    p->cap = 1 << 20;
    for (int t = 0; t < 2; t++) {
        bh_opts ot = *o;
        ot.tcp = t;
        ot.rate = 0;
        p->lat[t] = malloc(p->cap * sizeof *p->lat[t]);
        p->ns[t] = p->lat[t] ? setup_seats(srv, &ot, 4, &p->seats[t]) : -1;
        if (p->ns[t] <= 0) {
            if (t == 1)
                close_seats(p->seats[0], p->ns[0]);
            free(p->lat[0]);
            free(p->lat[1]);
            free(p);
            return NULL;
        }
    }
    if (pthread_create(&p->th, NULL, probe_run, p) != 0) {
        bh_probe_stop(p, NULL);
        return NULL;
    }
    return p;
}

void bh_probe_measure(bh_probe *p, int on)
{
    if (p)
        atomic_store(&p->measuring, on);
}

void bh_probe_stop(bh_probe *p, bh_probe_result *out)
{
    if (!p)
        return;
    if (p->th) {
        atomic_store(&p->stop, 1);
        pthread_join(p->th, NULL);
    }
    if (out) {
        memset(out, 0, sizeof *out);
        size_t all = p->n[0] + p->n[1];
        uint64_t *v = malloc((all ? all : 1) * sizeof *v);
        if (v) {
            memcpy(v, p->lat[0], p->n[0] * sizeof *v);
            memcpy(v + p->n[0], p->lat[1], p->n[1] * sizeof *v);
            out->p50_us = bh_quantile(v, all, 0.5) / 1e3;
            out->p99_us = bh_quantile(v, all, 0.99) / 1e3;
            out->max_us = all ? (double)v[all - 1] / 1e3 : 0;
            free(v);
        }
        out->n = all;
        out->p99_enet_us = bh_quantile(p->lat[0], p->n[0], 0.99) / 1e3;
        out->p99_tcp_us = bh_quantile(p->lat[1], p->n[1], 0.99) / 1e3;
        out->errors = p->errors;
        out->err_send = p->err_send;
        out->err_no_reply = p->err_no_reply;
        out->err_reply = p->err_reply;
        out->first_error = p->first_error;
    }
    for (int t = 0; t < 2; t++) {
        close_seats(p->seats[t], p->ns[t]);
        free(p->lat[t]);
    }
    free(p);
}

static int arg_int(const char *v, int lo, int hi, const char *name)
{
    int x;
    if (gg_parse_int(v, lo, hi, &x) != 0) {
        fprintf(stderr, "bench-host: --%s needs a number %d..%d (see --help)\n", name, lo, hi);
        exit(2);
    }
    return x;
}

/* A finite number in [lo, hi], whole text. */
static double arg_double(const char *v, double lo, double hi, const char *name)
{
    char *end;
    double x = v && *v ? strtod(v, &end) : -1.0;
    if (!v || !*v || *end || !(x >= lo && x <= hi)) {
        fprintf(stderr, "bench-host: --%s needs a number %g..%g (see --help)\n", name, lo, hi);
        exit(2);
    }
    return x;
}

int main(int argc, char **argv)
{
    static char bin[4096];
    bh_opts o = {NULL, "/var/tmp", -1,     0,   10000, 1000, 64, 16,
                 8,    3.0,        "ping", 450, 1000,  200,  3,  "belt-and-road",
                 600,  "",         0,      4,   0,     100,  0,  0};
    const char *mode = NULL;
    gg_opt_parser p;
    if (gg_opt_init(&p, options, "bench-host", argc, argv, 1) != 0)
        return 2;
    const char *v;
    int key, rest = argc;
    while ((key = gg_opt_next(&p, &v, &rest)) != -1) {
        switch (key) {
        case 'h':
            usage(stdout);
            return 0;
        case OPT_JOURNAL:
            o.journal = 1;
            break;
        case OPT_NO_JOURNAL:
            o.journal = 0;
            break;
        case OPT_TCP:
            o.tcp = 1;
            break;
        case OPT_WS:
            o.tcp = GG_CLIENT_WS;
            break;
        case OPT_WS_JSON:
            o.tcp = GG_CLIENT_WS_JSON;
            break;
        case OPT_ENET:
            o.tcp = 0;
            break;
        case OPT_JSON:
            o.json = 1;
            break;
        case OPT_PAIR:
            o.pair = 1;
            break;
        case OPT_SERVER_BIN:
            o.server_bin = v;
            break;
        case OPT_DATA_ROOT:
            o.data_root = v;
            break;
        case OPT_COUNT:
            o.count = arg_int(v, 1, 10000000, "count");
            break;
        case OPT_WARMUP:
            o.warmup = arg_int(v, 0, 1000000, "warmup");
            break;
        case OPT_CONNS:
            o.conns = arg_int(v, 1, 4000, "conns");
            break;
        case OPT_CLIENTS:
            o.clients = arg_int(v, 1, 4000, "clients");
            break;
        case OPT_INFLIGHT:
            o.inflight = arg_int(v, 1, 64, "inflight");
            break;
        case OPT_SECONDS:
            o.seconds = arg_double(v, 0.001, 86400, "seconds");
            break;
        case OPT_KIND:
            o.kind = v;
            break;
        case OPT_RATE:
            o.rate = arg_double(v, 0, 1e9, "rate");
            break;
        case OPT_SERVER_MSG_RATE:
            o.server_msg_rate = arg_int(v, 1, 10000000, "server-msg-rate");
            break;
        case OPT_GAMES:
            o.games = arg_int(v, 1, 100000, "games");
            break;
        case OPT_PACE:
            o.pace_ms = arg_int(v, 0, 100000, "pace");
            break;
        case OPT_TURNS:
            o.turns = arg_int(v, 1, 64, "turns");
            break;
        case OPT_SCENARIO:
            o.scenario = v;
            break;
        case OPT_TIMEOUT:
            o.timeout_s = arg_int(v, 1, 86400, "timeout");
            break;
        case OPT_LABEL:
            o.label = v;
            break;
        case OPT_NETWORKED:
            o.networked = arg_int(v, 1, 4, "networked");
            break;
        case OPT_PROBE_RATE:
            o.probe_rate = arg_double(v, 0, 1e6, "probe-rate");
            break;
        default:
            return 2;
        }
    }
    if (rest < argc)
        mode = argv[rest];
    if (rest + 1 < argc) {
        fprintf(stderr, "bench-host: one mode only, not '%s' too (see --help)\n", argv[rest + 1]);
        return 2;
    }
    if (!mode) {
        fprintf(stderr, "bench-host: which mode? rtt, tput, capacity or recovery (see --help)\n");
        return 2;
    }
    if (strcmp(o.kind, "ping") && strcmp(o.kind, "orders")) {
        fprintf(stderr, "bench-host: --kind must be ping or orders\n");
        return 2;
    }
    if (!o.server_bin) { /* gg-server beside this program */
        ssize_t n = readlink("/proc/self/exe", bin, sizeof bin - 16);
        if (n > 0) {
            bin[n] = 0;
            char *slash = strrchr(bin, '/');
            strcpy(slash ? slash + 1 : bin, "gg-server");
        } else {
            strcpy(bin, "gg-server");
        }
        o.server_bin = bin;
    }
    if (access(o.server_bin, X_OK) != 0) {
        fprintf(stderr, "bench-host: cannot run %s (build gg-server or use --server-bin)\n",
                o.server_bin);
        return 2;
    }
    int games_mode = !strcmp(mode, "capacity") || !strcmp(mode, "recovery");
    if (o.journal < 0)
        o.journal = games_mode;
    if (!strcmp(mode, "rtt"))
        return mode_rtt(&o);
    if (!strcmp(mode, "tput"))
        return mode_tput(&o);
    if (!strcmp(mode, "capacity"))
        return bh_mode_capacity(&o);
    if (!strcmp(mode, "recovery"))
        return bh_mode_recovery(&o);
    fprintf(stderr, "bench-host: unknown mode %s (rtt, tput, capacity, recovery)\n", mode);
    return 2;
}
