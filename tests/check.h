/* tests/check.h — the one case runner and CHECK macros for every C test.
 *
 * A test program defines `static const test_case cases[]` and calls
 * run_cases(cases, n, argc, argv). `prog CASE` runs one case and exits 0 on
 * success; `prog` alone (or `prog --all`) runs every case; `prog --list`
 * prints the names. The CHECK macros print file:line and the failed
 * expression (CHECK_EQ / CHECK_RC also both values), then make the case
 * function return 1. */
#ifndef GG_TESTS_CHECK_H
#define GG_TESTS_CHECK_H

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

#define CHECK_EQ(a, b)                                                                             \
    do {                                                                                           \
        long long a_ = (long long)(a), b_ = (long long)(b);                                        \
        if (a_ != b_) {                                                                            \
            fprintf(stderr, "%s:%d: CHECK_EQ failed: %s == %s (%lld != %lld)\n", __FILE__,         \
                    __LINE__, #a, #b, a_, b_);                                                     \
            return 1;                                                                              \
        }                                                                                          \
    } while (0)

#define CHECK_STR(a, b)                                                                            \
    do {                                                                                           \
        const char *a_ = (a), *b_ = (b);                                                           \
        if (!a_ || !b_ || strcmp(a_, b_) != 0) {                                                   \
            fprintf(stderr, "%s:%d: CHECK_STR failed: %s == %s (\"%s\" != \"%s\")\n", __FILE__,    \
                    __LINE__, #a, #b, a_ ? a_ : "(null)", b_ ? b_ : "(null)");                     \
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
    int all = argc < 2 || strcmp(argv[1], "--all") == 0;
    int ran = 0, failed = 0;
    for (int i = 0; i < n; i++) {
        if (!all && strcmp(argv[1], cases[i].name) != 0)
            continue;
        ran++;
        fflush(stdout);
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

#define CASES_MAIN(cases)                                                                          \
    int main(int argc, char **argv)                                                                \
    {                                                                                              \
        return run_cases(cases, (int)(sizeof cases / sizeof cases[0]), argc, argv);                \
    }

#endif
