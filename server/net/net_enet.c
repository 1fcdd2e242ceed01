/* server/net/net_enet.c — the ENet (UDP) side of gg_net.
 *
 * ENet runs inside libuv as ENGINEERING.md prescribes: the poll handle and a
 * 20 ms timer both call gg__enet_service, which drains enet_host_service(host,
 * &ev, 0) until it reports nothing; the check handle flushes once per loop
 * iteration when something was queued. One message is one reliable packet.
 */
#include "net_internal.h"

#include "gg/errors.h"
#include "gg/limits.h"

#include <errno.h>

/* Events handled per service pass before yielding to the rest of the loop
 * (the pass resumes from the check callback in the same iteration). */
#define GG__ENET_EVENTS_PER_PASS 4096

/* ENet buffers at most this much received-but-undelivered data per peer,
 * partial fragmented packets included (ENet's default is 32 MiB). */
#define GG__ENET_MAX_WAITING (2 * GG_MAX_MESSAGE)

int gg__enet_start(gg_net *n, uint32_t ip_net_order, int port)
{
    ENetAddress a;
    ENetHost *h;
    a.host = ip_net_order;
    a.port = (enet_uint16)port;
    errno = 0;
    h = enet_host_create(&a, (size_t)n->max_peers, GG_ENET_CHANNELS, 0, 0);
    if (!h)
        return errno ? -errno : UV_EADDRINUSE;
    /* Refuse packets larger than the protocol allows while reassembling,
     * before they are buffered. The per-connection limit (smaller before a
     * join) is checked on delivery. */
    h->maximumPacketSize = GG_MAX_MESSAGE;
    h->maximumWaitingData = GG__ENET_MAX_WAITING;
    n->host = h;
    return 0;
}

void gg__enet_destroy(gg_net *n)
{
    if (n->host)
        enet_host_destroy(n->host);
    n->host = NULL;
}

/* Packet free callback: our outgoing packet was acknowledged, or dropped with
 * its peer. Conns outlive their peer's reset, so c is valid here. */
static void on_packet_free(ENetPacket *p)
{
    gg_conn *c = p->userData;
    if (c)
        c->enet_pending -= p->dataLength;
}

static void on_connect(gg_net *n, ENetPeer *peer)
{
    gg_conn *c;
    unsigned tmax = n->timeout_ms, tmin = tmax < 5000 ? tmax : 5000;
    if (n->closing || !(c = gg__conn_create(n, GG__CONN_ENET))) {
        enet_peer_disconnect_now(peer, 0);
        return;
    }
    c->peer = peer;
    peer->data = c;
    /* Drop the peer when a reliable packet goes unacknowledged for tmax ms,
     * or for tmin ms once the retransmission backoff (1 << attempts) has
     * reached 32. */
    enet_peer_timeout(peer, 32, tmin, tmax);
    gg__format_addr(c->name, sizeof c->name, peer->address.host, peer->address.port);
    gg__conn_opened(c);
}

static void on_receive(gg_net *n, ENetPeer *peer, ENetPacket *p)
{
    gg_conn *c = peer->data;
    if (c && c->state == GG__OPEN) {
        if (p->dataLength == 0 || p->dataLength > c->max_msg) {
            /* as over TCP: say why (the message the caller gave), then close */
            int big = p->dataLength > 0;
            const uint8_t *why = big ? n->too_big : n->malformed;
            size_t why_len = big ? n->too_big_len : n->malformed_len;
            n->stats.dropped_bad_frame++;
            if (why_len)
                gg__enet_send(c, 0, why, why_len);
            c->reason = big ? GG_EMSG_TOO_BIG : GG_EMSG_MALFORMED;
            gg__enet_close(c, c->reason, 1);
        } else {
            gg__conn_deliver(c, p->data, p->dataLength);
        }
    }
    enet_packet_destroy(p);
}

static void on_disconnect(ENetPeer *peer)
{
    gg_conn *c = peer->data; /* ENet has already reset the peer */
    peer->data = NULL;
    if (!c)
        return;
    c->peer = NULL;
    gg__conn_dead(c, c->reason);
}

void gg__enet_service(gg_net *n)
{
    ENetEvent ev;
    int handled = 0;
    while (!n->closing) {
        if (handled++ == GG__ENET_EVENTS_PER_PASS) {
            n->enet_more = 1;
            gg__wake(n);
            return;
        }
        /* < 0 is a socket error ENet could not handle; the poll or the timer
         * retries, and dead peers time out. */
        if (enet_host_service(n->host, &ev, 0) <= 0)
            return;
        switch (ev.type) {
        case ENET_EVENT_TYPE_CONNECT:
            on_connect(n, ev.peer);
            break;
        case ENET_EVENT_TYPE_RECEIVE:
            on_receive(n, ev.peer, ev.packet);
            break;
        case ENET_EVENT_TYPE_DISCONNECT:
            on_disconnect(ev.peer);
            break;
        case ENET_EVENT_TYPE_NONE:
            break;
        }
    }
}

int gg__enet_send(gg_conn *c, int channel, const uint8_t *msg, size_t len)
{
    gg_net *n = c->net;
    ENetPacket *p;
    if (c->enet_pending + len > GG_MAX_SEND_QUEUE) {
        n->stats.dropped_slow++;
        gg__enet_close(c, GG_EQUEUE_FULL, 0);
        return GG_EQUEUE_FULL;
    }
    if (channel < 0 || (size_t)channel >= c->peer->channelCount)
        channel = 0;
    p = enet_packet_create(msg, len, ENET_PACKET_FLAG_RELIABLE);
    if (!p)
        return GG_EINTERNAL;
    p->freeCallback = on_packet_free;
    p->userData = c;
    c->enet_pending += len;
    if (enet_peer_send(c->peer, (enet_uint8)channel, p) < 0) {
        enet_packet_destroy(p); /* not referenced: the callback undoes pending */
        gg__enet_close(c, 0, 0);
        return GG_ECONN_CLOSED;
    }
    n->enet_dirty = 1;
    return 0;
}

/* Graceful: ENet sends what is queued, then disconnects; the DISCONNECT
 * event (or a timeout) queues on_close. Forced: the peer is reset now (one
 * unreliable disconnect notice carrying -reason is sent) and on_close is
 * queued at once. */
void gg__enet_close(gg_conn *c, int reason, int graceful)
{
    gg_net *n = c->net;
    if (c->state == GG__DEAD)
        return;
    if (graceful && c->peer) {
        c->state = GG__CLOSING;
        c->reason = reason ? reason : c->reason;
        enet_peer_disconnect_later(c->peer, c->reason < 0 ? (enet_uint32)-c->reason : 0);
        n->enet_dirty = 1;
        return;
    }
    if (c->peer) {
        ENetPeer *peer = c->peer;
        c->peer = NULL;
        peer->data = NULL;
        enet_peer_disconnect_now(peer, (enet_uint32)-reason);
    }
    gg__conn_dead(c, reason);
}

void gg__enet_shutdown(gg_net *n)
{
    gg_conn *c, *next;
    for (c = n->conns; c; c = next) {
        next = c->next;
        if (c->kind == GG__CONN_ENET && c->state != GG__DEAD)
            gg__enet_close(c, 0, 0);
    }
}
