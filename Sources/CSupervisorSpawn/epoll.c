#define _GNU_SOURCE
#include "supervisor_spawn.h"
#include <sys/epoll.h>

int svd_epoll_create(void) {
    return epoll_create1(EPOLL_CLOEXEC);
}

int svd_epoll_watch_oneshot(int epfd, int fd, uint64_t id, int modify) {
    struct epoll_event event = {0};
    event.events = EPOLLIN | EPOLLONESHOT;
    event.data.u64 = id;
    return epoll_ctl(epfd, modify ? EPOLL_CTL_MOD : EPOLL_CTL_ADD, fd, &event);
}

int svd_epoll_unwatch(int epfd, int fd) {
    struct epoll_event event = {0};
    return epoll_ctl(epfd, EPOLL_CTL_DEL, fd, &event);
}

int svd_epoll_wait_ids(int epfd, uint64_t *ids, int max, int timeout_ms) {
    struct epoll_event events[64];
    if (max > 64) max = 64;
    int n = epoll_wait(epfd, events, max, timeout_ms);
    for (int i = 0; i < n; i++) ids[i] = events[i].data.u64;
    return n;
}

int svd_epoll_watch_oneshot_out(int epfd, int fd, uint64_t id, int modify) {
    struct epoll_event event = {0};
    event.events = EPOLLOUT | EPOLLONESHOT;
    event.data.u64 = id;
    return epoll_ctl(epfd, modify ? EPOLL_CTL_MOD : EPOLL_CTL_ADD, fd, &event);
}
