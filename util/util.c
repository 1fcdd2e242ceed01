/* util.c — see gg/util.h. */
#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "gg/errors.h"
#include "gg/util.h"

_Static_assert(sizeof(((gg_opt_parser *)0)->store) >= (GG_OPT_MAX + 1) * sizeof(struct option),
               "gg_opt_parser.store holds the getopt_long table");

int gg_opt_init(gg_opt_parser *p, const gg_opt *opts, const char *prog, int argc, char **argv,
                int first)
{
    memset(p, 0, sizeof *p);
    p->opts = opts;
    p->prog = prog;
    struct option *lo = (struct option *)(void *)p->store;
    p->longopts = lo;
    size_t ns = 0;
    p->shorts[ns++] = ':'; /* a missing value is ':' not '?' */
    int n = 0;
    for (const gg_opt *o = opts; o->name; o++, n++) {
        if (n >= GG_OPT_MAX)
            return GG_EBAD_OPTION;
        lo[n] = (struct option){o->name, o->arg ? required_argument : no_argument, NULL, o->key};
        if (o->key > 0 && o->key < 128) {
            p->shorts[ns++] = (char)o->key;
            if (o->arg)
                p->shorts[ns++] = ':';
        }
    }
    lo[n] = (struct option){0, 0, 0, 0};
    /* getopt_long parses argv[optind..]; hand it a view starting one before
     * the first argument to parse (argv[first-1] plays the program name). */
    p->first = first;
    p->argc = argc - first + 1;
    p->argv = argv + first - 1;
    optind = 0; /* glibc: 0 also resets its internal state */
    opterr = 0;
    return GG_OK;
}

static const gg_opt *find_key(const gg_opt *opts, int key)
{
    for (const gg_opt *o = opts; o->name; o++)
        if (o->key == key)
            return o;
    return NULL;
}

int gg_opt_next(gg_opt_parser *p, const char **value, int *rest)
{
    *value = NULL;
    int c = getopt_long(p->argc, p->argv, p->shorts, p->longopts, NULL);
    if (c == -1) {
        if (rest)
            *rest = p->first - 1 + optind;
        return -1;
    }
    const char *what = p->argv[optind - 1] ? p->argv[optind - 1] : "";
    if (c == ':') {
        const gg_opt *o = find_key(p->opts, optopt);
        fprintf(stderr, "%s: %s%s needs a value%s%s (see %s --help)\n", p->prog, o ? "--" : "",
                o ? o->name : what, o ? " " : "", o ? o->arg : "", p->prog);
        return GG_EBAD_OPTION;
    }
    if (c == '?' || !find_key(p->opts, c)) {
        fprintf(stderr, "%s: unknown option '%s' (see %s --help)\n", p->prog,
                optopt && optopt < 128 ? (char[]){'-', (char)optopt, 0} : what, p->prog);
        return GG_EBAD_OPTION;
    }
    *value = optarg;
    return c;
}

void gg_opt_help(FILE *f, const gg_opt *opts)
{
    for (const gg_opt *o = opts; o->name; o++) {
        char head[96];
        int n = o->key > 0 && o->key < 128
                    ? snprintf(head, sizeof head, "  -%c, --%s", o->key, o->name)
                    : snprintf(head, sizeof head, "      --%s", o->name);
        if (o->arg)
            n += snprintf(head + n, sizeof head - (size_t)n, " %s", o->arg);
        fputs(head, f);
        int pad = 24 - n;
        if (pad < 1) { /* a long head: the help starts on the next line */
            fputc('\n', f);
            pad = 24;
        }
        const char *h = o->help ? o->help : "";
        for (;;) {
            const char *nl = strchr(h, '\n');
            int len = nl ? (int)(nl - h) : (int)strlen(h);
            fprintf(f, "%*s%.*s\n", pad, "", len, h);
            if (!nl)
                break;
            h = nl + 1;
            pad = 24;
        }
    }
}

int gg_opt_bad(const char *prog, const char *name, const char *why, const char *value)
{
    fprintf(stderr, "%s: ", prog);
    if (name)
        fprintf(stderr, "--%s ", name);
    fputs(why, stderr);
    if (value)
        fprintf(stderr, ": '%s'", value);
    fprintf(stderr, " (see %s --help)\n", prog);
    return 2;
}

int gg_parse_ll(const char *s, long long lo, long long hi, long long *out)
{
    if (!s || !*s)
        return GG_EBAD_OPTION;
    char *end;
    errno = 0;
    long long v = strtoll(s, &end, 10);
    if (errno || *end || v < lo || v > hi)
        return GG_EBAD_OPTION;
    *out = v;
    return GG_OK;
}

int gg_parse_int(const char *s, int lo, int hi, int *out)
{
    long long v;
    int err = gg_parse_ll(s, lo, hi, &v);
    if (!err)
        *out = (int)v;
    return err;
}

int gg_parse_u64(const char *s, uint64_t *out)
{
    if (!s || !*s || *s == '-' || *s == '+' || *s == ' ')
        return GG_EBAD_OPTION;
    char *end;
    errno = 0;
    unsigned long long v = strtoull(s, &end, 0);
    if (errno || *end)
        return GG_EBAD_OPTION;
    *out = (uint64_t)v;
    return GG_OK;
}

void gg_json_str(FILE *f, const char *s)
{
    fputc('"', f);
    for (const unsigned char *p = (const unsigned char *)(s ? s : ""); *p; p++) {
        switch (*p) {
        case '"':
            fputs("\\\"", f);
            break;
        case '\\':
            fputs("\\\\", f);
            break;
        case '\n':
            fputs("\\n", f);
            break;
        case '\t':
            fputs("\\t", f);
            break;
        default:
            if (*p < 0x20 || *p == 0x7f)
                fprintf(f, "\\u%04x", *p);
            else
                fputc(*p, f);
        }
    }
    fputc('"', f);
}

size_t gg_escape_value(char *dst, size_t cap, const char *s)
{
    size_t n = 0;
    for (const unsigned char *p = (const unsigned char *)(s ? s : ""); *p; p++) {
        char tmp[5];
        const char *e = NULL;
        switch (*p) {
        case '\\':
            e = "\\\\";
            break;
        case '"':
            e = "\\\"";
            break;
        case '\n':
            e = "\\n";
            break;
        case '\r':
            e = "\\r";
            break;
        case '\t':
            e = "\\t";
            break;
        default:
            if (*p < 0x20 || *p == 0x7f) {
                snprintf(tmp, sizeof tmp, "\\x%02x", *p);
                e = tmp;
            }
        }
        char one[2] = {(char)*p, 0};
        for (const char *q = e ? e : one; *q; q++, n++)
            if (n + 1 < cap)
                dst[n] = *q;
    }
    if (cap)
        dst[n < cap ? n : cap - 1] = '\0';
    return n;
}
