//! Freed memory handed back to the system.
//!
//! glibc's allocator keeps the small blocks a program frees in its arenas
//! for reuse, and they stay in the process's resident memory until it
//! trims them. Some stages free a million small blocks at once (every
//! record's MinHash signature once LSH has used it, every sample record's
//! tokens once boilerplate is learned) and what comes next allocates few
//! small blocks, so that memory would count in the run's peak for
//! nothing.

/// Return free heap memory to the system, where the allocator keeps it
/// (glibc); elsewhere nothing to do.
pub fn give_back() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: malloc_trim only releases free memory the allocator holds; it
    // is safe to call at any time, from any thread.
    unsafe {
        libc::malloc_trim(0);
    }
}
