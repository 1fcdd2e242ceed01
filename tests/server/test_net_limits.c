/* tests/server/test_net_limits.c — gg_net's bounds: slow consumers over TCP
 * and ENet are dropped at GG_MAX_SEND_QUEUE while another client keeps
 * getting echoes; ENet packets over the connection's limit close it with the
 * reason passed to the client, and packets over GG_MAX_MESSAGE are never
 * delivered. Usage: test_net_limits CASE (see main). */
#include "test_net_harness.h"

#include "gg/errors.h"
#include "gg/limits.h"

#include <enet/enet.h>
#include <string.h>
#include <unistd.h>

static uint8_t buf[GG_MAX_MESSAGE + 8], got[GG_MAX_MESSAGE + 8];

/* A raw ENet client, for behaviour gg_transport refuses to produce. */
typedef struct rawe {
    ENetHost *h;
    ENetPeer *p;
} rawe;

static void rawe_open(rawe *r, th *t)
{
    ENetAddress a;
    ENetEvent ev;
    REQUIRE_EQ(enet_initialize(), 0);
    REQUIRE_EQ(enet_address_set_host_ip(&a, "127.0.0.1"), 0);
    a.port = (enet_uint16)th_port(t);
    r->h = enet_host_create(NULL, 1, GG_ENET_CHANNELS, 0, 0);
    REQUIRE(r->h != NULL);
    r->p = enet_host_connect(r->h, &a, GG_ENET_CHANNELS, 0);
    REQUIRE(r->p != NULL);
    REQUIRE(enet_host_service(r->h, &ev, TH_WAIT_MS) > 0 && ev.type == ENET_EVENT_TYPE_CONNECT);
}

static void rawe_send(rawe *r, int ch, const void *data, size_t len)
{
    ENetPacket *p = enet_packet_create(data, len, ENET_PACKET_FLAG_RELIABLE);
    REQUIRE(p != NULL);
    REQUIRE_EQ(enet_peer_send(r->p, (enet_uint8)ch, p), 0);
    enet_host_flush(r->h);
}

/* Waits for the next receive or disconnect event. */
static void rawe_wait(rawe *r, ENetEvent *ev)
{
    for (;;) {
        REQUIRE(enet_host_service(r->h, ev, TH_WAIT_MS) > 0);
        if (ev->type == ENET_EVENT_TYPE_RECEIVE || ev->type == ENET_EVENT_TYPE_DISCONNECT)
            return;
    }
}

static void rawe_close(rawe *r)
{
    if (r->p)
        enet_peer_reset(r->p);
    enet_host_destroy(r->h);
    enet_deinitialize();
}

static void cmd_bytes(const char *text, size_t *len)
{
    buf[0] = 0;
    memcpy(buf + 1, text, strlen(text));
    *len = strlen(text) + 1;
}

static void expect_echo_works(gg_client *o, unsigned seed)
{
    size_t n;
    th_pattern(buf, 200, seed);
    REQUIRE_EQ(gg_client_send(o, 0, buf, 200), 0);
    REQUIRE_EQ(gg_client_recv(o, TH_WAIT_MS, got, sizeof got, &n), 1);
    REQUIRE_EQ(n, 200);
    REQUIRE(memcmp(got, buf, 200) == 0);
}

static void check_close_reason(const char *stats, int reason)
{
    char want[32];
    snprintf(want, sizeof want, "closes=%d,", reason);
    if (!strstr(stats, want))
        fprintf(stderr, "stats: %s\n", stats);
    REQUIRE(strstr(stats, want) != NULL);
}

/* A TCP client with a tiny receive buffer asks for far more than it reads. */
static void slow_tcp_case(void)
{
    th *t = th_start();
    gg_client *o = th_client(t, 1);
    int fd = th_raw_connect(t, 4096);
    char r[1024];
    size_t n;
    cmd_bytes("flood 2000 65536", &n); /* 128 MiB if nobody stopped it */
    th_raw_frame(fd, buf, (uint32_t)n);
    th_wait_stat(o, "slow", 1, r, sizeof r);
    th_wait_stat(o, "closed", 1, r, sizeof r);
    check_close_reason(r, GG_EQUEUE_FULL);
    expect_echo_works(o, 3);
    REQUIRE(th_raw_wait_closed(fd)); /* what was in flight, then the end */
    close(fd);
    gg_client_destroy(o);
    REQUIRE_EQ(th_stop(t), 2);
}

/* An ENet client that stops servicing its host (so it never acknowledges)
 * while the server keeps queueing to it. */
static void slow_enet_case(void)
{
    th *t = th_start();
    gg_client *o = th_client(t, 0);
    rawe a;
    ENetEvent ev;
    char r[1024];
    size_t n;
    rawe_open(&a, t);
    cmd_bytes("flood 9 65536", &n); /* 576 KiB: within the bound */
    rawe_send(&a, 0, buf, n);
    th_cmd(o, "stats", r, sizeof r);
    expect_echo_works(o, 4);
    REQUIRE_EQ(th_stat(r, "slow"), 0);
    cmd_bytes("flood 9 65536", &n); /* another 576 KiB, none of it acknowledged */
    rawe_send(&a, 0, buf, n);
    th_wait_stat(o, "slow", 1, r, sizeof r);
    th_wait_stat(o, "closed", 1, r, sizeof r);
    check_close_reason(r, GG_EQUEUE_FULL);
    expect_echo_works(o, 5);
    /* The dropped client is told why when it looks again. */
    for (;;) {
        rawe_wait(&a, &ev);
        if (ev.type != ENET_EVENT_TYPE_RECEIVE)
            break;
        enet_packet_destroy(ev.packet); /* part of the flood that got through */
    }
    REQUIRE_EQ(ev.data, (enet_uint32)-GG_EQUEUE_FULL);
    a.p = NULL;
    rawe_close(&a);
    gg_client_destroy(o);
    REQUIRE_EQ(th_stop(t), 2);
}

static void enet_oversize_case(void)
{
    th *t = th_start();
    gg_client *o = th_client(t, 1), *g;
    rawe a, b;
    ENetEvent ev;
    char r[1024];
    size_t n;
    unsigned long long in_before;

    /* Unjoined: a packet over GG_MAX_MESSAGE_UNJOINED is answered with the
     * too_big message, then the connection closes and the client learns the
     * reason. */
    rawe_open(&a, t);
    th_pattern(buf, GG_MAX_MESSAGE_UNJOINED + 1, 8);
    rawe_send(&a, 0, buf, GG_MAX_MESSAGE_UNJOINED + 1);
    rawe_wait(&a, &ev);
    REQUIRE(ev.type == ENET_EVENT_TYPE_RECEIVE && ev.packet->dataLength == 7 &&
            memcmp(ev.packet->data, TH_TOO_BIG, 7) == 0);
    enet_packet_destroy(ev.packet);
    rawe_wait(&a, &ev);
    REQUIRE(ev.type == ENET_EVENT_TYPE_DISCONNECT);
    REQUIRE_EQ(ev.data, (enet_uint32)-GG_EMSG_TOO_BIG);
    a.p = NULL;
    rawe_close(&a);
    th_wait_stat(o, "closed", 1, r, sizeof r);
    REQUIRE_EQ(th_stat(r, "bad"), 1);
    check_close_reason(r, GG_EMSG_TOO_BIG);

    /* The same through gg_transport: recv reports the server's reason. */
    g = th_client(t, 0);
    REQUIRE_EQ(gg_client_send(g, 0, buf, GG_MAX_MESSAGE_UNJOINED + 1), 0);
    REQUIRE_EQ(gg_client_recv(g, TH_WAIT_MS, got, sizeof got, &n), 1);
    REQUIRE(n == 7 && memcmp(got, TH_TOO_BIG, 7) == 0);
    REQUIRE_EQ(gg_client_recv(g, TH_WAIT_MS, got, sizeof got, &n), GG_EMSG_TOO_BIG);
    gg_client_destroy(g);
    th_wait_stat(o, "bad", 2, r, sizeof r);

    /* Joined: a packet over GG_MAX_MESSAGE is refused by ENet during
     * reassembly, before any buffering, and never delivered. ENet never
     * acknowledges its fragments, so the sender's reliable window stays full
     * (later packets, on any channel, wait behind it) and the sender's ENet
     * gives up on the connection at its timeout (shortened here). */
    rawe_open(&b, t);
    enet_peer_timeout(b.p, 32, 500, 1500);
    cmd_bytes("join", &n);
    rawe_send(&b, 0, buf, n);
    rawe_wait(&b, &ev);
    REQUIRE(ev.type == ENET_EVENT_TYPE_RECEIVE && ev.packet->dataLength == 3);
    enet_packet_destroy(ev.packet);
    th_cmd(o, "stats", r, sizeof r);
    in_before = th_stat(r, "in");
    th_pattern(buf, GG_MAX_MESSAGE + 1, 9);
    rawe_send(&b, 1, buf, GG_MAX_MESSAGE + 1);
    th_pattern(buf, 64, 10);
    rawe_send(&b, 0, buf, 64);
    rawe_wait(&b, &ev);
    REQUIRE(ev.type == ENET_EVENT_TYPE_DISCONNECT);
    REQUIRE_EQ(ev.data, 0); /* the sender's own timeout */
    b.p = NULL;
    th_cmd(o, "stats", r, sizeof r);
    REQUIRE_EQ(th_stat(r, "in"), in_before + 1); /* only this query arrived */
    REQUIRE_EQ(th_stat(r, "bad"), 2);
    rawe_close(&b);

    expect_echo_works(o, 11);
    gg_client_destroy(o);
    REQUIRE_EQ(th_stop(t), 4);
}

int main(int argc, char **argv)
{
    const char *c = argc > 1 ? argv[1] : "";
    if (!strcmp(c, "--help") || argc != 2) {
        printf("usage: test_net_limits CASE\ncases: slow_tcp slow_enet enet_oversize\n");
        return argc == 2 ? 0 : 2;
    }
    if (!strcmp(c, "slow_tcp"))
        slow_tcp_case();
    else if (!strcmp(c, "slow_enet"))
        slow_enet_case();
    else if (!strcmp(c, "enet_oversize"))
        enet_oversize_case();
    else {
        fprintf(stderr, "unknown case %s\n", c);
        return 2;
    }
    printf("ok %s\n", c);
    return 0;
}
