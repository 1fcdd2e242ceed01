/* tests/storage/check.h — a tiny case runner for the storage tests.
 *
 * A test program defines `static const test_case cases[]` and calls
 * run_cases(). `prog CASE` runs one case in a fresh temporary directory
 * (removed afterwards) and exits 0 on success; `prog --list` prints the case
 * names; `prog --help` explains. CHECK macros print file:line and the failed
 * expression, then make the case return 1. */
#ifndef GG_TESTS_STORAGE_CHECK_H
#define GG_TESTS_STORAGE_CHECK_H

#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define CHECK(cond)                                                                                \
    do {                                                                                           \
        if (!(cond)) {                                                                             \
            fprintf(stderr, "%s:%d: CHECK failed: %s\n", __FILE__, __LINE__, #cond);               \
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

typedef struct test_case {
    const char *name;
    int (*fn)(const char *tmpdir);
    const char *what;
} test_case;

static inline int chmod_dir(const char *path, const struct stat *sb, int flag, struct FTW *ftw)
{
    (void)sb;
    (void)ftw;
    if (flag == FTW_D || flag == FTW_DNR) chmod(path, 0700); /* undo a test's chmod */
    return 0;
}

static inline int rm_entry(const char *path, const struct stat *sb, int flag, struct FTW *ftw)
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
    nftw(dir, chmod_dir, 16, FTW_PHYS);
    nftw(dir, rm_entry, 16, FTW_DEPTH | FTW_PHYS);
}

static inline int run_cases(int argc, char **argv, const test_case *cases, size_t n)
{
    if (argc != 2 || strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
        printf("usage: %s CASE | --list | --all\n"
               "Runs one storage test case in a fresh temporary directory (TMPDIR or /tmp);\n"
               "exit status 0 means it passed.\n",
               argv[0]);
        return argc == 2 ? 0 : 2;
    }
    int all = strcmp(argv[1], "--all") == 0, failed = 0, ran = 0;
    for (size_t i = 0; i < n; i++) {
        if (strcmp(argv[1], "--list") == 0) {
            printf("%-24s %s\n", cases[i].name, cases[i].what);
            continue;
        }
        if (!all && strcmp(argv[1], cases[i].name) != 0) continue;
        const char *base = getenv("TMPDIR");
        char dir[512];
        snprintf(dir, sizeof dir, "%s/gg-store-test-XXXXXX", base && *base ? base : "/tmp");
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
    if (strcmp(argv[1], "--list") == 0) return 0;
    if (!ran) {
        fprintf(stderr, "no case named '%s' (try --list)\n", argv[1]);
        return 2;
    }
    return failed ? 1 : 0;
}

#endif
