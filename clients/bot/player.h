/* clients/bot/player.h — a reference bot playing one seat over the network
 * (gg-bot's default mode and its --games mode).
 *
 * The player runs the gg_bots code on the view decoded from each `state`:
 * DIPLOMACY → proposals (gg_bot_propose), answers to open deals it is a
 * party to (gg_bot_respond, also for deals arriving later by deal_update),
 * then `ready` once the server answered every proposal and answer (ENet
 * delivers channels independently, so `ready` waits for those replies) and
 * the ledger has been quiet for settle_ms (so that proposals other seats
 * make at the start of the phase get an answer before the phase ends);
 * ORDERS → `orders` then `ready`; CRISIS (Kazakhstan only) →
 * `crisis_response`. It acts at most once per (turn, phase). After a
 * reconnect it ignores the replayed stream until the fresh snapshot, and
 * then repeats only what is idempotent and evidently lost (`ready`, orders
 * the view does not show as submitted, a crisis answer still awaited).
 */
#ifndef GG_PLAYER_H
#define GG_PLAYER_H

#include <stdio.h>

#include "gg/bots.h"
#include "session.h"

typedef struct gg_player {
    gg_session s;
    char strategy[GG_MAX_NAME + 1];
    uint64_t seed; /* 0: derived from the game id and seat */
    gg_bot bot;
    int bot_ok;

    gg_state view; /* the latest view (deal_update entries merged in) */
    int have_view;
    int acted_turn, acted_phase; /* last (turn, phase) acted on; -1 none */
    int pending;                 /* propose/respond replies outstanding */
    int ready_due;               /* send `ready` once pending is 0 and the ledger is quiet */
    int settle_ms;               /* diplomacy: quiet time before `ready` (default 50) */
    int64_t quiet_until;         /* monotonic ms: no `ready` before this */
    unsigned seen_reconnects;
    int replaying; /* after a resume, until the fresh snapshot */
    uint16_t answered[GG_MAX_DEALS * 2];
    int nanswered;

    int over; /* game_over received */
    gg_msg_game_over result;
    unsigned errors; /* server errors answering our moves */
    unsigned moves;  /* requests sent */
    int drop_after;  /* tests: drop the connection after N messages (0 = never) */
    unsigned received;
    int verbose;
    FILE *log; /* stderr usually */
} gg_player;

/* Prepares a player (no connection yet). Returns 0 or an error. */
int gg_player_init(gg_player *p, const char *server, int tcp, const char *strategy, uint64_t seed,
                   FILE *log);

/* Connects and joins with `code`. Returns 0 or an error (p->s.err says). */
int gg_player_join(gg_player *p, const char *code, int timeout_ms);

/* Handles one received message. Returns 1 once the game is over, 0 to go
 * on, or a negative error when the connection is gone for good. */
int gg_player_handle(gg_player *p, const gg_msg *m);

/* Sends a `ready` that waits for the ledger to be quiet, if it is due.
 * Call it at least every few ms (gg_player_pump does). */
void gg_player_tick(gg_player *p);

/* Receives and handles every message available within timeout_ms, then
 * ticks. Returns like gg_player_handle. */
int gg_player_pump(gg_player *p, int timeout_ms);

/* Writes the result as one JSON object (no newline). */
void gg_player_result_json(const gg_player *p, FILE *out);

void gg_player_close(gg_player *p);

#endif /* GG_PLAYER_H */
