//! Opening a file with the system's own viewer (the PDF reader the broker chose): `xdg-open`
//! on Linux and the BSDs, `open` on macOS, `start` on Windows. Not waited for: the viewer
//! stays open after KhaiBao moves on.

use std::path::Path;
use std::process::{Command, Stdio};

/// Starts the system's viewer on `path`; an error when no opener could be started.
pub fn open(path: &Path) -> std::io::Result<()> {
    let mut command = if cfg!(target_os = "windows") {
        let mut c = Command::new("cmd");
        // `start` takes its first quoted argument as a window title: an empty one first.
        c.args(["/C", "start", ""]).arg(path);
        c
    } else if cfg!(target_os = "macos") {
        let mut c = Command::new("open");
        c.arg(path);
        c
    } else {
        let mut c = Command::new("xdg-open");
        c.arg(path);
        c
    };
    let mut child = command
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()?;
    // Reaped in the background: some openers run the viewer in the foreground.
    std::thread::spawn(move || child.wait());
    Ok(())
}
