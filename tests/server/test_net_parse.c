/* tests/server/test_net_parse.c — gg_client_parse_hostport: accepted forms,
 * defaults, schemes, and rejection of malformed strings. No network. */
#include "gg/errors.h"
#include "transport.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../check.h"

static void ok(const char *s, int def, const char *host, int port, int tcp)
{
    char h[64];
    int p = -1, t = -1;
    int rc = gg_client_parse_hostport(s, def, h, sizeof h, &p, &t);
    EXPECT_MSG(rc == 0 && !strcmp(h, host) && p == port && t == tcp,
               "parse(\"%s\") -> %d host=%s port=%d tcp=%d", s, rc, rc ? "" : h, p, t);
}

static void bad(const char *s, size_t cap)
{
    char h[64];
    int p;
    EXPECT_MSG(gg_client_parse_hostport(s, 7777, h, cap, &p, NULL) == GG_EBAD_OPTION,
               "parse(\"%s\") accepted", s ? s : "(null)");
}

int main(int argc, char **argv)
{
    (void)argv;
    if (argc > 1) {
        printf("usage: test_net_parse (no arguments; exits 0 when all cases pass)\n");
        return 0;
    }
    ok("localhost", 7777, "localhost", 7777, -1);
    ok("127.0.0.1:9000", 7777, "127.0.0.1", 9000, -1);
    ok("example.org:1", 7777, "example.org", 1, -1);
    ok("tcp://10.0.0.2", 7777, "10.0.0.2", 7777, 1);
    ok("enet://10.0.0.2:65535", 7777, "10.0.0.2", 65535, 0);
    bad(NULL, 64);
    bad("", 64);
    bad(":7777", 64);
    bad("host:", 64);
    bad("host:0", 64);
    bad("host:65536", 64);
    bad("host:12x", 64);
    bad("host:-5", 64);
    bad("tcp://", 64);
    bad("averyveryverylonghostname", 8);
    TEST_END();
}
