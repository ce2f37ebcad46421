//! Windows: closing the console window (and logging off, or shutting the
//! computer down) stops the server as Ctrl-C does. Windows sends the console
//! a close event and ends the process as soon as the handler returns, five
//! seconds at most after the event: the handler asks Rocket to stop, then
//! waits until requests in flight have finished and the database is closed.
//! Ctrl-Break stops it the same way (Rocket itself listens for Ctrl-C only).

use std::sync::{Condvar, Mutex, OnceLock};
use std::time::Duration;

use windows_sys::Win32::System::Console::{
    SetConsoleCtrlHandler, CTRL_BREAK_EVENT, CTRL_CLOSE_EVENT, CTRL_LOGOFF_EVENT, CTRL_SHUTDOWN_EVENT,
};

/// The running server's stop button, once it serves.
static SHUTDOWN: OnceLock<rocket::Shutdown> = OnceLock::new();
/// True once serving has stopped and the database is closed.
static STOPPED: (Mutex<bool>, Condvar) = (Mutex::new(false), Condvar::new());
/// Windows gives the handler five seconds; what is left is for the process's own exit.
const LONGEST_WAIT: Duration = Duration::from_millis(4500);

/// Called when the server serves: from now on the console's close event,
/// Ctrl-Break, logging off and shutting down stop it cleanly.
pub fn stop_on_close(shutdown: rocket::Shutdown) {
    if SHUTDOWN.set(shutdown).is_ok() {
        // SAFETY: `handler` is a plain function that lives as long as the process.
        unsafe { SetConsoleCtrlHandler(Some(handler), 1) };
    }
}

/// Called when serving has stopped and everything it held is closed.
pub fn stopped() {
    let (done, changed) = &STOPPED;
    *done.lock().unwrap_or_else(|e| e.into_inner()) = true;
    changed.notify_all();
}

/// Runs on a thread of its own that Windows starts for the event.
unsafe extern "system" fn handler(event: u32) -> windows_sys::core::BOOL {
    let Some(shutdown) = SHUTDOWN.get() else {
        return 0;
    };
    match event {
        CTRL_BREAK_EVENT => {
            shutdown.clone().notify();
            1
        }
        CTRL_CLOSE_EVENT | CTRL_LOGOFF_EVENT | CTRL_SHUTDOWN_EVENT => {
            shutdown.clone().notify();
            let (done, changed) = &STOPPED;
            let guard = done.lock().unwrap_or_else(|e| e.into_inner());
            let _ = changed.wait_timeout_while(guard, LONGEST_WAIT, |done| !*done);
            1
        }
        _ => 0,
    }
}
