/* gg/util.h — small I/O-only helpers shared by the programs of server/ and
 * clients/: one option table per program (parsed with getopt_long and printed
 * as its --help), checked number parsing, the JSON string writer and the
 * escaping of log values. Depends on nothing but the C library (and the error
 * codes of gg/errors.h); the pure layers (rules, protocol, game, bots) do not
 * use it, since it writes to FILEs. */
#ifndef GG_UTIL_H
#define GG_UTIL_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

/* GG_STR(MACRO): the macro's value as a string literal, for help texts that
 * print defaults from their constants. */
#define GG__STR(x) #x
#define GG_STR(x) GG__STR(x)

/* One command-line option. A program lists its options once, in a table
 * ending with an entry whose name is NULL; the same table drives parsing and
 * --help. */
typedef struct gg_opt {
    const char *name; /* long name without "--"; NULL ends the table */
    int key;          /* a short option letter, or a unique value >= 256 */
    const char *arg;  /* the value's placeholder ("N", "DIR"), or NULL for a flag */
    const char *help; /* what it does, defaults included; '\n' starts a continuation line */
} gg_opt;

/* Upper bound on a table's length (entries before the NULL one). */
#define GG_OPT_MAX 64

/* Parser state: one per parse; gg_opt_init resets getopt's globals so a
 * program may parse twice (e.g. a subcommand's own table). */
typedef struct gg_opt_parser {
    const gg_opt *opts;
    const char *prog;
    int first, argc;
    char **argv;
    char shorts[2 * GG_OPT_MAX + 2];
    void *longopts; /* struct option[GG_OPT_MAX + 1], kept opaque */
    unsigned char store[(GG_OPT_MAX + 1) * 32];
} gg_opt_parser;

/* Prepares to parse argv[first..argc-1] against opts; prog names the program
 * in error messages. Returns GG_OK, or GG_EBAD_OPTION if the table is longer
 * than GG_OPT_MAX. */
int gg_opt_init(gg_opt_parser *p, const gg_opt *opts, const char *prog, int argc, char **argv,
                int first);

/* The next option: its key (and *value its argument, or NULL for a flag);
 * -1 when the options are done (*rest, if non-NULL, is the index of the first
 * operand); GG_EBAD_OPTION for an unknown option or a missing value, after
 * printing "PROG: what went wrong (see PROG --help)" on stderr. */
int gg_opt_next(gg_opt_parser *p, const char **value, int *rest);

/* Prints the table as --help lines ("  -k, --name ARG   help"), the help
 * column aligned at column 24 (continuation lines too). */
void gg_opt_help(FILE *f, const gg_opt *opts);

/* Reports a bad option value on stderr — "PROG: --NAME: WHY: 'VALUE' (see
 * PROG --help)" — and returns 2, the usage exit status of every program. */
int gg_opt_bad(const char *prog, const char *name, const char *why, const char *value);

/* Parses a whole decimal integer in [lo, hi] into *out. Returns GG_OK, or
 * GG_EBAD_OPTION (s NULL or empty, not a number, trailing text, out of range);
 * *out is untouched then. */
int gg_parse_ll(const char *s, long long lo, long long hi, long long *out);
/* The same for an int. */
int gg_parse_int(const char *s, int lo, int hi, int *out);
/* An unsigned 64-bit number, decimal or 0x hex; no sign. */
int gg_parse_u64(const char *s, uint64_t *out);

/* Writes s as a JSON string literal (quotes, backslash and every control
 * byte escaped; other bytes as they are). NULL is written as "". */
void gg_json_str(FILE *f, const char *s);

/* Copies s into dst (cap bytes, always NUL-terminated when cap > 0) with
 * backslash, '"', and control bytes (< 0x20, 0x7f) escaped as \\, \", \n, \r,
 * \t or \xHH, so a log line stays one line a terminal shows as written.
 * Returns the length of the full escaped text (as snprintf: >= cap means it
 * was cut). */
size_t gg_escape_value(char *dst, size_t cap, const char *s);

#endif
