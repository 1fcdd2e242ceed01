/* bench/server/bench_echo.c — see bench_echo.h. */
#include "bench_echo.h"

#include "gg/limits.h"

#include <enet/enet.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define MAX_CLIENTS 256
#define BUF_CAP 65536

uint64_t bench_now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

int bench_parse(int argc, char **argv, bench_opts *o, const char *prog, const char *usage_extra)
{
    int i;
    o->count = 20000;
    o->seconds = 3.0;
    o->clients = 16;
    o->inflight = 8;
    o->size = 64;
    for (i = 1; i < argc; i++) {
        const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
        if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
            printf("usage: %s [--count N] [--seconds S] [--clients C] [--inflight K] "
                   "[--size BYTES]%s\n"
                   "  --count N     latency round trips, one client (default 20000)\n"
                   "  --seconds S   throughput run length (default 3)\n"
                   "  --clients C   throughput clients (default 16, max %d)\n"
                   "  --inflight K  messages in flight per client (default 8)\n"
                   "  --size BYTES  message size, 16..65536 (default 64)\n",
                   prog, usage_extra, MAX_CLIENTS);
            return -1;
        }
        if (!v)
            return i;
        if (!strcmp(a, "--count"))
            o->count = atoi(v);
        else if (!strcmp(a, "--seconds"))
            o->seconds = atof(v);
        else if (!strcmp(a, "--clients"))
            o->clients = atoi(v);
        else if (!strcmp(a, "--inflight"))
            o->inflight = atoi(v);
        else if (!strcmp(a, "--size"))
            o->size = atoi(v);
        else
            return i;
        i++;
    }
    if (o->count < 1)
        o->count = 1;
    if (o->clients < 1)
        o->clients = 1;
    if (o->clients > MAX_CLIENTS)
        o->clients = MAX_CLIENTS;
    if (o->inflight < 1)
        o->inflight = 1;
    if (o->size < 16)
        o->size = 16;
    if (o->size > BUF_CAP)
        o->size = BUF_CAP;
    return argc;
}

void bench_header(void)
{
    printf("%-10s %-22s %9s %9s %9s %9s %9s %11s\n", "transport", "test", "msgs", "p50_us",
           "p99_us", "p999_us", "max_us", "msgs/s");
}

static int cmp_u64(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return x < y ? -1 : x > y;
}

/* Prints one row; rate is messages per second. */
static void row(const char *name, const char *test, uint64_t *rtt, size_t n, double rate)
{
    double p50 = 0, p99 = 0, p999 = 0, mx = 0;
    if (n > 0) {
        qsort(rtt, n, sizeof *rtt, cmp_u64);
        p50 = (double)rtt[n / 2] / 1e3;
        p99 = (double)rtt[(size_t)((double)n * 0.99)] / 1e3;
        p999 = (double)rtt[(size_t)((double)n * 0.999)] / 1e3;
        mx = (double)rtt[n - 1] / 1e3;
    }
    printf("%-10s %-22s %9zu %9.1f %9.1f %9.1f %9.1f %11.0f\n", name, test, n, p50, p99, p999, mx,
           rate);
    fflush(stdout);
}

static void stamp(uint8_t *m, size_t len, uint64_t t, uint32_t seq)
{
    size_t i;
    memcpy(m, &t, 8);
    memcpy(m + 8, &seq, 4);
    for (i = 12; i < len; i++)
        m[i] = (uint8_t)(i * 7 + seq);
    m[0] |= 1; /* never a 0 first byte */
}

static uint64_t stamp_time(const uint8_t *m)
{
    uint64_t t;
    memcpy(&t, m, 8);
    return t;
}

void bench_latency(const bench_ops *ops, const bench_opts *o)
{
    void *c = ops->open(ops->ctx, 0);
    uint8_t *msg = malloc(BUF_CAP), *got = malloc(BUF_CAP);
    uint64_t *rtt = malloc(sizeof *rtt * (size_t)o->count);
    size_t len = 0, n = 0;
    uint64_t t0 = 0, start = 0;
    int i, r;
    char test[32];
    for (i = -1000; i < o->count; i++) {
        if (i == 0)
            start = bench_now_ns();
        t0 = bench_now_ns();
        stamp(msg, (size_t)o->size, t0, (uint32_t)i);
        if (ops->send(c, msg, (size_t)o->size) != 0)
            break;
        do
            r = ops->recv(c, 5000, got, BUF_CAP, &len);
        while (r == 0);
        if (r < 0 || len != (size_t)o->size || memcmp(got, msg, len) != 0) {
            fprintf(stderr, "%s: bad or missing echo (r=%d)\n", ops->name, r);
            break;
        }
        if (i >= 0)
            rtt[n++] = bench_now_ns() - t0;
    }
    snprintf(test, sizeof test, "rtt 1x1 %dB", o->size);
    row(ops->name, test, rtt, n, (double)n / ((double)(bench_now_ns() - start) / 1e9));
    ops->close(c);
    free(msg);
    free(got);
    free(rtt);
}

void bench_throughput(const bench_ops *ops, const bench_opts *o)
{
    void *cl[MAX_CLIENTS];
    struct pollfd pfd[MAX_CLIENTS];
    uint8_t *msg = malloc(BUF_CAP), *got = malloc(BUF_CAP);
    size_t cap = 1 << 22, n = 0, in_window = 0, len;
    uint64_t *rtt = malloc(sizeof *rtt * cap);
    uint64_t start, end, now;
    int i, k, errors = 0, outstanding = 0;
    char test[32];

    for (i = 0; i < o->clients; i++) {
        cl[i] = ops->open(ops->ctx, i);
        pfd[i].fd = ops->fd(cl[i]);
        pfd[i].events = POLLIN;
    }
    start = bench_now_ns();
    end = start + (uint64_t)(o->seconds * 1e9);
    for (i = 0; i < o->clients; i++)
        for (k = 0; k < o->inflight; k++) {
            stamp(msg, (size_t)o->size, bench_now_ns(), (uint32_t)k);
            if (ops->send(cl[i], msg, (size_t)o->size) == 0)
                outstanding++;
        }
    while (outstanding > 0) {
        now = bench_now_ns();
        if (now >= end + 5000000000u)
            break; /* stragglers: give up after 5 s */
        poll(pfd, (nfds_t)o->clients, 5);
        for (i = 0; i < o->clients; i++) {
            int r;
            /* ENet needs servicing even when quiet (acks, resends). */
            while ((r = ops->recv(cl[i], 0, got, BUF_CAP, &len)) == 1) {
                now = bench_now_ns();
                outstanding--;
                if (n < cap)
                    rtt[n++] = now - stamp_time(got);
                if (now < end) {
                    in_window++;
                    stamp(msg, (size_t)o->size, now, (uint32_t)n);
                    if (ops->send(cl[i], msg, (size_t)o->size) == 0)
                        outstanding++;
                    else
                        errors++;
                }
            }
            if (r < 0) {
                errors++;
                pfd[i].fd = -1;
            }
        }
    }
    now = bench_now_ns();
    snprintf(test, sizeof test, "tput %dx%d %dB", o->clients, o->inflight, o->size);
    /* Rate: round trips completed before the end mark, per second. */
    row(ops->name, test, rtt, n, (double)in_window / ((double)(end - start) / 1e9));
    if (errors || outstanding)
        fprintf(stderr, "%s: %d errors, %d never answered\n", ops->name, errors, outstanding);
    for (i = 0; i < o->clients; i++)
        ops->close(cl[i]);
    free(msg);
    free(got);
    free(rtt);
}

/* ---- a raw ENet client (no gg_transport) ---- */

typedef struct rc {
    ENetHost *h;
    ENetPeer *p;
} rc;

static void *c_open(void *ctx, int i)
{
    int port = *(int *)ctx;
    rc *c = calloc(1, sizeof *c);
    ENetAddress a;
    ENetEvent ev;
    (void)i;
    enet_address_set_host_ip(&a, "127.0.0.1");
    a.port = (enet_uint16)port;
    c->h = enet_host_create(NULL, 1, GG_ENET_CHANNELS, 0, 0);
    c->p = c->h ? enet_host_connect(c->h, &a, GG_ENET_CHANNELS, 0) : NULL;
    if (!c->p || enet_host_service(c->h, &ev, 5000) <= 0 || ev.type != ENET_EVENT_TYPE_CONNECT) {
        fprintf(stderr, "bench: raw ENet client cannot connect to 127.0.0.1:%d\n", port);
        exit(1);
    }
    return c;
}

static int c_send(void *cv, const uint8_t *m, size_t n)
{
    rc *c = cv;
    ENetPacket *p = enet_packet_create(m, n, ENET_PACKET_FLAG_RELIABLE);
    if (enet_peer_send(c->p, 0, p) < 0) {
        enet_packet_destroy(p);
        return -1;
    }
    enet_host_flush(c->h);
    return 0;
}

static int c_recv(void *cv, int timeout_ms, uint8_t *buf, size_t cap, size_t *len)
{
    rc *c = cv;
    ENetEvent ev;
    uint64_t deadline = bench_now_ns() + (uint64_t)timeout_ms * 1000000u;
    for (;;) {
        uint64_t now = bench_now_ns();
        int r = enet_host_service(c->h, &ev,
                                  now >= deadline ? 0 : (enet_uint32)((deadline - now) / 1000000));
        if (r < 0)
            return -1;
        if (r > 0 && ev.type == ENET_EVENT_TYPE_RECEIVE) {
            size_t n = ev.packet->dataLength < cap ? ev.packet->dataLength : cap;
            memcpy(buf, ev.packet->data, n);
            *len = n;
            enet_packet_destroy(ev.packet);
            return 1;
        }
        if (r > 0 && ev.type == ENET_EVENT_TYPE_DISCONNECT)
            return -1;
        if (r == 0 && bench_now_ns() >= deadline)
            return 0;
    }
}

static int c_fd(void *cv)
{
    return ((rc *)cv)->h->socket;
}

static void c_close(void *cv)
{
    rc *c = cv;
    ENetEvent ev;
    enet_peer_disconnect(c->p, 0);
    while (enet_host_service(c->h, &ev, 200) > 0)
        if (ev.type == ENET_EVENT_TYPE_RECEIVE)
            enet_packet_destroy(ev.packet);
        else if (ev.type == ENET_EVENT_TYPE_DISCONNECT)
            break;
    enet_host_destroy(c->h);
    free(c);
}

bench_ops bench_raw_enet_ops(const char *name, int *port)
{
    bench_ops o = {name, c_open, c_send, c_recv, c_fd, c_close, port};
    return o;
}
