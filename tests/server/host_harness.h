/* host_harness.h — the integration-test harness for gg-server (the
 * gg_test_host library, host_harness.c): it starts the real binary on
 * 127.0.0.1 with a port chosen by the kernel, opens test clients that speak
 * the protocol over ENet or TCP and decode what they receive, and runs a
 * test program's cases (hh_main). Every server a test starts is stopped
 * (server_stop, or at exit for failing paths) and every scratch directory
 * and server log is removed unless the case failed.
 *
 * The seat driver (reference bots over the network) is host_driver.h; the
 * attackers and the bystander game of the abuse tests are abuse_util.h. */
#ifndef GG_HOST_HARNESS_H
#define GG_HOST_HARNESS_H

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

int usleep(unsigned usec); /* POSIX.1-2001; not declared in strict 2008 mode */

#include "gg/protocol.h"
#include "transport.h"

#include "../check.h" /* EXPECT: a failed check is counted, the case goes on */

/* ---- running a test program ------------------------------------------- */

/* One case of a test program: `prog GG_SERVER CASE` runs `run`. */
typedef struct hh_case {
    const char *name;
    void (*run)(void);
} hh_case;

#define HH_COUNT(array) ((int)(sizeof(array) / sizeof((array)[0])))

/* The gg-server binary under test (argv[1]). */
extern const char *hh_server_bin;
/* The program path named `tool` in hh_main (e.g. gg-arena), else NULL. */
extern const char *hh_tool;
/* The optional word after the case name (`prog GG_SERVER CASE ARG`), else
 * NULL. */
extern const char *hh_case_arg;
/* Problems the harness itself found (an undecodable message from the
 * server, a bystander that stalled, a scratch directory it could not
 * make): counted as failures of the case, as EXPECT failures are. */
extern int hh_failures;

/* The main() of a test program whose command line is
 *     PROG GG_SERVER [TOOL] CASE [ARG]
 * (TOOL only when `tool` names it, e.g. "GG_ARENA"). Sets hh_server_bin,
 * hh_tool and hh_case_arg, runs the case named CASE, then closes every
 * client, stops every server still running and reports `ok   CASE` or
 * `FAIL CASE` on stdout. A failed case keeps its server logs (named on
 * stderr); a passed one removes them. `failures` is the program's own
 * gg_check_failures (check.h keeps one per source file).
 * Returns the exit status: 0 passed, 1 failed, 2 bad usage or no such case
 * (`--help` lists the cases). */
int hh_main(int argc, char **argv, const char *tool, const hh_case *cases, int ncases,
            const int *failures);

/* Makes a fresh directory /tmp/gg-test-WHAT-XXXXXX in dir (cap bytes; 64
 * is plenty). Returns 0, or -1 counted in hh_failures. */
int hh_mkdata(char *dir, size_t cap, const char *what);

/* Removes dir and everything in it (rm -rf). Returns 0, or -1 counted in
 * hh_failures. */
int hh_rmdata(const char *dir);

/* ---- the server process --------------------------------------------- */

typedef struct hh_server {
    pid_t pid;
    int port;
    char log[256];          /* its stderr, kept for failing tests */
    struct hh_server *next; /* listed while its process runs */
} hh_server;

/* Starts gg-server with extra arguments (NULL-terminated) plus --port 0
 * (or --port PORT when port > 0) and waits up to 5 s for its `listening`
 * log line. Returns 0, or -1 (said on stderr if the server exited). The
 * server runs until server_stop, or is killed when the test exits. */
int server_start(hh_server *sv, int port, ...);

/* server_start with the debug log, on an ephemeral port: journalled in
 * `data` when it is not NULL, else with --no-journal. Returns 0 or -1;
 * a failed start counts in hh_failures. */
int hh_start_game_server(hh_server *sv, const char *data);

/* Stops the server with `sig` (SIGTERM: orderly; SIGKILL: crash) and reaps
 * it. Returns its exit status (or 128+signal); -1 if it was not running. */
int server_stop(hh_server *sv, int sig);

/* Whether the server's log (its stderr so far) holds `needle`, e.g.
 * "event=journal_sync_failed". 1 or 0. */
int hh_logged(const hh_server *sv, const char *needle);

/* How many games of `scenario` `gg-server list --data dir` lists; -1 when
 * list fails. */
int hh_stored_games(const char *dir, const char *scenario);

/* ---- a test client ---------------------------------------------------- */

#define HH_INBOX 512

typedef struct hh_client {
    gg_client *c;
    gg_msg inbox[HH_INBOX]; /* decoded messages not yet taken, oldest first */
    int n;
    uint32_t last_seq;   /* highest stream seq seen */
    uint32_t seqs[4096]; /* every stream seq seen, in arrival order */
    int nseqs;
    int closed;
    char token[GG_MAX_TOKEN + 1];
    char game[GG_MAX_CODE + 1]; /* the game id hh_join joined */
    int who;
    uint32_t rid;
} hh_client;

/* Connects to the server (TCP when tcp, else ENet). Returns 0 or an error
 * code. The client stays open until hh_close or hh_close_all. */
int hh_open(hh_client *t, const hh_server *sv, int tcp);

/* hh_open, then hello: a client in the lobby. Returns 0 or -1. */
int hh_connect(hh_client *t, const hh_server *sv, int tcp);

void hh_close(hh_client *t);

/* Closes every open client, so a case leaves nothing behind for the leak
 * checker. */
void hh_close_all(void);

/* Encodes and sends `m`, giving it the next rid unless it has one. Returns
 * 0 or an error code. */
int hh_send(hh_client *t, gg_msg *m);

/* Sends bytes as they are (channel 0). Returns 0 or an error code. */
int hh_send_raw(hh_client *t, const void *bytes, size_t len);

/* Receives what is there (waiting up to timeout_ms for the first message)
 * into the inbox; answers the server's idle pings. Returns how many
 * arrived, or -1 once disconnected. */
int hh_pump(hh_client *t, int timeout_ms);

/* Takes the first inbox message of `type` (and, for notices, whose `what`
 * is `what` when not NULL), waiting up to timeout_ms in total. Returns 1
 * and *out (when out is not NULL), or 0. Messages before it stay. */
int hh_take_where(hh_client *t, int type, const char *what, gg_msg *out, int timeout_ms);

/* hh_take_where for any message of `type`. */
int hh_take(hh_client *t, int type, gg_msg *out, int timeout_ms);

/* Takes the first `notice` whose `what` is `what` (others stay). */
int hh_take_notice(hh_client *t, const char *what, gg_msg *out, int timeout_ms);

/* Whether the inbox holds a message of `type` (no waiting). */
int hh_has(const hh_client *t, int type);

/* Empties the inbox. */
void hh_clear(hh_client *t);

/* Sends `m` and waits for its reply (same rid): ok, error or the named
 * reply type. Returns the reply's type and fills *reply (when not NULL);
 * -1 when none came. */
int hh_request(hh_client *t, gg_msg *m, gg_msg *reply, int timeout_ms);

/* hh_request on a connection of its own (TCP, after hello), closed
 * afterwards. Returns the reply's type, or -1. */
int hh_request_once(const hh_server *sv, gg_msg *m, gg_msg *reply, int timeout_ms);

/* Says hello. Returns 0 (welcome) or -1. */
int hh_hello(hh_client *t);

/* Sends the create_game `create` (see hh_create_msg). Returns 0 and fills
 * *created (game_created), or -1. */
int hh_create(hh_client *t, gg_msg *create, gg_msg *created);

/* hh_create through a connection of its own, closed afterwards. */
int hh_create_game(const hh_server *sv, gg_msg *create, gg_msg *created);

/* Joins with `code`: keeps the seat's token, who, the game id and the
 * stream head. Returns 0, the server's error code, or -1 (no answer). */
int hh_join(hh_client *t, const char *code);

/* Resumes with `token` after stream seq `last`; keeps the rotated token
 * and who. Returns 0 or -1. */
int hh_resume(hh_client *t, const char *token, uint32_t last);

/* One `stats` request, its parts read in order: up to cap metrics into
 * out; returns how many the reply held, or -1 when it failed or its parts
 * were out of order. */
int hh_stats(hh_client *t, gg_stat *out, int cap);

/* The value of the server metric `name` from `stats` (0 if it is not
 * listed), or -1 when the request fails. */
int64_t hh_stat(hh_client *t, const char *name);

/* The value of metric `name` (a counter or gauge line "NAME VALUE") from
 * GET /metrics on the server's game port, or -1 when it is absent or the
 * request fails. */
long long hh_metric(const hh_server *sv, const char *name);
/* The same for a metric with a fractional value (seconds), or -1. */
double hh_metric_f(const hh_server *sv, const char *name);

/* The creator key hh_create_msg puts in create_game (a server started
 * with --create-key), or NULL. */
extern const char *hh_create_key;

/* A create_game message with no deadlines and the given scenario. */
void hh_create_msg(gg_msg *m, const char *scenario, uint64_t seed);

/* hh_create_msg with server bots of `strategy` on every seat but
 * Kazakhstan, the seat the tests play over the network. */
void hh_create_bots_msg(gg_msg *m, const char *scenario, uint64_t seed, const char *strategy);

#endif
