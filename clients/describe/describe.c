/* describe.c — one-line text for orders and deal clauses. */
#include "describe.h"

#include <stdio.h>
#include <string.h>

static const char *action_id(int a)
{
    const gg_action_def *d = gg_action_def_get(a);
    return d ? d->id : "?";
}

static const char *project_id(int p)
{
    const gg_project_def *d = gg_project_def_get(p);
    return d ? d->id : "?";
}

void gg_describe_clause(const gg_clause *cl, char *out, size_t cap)
{
    switch (cl->kind) {
    case GG_CLAUSE_TRANSFER:
        snprintf(out, cap, "transfer %s->%s %d %s", gg_seat_name(cl->a), gg_seat_name(cl->b),
                 cl->amount, gg_res_name(cl->a, cl->c));
        break;
    case GG_CLAUSE_CONSENT:
        snprintf(out, cap, "consent %s %s fee %d", gg_seat_name(cl->a),
                 cl->c == GG_CONSENT_ANY ? "any" : action_id(cl->c), cl->amount);
        break;
    case GG_CLAUSE_JOINT:
        snprintf(out, cap, "joint %s partner %s share %d", project_id(cl->a), gg_seat_name(cl->b),
                 cl->amount);
        break;
    case GG_CLAUSE_PLEDGE: {
        char tags[96] = "";
        for (int t = 0; t < GG_TAGS; t++)
            if ((cl->c >> t) & 1) {
                strncat(tags, tags[0] ? "," : "", sizeof tags - strlen(tags) - 1);
                strncat(tags, gg_tag_name(t), sizeof tags - strlen(tags) - 1);
            }
        snprintf(out, cap, "pledge %s no %s for %d turns", gg_seat_name(cl->a), tags, cl->turns);
        break;
    }
    case GG_CLAUSE_ACCORD: {
        const gg_accord_def *d = gg_accord_def_get(cl->c);
        snprintf(out, cap, "accord %s%s", d ? d->id : "?", cl->turns ? " (turns set)" : "");
        break;
    }
    default:
        snprintf(out, cap, "?");
    }
}

void gg_describe_order(int seat, const gg_order *o, char *out, size_t cap)
{
    const gg_action_def *d = gg_action_def_get(o->action);
    if (!d) {
        snprintf(out, cap, "?");
        return;
    }
    switch (d->target) {
    case GG_TGT_PROJECT:
        snprintf(out, cap, "%s %s", d->id, project_id(o->target));
        break;
    case GG_TGT_POWER:
        snprintf(out, cap, "%s %s", d->id, gg_seat_name(o->target));
        break;
    case GG_TGT_SEAT:
        snprintf(out, cap, "%s %s %d %s", d->id, gg_seat_name(o->target), o->arg >> 2,
                 gg_res_name(seat, o->arg & 3));
        break;
    default:
        snprintf(out, cap, "%s", d->id);
    }
}
