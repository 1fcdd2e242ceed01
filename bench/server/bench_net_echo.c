/* bench/server/bench_net_echo.c — echo through gg_net (libuv loop in a
 * thread, ENet and TCP) with gg_transport clients: the same measurements and
 * table as bench-enet-echo, so the transport's overhead over raw ENet can be
 * read off one run. */
#include "bench_echo.h"

#include "gg/limits.h"
#include "net.h"
#include "transport.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct server {
    uv_loop_t loop;
    uv_thread_t thread;
    uv_async_t stop;
    gg_net *net;
} server;

static void on_open(gg_conn *c, void *ud)
{
    (void)ud;
    gg_conn_set_max_message(c, GG_MAX_MESSAGE);
}

static void on_message(gg_conn *c, const uint8_t *msg, size_t len, void *ud)
{
    (void)ud;
    gg_conn_send(c, 0, msg, len);
}

static void on_closed(void *ud)
{
    server *s = ud;
    uv_close((uv_handle_t *)&s->stop, NULL);
}

static void on_stop(uv_async_t *a)
{
    server *s = a->data;
    gg_net_close(s->net, on_closed);
}

static void run(void *arg)
{
    server *s = arg;
    uv_run(&s->loop, UV_RUN_DEFAULT);
}

typedef struct ctx {
    int port;
    int tcp;
} ctx;

static void *c_open(void *cv, int i)
{
    ctx *x = cv;
    gg_client *c = NULL;
    int err = gg_client_create("127.0.0.1", x->port, x->tcp, 5000, &c);
    (void)i;
    if (err) {
        fprintf(stderr, "bench-net-echo: cannot connect (%d)\n", err);
        exit(1);
    }
    return c;
}

static int c_send(void *c, const uint8_t *m, size_t n)
{
    return gg_client_send(c, 0, m, n);
}

static int c_recv(void *c, int timeout_ms, uint8_t *buf, size_t cap, size_t *len)
{
    return gg_client_recv(c, timeout_ms, buf, cap, len);
}

static int c_fd(void *c)
{
    return gg_client_fd(c);
}

static void c_close(void *c)
{
    gg_client_destroy(c);
}

int main(int argc, char **argv)
{
    static const gg_net_callbacks cb = {.on_open = on_open, .on_message = on_message};
    gg_net_config cfg = {.bind = "127.0.0.1"};
    bench_opts o;
    server s;
    ctx enet_ctx, tcp_ctx;
    int i, err, want_enet = 1, want_tcp = 1;
    bench_ops enet_ops = {"gg-enet", c_open, c_send, c_recv, c_fd, c_close, &enet_ctx};
    bench_ops tcp_ops = {"gg-tcp", c_open, c_send, c_recv, c_fd, c_close, &tcp_ctx};
    bench_ops raw_ops = bench_raw_enet_ops("raw>gg-net", &enet_ctx.port);

    i = bench_parse(argc, argv, &o, "bench-net-echo", " [--enet-only | --tcp-only]");
    if (i < 0)
        return 0;
    for (; i < argc; i++) {
        if (!strcmp(argv[i], "--enet-only"))
            want_tcp = 0;
        else if (!strcmp(argv[i], "--tcp-only"))
            want_enet = 0;
        else {
            fprintf(stderr, "bench-net-echo: unknown option %s (see --help)\n", argv[i]);
            return 2;
        }
    }
    memset(&s, 0, sizeof s);
    uv_loop_init(&s.loop);
    err = gg_net_create(&s.loop, &cfg, &cb, &s, &s.net);
    if (err) {
        fprintf(stderr, "bench-net-echo: gg_net_create: %s\n", uv_strerror(err));
        return 1;
    }
    enet_ctx.port = tcp_ctx.port = gg_net_port(s.net);
    enet_ctx.tcp = 0;
    tcp_ctx.tcp = 1;
    s.stop.data = &s;
    uv_async_init(&s.loop, &s.stop, on_stop);
    uv_thread_create(&s.thread, run, &s);

    bench_header();
    if (want_enet) {
        /* Raw ENet clients against gg_net: the server-side cost alone. */
        bench_latency(&raw_ops, &o);
        bench_throughput(&raw_ops, &o);
        bench_latency(&enet_ops, &o);
        bench_throughput(&enet_ops, &o);
    }
    if (want_tcp) {
        bench_latency(&tcp_ops, &o);
        bench_throughput(&tcp_ops, &o);
    }
    uv_async_send(&s.stop);
    uv_thread_join(&s.thread);
    uv_loop_close(&s.loop);
    return 0;
}
