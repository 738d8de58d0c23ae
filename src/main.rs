//! The `khaibao` program: no arguments opens the desktop window, `khaibao open ID [--tab T]`
//! opens it on a stored declaration; anything else is the CLI.

use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<std::ffi::OsString> = std::env::args_os().collect();
    if args.len() <= 1 {
        return gui(None);
    }
    if args.get(1).is_some_and(|a| a == "open")
        && let Some(id) = args.get(2).and_then(|a| a.to_str()?.parse::<i64>().ok())
    {
        let tab = match (args.get(3).and_then(|a| a.to_str()), args.get(4)) {
            (Some("--tab"), Some(tab)) => tab.to_str().map(str::to_owned),
            _ => None,
        };
        if args.len() == 3 || (args.len() == 5 && tab.is_some()) {
            return gui(Some((id, tab)));
        }
    }
    khaibao::cli::run(args)
}

#[cfg(feature = "gui")]
fn gui(open: Option<(i64, Option<String>)>) -> ExitCode {
    khaibao::ui::run(open)
}

#[cfg(not(feature = "gui"))]
fn gui(_open: Option<(i64, Option<String>)>) -> ExitCode {
    eprintln!(
        "Bản này không có giao diện đồ họa; dùng `khaibao --help` / This build has no window; see `khaibao --help`"
    );
    ExitCode::from(2)
}
