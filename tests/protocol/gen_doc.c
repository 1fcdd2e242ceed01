/* tests/protocol/gen_doc.c — gg-protodoc: generates the reference sections
 * of PROTOCOL.md from the one definition of each thing:
 *   messages, fields, kinds, features  <- X-macro tables in gg/protocol.h
 *   errors                             <- GG_ERRNO_MAP in gg/errors.h
 *   limits                             <- the #defines and comments of gg/limits.h
 *   names                              <- the rules catalogue (wire ids)
 *   example                            <- the sample messages, encoded
 * PROTOCOL.md holds each section between
 *   <!-- BEGIN GENERATED: name --> and <!-- END GENERATED: name -->.
 * Usage: gg-protodoc --update|--check PROTOCOL.md --limits include/gg/limits.h
 *        gg-protodoc --print --limits include/gg/limits.h */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gg/protocol.h"
#include "samples.h"

static char out[1 << 20];
static size_t outn;

static void emit(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(out + outn, sizeof out - outn, fmt, ap);
    va_end(ap);
    if (n < 0 || (size_t)n >= sizeof out - outn) {
        fprintf(stderr, "gg-protodoc: output too large\n");
        exit(1);
    }
    outn += (size_t)n;
}

static const char *dir_name(int d)
{
    return d == GG_C2S ? "client → server" : d == GG_S2C ? "server → client" : "both";
}

static void range(const gg_field_desc *f, char *buf, size_t cap)
{
    buf[0] = 0;
    switch (f->kind) {
    case GG_FK_UINT:
    case GG_FK_INT:
        if (f->hi == 0xffffffff && f->lo == 0)
            snprintf(buf, cap, "0..2³²−1");
        else
            snprintf(buf, cap, "%lld..%lld", (long long)f->lo, (long long)f->hi);
        break;
    case GG_FK_STR:
        snprintf(buf, cap, "%lld..%lld bytes", (long long)f->lo, (long long)f->hi);
        break;
    case GG_FK_BIN:
        snprintf(buf, cap, "≤ %lld bytes", (long long)f->hi);
        break;
    case GG_FK_SEATSTR:
        snprintf(buf, cap, "values %lld..%lld bytes", (long long)f->lo, (long long)f->hi);
        break;
    case GG_FK_SEATINTS:
        snprintf(buf, cap, "values %lld..%lld", (long long)f->lo, (long long)f->hi);
        break;
    case GG_FK_ORDERS:
    case GG_FK_CLAUSES:
    case GG_FK_LEGAL:
    case GG_FK_ERRS:
    case GG_FK_STATS:
        snprintf(buf, cap, "%lld..%lld entries", (long long)f->lo, (long long)f->hi);
        break;
    default:
        break;
    }
}

static void sec_messages(void)
{
    emit("| type | direction | delivery | ENet channel | purpose |\n|---|---|---|---|---|\n");
    for (int t = 0; t < GG_MSG_TYPES; t++)
        emit("| [`%s`](#msg-%s) | %s | %s | %d | %s |\n", gg_msg_type_name(t), gg_msg_type_name(t),
             dir_name(gg_msg_dir(t)),
             gg_msg_dir(t) == GG_C2S           ? "—"
             : gg_msg_delivery(t) == GG_STREAM ? "stream"
                                               : "direct",
             gg_msg_channel(t), gg_msg_type_doc(t));
}

static void sec_fields(void)
{
    for (int t = 0; t < GG_MSG_TYPES; t++) {
        int n;
        const gg_field_desc *f = gg_msg_fields(t, &n);
        emit("<a id=\"msg-%s\"></a>\n#### `%s` (%s%s)\n\n%s.\n\n", gg_msg_type_name(t),
             gg_msg_type_name(t), dir_name(gg_msg_dir(t)),
             gg_msg_dir(t) == GG_C2S           ? ""
             : gg_msg_delivery(t) == GG_STREAM ? ", stream"
                                               : ", direct",
             gg_msg_type_doc(t));
        if (n == 0) {
            emit("No fields besides the envelope.\n\n");
            continue;
        }
        emit("| key | type | required | range | meaning |\n|---|---|---|---|---|\n");
        for (int i = 0; i < n; i++) {
            char r[64];
            range(&f[i], r, sizeof r);
            emit("| `%s` | %s | %s | %s | %s |\n", f[i].key, gg_field_kind_name(f[i].kind),
                 f[i].required ? "yes" : "no", r, f[i].doc);
        }
        emit("\n");
    }
}

static void sec_kinds(void)
{
    emit("| type | meaning |\n|---|---|\n");
    for (int k = 0; k < GG_FIELD_KINDS; k++)
        emit("| %s | %s |\n", gg_field_kind_name(k), gg_field_kind_doc(k));
}

static void sec_features(void)
{
    emit("| bit | name | meaning |\n|---|---|---|\n");
#define GG__F(name, bit, doc) emit("| %d (0x%x) | %s | %s |\n", bit, 1u << (bit), #name, doc);
    GG_FEATURE_LIST(GG__F)
#undef GG__F
}

static void sec_errors(void)
{
    emit("| code | name | meaning |\n|---|---|---|\n");
#define GG__E(name, code, msg) emit("| %d | `%s` | %s |\n", code, #name, msg);
    GG_ERRNO_MAP(GG__E)
#undef GG__E
}

/* Parses the comment + "#define GG_NAME value" pairs of limits.h. */
static void sec_limits(const char *path)
{
    FILE *f = fopen(path, "r");
    if (!f) {
        fprintf(stderr, "gg-protodoc: cannot open %s\n", path);
        exit(1);
    }
    char line[512], comment[2048] = "";
    int in_comment = 0;
    emit("| name | value | meaning |\n|---|---|---|\n");
    while (fgets(line, sizeof line, f)) {
        char *s = line;
        while (*s == ' ')
            s++;
        if (!in_comment && strncmp(s, "/*", 2) == 0 && strncmp(s, "/* ----", 7) != 0 &&
            strncmp(s, "/* gg/", 6) != 0) {
            comment[0] = 0;
            in_comment = 1;
            s += 2;
        }
        if (in_comment) {
            char *end = strstr(s, "*/");
            if (end)
                *end = 0, in_comment = 0;
            while (*s == ' ' || *s == '*')
                s++;
            size_t l = strlen(s);
            while (l && (s[l - 1] == '\n' || s[l - 1] == ' '))
                s[--l] = 0;
            if (l) {
                if (comment[0])
                    strncat(comment, " ", sizeof comment - strlen(comment) - 1);
                strncat(comment, s, sizeof comment - strlen(comment) - 1);
            }
            continue;
        }
        char name[64], value[128];
        if (sscanf(s, "#define %63s %127[^\n]", name, value) == 2 && strncmp(name, "GG_", 3) == 0 &&
            strcmp(name, "GG_LIMITS_H") != 0) {
            char *c = strstr(value, "/*");
            char trailing[256] = "";
            if (c) {
                snprintf(trailing, sizeof trailing, "%s", c + 2);
                char *e = strstr(trailing, "*/");
                if (e)
                    *e = 0;
                *c = 0;
            }
            size_t l = strlen(value);
            while (l && value[l - 1] == ' ')
                value[--l] = 0;
            emit("| `%s` | %s | %s%s%s |\n", name, value, comment, trailing[0] ? " —" : "",
                 trailing);
        } else if (s[0] == '\n') {
            comment[0] = 0;
        }
    }
    fclose(f);
}

static void names_row(const char *what, const char *(*name)(int), int n)
{
    emit("| %s |", what);
    for (int i = 0; i < n; i++)
        emit("%s`%s`", i ? ", " : " ", name(i));
    emit(" |\n");
}

static const char *seat_n(int i)
{
    return gg_seat_name(i);
}
static const char *dom_n(int i)
{
    return gg_domain_name(i);
}
static const char *trk_n(int i)
{
    return gg_track_name(i);
}
static const char *glb_n(int i)
{
    return gg_global_name(i);
}
static const char *rte_n(int i)
{
    return gg_route_name(i);
}
static const char *phs_n(int i)
{
    return gg_phase_name(i);
}
static const char *tag_n(int i)
{
    return gg_tag_name(i);
}
static const char *end_n(int i)
{
    return gg_end_reason_name(i);
}
static const char *tb_n(int i)
{
    return gg_tiebreak_def_get(i)->id;
}
static const char *dst_n(int i)
{
    return gg_deal_status_name(i);
}
static const char *cla_n(int i)
{
    return gg_clause_kind_name(i);
}
static const char *out_n(int i)
{
    return gg_outcome_name(i);
}
static const char *prj_n(int i)
{
    return gg_project_def_get(i)->id;
}
static const char *acc_n(int i)
{
    return gg_accord_def_get(i)->id;
}
static const char *rsp_n(int i)
{
    return gg_response_def_get(i)->id;
}
static const char *evt_n(int i)
{
    return gg_event_def_get(i)->id;
}
static const char *scn_n(int i)
{
    return gg_scenario_def_get(i)->id;
}

static void sec_names(void)
{
    emit("| what | wire names |\n|---|---|\n");
    names_row("seat", seat_n, GG_SEATS);
    names_row("who (adds)", gg_who_name, GG_VIEW_MODERATOR + 1);
    names_row("domain", dom_n, GG_DOMAINS);
    emit("| resource | `capital`/`budget` (slot 0), `force` (slot 1), `prestige`/`legitimacy` "
         "(slot 2); the names of the seat that owns them are written, either is read |\n");
    names_row("track", trk_n, GG_TRACKS);
    names_row("global", glb_n, GG_GLOBALS);
    names_row("route", rte_n, GG_ROUTES);
    names_row("phase", phs_n, GG_PHASE_OVER + 1);
    names_row("pledge tag", tag_n, GG_TAGS);
    names_row("end reason", end_n, GG_END_MODERATOR + 1);
    names_row("ranking criterion", tb_n, GG_TIEBREAKS);
    names_row("deal status", dst_n, GG_DEAL_BREACHED + 1);
    names_row("clause kind", cla_n, GG_CLAUSE_KINDS);
    names_row("order outcome", out_n, GG_OUT_BREACH + 1);
    names_row("project", prj_n, GG_PROJECTS);
    names_row("accord", acc_n, GG_ACCORDS);
    names_row("crisis response", rsp_n, GG_RESPONSES);
    names_row("event", evt_n, gg_event_count());
    names_row("scenario", scn_n, gg_scenario_count());
    names_row("channel", gg_chan_name, GG_CHANS);
    names_row("role", gg_role_name, GG_ROLES);
    names_row("missed-turn policy", gg_missed_name, GG_MISSES);
    names_row("institution", gg_institution_name, 5);
    names_row("asymmetry", gg_asymmetry_name, 3);
    static const char *const tk[] = {"none (omit `t`)", "power (seat name of an outside power)",
                                     "project id", "seat name"};
    emit("\nActions (`a` of an order) and what their target `t` names:\n\n"
         "| action | seat | target `t` |\n|---|---|---|\n");
    for (int a = 0; a < GG_ACTIONS; a++) {
        const gg_action_def *d = gg_action_def_get(a);
        emit("| `%s` | %s | %s |\n", d->id, d->seat < GG_SEATS ? gg_seat_name(d->seat) : "any",
             d->target < 4 ? tk[d->target] : "?");
    }
}

/* ---- worked example: JSON pretty-printed, hex of small messages -------- */

static size_t json_span(const char *s)
{
    /* length of the JSON value at s (the text is our own, valid JSON) */
    if (*s == '"') {
        size_t i = 1;
        while (s[i] != '"')
            i += s[i] == '\\' ? 2 : 1;
        return i + 1;
    }
    if (*s == '{' || *s == '[') {
        int depth = 0;
        size_t i = 0;
        do {
            if (s[i] == '"')
                i += json_span(s + i);
            else {
                if (s[i] == '{' || s[i] == '[')
                    depth++;
                else if (s[i] == '}' || s[i] == ']')
                    depth--;
                i++;
            }
        } while (depth);
        return i;
    }
    size_t i = 0;
    while (s[i] && s[i] != ',' && s[i] != '}' && s[i] != ']')
        i++;
    return i;
}

static void pretty(const char *s, size_t len, int indent)
{
    if (len + (size_t)indent <= 96 || (*s != '{' && *s != '[')) {
        emit("%.*s", (int)len, s);
        return;
    }
    char close = *s == '{' ? '}' : ']';
    emit("%c\n", *s);
    size_t i = 1;
    while (i < len - 1) {
        emit("%*s", indent + 2, "");
        if (*s == '{') {
            size_t k = json_span(s + i);
            emit("%.*s: ", (int)k, s + i);
            i += k + 1;
        }
        size_t v = json_span(s + i);
        pretty(s + i, v, indent + 2);
        i += v;
        if (s[i] == ',') {
            emit(",");
            i++;
        }
        emit("\n");
    }
    emit("%*s%c", indent, "", close);
}

static void example_msg(int type, const char *say)
{
    static uint8_t buf[GG_MAX_MESSAGE];
    static char js[4 * GG_MAX_MESSAGE];
    gg_msg m;
    gg_sample_msg(type, &m);
    int n = gg_msg_encode(&m, buf, sizeof buf);
    int jn = gg_msg_to_json(&m, js, sizeof js);
    if (n < 0 || jn < 0) {
        fprintf(stderr, "gg-protodoc: cannot encode the %s sample\n", gg_msg_type_name(type));
        exit(1);
    }
    emit("%s %s\n\n```json\n",
         gg_msg_dir(type) == GG_C2S ? "**client → server**" : "**server → client**", say);
    pretty(js, (size_t)jn, 0);
    emit("\n```\n\n");
    if (n <= 192) {
        emit("```\n");
        for (int i = 0; i < n; i++)
            emit("%02x%s", buf[i], (i + 1) % 32 == 0 || i + 1 == n ? "\n" : " ");
        emit("```\n\n");
    } else {
        emit("(%d bytes of msgpack; hex omitted.)\n\n", n);
    }
}

static void sec_example(void)
{
    example_msg(GG_MSG_hello, "opens the connection (TCP: each message below is preceded by "
                              "its 4-byte length):");
    example_msg(GG_MSG_welcome, "answers with its version, a session id and the limits:");
    example_msg(GG_MSG_join, "joins with China's seat code:");
    example_msg(GG_MSG_joined, "confirms; keep `tok` to resume later:");
    example_msg(GG_MSG_state, "sends the seat's view and legal actions (a stream message: it "
                              "carries `seq`):");
    example_msg(GG_MSG_chat, "delivers a private chat from China to Russia (what Russia's "
                             "connections receive):");
    example_msg(GG_MSG_propose, "proposes a deal to Kazakhstan:");
    example_msg(GG_MSG_ok, "accepts the proposal into the ledger (id 3); a `deal_update` "
                           "follows on the stream:");
    example_msg(GG_MSG_deal_update, "publishes the ledger entry to its parties:");
    example_msg(GG_MSG_orders, "submits orders for turn 2:");
    example_msg(GG_MSG_error, "refuses them: the third order is not affordable (`errs` has "
                              "one code per order):");
    example_msg(GG_MSG_turn_result, "reports the resolution:");
    example_msg(GG_MSG_game_over, "ends the game:");
}

/* ---- PROTOCOL.md regions ----------------------------------------------------- */

/* The reason templates (gg/reasons.h): id, argument kinds, English text. */
static void sec_reasons(void)
{
    static const struct {
        char k;
        const char *name;
    } kinds[] = {{'s', "seat"},    {'a', "action"}, {'c', "accord"},
                 {'p', "project"}, {'t', "tags"},   {'r', "resource"},
                 {'n', "number"},  {'v', "VP/100"}, {'d', "deal id"}};
    emit("| id | arguments | English rendering |\n|---|---|---|\n");
    for (int r = 0; r < GG_REASONS; r++) {
        const gg_reason_def *d = gg_reason_def_get(r);
        char args[256] = "";
        size_t n = 0;
        for (int i = 0; d->kinds[i]; i++)
            for (size_t k = 0; k < sizeof kinds / sizeof kinds[0]; k++)
                if (kinds[k].k == d->kinds[i])
                    n += (size_t)snprintf(args + n, sizeof args - n, "%s%d: %s", i ? ", " : "", i,
                                          kinds[k].name);
        emit("| `%s` | %s | %s |\n", d->id, n ? args : "—", d->text);
    }
}

static void generate(const char *name, const char *limits)
{
    outn = 0;
    emit("<!-- Generated by gg-protodoc from the protocol, error and limit tables; do not "
         "edit. Run: gg-protodoc --update PROTOCOL.md --limits include/gg/limits.h -->\n");
    if (!strcmp(name, "messages"))
        sec_messages();
    else if (!strcmp(name, "fields"))
        sec_fields();
    else if (!strcmp(name, "kinds"))
        sec_kinds();
    else if (!strcmp(name, "features"))
        sec_features();
    else if (!strcmp(name, "errors"))
        sec_errors();
    else if (!strcmp(name, "limits"))
        sec_limits(limits);
    else if (!strcmp(name, "names"))
        sec_names();
    else if (!strcmp(name, "example"))
        sec_example();
    else if (!strcmp(name, "reasons"))
        sec_reasons();
    else {
        fprintf(stderr, "gg-protodoc: unknown section '%s'\n", name);
        exit(1);
    }
}

static char *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    static char text[1 << 21];
    *len = fread(text, 1, sizeof text - 1, f);
    fclose(f);
    text[*len] = 0;
    return text;
}

int main(int argc, char **argv)
{
    const char *mode = NULL, *doc = NULL, *limits = "include/gg/limits.h";
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--help")) {
            printf("usage: gg-protodoc --update|--check PROTOCOL.md [--limits gg/limits.h]\n"
                   "       gg-protodoc --print [--limits gg/limits.h]\n"
                   "Regenerates the sections of PROTOCOL.md between\n"
                   "<!-- BEGIN GENERATED: name --> and <!-- END GENERATED: name --> "
                   "(--update),\nor fails if they are stale (--check).\n");
            return 0;
        } else if (!strcmp(argv[i], "--limits") && i + 1 < argc) {
            limits = argv[++i];
        } else if (!strcmp(argv[i], "--print")) {
            mode = "print";
        } else if ((!strcmp(argv[i], "--update") || !strcmp(argv[i], "--check")) && i + 1 < argc) {
            mode = argv[i] + 2;
            doc = argv[++i];
        } else {
            fprintf(stderr, "gg-protodoc: bad argument '%s'; see --help\n", argv[i]);
            return 2;
        }
    }
    if (!mode) {
        fprintf(stderr, "gg-protodoc: say --update, --check or --print; see --help\n");
        return 2;
    }
    if (!strcmp(mode, "print")) {
        static const char *const all[] = {"messages", "fields", "kinds",   "features", "errors",
                                          "limits",   "names",  "example", "reasons"};
        for (size_t i = 0; i < sizeof all / sizeof all[0]; i++) {
            generate(all[i], limits);
            fwrite(out, 1, outn, stdout);
        }
        return 0;
    }
    size_t len;
    char *text = slurp(doc, &len);
    if (!text) {
        fprintf(stderr, "gg-protodoc: cannot read %s\n", doc);
        return 1;
    }
    static char result[1 << 21];
    size_t rn = 0;
    const char *p = text;
    const char *begin = "<!-- BEGIN GENERATED: ";
    int sections = 0;
    while (*p) {
        const char *b = strstr(p, begin);
        if (!b)
            break;
        const char *name = b + strlen(begin);
        const char *name_end = strstr(name, " -->");
        char sec[64];
        if (!name_end || name_end - name >= (long)sizeof sec) {
            fprintf(stderr, "gg-protodoc: malformed marker in %s\n", doc);
            return 1;
        }
        snprintf(sec, sizeof sec, "%.*s", (int)(name_end - name), name);
        char end_marker[128];
        snprintf(end_marker, sizeof end_marker, "<!-- END GENERATED: %s -->", sec);
        const char *e = strstr(name_end, end_marker);
        if (!e) {
            fprintf(stderr, "gg-protodoc: no '%s' in %s\n", end_marker, doc);
            return 1;
        }
        const char *after_begin = name_end + 4;
        if (*after_begin == '\n')
            after_begin++;
        generate(sec, limits);
        size_t keep = (size_t)(after_begin - p);
        if (rn + keep + outn >= sizeof result) {
            fprintf(stderr, "gg-protodoc: document too large\n");
            return 1;
        }
        memcpy(result + rn, p, keep);
        rn += keep;
        memcpy(result + rn, out, outn);
        rn += outn;
        p = e;
        sections++;
    }
    size_t rest = strlen(p);
    memcpy(result + rn, p, rest);
    rn += rest;
    if (!strcmp(mode, "check")) {
        if (rn != len || memcmp(result, text, len) != 0) {
            fprintf(stderr,
                    "gg-protodoc: %s is stale: the generated sections differ from the tables.\n"
                    "Run: gg-protodoc --update %s --limits %s\n",
                    doc, doc, limits);
            return 1;
        }
        printf("gg-protodoc: %s is up to date (%d generated sections)\n", doc, sections);
        return 0;
    }
    FILE *f = fopen(doc, "wb");
    if (!f || fwrite(result, 1, rn, f) != rn) {
        fprintf(stderr, "gg-protodoc: cannot write %s\n", doc);
        return 1;
    }
    fclose(f);
    printf("gg-protodoc: updated %d generated sections of %s\n", sections, doc);
    return 0;
}
