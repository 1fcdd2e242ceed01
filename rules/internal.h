/* internal.h — cross-file internals of the rules engine (gg__ prefix).
 * Nothing here is part of the public API. */
#ifndef GG_RULES_INTERNAL_H
#define GG_RULES_INTERNAL_H

#include "gg/rules.h"

/* Catalogue tables (catalog_*.c), indexed by the public enums. */
extern const gg_action_def gg__actions[GG_ACTIONS];
extern const gg_project_def gg__projects[GG_PROJECTS];
extern const gg_accord_def gg__accords[GG_ACCORDS];
extern const gg_response_def gg__responses[GG_RESPONSES];
extern const gg_event_def gg__events[];
extern const int gg__event_count;
extern const gg_scenario_def gg__scenarios[];
extern const int gg__scenario_count;

/* gg_action_def_get and gg_scenario_def_get (which call these), inline for
 * the engine's hot paths (validation and resolution run in every bot
 * lookahead). */
static inline const gg_action_def *gg__action(int action)
{
    return (action >= 0 && action < GG_ACTIONS) ? &gg__actions[action] : NULL;
}
static inline const gg_scenario_def *gg__scenario(int scenario)
{
    return (scenario >= 0 && scenario < gg__scenario_count) ? &gg__scenarios[scenario] : NULL;
}

/* Whether `c` holds in `s`. Most conditions in the catalogue are
 * GG_IF_ALWAYS; that case is answered inline (the lookahead bots evaluate
 * conditions millions of times: scoring terms, effects), the others by
 * gg__cond_eval. */
int gg__cond_eval(const gg_state *s, const gg_cond *c);
static inline int gg__cond_holds(const gg_state *s, const gg_cond *c)
{
    return c->kind == GG_IF_ALWAYS || gg__cond_eval(s, c);
}

/* Applies up to `n` effects (stopping at GG_EFF_NONE) for `actor` with the
 * order's `target` (for a transfer: target | arg << 8). Values are clamped to their ranges. Records
 * the actor who first tips escalation to 10. */
void gg__apply_effects(gg_state *s, const gg_effect *e, int n, int actor, int target);

/* Clamped setters (influence and resources inline: every resolution pays
 * costs and income through them). */
void gg__add_track(gg_state *s, int track, int delta);
void gg__add_global(gg_state *s, int global, int delta, int actor);
/* v clamped to [lo, hi]. */
static inline int gg__clamp(int v, int lo, int hi)
{
    return v < lo ? lo : (v > hi ? hi : v);
}
static inline void gg__add_influence(gg_state *s, int power, int domain, int delta)
{
    if (power < 0 || power >= GG_POWERS || domain < 0 || domain >= GG_DOMAINS)
        return;
    s->influence[power][domain] =
        (uint8_t)gg__clamp(s->influence[power][domain] + delta, 0, GG_INFLUENCE_MAX);
}
static inline void gg__add_res(gg_state *s, int seat, int slot, int delta)
{
    if (seat < 0 || seat >= GG_SEATS || slot < 0 || slot >= GG_RES_KINDS)
        return;
    s->res[seat][slot] = (int16_t)gg__clamp(s->res[seat][slot] + delta, 0, gg_res_cap(seat, slot));
}

/* Whether some power leads three or more domains. */
int gg__has_hegemon(const gg_state *s);

/* Whether `power` has Kazakhstan's consent for `action` this turn. */
int gg__has_consent(const gg_state *s, int power, int action);

/* Whether `seat`'s order list contains `action`. */
int gg__ordered(const gg_orders *o, int action);
/* 1 if `seat` carried out `action` in the last resolved turn (done_last). */
int gg__done_last(const gg_state *s, int seat, int action);

/* Validates one order in isolation for `seat` (no phase or budget check). */
int gg__check_order(const gg_state *s, int seat, const gg_order *o);

/* The pledged tags of `seat` now (bit mask). */
uint8_t gg__pledged_tags(const gg_state *s, int seat);

/* Deals: applied at acceptance / at resolution / at end of turn. */
void gg__deal_take_effect(gg_state *s, gg_deal *d);
void gg__deals_resolve_transfers(gg_state *s);
void gg__deals_end_turn(gg_state *s);
/* Marks accepted deals in which `seat` pledged away any of `tags`. */
void gg__deals_pledge_breach(gg_state *s, int seat, uint8_t tags);
/* The partner of an accepted joint clause on `project` this turn, or GG_NONE. */
int gg__joint_partner(const gg_state *s, int project);
/* Amount of resource `slot` `seat` owes through accepted binding transfers
 * this turn (reserved: orders cannot spend it). */
int gg__owed(const gg_state *s, int seat, int slot);

/* The board values an order can change (report.c). */
typedef struct gg__board {
    uint8_t influence[GG_POWERS][GG_DOMAINS];
    int16_t res[GG_SEATS][GG_RES_KINDS];
    uint8_t track[GG_TRACKS];
    uint8_t global[GG_GLOBALS];
    uint8_t route[GG_ROUTES];
    uint8_t route_closed[GG_ROUTES];
    uint8_t institutions, eaeu_level, gratitude;
    uint8_t accord_turns[GG_ACCORDS];
    uint8_t project_owner[GG_PROJECTS];
    uint8_t consent_all[GG_POWERS];
} gg__board;

void gg__board_snap(const gg_state *s, gg__board *b);
/* Appends to s->report what changed since snapshot `b`, as the changes of
 * order `index` of `seat` (the seat's own resources first). */
void gg__record_changes(gg_state *s, int seat, int index, const gg__board *b);
/* Orders the change list by order (seat, then the order's index), each
 * order's changes in the sequence they happened: the report's (and the
 * wire's) canonical order. */
void gg__sort_changes(gg_report *r);
/* Drops from `r` the resource changes of seats other than `viewer` (views
 * with hidden resources). */
void gg__hide_changes(gg_report *r, int viewer);

/* Turn flow pieces (engine.c). */
void gg__news_and_income(gg_state *s);
void gg__finish_turn(gg_state *s);

/* Recomputes the running score (vp_now, par_now) after a change (scoring.c). */
void gg__refresh_standing(gg_state *s);
/* Adds each seat's running margin to its pace (gg_state.pace), saturating:
 * called once at the start of every turn after the first (scoring.c). */
void gg__bank_pace(gg_state *s);
/* A game shortened by gg_options.turns: s->par (the scenario's whole par
 * on entry) becomes the par for the game's length, the share of the whole
 * par the par curve gives a seat on course when its last turn is played
 * (scoring.c). A full-length game keeps the whole par. */
void gg__par_for_length(gg_state *s);

#endif
