//! The `khaibao` program: no arguments opens the desktop window; anything else is the CLI.

use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<std::ffi::OsString> = std::env::args_os().collect();
    if args.len() <= 1 {
        return gui();
    }
    khaibao::cli::run(args)
}

#[cfg(feature = "gui")]
fn gui() -> ExitCode {
    khaibao::ui::run()
}

#[cfg(not(feature = "gui"))]
fn gui() -> ExitCode {
    eprintln!(
        "Bản này không có giao diện đồ họa; dùng `khaibao --help` / This build has no window; see `khaibao --help`"
    );
    ExitCode::from(2)
}
