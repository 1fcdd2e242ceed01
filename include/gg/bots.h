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
 *              fee, accords) checked by the same lookahead.
 *   "mcts"   — flat Monte Carlo over the top greedy candidate order sets:
 *              R rollouts to the end with greedy play in every seat on
 *              determinised copies of the view; picks the best mean margin.
 *              "mcts:K:R" sets the number of candidates K (1..8) and
 *              rollouts per candidate R (1..64); default 4 and 8.
 *
 * Contract of every hook: it returns only moves that the engine accepts in
 * the view's phase (orders pass gg_validate_orders, proposals pass
 * gg_check_deal, crisis answers pass gg_check_response), and its result
 * depends only on the view and the bot's own state.
 */
#ifndef GG_BOTS_H
#define GG_BOTS_H

#include <stdint.h>

#include "gg/rules.h"

enum gg_bot_kind { GG_BOT_RANDOM = 0, GG_BOT_GREEDY, GG_BOT_MCTS, GG_BOT_KINDS };

#define GG_BOT_MAX_PROPOSALS 4 /* proposals one bot makes per diplomacy phase */

/* One proposal: the parties (seat bit mask; the proposer is added by the
 * engine) and its clauses. */
typedef struct gg_bot_proposal {
    uint8_t parties;
    uint8_t nclauses;
    gg_clause clauses[GG_MAX_CLAUSES];
} gg_bot_proposal;

/* A bot. Caller-allocated (plain struct, no heap); initialise with
 * gg_bot_init, copy freely (a copy continues identically). */
typedef struct gg_bot {
    uint8_t kind;  /* enum gg_bot_kind */
    uint8_t seat;  /* the seat it plays */
    uint8_t mcts_k, mcts_rollouts;
    gg_pcg32 rng;  /* the bot's private stream */
} gg_bot;

/* Strategy names: "random", "greedy", "mcts". */
const char *gg_bot_kind_name(int kind);

/* Parses a strategy ("random", "greedy", "mcts" or "mcts:K:R") and
 * initialises *b for `seat`, seeding its stream from (seed, seat). Returns
 * 0, GG_EBAD_SEAT or GG_EBAD_OPTION (unknown strategy or bad parameters). */
int gg_bot_init(gg_bot *b, const char *strategy, int seat, uint64_t seed);

/* DIPLOMACY: writes up to `cap` proposals this bot makes now into out[] and
 * returns their count (0..cap). Each passes gg_check_deal on the view. */
int gg_bot_propose(gg_bot *b, const gg_state *view, gg_bot_proposal *out, int cap);

/* DIPLOMACY: answer to open deal `d` (visible in the view, the bot a party
 * that has not answered): 1 accept, 0 reject. */
int gg_bot_respond(gg_bot *b, const gg_state *view, const gg_deal *d);

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

/* Counters a driver fills in (zero it first; it accumulates). */
typedef struct gg_bot_stats {
    uint32_t action_use[GG_SEATS][GG_ACTIONS]; /* orders submitted, per seat and action */
    uint32_t seat_turns[GG_SEATS];             /* order submissions per seat */
    uint32_t responses[GG_RESPONSES];          /* crisis answers chosen */
    uint32_t proposals[GG_SEATS];              /* deals proposed */
    uint32_t deals_accepted;                   /* deals every party accepted */
    uint32_t accords[GG_ACCORDS];              /* accepted accord clauses */
    uint32_t errors;                           /* engine refusals of a bot move */
    int first_error;                           /* the first such error code, 0 if none */
} gg_bot_stats;

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
