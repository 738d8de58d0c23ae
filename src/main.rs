//! The `khaibao` program. clap alone decides: no command, a declaration file, or
//! `khaibao open ID [--tab T]` opens the desktop window with the same `--data`, `--now` and
//! `--lang`; anything else is the CLI.
//!
//! On Windows the program is built for the GUI subsystem, so double-clicking it opens no console
//! window; started from a terminal with a command, it attaches to that terminal's console first
//! so the command line prints there ([`khaibao::console`]).

// No console window behind the desktop window on Windows, in every build profile, so what is
// tested is what ships.
#![cfg_attr(windows, windows_subsystem = "windows")]

use std::process::ExitCode;

fn main() -> ExitCode {
    // A command, help or a wrong command line prints: attach to the terminal it came from, if
    // any. The window does not (closing that terminal must not close it).
    let args = match khaibao::cli::parse(std::env::args_os(), khaibao::console::attach_to_parent) {
        Ok(args) => args,
        Err(code) => return code,
    };
    if let Some(open) = args.window() {
        return gui(&args, open);
    }
    khaibao::console::attach_to_parent();
    khaibao::cli::run(args)
}

#[cfg(feature = "gui")]
fn gui(args: &khaibao::cli::Args, open: khaibao::cli::Opening) -> ExitCode {
    khaibao::ui::run(khaibao::ui::Launch {
        data_dir: args.data_dir(),
        clock: args.clock(),
        open,
    })
}

#[cfg(not(feature = "gui"))]
fn gui(args: &khaibao::cli::Args, _open: khaibao::cli::Opening) -> ExitCode {
    eprintln!(
        "{}",
        args.lang.pick(
            "Bản này không có giao diện đồ họa; dùng `khaibao --help`",
            "This build has no window; see `khaibao --help`"
        )
    );
    ExitCode::from(2)
}
