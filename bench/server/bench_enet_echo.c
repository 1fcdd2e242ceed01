/* bench/server/bench_enet_echo.c — the floor: a raw ENet echo server (a
 * plain enet_host_service loop in a thread, no libuv) and raw ENet clients on
 * loopback. Same measurements and table as bench-net-echo, which runs the
 * same traffic through gg_net and gg_transport. */
#include "bench_echo.h"

#include "gg/limits.h"

#include <enet/enet.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static atomic_int stop_server;

static void *server_main(void *arg)
{
    ENetHost *h = arg;
    ENetEvent ev;
    while (!atomic_load(&stop_server)) {
        int r = enet_host_service(h, &ev, 2);
        while (r > 0) {
            if (ev.type == ENET_EVENT_TYPE_RECEIVE) {
                /* Copy, like gg_net does, then let the next service call send. */
                ENetPacket *p = enet_packet_create(ev.packet->data, ev.packet->dataLength,
                                                   ENET_PACKET_FLAG_RELIABLE);
                if (enet_peer_send(ev.peer, ev.channelID, p) < 0)
                    enet_packet_destroy(p);
                enet_packet_destroy(ev.packet);
            }
            r = enet_host_check_events(h, &ev);
        }
    }
    return NULL;
}

int main(int argc, char **argv)
{
    bench_opts o;
    ENetAddress a;
    ENetHost *h;
    pthread_t th;
    int port, i = bench_parse(argc, argv, &o, "bench-enet-echo", "");
    bench_ops ops = bench_raw_enet_ops("raw-enet", &port);
    if (i < 0)
        return 0;
    if (i < argc) {
        fprintf(stderr, "bench-enet-echo: unknown option %s (see --help)\n", argv[i]);
        return 2;
    }
    if (enet_initialize() != 0)
        return 1;
    enet_address_set_host_ip(&a, "127.0.0.1");
    a.port = 0;
    h = enet_host_create(&a, GG_ENET_MAX_PEERS, GG_ENET_CHANNELS, 0, 0);
    if (!h || enet_socket_get_address(h->socket, &a) != 0) {
        fprintf(stderr, "bench-enet-echo: cannot create the ENet server host\n");
        return 1;
    }
    h->maximumPacketSize = GG_MAX_MESSAGE;
    h->maximumWaitingData = 2 * GG_MAX_MESSAGE;
    port = a.port;
    pthread_create(&th, NULL, server_main, h);
    bench_header();
    bench_latency(&ops, &o);
    bench_throughput(&ops, &o);
    atomic_store(&stop_server, 1);
    pthread_join(th, NULL);
    enet_host_destroy(h);
    enet_deinitialize();
    return 0;
}
