//! `khaibao print`: declarations to PDF — the form, its tax notice or its goods list.
//!
//! One declaration goes to `--out FILE.pdf`. Several (files and `--draft` ids together) go one
//! PDF each into the folder `--out DIR` (made if missing): `<file stem>.pdf` for a file,
//! `draft-<id>.pdf` for a stored one, with `-thong-bao-thue` or `-danh-sach-hang` before
//! `.pdf` for the tax notice and the goods list. A stored declaration is printed with what
//! customs answered last (number, lane, dates, customs' taxes); a file, or a draft never sent,
//! with KhaiBao's own tax preview, marked as such.

use std::io::Write;
use std::path::{Path, PathBuf};

use clap::ValueEnum;

use super::{Lang, say};
use crate::clock::Clock;
use crate::print::{Kind, Language, PrintJob};
use crate::store::{STORE_FILE, Store};

/// Which document `khaibao print` makes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum PrintKind {
    /// The declaration form (tờ khai).
    Declaration,
    /// The tax notice (thông báo thuế).
    TaxNotice,
    /// The goods list (danh sách hàng).
    GoodsList,
}

impl PrintKind {
    fn kind(self) -> Kind {
        match self {
            Self::Declaration => Kind::Declaration,
            Self::TaxNotice => Kind::TaxNotice,
            Self::GoodsList => Kind::GoodsList,
        }
    }

    fn suffix(self) -> &'static str {
        match self {
            Self::Declaration => "",
            Self::TaxNotice => "-thong-bao-thue",
            Self::GoodsList => "-danh-sach-hang",
        }
    }
}

/// `khaibao print` arguments.
#[derive(Debug, clap::Args)]
pub struct PrintArgs {
    /// Declaration JSON files (one PDF each).
    pub files: Vec<PathBuf>,
    /// A declaration of the local store, by its id (repeatable).
    #[arg(long = "draft", value_name = "ID")]
    pub drafts: Vec<i64>,
    /// The PDF to write; with several declarations, the folder to write one PDF each into.
    #[arg(long, value_name = "FILE|DIR")]
    pub out: PathBuf,
    /// What to print.
    #[arg(long, value_enum, default_value_t = PrintKind::Declaration)]
    pub kind: PrintKind,
    /// Open each PDF with the system's viewer afterwards.
    #[arg(long)]
    pub open: bool,
}

/// One declaration to print and the name its PDF gets in a folder.
struct Source {
    job: PrintJob,
    stem: String,
}

/// `khaibao print …`: 0 when every PDF was written, 2 otherwise (each failure said).
pub(super) fn run(
    out: &mut impl Write,
    data_dir: &Path,
    clock: &Clock,
    args: &PrintArgs,
    lang: Lang,
) -> u8 {
    if args.files.is_empty() && args.drafts.is_empty() {
        say!(
            out,
            "{}",
            lang.pick(
                "Hãy nêu tệp tờ khai hoặc --draft ID cần in",
                "Name the declaration files or --draft IDs to print"
            )
        );
        return 2;
    }
    let codes = match super::code_lists(data_dir, lang) {
        Ok(codes) => codes,
        Err(code) => return code,
    };
    let language = match lang {
        Lang::En => Language::En,
        Lang::Vi | Lang::Both => Language::Vi,
    };
    let mut code = 0;
    let mut sources = Vec::new();
    for file in &args.files {
        match super::core_cmd::read_declaration(out, file, lang) {
            Ok(declaration) => {
                let date = declaration.planned_date.unwrap_or_else(|| clock.today());
                let mut job = PrintJob::new(declaration, clock.now());
                job.language = language;
                let stem = file.file_stem().map_or_else(
                    || "khaibao".to_owned(),
                    |s| s.to_string_lossy().into_owned(),
                );
                sources.push(Source {
                    job: job.with_tables(&codes, date),
                    stem,
                });
            }
            Err(c) => code = c,
        }
    }
    if !args.drafts.is_empty() {
        let (found, failed) = stored(out, data_dir, clock, &args.drafts, language, &codes, lang);
        sources.extend(found);
        code = code.max(failed);
    }
    let many = args.files.len() + args.drafts.len() > 1 || args.out.is_dir();
    if many && let Err(e) = std::fs::create_dir_all(&args.out) {
        say!(out, "{}: {e}", args.out.display());
        return 2;
    }
    for source in sources {
        let target = if many {
            args.out
                .join(format!("{}{}.pdf", source.stem, args.kind.suffix()))
        } else {
            args.out.clone()
        };
        if let Err(c) = write_one(out, &source.job, args.kind.kind(), &target, args.open, lang) {
            code = c;
        }
    }
    code
}

/// The stored declarations with what customs answered last, and 2 when one could not be read
/// (each failure said; the others are still printed).
fn stored(
    out: &mut impl Write,
    data_dir: &Path,
    clock: &Clock,
    ids: &[i64],
    language: Language,
    codes: &crate::codes::CodeLists,
    lang: Lang,
) -> (Vec<Source>, u8) {
    let mut store = match Store::open(&data_dir.join(STORE_FILE)) {
        Ok(store) => store,
        Err(e) => {
            say!(out, "{}", lang.error(&e));
            return (Vec::new(), 2);
        }
    };
    let mut found = Vec::new();
    let mut code = 0;
    for &id in ids {
        let read = store.draft(id, clock.now()).and_then(|draft| {
            let response = store.last_response(id)?;
            let timeline = store.timeline(id)?;
            Ok((draft, response, timeline))
        });
        let (draft, response, timeline) = match read {
            Ok(read) => read,
            Err(e) => {
                say!(out, "{}", lang.error(&e));
                code = 2;
                continue;
            }
        };
        // Customs' answer counts only when it is about this declaration's number.
        let view = response.and_then(|r| r.declaration).filter(|view| {
            draft
                .declaration
                .number
                .is_some_and(|n| n.base() == view.number.base())
        });
        let date = draft
            .declaration
            .planned_date
            .unwrap_or_else(|| clock.today());
        let mut job = PrintJob::new(draft.declaration, clock.now());
        job.language = language;
        if let Some(view) = view {
            job = job.with_view(&view).with_timeline(&timeline);
        }
        found.push(Source {
            job: job.with_tables(codes, date),
            stem: format!("draft-{id}"),
        });
    }
    (found, code)
}

fn write_one(
    out: &mut impl Write,
    job: &PrintJob,
    kind: Kind,
    target: &Path,
    open: bool,
    lang: Lang,
) -> Result<(), u8> {
    let bytes = crate::print::render(job, kind).map_err(|e| {
        say!(out, "{}", lang.error(&e));
        2u8
    })?;
    std::fs::write(target, &bytes).map_err(|e| {
        say!(out, "{}: {e}", target.display());
        2u8
    })?;
    say!(out, "{}", target.display());
    if open && let Err(e) = crate::viewer::open(target) {
        say!(
            out,
            "{}: {e}",
            lang.pick("Không mở được trình xem PDF", "Cannot open the PDF viewer")
        );
    }
    Ok(())
}
