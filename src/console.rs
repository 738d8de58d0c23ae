//! The Windows console, for a program built for the GUI subsystem (no console window opens when
//! the broker double-clicks it): started from a terminal (`cmd`, PowerShell) with a command, it
//! attaches to that terminal's console so `khaibao --version`, `khaibao doctor` and the other
//! commands print there. Elsewhere nothing needs doing.
//!
//! Windows' own limits: `cmd` does not wait for a GUI-subsystem program, so the prompt comes back
//! before the output and `%ERRORLEVEL%` is not the command's; scripts use `start /wait khaibao …`
//! (see `installer/README.md`). Output redirected to a file or a pipe is inherited as usual and
//! not affected by attaching.

/// Attaches to the parent process's console when there is one (a terminal) and the output is
/// not already going somewhere (redirected to a file or a pipe, as for the token helper, which
/// must keep its pipe); does nothing when there is no console (started from Explorer or a
/// shortcut) or on other systems.
#[cfg(windows)]
#[allow(unsafe_code)]
pub fn attach_to_parent() {
    use windows_sys::Win32::Foundation::INVALID_HANDLE_VALUE;
    use windows_sys::Win32::System::Console::{
        ATTACH_PARENT_PROCESS, AttachConsole, GetStdHandle, STD_OUTPUT_HANDLE,
    };
    // SAFETY: both calls take plain values and touch no memory of ours. GetStdHandle returns
    // null when a GUI-subsystem process was given no output; AttachConsole returns 0 when the
    // parent has no console, and nothing changes then, which is what we want.
    unsafe {
        let output = GetStdHandle(STD_OUTPUT_HANDLE);
        if output.is_null() || output == INVALID_HANDLE_VALUE {
            AttachConsole(ATTACH_PARENT_PROCESS);
        }
    }
}

/// Attaches to the parent process's console (Windows only; nothing to do here).
#[cfg(not(windows))]
pub fn attach_to_parent() {}
