//! The Windows console, for a program built for the GUI subsystem (no console window opens when
//! the broker double-clicks it): started from a terminal (`cmd`, PowerShell) for a command, it
//! attaches to that terminal's console so `khaibao --version`, `khaibao doctor` and the other
//! commands print there. Elsewhere nothing needs doing.
//!
//! Windows' own limits: `cmd` does not wait for a GUI-subsystem program, so the prompt comes back
//! before the output and `%ERRORLEVEL%` is not the command's (scripts use `start /wait`, see
//! `installer/README.md`); and the terminal reads the keyboard at the same time as the program,
//! so nothing secret may be asked there ([`shares_parent_terminal`]). Output redirected to a file
//! or a pipe is inherited as usual and not affected.

use std::sync::atomic::{AtomicBool, Ordering};

static ATTACHED: AtomicBool = AtomicBool::new(false);

/// Whether this process attached to its parent's console: the terminal it came from goes on
/// reading the keyboard, so a PIN must not be typed there.
pub fn shares_parent_terminal() -> bool {
    ATTACHED.load(Ordering::Relaxed)
}

/// Attaches to the parent process's console when there is one (a terminal) and neither output
/// is going somewhere already (redirected to a file or a pipe, as for the token helper, which
/// must keep its pipes); does nothing when there is no console (started from Explorer or a
/// shortcut) or on other systems.
#[cfg(windows)]
#[allow(unsafe_code)]
pub fn attach_to_parent() {
    use windows_sys::Win32::Foundation::INVALID_HANDLE_VALUE;
    use windows_sys::Win32::System::Console::{
        ATTACH_PARENT_PROCESS, AttachConsole, GetStdHandle, STD_ERROR_HANDLE, STD_OUTPUT_HANDLE,
    };
    // SAFETY: these calls take plain values and touch no memory of ours. GetStdHandle returns
    // null when a GUI-subsystem process was given no handle; AttachConsole returns 0 when the
    // parent has no console, and nothing changes then, which is what we want.
    let attached = unsafe {
        let none = |handle: windows_sys::Win32::Foundation::HANDLE| {
            handle.is_null() || handle == INVALID_HANDLE_VALUE
        };
        none(GetStdHandle(STD_OUTPUT_HANDLE))
            && none(GetStdHandle(STD_ERROR_HANDLE))
            && AttachConsole(ATTACH_PARENT_PROCESS) != 0
    };
    ATTACHED.store(attached, Ordering::Relaxed);
}

/// Attaches to the parent process's console (Windows only; nothing to do here).
#[cfg(not(windows))]
pub fn attach_to_parent() {}
