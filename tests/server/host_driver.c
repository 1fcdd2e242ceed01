/* host_driver.c — a seat played over the network by a reference bot
 * (contracts in host_driver.h). */
#include "host_driver.h"

int hh_seat_open(hh_seat *d, const hh_server *sv, int tcp, const char *code, int seat,
                 const char *strategy, uint64_t seed)
{
    memset(d, 0, sizeof *d);
    d->seat = seat;
    d->acted_phase = 0xff;
    if (gg_bot_init(&d->bot, strategy, seat, seed) != 0)
        return -1;
    if (hh_connect(&d->cl, sv, tcp) != 0)
        return -1;
    return code && hh_join(&d->cl, code) != 0 ? -1 : 0;
}

int hh_seat_create(hh_seat *d, const hh_server *sv, gg_msg *create, gg_msg *created, int seat,
                   const char *strategy, uint64_t seed)
{
    if (hh_create_game(sv, create, created) != 0)
        return -1;
    return hh_seat_open(d, sv, 0, created->u.game_created.codes.v[seat], seat, strategy, seed);
}

int hh_seat_reconnect(hh_seat *d, const hh_server *sv, int tcp)
{
    char token[GG_MAX_TOKEN + 1];
    snprintf(token, sizeof token, "%s", d->cl.token);
    uint32_t last = d->cl.last_seq;
    hh_close(&d->cl);
    for (int tries = 0; tries < 50; tries++) {
        if (hh_connect(&d->cl, sv, tcp) == 0 && hh_resume(&d->cl, token, last) == 0) {
            snprintf(d->cl.token, sizeof d->cl.token, "%s", token);
            if (d->cl.last_seq < last) /* nothing was missed: still at `last` */
                d->cl.last_seq = last;
            d->acted_phase = 0xff; /* decide again from the fresh state */
            return 0;
        }
        hh_close(&d->cl);
        usleep(100000);
    }
    return -1;
}

void hh_seat_absorb(hh_seat *d)
{
    for (int i = 0; i < d->cl.n; i++) {
        gg_msg *m = &d->cl.inbox[i];
        if (m->type == GG_MSG_state) {
            d->view = m->u.state.view;
            d->have_view = 1;
        } else if (m->type == GG_MSG_deal_update && d->have_view) {
            /* Keep the view's ledger current between states. */
            gg_view_merge_deal(&d->view, &m->u.deal_update.deal);
        } else if (m->type == GG_MSG_game_over) {
            d->over = 1;
            d->game_over = *m;
        }
    }
    hh_clear(&d->cl);
}

/* ping -> pong: everything the server sent before has arrived. */
static int barrier(hh_seat *d)
{
    gg_msg m, r;
    gg_msg_init(&m, GG_MSG_ping);
    int t = hh_request(&d->cl, &m, &r, 5000);
    return t == GG_MSG_pong ? 0 : -1;
}

/* Sends `m`; a refusal is said on stderr. Returns 0, the error code, or -1
 * (no answer). */
static int request_ok(hh_seat *d, gg_msg *m)
{
    gg_msg r;
    int t = hh_request(&d->cl, m, &r, 5000);
    if (t == GG_MSG_error) {
        fprintf(stderr, "driver %s: %s refused: %s\n", gg_seat_name(d->seat),
                gg_msg_type_name(m->type), gg_errname(r.u.error.code));
        return r.u.error.code;
    }
    return t < 0 ? -1 : 0;
}

int hh_seat_step(hh_seat *d, int wait_ms)
{
    if (hh_pump(&d->cl, wait_ms) < 0)
        return -1;
    hh_seat_absorb(d);
    if (d->over || !d->have_view)
        return 0;
    if (d->view.turn == d->acted_turn && d->view.phase == d->acted_phase)
        return 0;
    if (barrier(d) != 0)
        return -1;
    hh_seat_absorb(d);
    if (d->over)
        return 0;
    gg_state *v = &d->view;
    gg_msg m;
    if (v->phase == GG_PHASE_DIPLOMACY) {
        for (int i = 0; i < GG_MAX_DEALS; i++) {
            const gg_deal *deal = &v->deals[i];
            if (deal->status == GG_DEAL_OPEN && ((deal->parties >> d->seat) & 1) &&
                !((deal->accepted >> d->seat) & 1)) {
                gg_msg_init(&m, GG_MSG_respond);
                m.u.respond.deal = deal->id;
                m.u.respond.accept = (uint8_t)gg_bot_respond(&d->bot, v, deal);
                request_ok(d, &m);
            }
        }
        gg_msg_init(&m, GG_MSG_ready);
        m.u.ready.phase = GG_PHASE_DIPLOMACY;
        request_ok(d, &m);
    } else if (v->phase == GG_PHASE_ORDERS) {
        if (!((v->submitted >> d->seat) & 1)) {
            gg_msg_init(&m, GG_MSG_orders);
            gg_bot_orders(&d->bot, v, &m.u.orders.orders);
            request_ok(d, &m);
            hh_take(&d->cl, GG_MSG_orders_ack, NULL, 2000);
        }
        gg_msg_init(&m, GG_MSG_ready);
        m.u.ready.phase = GG_PHASE_ORDERS;
        request_ok(d, &m);
    } else if (v->phase == GG_PHASE_CRISIS && d->seat == GG_KAZAKHSTAN) {
        gg_msg_init(&m, GG_MSG_crisis_response);
        m.u.crisis_response.response = (uint8_t)gg_bot_crisis(&d->bot, v);
        request_ok(d, &m);
    }
    d->acted_turn = v->turn;
    d->acted_phase = v->phase;
    d->actions++;
    return 1;
}

int hh_play(hh_seat *seats, int n, int max_ms)
{
    for (int waited = 0; waited < max_ms; waited += 10) {
        int over = 0;
        for (int i = 0; i < n; i++) {
            if (hh_seat_step(&seats[i], 2) < 0)
                return -1;
            over += seats[i].over;
        }
        if (over == n)
            return 0;
    }
    return -1;
}

uint64_t hh_seat_play_out(hh_seat *d)
{
    if (hh_play(d, 1, 60000) != 0 || !d->over)
        return 0;
    return d->game_over.u.game_over.hash;
}

void hh_seat_play_to_turn(hh_seat *d, int turn)
{
    for (int waited = 0; waited < 30000 && !d->over; waited += 2) {
        hh_pump(&d->cl, 2);
        hh_seat_absorb(d);
        if (d->have_view && d->view.turn >= turn)
            return;
        if (hh_seat_step(d, 0) < 0)
            break;
    }
}
