/* log.h — structured log lines on stderr: one event per line, key=value.
 *   ts=2026-11-22T06:30:00.123Z level=info event=game_created game=K7Q2 scenario=classroom
 * A value that is empty or holds a space, '"', '=', '\\', or a control byte is quoted,
 * and inside the quotes '"', '\\', \n, \r, \t and every other control byte (ESC
 * included) are escaped (\xHH), so a client's text can neither split a line nor drive
 * the terminal. Not thread-safe (one loop). */
#ifndef GG_HOST_LOG_H
#define GG_HOST_LOG_H

enum gg_log_level { GG_LOG_ERROR = 0, GG_LOG_WARN, GG_LOG_INFO, GG_LOG_DEBUG };

#include <stddef.h>

/* Sets the lowest level printed; returns GG_OK, or GG_EBAD_OPTION for an
 * unknown name ("error", "warn", "info", "debug"). */
int gg_log_set_level(const char *name);
int gg_log_enabled(int level);

/* The end of gg_log's key/value list: a typed null pointer (a bare NULL may
 * be an int, which a variadic function must not read as a pointer). */
#define GG_LOG_END ((const char *)0)

/* Logs `event` with pairs of (key, value) strings ended by GG_LOG_END:
 * gg_log(GG_LOG_INFO, "game_created", "game", id, "scenario", name, GG_LOG_END). */
void gg_log(int level, const char *event, ...);

/* Formats one value as gg_log writes it (quoted and escaped when needed)
 * into dst (cap bytes, always terminated when cap > 0). Returns the full
 * length, as snprintf: >= cap means it was cut. */
size_t gg_log_value(char *dst, size_t cap, const char *v);

#endif
