/* bots.h — reference bots for New Great Game (library gg_bots).
 *
 * A bot is a strategy plus its own per-game state: a PCG32 stream seeded
 * from the game seed and the seat, so a game played by bots is a pure
 * function of (scenario, options, game seed, strategies). Bots never allocate
 * and never read hidden information: every hook takes a seat VIEW
 * (gg_view(s, seat, &v)), never the full state, so the network bot client
 * can run the same code on a decoded view.
 *
 * Strategies:
 *   "random" — uniformly random legal orders within budget, random crisis
 *              response, accepts deals at random, proposes nothing.
 *   "greedy" — one-turn lookahead on a scratch copy of the view: adds the
 *              best single order while the estimated final score improves;
 *              proposes and answers deals by explicit rules (consent for a
 *              fee, accords) checked by the same lookahead; an accord whose
 *              signing takes the proposer's resources is offered only when
 *              the negotiator's rollouts do not find it clearly against
 *              the proposer (so all three bots time it alike).
 *   "mcts"   — flat Monte Carlo over the top greedy candidate order sets:
 *              R rollouts to the end with greedy play in every seat on
 *              determinised copies of the view; picks the best mean margin.
 *              "mcts:K:R" sets the number of candidates K (1..8) and
 *              rollouts per candidate R (1..64); default 4 and 8.
 *   "negotiator" — greedy orders ("negotiator:mcts[:K:R]": mcts orders) and
 *              real bargaining (bots/negotiator*.c): proposes consent for a
 *              fee, accords, resource swaps, bought pledges and joint
 *              projects, each valued by games played to the end with and
 *              without it (its effect on the bot's final margin: its
 *              chance to win) after a one-turn lookahead for itself and
 *              the other parties; answers with accept, reject or a counter-
 *              offer; discounts the word of seats that broke promises; and
 *              gives a reason (gg/reasons.h) with every move. Its honesty
 *              (gg_bot_set_honesty) decides whether it ever breaks a
 *              non-binding promise.
 *
 * Contract of every hook: it returns only moves that the engine accepts in
 * the view's phase (orders pass gg_validate_orders, proposals pass
 * gg_check_deal, crisis answers pass gg_check_response), and its result
 * depends only on the view and the bot's own state.
 */
#ifndef GG_BOTS_H
#define GG_BOTS_H

#include <stdint.h>

#include "gg/reasons.h"
#include "gg/rules.h"

enum gg_bot_kind { GG_BOT_RANDOM = 0, GG_BOT_GREEDY, GG_BOT_MCTS, GG_BOT_NEGOTIATOR, GG_BOT_KINDS };

/* Whether a negotiator keeps its non-binding promises (pledges, payments). */
#define GG_HONESTY_LIST(X)                                                                         \
    X(HONEST, "honest")           /* keeps every promise */                                        \
    X(OPPORTUNIST, "opportunist") /* breaks one when the gain beats the reputation cost */

enum gg_honesty {
#define GG__HON_ENUM(e, s) GG_HONESTY_##e,
    GG_HONESTY_LIST(GG__HON_ENUM)
#undef GG__HON_ENUM
        GG_HONESTIES
};

#define GG_BOT_MAX_PROPOSALS 4 /* proposals one bot makes per diplomacy phase */
#define GG_BOT_MAX_COUNTERS 2  /* counter-offers one bot makes per turn */

/* One proposal: the parties (seat bit mask; the proposer is added by the
 * engine), its clauses and the proposer's reason. */
typedef struct gg_bot_proposal {
    uint8_t parties;
    uint8_t nclauses;
    gg_clause clauses[GG_MAX_CLAUSES];
    gg_reason why;
} gg_bot_proposal;

/* An answer to an open deal: accept or not, why, and (when rejecting) maybe
 * a counter-offer to propose in its place. */
typedef struct gg_bot_reply {
    uint8_t accept;
    uint8_t countered; /* 1: `counter` holds a proposal that passes gg_check_deal */
    gg_reason why;
    gg_bot_proposal counter;
} gg_bot_reply;

/* A bot. Caller-allocated (plain struct, no heap); initialise with
 * gg_bot_init, copy freely (a copy continues identically). */
typedef struct gg_bot {
    uint8_t kind; /* enum gg_bot_kind */
    uint8_t seat; /* the seat it plays */
    uint8_t mcts_k, mcts_rollouts;
    uint8_t search;       /* negotiator: orders by GG_BOT_GREEDY or GG_BOT_MCTS */
    uint8_t honesty;      /* enum gg_honesty (negotiator; the others keep to their rules) */
    uint8_t counter_turn; /* the turn of `counters` */
    uint8_t counters;     /* counter-offers made in counter_turn */
    uint8_t rollout;      /* 1: a lookahead's player (rollouts of mcts and the negotiator):
                           * its accord offers follow the fixed rules alone, without the
                           * rollouts that judge a top-level bot's offers */
    uint8_t plain;        /* 1: "greedy:plain", a greedy bot that does not race (weighs no
                           * leading rival: scripts/fit-par-curves.sh fits the par
                           * curves, which racing reads, on it) */
    gg_pcg32 rng;         /* the bot's private stream */
} gg_bot;

/* Strategy names: "random", "greedy", "mcts", "negotiator". */
const char *gg_bot_kind_name(int kind);

/* Parses a strategy ("random", "greedy", "greedy:plain", "mcts", "mcts:K:R",
 * "negotiator", "negotiator:mcts" or "negotiator:mcts:K:R") and initialises *b for
 * `seat` (honest), seeding its stream from (seed, seat). Returns 0,
 * GG_EBAD_SEAT or GG_EBAD_OPTION (unknown strategy or bad parameters). */
int gg_bot_init(gg_bot *b, const char *strategy, int seat, uint64_t seed);

/* Sets a bot's honesty (enum gg_honesty). Returns 0 or GG_EBAD_OPTION. */
int gg_bot_set_honesty(gg_bot *b, int honesty);

/* "honest" / "opportunist"; "?" out of range. gg_honesty_find returns the
 * index or GG_EBAD_OPTION. */
const char *gg_honesty_name(int honesty);
int gg_honesty_find(const char *name);

/* DIPLOMACY: writes up to `cap` proposals this bot makes now into out[] and
 * returns their count (0..cap). Each passes gg_check_deal on the view and
 * carries a well-formed reason (gg_reason_check). */
int gg_bot_propose(gg_bot *b, const gg_state *view, gg_bot_proposal *out, int cap);

/* DIPLOMACY: answer to open deal `d` (visible in the view, the bot a party
 * that has not answered): 1 accept, 0 reject. */
int gg_bot_respond(gg_bot *b, const gg_state *view, const gg_deal *d);

/* DIPLOMACY: the full answer to open deal `d`: accept or reject, the
 * reason (random bots give none: GG_RSN_NONE), and for a rejection
 * possibly a counter-offer (negotiator only; at most GG_BOT_MAX_COUNTERS a
 * turn, never to a deal that answers one of the bot's own refused deals of
 * this turn). The caller rejects `d` and proposes the counter. Returns
 * out->accept. */
int gg_bot_answer(gg_bot *b, const gg_state *view, const gg_deal *d, gg_bot_reply *out);

/* ORDERS: the bot's orders for this turn (passes gg_validate_orders on the
 * view; includes transfers that pay its accepted deals in non-binding
 * games when affordable). */
void gg_bot_orders(gg_bot *b, const gg_state *view, gg_orders *out);

/* CRISIS (Kazakhstan only): a response id that passes gg_check_response. */
int gg_bot_crisis(gg_bot *b, const gg_state *view);

/* The price in capital Kazakhstan's greedy bot asks for consenting to
 * `action` by `power` now, or -1 when it refuses at any price. Public so the
 * powers' bots (and humans) can read the market. */
int gg_bot_consent_price(const gg_state *view, int power, int action);

/* ---- Driving whole turns and games ------------------------------------ */

/* One negotiation move as the driver made it: a proposal (deal = its id,
 * parties and clauses filled) or an answer (accept; counter = 1 when a
 * counter-offer followed), with the mover's reason. */
typedef struct gg_bot_talk {
    uint8_t turn, seat;
    uint8_t answer; /* 0 proposal, 1 answer */
    uint8_t accept, counter;
    uint16_t deal;
    uint8_t parties, nclauses;
    gg_clause clauses[GG_MAX_CLAUSES];
    gg_reason why;
} gg_bot_talk;

/* Counters a driver fills in (zero it first; it accumulates). */
typedef struct gg_bot_stats {
    uint32_t action_use[GG_SEATS][GG_ACTIONS]; /* orders submitted, per seat and action */
    uint32_t seat_turns[GG_SEATS];             /* order submissions per seat */
    uint32_t responses[GG_RESPONSES];          /* crisis answers chosen */
    uint32_t proposals[GG_SEATS];              /* deals proposed (counter-offers included) */
    uint32_t counters[GG_SEATS];               /* of which counter-offers */
    uint32_t accepted[GG_SEATS];               /* proposals of the seat every party accepted */
    uint32_t kept[GG_SEATS];                   /* promises kept, from each finished game's ledger */
    uint32_t broken[GG_SEATS];    /* promises broken, likewise (gg_bot_stats_end_game) */
    uint32_t deals_accepted;      /* deals every party accepted */
    uint32_t accords[GG_ACCORDS]; /* accepted accord clauses */
    uint32_t errors;              /* engine refusals of a bot move */
    int first_error;              /* the first such error code, 0 if none */
    uint64_t talk_digest;         /* FNV-1a over every negotiation move (0 = none yet) */
    /* Optional: called for every negotiation move (NULL: not called);
     * gg-arena --transcript prints them. */
    void (*talk)(void *ctx, const gg_bot_talk *t);
    void *talk_ctx;
} gg_bot_stats;

/* Adds a finished game's ledger (gg_state.kept/broken per seat) to *st
 * (NULL: nothing). gg_bots_play_game calls it when the game ends. */
void gg_bot_stats_end_game(gg_bot_stats *st, const gg_state *s);

/* Plays one turn of `s` (full state, any phase but OVER) with bots[seat]
 * for every seat: proposals, answers, end of diplomacy, orders, resolution
 * and, if needed, the crisis answer. Bots see only their views. Returns 0,
 * or the first engine error a bot move caused (also counted in st->errors;
 * the move is then skipped and play continues). `st` may be NULL. */
int gg_bots_play_turn(gg_state *s, gg_bot bots[GG_SEATS], gg_bot_stats *st);

/* Plays turns until the game is OVER. Returns 0 or the first error as
 * gg_bots_play_turn. */
int gg_bots_play_game(gg_state *s, gg_bot bots[GG_SEATS], gg_bot_stats *st);

#endif /* GG_BOTS_H */
