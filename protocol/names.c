/* protocol/names.c — the wire names: thin wrappers over the rules
 * catalogue (so every name has one source) plus the protocol's own enums. */
#include "internal.h"

#define COUNT(a) ((int)(sizeof(a) / sizeof((a)[0])))

static const char *pick(const char *const *names, int n, int i)
{
    return (i >= 0 && i < n) ? names[i] : "?";
}

const char *gg_chan_name(int chan)
{
    static const char *const n[GG_CHANS] = {"public", "private", "team"};
    return pick(n, COUNT(n), chan);
}

const char *gg_role_name(int role)
{
    static const char *const n[GG_ROLES] = {"player", "observer", "moderator"};
    return pick(n, COUNT(n), role);
}

const char *gg_missed_name(int missed)
{
    static const char *const n[GG_MISSES] = {"hold", "repeat", "bot"};
    return pick(n, COUNT(n), missed);
}

const char *gg_who_name(int who)
{
    if (who >= 0 && who < GG_SEATS)
        return gg_seat_name(who);
    if (who == GG_VIEW_OBSERVER)
        return "observer";
    if (who == GG_VIEW_MODERATOR)
        return "moderator";
    return "?";
}

const char *gg_institution_name(int bit_index)
{
    static const char *const n[] = {"eaeu", "csto", "sco", "bri", "eu_strategy"};
    return pick(n, COUNT(n), bit_index);
}

const char *gg_asymmetry_name(int asym)
{
    static const char *const n[] = {"balanced", "junior", "subordinate"};
    return pick(n, COUNT(n), asym);
}

const char *gg__seat_name(int i)
{
    return i >= 0 && i < GG_SEATS ? gg_seat_name(i) : "?";
}

const char *gg__power_name(int i)
{
    return i >= 0 && i < GG_POWERS ? gg_seat_name(i) : "?";
}

const char *gg__event_name(int i)
{
    const gg_event_def *d = gg_event_def_get(i);
    return d && d->id ? d->id : "?";
}

int gg__nevents(void)
{
    int n = gg_event_count();
    return n < 0 ? 0 : (n > 255 ? 255 : n);
}

const char *gg__action_name(int i)
{
    static const char *const n[GG_ACTIONS] = {
#define GG__N(e, s) s,
        GG_ACTION_LIST(GG__N)
#undef GG__N
    };
    return pick(n, COUNT(n), i);
}

const char *gg__project_name(int i)
{
    static const char *const n[GG_PROJECTS] = {
#define GG__N(e, s) s,
        GG_PROJECT_LIST(GG__N)
#undef GG__N
    };
    return pick(n, COUNT(n), i);
}

const char *gg__accord_name(int i)
{
    static const char *const n[GG_ACCORDS] = {
#define GG__N(e, s) s,
        GG_ACCORD_LIST(GG__N)
#undef GG__N
    };
    return pick(n, COUNT(n), i);
}

const char *gg__response_name(int i)
{
    static const char *const n[GG_RESPONSES] = {
#define GG__N(e, s) s,
        GG_RESPONSE_LIST(GG__N)
#undef GG__N
    };
    return pick(n, COUNT(n), i);
}

const char *gg__track_name(int i)
{
    return gg_track_name(i);
}

const char *gg__global_name(int i)
{
    return gg_global_name(i);
}

const char *gg__domain_name(int i)
{
    return gg_domain_name(i);
}

const char *gg__route_name(int i)
{
    return gg_route_name(i);
}

const char *gg__tag_name(int i)
{
    return gg_tag_name(i);
}

const char *gg__phase_name(int i)
{
    return i >= 0 && i <= GG_PHASE_OVER ? gg_phase_name(i) : "?";
}

const char *gg__endreason_name(int i)
{
    return i >= 0 && i <= GG_END_MODERATOR ? gg_end_reason_name(i) : "?";
}

const char *gg__tiebreak_name(int i)
{
    const gg_tiebreak_def *d = gg_tiebreak_def_get(i);
    return d && d->id ? d->id : "?";
}

const char *gg__deal_status_name(int i)
{
    return i >= 0 && i <= GG_DEAL_BREACHED ? gg_deal_status_name(i) : "?";
}

const char *gg__clause_kind_name(int i)
{
    return i >= 0 && i < GG_CLAUSE_KINDS ? gg_clause_kind_name(i) : "?";
}

const char *gg__outcome_name(int i)
{
    return i >= 0 && i <= GG_OUT_BREACH ? gg_outcome_name(i) : "?";
}

int gg__res_find(const char *s, uint32_t len)
{
    if (gg__streq(s, len, "capital") || gg__streq(s, len, "budget"))
        return GG_MONEY;
    if (gg__streq(s, len, "force"))
        return GG_FORCE;
    if (gg__streq(s, len, "prestige") || gg__streq(s, len, "legitimacy"))
        return GG_POLITICS;
    return -1;
}
