/* bench/server/bench_host_orders.c — bench-host's request modes: seats of
 * games in the orders phase (shared with the latency probe), rtt (orders->ok
 * round trips one at a time) and tput (C clients x K requests in flight).
 * See bench_host.h and `bench-host --help`. */
#include "bench_host.h"

#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "gg/bots.h"

/* ---- seats in the orders phase (rtt, tput) ---- */

static void keep_state(const gg_msg *m, void *ud)
{
    bh_seat *s = ud;
    if (m->type == GG_MSG_state)
        s->view = m->u.state.view;
}

/* Waits until the seat's view is in `phase`. Returns 0 or -1. */
static int wait_phase(bh_seat *s, int phase, gg_msg *m)
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
int bh_setup_seats(const bh_server *srv, const bh_opts *o, int n, bh_seat **out)
{
    int games = (n + 3) / 4, ns = games * 4;
    bh_seat *seats = calloc((size_t)ns, sizeof *seats);
    gg_msg *m = malloc(2 * sizeof *m);
    gg_client *lobby = bh_connect(srv->port, 1);
    if (!seats || !m || !lobby)
        goto fail;
    for (int g = 0; g < games; g++) {
        bh_seat *gs = seats + 4 * g;
        bh_create_msg(m, o->scenario, (uint64_t)g + 1, 0);
        if (bh_request(lobby, m, m + 1, 5000, NULL, NULL) != 0)
            goto fail;
        gg_msg_game_created gc = m[1].u.game_created;
        for (int seat_no = 0; seat_no < GG_SEATS; seat_no++) {
            bh_seat *s = &gs[seat_no];
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
            bh_seat *s = &gs[seat_no];
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

void bh_close_seats(bh_seat *seats, int n)
{
    for (int i = 0; i < n; i++)
        gg_client_destroy(seats[i].c);
    free(seats);
}

/* Client-side token bucket mirroring the server's: 1 if the seat may send now. */
static int may_send(bh_seat *s, double rate)
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
int bh_encode_req(bh_seat *s, int idx, int orders, uint8_t *buf, size_t cap, uint32_t *rid)
{
    gg_msg m;
    gg_msg_init(&m, orders ? GG_MSG_orders : GG_MSG_ping);
    if (orders)
        m.u.orders.orders = s->orders;
    m.rid = *rid = (uint32_t)(idx + 1) << 16 | (s->next++ & 0xffffu);
    return gg_msg_encode(&m, buf, cap);
}

/* Row bucket of a seat: 0 for the chosen transport, 1 for TCP under --pair. */
static int bucket(const bh_opts *o, const bh_seat *s)
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

int bh_mode_rtt(const bh_opts *o)
{
    bh_server srv;
    bh_seat *seats;
    static uint8_t buf[GG_MAX_MESSAGE], got[GG_MAX_MESSAGE];
    gg_msg *m = malloc(sizeof *m);
    uint64_t *rtt = malloc(sizeof *rtt * (size_t)o->count * 2), *by[2];
    int n, errors = 0, first_err = 0;
    size_t k = 0, kb[2] = {0, 0}, len;
    if (!m || !rtt || start(&srv, o) != 0)
        return 1;
    if ((n = bh_setup_seats(&srv, o, o->conns, &seats)) < 0) {
        finish(&srv);
        return 1;
    }
    uint32_t rid;
    int size_min = GG_MAX_MESSAGE, size_max = 0, size_sum = 0;
    for (int i = 0; i < n; i++) {
        int sz = bh_encode_req(&seats[i], i, 1, buf, sizeof buf, &rid);
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
        bh_seat *s = &seats[idx];
        while (!may_send(s, o->rate)) {
            struct timespec ts = {0, 100000};
            nanosleep(&ts, NULL);
        }
        if (i == 0)
            t_start = bh_now_ns();
        int len_req = bh_encode_req(s, idx, 1, buf, sizeof buf, &rid);
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
    bh_close_seats(seats, n);
    finish(&srv);
    free(m);
    free(rtt);
    return k == (size_t)o->count ? 0 : 1;
}

int bh_mode_tput(const bh_opts *o)
{
    bh_server srv;
    bh_seat *seats;
    static uint8_t buf[GG_MAX_MESSAGE], got[GG_MAX_MESSAGE];
    gg_msg *m = malloc(sizeof *m);
    size_t cap = 1 << 21, nb[2] = {0, 0}, in_window[2] = {0, 0}, len;
    uint64_t *lat = malloc(sizeof *lat * cap * 2);
    int orders = !strcmp(o->kind, "orders"), errors = 0, first_err = 0, outstanding = 0;
    int K = o->inflight;
    uint32_t rid;
    if (!m || !lat || start(&srv, o) != 0)
        return 1;
    int ns = bh_setup_seats(&srv, o, o->clients, &seats);
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
            bh_seat *s = &seats[i];
            while (s->owed > 0 && may_send(s, o->rate)) {
                int l = bh_encode_req(s, i, orders, buf, sizeof buf, &rid);
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
            bh_seat *s = &seats[i];
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
    bh_close_seats(seats, ns);
    finish(&srv);
    free(pfd);
    free(m);
    free(lat);
    return 0;
}
