/* tests/server/test_net_harness.h — a gg_net echo server running on its own
 * libuv loop in a background thread, plus small client helpers, shared by the
 * test_net_* programs.
 *
 * The server echoes every message on channel 0, except messages whose first
 * byte is 0, which are commands (text after the 0 byte):
 *   join            raise this connection's limit to GG_MAX_MESSAGE; reply "ok"
 *   stats           reply "stats open=.. total=.. in=.. out=.. slow=.. bad=..
 *                   writes=.. closed=.. closes=r1,r2,..": counters (writes:
 *                   native TCP socket writes), on_close calls so far and
 *                   their reasons in order
 *   whoami          reply "<transport> <peer name>"
 *   flood N SIZE    send N messages of SIZE bytes (stops at the first error)
 *   close           reply "bye", then gg_conn_close
 * Replies start with a 0 byte too. All server state lives on the loop thread;
 * the test thread sees it only through replies, and after th_stop.
 */
#ifndef TEST_NET_HARNESS_H
#define TEST_NET_HARNESS_H

#include "net.h"
#include "transport.h"

#include <stdio.h>
#include <stdlib.h>

#include "../check.h"

/* Generous bound for anything that should happen "promptly": a failure guard,
 * never a correctness condition. */
#define TH_WAIT_MS 10000

typedef struct th th;

/* Starts the echo server on 127.0.0.1, port chosen free. Returns the harness
 * (exits the test on failure). */
th *th_start(void);

/* Like th_start with at most `max_peers` connections per transport; a TCP
 * connection over the limit is sent the frame of `refuse` and closed. */
th *th_start_limited(int max_peers, const uint8_t *refuse, size_t refuse_len);
/* What the harness's net sends before closing for an oversize frame. */
#define TH_TOO_BIG "too-big"
#define TH_MALFORMED "malformed" /* ... and for a zero length */

/* Returns the server's port (UDP and TCP). */
int th_port(const th *t);

/* Closes the net from inside its loop, joins the thread, checks that the loop
 * closed cleanly and that every opened connection got exactly one on_close,
 * and frees the harness. Returns the number of connections opened. */
int th_stop(th *t);

/* Opens a gg_transport client to the server (exits on failure). */
gg_client *th_client(th *t, int use_tcp);

/* Sends "\0<text>" and waits for the next message, which must be a command
 * reply; copies its text (after the 0 byte, NUL-terminated) to out. */
void th_cmd(gg_client *c, const char *text, char *out, size_t cap);

/* Queries stats through c until field `name` (e.g. "bad") reaches at least
 * `want`, or TH_WAIT_MS passes (then fails the test). Returns the reply in
 * out. */
void th_wait_stat(gg_client *c, const char *name, unsigned long long want, char *out, size_t cap);

/* Returns the value of field `name` in a stats reply, or ~0ULL. */
unsigned long long th_stat(const char *reply, const char *name);

/* Fills buf with a pattern that depends on seed and position. */
void th_pattern(uint8_t *buf, size_t len, unsigned seed);

/* Raw TCP helpers (blocking socket): connect (optionally with a small receive
 * buffer), write everything, read exactly n bytes within TH_WAIT_MS, and wait
 * for the server to close (returns 1 if it did within TH_WAIT_MS). */
int th_raw_connect(th *t, int rcvbuf);
void th_raw_write(int fd, const void *buf, size_t n);
void th_raw_read(int fd, void *buf, size_t n);
int th_raw_wait_closed(int fd);
/* Writes one frame (4-byte big-endian length + bytes). */
void th_raw_frame(int fd, const void *msg, uint32_t len);

#endif /* TEST_NET_HARNESS_H */
