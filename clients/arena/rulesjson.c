/* rulesjson.c — `gg-arena --dump-rules`: the whole rule catalogue as one
 * JSON object, every entry with its id, name, source, data and the same
 * English rendering RULES.md uses. */
#include <string.h>

#include "arena.h"
#include "gg/reasons.h"

static const char *const cond_kinds[] = {
    "always",    "accord",       "not_accord",  "track_ge",        "track_le",   "global_ge",
    "global_le", "influence_ge", "institution", "not_institution", "no_hegemon", "asymmetry_ge",
    "gratitude", "eaeu_lt",      "ordered",     "not_ordered",     "route_ge",   "resource_ge",
    "leads",     "influence_le", "done_last",   "not_done_last"};
static const char *const eff_kinds[] = {
    "none",        "influence", "track",         "global",    "resource", "route",    "route_shut",
    "institution", "eaeu_step", "start_project", "gratitude", "accord",   "transfer", "consent"};
static const char *const set_kinds[] = {"influence",    "resource", "income",       "track",
                                        "global",       "route",    "institutions", "eaeu_level",
                                        "project_done", "par"};

#define PICK(t, i) (((size_t)(i) < sizeof(t) / sizeof((t)[0])) ? (t)[i] : "?")

static void cond_json(FILE *f, const gg_cond *c)
{
    char buf[160];
    if (c->kind == GG_IF_ALWAYS) {
        fputs("null", f);
        return;
    }
    fprintf(f, "{\"kind\":\"%s\",\"a\":%d,\"b\":%d,\"text\":", PICK(cond_kinds, c->kind), c->a,
            c->b);
    gg_json_str(f, gg_rule_cond_text(c, buf, sizeof buf));
    fputc('}', f);
}

static const char *who_name(int who)
{
    if (who == GG_WHO_SELF)
        return "self";
    if (who == GG_WHO_TARGET)
        return "target";
    if (who == GG_WHO_OTHER_POWERS)
        return "other_powers";
    return gg_seat_name(who);
}

static void effects_json(FILE *f, const gg_effect *e, int max, int seat)
{
    char buf[256];
    fputc('[', f);
    for (int i = 0; i < max && e[i].kind != GG_EFF_NONE; i++) {
        int has_who = e[i].kind == GG_EFF_INFLUENCE || e[i].kind == GG_EFF_RESOURCE;
        fprintf(f, "%s{\"kind\":\"%s\",\"who\":", i ? "," : "", PICK(eff_kinds, e[i].kind));
        if (has_who)
            gg_json_str(f, who_name(e[i].who));
        else
            fputs("null", f);
        fprintf(f, ",\"what\":%d,\"delta\":%d,\"when\":", e[i].what, e[i].delta);
        cond_json(f, &e[i].when);
        fputs(",\"text\":", f);
        gg_json_str(f, gg_rule_effect_text(&e[i], seat, buf, sizeof buf));
        fputc('}', f);
    }
    fputc(']', f);
}

static void common(FILE *f, const char *id, const char *name)
{
    fputs("{\"id\":", f);
    gg_json_str(f, id);
    fputs(",\"name\":", f);
    gg_json_str(f, name);
}

static void tail(FILE *f, const char *text, const char *source)
{
    fputs(",\"text\":", f);
    gg_json_str(f, text);
    fputs(",\"source\":", f);
    gg_json_str(f, source);
    fputc('}', f);
}

static void actions_json(FILE *f)
{
    static const char *const steps[] = {"diplomatic", "economy", "security", "soft"};
    static const char *const targets[] = {"none", "power", "project", "seat"};
    fputs("\"actions\":[", f);
    for (int a = 0; a < GG_ACTIONS; a++) {
        const gg_action_def *d = gg_action_def_get(a);
        int seat = d->seat < GG_SEATS ? d->seat : -1;
        fputs(a ? "," : "", f);
        common(f, d->id, d->name);
        fprintf(f,
                ",\"seat\":\"%s\",\"tier\":%d,\"step\":\"%s\",\"target\":\"%s\","
                "\"consent\":%s,\"tags\":[",
                seat >= 0 ? gg_seat_name(seat) : "any", d->tier, PICK(steps, d->step),
                PICK(targets, d->target), (d->flags & GG_AF_CONSENT) ? "true" : "false");
        for (int t = 0, n = 0; t < GG_TAGS; t++)
            if (d->tags & (1 << t))
                fprintf(f, "%s\"%s\"", n++ ? "," : "", gg_tag_name(t));
        fputs("],\"cost\":{", f);
        for (int r = 0; r < GG_RES_KINDS; r++)
            fprintf(f, "%s\"%s\":%d", r ? "," : "", gg_res_name(seat >= 0 ? seat : 0, r),
                    d->cost[r]);
        fputs("},\"cheaper_if\":", f);
        cond_json(f, &d->cheaper_if);
        fprintf(f, ",\"discount\":\"%s\",\"requires\":",
                d->cheaper_if.kind != GG_IF_ALWAYS
                    ? gg_res_name(seat >= 0 ? seat : 0, d->discount_res)
                    : "");
        cond_json(f, &d->requires);
        fputs(",\"effects\":", f);
        effects_json(f, d->effects, GG_MAX_EFFECTS, seat);
        tail(f, d->text, d->source);
    }
    fputs("]", f);
}

static void events_json(FILE *f)
{
    fputs("\"events\":[", f);
    for (int i = 0; i < gg_event_count(); i++) {
        const gg_event_def *e = gg_event_def_get(i);
        fputs(i ? "," : "", f);
        common(f, e->id, e->name);
        fprintf(f, ",\"year\":%u,\"eras\":[%s%s%s],\"crisis\":%s,\"requires\":", e->year,
                (e->eras & 1) ? "2013" : "", (e->eras & 3) == 3 ? "," : "",
                (e->eras & 2) ? "2022" : "", e->crisis ? "true" : "false");
        cond_json(f, &e->requires);
        fputs(",\"effects\":", f);
        effects_json(f, e->effects, GG_MAX_EFFECTS, -1);
        tail(f, e->text, e->source);
    }
    fputs("]", f);
}

static void projects_json(FILE *f)
{
    fputs("\"projects\":[", f);
    for (int p = 0; p < GG_PROJECTS; p++) {
        const gg_project_def *d = gg_project_def_get(p);
        fputs(p ? "," : "", f);
        common(f, d->id, d->name);
        fputs(",\"builders\":[", f);
        for (int s = 0, n = 0; s < GG_SEATS; s++)
            if (d->builders & (1 << s))
                fprintf(f, "%s\"%s\"", n++ ? "," : "", gg_seat_name(s));
        fprintf(f, "],\"turns\":%d,\"cost\":%d,\"on_done\":", d->turns, d->cost);
        effects_json(f, d->on_done, GG_MAX_EFFECTS, -1);
        fputs(",\"yearly\":", f);
        effects_json(f, d->yearly, 3, -1);
        tail(f, d->text, d->source);
    }
    fputs("]", f);
}

static void accords_json(FILE *f)
{
    fputs("\"accords\":[", f);
    for (int a = 0; a < GG_ACCORDS; a++) {
        const gg_accord_def *d = gg_accord_def_get(a);
        fputs(a ? "," : "", f);
        common(f, d->id, d->name);
        fputs(",\"parties\":[", f);
        for (int s = 0, n = 0; s < GG_SEATS; s++)
            if (d->parties & (1 << s))
                fprintf(f, "%s\"%s\"", n++ ? "," : "", gg_seat_name(s));
        fprintf(f, "],\"turns\":%d,\"requires\":", d->turns);
        cond_json(f, &d->requires);
        fputs(",\"on_sign\":", f);
        effects_json(f, d->on_sign, GG_MAX_EFFECTS, -1);
        tail(f, d->text, d->source);
    }
    fputs("]", f);
}

static void responses_json(FILE *f)
{
    fputs("\"responses\":[", f);
    for (int r = 0; r < GG_RESPONSES; r++) {
        const gg_response_def *d = gg_response_def_get(r);
        fputs(r ? "," : "", f);
        common(f, d->id, d->name);
        fputs(",\"requires\":", f);
        cond_json(f, &d->requires);
        fputs(",\"effects\":", f);
        effects_json(f, d->effects, GG_MAX_EFFECTS, GG_KAZAKHSTAN);
        tail(f, d->text, d->source);
    }
    fputs("]", f);
}

static void settings_json(FILE *f, const gg_setting *s)
{
    char buf[160];
    fputc('[', f);
    for (int n = 0; s && s->kind != GG_SET_END; s++, n++) {
        fprintf(f, "%s{\"kind\":\"%s\",\"a\":%d,\"b\":%d,\"value\":%d,\"text\":", n ? "," : "",
                PICK(set_kinds, s->kind), s->a, s->b, s->value);
        gg__setting_text(s, buf, sizeof buf);
        gg_json_str(f, buf);
        fputs(",\"source\":", f);
        gg_json_str(f, s->source ? s->source : "");
        fputc('}', f);
    }
    fputc(']', f);
}

static void scenarios_json(FILE *f)
{
    fputs("\"scenarios\":[", f);
    for (int i = 0; i < gg_scenario_count(); i++) {
        const gg_scenario_def *sc = gg_scenario_def_get(i);
        fputs(i ? "," : "", f);
        common(f, sc->id, sc->name);
        fputs(",\"short_name\":", f);
        gg_json_str(f, sc->short_name);
        fprintf(f,
                ",\"start_year\":%u,\"turns\":%u,\"tier\":%u,\"era\":%u,\"scripted\":%s,"
                "\"settings\":",
                sc->start_year, sc->turns, sc->tier, sc->era, sc->scripted ? "true" : "false");
        settings_json(f, sc->settings);
        fputs(",\"overrides\":", f);
        settings_json(f, sc->overrides);
        fputs(",\"pars\":", f);
        settings_json(f, sc->pars);
        tail(f, sc->text, sc->source);
    }
    fputs("]", f);
}

/* The reason templates (gg/reasons.h) for clients that render them in
 * their own language: id, argument kinds and the English text. */
static void reasons_json(FILE *f)
{
    static const struct {
        char letter;
        const char *name;
    } kinds[] = {{'s', "seat"},    {'a', "action"},        {'c', "accord"},
                 {'p', "project"}, {'t', "tags"},          {'r', "resource"},
                 {'n', "number"},  {'v', "vp_hundredths"}, {'d', "deal"}};
    fputs("\"reasons\":[", f);
    for (int r = 0; r < GG_REASONS; r++) {
        const gg_reason_def *d = gg_reason_def_get(r);
        fprintf(f, "%s{\"id\":", r ? "," : "");
        gg_json_str(f, d->id);
        fputs(",\"args\":[", f);
        for (int i = 0; d->kinds[i]; i++) {
            const char *name = "?";
            for (size_t k = 0; k < sizeof kinds / sizeof kinds[0]; k++)
                if (kinds[k].letter == d->kinds[i])
                    name = kinds[k].name;
            fprintf(f, "%s\"%s\"", i ? "," : "", name);
        }
        fputs("],\"text\":", f);
        gg_json_str(f, d->text);
        fputc('}', f);
    }
    fputs("]", f);
}

int gg_rules_dump_json(FILE *f)
{
    fprintf(f, "{\"rules_version\":%d,", GG_RULES_VERSION);
    actions_json(f);
    fputc(',', f);
    events_json(f);
    fputc(',', f);
    projects_json(f);
    fputc(',', f);
    accords_json(f);
    fputc(',', f);
    responses_json(f);
    fputc(',', f);
    scenarios_json(f);
    fputc(',', f);
    reasons_json(f);
    fputs("}\n", f);
    fflush(f);
    return ferror(f) ? -1 : 0;
}
