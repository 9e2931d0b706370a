#define _GNU_SOURCE
#include "supervisor_spawn.h"
#include <errno.h>
#include <fcntl.h>

ssize_t svd_splice_to_file(int pipe_fd, int file_fd, int64_t offset, size_t length) {
    loff_t position = (loff_t)offset;
    ssize_t moved;
    do {
        moved = splice(pipe_fd, NULL, file_fd, &position, length, SPLICE_F_MOVE | SPLICE_F_NONBLOCK);
    } while (moved < 0 && errno == EINTR);
    return moved;
}

int svd_set_pipe_size(int pipe_fd, int size) {
    return fcntl(pipe_fd, F_SETPIPE_SZ, size);
}

int svd_pipe_size(int pipe_fd) {
    return fcntl(pipe_fd, F_GETPIPE_SZ);
}
