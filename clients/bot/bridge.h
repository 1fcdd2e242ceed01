/* clients/bot/bridge.h — gg-bot --exec: the JSON-lines bot bridge.
 *
 * Runs PROGRAM (through /bin/sh -c) with pipes on its stdin and stdout and
 * relays the game between it and the server, one JSON object per line (the
 * format is specified in PROTOCOL.md, "gg-bot --exec: the JSON-lines bot
 * bridge"): every server message goes to the program as JSON, plus a
 * `your_turn` prompt when the seat must decide; every line the program
 * writes is parsed as a client message and sent to the server.
 *
 * A decision ends when the program sends `ready` (diplomacy, orders) or
 * `crisis_response` (crisis). If it takes longer than the timeout, or the
 * program exits, the bridge says so on stderr and simply stops answering
 * for that decision: the connection stays up and the seat gets the game's
 * missed-turn policy at the deadline.
 */
#ifndef GG_BRIDGE_H
#define GG_BRIDGE_H

#include "player.h"

/* Plays the game of the (joined) player p->s through `program` until
 * game_over; the result lands in p->result / p->over. timeout_s is the
 * per-decision limit. Returns 0 when the game ended, else an error. */
int gg_bridge_run(gg_player *p, const char *program, int timeout_s);

#endif /* GG_BRIDGE_H */
