// ThreadSanitizer builds only (scripts/sanitize thread): makes the Swift runtime's Mutex visible to it.
//
// Synchronization.Mutex inlines its uncontended lock and unlock (instrumented atomics), but a contended one goes
// through _MutexHandle._lockSlow / _tryLockSlow / _unlockSlow in libswiftSynchronization.so, which is not
// instrumented (a spin on plain cmpxchg, then FUTEX_LOCK_PI / FUTEX_UNLOCK_PI). ThreadSanitizer then misses the
// hand-over and reports every contended Mutex-guarded access as a "Swift access race" (four threads incrementing
// one Mutex<Int> 200,000 times each are reported although the count comes out exact). These definitions take the
// place of the library's for this executable, call the library's, and tell ThreadSanitizer what they did. The
// signatures are the Swift ones: `self` (the lock word's address) in the swiftself register, hence swift_context.

#if defined(__has_feature)
#if __has_feature(thread_sanitizer)
#define _GNU_SOURCE
#include <dlfcn.h>
#include <stdbool.h>
#include <stdint.h>

void __tsan_acquire(void *addr);
void __tsan_release(void *addr);

#define LOCK_SLOW "$s15Synchronization12_MutexHandleV9_lockSlowyys6UInt32VF"
#define TRY_LOCK_SLOW "$s15Synchronization12_MutexHandleV12_tryLockSlowSbyF"
#define UNLOCK_SLOW "$s15Synchronization12_MutexHandleV11_unlockSlowyyF"

typedef __attribute__((swiftcall)) void (*lock_slow_fn)(uint32_t, __attribute__((swift_context)) void *);
typedef __attribute__((swiftcall)) bool (*try_lock_slow_fn)(__attribute__((swift_context)) void *);
typedef __attribute__((swiftcall)) void (*unlock_slow_fn)(__attribute__((swift_context)) void *);

static lock_slow_fn real_lock_slow;
static try_lock_slow_fn real_try_lock_slow;
static unlock_slow_fn real_unlock_slow;

__attribute__((constructor)) static void svd_tsan_mutex_init(void) {
    real_lock_slow = (lock_slow_fn)dlsym(RTLD_NEXT, LOCK_SLOW);
    real_try_lock_slow = (try_lock_slow_fn)dlsym(RTLD_NEXT, TRY_LOCK_SLOW);
    real_unlock_slow = (unlock_slow_fn)dlsym(RTLD_NEXT, UNLOCK_SLOW);
}

__attribute__((swiftcall)) void svd_tsan_lock_slow(uint32_t self_id, __attribute__((swift_context)) void *handle)
    __asm__(LOCK_SLOW);
__attribute__((swiftcall)) void svd_tsan_lock_slow(uint32_t self_id, __attribute__((swift_context)) void *handle) {
    real_lock_slow(self_id, handle);
    __tsan_acquire(handle);
}

__attribute__((swiftcall)) bool svd_tsan_try_lock_slow(__attribute__((swift_context)) void *handle) __asm__(TRY_LOCK_SLOW);
__attribute__((swiftcall)) bool svd_tsan_try_lock_slow(__attribute__((swift_context)) void *handle) {
    bool locked = real_try_lock_slow(handle);
    if (locked) __tsan_acquire(handle);
    return locked;
}

__attribute__((swiftcall)) void svd_tsan_unlock_slow(__attribute__((swift_context)) void *handle) __asm__(UNLOCK_SLOW);
__attribute__((swiftcall)) void svd_tsan_unlock_slow(__attribute__((swift_context)) void *handle) {
    __tsan_release(handle);
    real_unlock_slow(handle);
}
#endif
#endif
