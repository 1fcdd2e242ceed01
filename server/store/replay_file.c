/* store/replay_file.c — replay files on disk: the atomic writer used by
 * `gg-server export` and a reader that loads a whole file and validates it
 * with the pure codec in game/ (include/gg/game.h). */
#define _POSIX_C_SOURCE 200809L

#include "store.h"

#include "gg/errors.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static int io_err(char *err, size_t errlen, const char *fmt, const char *path)
{
    int e = errno;
    if (err && errlen) {
        snprintf(err, errlen, fmt, path);
        size_t n = strlen(err);
        snprintf(err + n, errlen - n, ": %s; check the directory exists, is writable and has space",
                 strerror(e));
    }
    return GG_ESTORAGE_IO;
}

int gg_replay_write_file(const char *path, const uint8_t *buf, size_t len, char *err, size_t errlen)
{
    size_t plen = strlen(path);
    char *tmp = malloc(plen + 16);
    if (!tmp)
        return GG_EINTERNAL;
    memcpy(tmp, path, plen);
    memcpy(tmp + plen, ".tmp.XXXXXX", 12);
    int fd = mkstemp(tmp);
    if (fd < 0) {
        int rc = io_err(err, errlen, "cannot create a temporary file next to '%s'", path);
        free(tmp);
        return rc;
    }
    size_t off = 0;
    while (off < len) {
        ssize_t n = write(fd, buf + off, len - off);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            goto fail;
        off += (size_t)n;
    }
    if (fchmod(fd, 0644) != 0 || fsync(fd) != 0)
        goto fail;
    if (close(fd) != 0) {
        fd = -1;
        goto fail;
    }
    fd = -1;
    if (rename(tmp, path) != 0)
        goto fail;
    free(tmp);
    /* Make the rename itself durable. */
    char *dir = strdup(path);
    if (!dir)
        return GG_EINTERNAL;
    char *slash = strrchr(dir, '/');
    if (slash == dir)
        slash[1] = '\0';
    else if (slash)
        *slash = '\0';
    else
        strcpy(dir, ".");
    int dfd = open(dir, O_RDONLY | O_DIRECTORY);
    int rc = 0;
    if (dfd < 0 || fsync(dfd) != 0)
        rc = io_err(err, errlen, "cannot sync directory of '%s'", path);
    if (dfd >= 0)
        close(dfd);
    free(dir);
    return rc;
fail:;
    int rc2 = io_err(err, errlen, "cannot write replay file '%s'", path);
    int e = errno;
    if (fd >= 0)
        close(fd);
    unlink(tmp);
    free(tmp);
    errno = e;
    return rc2;
}

int gg_replay_read_file(const char *path, gg_replay **out, char *err, size_t errlen)
{
    *out = NULL;
    int fd = open(path, O_RDONLY);
    struct stat st;
    if (fd < 0 || fstat(fd, &st) != 0) {
        if (err && errlen)
            snprintf(err, errlen, "cannot open replay file '%s': %s", path, strerror(errno));
        if (fd >= 0)
            close(fd);
        return GG_ESTORAGE_OPEN;
    }
    if (!S_ISREG(st.st_mode) || st.st_size > (off_t)GG_REPLAY_MAX_FILE) {
        if (err && errlen)
            snprintf(err, errlen, "'%s' is not a regular file of at most %u bytes", path,
                     GG_REPLAY_MAX_FILE);
        close(fd);
        return GG_EREPLAY_FORMAT;
    }
    size_t size = (size_t)st.st_size, off = 0;
    uint8_t *buf = malloc(size ? size : 1);
    if (!buf) {
        close(fd);
        return GG_EINTERNAL;
    }
    while (off < size) {
        ssize_t n = read(fd, buf + off, size - off);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            break; /* a file that shrank is caught as truncation below */
        off += (size_t)n;
    }
    close(fd);
    return gg_replay_create_owned(buf, off, out, err, errlen);
}
