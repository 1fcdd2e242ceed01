/* client_opts.c — command-line pieces shared by the networked C clients
 * (contracts in client_opts.h). */
#include "client_opts.h"

#include <stdio.h>

#include "transport.h"

int gg_client_check_server(const char *prog, const char *server)
{
    if (!server)
        return gg_opt_bad(prog, NULL, "--server HOST:PORT is required", NULL);
    char host[256];
    int port, tcp = -1;
    if (gg_client_parse_hostport(server, GG_CLIENT_DEFAULT_PORT, host, sizeof host, &port, &tcp) !=
        0)
        return gg_opt_bad(prog, NULL, "--server is not HOST, HOST:PORT or tcp://HOST:PORT", server);
    return 0;
}

int gg_client_session_open(gg_session *s, const char *prog, const char *server, int tcp,
                           const char *name, int timeout_ms)
{
    int err = gg_session_init(s, server, tcp, name);
    if (!err)
        err = gg_session_connect(s, timeout_ms);
    if (err) {
        fprintf(stderr, "%s: %s\n", prog, s->err[0] ? s->err : gg_strerror(err));
        return err;
    }
    char warn[512];
    if (gg_session_rules_mismatch(s, warn, sizeof warn))
        fprintf(stderr, "%s: warning: %s\n", prog, warn);
    return 0;
}
