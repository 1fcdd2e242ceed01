/* secret.h — unguessable join codes and resume tokens from the kernel's
 * random source (getrandom). */
#ifndef GG_HOST_SECRET_H
#define GG_HOST_SECRET_H

#include <stddef.h>

/* Join codes: GG_CODE_LEN characters from an alphabet without look-alikes
 * (no 0/O, 1/I/L), written as XXXX-XXXX so a teacher can put them on a
 * whiteboard: 8 symbols of 31 = 39 bits, and the server disconnects
 * clients that guess wrong repeatedly. */
#define GG_CODE_CHARS 8
#define GG_CODE_LEN (GG_CODE_CHARS + 1)

/* Writes a fresh code ("K7Q2-MX4P") into out (>= GG_CODE_LEN + 1 bytes).
 * Returns GG_OK, or GG_EINTERNAL if the kernel's random source failed. */
int gg_secret_code(char *out);

/* Writes `hexlen` lowercase hex digits (even, <= 64) and a NUL. Returns
 * GG_OK, or GG_EINTERNAL (hexlen odd or > 64, or no randomness). */
int gg_secret_hex(char *out, size_t hexlen);

/* Normalises a code typed by a human: upper-cases, drops spaces and dashes,
 * and writes it back with the dash after 4 symbols.
 * Returns GG_OK, or GG_EBAD_CODE if it cannot be a code. */
int gg_secret_normalise(const char *in, char *out);

#endif
