/* client_opts.h — the command-line pieces every networked C client
 * (gg-client, gg-bot) shares: the --server and --tcp option entries, the
 * check of --server, and opening a session with a clear error. Part of
 * gg_netlib. */
#ifndef GG_CLIENT_OPTS_H
#define GG_CLIENT_OPTS_H

#include "gg/util.h"
#include "session.h"

/* The --server option entry of a gg_opt table, answering `key`. */
#define GG_CLIENT_OPT_SERVER(key)                                                                  \
    {                                                                                              \
        "server", (key), "HOST:PORT",                                                              \
            "the server (tcp://HOST:PORT forces TCP); port default " GG_STR(                       \
                GG_CLIENT_DEFAULT_PORT)                                                            \
    }

/* The --tcp option entry of a gg_opt table, answering `key`. */
#define GG_CLIENT_OPT_TCP(key)                                                                     \
    {                                                                                              \
        "tcp", (key), NULL, "use TCP instead of ENet (UDP)"                                        \
    }

/* Checks a --server value: given, and HOST, HOST:PORT or tcp://HOST:PORT.
 * Returns 0, or 2 after saying what is wrong on stderr as
 * "PROG: ... (see PROG --help)" (gg_opt_bad). */
int gg_client_check_server(const char *prog, const char *server);

/* gg_session_init for `server` (tcp forces TCP) as client `name`, then
 * gg_session_connect within timeout_ms. On failure says "PROG: why" on
 * stderr. Returns 0 or the error code; call gg_session_close either way. */
int gg_client_session_open(gg_session *s, const char *prog, const char *server, int tcp,
                           const char *name, int timeout_ms);

#endif
