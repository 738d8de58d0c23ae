//! The desktop window (eframe/egui): the declarations list, the editor, settings and the
//! simulator controls. Each of the [`screens`] owns its form state and returns
//! [`command::Command`]s carrying their data; the [`app`] runs them after the frame, and
//! everything slow (store, core, token) happens on the [`worker`] thread, which asks for a
//! repaint when it has an answer.

pub mod app;
pub mod command;
pub mod date_picker;
pub mod dialogs;
pub mod fields;
pub mod fonts;
pub mod i18n;
pub use crate::prefs;
pub mod screens;
pub mod typeahead;
pub mod widgets;
pub mod worker;

pub use screens::editor;

use std::process::ExitCode;

use eframe::egui;

pub use app::App;
use i18n::{Language, Text};

/// What the window opens on.
#[derive(Debug)]
pub struct Launch {
    /// The data folder (`--data`, `KHAIBAO_DATA`, else the platform's).
    pub data_dir: std::path::PathBuf,
    /// The clock (`--now`/`KHAIBAO_NOW`, else the machine's).
    pub clock: crate::clock::Clock,
    /// What to open first: the list, a stored declaration on a tab (`khaibao open ID --tab
    /// T`), or a declaration file taken in as a draft (`khaibao FILE`, the file association).
    pub open: crate::cli::Opening,
}

/// Opens the window and runs until it is closed.
pub fn run(launch: Launch) -> ExitCode {
    let started = std::time::Instant::now();
    let Launch {
        data_dir,
        clock,
        open,
    } = launch;
    let codes = match crate::appdata::load_code_lists(&data_dir) {
        Ok((codes, _)) => codes,
        Err(err) => {
            eprintln!("{err}");
            return ExitCode::from(2);
        }
    };
    let helper = match crate::signing::helper::Helper::this_program() {
        Ok(helper) => helper,
        Err(err) => {
            eprintln!("{err}");
            return ExitCode::from(2);
        }
    };
    let saved = prefs::Prefs::load(&data_dir);
    // First run in this data folder: no preferences yet (someone upgrading has them already).
    let welcome = !saved.welcomed && !prefs::Prefs::exist(&data_dir);
    let setup = worker::Setup {
        data_dir,
        connection: saved.connection(),
        user_id: std::env::var("KHAIBAO_USER").unwrap_or_else(|_| saved.user_id.clone()),
        helper,
        clock,
    };
    let mut viewport = egui::ViewportBuilder::default()
        .with_inner_size([1280.0, 800.0])
        .with_title(Text::AppTitle.get(Language::Vietnamese))
        // The desktop entry's name (installer/linux/khaibao.desktop): docks group the window
        // under its icon.
        .with_app_id("khaibao");
    // The taskbar/title-bar icon (installer/icons); a window without one is no reason to stop.
    if let Ok(icon) =
        eframe::icon_data::from_png_bytes(include_bytes!("../../installer/icons/khaibao-64.png"))
    {
        viewport = viewport.with_icon(std::sync::Arc::new(icon));
    }
    let options = eframe::NativeOptions {
        viewport,
        ..Default::default()
    };
    let result = eframe::run_native(
        "KhaiBao",
        options,
        Box::new(move |cc| {
            fonts::install(&cc.egui_ctx);
            let ctx = cc.egui_ctx.clone();
            let mut app = App::new(codes, setup, move || {
                ctx.request_repaint();
            });
            app.apply_prefs(&cc.egui_ctx, saved);
            if welcome {
                app.offer_welcome();
            }
            if std::env::var_os("KHAIBAO_STARTUP_PROBE").is_some() {
                app.probe_startup(started);
            }
            match open {
                crate::cli::Opening::Home => {}
                crate::cli::Opening::Stored { id, tab } => {
                    app.open_declaration(id, tab.as_deref().and_then(editor::Tab::parse));
                }
                crate::cli::Opening::DeclarationFile(path) => {
                    app.run(command::Command::ImportFile(path));
                }
            }
            Ok(Box::new(app))
        }),
    );
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("Không mở được cửa sổ / Cannot open the window: {err}");
            ExitCode::from(2)
        }
    }
}
