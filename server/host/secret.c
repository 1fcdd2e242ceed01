/* secret.c — codes and tokens from getrandom(2). */
#include "secret.h"

#include <ctype.h>
#include <string.h>
#include <sys/random.h>

#include "gg/errors.h"

static const char alphabet[] = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"; /* 31 symbols */

static int fill(unsigned char *buf, size_t n)
{
    size_t got = 0;
    while (got < n) {
        ssize_t r = getrandom(buf + got, n - got, 0);
        if (r < 0)
            return GG_EINTERNAL;
        got += (size_t)r;
    }
    return 0;
}

int gg_secret_code(char *out)
{
    unsigned char r[GG_CODE_CHARS * 2];
    if (fill(r, sizeof r) != 0)
        return GG_EINTERNAL;
    int k = 0;
    for (int i = 0; i < GG_CODE_CHARS; i++) {
        /* 16 random bits per symbol: modulo bias below 1/2000. */
        unsigned v = (unsigned)r[2 * i] << 8 | r[2 * i + 1];
        if (i == 4)
            out[k++] = '-';
        out[k++] = alphabet[v % (sizeof alphabet - 1)];
    }
    out[k] = 0;
    return 0;
}

int gg_secret_hex(char *out, size_t hexlen)
{
    unsigned char r[32];
    if (hexlen > 64 || hexlen % 2 || fill(r, hexlen / 2) != 0)
        return GG_EINTERNAL;
    for (size_t i = 0; i < hexlen / 2; i++) {
        out[2 * i] = "0123456789abcdef"[r[i] >> 4];
        out[2 * i + 1] = "0123456789abcdef"[r[i] & 15];
    }
    out[hexlen] = 0;
    return 0;
}

int gg_secret_normalise(const char *in, char *out)
{
    int k = 0;
    for (; *in; in++) {
        int c = toupper((unsigned char)*in);
        if (c == ' ' || c == '-')
            continue;
        if (!strchr(alphabet, c) || c == 0 || k >= GG_CODE_CHARS)
            return GG_EBAD_CODE;
        if (k == 4)
            *out++ = '-';
        *out++ = (char)c;
        k++;
    }
    *out = 0;
    return k == GG_CODE_CHARS ? GG_OK : GG_EBAD_CODE;
}
