/* loop_wake.c — see loop_wake.h. */
#ifdef __linux__
#include <sys/eventfd.h>
#endif
#include <errno.h>
#include <stdint.h>
#include <unistd.h>

#include "loop_wake.h"

static void on_readable(uv_poll_t *p, int status, int events)
{
    (void)status;
    (void)events;
    loop_wake *w = (loop_wake *)p;
    uint64_t n;
    ssize_t r;
    do
        r = read(w->efd, &n, sizeof n); /* non-blocking: resets the counter */
    while (r < 0 && errno == EINTR);
    w->cb(w);
}

int loop_wake_init(loop_wake *w, uv_loop_t *loop, void (*cb)(loop_wake *w))
{
    w->cb = cb;
#ifdef __linux__
    w->efd = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
#else
    w->efd = -1;
#endif
    if (w->efd < 0)
        return UV_ENOSYS;
    int err = uv_poll_init(loop, &w->poll, w->efd);
    if (err) {
        close(w->efd);
        w->efd = -1;
        return err;
    }
    uv_poll_start(&w->poll, UV_READABLE, on_readable);
    uv_unref((uv_handle_t *)&w->poll);
    return 0;
}

void loop_wake_signal(loop_wake *w)
{
    uint64_t one = 1;
    ssize_t n;
    do
        n = write(w->efd, &one, sizeof one);
    while (n < 0 && errno == EINTR);
    /* EAGAIN (the counter at its maximum) leaves it readable all the same */
}

void loop_wake_close(loop_wake *w, uv_close_cb close_cb)
{
    int fd = w->efd;
    uv_close((uv_handle_t *)&w->poll, close_cb); /* stops polling fd now */
    w->efd = -1;
    if (fd >= 0)
        close(fd);
}
