/* effects.c — conditions and effects: the small interpreter that turns the
 * catalogue's data into state changes. All values are clamped to their
 * documented ranges, so no track can overflow. */
#include "internal.h"

void gg__add_track(gg_state *s, int track, int delta)
{
    if (track < 0 || track >= GG_TRACKS)
        return;
    int hi = (track == GG_DEVELOPMENT || track == GG_DEBT) ? GG_MAX_COUNTER : GG_TRACK_MAX;
    s->track[track] = (uint8_t)gg__clamp(s->track[track] + delta, 0, hi);
}

static int global_max(int global)
{
    switch (global) {
    case GG_SANCTIONS:
        return 3;
    case GG_OIL_PRICE:
        return 2;
    default:
        return GG_TRACK_MAX;
    }
}

void gg__add_global(gg_state *s, int global, int delta, int actor)
{
    if (global < 0 || global >= GG_GLOBALS)
        return;
    int before = s->global[global];
    s->global[global] = (uint8_t)gg__clamp(before + delta, 0, global_max(global));
    if (global == GG_ESCALATION && before < GG_TRACK_MAX && s->global[global] >= GG_TRACK_MAX &&
        s->tipped_by == GG_NONE)
        s->tipped_by = (uint8_t)actor;
}

int gg_leader(const gg_state *s, int domain)
{
    if (domain < 0 || domain >= GG_DOMAINS)
        return -1;
    int best = -1, top = -1, tie = 0;
    for (int p = 0; p < GG_POWERS; p++) {
        int v = s->influence[p][domain];
        if (v > top) {
            top = v;
            best = p;
            tie = 0;
        } else if (v == top) {
            tie = 1;
        }
    }
    return tie ? -1 : best;
}

int gg__has_hegemon(const gg_state *s)
{
    int leads[GG_POWERS] = {0};
    for (int d = 0; d < GG_DOMAINS; d++) {
        int l = gg_leader(s, d);
        if (l >= 0)
            leads[l]++;
    }
    for (int p = 0; p < GG_POWERS; p++)
        if (leads[p] >= 3)
            return 1;
    return 0;
}

int gg__ordered(const gg_orders *o, int action)
{
    for (int i = 0; i < o->count && i < GG_MAX_ORDERS; i++)
        if (o->o[i].action == action)
            return 1;
    return 0;
}

int gg__done_last(const gg_state *s, int seat, int action)
{
    if (seat < 0 || seat >= GG_SEATS || action < 0 || action >= GG_ACTIONS)
        return 0;
    return (s->done_last[seat][action / 8] >> (action % 8)) & 1;
}

int gg__cond_eval(const gg_state *s, const gg_cond *c)
{
    switch (c->kind) {
    case GG_IF_ALWAYS:
        return 1;
    case GG_IF_ACCORD:
        return c->a < GG_ACCORDS && s->accord_turns[c->a] > 0;
    case GG_IF_NOT_ACCORD:
        return c->a < GG_ACCORDS && s->accord_turns[c->a] == 0;
    case GG_IF_TRACK_GE:
        return c->a < GG_TRACKS && s->track[c->a] >= c->b;
    case GG_IF_TRACK_LE:
        return c->a < GG_TRACKS && s->track[c->a] <= c->b;
    case GG_IF_GLOBAL_GE:
        return c->a < GG_GLOBALS && s->global[c->a] >= c->b;
    case GG_IF_GLOBAL_LE:
        return c->a < GG_GLOBALS && s->global[c->a] <= c->b;
    case GG_IF_INFL_GE: {
        int p = c->a >> 4, d = c->a & 15;
        return p < GG_POWERS && d < GG_DOMAINS && s->influence[p][d] >= c->b;
    }
    case GG_IF_INFL_LE: {
        int p = c->a >> 4, d = c->a & 15;
        return p < GG_POWERS && d < GG_DOMAINS && s->influence[p][d] <= c->b;
    }
    case GG_IF_INSTITUTION:
        return (s->institutions & c->a) != 0;
    case GG_IF_NOT_INSTITUTION:
        return (s->institutions & c->a) == 0;
    case GG_IF_NO_HEGEMON:
        return !gg__has_hegemon(s);
    case GG_IF_ASYM_GE:
        return s->asymmetry >= c->a;
    case GG_IF_GRATITUDE:
        return s->gratitude != 0;
    case GG_IF_EAEU_LT:
        return s->eaeu_level < c->a;
    case GG_IF_ORDERED:
        return c->a < GG_SEATS && gg__ordered(&s->orders[c->a], c->b);
    case GG_IF_NOT_ORDERED:
        return c->a < GG_SEATS && !gg__ordered(&s->orders[c->a], c->b);
    case GG_IF_DONE_LAST:
        return gg__done_last(s, c->a, c->b);
    case GG_IF_NOT_DONE_LAST:
        return c->a < GG_SEATS && !gg__done_last(s, c->a, c->b);
    case GG_IF_ROUTE_GE:
        return c->a < GG_ROUTES && s->route[c->a] >= c->b;
    case GG_IF_LEADS:
        return c->a < GG_POWERS && gg_leader(s, c->b) == c->a;
    case GG_IF_RES_GE: {
        int seat = c->a >> 4, slot = c->a & 15;
        return seat < GG_SEATS && slot < GG_RES_KINDS && s->res[seat][slot] >= c->b;
    }
    default:
        return 0;
    }
}

/* Resolves an effect's `who` to a seat, or GG_NONE. */
static int who_seat(int who, int actor, int target)
{
    if (who == GG_WHO_SELF)
        return actor;
    if (who == GG_WHO_TARGET)
        return target;
    return who;
}

static void start_project(gg_state *s, int project, int owner)
{
    if (project < 0 || project >= GG_PROJECTS)
        return;
    gg_project_state *p = &s->project[project];
    p->owner = (uint8_t)owner;
    p->progress = 0;
    p->done = 0;
}

/* The receiving side of a transfer order. The giver has already paid the
 * amount as the order's cost (gg_order_cost), checked by validation and
 * again at resolution: taking it here as well charged the giver twice. */
static void transfer(gg_state *s, int from, int to, uint8_t arg)
{
    int slot = arg & 3, amount = arg >> 2;
    if (from < 0 || from >= GG_SEATS || to < 0 || to >= GG_SEATS || to == from ||
        slot >= GG_RES_KINDS)
        return;
    gg__add_res(s, to, slot, amount);
}

void gg__apply_effects(gg_state *s, const gg_effect *e, int n, int actor, int target)
{
    for (int i = 0; i < n && e[i].kind != GG_EFF_NONE; i++) {
        const gg_effect *f = &e[i];
        if (!gg__cond_holds(s, &f->when))
            continue;
        int seat = who_seat(f->who, actor, target);
        switch (f->kind) {
        case GG_EFF_INFLUENCE:
            if (f->who == GG_WHO_OTHER_POWERS) {
                for (int p = 0; p < GG_POWERS; p++)
                    if (p != actor)
                        gg__add_influence(s, p, f->what, f->delta);
            } else {
                gg__add_influence(s, seat, f->what, f->delta);
            }
            break;
        case GG_EFF_TRACK:
            gg__add_track(s, f->what, f->delta);
            break;
        case GG_EFF_GLOBAL:
            gg__add_global(s, f->what, f->delta, actor);
            break;
        case GG_EFF_RESOURCE:
            gg__add_res(s, seat, f->what, f->delta);
            break;
        case GG_EFF_ROUTE:
            if (f->what < GG_ROUTES) {
                int v = s->route[f->what] + f->delta;
                s->route[f->what] = (uint8_t)gg__clamp(v, 0, 30);
            }
            break;
        case GG_EFF_ROUTE_SHUT:
            if (f->what < GG_ROUTES && s->route_closed[f->what] < f->delta)
                s->route_closed[f->what] = (uint8_t)f->delta;
            break;
        case GG_EFF_INSTITUTION:
            if (f->delta > 0)
                s->institutions = (uint8_t)(s->institutions | f->what);
            else
                s->institutions = (uint8_t)(s->institutions & ~f->what);
            break;
        case GG_EFF_EAEU_STEP:
            s->eaeu_level = (uint8_t)gg__clamp(s->eaeu_level + f->delta, 0, 3);
            break;
        case GG_EFF_START_PROJECT:
            start_project(s, target, actor);
            break;
        case GG_EFF_GRATITUDE:
            s->gratitude = (uint8_t)gg__clamp(s->gratitude + f->delta, 0, 1);
            break;
        case GG_EFF_ACCORD:
            if (f->what < GG_ACCORDS && s->accord_turns[f->what] < f->delta)
                s->accord_turns[f->what] = (uint8_t)f->delta;
            break;
        case GG_EFF_TRANSFER:
            /* The order's arg travels in `target`'s high byte: see engine.c. */
            transfer(s, actor, target & 0xff, (uint8_t)(target >> 8));
            break;
        case GG_EFF_CONSENT:
            if (seat >= 0 && seat < GG_POWERS)
                s->consent_all[seat] = 1;
            break;
        default:
            break;
        }
    }
}

int gg__has_consent(const gg_state *s, int power, int action)
{
    if (power < 0 || power >= GG_POWERS)
        return 0;
    return s->consent_all[power] || (s->consent_action[power][action / 8] >> (action % 8)) & 1;
}
