/* history.c — a scripted "historical" line of play through belt-and-road
 * (GAME_DESIGN.md §12): each year, plausible deals and orders per seat as
 * the papers tell them, so the trends of §12 can be read off the result.
 * gg-arena --history prints it; the debrief (gg_debrief_json) sets every
 * game beside it, year by year.
 *
 * The game is binding (the engine pays consent fees) with seed 2013; the
 * drawn event cards come from that seed, everything else is this table. */
#include <stdio.h>
#include <string.h>

#include "gg/game.h"

#define HIST_SEED 2013

/* Each row shows the world at the end of its year: after the year's News,
 * Income, deals, orders, crisis and scoring, before the next year's News. */

/* A scripted consent deal: Kazakhstan lets `power` take `action` this year
 * for `fee` capital. */
typedef struct hist_consent {
    uint16_t year;
    uint8_t power;
    uint8_t action;
    uint8_t fee;
    const char *source;
} hist_consent;

/* A scripted accord between two seats. */
typedef struct hist_accord {
    uint16_t year;
    uint8_t proposer, other;
    uint8_t accord;
    const char *source;
} hist_accord;

/* A scripted order. */
typedef struct hist_order {
    uint16_t year;
    uint8_t seat;
    uint8_t action;
    uint8_t target;
    const char *source;
} hist_order;

#define CN GG_CHINA
#define RU GG_RUSSIA
#define WE GG_WEST
#define KZ GG_KAZAKHSTAN
#define A(x) GG_ACT_##x

static const hist_consent consents[] = {
    {2013, CN, A(CN_BRI_PROJECT), 0, "Mo22 L179-L187 (Khorgos; Astana welcomes the BRI)"},
    {2013, WE, A(WE_ENERGY_INVESTMENT), 0, "SO24 L101 (Western majors in Kashagan)"},
    {2014, CN, A(CN_LOAN), 0, "Mo22 L197 (Chinese loans for infrastructure)"},
    {2015, CN, A(CN_ENERGY_DEAL), 1, "Mo22 L221-L227 (CNPC stakes, pipeline to China)"},
    {2016, CN, A(CN_BRI_PROJECT), 1, "Mo22 L191 (Atyrau petrochemical complex)"},
    {2017, CN, A(CN_LOAN), 0, "Mo22 L197; HB20 L311-L314"},
    {2018, RU, A(RU_EAEU_STEP), 1, "Mo22 L145-L159 (EAEU deepening)"},
    {2019, CN, A(CN_ENERGY_DEAL), 1, "Mo22 L223-L233"},
    {2020, CN, A(CN_BRI_PROJECT), 1, "Mo22 L227; M17 L663 (pipeline capacity east)"},
    {2021, CN, A(CN_SURVEILLANCE), 1, "Mo22 L308, L326 ('safe city' systems)"},
    {2022, WE, A(WE_ENERGY_INVESTMENT), 0, "SO24 L101, L139 (Western firms stay)"},
    {2023, WE, A(WE_CORRIDOR), 0, "HB20 L22-L24; SO24 L139 (Middle Corridor)"},
    {2024, WE, A(WE_ENERGY_INVESTMENT), 0, "SO24 L101"},
};

static const hist_accord accords[] = {
    {2014, CN, RU, GG_ACC_SPHERES, "Mo22 L348-L350; HB20 L144 (the division of labour)"},
    {2018, RU, CN, GG_ACC_ENERGY_CONTRACT, "Mo22 L233 (long-term gas and oil contracts)"},
    {2019, WE, KZ, GG_ACC_REFORM_ENGAGEMENT, "Mo22 L404-L408 (Tokayev's 'listening state')"},
    {2022, CN, RU, GG_ACC_SCO_SUMMIT, "D18 L138 (Samarkand SCO summit, September 2022)"},
};

static const hist_order orders[] = {
    /* 2013: the Belt and Road is announced in Astana. */
    {2013, CN, A(CN_BRI_PROJECT), GG_PRJ_KHORGOS, "Mo22 L187 (Khorgos dry port)"},
    {2013, CN, A(CN_ELITE_FORUM), 0, "Mo22 L125, L388"},
    {2013, RU, A(RU_ARMS_TRANSFER), 0, "Mo22 L265-L269, L300"},
    {2013, RU, A(RU_MEDIA), 0, "SO24 L161-L169"},
    {2013, WE, A(WE_ENERGY_INVESTMENT), 0, "SO24 L101"},
    {2013, KZ, A(KZ_MULTI_VECTOR), 0, "SO24 L97-L101; Mo22 L107"},
    /* 2014: Crimea. */
    {2014, CN, A(CN_LOAN), 0, "Mo22 L197"},
    {2014, CN, A(CN_CONFUCIUS), 0, "M17 L697"},
    {2014, RU, A(RU_CSTO_EXERCISE), 0, "HB20 L184"},
    {2014, RU, A(RU_MEDIA), 0, "SO24 L151, L161-L169 (Russian media on Crimea)"},
    {2014, WE, A(WE_EDUCATION), 0, "D18 L180-L184"},
    {2014, KZ, A(KZ_MULTI_VECTOR), 0, "SO24 L97-L101"},
    /* 2015: oil crash; the EAEU starts. */
    {2015, CN, A(CN_ENERGY_DEAL), 0, "Mo22 L223-L233"},
    {2015, CN, A(CN_ELITE_FORUM), 0, "Mo22 L416, L422"},
    {2015, RU, A(RU_ARMS_TRANSFER), 0, "Mo22 L265-L269"},
    {2015, RU, A(RU_EDUCATION), 0, "Mo22 L362"},
    {2015, WE, A(WE_CA_STRATEGY), 0, "HB20 L22-L23"},
    {2015, KZ, A(KZ_SUBSIDIES), 0, "Mo22 L314 (price caps kept)"},
    /* 2016: land-code protests. */
    {2016, CN, A(CN_BRI_PROJECT), GG_PRJ_ATYRAU_PETROCHEM, "Mo22 L191"},
    {2016, RU, A(RU_MEDIA), 0, "SO24 L161-L169"},
    {2016, RU, A(RU_CSTO_EXERCISE), 0, "HB20 L184"},
    {2016, WE, A(WE_REFORM_SUPPORT), 0, "Mo22 L404-L408"},
    {2016, KZ, A(KZ_CRACKDOWN), 0, "Mo22 L376, L382-L384 (protest leaders detained)"},
    /* 2017: Latin script decree; Astana declines Syria. */
    {2017, CN, A(CN_LOAN), 0, "Mo22 L197"},
    {2017, CN, A(CN_ELITE_FORUM), 0, "Mo22 L388"},
    {2017, RU, A(RU_ARMS_TRANSFER), 0, "Mo22 L265-L269"},
    {2017, WE, A(WE_EDUCATION), 0, "SO24 L175"},
    {2017, KZ, A(KZ_LANGUAGE), 0, "SO24 L175 (Latin alphabet decree, 2017)"},
    /* 2018: Xinjiang revelations; US-China trade war. */
    {2018, CN, A(CN_ELITE_FORUM), 0, "Mo22 L416"},
    {2018, RU, A(RU_EAEU_STEP), 0, "Mo22 L145-L159"},
    {2018, RU, A(RU_MEDIA), 0, "SO24 L161-L169"},
    {2018, WE, A(WE_CA_STRATEGY), 0, "HB20 L22-L23"},
    {2018, KZ, A(KZ_SUBSIDIES), 0, "Mo22 L314"},
    /* 2019: Nazarbayev steps down; the EU's new Central Asia strategy. */
    {2019, CN, A(CN_XINJIANG_EASING), 0, "SO24 L222 (detained Kazakhs released)"},
    {2019, CN, A(CN_ENERGY_DEAL), 0, "Mo22 L223-L233"},
    {2019, RU, A(RU_ARMS_TRANSFER), 0, "Mo22 L265-L269"},
    {2019, RU, A(RU_EDUCATION), 0, "Mo22 L362"},
    {2019, WE, A(WE_CA_STRATEGY), 0, "HB20 L22-L23 (EU Central Asia Strategy 2019)"},
    {2019, KZ, A(KZ_MULTI_VECTOR), 0, "SO24 L97-L101"},
    /* 2020 */
    {2020, CN, A(CN_BRI_PROJECT), GG_PRJ_CHINA_PIPELINE, "Mo22 L227; M17 L663"},
    {2020, RU, A(RU_CSTO_EXERCISE), 0, "HB20 L184"},
    {2020, RU, A(RU_MEDIA), 0, "SO24 L161-L169"},
    {2020, WE, A(WE_REFORM_SUPPORT), 0, "Mo22 L404-L408"},
    {2020, KZ, A(KZ_TURKIC), 0, "Mo22 L412"},
    /* 2021: oil recovers. */
    {2021, CN, A(CN_SURVEILLANCE), 0, "Mo22 L308, L326"},
    {2021, RU, A(RU_ARMS_TRANSFER), 0, "Mo22 L265-L269"},
    {2021, RU, A(RU_EDUCATION), 0, "Mo22 L362"},
    {2021, WE, A(WE_EDUCATION), 0, "D18 L180-L184"},
    {2021, KZ, A(KZ_MULTI_VECTOR), 0, "SO24 L97-L101"},
    /* 2022: January unrest, the invasion, non-recognition, export cuts.
     * Russia's soft power stops: its means go to the war [SO24 L133-L155]. */
    {2022, CN, A(CN_ELITE_FORUM), 0, "Mo22 L416"},
    {2022, RU, A(RU_ARMS_TRANSFER), 0, "Mo22 L316 (CSTO presence after January)"},
    {2022, WE, A(WE_ENERGY_INVESTMENT), 0, "SO24 L101"},
    {2022, WE, A(WE_REFORM_SUPPORT), 0, "Mo22 L404-L408"},
    {2022, KZ, A(KZ_NEW_KAZAKHSTAN), 0, "Mo22 L404 ('New Kazakhstan')"},
    {2022, KZ, A(KZ_REFUSE_DEMAND), 0, "SO24 L133-L135 (no recognition of the 'republics')"},
    /* 2023: Kazakh at Putin's visit; the Middle Corridor. */
    {2023, CN, A(CN_ELITE_FORUM), 0, "Mo22 L388"},
    {2023, RU, A(RU_CSTO_EXERCISE), 0, "HB20 L184"},
    {2023, WE, A(WE_CORRIDOR), GG_PRJ_TRANS_CASPIAN, "HB20 L22-L24; SO24 L139"},
    {2023, KZ, A(KZ_CASPIAN_COFUND), 0, "SO24 L139 (tankers across the Caspian)"},
    {2023, KZ, A(KZ_LANGUAGE), 0, "SO24 L137"},
    /* 2024 */
    {2024, CN, A(CN_ENERGY_DEAL), 0, "Mo22 L223-L233"},
    {2024, RU, A(RU_ARMS_TRANSFER), 0, "Mo22 L265-L269"},
    {2024, WE, A(WE_ENERGY_INVESTMENT), 0, "SO24 L101"},
    {2024, KZ, A(KZ_TURKIC), 0, "Mo22 L412"},
};

/* Crisis answers by year; other crises are handled alone. */
static const struct {
    uint16_t year;
    uint8_t response;
    const char *source;
} crises[] = {
    {2022, GG_RSP_CSTO, "Mo22 L316; SO24 L115 (Tokayev calls in the CSTO, January 2022)"},
};

#define COUNT(a) ((int)(sizeof(a) / sizeof((a)[0])))

static int fail(char *why, size_t n, int err, uint16_t year, int seat, const char *what,
                const char *id)
{
    if (why && n)
        snprintf(why, n, "%u %s %s %s", year, gg_seat_name(seat), what, id);
    return err;
}

static void record(const gg_state *s, uint16_t year, gg_history_row *r)
{
    memset(r, 0, sizeof *r);
    r->year = year;
    memcpy(r->track, s->track, sizeof r->track);
    memcpy(r->global, s->global, sizeof r->global);
    memcpy(r->influence, s->influence, sizeof r->influence);
    memcpy(r->route, s->route, sizeof r->route);
    for (int d = 0; d < GG_DOMAINS; d++) {
        int best = -1, top = -1, tie = 0;
        for (int p = 0; p < GG_POWERS; p++) {
            if (s->influence[p][d] > top) {
                top = s->influence[p][d];
                best = p;
                tie = 0;
            } else if (s->influence[p][d] == top) {
                tie = 1;
            }
        }
        r->leader[d] = (int8_t)(tie ? -1 : best);
    }
    memcpy(r->vp, s->vp, sizeof r->vp);
}

int gg_history_run(gg_history_row *rows, int cap, char *why, size_t whyn)
{
    gg_state s;
    gg_options opt = {.binding = 1};
    int err = gg_init(&s, gg_scenario_find("belt-and-road"), HIST_SEED, &opt);
    if (err)
        return fail(why, whyn, err, 2013, 0, "init", "");
    int n = 0;
    while (s.phase != GG_PHASE_OVER && n < cap) {
        uint16_t year = s.year;
        uint8_t nnews = s.report.nnews, news[GG_MAX_NEWS];
        memcpy(news, s.report.news, sizeof news);
        for (int i = 0; i < COUNT(consents); i++) {
            const hist_consent *c = &consents[i];
            if (c->year != year)
                continue;
            gg_clause cl = {
                .kind = GG_CLAUSE_CONSENT, .a = c->power, .c = c->action, .amount = c->fee};
            uint16_t id;
            err = gg_propose(&s, c->power, 1u << KZ, &cl, 1, &id);
            if (!err)
                err = gg_respond(&s, KZ, id, 1);
            if (err)
                return fail(why, whyn, err, year, c->power, "consent deal for",
                            gg_action_def_get(c->action)->id);
        }
        for (int i = 0; i < COUNT(accords); i++) {
            const hist_accord *a = &accords[i];
            if (a->year != year)
                continue;
            gg_clause cl = {.kind = GG_CLAUSE_ACCORD, .c = a->accord};
            uint16_t id;
            err = gg_propose(&s, a->proposer, (uint8_t)(1u << a->other), &cl, 1, &id);
            if (!err)
                err = gg_respond(&s, a->other, id, 1);
            if (err)
                return fail(why, whyn, err, year, a->proposer, "accord",
                            gg_accord_def_get(a->accord)->id);
        }
        gg_end_diplomacy(&s);
        for (int seat = 0; seat < GG_SEATS; seat++) {
            gg_orders o;
            memset(&o, 0, sizeof o);
            for (int i = 0; i < COUNT(orders) && o.count < GG_MAX_ORDERS; i++)
                if (orders[i].year == year && orders[i].seat == seat)
                    o.o[o.count++] = (gg_order){orders[i].action, orders[i].target, 0};
            int errs[GG_MAX_ORDERS];
            err = gg_validate_orders(&s, seat, &o, errs);
            if (err) {
                for (int i = 0; i < o.count; i++)
                    if (errs[i])
                        return fail(why, whyn, errs[i], year, seat, "order",
                                    gg_action_def_get(o.o[i].action)->id);
                return fail(why, whyn, err, year, seat, "orders", "");
            }
            gg_submit_orders(&s, seat, &o);
        }
        /* gg_resolve runs the next year's News and Income at once; to see the
         * world at the end of this year, resolve a copy told that this is the
         * last turn (its extra end-of-game scoring is not recorded). */
        gg_state end = s;
        end.last_turn = end.turn;
        int r = GG_RSP_ALONE;
        for (int i = 0; i < COUNT(crises); i++)
            if (crises[i].year == year)
                r = crises[i].response;
        gg_resolve(&end);
        gg_resolve(&s);
        if (s.phase == GG_PHASE_CRISIS) {
            err = gg_crisis_react(&s, r);
            if (!err)
                err = gg_crisis_react(&end, r);
            if (err)
                return fail(why, whyn, err, year, KZ, "crisis response",
                            gg_response_def_get(r)->id);
        }
        record(&end, year, &rows[n]);
        memcpy(rows[n].vp, s.vp, sizeof rows[n].vp);
        rows[n].nnews = nnews;
        memcpy(rows[n].news, news, sizeof news);
        n++;
    }
    return n;
}
