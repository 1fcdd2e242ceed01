/* names.c — display and wire names of seats, domains, tracks, phases and
 * the lookups from names back to ids. */
#include <string.h>

#include "gg/rules.h"

#define GG__COUNT(a) ((int)(sizeof(a) / sizeof((a)[0])))

static const char *const seat_names[GG_SEATS] = {"china", "russia", "west", "kazakhstan"};
static const char *const domain_names[GG_DOMAINS] = {"economy", "security", "public", "elite"};
static const char *const track_names[GG_TRACKS] = {"stability", "sovereignty", "sinophobia",
                                                   "reform",    "development", "debt"};
static const char *const global_names[GG_GLOBALS] = {"escalation", "trust", "sanctions",
                                                     "oil_price"};
static const char *const route_names[GG_ROUTES] = {"north", "east", "caspian"};
static const char *const phase_names[] = {"diplomacy", "orders", "crisis", "over"};
static const char *const tag_names[GG_TAGS] = {"security-in-kz", "economy-in-kz", "soft-power",
                                               "coercion", "energy"};
static const char *const end_names[] = {"none", "last_turn", "escalation", "sovereignty",
                                        "moderator"};
static const char *const deal_names[] = {"free",    "open",      "accepted", "rejected",
                                         "expired", "fulfilled", "breached"};
static const char *const clause_names[GG_CLAUSE_KINDS] = {"transfer", "consent", "joint", "pledge",
                                                          "accord"};
static const char *const outcome_names[] = {"none",     "done",   "no_consent",
                                            "lost_bid", "failed", "breach"};

static const char *const change_names[GG_CHG_KINDS] = {
    "influence",   "resource", "track",   "global",    "route",  "route_shut",
    "institution", "eaeu",     "project", "gratitude", "accord", "consent"};

static const char *pick(const char *const *names, int n, int i)
{
    return (i >= 0 && i < n) ? names[i] : "?";
}

const char *gg_seat_name(int seat)
{
    return pick(seat_names, GG__COUNT(seat_names), seat);
}

const char *gg_domain_name(int domain)
{
    return pick(domain_names, GG__COUNT(domain_names), domain);
}

const char *gg_res_name(int seat, int slot)
{
    static const char *const power[GG_RES_KINDS] = {"capital", "force", "prestige"};
    static const char *const kz[GG_RES_KINDS] = {"budget", "force", "legitimacy"};
    return pick(seat == GG_KAZAKHSTAN ? kz : power, GG_RES_KINDS, slot);
}

const char *gg_track_name(int track)
{
    return pick(track_names, GG__COUNT(track_names), track);
}

const char *gg_global_name(int global)
{
    return pick(global_names, GG__COUNT(global_names), global);
}

const char *gg_route_name(int route)
{
    return pick(route_names, GG__COUNT(route_names), route);
}

const char *gg_phase_name(int phase)
{
    return pick(phase_names, GG__COUNT(phase_names), phase);
}

const char *gg_tag_name(int tag_bit_index)
{
    return pick(tag_names, GG__COUNT(tag_names), tag_bit_index);
}

const char *gg_end_reason_name(int reason)
{
    return pick(end_names, GG__COUNT(end_names), reason);
}

const char *gg_deal_status_name(int status)
{
    return pick(deal_names, GG__COUNT(deal_names), status);
}

const char *gg_clause_kind_name(int kind)
{
    return pick(clause_names, GG__COUNT(clause_names), kind);
}

const char *gg_outcome_name(int outcome)
{
    return pick(outcome_names, GG__COUNT(outcome_names), outcome);
}

const char *gg_change_kind_name(int kind)
{
    return pick(change_names, GG__COUNT(change_names), kind);
}

int gg_seat_find(const char *name)
{
    for (int i = 0; name && i < GG_SEATS; i++)
        if (strcmp(name, seat_names[i]) == 0)
            return i;
    return GG_EBAD_SEAT;
}
