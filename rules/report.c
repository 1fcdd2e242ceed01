/* report.c — what each order changed (the turn report's change list):
 * a snapshot of the board before an order resolves, compared with the
 * board after it. */
#include <string.h>

#include "internal.h"

static void push(gg_state *s, int slot, int kind, int a, int b, int delta)
{
    gg_report *r = &s->report;
    if (delta == 0)
        return;
    if (r->nchanges >= GG_MAX_CHANGES) {
        if (r->changes_lost < 255)
            r->changes_lost++;
        return;
    }
    gg_change *c = &r->changes[r->nchanges++];
    c->order = (uint8_t)slot;
    c->kind = (uint8_t)kind;
    c->what = (uint8_t)((a << 4) | b);
    c->delta = (int8_t)(delta > 127 ? 127 : (delta < -128 ? -128 : delta));
}

void gg__board_snap(const gg_state *s, gg__board *b)
{
    memcpy(b->influence, s->influence, sizeof b->influence);
    memcpy(b->res, s->res, sizeof b->res);
    memcpy(b->track, s->track, sizeof b->track);
    memcpy(b->global, s->global, sizeof b->global);
    memcpy(b->route, s->route, sizeof b->route);
    memcpy(b->route_closed, s->route_closed, sizeof b->route_closed);
    b->institutions = s->institutions;
    b->eaeu_level = s->eaeu_level;
    b->gratitude = s->gratitude;
    memcpy(b->accord_turns, s->accord_turns, sizeof b->accord_turns);
    for (int p = 0; p < GG_PROJECTS; p++)
        b->project_owner[p] = s->project[p].owner;
    memcpy(b->consent_all, s->consent_all, sizeof b->consent_all);
}

void gg__record_changes(gg_state *s, int seat, int index, const gg__board *b)
{
    int slot = seat * GG_MAX_ORDERS + index;
    /* the acting seat's own resources first (its cost), then the rest */
    for (int k = 0; k < GG_SEATS; k++) {
        int q = (seat + k) % GG_SEATS;
        for (int r = 0; r < GG_RES_KINDS; r++)
            push(s, slot, GG_CHG_RESOURCE, q, r, s->res[q][r] - b->res[q][r]);
    }
    for (int p = 0; p < GG_POWERS; p++)
        for (int d = 0; d < GG_DOMAINS; d++)
            push(s, slot, GG_CHG_INFLUENCE, p, d, s->influence[p][d] - b->influence[p][d]);
    for (int t = 0; t < GG_TRACKS; t++)
        push(s, slot, GG_CHG_TRACK, t, 0, s->track[t] - b->track[t]);
    for (int g = 0; g < GG_GLOBALS; g++)
        push(s, slot, GG_CHG_GLOBAL, g, 0, s->global[g] - b->global[g]);
    for (int r = 0; r < GG_ROUTES; r++) {
        push(s, slot, GG_CHG_ROUTE, r, 0, s->route[r] - b->route[r]);
        push(s, slot, GG_CHG_ROUTE_SHUT, r, 0, s->route_closed[r] - b->route_closed[r]);
    }
    for (int i = 0; i < 8; i++)
        push(s, slot, GG_CHG_INSTITUTION, i, 0,
             ((s->institutions >> i) & 1) - ((b->institutions >> i) & 1));
    push(s, slot, GG_CHG_EAEU, 0, 0, s->eaeu_level - b->eaeu_level);
    for (int p = 0; p < GG_PROJECTS; p++)
        push(s, slot, GG_CHG_PROJECT, p, 0,
             b->project_owner[p] == GG_NONE && s->project[p].owner != GG_NONE);
    push(s, slot, GG_CHG_GRATITUDE, 0, 0, (s->gratitude != 0) - (b->gratitude != 0));
    for (int a = 0; a < GG_ACCORDS; a++)
        push(s, slot, GG_CHG_ACCORD, a, 0, s->accord_turns[a] - b->accord_turns[a]);
    for (int p = 0; p < GG_POWERS; p++)
        push(s, slot, GG_CHG_CONSENT, p, 0, (s->consent_all[p] != 0) - (b->consent_all[p] != 0));
}

void gg__sort_changes(gg_report *r)
{
    for (int i = 1; i < r->nchanges; i++) { /* insertion sort: stable, at most 96 */
        gg_change c = r->changes[i];
        int j = i;
        for (; j > 0 && r->changes[j - 1].order > c.order; j--)
            r->changes[j] = r->changes[j - 1];
        r->changes[j] = c;
    }
}

void gg__hide_changes(gg_report *r, int viewer)
{
    int n = 0;
    for (int i = 0; i < r->nchanges; i++) {
        const gg_change *c = &r->changes[i];
        if (c->kind == GG_CHG_RESOURCE && (c->what >> 4) != viewer)
            continue;
        r->changes[n++] = *c;
    }
    memset(&r->changes[n], 0, sizeof r->changes[0] * (size_t)(r->nchanges - n));
    r->nchanges = (uint8_t)n;
}
