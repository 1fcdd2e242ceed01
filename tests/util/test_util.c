/* test_util.c — gg/util.h: option tables (parsing and --help), checked
 * numbers, the JSON string writer and log-value escaping. */
#include <stdlib.h>
#include <string.h>

#include "../check.h"
#include "gg/errors.h"
#include "gg/util.h"

enum { OPT_PORT = 256, OPT_FLAG, OPT_NAME };

static const gg_opt table[] = {
    {"port", OPT_PORT, "N", "the port (default 7)"},
    {"flag", OPT_FLAG, NULL, "a flag"},
    {"name", OPT_NAME, "NAME", "first line\nsecond line"},
    {"help", 'h', NULL, "this text"},
    {NULL, 0, NULL, NULL},
};

/* Parses the NULL-terminated args (after a program name) with `table`;
 * records the keys seen and their values; returns the last gg_opt_next
 * result that was not a key (-1 at the end, GG_EBAD_OPTION on error). */
static int parse(const char **args, int *keys, const char **vals, int *nkeys, int *rest)
{
    static char *argv[16];
    int argc = 0;
    argv[argc++] = (char *)"prog";
    for (; args[argc - 1]; argc++)
        argv[argc] = (char *)args[argc - 1];
    argv[argc] = NULL;
    gg_opt_parser p;
    if (gg_opt_init(&p, table, "prog", argc, argv, 1) != GG_OK)
        return 99;
    int k;
    const char *v;
    *nkeys = 0;
    while ((k = gg_opt_next(&p, &v, rest)) > 0) {
        keys[*nkeys] = k;
        vals[(*nkeys)++] = v;
    }
    return k;
}

static int options_parse(void)
{
    int keys[8], n, rest = -1;
    const char *vals[8];
    const char *a1[] = {"--port", "80", "--flag", "--name=x", "-h", "operand", NULL};
    CHECK_EQ(parse(a1, keys, vals, &n, &rest), -1);
    CHECK_EQ(n, 4);
    CHECK_EQ(keys[0], OPT_PORT);
    CHECK_STR(vals[0], "80");
    CHECK_EQ(keys[1], OPT_FLAG);
    CHECK(vals[1] == NULL);
    CHECK_EQ(keys[2], OPT_NAME);
    CHECK_STR(vals[2], "x");
    CHECK_EQ(keys[3], 'h');
    CHECK_EQ(rest, 6); /* argv[6] = "operand" */
    /* parsing twice in one process works (the parser resets getopt) */
    const char *a2[] = {"--flag", NULL};
    CHECK_EQ(parse(a2, keys, vals, &n, &rest), -1);
    CHECK_EQ(n, 1);
    CHECK_EQ(keys[0], OPT_FLAG);
    return 0;
}

static int options_errors(void)
{
    int keys[8], n, rest;
    const char *vals[8];
    const char *unknown[] = {"--flag", "--nope", NULL};
    CHECK_EQ(parse(unknown, keys, vals, &n, &rest), GG_EBAD_OPTION);
    CHECK_EQ(n, 1);
    const char *missing[] = {"--port", NULL};
    CHECK_EQ(parse(missing, keys, vals, &n, &rest), GG_EBAD_OPTION);
    CHECK_EQ(n, 0);
    const char *flag_value[] = {"--flag=1", NULL};
    CHECK_EQ(parse(flag_value, keys, vals, &n, &rest), GG_EBAD_OPTION);
    const char *short_unknown[] = {"-z", NULL};
    CHECK_EQ(parse(short_unknown, keys, vals, &n, &rest), GG_EBAD_OPTION);
    /* a table longer than GG_OPT_MAX is refused, not overrun */
    static gg_opt big[GG_OPT_MAX + 2];
    for (int i = 0; i < GG_OPT_MAX + 1; i++)
        big[i] = (gg_opt){"x", 300 + i, NULL, ""};
    gg_opt_parser p;
    char *argv[] = {(char *)"prog", NULL};
    CHECK_EQ(gg_opt_init(&p, big, "prog", 1, argv, 1), GG_EBAD_OPTION);
    return 0;
}

static int help_text(void)
{
    FILE *f = tmpfile();
    CHECK(f);
    gg_opt_help(f, table);
    rewind(f);
    char buf[1024];
    size_t len = fread(buf, 1, sizeof buf - 1, f);
    buf[len] = 0;
    fclose(f);
    CHECK_STR(buf, "      --port N          the port (default 7)\n"
                   "      --flag            a flag\n"
                   "      --name NAME       first line\n"
                   "                        second line\n"
                   "  -h, --help            this text\n");
    return 0;
}

static int numbers(void)
{
    int v = 5;
    CHECK_EQ(gg_parse_int("42", 0, 100, &v), GG_OK);
    CHECK_EQ(v, 42);
    CHECK_EQ(gg_parse_int("-3", -5, 5, &v), GG_OK);
    CHECK_EQ(v, -3);
    static const char *const bad[] = {"", "x", "12x", "101", "-1", " ", "99999999999999999999"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        v = 7;
        CHECK_MSG(gg_parse_int(bad[i], 0, 100, &v) == GG_EBAD_OPTION, "accepted '%s'", bad[i]);
        CHECK_EQ(v, 7); /* untouched */
    }
    CHECK_EQ(gg_parse_int(NULL, 0, 1, &v), GG_EBAD_OPTION);
    uint64_t u = 0;
    CHECK_EQ(gg_parse_u64("0x10", &u), GG_OK);
    CHECK_EQ(u, 16);
    CHECK_EQ(gg_parse_u64("18446744073709551615", &u), GG_OK);
    CHECK(u == UINT64_MAX);
    CHECK_EQ(gg_parse_u64("-1", &u), GG_EBAD_OPTION);
    CHECK_EQ(gg_parse_u64("18446744073709551616", &u), GG_EBAD_OPTION);
    CHECK_EQ(gg_parse_u64("", &u), GG_EBAD_OPTION);
    return 0;
}

static int json_string(void)
{
    FILE *f = tmpfile();
    CHECK(f);
    gg_json_str(f, "a\"b\\c\nd\x01\x1b\x7f/\xc3\xa9");
    gg_json_str(f, NULL);
    rewind(f);
    char buf[256];
    size_t len = fread(buf, 1, sizeof buf - 1, f);
    buf[len] = 0;
    fclose(f);
    CHECK_STR(buf, "\"a\\\"b\\\\c\\nd\\u0001\\u001b\\u007f/\xc3\xa9\"\"\"");
    return 0;
}

static int escape_value(void)
{
    char buf[64];
    CHECK_EQ(gg_escape_value(buf, sizeof buf, "plain"), 5);
    CHECK_STR(buf, "plain");
    size_t n = gg_escape_value(buf, sizeof buf, "a\rb\x1b[2Jc\nd\"e\\f\t\x7f");
    CHECK_STR(buf, "a\\rb\\x1b[2Jc\\nd\\\"e\\\\f\\t\\x7f");
    CHECK_EQ(n, strlen(buf));
    /* cut to the buffer, always terminated, the full length reported */
    char small[5];
    CHECK_EQ(gg_escape_value(small, sizeof small, "\r\r\r"), 6);
    CHECK_STR(small, "\\r\\r");
    CHECK_EQ(gg_escape_value(NULL, 0, "abc"), 3);
    return 0;
}

static const test_case cases[] = {
    {"options_parse", options_parse, "flags, values, --name=value, -h and operands"},
    {"options_errors", options_errors, "unknown option, missing value, table too long"},
    {"help_text", help_text, "--help lines from the table, continuation lines aligned"},
    {"numbers", numbers, "checked integers: range, trailing text, overflow, untouched on error"},
    {"json_string", json_string, "quotes, backslashes and control bytes escaped"},
    {"escape_value", escape_value, "log values: \\r, ESC, DEL escaped; cut but terminated"},
};

CASES_MAIN(cases)
