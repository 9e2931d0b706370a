import CSupervisorSpawn

/// Call right before a call that never returns on this thread, such as `dispatchMain()`: in an AddressSanitizer
/// build it clears the poison of this thread's stack frames, which that call's pthread_exit would leave behind for
/// the signal handling that later runs on the same stack. Does nothing in other builds.
public func sanitizerBeforeNoReturn() {
    svd_sanitizer_before_no_return()
}
