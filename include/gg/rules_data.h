/* rules_data.h — the rules engine's catalogue as read-only data tables, and
 * the evidence behind them (library gg_rules). Part of the rules API:
 * include "gg/rules.h", which includes this after the types it uses; it is
 * not meant to be included on its own. */
#ifndef GG_RULES_DATA_H
#define GG_RULES_DATA_H

#ifndef GG_RULES_H
#error "include gg/rules.h, not gg/rules_data.h"
#endif

/* ---- Catalogue data (read-only tables) ----------------------------- */

/* A condition used by effects, preconditions and cost discounts. */
enum gg_cond_kind {
    GG_IF_ALWAYS = 0,
    GG_IF_ACCORD,      /* a = accord in force */
    GG_IF_NOT_ACCORD,  /* a = accord not in force */
    GG_IF_TRACK_GE,    /* track a >= b */
    GG_IF_TRACK_LE,    /* track a <= b */
    GG_IF_GLOBAL_GE,   /* global a >= b */
    GG_IF_GLOBAL_LE,   /* global a <= b */
    GG_IF_INFL_GE,     /* influence of power a>>4 in domain a&15 >= b */
    GG_IF_INSTITUTION, /* institutions & a */
    GG_IF_NOT_INSTITUTION,
    GG_IF_NO_HEGEMON,   /* no power leads three or more domains */
    GG_IF_ASYM_GE,      /* asymmetry >= a */
    GG_IF_GRATITUDE,    /* Russia holds the gratitude token */
    GG_IF_EAEU_LT,      /* eaeu_level < a */
    GG_IF_ORDERED,      /* seat a also ordered action b this turn (joint moves) */
    GG_IF_NOT_ORDERED,  /* seat a did not order action b this turn */
    GG_IF_ROUTE_GE,     /* route a >= b */
    GG_IF_RES_GE,       /* seat a>>4 resource a&15 >= b */
    GG_IF_LEADS,        /* power a leads domain b */
    GG_IF_INFL_LE,      /* influence of power a>>4 in domain a&15 <= b */
    GG_IF_DONE_LAST,    /* seat a carried out action b last turn (gg_state.done_last) */
    GG_IF_NOT_DONE_LAST /* seat a did not carry out action b last turn */
};

typedef struct gg_cond {
    uint8_t kind;
    uint8_t a;
    uint8_t b;
} gg_cond;

/* Effect kinds. `who` is a seat, or GG_WHO_SELF / GG_WHO_TARGET /
 * GG_WHO_OTHER_POWERS (the outside powers other than the actor). */
enum gg_effect_kind {
    GG_EFF_NONE = 0,
    GG_EFF_INFLUENCE,     /* who, what = domain */
    GG_EFF_TRACK,         /* what = track */
    GG_EFF_GLOBAL,        /* what = global */
    GG_EFF_RESOURCE,      /* who, what = resource slot */
    GG_EFF_ROUTE,         /* what = route */
    GG_EFF_ROUTE_SHUT,    /* what = route, delta = turns */
    GG_EFF_INSTITUTION,   /* what = institution bit, delta +1 join / -1 leave */
    GG_EFF_EAEU_STEP,     /* delta = steps */
    GG_EFF_START_PROJECT, /* the order's target project starts (owner = actor) */
    GG_EFF_GRATITUDE,     /* delta +1 gives Russia the token, -1 spends it */
    GG_EFF_ACCORD,        /* what = accord, delta = turns */
    GG_EFF_TRANSFER,      /* the order's target/arg: move resources */
    GG_EFF_CONSENT,       /* Kazakhstan consents to the target power this turn */
    GG_EFF_KINDS
};

#define GG_WHO_SELF 0xf0
#define GG_WHO_TARGET 0xf1
#define GG_WHO_OTHER_POWERS 0xf2
#define GG_WHO_KZ GG_KAZAKHSTAN

typedef struct gg_effect {
    uint8_t kind;
    uint8_t who;
    uint8_t what;
    int8_t delta;
    gg_cond when; /* the effect applies only if this holds at resolution */
} gg_effect;

#define GG_MAX_EFFECTS 7

/* Resolution step of an action (GAME_DESIGN.md §3.5 order). */
enum gg_step { GG_STEP_DIPLOMATIC = 0, GG_STEP_ECONOMY, GG_STEP_SECURITY, GG_STEP_SOFT, GG_STEPS };

enum gg_action_flag {
    GG_AF_CONSENT = 1 << 0, /* needs Kazakhstan's consent */
};

typedef struct gg_action_def {
    const char *id;   /* stable wire id, e.g. "bri_project" */
    const char *name; /* display name */
    uint8_t seat;     /* owning seat, or GG_SEATS for "any seat" */
    uint8_t tier;     /* 0 = basic (classroom), 1 = full catalogue */
    uint8_t step;     /* enum gg_step */
    uint8_t target;   /* enum gg_target_kind */
    uint8_t flags;    /* enum gg_action_flag */
    uint8_t tags;     /* enum gg_tag bits (for pledges) */
    int8_t cost[GG_RES_KINDS];
    gg_cond cheaper_if; /* when it holds, cost[discount_res] is lowered by 1 */
    uint8_t discount_res;
    gg_cond requires; /* precondition checked at validation and at resolution */
    gg_effect effects[GG_MAX_EFFECTS];
    const char *text;   /* one sentence for players */
    const char *source; /* "Mo22 L179-L197" style, or "design" */
} gg_action_def;

typedef struct gg_event_def {
    const char *id;
    const char *name;
    uint16_t year;    /* historical year (scripted scenarios fire it then); 0 = what-if only */
    uint8_t eras;     /* decks it is in: bit gg_era_of(year) (1 2013-17, 2 2018-21, 4 2022-) */
    uint8_t crisis;   /* 1: triggers the crisis step regardless of stability */
    gg_cond requires; /* drawn only if it holds (else the next card) */
    gg_effect effects[GG_MAX_EFFECTS];
    const char *text;
    const char *source;
} gg_event_def;

typedef struct gg_project_def {
    const char *id;
    const char *name;
    uint8_t builders; /* seat bit mask that may start it */
    uint8_t turns;    /* turns to build */
    int8_t cost;      /* capital per turn of building, paid at start for all turns */
    gg_effect on_done[GG_MAX_EFFECTS]; /* once, at completion (who SELF = owner) */
    gg_effect yearly[3];               /* every Income step after completion */
    const char *text;
    const char *source;
} gg_project_def;

typedef struct gg_accord_def {
    const char *id;
    const char *name;
    uint8_t parties;  /* seat mask who must be parties */
    uint8_t turns;    /* default duration */
    gg_cond requires; /* must hold when the deal is proposed and accepted */
    gg_effect on_sign[GG_MAX_EFFECTS];
    const char *text;
    const char *source;
} gg_accord_def;

typedef struct gg_response_def {
    const char *id;
    const char *name;
    gg_cond requires;
    gg_effect effects[GG_MAX_EFFECTS];
    const char *text;
    const char *source;
} gg_response_def;

/* A scenario's starting value: kind says which field, a/b index it. */
enum gg_setting_kind {
    GG_SET_INFLUENCE = 0, /* a = power, b = domain */
    GG_SET_RESOURCE,      /* a = seat, b = slot */
    GG_SET_INCOME,        /* a = seat, b = slot: base income per turn */
    GG_SET_TRACK,         /* a = track */
    GG_SET_GLOBAL,        /* a = global */
    GG_SET_ROUTE,         /* a = route */
    GG_SET_INSTITUTIONS,  /* value = bits */
    GG_SET_EAEU_LEVEL,
    GG_SET_PROJECT_DONE, /* a = project, b = owner */
    GG_SET_PAR,          /* a = seat: VP par for the relative ranking */
    GG_SET_END
};

typedef struct gg_setting {
    uint8_t kind, a, b;
    int16_t value;
    const char *source;
} gg_setting;

typedef struct gg_scenario_def {
    const char *id;
    const char *name;
    const char *short_name; /* the name without its length or years: a game
                               shortened by gg_options.turns states its own */
    uint16_t start_year;
    uint8_t turns;
    uint8_t tier;                /* highest action tier allowed */
    uint8_t era;                 /* unused since v4: the deck follows the year (gg_era_of) */
    uint8_t scripted;            /* 1: events fire at their years */
    const gg_setting *settings;  /* base values, terminated by GG_SET_END */
    const gg_setting *overrides; /* applied after settings, or NULL */
    const gg_setting *pars;      /* GG_SET_PAR values for the relative ranking */
    /* The par curve: for each turn (index turn - 1, `turns` rows) and seat,
     * the share of its par, per mille, a seat on course to tie par holds
     * "as if scored now" at the start of the turn (fitted on self-play:
     * rules/catalog_par_curves.c, scripts/fit-par-curves.sh); a shortened
     * game reads the same points and ends on the par for its length
     * (gg_par_so_far). NULL: the par
     * is shared out by scorings. */
    const int16_t (*par_curve)[GG_SEATS];
    const char *text;
    const char *source;
} gg_scenario_def;

/* Table access. Indices are the enum ids; out of range returns NULL. */
const gg_action_def *gg_action_def_get(int action);
const gg_event_def *gg_event_def_get(int event);
int gg_event_count(void);
const gg_project_def *gg_project_def_get(int project);
const gg_accord_def *gg_accord_def_get(int accord);
const gg_response_def *gg_response_def_get(int response);
const gg_scenario_def *gg_scenario_def_get(int scenario);
int gg_scenario_count(void);

/* Lookups by string id; return the index or a negative error
 * (GG_EUNKNOWN_ACTION, GG_EBAD_SCENARIO, GG_EBAD_EVENT, GG_EBAD_TARGET). */
int gg_action_find(const char *id);
int gg_scenario_find(const char *id);
int gg_event_find(const char *id);
int gg_project_find(const char *id);
int gg_accord_find(const char *id);
int gg_response_find(const char *id);

/* The carry-over cap of resource `slot` of `seat`: GG_KZ_BUDGET_CAP for
 * Kazakhstan's budget, GG_RES_CAP otherwise. */
static inline int gg_res_cap(int seat, int slot)
{
    return seat == GG_KAZAKHSTAN && slot == GG_MONEY ? GG_KZ_BUDGET_CAP : GG_RES_CAP;
}

/* Names for display and the wire. Never NULL. */
const char *gg_seat_name(int seat);     /* "china", "russia", "west", "kazakhstan" */
const char *gg_domain_name(int domain); /* "economy", ... */
const char *gg_res_name(int seat,
                        int slot); /* "capital"/"budget", "force", "prestige"/"legitimacy" */
const char *gg_track_name(int track);
const char *gg_global_name(int global);
const char *gg_route_name(int route);
const char *gg_phase_name(int phase);
const char *gg_tag_name(int tag_bit_index);
const char *gg_end_reason_name(int reason);
const char *gg_deal_status_name(int status);
const char *gg_clause_kind_name(int kind);
const char *gg_outcome_name(int outcome);
const char *gg_change_kind_name(int kind); /* "influence", "resource", "track", ... */
int gg_seat_find(const char *name);        /* index or GG_EBAD_SEAT */

/* ---- Evidence: the papers and verbatim quotes (rules/quotes.c) --------- */

/* One of the five papers the rules cite, by its key ("M17", "SO24",
 * "Mo22", "D18", "HB20"); `file` is its name in ../shared/seeds/. */
typedef struct gg_paper {
    const char *key;
    const char *title;
    const char *file;
} gg_paper;

/* A verbatim quote (<= 200 characters) from line `line` of a paper. */
typedef struct gg_quote {
    const char *paper; /* paper key */
    uint16_t line;
    const char *text;
} gg_quote;

/* One citation in a source string: paper key and lines first..last. */
typedef struct gg_cite {
    const char *paper;
    uint16_t line, last;
} gg_cite;

int gg_paper_count(void);
const gg_paper *gg_paper_get(int i); /* NULL out of range */
int gg_quote_count(void);
const gg_quote *gg_quote_get(int i); /* NULL out of range */
/* The quote from `line` of `paper`, or NULL. */
const gg_quote *gg_quote_find(const char *paper, int line);

/* Parses a source string ("Mo22 L179-L197; M17 L663, L725 (note); design")
 * into its citations: writes up to `cap` into out[] and returns how many
 * there are (parts that name no paper, like "design", give none). */
int gg_source_cites(const char *source, gg_cite *out, int cap);

/* The quote of the first cited line of `source` that has one, or NULL. */
const gg_quote *gg_source_quote(const char *source);

#endif /* GG_RULES_DATA_H */
