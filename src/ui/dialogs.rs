//! The operating system's own file dialogs (`rfd`: the Windows common dialog, the XDG desktop
//! portal on Linux), so a broker picks a file as everywhere else instead of typing its path.
//! Where no dialog can open (no portal), nothing is picked and the typed path still works.

use std::path::PathBuf;

use super::i18n::{Language, Text};

/// What a file is being chosen for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Browse {
    /// A token's PKCS#11 library.
    TokenLibrary,
    /// A declaration file to open (`khaibao-declaration/1` JSON, `.khaibao` or `.json`).
    DeclarationFile,
    /// A new edition of a code table (CSV or Excel).
    CodeTableFile,
    /// Goods lines to import (Excel or CSV).
    GoodsFile,
}

/// What a file is being written for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SaveAs {
    /// Goods lines: `.xlsx`, or `.csv` when the name ends so.
    Goods,
    /// The goods import template (`.xlsx`).
    GoodsTemplate,
}

/// Shows the system's save dialog and returns the file chosen, with the extension added when
/// the broker typed none.
pub fn save(what: SaveAs, language: Language) -> Option<PathBuf> {
    let dialog = rfd::FileDialog::new().set_title(Text::SaveAs.get(language));
    let (dialog, name) = match what {
        SaveAs::Goods => (
            dialog
                .add_filter("Excel", &["xlsx"])
                .add_filter("CSV", &["csv"]),
            language.pick("danh-sach-hang.xlsx", "goods.xlsx"),
        ),
        SaveAs::GoodsTemplate => (
            dialog.add_filter("Excel", &["xlsx"]),
            language.pick("mau-danh-sach-hang.xlsx", "goods-template.xlsx"),
        ),
    };
    let path = dialog.set_file_name(name).save_file()?;
    Some(if path.extension().is_some() {
        path
    } else {
        path.with_extension("xlsx")
    })
}

/// Files to attach to a declaration's dossier (several at once).
pub fn pick_documents(language: Language) -> Option<Vec<PathBuf>> {
    rfd::FileDialog::new()
        .set_title(Text::AttachFiles.get(language))
        .add_filter(
            "PDF, PNG, JPEG, TIFF",
            &["pdf", "png", "jpg", "jpeg", "tif", "tiff"],
        )
        .pick_files()
}

/// Asks where to save an archive (blocking), suggesting `name`; the chosen path ends in `.zip`.
pub fn save_zip(name: &str, language: Language) -> Option<PathBuf> {
    let path = rfd::FileDialog::new()
        .set_title(Text::ExportArchive.get(language))
        .add_filter("ZIP", &["zip"])
        .set_file_name(name)
        .save_file()?;
    Some(
        if path
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("zip"))
        {
            path
        } else {
            path.with_extension("zip")
        },
    )
}

/// Asks where to save a PDF (blocking), suggesting `name`; the chosen path ends in `.pdf`.
pub fn save_pdf(name: &str, language: Language) -> Option<PathBuf> {
    let path = rfd::FileDialog::new()
        .set_title(Text::SavePdf.get(language))
        .add_filter("PDF", &["pdf"])
        .set_file_name(name)
        .save_file()?;
    Some(
        if path
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("pdf"))
        {
            path
        } else {
            path.with_extension("pdf")
        },
    )
}

/// Shows the dialog (blocking, as native dialogs are modal) and returns the file chosen.
pub fn pick(what: Browse, language: Language) -> Option<PathBuf> {
    let dialog = rfd::FileDialog::new().set_title(Text::Browse.get(language));
    let dialog = match what {
        Browse::TokenLibrary => dialog.add_filter("PKCS#11", &["dll", "so", "dylib", "1", "0"]),
        // `.khaibao` is the same JSON under the name the installers associate with KhaiBao.
        Browse::DeclarationFile => dialog.add_filter("KhaiBao, JSON", &["khaibao", "json"]),
        Browse::CodeTableFile | Browse::GoodsFile => {
            dialog.add_filter("Excel, CSV", &["xlsx", "xls", "ods", "csv"])
        }
    };
    dialog.pick_file()
}
