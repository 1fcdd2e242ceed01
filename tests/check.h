/* tests/check.h — the one set of assertions and the one case runner for
 * every C test.
 *
 * Three kinds of assertion, all printing file:line and the failed expression
 * (the _EQ / _STR / _RC forms also both values):
 *   CHECK*    in a case function `int f(void)`: the case returns 1 at once;
 *   EXPECT*   anywhere: counts the failure (gg_check_failures) and goes on,
 *             for tests that report every broken property in one run;
 *   REQUIRE*  anywhere: exits the program with status 1 (no point going on).
 *
 * A case-style program defines `static const test_case cases[]` and ends
 * with CASES_MAIN(cases) or calls run_cases(cases, n, argc, argv); cases that
 * need a scratch directory take it as an argument (test_case_dir,
 * run_cases_dir, with _XOPEN_SOURCE >= 500: a fresh directory under TMPDIR,
 * removed afterwards).
 * `prog CASE` runs one case and exits 0 on success; `prog` or `prog --all`
 * runs every case; `prog --list` prints the names. A program of EXPECT-style
 * functions runs them with RUN(fn) and ends with TEST_END(). */
#ifndef GG_TESTS_CHECK_H
#define GG_TESTS_CHECK_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Failures and checks counted by the EXPECT macros (one per program). */
static int gg_check_failures __attribute__((unused));
static int gg_check_count __attribute__((unused));

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

#define CHECK_RC(expr, want)                                                                       \
    do {                                                                                           \
        int rc_ = (expr);                                                                          \
        if (rc_ != (want)) {                                                                       \
            fprintf(stderr, "%s:%d: %s returned %d, expected %d (%s)\n", __FILE__, __LINE__,       \
                    #expr, rc_, (int)(want), #want);                                               \
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

#define EXPECT(cond)                                                                               \
    do {                                                                                           \
        gg_check_count++;                                                                          \
        if (!(cond)) {                                                                             \
            gg_check_failures++;                                                                   \
            fprintf(stderr, "%s:%d: CHECK failed: %s\n", __FILE__, __LINE__, #cond);               \
        }                                                                                          \
    } while (0)

#define EXPECT_MSG(cond, ...)                                                                      \
    do {                                                                                           \
        gg_check_count++;                                                                          \
        if (!(cond)) {                                                                             \
            gg_check_failures++;                                                                   \
            fprintf(stderr, "%s:%d: CHECK failed: %s: ", __FILE__, __LINE__, #cond);               \
            fprintf(stderr, __VA_ARGS__);                                                          \
            fputc('\n', stderr);                                                                   \
        }                                                                                          \
    } while (0)

#define EXPECT_EQ(a, b)                                                                            \
    do {                                                                                           \
        long long a_ = (long long)(a), b_ = (long long)(b);                                        \
        gg_check_count++;                                                                          \
        if (a_ != b_) {                                                                            \
            gg_check_failures++;                                                                   \
            fprintf(stderr, "%s:%d: CHECK_EQ failed: %s == %s (%lld != %lld)\n", __FILE__,         \
                    __LINE__, #a, #b, a_, b_);                                                     \
        }                                                                                          \
    } while (0)

#define REQUIRE(cond)                                                                              \
    do {                                                                                           \
        if (!(cond)) {                                                                             \
            fprintf(stderr, "%s:%d: CHECK failed: %s\n", __FILE__, __LINE__, #cond);               \
            exit(1);                                                                               \
        }                                                                                          \
    } while (0)

#define REQUIRE_EQ(a, b)                                                                           \
    do {                                                                                           \
        long long a_ = (long long)(a), b_ = (long long)(b);                                        \
        if (a_ != b_) {                                                                            \
            fprintf(stderr, "%s:%d: CHECK_EQ failed: %s == %s (%lld != %lld)\n", __FILE__,         \
                    __LINE__, #a, #b, a_, b_);                                                     \
            exit(1);                                                                               \
        }                                                                                          \
    } while (0)

/* Runs an EXPECT-style test function and says whether it passed. */
#define RUN(test)                                                                                  \
    do {                                                                                           \
        int before_ = gg_check_failures;                                                           \
        test();                                                                                    \
        printf("%s %s\n", gg_check_failures == before_ ? "ok  " : "FAIL", #test);                  \
    } while (0)

/* Ends main() of an EXPECT-style program: the tally, exit status 1 on any
 * failure. */
#define TEST_END()                                                                                 \
    do {                                                                                           \
        printf("%d checks, %d failed\n", gg_check_count, gg_check_failures);                       \
        return gg_check_failures ? 1 : 0;                                                          \
    } while (0)

typedef struct test_case {
    const char *name;
    int (*fn)(void);
    const char *what;
} test_case;

static inline int run_cases(const test_case *cases, int n, int argc, char **argv)
{
    if (argc > 1 && (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0)) {
        printf("usage: %s [--all | --list | CASE]\n"
               "Runs every case (no argument or --all) or the one named; --list names\n"
               "them with what each checks. Exit 0 when all pass, 1 on a failure, 2 for an\n"
               "unknown case. ctest runs each case as its own test.\n",
               argv[0]);
        return 0;
    }
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

#if defined(_XOPEN_SOURCE) && _XOPEN_SOURCE >= 500
/* Cases in a scratch directory: for programs built with _XOPEN_SOURCE >= 500
 * (nftw, mkdtemp). */
#include <ftw.h>
#include <sys/stat.h>
#include <unistd.h>

/* A case that works in a scratch directory. */
typedef struct test_case_dir {
    const char *name;
    int (*fn)(const char *dir);
    const char *what;
} test_case_dir;

static inline int gg__check_chmod(const char *path, const struct stat *sb, int flag,
                                  struct FTW *ftw)
{
    (void)sb;
    (void)ftw;
    if (flag == FTW_D || flag == FTW_DNR)
        chmod(path, 0700); /* undo a test's chmod */
    return 0;
}

static inline int gg__check_rm(const char *path, const struct stat *sb, int flag, struct FTW *ftw)
{
    (void)sb;
    (void)flag;
    (void)ftw;
    return remove(path);
}

/* rm -rf dir, first making every directory writable again (pre-order). */
static inline void rm_tree(const char *dir)
{
    chmod(dir, 0700);
    nftw(dir, gg__check_chmod, 16, FTW_PHYS);
    nftw(dir, gg__check_rm, 16, FTW_DEPTH | FTW_PHYS);
}

/* As run_cases, each case in a fresh directory TMPDIR/gg-test-XXXXXX. */
static inline int run_cases_dir(const test_case_dir *cases, int n, int argc, char **argv)
{
    if (argc > 1 && (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0)) {
        printf("usage: %s [CASE | --all | --list]\n"
               "Runs one case (or all) in a fresh temporary directory (TMPDIR or /tmp);\n"
               "exit status 0 means it passed.\n",
               argv[0]);
        return 0;
    }
    if (argc > 1 && strcmp(argv[1], "--list") == 0) {
        for (int i = 0; i < n; i++)
            printf("%-24s %s\n", cases[i].name, cases[i].what);
        return 0;
    }
    int all = argc < 2 || strcmp(argv[1], "--all") == 0, failed = 0, ran = 0;
    for (int i = 0; i < n; i++) {
        if (!all && strcmp(argv[1], cases[i].name) != 0)
            continue;
        const char *base = getenv("TMPDIR");
        char dir[512];
        snprintf(dir, sizeof dir, "%s/gg-test-XXXXXX", base && *base ? base : "/tmp");
        if (!mkdtemp(dir)) {
            perror("mkdtemp");
            return 1;
        }
        printf("case %s: %s\n", cases[i].name, cases[i].what);
        fflush(stdout);
        int r = cases[i].fn(dir);
        rm_tree(dir);
        printf("case %s: %s\n", cases[i].name, r ? "FAIL" : "PASS");
        failed += r != 0;
        ran++;
    }
    if (!ran) {
        fprintf(stderr, "no case named '%s' (try --list)\n", argc > 1 ? argv[1] : "");
        return 2;
    }
    return failed ? 1 : 0;
}
#endif /* _XOPEN_SOURCE >= 500 */

#define CASES_MAIN(cases)                                                                          \
    int main(int argc, char **argv)                                                                \
    {                                                                                              \
        return run_cases(cases, (int)(sizeof cases / sizeof cases[0]), argc, argv);                \
    }

#endif
