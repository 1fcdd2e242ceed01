/* tests/storage/test_durability.c — crash tests: a child process appends and
 * commits records, reports each successful commit through a pipe, and is
 * killed with SIGKILL; the parent then reopens the store and checks that
 * exactly the committed groups are there, whole, and nothing else.
 *
 * (SIGKILL proves consistency across process death. Survival of power loss
 * rests on synchronous=FULL making COMMIT fsync the WAL; a test cannot cut
 * the power, so that part is a documented configuration, not a test.) */
#define _XOPEN_SOURCE 700

#include "store/store.h"

#include "gg/errors.h"

#include "../check.h"

#include <errno.h>
#include <signal.h>
#include <stdint.h>
#include <sys/wait.h>

#define GROUP 5
#define MARK_DONE 0xffffffffu

static size_t payload(uint8_t *buf, uint32_t seq)
{
    size_t n = 20 + seq % 150;
    for (size_t i = 0; i < n; i++)
        buf[i] = (uint8_t)(seq + i * 13u);
    return n;
}

static void report(int fd, uint32_t v)
{
    ssize_t n;
    do
        n = write(fd, &v, sizeof v);
    while (n < 0 && errno == EINTR);
}

/* The child: commits `committed` records in groups of GROUP (reporting the
 * count after each commit; committed == 0 means forever), then appends
 * `pending` more without committing, reports MARK_DONE and waits to die. */
static void child(const char *dir, int64_t game, int fd, uint32_t committed, uint32_t pending)
{
    gg_store *s;
    char err[512];
    if (gg_store_create(dir, &s, err, sizeof err) != 0) {
        fprintf(stderr, "child: %s\n", err);
        _exit(3);
    }
    uint8_t buf[256];
    uint32_t seq = 1;
    for (; committed == 0 || seq <= committed; seq++) {
        if (gg_store_append(s, game, seq, 1, buf, payload(buf, seq)) != 0)
            _exit(4);
        if (seq % GROUP == 0) {
            if (gg_store_commit(s) != 0)
                _exit(5);
            report(fd, seq);
        }
    }
    for (uint32_t i = 0; i < pending; i++, seq++)
        if (gg_store_append(s, game, seq, 1, buf, payload(buf, seq)) != 0)
            _exit(6);
    report(fd, MARK_DONE);
    for (;;)
        pause();
}

typedef struct seen {
    uint32_t n;
    int bad;
} seen;

static int on_record(uint32_t seq, int kind, const uint8_t *p, size_t n, void *ud)
{
    seen *v = ud;
    uint8_t want[256];
    size_t wn = payload(want, seq);
    if (seq != v->n + 1 || kind != 1 || n != wn || memcmp(p, want, n) != 0)
        v->bad++;
    v->n++;
    return 0;
}

/* Creates the game (committed, store closed again) and returns its id. */
static int setup(const char *dir, int64_t *game)
{
    gg_store *s;
    char err[512];
    CHECK_RC(gg_store_create(dir, &s, err, sizeof err), 0);
    gg_game_meta m;
    memset(&m, 0, sizeof m);
    strcpy(m.scenario, "crash");
    CHECK_RC(gg_store_create_game(s, &m, game), 0);
    CHECK_RC(gg_store_commit(s), 0);
    gg_store_destroy(s);
    return 0;
}

/* Runs the child, reads its reports until MARK_DONE (or until `kill_after`
 * records were reported committed, if non-zero), kills it, and returns the
 * highest committed count reported in *reported. */
static int crash_run(const char *dir, int64_t game, uint32_t committed, uint32_t pending,
                     uint32_t kill_after, uint32_t *reported)
{
    int p[2];
    CHECK_RC(pipe(p), 0);
    fflush(NULL);
    pid_t pid = fork();
    CHECK(pid >= 0);
    if (pid == 0) {
        close(p[0]);
        child(dir, game, p[1], committed, pending);
    }
    close(p[1]);
    *reported = 0;
    for (;;) {
        uint32_t v;
        ssize_t n = read(p[0], &v, sizeof v);
        if (n < 0 && errno == EINTR)
            continue;
        if (n != (ssize_t)sizeof v) {
            fprintf(stderr, "child exited early\n");
            kill(pid, SIGKILL);
            waitpid(pid, NULL, 0);
            close(p[0]);
            return 1;
        }
        if (v == MARK_DONE)
            break;
        *reported = v;
        if (kill_after && v >= kill_after)
            break;
    }
    if (kill_after) {
        /* While the child may be mid-commit, prove a cross-process open is refused. */
        gg_store *s2 = NULL;
        char err[512];
        int rc = gg_store_create(dir, &s2, err, sizeof err);
        if (rc != GG_ESTORAGE_OPEN) {
            fprintf(stderr, "second process could open the store: %d\n", rc);
            gg_store_destroy(s2);
            kill(pid, SIGKILL);
            waitpid(pid, NULL, 0);
            close(p[0]);
            return 1;
        }
    }
    CHECK_RC(kill(pid, SIGKILL), 0);
    int status;
    CHECK(waitpid(pid, &status, 0) == pid);
    close(p[0]);
    CHECK(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL);
    return 0;
}

static int count_records(const char *dir, int64_t game, uint32_t *n)
{
    gg_store *s;
    char err[512];
    int rc = gg_store_create(dir, &s, err, sizeof err);
    if (rc)
        fprintf(stderr, "reopen after crash: %s\n", err);
    CHECK_RC(rc, 0);
    seen v = {0, 0};
    CHECK_RC(gg_store_load(s, game, NULL, on_record, NULL, &v), 0);
    CHECK(v.bad == 0);
    /* The store is fully usable after the crash. */
    uint8_t buf[256];
    CHECK_RC(gg_store_append(s, game, v.n + 1, 1, buf, payload(buf, v.n + 1)), 0);
    CHECK_RC(gg_store_commit(s), 0);
    gg_store_destroy(s);
    *n = v.n;
    return 0;
}

static int t_kill_before_commit(const char *dir)
{
    int64_t g;
    uint32_t reported, n;
    CHECK_RC(setup(dir, &g), 0);
    /* 40 committed, then 4 appended into an open group that never commits. */
    CHECK_RC(crash_run(dir, g, 40, 4, 0, &reported), 0);
    CHECK(reported == 40);
    CHECK_RC(count_records(dir, g, &n), 0);
    printf("  committed %u, pending 4, found %u after SIGKILL\n", reported, n);
    CHECK(n == 40);
    return 0;
}

static int t_kill_after_commit(const char *dir)
{
    int64_t g;
    uint32_t reported, n;
    CHECK_RC(setup(dir, &g), 0);
    CHECK_RC(crash_run(dir, g, 45, 0, 0, &reported), 0);
    CHECK(reported == 45);
    CHECK_RC(count_records(dir, g, &n), 0);
    printf("  committed %u, found %u after SIGKILL\n", reported, n);
    CHECK(n == 45);
    return 0;
}

static int t_kill_midstream(const char *dir)
{
    int64_t g;
    uint32_t reported, n;
    CHECK_RC(setup(dir, &g), 0);
    /* The child commits groups forever; kill it at an arbitrary moment. */
    CHECK_RC(crash_run(dir, g, 0, 0, 300, &reported), 0);
    CHECK_RC(count_records(dir, g, &n), 0);
    printf("  last reported commit %u, found %u after SIGKILL\n", reported, n);
    CHECK(n >= reported);  /* every reported commit is there */
    CHECK(n % GROUP == 0); /* and only whole groups */
    return 0;
}

static const test_case_dir cases[] = {
    {"kill_before_commit", t_kill_before_commit, "SIGKILL with an open group: group absent"},
    {"kill_after_commit", t_kill_after_commit, "SIGKILL right after a commit: all present"},
    {"kill_midstream", t_kill_midstream, "SIGKILL at a random point: only whole groups"},
};

int main(int argc, char **argv)
{
    return run_cases_dir(cases, (int)(sizeof cases / sizeof cases[0]), argc, argv);
}
