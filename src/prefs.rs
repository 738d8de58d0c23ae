//! The window's preferences — language, theme, scale, connection, VNACCS user, company and
//! broker identity, whether the welcome was seen, the clearance watch-list's interval — kept in `ui.json` in the data folder. No
//! secret is in it: credentials go to the operating system's store ([`crate::secrets`]). The
//! window and `khaibao doctor` read the connection from here.

use std::path::Path;

use serde::{Deserialize, Serialize};

/// File name in the data folder.
pub const FILE: &str = "ui.json";

/// The preferences.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Prefs {
    /// English instead of Vietnamese.
    pub english: bool,
    /// Dark theme.
    pub dark: bool,
    /// Zoom factor.
    pub scale: f32,
    /// A simulator server URL instead of the embedded core.
    pub server: Option<String>,
    /// VNACCS user ID.
    pub user_id: String,
    /// The broker's company name.
    pub company_name: String,
    /// The broker's company tax code.
    pub company_tax_code: String,
    /// The broker's name.
    pub broker_name: String,
    /// The first-run welcome was answered (practise, or set up the company).
    pub welcomed: bool,
    /// Minutes between two checks of the clearance watch-list.
    pub watch_minutes: u32,
}

impl Default for Prefs {
    fn default() -> Self {
        Self {
            english: false,
            dark: true,
            scale: 1.0,
            server: None,
            user_id: "TRAIN001".to_owned(),
            company_name: String::new(),
            company_tax_code: String::new(),
            broker_name: String::new(),
            welcomed: false,
            watch_minutes: crate::workflow::watch::DEFAULT_MINUTES,
        }
    }
}

impl Prefs {
    /// The preferences of a data folder; defaults when there are none or the file is broken
    /// (a broken file is left in place for the next save to replace).
    pub fn load(data_dir: &Path) -> Self {
        std::fs::read_to_string(data_dir.join(FILE))
            .ok()
            .and_then(|text| serde_json::from_str(&text).ok())
            .unwrap_or_default()
    }

    /// Whether the data folder has preferences yet (no: the program's first run there).
    pub fn exist(data_dir: &Path) -> bool {
        data_dir.join(FILE).exists()
    }

    /// Where the window sends requests: the `KHAIBAO_SERVER` environment variable, else the
    /// saved server, else the embedded simulated core.
    pub fn connection(&self) -> crate::workflow::Connection {
        std::env::var("KHAIBAO_SERVER")
            .ok()
            .filter(|url| !url.trim().is_empty())
            .or_else(|| self.server.clone())
            .map_or(crate::workflow::Connection::Embedded, |setting| {
                crate::workflow::Connection::from_setting(&setting)
            })
    }

    /// Writes the preferences (a temporary file renamed over the old one).
    pub fn save(&self, data_dir: &Path) -> std::io::Result<()> {
        let text = serde_json::to_string_pretty(self).map_err(std::io::Error::other)?;
        crate::appdata::write_atomically(data_dir, FILE, &text)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn preferences_round_trip_and_a_broken_file_gives_the_defaults() {
        let dir = tempfile::tempdir().unwrap();
        assert_eq!(Prefs::load(dir.path()), Prefs::default());
        let prefs = Prefs {
            english: true,
            server: Some("http://127.0.0.1:7070".into()),
            company_name: "Công ty TNHH Đại lý Hải quan KB".into(),
            ..Prefs::default()
        };
        prefs.save(dir.path()).unwrap();
        assert_eq!(Prefs::load(dir.path()), prefs);
        std::fs::write(dir.path().join(FILE), "{ not json").unwrap();
        assert_eq!(Prefs::load(dir.path()), Prefs::default());
    }
}
