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
pub mod prefs;
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
    /// A stored declaration and tab to open first (`khaibao open ID --tab T`).
    pub open: Option<(i64, Option<String>)>,
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
    let server = std::env::var("KHAIBAO_SERVER")
        .ok()
        .or_else(|| saved.server.clone());
    let setup = worker::Setup {
        data_dir,
        connection: server.map_or(
            crate::workflow::Connection::Embedded,
            crate::workflow::Connection::Server,
        ),
        user_id: std::env::var("KHAIBAO_USER").unwrap_or_else(|_| saved.user_id.clone()),
        helper,
        clock,
    };
    let options = eframe::NativeOptions {
        viewport: egui::ViewportBuilder::default()
            .with_inner_size([1280.0, 800.0])
            .with_title(Text::AppTitle.get(Language::Vietnamese)),
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
            if std::env::var_os("KHAIBAO_STARTUP_PROBE").is_some() {
                app.probe_startup(started);
            }
            if let Some((id, tab)) = open {
                app.open_declaration(id, tab.as_deref().and_then(editor::Tab::parse));
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
