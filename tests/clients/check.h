/* tests/clients/check.h — a tiny case runner for the bots and arena tests.
 *
 * A test program defines `static const test_case cases[]` and calls
 * run_cases(). `prog CASE` runs one case and exits 0 on success; `prog`
 * alone runs every case; `prog --list` prints the names. CHECK prints
 * file:line and the failed expression, then makes the case return 1. */
#ifndef GG_TESTS_CLIENTS_CHECK_H
#define GG_TESTS_CLIENTS_CHECK_H

#include <stdio.h>
#include <string.h>

#define CHECK(cond)                                                                                \
    do {                                                                                           \
        if (!(cond)) {                                                                             \
            fprintf(stderr, "%s:%d: CHECK failed: %s\n", __FILE__, __LINE__, #cond);               \
            return 1;                                                                              \
        }                                                                                          \
    } while (0)

#define CHECK_MSG(cond, ...)                                                                       \
    do {                                                                                           \
        if (!(cond)) {                                                                             \
            fprintf(stderr, "%s:%d: CHECK failed: %s: ", __FILE__, __LINE__, #cond);               \
            fprintf(stderr, __VA_ARGS__);                                                          \
            fputc('\n', stderr);                                                                   \
            return 1;                                                                              \
        }                                                                                          \
    } while (0)

typedef struct test_case {
    const char *name;
    int (*fn)(void);
    const char *what;
} test_case;

static inline int run_cases(const test_case *cases, int n, int argc, char **argv)
{
    if (argc > 1 && strcmp(argv[1], "--list") == 0) {
        for (int i = 0; i < n; i++)
            printf("%s\t%s\n", cases[i].name, cases[i].what);
        return 0;
    }
    int ran = 0, failed = 0;
    for (int i = 0; i < n; i++) {
        if (argc > 1 && strcmp(argv[1], cases[i].name) != 0)
            continue;
        ran++;
        int rc = cases[i].fn();
        printf("%s: %s\n", cases[i].name, rc ? "FAIL" : "ok");
        failed += rc != 0;
    }
    if (!ran) {
        fprintf(stderr, "no case named '%s' (see --list)\n", argc > 1 ? argv[1] : "");
        return 2;
    }
    return failed ? 1 : 0;
}

#endif
