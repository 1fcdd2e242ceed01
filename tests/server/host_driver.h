/* host_driver.h — plays one seat over the network with a reference bot,
 * deterministically (part of the gg_test_host library, host_driver.c):
 * before each decision it sends `ping` and waits for `pong`, so everything
 * the server emitted before has arrived and the decision depends only on
 * the stream up to that point. After a reconnect it simply decides again
 * from the fresh state: decisions are idempotent (orders are re-sent only
 * if the view lacks them). */
#ifndef GG_HOST_DRIVER_H
#define GG_HOST_DRIVER_H

#include "gg/bots.h"
#include "host_harness.h"

typedef struct hh_seat {
    hh_client cl;
    gg_bot bot;
    int seat;
    gg_state view;
    int have_view;
    uint8_t acted_turn, acted_phase; /* last (turn, phase) acted in */
    int over;
    gg_msg game_over;
    int actions; /* decisions taken, for kill points */
} hh_seat;

/* Opens a connection (TCP when tcp), says hello and, when code is not
 * NULL, joins with it; the seat is played by the reference bot `strategy`
 * seeded with `seed`. Returns 0 or -1. */
int hh_seat_open(hh_seat *d, const hh_server *sv, int tcp, const char *code, int seat,
                 const char *strategy, uint64_t seed);

/* Creates a game from `create` (hh_create_game; *created filled) and opens
 * `seat` in it over ENet, played by `strategy` seeded with `seed`.
 * Returns 0 or -1. */
int hh_seat_create(hh_seat *d, const hh_server *sv, gg_msg *create, gg_msg *created, int seat,
                   const char *strategy, uint64_t seed);

/* Re-attaches after a server restart on `sv`: new connection, resume.
 * Returns 0 or -1 (after 50 tries, 5 s). */
int hh_seat_reconnect(hh_seat *d, const hh_server *sv, int tcp);

/* Reads the inbox: keeps the newest view (and its deal ledger), notes the
 * end; empties the inbox. */
void hh_seat_absorb(hh_seat *d);

/* One round: absorb what arrived (waiting up to wait_ms), and if the seat
 * has something to do in this phase, do it. Returns 1 if it acted, 0 if
 * idle, -1 if the connection is gone. */
int hh_seat_step(hh_seat *d, int wait_ms);

/* Plays all `n` seats round-robin until every one saw game_over (or max_ms
 * run out). Returns 0 when the game ended for all. */
int hh_play(hh_seat *seats, int n, int max_ms);

/* Plays the seat alone (the other seats are server bots) until its game
 * ends, for up to 60 s. Returns the final state hash, or 0 if it did not
 * end. */
uint64_t hh_seat_play_out(hh_seat *d);

/* Plays the seat until turn `turn` starts, the game ends or 30 s pass. */
void hh_seat_play_to_turn(hh_seat *d, int turn);

#endif
