/* bots_internal.h — cross-file internals of the bots library (gg__bot_ prefix). */
#ifndef GG_BOTS_INTERNAL_H
#define GG_BOTS_INTERNAL_H

#include <limits.h>

#include "gg/bots.h"

#define GG__BOT_MAX_CANDS 8 /* mcts candidates at most */

/* Copies `view` into *scratch and gives it a fixed, valid PRNG (views have
 * their streams zeroed) so it can be resolved for lookahead. */
void gg__bot_scratch(const gg_state *view, gg_state *scratch);

/* Appends to *o the transfers that pay `seat`'s accepted deals of this turn
 * in a non-binding game (nothing in binding games, where the engine pays),
 * as far as they validate on `view` (ORDERS phase). */
void gg__bot_obligations(const gg_state *view, int seat, gg_orders *o);

/* The greedy evaluation of state `s` for `seat`: estimated final VP in
 * hundredths plus heuristics (resources kept, leads, escalation, stability).
 * Higher is better. */
int gg__bot_eval(const gg_state *s, int seat);

/* Greedy hooks. */
void gg__greedy_orders(gg_bot *b, const gg_state *view, gg_orders *out);
int gg__greedy_propose(gg_bot *b, const gg_state *view, gg_bot_proposal *out, int cap);
int gg__greedy_respond(gg_bot *b, const gg_state *view, const gg_deal *d);
int gg__greedy_crisis(gg_bot *b, const gg_state *view);

/* Greedy candidate order sets for flat Monte Carlo: cands[0] is the greedy
 * choice, the others complete greedily from the next best first orders.
 * Distinct sets, at most `k`; returns the count (>= 1). */
int gg__greedy_candidates(gg_bot *b, const gg_state *view, gg_orders *cands, int k);

/* Random hooks. */
void gg__random_orders(gg_bot *b, const gg_state *view, gg_orders *out);
int gg__random_crisis(gg_bot *b, const gg_state *view);

/* Negotiator hooks (negotiator.c, negotiator_orders.c). */
int gg__nego_propose(gg_bot *b, const gg_state *view, gg_bot_proposal *out, int cap);
int gg__nego_answer(gg_bot *b, const gg_state *view, const gg_deal *d, gg_bot_reply *out);
void gg__nego_orders(gg_bot *b, const gg_state *view, gg_orders *out);

/* A lookahead value the engine refused to compute (lower than any real one). */
#define GG__NO_VALUE (INT_MIN / 4)

/* Payments owed per payer, payee and resource slot, and what signing the
 * deals' accords will take from each seat (accords cost their parties at
 * once, on acceptance: gg_accord_def.on_sign). */
typedef struct gg__owing {
    int16_t owe[GG_SEATS][GG_SEATS][GG_RES_KINDS];
    int16_t sign[GG_SEATS][GG_RES_KINDS];
} gg__owing;

/* Adds the payments of clauses among `parties` to *w, as the engine executes
 * them: transfers, fees to Kazakhstan, shares to the project's builder. */
void gg__nego_add_payments(gg__owing *w, uint8_t parties, const gg_clause *cl, int n);

/* The reason a non-negotiating bot gives for proposal `p` / for answering
 * `d` with `accept` (derived from the clauses and the market price). */
gg_reason gg__plain_reason(const gg_state *view, int seat, const gg_bot_proposal *p);
gg_reason gg__plain_answer_reason(const gg_state *view, int seat, const gg_deal *d, int accept);

/* Flat Monte Carlo orders. */
void gg__mcts_orders(gg_bot *b, const gg_state *view, gg_orders *out);

#endif
