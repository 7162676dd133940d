// epoll(7) and eventfd(2) for the HTTP server's event loops (Linux only; nothing to link).
//
// Swift's Glibc module exports neither, and `struct epoll_event` is packed on x86-64, which Swift
// cannot lay out; so the loop sees these small unpacked wrappers instead.
#ifndef REGISTRAR_CEPOLL_SHIM_H
#define REGISTRAR_CEPOLL_SHIM_H

#include <errno.h>
#include <stdint.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <unistd.h>

/// One ready descriptor: what happened (EPOLLIN, ...) and the token it was registered with.
typedef struct {
    uint32_t events;
    uint64_t token;
} cepoll_event;

static const uint32_t CEPOLL_IN = EPOLLIN;
static const uint32_t CEPOLL_OUT = EPOLLOUT;
static const uint32_t CEPOLL_ERR = EPOLLERR;
static const uint32_t CEPOLL_HUP = EPOLLHUP;
static const uint32_t CEPOLL_RDHUP = EPOLLRDHUP;
static const uint32_t CEPOLL_ET = EPOLLET;

#define CEPOLL_MAX_EVENTS 256

/// An epoll instance, close-on-exec; -1 and errno on failure.
static inline int cepoll_create(void) { return epoll_create1(EPOLL_CLOEXEC); }

/// Registers `fd` for `events` with `token` (EPOLL_CTL_ADD); 0, or -1 and errno.
static inline int cepoll_add(int epfd, int fd, uint32_t events, uint64_t token) {
    struct epoll_event event = { .events = events, .data = { .u64 = token } };
    return epoll_ctl(epfd, EPOLL_CTL_ADD, fd, &event);
}

/// Changes what `fd` is watched for (EPOLL_CTL_MOD); 0, or -1 and errno.
static inline int cepoll_modify(int epfd, int fd, uint32_t events, uint64_t token) {
    struct epoll_event event = { .events = events, .data = { .u64 = token } };
    return epoll_ctl(epfd, EPOLL_CTL_MOD, fd, &event);
}

/// Stops watching `fd` (EPOLL_CTL_DEL); 0, or -1 and errno.
static inline int cepoll_remove(int epfd, int fd) {
    struct epoll_event event = { 0 };
    return epoll_ctl(epfd, EPOLL_CTL_DEL, fd, &event);
}

/// Waits up to `timeout` ms for at most `max` (capped at CEPOLL_MAX_EVENTS) events and copies them
/// to `out`; returns their number, or -1 and errno (EINTR included).
static inline int cepoll_wait(int epfd, cepoll_event *out, int max, int timeout) {
    struct epoll_event events[CEPOLL_MAX_EVENTS];
    if (max > CEPOLL_MAX_EVENTS) max = CEPOLL_MAX_EVENTS;
    int count = epoll_wait(epfd, events, max, timeout);
    for (int i = 0; i < count; i++) {
        out[i].events = events[i].events;
        out[i].token = events[i].data.u64;
    }
    return count;
}

/// A non-blocking, close-on-exec eventfd (counter 0); -1 and errno on failure.
static inline int cepoll_eventfd(void) { return eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC); }

/// Adds 1 to the eventfd's counter (wakes its waiter); a full counter (EAGAIN) already wakes it.
static inline void cepoll_signal(int fd) {
    uint64_t one = 1;
    while (write(fd, &one, sizeof one) < 0 && errno == EINTR) {}
}

/// Resets the eventfd's counter to 0.
static inline void cepoll_drain(int fd) {
    uint64_t value;
    while (read(fd, &value, sizeof value) < 0 && errno == EINTR) {}
}

#endif
