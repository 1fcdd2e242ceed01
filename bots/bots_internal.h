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
/* Whether gg__bot_eval races (weighs the leading rival): set by bot.c's
 * dispatch while a greedy bot that is not a rollout's decides; mcts's
 * candidates and rollouts and the negotiator's models keep it 0. */
extern _Thread_local int gg__greedy_race;
/* The same for a state gg_resolve or gg_crisis_react has just produced (and
 * returned 0): the engine has refreshed its standing (gg__refresh_standing:
 * vp_now = vp + the score now), so the score now is read from it instead of
 * computed again. Equal to gg__bot_eval on such a state; half the scoring a
 * lookahead does. */
int gg__bot_eval_resolved(const gg_state *s, int seat);

/* Greedy hooks. */
void gg__greedy_orders(gg_bot *b, const gg_state *view, gg_orders *out);
int gg__greedy_propose(gg_bot *b, const gg_state *view, gg_bot_proposal *out, int cap);
int gg__greedy_respond(gg_bot *b, const gg_state *view, const gg_deal *d);
/* The same, and the one-turn values the decision computed, so the reason
 * (gg__plain_reason, gg__plain_answer_reason) need not compute them again:
 * value[i] (if `value` is not NULL) receives gg__greedy_proposal_value of
 * accord proposal out[i] (consent proposals leave it unset); *value (if not
 * NULL) receives gg__greedy_deal_value of `d` when the answer was decided
 * by it, and is left unset otherwise. */
int gg__greedy_propose_value(gg_bot *b, const gg_state *view, gg_bot_proposal *out, int *value,
                             int cap);
int gg__greedy_respond_value(gg_bot *b, const gg_state *view, const gg_deal *d, int *value);
/* greedy.c, for greedy_deals.c: the greedy orders of `seat` on scratch
 * state `st` (ORDERS phase), ties broken by catalogue order; whether
 * Kazakhstan consented to every consent-needing action of `power` last
 * turn (the greedy powers expect the same again). */
void gg__greedy_best(const gg_state *st, int seat, gg_orders *out);
/* greedy.c: `seat`'s evaluation after resolving a copy of `base` with
 * `seat`'s orders set to `o` (INT_MIN / 2 if the engine refuses them). */
int gg__greedy_eval_orders(const gg_state *base, int seat, const gg_orders *o);
int gg__greedy_expects_consent(const gg_state *view, int power);

/* What Kazakhstan's consent to `action` (GG_CONSENT_ANY: every action) for
 * `fee` is worth to `power` this turn by the greedy rule (hundredths of a
 * VP; > 0: a greedy power accepts such an offer). */
int gg__greedy_consent_worth(const gg_state *view, int power, int action, int fee);

/* The consent purchase a greedy `power` proposes to Kazakhstan on `view`
 * (DIPLOMACY phase) by the market price, which greedy Kazakhstan accepts:
 * 1 and *out filled, or 0 when it would ask none. */
int gg__greedy_consent_offer(const gg_state *view, int power, gg_bot_proposal *out);
int gg__greedy_crisis(gg_bot *b, const gg_state *view);

/* Greedy candidate order sets for flat Monte Carlo: cands[0] is the greedy
 * choice, the others complete greedily from the next best first orders.
 * Distinct sets, at most `k`; returns the count (>= 1). */
int gg__greedy_candidates(gg_bot *b, const gg_state *view, gg_orders *cands, int k);

/* gg_bots_play_turn / gg_bots_play_game (driver.c) for a rollout's game on
 * a scratch state: with `lookahead` the turns are resolved by
 * gg_resolve_lookahead (no change list in the turn report, which no bot
 * reads), else by gg_resolve as the public functions do. The same play
 * either way. */
int gg__bots_play_turn(gg_state *s, gg_bot bots[GG_SEATS], gg_bot_stats *st, int lookahead);
int gg__bots_play_game(gg_state *s, gg_bot bots[GG_SEATS], gg_bot_stats *st, int lookahead);

/* Random hooks. */
void gg__random_orders(gg_bot *b, const gg_state *view, gg_orders *out);
int gg__random_crisis(gg_bot *b, const gg_state *view);

/* Negotiator hooks (negotiator_propose.c, negotiator_answer.c, negotiator_orders.c). */
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

/* The ledger (negotiator.c). */
#define GG__NEGO_MAX_SIDE 3 /* side payments of capital tried, 1..GG__NEGO_MAX_SIDE */
/* The loss, hundredths of a VP of one turn's evaluation, down to which a
 * plain (greedy) bot accepts a deal (greedy.c ACCORD_TOLERANCE): what a
 * proposer predicts of its partners (gg__nego_others_accept). */
#define GG__NEGO_PLAIN_TOLERANCE 60

/* Adds to w->sign what signing the accords among clauses `cl` of a deal
 * proposed by `proposer` takes from each seat (an offer not yet accepted). */
void gg__nego_add_signing(gg__owing *w, int proposer, const gg_clause *cl, int n);

/* Zeroes *w and adds what every seat is bound to pay this turn plus what
 * `seat` has itself offered this turn. */
void gg__nego_commitments(const gg_state *view, int seat, gg__owing *w);

/* Whether the deal proposed by `proposer` among `parties` keeps every payer
 * solvent on top of *base / of `seat`'s commitments (honest: never promise
 * what it could not pay). */
int gg__nego_affordable_on(const gg_state *view, const gg__owing *base, int proposer,
                           uint8_t parties, const gg_clause *cl, int n);
int gg__nego_affordable(const gg_state *view, int seat, int proposer, uint8_t parties,
                        const gg_clause *cl, int n);

/* Whether two clause lists are equal, clause by clause. */
int gg__nego_same_clauses(const gg_clause *a, int na, const gg_clause *b, int nb);

/* Whether `seat` proposed these clauses last turn or this one and they
 * were refused. */
int gg__nego_refused_before(const gg_state *view, int seat, const gg_bot_proposal *p);

/* A transfer clause: `amount` of resource `slot` from `from` to `to`. */
gg_clause gg__nego_transfer(int from, int to, int slot, int amount);

/* Whether every party of `p` other than `seat` accepts it, as `seat`
 * predicts: val[q] (one-turn raw gain) not negative, Kazakhstan's fee at
 * its price, a consent sold to a power worth the fee to it. */
int gg__nego_others_accept(const gg_state *view, int seat, const gg_bot_proposal *p,
                           const int val[GG_SEATS]);

/* Reasons that quote a value (hundredths of a VP): below GG__SHOWN_MIN in
 * size it reads "next to nothing" (accord_even, accept_even,
 * reject_nogain), never "about 0.00 VP". `value` is the bot's estimate of
 * the deal for itself: an accord it proposes; a deal it accepts (negative:
 * accepted at that cost, for goodwill); a deal it rejects. */
#define GG__SHOWN_MIN 10
gg_reason gg__reason_accord(int seat, int accord, int value);
gg_reason gg__reason_accept(int seat, int value);
gg_reason gg__reason_reject(int seat, int value);
/* A power asking Kazakhstan's consent to `action` for `fee` capital:
 * consent_fee, or consent_ask when it offers nothing (by the power's
 * estimate the move costs Kazakhstan nothing). */
gg_reason gg__reason_consent(int seat, int action, int fee);

/* The greedy bot's one-turn value of proposal `p` by `seat` / of deal `d`
 * for `seat` (hundredths of a VP; what its rules decide by). */
int gg__greedy_proposal_value(const gg_state *view, int seat, const gg_bot_proposal *p);
int gg__greedy_deal_value(const gg_state *view, int seat, const gg_deal *d);

/* The reason a non-negotiating bot gives for proposal `p` / for answering
 * `d` with `accept` (derived from the clauses and the market price).
 * `value`: the proposal's gg__greedy_proposal_value / the deal's
 * gg__greedy_deal_value if the decision computed it, else NULL (computed
 * here when the reason quotes it). */
gg_reason gg__plain_reason(const gg_state *view, int seat, const gg_bot_proposal *p,
                           const int *value);
gg_reason gg__plain_answer_reason(const gg_state *view, int seat, const gg_deal *d, int accept,
                                  const int *value);

/* Fills the hidden, undrawn part of t's deck with drawable events of its
 * scenario's era and reseeds its event and tie streams from *rng, so a
 * view can be played to the end (mcts.c). */
void gg__bot_determinise(gg_state *t, gg_pcg32 *rng);

/* ---- The negotiator's valuation (negotiator_value.c) ---- */

#define GG__DEEP_ROLLOUTS 8 /* rollouts per world of gg__nego_deep */
#define GG__LOG_DEALS 128   /* deals a rollout's log holds before it gives up */

/* What the deals a rollout met look like to same_bargain (negotiator_value.c):
 * the accords and consents among their clauses and a hash of each deal's
 * clauses; `full` when it overflowed (then it matches every bargain). */
typedef struct gg__rollout_log {
    uint64_t accords;              /* bit a: accord a */
    uint8_t consent[GG_SEATS][32]; /* bit c of [a]: consent of seat a to action c */
    uint64_t hash[GG__LOG_DEALS];  /* FNV-1a of nclauses and the clauses */
    uint16_t n;
    uint8_t full;
} gg__rollout_log;

/* A bargain as same_bargain sees it when it has an accord or a consent
 * among its clauses: which accords and which consents (seat a to action c)
 * it holds; a deal with one of them strikes the same bargain. */
typedef struct gg__bargain_key {
    uint64_t accords;
    uint8_t consent[GG_SEATS][32];
} gg__bargain_key;

/* Cached worlds of one decision (one view): the turn without any deal per
 * set of active seats; the rollouts in which no bargain was judged
 * (plain[k]: the k-th game played to the end without any deal struck and
 * with nothing left out; the log of the deals it met tells which judged
 * bargains would have left it unchanged); and the rollouts without the
 * last bargain judged that did change them (keyed[k]: the same games
 * serve any bargain with the same key, such as Kazakhstan's counter at a
 * higher fee). Zero it and set `view` before use. */
typedef struct gg__nego_worlds {
    const gg_state *view;
    uint16_t have;  /* bit m: base[m] computed */
    uint16_t plain; /* bit k: plain_m[k] and plain_log[k] computed */
    int base[1 << GG_SEATS][GG_SEATS];
    int plain_m[GG__DEEP_ROLLOUTS][GG_SEATS];
    gg__rollout_log plain_log[GG__DEEP_ROLLOUTS];
    uint16_t keyed; /* bit k: keyed_m[k] is game k without bargain `key`, `keyed_veto` refusing */
    int keyed_veto;
    gg__bargain_key key;
    int keyed_m[GG__DEEP_ROLLOUTS][GG_SEATS];
} gg__nego_worlds;

/* Greedy orders for seat q on t (ORDERS phase), with a fixed stream. */
void gg__nego_lookahead_orders(const gg_state *t, int q, gg_orders *o);

/* One-turn values of proposal `p` by `proposer` for every seat, hundredths
 * of a VP: raw[q] (may be NULL) q's own evaluation gained, win[q] q's gain
 * minus its rivals' gains weighted by their closeness to the lead, and
 * discounted by trust. Returns 0, or -1 (every value GG__NO_VALUE) when
 * the engine refuses the deal. */
int gg__nego_value(gg__nego_worlds *W, int proposer, const gg_bot_proposal *p, int win[GG_SEATS],
                   int raw[GG_SEATS]);

/* The deal's mean effect on every seat's final margin over the rollouts,
 * hundredths of a VP (not discounted): the deal signed now against the
 * same games where nothing strikes that bargain this turn and seat `veto`
 * (-1: none; the seat answering) refuses it for the rest of the game; and
 * the standard error of each mean (se may be NULL). Returns 0 or -1
 * (refused deal). */
int gg__nego_deep(gg__nego_worlds *W, int proposer, const gg_bot_proposal *p, int veto,
                  int out[GG_SEATS], int se[GG_SEATS]);

/* The negotiator's rule for an offer the plain bot makes, by gg__nego_deep's
 * rollouts (veto -1): 1 when the deal's mean change of the proposer's
 * final margin is gg__nego_clear_margin below zero or worse (refuse to
 * offer it), 0 when not, -1 when the engine refuses the deal. Plays the
 * same rollout pairs in the same order and stops early, after 4 pairs at
 * least, once the running mean is two standard errors clear of that bar
 * (the full 8 decide the close calls): a cheaper verdict for the
 * reference bots. */
int gg__nego_deep_refuses(gg__nego_worlds *W, int proposer, const gg_bot_proposal *p);

/* How clearly the rollouts must find for or against the plain choice:
 * GG__DEEP_MARGIN hundredths of a VP, or one standard error `se` of their
 * mean when that is larger. */
#define GG__DEEP_MARGIN 100
int gg__nego_clear_margin(int se);

/* How much a seat trusts `other`'s word, per mille (1000 in binding games
 * and for a clean record), and the least trusted seat whose promise `seat`
 * relies on in a deal (-1: none). */
int gg__nego_trust(const gg_state *view, int other);
int gg__nego_relied_on(const gg_state *view, int seat, uint8_t parties, const gg_clause *cl, int n);

/* Flat Monte Carlo orders. */
void gg__mcts_orders(gg_bot *b, const gg_state *view, gg_orders *out);

#endif
