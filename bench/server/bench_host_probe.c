/* bench/server/bench_host_probe.c — bench-host's latency probe: while the
 * capacity games play, a thread of its own times orders->ok round trips on
 * two more games (one over ENet, one over TCP). See bench_host.h. */
#define _GNU_SOURCE /* ppoll */
#include "bench_host.h"

#include <poll.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* ---- latency probe (capacity): orders->ok while the games run ---- */

/* In flight per connection at most (a slot per rid % PROBE_SLOTS). */
#define PROBE_SLOTS 64
/* A request unanswered this long counts as lost (err_no_reply). */
#define PROBE_GIVE_UP_NS 5000000000u

/* One request in flight. */
typedef struct probe_req {
    uint32_t rid; /* 0: the slot is free */
    uint64_t intended, sent;
} probe_req;

struct bh_probe {
    pthread_t th;
    bh_seat *seats[2]; /* 4 ENet seats, 4 TCP seats: one game each, in the orders phase */
    int ns[2];
    double rate;
    uint64_t gap_ns; /* least time between two sends on one connection */
    atomic_int measuring, stop;
    uint64_t *lat[2], *svc; /* from the intended send time (by transport); from the send */
    uint64_t *at[2];        /* each lat's intended send time (bh_now_ns) */
    size_t n[2], nsvc, cap;
    uint64_t series_ns, steady_from_ns, steady_to_ns; /* bh_probe_window; 0: none */
    probe_req inflight[2][4][PROBE_SLOTS];
    uint64_t free_at[2][4]; /* per connection: earliest next send */
    int errors, err_send, err_no_reply, err_reply, first_error;
    int err_send_by[2]; /* sends that failed, by transport (ENet, TCP) */
    long late;          /* requests sent later than one period after their intended time */
    long unanswered;    /* still in flight when the probe stopped */
    const char *sched;  /* its policy at its end (bh_sched_name): capacity's --load-sched
                           puts the load's thread in SCHED_IDLE, never this one */
    double cpu0_s, t0_s, cpu_share; /* its CPU while measuring */
};

/* Reads every reply that has arrived on connection (t, i) and records the
 * round trips it ends; stream messages and unknown rids are dropped. */
static void probe_read(bh_probe *p, int t, int i, uint8_t *got, gg_msg *m)
{
    size_t len;
    int r;
    while ((r = gg_client_recv(p->seats[t][i].c, 0, got, GG_MAX_MESSAGE, &len)) == 1) {
        if (gg_msg_decode(m, got, len, NULL) != 0 || m->seq != 0 || m->rid == 0)
            continue;
        probe_req *q = &p->inflight[t][i][m->rid % PROBE_SLOTS];
        if (q->rid != m->rid || (m->type != GG_MSG_ok && m->type != GG_MSG_error))
            continue;
        uint64_t now = bh_now_ns();
        if (m->type == GG_MSG_error) {
            p->errors++;
            if (!p->err_reply++)
                p->first_error = m->u.error.code;
        } else if (atomic_load(&p->measuring) && p->n[t] < p->cap) {
            p->at[t][p->n[t]] = q->intended;
            p->lat[t][p->n[t]++] = now - q->intended;
            p->svc[p->nsvc++] = now - q->sent;
        }
        q->rid = 0;
    }
}

/* Sleeps until a reply may have come (any probe connection readable) or
 * the next request is due (its intended time, or its connection's free_at),
 * at most 5 ms (ENet resends and acknowledges only inside its service call,
 * PROBE_ENET_SERVICE_NS). Waiting in ppoll instead of a 100 us sleep: the
 * probe's thread took as much CPU as the server's loop on 2 cores
 * (1,000s of wake-ups a second, each reading 8 connections), and what it
 * takes the server does not get. */
#define PROBE_ENET_SERVICE_NS 5000000u
static void probe_wait(bh_probe *p, uint64_t due)
{
    struct pollfd fds[8];
    nfds_t n = 0;
    for (int t = 0; t < 2; t++)
        for (int i = 0; i < p->ns[t] && n < 8; i++) {
            fds[n].fd = gg_client_fd(p->seats[t][i].c);
            fds[n].events = POLLIN;
            fds[n].revents = 0;
            n++;
        }
    uint64_t now = bh_now_ns();
    if (due < now)
        due = now;
    uint64_t wait = due - now;
    if (wait > PROBE_ENET_SERVICE_NS)
        wait = PROBE_ENET_SERVICE_NS;
    struct timespec ts = {(time_t)(wait / 1000000000u), (long)(wait % 1000000000u)};
    (void)ppoll(fds, n, &ts, NULL);
}

/* Open loop, in the manner of wrk2: request k is due at start + k / rate
 * (its intended send time), on the connections in turn (ENet and TCP
 * alternately), whether or not earlier replies have come, so a slow server
 * does not slow the probe down. A round trip counts from the intended send
 * time (no coordinated omission: a request held back by a stall of this
 * thread carries the stall), and apart from the actual send (service
 * time). After a stall of the probe the backlog is not sent back to back:
 * a connection sends at most once per gap_ns (half the server's
 * per-connection limit), so the catch-up is never refused as a flood. */
static void *probe_run(void *arg)
{
    bh_probe *p = arg;
    uint8_t *buf = malloc(GG_MAX_MESSAGE), *got = malloc(GG_MAX_MESSAGE);
    gg_msg *m = malloc(sizeof *m);
    uint64_t t_start = bh_now_ns(), every = (uint64_t)(1e9 / p->rate), k = 0;
    if (!buf || !got || !m)
        return NULL;
    while (!atomic_load(&p->stop)) {
        int t = (int)(k & 1), i = (int)((k >> 1) % (uint64_t)p->ns[t]);
        bh_seat *s = &p->seats[t][i];
        uint64_t intended = t_start + k * every, now = bh_now_ns();
        int sent = 0;
        if (now >= intended && now >= p->free_at[t][i]) {
            uint32_t rid;
            int len = bh_encode_req(s, i, 1, buf, GG_MAX_MESSAGE, &rid);
            probe_req *q = &p->inflight[t][i][rid % PROBE_SLOTS];
            if (q->rid) { /* 64 requests ago and still unanswered: lost */
                p->errors++;
                p->err_no_reply++;
            }
            *q = (probe_req){rid, intended, now};
            p->free_at[t][i] = now + p->gap_ns;
            if (now > intended + every)
                p->late++;
            if (gg_client_send(s->c, gg_msg_channel(GG_MSG_orders), buf, (size_t)len) != 0) {
                p->errors++;
                p->err_send++;
                p->err_send_by[t]++;
                q->rid = 0;
            }
            k++;
            sent = 1;
        }
        /* Replies (and ENet's own traffic) on every connection; requests
         * unanswered for PROBE_GIVE_UP_NS are given up. */
        size_t pending = 0;
        for (int tt = 0; tt < 2; tt++)
            for (int ii = 0; ii < p->ns[tt]; ii++) {
                probe_read(p, tt, ii, got, m);
                pending += gg_client_pending(p->seats[tt][ii].c);
                uint64_t tnow = bh_now_ns();
                for (int q = 0; q < PROBE_SLOTS; q++) {
                    probe_req *r = &p->inflight[tt][ii][q];
                    if (r->rid && tnow - r->sent > PROBE_GIVE_UP_NS) {
                        p->errors++;
                        p->err_no_reply++;
                        r->rid = 0;
                    }
                }
            }
        if (!sent && !pending) { /* the next request: its time, its connection free */
            int nt = (int)(k & 1), ni = (int)((k >> 1) % (uint64_t)p->ns[nt]);
            uint64_t due = t_start + k * every;
            probe_wait(p, due > p->free_at[nt][ni] ? due : p->free_at[nt][ni]);
        }
    }
    for (int t = 0; t < 2; t++)
        for (int i = 0; i < p->ns[t]; i++)
            for (int q = 0; q < PROBE_SLOTS; q++)
                p->unanswered += p->inflight[t][i][q].rid != 0;
    p->sched = bh_sched_name(0);
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
    /* half the server's per-connection message rate (gg-server --msg-rate) */
    p->gap_ns = (uint64_t)(2e9 / (o->server_msg_rate > 0 ? o->server_msg_rate : 500));
    p->svc = malloc(2 * p->cap * sizeof *p->svc);
    for (int t = 0; t < 2; t++) {
        bh_opts ot = *o;
        ot.tcp = t;
        ot.rate = 0;
        p->lat[t] = malloc(p->cap * sizeof *p->lat[t]);
        p->at[t] = malloc(p->cap * sizeof *p->at[t]);
        p->ns[t] = p->lat[t] && p->at[t] && p->svc ? bh_setup_seats(srv, &ot, 4, &p->seats[t]) : -1;
        if (p->ns[t] <= 0) {
            if (t == 1)
                bh_close_seats(p->seats[0], p->ns[0]);
            free(p->lat[0]);
            free(p->lat[1]);
            free(p->at[0]);
            free(p->at[1]);
            free(p->svc);
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
    if (!p)
        return;
    atomic_store(&p->measuring, on);
    double cpu = bh_thread_cpu_s(p->th), t = (double)bh_now_ns() / 1e9;
    if (on) {
        p->cpu0_s = cpu;
        p->t0_s = t;
    } else {
        p->cpu_share =
            cpu >= 0 && p->cpu0_s >= 0 && t > p->t0_s ? (cpu - p->cpu0_s) / (t - p->t0_s) : -1;
    }
}

void bh_probe_window(bh_probe *p, uint64_t series_ns, uint64_t from_ns, uint64_t to_ns)
{
    if (!p)
        return;
    p->series_ns = series_ns;
    p->steady_from_ns = from_ns;
    p->steady_to_ns = to_ns;
}

/* The round trips intended in [from, to) into v (both transports); their count. */
static size_t window(const bh_probe *p, uint64_t from, uint64_t to, uint64_t *v)
{
    size_t k = 0;
    for (int t = 0; t < 2; t++)
        for (size_t i = 0; i < p->n[t]; i++)
            if (p->at[t][i] >= from && p->at[t][i] < to)
                v[k++] = p->lat[t][i];
    return k;
}

/* The steady window's quantiles and the p99 series into *out (v: scratch
 * for every round trip). */
static void steady(const bh_probe *p, uint64_t *v, bh_probe_result *out)
{
    out->n_steady = 0;
    out->p50_steady_us = out->p99_steady_us = -1;
    out->series[0] = 0;
    if (p->steady_to_ns > p->steady_from_ns) {
        size_t k = window(p, p->steady_from_ns, p->steady_to_ns, v);
        out->n_steady = k;
        if (k) {
            out->p50_steady_us = bh_quantile(v, k, 0.5) / 1e3;
            out->p99_steady_us = bh_quantile(v, k, 0.99) / 1e3;
        }
    }
    if (!p->series_ns)
        return;
    uint64_t last = 0, step = (uint64_t)BH_PROBE_SERIES_S * 1000000000u;
    for (int t = 0; t < 2; t++)
        for (size_t i = 0; i < p->n[t]; i++)
            if (p->at[t][i] > last)
                last = p->at[t][i];
    size_t len = 0;
    for (uint64_t w = p->series_ns; w <= last && len + 16 < sizeof out->series; w += step) {
        size_t k = window(p, w, w + step, v);
        int n = k ? snprintf(out->series + len, sizeof out->series - len, "%s%.1f", len ? "," : "",
                             bh_quantile(v, k, 0.99) / 1e6)
                  : snprintf(out->series + len, sizeof out->series - len, "%s-", len ? "," : "");
        len += (size_t)n;
    }
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
        out->p50_steady_us = out->p99_steady_us = -1;
        if (v)
            steady(p, v, out);
        if (v) {
            memcpy(v, p->lat[0], p->n[0] * sizeof *v);
            memcpy(v + p->n[0], p->lat[1], p->n[1] * sizeof *v);
            out->p50_us = bh_quantile(v, all, 0.5) / 1e3;
            out->p99_us = bh_quantile(v, all, 0.99) / 1e3;
            out->max_us = all ? (double)v[all - 1] / 1e3 : 0;
            free(v);
        }
        out->n = all;
        out->p99_service_us = bh_quantile(p->svc, p->nsvc, 0.99) / 1e3;
        out->late = p->late;
        out->unanswered = p->unanswered;
        out->err_send_enet = p->err_send_by[0];
        out->err_send_tcp = p->err_send_by[1];
        out->p99_enet_us = bh_quantile(p->lat[0], p->n[0], 0.99) / 1e3;
        out->p99_tcp_us = bh_quantile(p->lat[1], p->n[1], 0.99) / 1e3;
        out->errors = p->errors;
        out->err_send = p->err_send;
        out->err_no_reply = p->err_no_reply;
        out->err_reply = p->err_reply;
        out->first_error = p->first_error;
        out->sched = p->sched ? p->sched : "?";
        out->cpu_share = p->cpu_share;
    }
    for (int t = 0; t < 2; t++) {
        bh_close_seats(p->seats[t], p->ns[t]);
        free(p->lat[t]);
        free(p->at[t]);
    }
    free(p->svc);
    free(p);
}
