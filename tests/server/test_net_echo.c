/* tests/server/test_net_echo.c — gg_net + gg_transport end to end: echo over
 * ENet and TCP (sizes up to the limit, order, channels), graceful close,
 * gg_net_close with clients attached, same-port binding.
 * Usage: test_net_echo CASE (see main). */
#include "test_net_harness.h"

#include "gg/errors.h"
#include "gg/limits.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

static uint8_t buf[GG_MAX_MESSAGE], got[GG_MAX_MESSAGE];

static void expect_echo(gg_client *c, size_t len, unsigned seed)
{
    size_t n = 0;
    th_pattern(buf, len, seed);
    REQUIRE_EQ(gg_client_recv(c, TH_WAIT_MS, got, sizeof got, &n), 1);
    REQUIRE_EQ(n, len);
    REQUIRE(memcmp(got, buf, len) == 0);
}

static void echo_case(int use_tcp)
{
    static const size_t sizes[] = {1,    2,    63,   64,    100,   1399,  1400,
                                   1401, 2048, 4000, 16384, 30000, 65535, GG_MAX_MESSAGE};
    const size_t ns = sizeof sizes / sizeof sizes[0];
    th *t = th_start();
    gg_client *c = th_client(t, use_tcp);
    char r[1024];
    size_t i, n;
    int ch;

    REQUIRE(!strcmp(gg_client_transport(c), use_tcp ? "tcp" : "enet"));
    /* Before joining, the largest accepted message is GG_MAX_MESSAGE_UNJOINED. */
    th_pattern(buf, GG_MAX_MESSAGE_UNJOINED, 99);
    REQUIRE_EQ(gg_client_send(c, 0, buf, GG_MAX_MESSAGE_UNJOINED), 0);
    expect_echo(c, GG_MAX_MESSAGE_UNJOINED, 99);
    th_cmd(c, "join", r, sizeof r);
    REQUIRE(!strcmp(r, "ok"));

    /* Pipelined on one channel: all sizes out, then all echoes back in order. */
    for (i = 0; i < ns; i++) {
        th_pattern(buf, sizes[i], (unsigned)i);
        REQUIRE_EQ(gg_client_send(c, 1, buf, sizes[i]), 0);
    }
    for (i = 0; i < ns; i++)
        expect_echo(c, sizes[i], (unsigned)i);

    /* A long ordered stream of small messages. */
    for (i = 0; i < 500; i++) {
        th_pattern(buf, 64, (unsigned)(1000 + i));
        REQUIRE_EQ(gg_client_send(c, 0, buf, 64), 0);
    }
    for (i = 0; i < 500; i++)
        expect_echo(c, 64, (unsigned)(1000 + i));

    /* Every channel works (one round trip each; cross-channel order is not
     * guaranteed over ENet). Out-of-range channels fall back to 0. */
    for (ch = 0; ch <= GG_ENET_CHANNELS; ch++) {
        th_pattern(buf, 3000, (unsigned)(50 + ch));
        REQUIRE_EQ(gg_client_send(c, ch, buf, 3000), 0);
        expect_echo(c, 3000, (unsigned)(50 + ch));
    }

    /* The client refuses what the protocol forbids, locally. */
    REQUIRE_EQ(gg_client_send(c, 0, buf, 0), GG_EMSG_TOO_BIG);
    REQUIRE_EQ(gg_client_send(c, 0, buf, (size_t)GG_MAX_MESSAGE + 1), GG_EMSG_TOO_BIG);

    /* A too-small receive buffer leaves the message queued. */
    th_pattern(buf, 500, 77);
    REQUIRE_EQ(gg_client_send(c, 0, buf, 500), 0);
    REQUIRE_EQ(gg_client_recv(c, TH_WAIT_MS, got, 10, &n), GG_EBUFFER_FULL);
    expect_echo(c, 500, 77);
    REQUIRE_EQ(gg_client_recv(c, 0, got, sizeof got, &n), 0); /* nothing left */

    th_cmd(c, "whoami", r, sizeof r);
    REQUIRE(!strncmp(r, use_tcp ? "tcp 127.0.0.1:" : "enet 127.0.0.1:", use_tcp ? 14 : 15));

    th_cmd(c, "stats", r, sizeof r);
    REQUIRE_EQ(th_stat(r, "open"), 1);
    REQUIRE_EQ(th_stat(r, "bad"), 0);
    REQUIRE_EQ(th_stat(r, "slow"), 0);
    gg_client_destroy(c);
    REQUIRE_EQ(th_stop(t), 1);
}

/* The server closes gracefully after a reply: the client gets the reply,
 * then the close. */
static void graceful_case(int use_tcp)
{
    th *t = th_start();
    gg_client *c = th_client(t, use_tcp), *o = th_client(t, use_tcp);
    char r[1024];
    size_t n;
    th_cmd(c, "close", r, sizeof r);
    REQUIRE(!strcmp(r, "bye"));
    REQUIRE_EQ(gg_client_recv(c, TH_WAIT_MS, got, sizeof got, &n), GG_ECONN_CLOSED);
    REQUIRE_EQ(gg_client_send(c, 0, (const uint8_t *)"x", 1), GG_ECONN_CLOSED);
    gg_client_destroy(c);
    /* on_close came, with reason 0 (orderly). */
    th_wait_stat(o, "closed", 1, r, sizeof r);
    REQUIRE_EQ(th_stat(r, "open"), 1);
    REQUIRE(strstr(r, "closes=0,") != NULL);
    gg_client_destroy(o);
    REQUIRE_EQ(th_stop(t), 2);
}

/* gg_net_close with ENet and TCP clients attached drops them all. */
static void close_all_case(void)
{
    th *t = th_start();
    gg_client *c[6];
    size_t n;
    int i;
    for (i = 0; i < 6; i++) {
        c[i] = th_client(t, i % 2);
        th_pattern(buf, 100, (unsigned)i);
        REQUIRE_EQ(gg_client_send(c[i], 0, buf, 100), 0);
        expect_echo(c[i], 100, (unsigned)i);
    }
    REQUIRE_EQ(th_stop(t), 6);
    for (i = 0; i < 6; i++) {
        REQUIRE_EQ(gg_client_recv(c[i], TH_WAIT_MS, got, sizeof got, &n), GG_ECONN_CLOSED);
        gg_client_destroy(c[i]);
    }
}

static void on_msg_unused(gg_conn *c, const uint8_t *m, size_t l, void *ud)
{
    (void)c, (void)m, (void)l, (void)ud;
}

static void set_flag(void *ud)
{
    *(int *)ud = 1;
}

/* A fixed port taken by another gg_net, or only its UDP half taken, fails
 * cleanly; port 0 yields the same free number for UDP and TCP. */
static void port_case(void)
{
    static const gg_net_callbacks cb = {.on_message = on_msg_unused};
    uv_loop_t loop;
    gg_net *a = NULL, *b = NULL;
    gg_net_config cfg = {.bind = "127.0.0.1", .max_peers = 8};
    struct sockaddr_in sa;
    socklen_t sl = sizeof sa;
    int done_a = 0, done_b = 0, udp, port;

    REQUIRE_EQ(uv_loop_init(&loop), 0);
    REQUIRE_EQ(gg_net_create(&loop, &cfg, &cb, &done_a, &a), 0);
    cfg.port = gg_net_port(a);
    REQUIRE_EQ(gg_net_create(&loop, &cfg, &cb, NULL, &b), UV_EADDRINUSE);
    REQUIRE(b == NULL);

    /* Take only a UDP port whose TCP twin is free (other tests run in
     * parallel, so look for one), then ask for it. */
    for (int attempt = 0; attempt < 50; attempt++) {
        udp = socket(AF_INET, SOCK_DGRAM, 0);
        memset(&sa, 0, sizeof sa);
        sa.sin_family = AF_INET;
        sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        sl = sizeof sa;
        REQUIRE(bind(udp, (struct sockaddr *)&sa, sizeof sa) == 0);
        REQUIRE(getsockname(udp, (struct sockaddr *)&sa, &sl) == 0);
        int tcp = socket(AF_INET, SOCK_STREAM, 0);
        int tcp_free = bind(tcp, (struct sockaddr *)&sa, sizeof sa) == 0;
        close(tcp);
        if (tcp_free)
            break;
        close(udp);
        udp = -1;
    }
    REQUIRE(udp >= 0);
    port = ntohs(sa.sin_port);
    cfg.port = port;
    REQUIRE(gg_net_create(&loop, &cfg, &cb, NULL, &b) != 0);
    close(udp);
    /* The TCP half was released: now the port works for both (unless a
     * parallel test grabbed it in between: then any free port will do). */
    int rc = gg_net_create(&loop, &cfg, &cb, &done_b, &b);
    if (rc == UV_EADDRINUSE) {
        cfg.port = 0;
        rc = gg_net_create(&loop, &cfg, &cb, &done_b, &b);
        port = rc == 0 ? gg_net_port(b) : port;
    }
    REQUIRE_EQ(rc, 0);
    REQUIRE_EQ(gg_net_port(b), port);

    REQUIRE_EQ(gg_net_create(&loop, &(gg_net_config){.bind = "no-such-address"}, &cb, NULL, &b),
               UV_EINVAL);

    gg_net_close(a, set_flag);
    gg_net_close(b, set_flag);
    REQUIRE_EQ(uv_run(&loop, UV_RUN_DEFAULT), 0);
    REQUIRE(done_a && done_b);
    REQUIRE_EQ(uv_loop_close(&loop), 0);
}

int main(int argc, char **argv)
{
    const char *c = argc > 1 ? argv[1] : "";
    if (!strcmp(c, "--help") || argc != 2) {
        printf("usage: test_net_echo CASE\n"
               "cases: enet_echo tcp_echo enet_graceful tcp_graceful close_all ports\n");
        return argc == 2 ? 0 : 2;
    }
    if (!strcmp(c, "enet_echo"))
        echo_case(0);
    else if (!strcmp(c, "tcp_echo"))
        echo_case(1);
    else if (!strcmp(c, "enet_graceful"))
        graceful_case(0);
    else if (!strcmp(c, "tcp_graceful"))
        graceful_case(1);
    else if (!strcmp(c, "close_all"))
        close_all_case();
    else if (!strcmp(c, "ports"))
        port_case();
    else {
        fprintf(stderr, "unknown case %s\n", c);
        return 2;
    }
    printf("ok %s\n", c);
    return 0;
}
