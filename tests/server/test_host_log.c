/* test_host_log.c — gg-server's log lines: values that could split a line
 * or drive a terminal (\r, \n, ESC, DEL, quotes) are quoted and escaped;
 * plain values stay bare; unknown levels are refused with an error code. */
#include <string.h>

#include "../check.h"
#include "gg/errors.h"
#include "log.h"

static int plain_values(void)
{
    char buf[64];
    CHECK_EQ(gg_log_value(buf, sizeof buf, "K7Q2"), 4);
    CHECK_STR(buf, "K7Q2");
    gg_log_value(buf, sizeof buf, "");
    CHECK_STR(buf, "\"\"");
    gg_log_value(buf, sizeof buf, "two words");
    CHECK_STR(buf, "\"two words\"");
    gg_log_value(buf, sizeof buf, "k=v");
    CHECK_STR(buf, "\"k=v\"");
    return 0;
}

static int control_bytes(void)
{
    char buf[128];
    /* a chat line trying to forge a log line and clear the screen */
    const char *evil = "hi\r\nts=0 level=error event=forged\x1b[2J\x7f\"\\";
    size_t n = gg_log_value(buf, sizeof buf, evil);
    CHECK_EQ(n, strlen(buf));
    CHECK_STR(buf, "\"hi\\r\\nts=0 level=error event=forged\\x1b[2J\\x7f\\\"\\\\\"");
    for (const char *p = buf; *p; p++)
        CHECK_MSG((unsigned char)*p >= 0x20 && *p != 0x7f, "raw byte 0x%02x at %d",
                  (unsigned char)*p, (int)(p - buf));
    /* a lone control byte forces quoting too */
    gg_log_value(buf, sizeof buf, "a\x01");
    CHECK_STR(buf, "\"a\\x01\"");
    return 0;
}

static int cut_values(void)
{
    char small[6];
    size_t n = gg_log_value(small, sizeof small, "a b\rc");
    CHECK_EQ(n, 8); /* "a b\\rc" with its quotes */
    CHECK_EQ(strlen(small), 5);
    return 0;
}

static int levels(void)
{
    CHECK_EQ(gg_log_set_level("debug"), GG_OK);
    CHECK(gg_log_enabled(GG_LOG_DEBUG));
    CHECK_EQ(gg_log_set_level("loud"), GG_EBAD_OPTION);
    CHECK(gg_log_enabled(GG_LOG_DEBUG)); /* unchanged */
    CHECK_EQ(gg_log_set_level("error"), GG_OK);
    CHECK(!gg_log_enabled(GG_LOG_WARN));
    return 0;
}

static const test_case cases[] = {
    {"plain_values", plain_values, "bare when safe, quoted when empty or with space or ="},
    {"control_bytes", control_bytes, "\\r, \\n, ESC, DEL, quotes escaped: one line, no raw byte"},
    {"cut_values", cut_values, "a value cut to the buffer stays terminated; full length told"},
    {"levels", levels, "unknown level refused with GG_EBAD_OPTION, level unchanged"},
};

CASES_MAIN(cases)
