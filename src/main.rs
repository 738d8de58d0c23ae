//! The `khaibao` program. clap alone decides: no command (or `khaibao open ID [--tab T]`) opens
//! the desktop window with the same `--data`, `--now` and `--lang`; anything else is the CLI.

use std::process::ExitCode;

fn main() -> ExitCode {
    let args = match khaibao::cli::parse(std::env::args_os()) {
        Ok(args) => args,
        Err(code) => return code,
    };
    match args.window() {
        Some(open) => gui(&args, open),
        None => khaibao::cli::run(args),
    }
}

#[cfg(feature = "gui")]
fn gui(args: &khaibao::cli::Args, open: Option<(i64, Option<String>)>) -> ExitCode {
    khaibao::ui::run(khaibao::ui::Launch {
        data_dir: args.data_dir(),
        clock: args.clock(),
        open,
    })
}

#[cfg(not(feature = "gui"))]
fn gui(args: &khaibao::cli::Args, _open: Option<(i64, Option<String>)>) -> ExitCode {
    eprintln!(
        "{}",
        args.lang.pick(
            "Bản này không có giao diện đồ họa; dùng `khaibao --help`",
            "This build has no window; see `khaibao --help`"
        )
    );
    ExitCode::from(2)
}
