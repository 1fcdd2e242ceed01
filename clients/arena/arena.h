/* arena.h — the pieces of gg-arena (library gg_arena_core), shared by the
 * program and its tests: running seeded bot games, the rulebook and rule
 * catalogue generators, and the scripted historical line. */
#ifndef GG_ARENA_H
#define GG_ARENA_H

#include <stdint.h>
#include <stdio.h>

#include "gg/bots.h"
#include "gg/game.h" /* gg_deal_book, gg_debrief */
#include "gg/util.h" /* gg_json_str */

#include "describe.h" /* gg_rule_effect_text, gg_seat_title */

/* ---- Running games (run.c) ---------------------------------------------- */

/* The seed of game `i` (0-based) of a run with seed `seed`: the (i+1)-th
 * output of SplitMix64 started at `seed`, i.e. mix(seed + (i+1)*0x9E37...).
 * Stable across versions: digests depend on it. */
uint64_t gg_arena_game_seed(uint64_t seed, uint64_t i);

/* What one game produced. */
typedef struct gg_arena_game {
    uint64_t seed;
    uint64_t hash; /* gg_state_hash of the final state */
    gg_result result;
    uint8_t turns;  /* turns played */
    uint8_t crises; /* crisis steps */
    /* Turns each seat began (after Income) with a resource at the cap
     * (gg_res_cap): any resource, and per resource slot. */
    uint8_t at_cap[GG_SEATS];
    uint8_t at_cap_res[GG_SEATS][GG_RES_KINDS];
    /* The running score at the start of each turn (index turn - 1, after
     * News and Income): what the score strip showed. */
    int16_t vp_now[GG_MAX_TURNS][GG_SEATS];
    int16_t par_now[GG_MAX_TURNS][GG_SEATS];
} gg_arena_game;

/* The running margin by turn over a run of games (margins.c). */
typedef struct gg_arena_margins {
    uint64_t games;
    int turns;                         /* most turns any game played */
    uint64_t n[GG_MAX_TURNS];          /* games that reached each turn */
    double vp[GG_MAX_TURNS][GG_SEATS]; /* sums of vp_now */
    double margin[GG_MAX_TURNS][GG_SEATS];
    double winner[GG_MAX_TURNS]; /* sums of the eventual winner's margin */
    double losers[GG_MAX_TURNS]; /* sums of the other three's mean margin */
    double final_vp[GG_SEATS];
    double final_margin[GG_SEATS]; /* sums of the final margin: vp - the whole par */
    double winner_final, losers_final;
} gg_arena_margins;

/* Adds one game (zero *m first). */
void gg_arena_margins_add(gg_arena_margins *m, const gg_arena_game *g);
/* Writes the mean margin by year (the eventual winner, the others, each
 * seat) as a Markdown table. Returns 0, or -1 (no games, a write error). */
int gg_arena_margins_print(FILE *f, const gg_arena_margins *m, int scenario);
/* The par curve fitted from the run in *m, into curve[0 .. m->turns): per
 * turn and seat, 1000 x mean vp_now / mean final VP, then the closest
 * non-decreasing sequence (least squares, weighted by the games reaching
 * each turn) capped at 1000: the par so far never falls and never passes
 * the whole par. Returns -1 if there are no games or some turn was never
 * reached. */
int gg_arena_par_curve_fit(const gg_arena_margins *m, int16_t curve[][GG_SEATS]);
/* Writes the fitted par curve (gg_arena_par_curve_fit) of `scenario` as the
 * C array rules/catalog_par_curves.c holds (`how` says how it was fitted).
 * Returns -1 if a game ended early in every run of some turn count (the
 * curve needs every turn) or on a write error. */
int gg_arena_par_curve_print(FILE *f, const gg_arena_margins *m, int scenario, const char *how);

/* Plays one game of `scenario` with `bots` (strategy names per seat) and
 * `opt` from `seed`; accumulates bot statistics into *st (may be NULL).
 * Returns 0 or the first engine error a bot move caused. */
int gg_arena_play(int scenario, const gg_options *opt, const char *const bots[GG_SEATS],
                  uint64_t seed, gg_arena_game *g, gg_bot_stats *st);

/* As gg_arena_play, with every negotiator bot set to `honesty`
 * (enum gg_honesty). */
int gg_arena_play_honesty(int scenario, const gg_options *opt, const char *const bots[GG_SEATS],
                          int honesty, uint64_t seed, gg_arena_game *g, gg_bot_stats *st);

/* As gg_arena_play_honesty, the game played against `pars` (whole-scenario
 * pars in seat order, NULL: the scenario's) set by gg_set_pars right after
 * gg_init, so the bots, the running score and the result read them. */
int gg_arena_play_pars(int scenario, const gg_options *opt, const char *const bots[GG_SEATS],
                       int honesty, const int16_t *pars, uint64_t seed, gg_arena_game *g,
                       gg_bot_stats *st);

/* The scenario's own whole-game pars (its GG_SET_PAR settings) into
 * par[]. Returns -1 for a bad scenario. */
int gg_arena_scenario_pars(int scenario, int16_t par[GG_SEATS]);

/* Negotiation transcripts (json.c): gg_arena_transcript_line is a
 * gg_bot_stats.talk hook writing one JSON object per move to ctx->f:
 * {"game","turn","seat","move":"propose"|"answer","deal",...,"why":{"id","args"},
 * "text"} with the reason rendered in English. */
typedef struct gg_arena_transcript {
    FILE *f;
    uint64_t game;
} gg_arena_transcript;
void gg_arena_transcript_line(void *ctx, const gg_bot_talk *t);

/* FNV-1a over 64-bit values (the digest of a run: every game's final hash
 * in order). Start with GG_ARENA_FNV_INIT. */
#define GG_ARENA_FNV_INIT 0xcbf29ce484222325ULL
uint64_t gg_arena_fnv(uint64_t h, uint64_t v);

/* ---- Rule catalogue (rulebook.c) --------------------------------------- */

/* Conditions and effects as English: gg_rule_cond_text and
 * gg_rule_effect_text in describe.h (library gg_describe). */

/* Renders a scenario setting as "what = value" into buf. */
void gg__setting_text(const gg_setting *s, char *buf, size_t n);

/* Writes RULES.md (the player's rulebook, Markdown) / the catalogue as one
 * JSON object. Return 0 or -1 on a write error. */
int gg_rulebook_write(FILE *f);

/* Writes `seat`'s role briefing for `scenario` as Markdown: its victory
 * terms, starting position, actions with costs, accords and (Kazakhstan)
 * crisis responses, each with its source. Returns 0, or -1 for a bad seat
 * or scenario or a write error. */
int gg_briefing_write(FILE *f, int seat, int scenario);
int gg_rules_dump_json(FILE *f);

/* Shared pieces of the rulebook and the briefings (rulebook.c, briefing.c):
 * a seat's capitalised name, an action's cost and a victory term as text,
 * a citation with its quote ("[src] — *"quote"* (KEY Lnnn)"), and RULES.md's
 * evidence section (every paper and quote). */
const char *gg__seat_cap(int seat);
void gg__cost_text(const gg_action_def *a, int seat, char *buf, size_t n);
void gg__vp_term_text(const gg_vp_term *t, char *buf, size_t n);
void gg__cite_md(FILE *f, const char *source);
void gg__evidence_md(FILE *f);

/* ---- The historical line (game/history.c; JSON in history_json.c) ----- */

/* Writes the rows as a JSON array. */
void gg_history_json(FILE *f, const gg_history_row *rows, int n);

/* Re-simulates the replay file at `path` through the server's command
 * semantics and checks every recorded turn hash; writes a JSON object (or
 * a line of text) to `out`. Returns 0 when everything matches, 1 on a
 * divergence (naming the first divergent turn on stderr), 2 when the file
 * cannot be read or is not a replay. */
int gg_arena_replay(const char *path, int json, FILE *out);

/* Writes the classroom debrief of the replay at `path` as Markdown: result,
 * timeline charts, the game against history (belt-and-road), every turn's
 * news, orders and outcomes with their sources, and the deal ledger.
 * With `json`, writes gg_debrief_json (chat included) instead.
 * Returns 0, 1 if a record was refused by the rules, 2 for a bad file. */
int gg_arena_debrief(const char *path, int json, FILE *out);

/* gg_deal_book (every deal of a game, by id) lives in gg/game.h. */

/* Writes the debrief's "Deals" section: every deal in id order, then each
 * seat's kept and broken promises from `s`. */
void gg_deal_book_md(FILE *f, const gg_deal_book *b, const gg_state *s);

/* Reads the whole file at `path` (at most GG_REPLAY_MAX_FILE bytes; a
 * bigger one is returned whole and refused by gg_replay_create) into a heap
 * buffer the caller frees. Returns 0, or -1 with the reason in err. */
int gg__arena_read_file(const char *path, uint8_t **out, size_t *outlen, char *err, size_t errlen);

/* Opens the replay at `path` and starts its game in *s with the stored
 * scenario, seed and options (*opt receives them). Returns the reader (the
 * header lives in it until gg_replay_destroy), or NULL after printing why. */
struct gg_replay *gg__arena_replay_start(const char *path, gg_state *s, gg_options *opt);

#endif
