#include "supervisor_spawn.h"
#include <malloc.h>

int svd_set_mmap_threshold(int bytes) {
    return mallopt(M_MMAP_THRESHOLD, bytes);
}
