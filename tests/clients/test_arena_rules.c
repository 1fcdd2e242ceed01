/* test_arena_rules.c — the rule catalogue's rendering: every rule has a
 * source, effects read as English, and the rulebook covers every id. */
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "../check.h"

static int sources(void)
{
    for (int a = 0; a < GG_ACTIONS; a++) {
        const gg_action_def *d = gg_action_def_get(a);
        CHECK_MSG(d && d->id && d->name && d->text && d->source && d->source[0], "action %d", a);
    }
    for (int i = 0; i < gg_event_count(); i++)
        CHECK_MSG(gg_event_def_get(i)->source && gg_event_def_get(i)->source[0], "event %d", i);
    for (int p = 0; p < GG_PROJECTS; p++)
        CHECK(gg_project_def_get(p)->source && gg_project_def_get(p)->source[0]);
    for (int a = 0; a < GG_ACCORDS; a++)
        CHECK(gg_accord_def_get(a)->source && gg_accord_def_get(a)->source[0]);
    for (int r = 0; r < GG_RESPONSES; r++)
        CHECK(gg_response_def_get(r)->source && gg_response_def_get(r)->source[0]);
    for (int s = 0; s < gg_scenario_count(); s++) {
        const gg_scenario_def *sc = gg_scenario_def_get(s);
        for (const gg_setting *x = sc->settings; x && x->kind != GG_SET_END; x++)
            CHECK_MSG(x->source && x->source[0], "scenario %s setting kind %d", sc->id, x->kind);
    }
    return 0;
}

static int effect_text(void)
{
    char buf[256];
    gg_effect e = {GG_EFF_INFLUENCE, GG_WHO_SELF, GG_ECONOMY, 1, {GG_IF_ALWAYS, 0, 0}};
    CHECK(strcmp(gg_rule_effect_text(&e, GG_CHINA, buf, sizeof buf),
                 "China's economy influence +1") == 0);
    e = (gg_effect){GG_EFF_TRACK, 0, GG_SINOPHOBIA, 2, {GG_IF_TRACK_GE, GG_SINOPHOBIA, 6}};
    CHECK(strcmp(gg_rule_effect_text(&e, -1, buf, sizeof buf),
                 "sinophobia +2 if sinophobia is 6 or more") == 0);
    e = (gg_effect){GG_EFF_RESOURCE, GG_KAZAKHSTAN, GG_MONEY, -1, {GG_IF_ALWAYS, 0, 0}};
    CHECK(strcmp(gg_rule_effect_text(&e, GG_WEST, buf, sizeof buf), "Kazakhstan's budget -1") == 0);
    gg_cond c = {GG_IF_NOT_ACCORD, GG_ACC_SPHERES, 0};
    CHECK(strcmp(gg_rule_cond_text(&c, buf, sizeof buf), "no Spheres accord is in force") == 0);
    /* Every effect of every action renders without "?" or "unknown". */
    for (int a = 0; a < GG_ACTIONS; a++) {
        const gg_action_def *d = gg_action_def_get(a);
        for (int i = 0; i < GG_MAX_EFFECTS && d->effects[i].kind != GG_EFF_NONE; i++) {
            gg_rule_effect_text(&d->effects[i], d->seat < GG_SEATS ? d->seat : -1, buf, sizeof buf);
            CHECK_MSG(!strstr(buf, "?") && !strstr(buf, "unknown"), "%s: %s", d->id, buf);
        }
    }
    return 0;
}

/* What an order changed, in the rule data's words (gg-client's turn
 * report): every kind renders, names come from the catalogue. */
static int change_text(void)
{
    char buf[256];
    gg_change c = {0, GG_CHG_INFLUENCE, GG_CHINA << 4 | GG_ECONOMY, 1};
    CHECK(strcmp(gg_describe_change(&c, buf, sizeof buf), "China's economy influence +1") == 0);
    c = (gg_change){0, GG_CHG_RESOURCE, GG_KAZAKHSTAN << 4 | GG_MONEY, -3};
    CHECK(strcmp(gg_describe_change(&c, buf, sizeof buf), "Kazakhstan's budget -3") == 0);
    c = (gg_change){0, GG_CHG_PROJECT, GG_PRJ_CHINA_PIPELINE << 4, 1};
    CHECK(strcmp(gg_describe_change(&c, buf, sizeof buf),
                 "Kazakhstan-China pipeline expansion started") == 0);
    c = (gg_change){0, GG_CHG_INSTITUTION, 0 << 4, 1}; /* bit 0: the EAEU */
    CHECK(strcmp(gg_describe_change(&c, buf, sizeof buf), "Kazakhstan joins the EAEU") == 0);
    for (int k = 0; k < GG_CHG_KINDS; k++) {
        c = (gg_change){0, (uint8_t)k, 0, 1};
        gg_describe_change(&c, buf, sizeof buf);
        CHECK_MSG(!strstr(buf, "?") && !strstr(buf, "unknown") && buf[0], "kind %s: %s",
                  gg_change_kind_name(k), buf);
    }
    /* one order's changes joined; an order without changes says so */
    gg_report rep;
    memset(&rep, 0, sizeof rep);
    rep.nchanges = 2;
    rep.changes[0] = (gg_change){GG_WEST * GG_MAX_ORDERS + 1, GG_CHG_TRACK, GG_REFORM << 4, 1};
    rep.changes[1] = (gg_change){GG_WEST * GG_MAX_ORDERS + 1, GG_CHG_GLOBAL, GG_ESCALATION << 4, 2};
    CHECK(strcmp(gg_describe_order_changes(&rep, GG_WEST, 1, buf, sizeof buf),
                 "reform +1, escalation +2") == 0);
    CHECK(strcmp(gg_describe_order_changes(&rep, GG_WEST, 0, buf, sizeof buf), "no change") == 0);
    return 0;
}

static int rulebook_mentions_all(void)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    CHECK(f);
    CHECK(gg_rulebook_write(f) == 0);
    fclose(f);
    int ok = 1;
    char pat[96];
    for (int a = 0; a < GG_ACTIONS && ok; a++) {
        snprintf(pat, sizeof pat, "(`%s`)", gg_action_def_get(a)->id);
        ok = strstr(buf, pat) != NULL;
    }
    for (int i = 0; i < gg_event_count() && ok; i++) {
        snprintf(pat, sizeof pat, "(`%s`)", gg_event_def_get(i)->id);
        ok = strstr(buf, pat) != NULL;
    }
    for (int p = 0; p < GG_PROJECTS && ok; p++) {
        snprintf(pat, sizeof pat, "(`%s`)", gg_project_def_get(p)->id);
        ok = strstr(buf, pat) != NULL;
    }
    for (int a = 0; a < GG_ACCORDS && ok; a++) {
        snprintf(pat, sizeof pat, "(`%s`)", gg_accord_def_get(a)->id);
        ok = strstr(buf, pat) != NULL;
    }
    for (int s = 0; s < gg_scenario_count() && ok; s++) {
        snprintf(pat, sizeof pat, "(`%s`)", gg_scenario_def_get(s)->id);
        ok = strstr(buf, pat) != NULL;
    }
    int has_victory = strstr(buf, "## 9. Victory") != NULL;
    free(buf);
    CHECK_MSG(ok, "rulebook misses %s", pat);
    CHECK(has_victory);
    return 0;
}

/* Regression (issue 13): the Kazakhstan briefing said "budget 4" (the
 * scenario's setting before any income) while the player saw 11 at the
 * first orders. Each briefing's starting resources are now what a player
 * sees after gg_init, in every scenario and for every seat. */
static int briefing_start_values(void)
{
    for (int sc = 0; sc < gg_scenario_count(); sc++)
        for (int seat = 0; seat < GG_SEATS; seat++) {
            char *buf = NULL;
            size_t len = 0;
            FILE *f = open_memstream(&buf, &len);
            CHECK(f && gg_briefing_write(f, seat, sc) == 0);
            fclose(f);
            for (int r = 0; r < GG_RES_KINDS; r++) {
                char key[48];
                snprintf(key, sizeof key, "\n- %s: ", gg_res_name(seat, r));
                const char *at = strstr(buf, key);
                CHECK_MSG(at != NULL, "%s briefing lacks %s", gg_seat_name(seat), key + 3);
                int shown = atoi(at + strlen(key)), matches = 0;
                for (uint64_t seed = 1; seed <= 64; seed++) {
                    gg_state s;
                    CHECK(gg_init(&s, sc, seed, NULL) == 0);
                    matches += s.res[seat][r] == shown;
                }
                CHECK_MSG(matches >= 16, "%s %s: briefing says %d, seen in %d of 64 games",
                          gg_seat_name(seat), gg_res_name(seat, r), shown, matches);
            }
            free(buf);
        }
    return 0;
}

static const test_case cases[] = {
    {"briefing_start_values", briefing_start_values,
     "briefings show the resources a player sees at the first orders"},
    {"sources", sources, "every rule and starting value names its source"},
    {"effect_text", effect_text, "effects and conditions render as English"},
    {"change_text", change_text, "what an order changed renders in the rule data's words"},
    {"rulebook_mentions_all", rulebook_mentions_all, "RULES.md has every id of the catalogue"},
};

int main(int argc, char **argv)
{
    return run_cases(cases, (int)(sizeof cases / sizeof cases[0]), argc, argv);
}
