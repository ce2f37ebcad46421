//! How the C allocator keeps memory. glibc gives threads that allocate at
//! once arenas of their own (up to eight per core), and each arena keeps
//! what was freed in it: with the blocking threads that run SQLite and
//! bcrypt, that held a third of gatehouse's memory under load (a peak of 41
//! MB against 31 with one arena, on 1,000,000 users). Two arenas keep it
//! small without making threads wait for each other. `MALLOC_ARENA_MAX`, if
//! set, is left to decide. Other platforms' allocators are left as they are.

/// Limits glibc's arenas; before the server starts its threads.
#[cfg(all(target_os = "linux", target_env = "gnu"))]
pub fn keep_memory_small() {
    if std::env::var_os("MALLOC_ARENA_MAX").is_none() {
        // SAFETY: mallopt only sets a tuning value of the allocator; called
        // before other threads exist.
        unsafe {
            libc::mallopt(libc::M_ARENA_MAX, 2);
        }
    }
}

#[cfg(not(all(target_os = "linux", target_env = "gnu")))]
pub fn keep_memory_small() {}
