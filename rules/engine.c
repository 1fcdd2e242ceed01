/* engine.c — the turn: News, Income, Resolution, Crisis, Scoring
 * (GAME_DESIGN.md §3), and the game's start and end. */
#include <string.h>

#include "internal.h"

static void apply_settings(gg_state *s, const gg_setting *set)
{
    for (; set && set->kind != GG_SET_END; set++) {
        switch (set->kind) {
        case GG_SET_INFLUENCE:
            s->influence[set->a][set->b] = (uint8_t)set->value;
            break;
        case GG_SET_RESOURCE:
            s->res[set->a][set->b] = set->value;
            break;
        case GG_SET_INCOME:
            s->base_income[set->a][set->b] = set->value;
            break;
        case GG_SET_TRACK:
            s->track[set->a] = (uint8_t)set->value;
            break;
        case GG_SET_GLOBAL:
            s->global[set->a] = (uint8_t)set->value;
            break;
        case GG_SET_ROUTE:
            s->route[set->a] = (uint8_t)set->value;
            break;
        case GG_SET_INSTITUTIONS:
            s->institutions = (uint8_t)set->value;
            break;
        case GG_SET_EAEU_LEVEL:
            s->eaeu_level = (uint8_t)set->value;
            break;
        case GG_SET_PROJECT_DONE:
            s->project[set->a].owner = set->b;
            s->project[set->a].progress = gg__projects[set->a].turns;
            s->project[set->a].done = 1;
            break;
        case GG_SET_PAR:
            s->par[set->a] = set->value;
            break;
        default:
            break;
        }
    }
}

/* Fisher-Yates with the events stream. */
static void shuffle_deck(gg_state *s)
{
    for (int i = s->deck_len - 1; i > 0; i--) {
        int j = (int)gg_pcg32_below(&s->rng_events, (uint32_t)(i + 1));
        uint8_t t = s->deck[i];
        s->deck[i] = s->deck[j];
        s->deck[j] = t;
    }
}

int gg_era_of(int year)
{
    return year < 2018 ? 0 : year < 2022 ? 1 : 2;
}

/* The deck: the cards of the current year's era (GAME_DESIGN.md §13 "time
 * runs forward"), shuffled with the events stream. A scripted scenario
 * fires its historical cards at their years, so its deck holds only the
 * what-if cards (year 0); an unscripted one may also draw the era's
 * historical cards, from their year on. Rebuilt when a new era begins. */
static void build_deck(gg_state *s, const gg_scenario_def *sc)
{
    unsigned era = 1u << gg_era_of(s->year);
    s->deck_len = 0;
    s->deck_pos = 0;
    for (int i = 0; i < gg__event_count && s->deck_len < GG_DECK_MAX; i++) {
        const gg_event_def *e = &gg__events[i];
        if (!(e->eras & era) || (sc->scripted && e->year != 0))
            continue;
        s->deck[s->deck_len++] = (uint8_t)i;
    }
    shuffle_deck(s);
}

/* Whether `e` fired in `year` is a "what if": a card with a historical year
 * fired in another year. A timeless card (year 0: "A quiet year", a good
 * harvest) belongs to every year and is never one. */
static int out_of_year(const gg_event_def *e, int year)
{
    return e->year != 0 && e->year != year;
}

/* Fires an event; `what_if` marks it as out of its historical year. */
static void fire_event(gg_state *s, int event, int what_if)
{
    const gg_event_def *e = &gg__events[event];
    gg__apply_effects(s, e->effects, GG_MAX_EFFECTS, GG_NONE, 0);
    if (e->crisis)
        s->crisis_pending = 1;
    if (s->report.nnews < GG_MAX_NEWS) {
        if (what_if)
            s->report.what_if = (uint8_t)(s->report.what_if | (1u << s->report.nnews));
        s->report.news[s->report.nnews++] = (uint8_t)event;
    }
}

static void news(gg_state *s)
{
    const gg_scenario_def *sc = &gg__scenarios[s->scenario];
    s->report.turn = s->turn;
    s->report.nnews = 0;
    s->report.what_if = 0;
    if (s->turn > 1 && gg_era_of(s->year) != gg_era_of(s->year - 1))
        build_deck(s, sc); /* a new era: its own deck */
    if (sc->scripted)
        for (int i = 0; i < gg__event_count; i++)
            if (gg__events[i].year == s->year)
                fire_event(s, i, 0);
    /* One draw: the next card whose condition holds and whose year has
     * come. A deck run through is reshuffled (once per draw at most), so
     * long games keep their news. */
    for (int looked = 0; looked < s->deck_len; looked++) {
        if (s->deck_pos >= s->deck_len) {
            shuffle_deck(s);
            s->deck_pos = 0;
        }
        int card = s->deck[s->deck_pos++];
        const gg_event_def *e = &gg__events[card];
        if (e->year <= s->year && gg__cond_holds(s, &e->requires)) {
            fire_event(s, card, out_of_year(e, s->year));
            break;
        }
    }
}

/* Kazakhstan's budget from oil: units in operation times the price. */
static int oil_income(const gg_state *s)
{
    int units = 0;
    for (int r = 0; r < GG_ROUTES; r++)
        if (!s->route_closed[r])
            units += s->route[r];
    return units * (s->global[GG_OIL_PRICE] + 1) / GG_OIL_DIVISOR;
}

static int total_income(const gg_state *s, int seat)
{
    int t = 0;
    for (int r = 0; r < GG_RES_KINDS; r++)
        t += s->income[seat][r];
    for (int p = 0; p < GG_PROJECTS; p++)
        if (s->project[p].done && s->project[p].owner == seat)
            t++;
    return t;
}

static void income(gg_state *s)
{
    memcpy(s->income, s->base_income, sizeof s->income);
    int oil = s->global[GG_OIL_PRICE];
    s->income[GG_RUSSIA][GG_MONEY] =
        (int16_t)(s->income[GG_RUSSIA][GG_MONEY] + (oil - 1) - s->global[GG_SANCTIONS]);
    s->income[GG_KAZAKHSTAN][GG_MONEY] =
        (int16_t)(s->income[GG_KAZAKHSTAN][GG_MONEY] + oil_income(s) -
                  (s->global[GG_SANCTIONS] >= 2 ? 1 : 0));
    for (int seat = 0; seat < GG_SEATS; seat++)
        for (int r = 0; r < GG_RES_KINDS; r++) {
            if (s->income[seat][r] < 0)
                s->income[seat][r] = 0;
            gg__add_res(s, seat, r, s->income[seat][r]);
        }
    for (int p = 0; p < GG_PROJECTS; p++)
        if (s->project[p].done)
            gg__apply_effects(s, gg__projects[p].yearly, 3, s->project[p].owner, p);
    for (int r = 0; r < GG_ROUTES; r++)
        if (s->route_closed[r])
            s->route_closed[r]--;
    int cn = total_income(s, GG_CHINA), ru = total_income(s, GG_RUSSIA);
    s->asymmetry = 10 * cn >= 18 * ru   ? GG_ASYM_SUBORDINATE
                   : 10 * cn >= 13 * ru ? GG_ASYM_JUNIOR
                                        : GG_ASYM_BALANCED;
}

void gg__news_and_income(gg_state *s)
{
    news(s);
    income(s);
}

int gg_init(gg_state *s, int scenario, uint64_t seed, const gg_options *opt)
{
    const gg_scenario_def *sc = gg_scenario_def_get(scenario);
    if (!sc)
        return GG_EBAD_SCENARIO;
    if (opt && (opt->turns > sc->turns || opt->binding > 1 || opt->hide_resources > 1))
        return GG_EBAD_OPTION;
    memset(s, 0, sizeof *s);
    s->scenario = (uint8_t)scenario;
    s->viewer = GG_VIEW_FULL;
    if (opt)
        s->options = *opt;
    s->last_turn = s->options.turns ? s->options.turns : sc->turns;
    s->options.turns = s->last_turn;
    s->turn = 1;
    s->year = sc->start_year;
    s->tipped_by = GG_NONE;
    s->raised_by = GG_NONE;
    for (int p = 0; p < GG_PROJECTS; p++)
        s->project[p] = (gg_project_state){GG_NONE, GG_NONE, 0, 0};
    apply_settings(s, sc->settings);
    apply_settings(s, sc->overrides);
    apply_settings(s, sc->pars);
    gg__par_for_length(s);
    gg_pcg32_seed(&s->rng_events, seed, 1);
    gg_pcg32_seed(&s->rng_ties, seed, 2);
    build_deck(s, sc);
    s->phase = GG_PHASE_DIPLOMACY;
    gg__news_and_income(s);
    gg__refresh_standing(s);
    return 0;
}

/* ---- Resolution ---------------------------------------------------- */

/* Two powers bidding for one project: Kazakhstan's consent decides, then
 * the larger consent fee, then a seeded draw. Losers are marked LOST_BID.
 * The bids are gathered in one pass over the orders (seat, then order
 * index, per project) and settled project by project. */
/* A bid's rank: Kazakhstan's consent first, then the fee. */
static int bid_key(const gg_state *s, int seat, int i)
{
    return gg__has_consent(s, seat, s->orders[seat].o[i].action) * 1000 + s->consent_fee[seat];
}

static void settle_project_bids(gg_state *s)
{
    int bidders[GG_PROJECTS][GG_POWERS], idx[GG_PROJECTS][GG_POWERS], nbids[GG_PROJECTS] = {0};
    int contested = 0;
    for (int seat = 0; seat < GG_POWERS; seat++)
        for (int i = 0; i < s->orders[seat].count; i++) {
            const gg_order *o = &s->orders[seat].o[i];
            const gg_action_def *a = gg__action(o->action);
            if (!a || a->target != GG_TGT_PROJECT || o->target >= GG_PROJECTS)
                continue;
            int p = o->target, n = nbids[p];
            if (n >= GG_POWERS)
                continue; /* a seat's duplicate bid: validation rejects it */
            bidders[p][n] = seat;
            idx[p][n] = i;
            nbids[p] = n + 1;
            contested |= n + 1 >= 2;
        }
    for (int p = 0; contested && p < GG_PROJECTS; p++) {
        int n = nbids[p];
        if (n < 2)
            continue;
        int best = -1, bkey = -1, tied = 0;
        for (int k = 0; k < n; k++) {
            int key = bid_key(s, bidders[p][k], idx[p][k]);
            if (key > bkey) {
                best = k;
                bkey = key;
                tied = 1;
            } else if (key == bkey && gg_pcg32_below(&s->rng_ties, (uint32_t)++tied) == 0) {
                best = k; /* reservoir draw: each tied bidder equally likely */
            }
        }
        for (int k = 0; k < n; k++)
            if (k != best)
                s->report.outcome[bidders[p][k]][idx[p][k]] = GG_OUT_LOST_BID;
    }
}

static int can_pay(const gg_state *s, int seat, const int cost[GG_RES_KINDS])
{
    for (int r = 0; r < GG_RES_KINDS; r++)
        if (cost[r] > s->res[seat][r])
            return 0;
    return 1;
}

/* Resolves order i of `seat`; `record`: append what it changed to the
 * report's change list (gg_resolve), or not (gg_resolve_lookahead). */
static void resolve_order(gg_state *s, int seat, int i, int record)
{
    const gg_order *o = &s->orders[seat].o[i];
    const gg_action_def *a = &gg__actions[o->action];
    uint8_t *out = &s->report.outcome[seat][i];
    if (seat < GG_POWERS && (a->flags & GG_AF_CONSENT) && !gg__has_consent(s, seat, o->action)) {
        *out = GG_OUT_NO_CONSENT;
        return;
    }
    int cost[GG_RES_KINDS];
    gg_order_cost(s, seat, o, cost);
    if (!gg__cond_holds(s, &a->requires) || !can_pay(s, seat, cost) ||
        gg_escalation_check(s, seat, o->action) != 0 ||
        (a->target == GG_TGT_PROJECT && s->project[o->target].owner != GG_NONE)) {
        *out = GG_OUT_FAILED;
        return;
    }
    gg__board before;
    if (record)
        gg__board_snap(s, &before);
    for (int r = 0; r < GG_RES_KINDS; r++)
        gg__add_res(s, seat, r, -cost[r]);
    *out = GG_OUT_DONE;
    uint8_t broken = (uint8_t)(a->tags & gg__pledged_tags(s, seat));
    if (broken) { /* only reachable in non-binding games: validation stops it otherwise */
        *out = GG_OUT_BREACH;
        gg__deals_pledge_breach(s, seat, broken);
    }
    int target = o->target;
    if (a->target == GG_TGT_SEAT)
        target |= o->arg << 8;
    gg__apply_effects(s, a->effects, GG_MAX_EFFECTS, seat, target);
    if (a->target == GG_TGT_PROJECT)
        s->project[o->target].partner = (uint8_t)gg__joint_partner(s, o->target);
    if (record)
        gg__record_changes(s, seat, i, &before);
}

/* End-of-resolution track changes (GAME_DESIGN.md §3.5 "then tracks"). */
static void tracks_step(gg_state *s)
{
    for (int p = 0; p < GG_PROJECTS; p++) {
        gg_project_state *ps = &s->project[p];
        if (ps->owner == GG_NONE || ps->done)
            continue;
        if (++ps->progress >= gg__projects[p].turns) {
            ps->done = 1;
            gg__apply_effects(s, gg__projects[p].on_done, GG_MAX_EFFECTS, ps->owner, p);
            if (ps->partner < GG_POWERS)
                gg__add_influence(s, ps->partner, GG_ECONOMY, 1);
        }
    }
    if (s->track[GG_DEBT] >= GG_DEBT_SINOPHOBIA)
        gg__add_track(s, GG_SINOPHOBIA, 1);
    if (s->track[GG_SINOPHOBIA] >= GG_SINOPHOBIA_BACKLASH)
        gg__add_influence(s, GG_CHINA, GG_PUBLIC, -1);
    if (s->track[GG_STABILITY] <= GG_FLIGHT_STABILITY)
        gg__add_res(s, GG_KAZAKHSTAN, GG_MONEY, -1);
    if (s->global[GG_ESCALATION] < GG_TRACK_MAX)
        gg__add_global(s, GG_ESCALATION, -GG_COOLING, GG_NONE);

    memset(s->consent_all, 0, sizeof s->consent_all);
    memset(s->consent_action, 0, sizeof s->consent_action);
    memset(s->consent_fee, 0, sizeof s->consent_fee);
    for (int seat = 0; seat < GG_SEATS; seat++)
        for (int t = 0; t < GG_TAGS; t++)
            if (s->pledge[seat][t])
                s->pledge[seat][t]--;
    gg__deals_end_turn(s);
    for (int a = 0; a < GG_ACCORDS; a++)
        if (s->accord_turns[a])
            s->accord_turns[a]--;
}

/* The seat blamed for this year's raises of escalation: the one whose
 * orders raised it by the most points, whatever the seat order within a
 * step (exercises in the security step resolve one after another but are
 * one year's moves); GG_NONE when no order raised it or when two or more
 * seats raised it equally (no single seat to blame). */
static int blame_for_raises(const int raised[GG_SEATS])
{
    int best = GG_NONE, top = 0, tie = 0;
    for (int seat = 0; seat < GG_SEATS; seat++) {
        if (raised[seat] > top) {
            top = raised[seat];
            best = seat;
            tie = 0;
        } else if (raised[seat] == top && top > 0) {
            tie = 1;
        }
    }
    return tie ? GG_NONE : best;
}

/* The brink's seeded roll (GG_RISK_FROM): 1 when an order raised
 * escalation this year (`raised_any`) and the level the orders left (before
 * it cools) ends the game. Draws from the event stream only then, so games
 * where no move raises it to GG_RISK_FROM are unchanged. */
static int brink_crisis(gg_state *s, int raised_any)
{
    int esc = s->global[GG_ESCALATION];
    if (esc < GG_RISK_FROM || !raised_any)
        return 0;
    uint32_t chance = (uint32_t)((esc - GG_RISK_FROM + 1) * GG_RISK_STEP);
    return gg_pcg32_below(&s->rng_events, 100) < chance;
}

/* The Resolution step and what follows it (gg_resolve); `record`: whether
 * the report's change list is recorded (0: gg_resolve_lookahead). */
static int resolve(gg_state *s, int record)
{
    if (s->phase == GG_PHASE_OVER)
        return GG_EGAME_OVER;
    if (s->phase != GG_PHASE_ORDERS)
        return GG_EWRONG_PHASE;
    memset(s->report.outcome, 0, sizeof s->report.outcome);
    if (record)
        memset(s->report.changes, 0, sizeof s->report.changes);
    s->report.nchanges = 0;
    s->report.changes_lost = 0;
    s->report.resolved = s->turn;
    s->report.crisis = 0;
    s->report.breaches = 0;
    s->report.response = 0;
    s->raised_by = GG_NONE;

    gg__deals_resolve_transfers(s);
    settle_project_bids(s);
    /* The orders step by step, each step's in seat order and then order
     * index: listed once, bucketed by step (an order's outcome is its own:
     * only the bids above and its own resolution set it). */
    uint8_t queue[GG_STEPS][GG_SEATS * GG_MAX_ORDERS];
    int queued[GG_STEPS] = {0};
    for (int seat = 0; seat < GG_SEATS; seat++)
        for (int i = 0; i < s->orders[seat].count && i < GG_MAX_ORDERS; i++) {
            int step = gg__actions[s->orders[seat].o[i].action].step;
            if (step < GG_STEPS)
                queue[step][queued[step]++] = (uint8_t)(seat * GG_MAX_ORDERS + i);
        }
    int raised[GG_SEATS] = {0}, raised_any = 0;
    for (int step = 0; step < GG_STEPS; step++)
        for (int k = 0; k < queued[step]; k++) {
            int seat = queue[step][k] / GG_MAX_ORDERS, i = queue[step][k] % GG_MAX_ORDERS;
            if (s->report.outcome[seat][i] != GG_OUT_NONE)
                continue;
            int before = s->global[GG_ESCALATION];
            resolve_order(s, seat, i, record);
            if (s->global[GG_ESCALATION] > before) {
                raised[seat] += s->global[GG_ESCALATION] - before;
                raised_any = 1;
            }
        }
    s->raised_by = (uint8_t)blame_for_raises(raised);
    memcpy(s->report.orders, s->orders, sizeof s->orders);
    if (record)
        gg__sort_changes(&s->report);
    int brink = brink_crisis(s, raised_any);
    tracks_step(s);

    if (s->global[GG_ESCALATION] >= GG_TRACK_MAX)
        s->end_reason = GG_END_ESCALATION;
    else if (s->track[GG_SOVEREIGNTY] == 0)
        s->end_reason = GG_END_SOVEREIGNTY;
    else if (brink) {
        s->end_reason = GG_END_ESCALATION;
        s->tipped_by = s->raised_by;
    }
    if (s->end_reason == GG_END_NONE &&
        (s->crisis_pending || s->track[GG_STABILITY] <= GG_UNREST_STABILITY)) {
        s->report.crisis = 1;
        s->phase = GG_PHASE_CRISIS;
        gg__refresh_standing(s);
        return 0;
    }
    gg__finish_turn(s);
    return 0;
}

int gg_resolve(gg_state *s)
{
    return resolve(s, 1);
}

int gg_resolve_lookahead(gg_state *s)
{
    return resolve(s, 0);
}

int gg_check_response(const gg_state *s, int response)
{
    if (s->phase != GG_PHASE_CRISIS)
        return GG_ENOT_IN_CRISIS;
    const gg_response_def *r = gg_response_def_get(response);
    if (!r)
        return GG_EBAD_TARGET;
    return gg__cond_holds(s, &r->requires) ? 0 : GG_EPRECONDITION;
}

int gg_crisis_react(gg_state *s, int response)
{
    int err = gg_check_response(s, response);
    if (err)
        return err;
    gg__apply_effects(s, gg__responses[response].effects, GG_MAX_EFFECTS, GG_KAZAKHSTAN, 0);
    s->report.response = (uint8_t)response;
    s->crisis_pending = 0;
    if (s->track[GG_SOVEREIGNTY] == 0)
        s->end_reason = GG_END_SOVEREIGNTY;
    gg__finish_turn(s);
    return 0;
}

/* ---- Scoring and the next turn ------------------------------------- */

static void score(gg_state *s)
{
    int16_t vp[GG_SEATS];
    gg_score_now(s, vp);
    for (int seat = 0; seat < GG_SEATS; seat++) {
        s->vp[seat] = (int16_t)(s->vp[seat] + vp[seat]);
        s->vp_last[seat] = vp[seat];
    }
}

static void end_game(gg_state *s)
{
    score(s);
    /* Equal relative scores are settled by a seeded draw (a permutation,
     * so no two seats tie again). */
    uint8_t order[GG_SEATS] = {0, 1, 2, 3};
    for (int i = GG_SEATS - 1; i > 0; i--) {
        int j = (int)gg_pcg32_below(&s->rng_ties, (uint32_t)(i + 1));
        uint8_t t = order[i];
        order[i] = order[j];
        order[j] = t;
    }
    for (int i = 0; i < GG_SEATS; i++)
        s->tiebreak[order[i]] = (uint8_t)i;
    if (s->end_reason == GG_END_ESCALATION)
        for (int seat = 0; seat < GG_SEATS; seat++)
            s->vp[seat] =
                (int16_t)(seat == s->tipped_by ? 0
                                               : s->vp[seat] - s->vp[seat] / GG_ESCALATION_SHARE);
    s->phase = GG_PHASE_OVER;
}

/* done_last <- the orders of the turn just resolved that were carried out. */
static void remember_done(gg_state *s)
{
    memset(s->done_last, 0, sizeof s->done_last);
    for (int seat = 0; seat < GG_SEATS; seat++)
        for (int i = 0; i < s->report.orders[seat].count && i < GG_MAX_ORDERS; i++) {
            int out = s->report.outcome[seat][i], a = s->report.orders[seat].o[i].action;
            if ((out == GG_OUT_DONE || out == GG_OUT_BREACH) && a < GG_ACTIONS)
                s->done_last[seat][a / 8] = (uint8_t)(s->done_last[seat][a / 8] | 1 << (a % 8));
        }
}

void gg__finish_turn(gg_state *s)
{
    if (s->end_reason == GG_END_NONE && s->turn >= s->last_turn)
        s->end_reason = GG_END_LAST_TURN;
    if (s->end_reason != GG_END_NONE) {
        end_game(s);
        gg__refresh_standing(s);
        return;
    }
    if (s->turn % GG_SCORING_EVERY == 0)
        score(s);
    remember_done(s);
    s->turn++;
    s->year++;
    memset(s->orders, 0, sizeof s->orders);
    s->submitted = 0;
    s->phase = GG_PHASE_DIPLOMACY;
    gg__news_and_income(s);
    gg__refresh_standing(s);
    gg__bank_pace(s); /* the year's start, as the strip shows it */
}

int gg_inject_event(gg_state *s, int event)
{
    if (event < 0 || event >= gg__event_count)
        return GG_EBAD_EVENT;
    if (s->phase == GG_PHASE_OVER)
        return GG_EGAME_OVER;
    if (s->phase != GG_PHASE_DIPLOMACY && s->phase != GG_PHASE_ORDERS)
        return GG_EWRONG_PHASE;
    if (s->report.nnews >= GG_MAX_NEWS)
        return GG_EBAD_EVENT;
    fire_event(s, event, out_of_year(&gg__events[event], s->year));
    gg__refresh_standing(s);
    return 0;
}

int gg_end_game(gg_state *s)
{
    if (s->phase == GG_PHASE_OVER)
        return GG_EGAME_OVER;
    s->end_reason = GG_END_MODERATOR;
    /* The result is the running score as the class saw it when the
     * moderator ended the game: the VP it banks now against the par so far
     * (gg_par_so_far), not the whole game's par, which a game ended early
     * cannot have reached and which would rank seats by the size of their
     * pars. */
    memcpy(s->par, s->par_now, sizeof s->par);
    end_game(s);
    gg__refresh_standing(s);
    return 0;
}
