//! Printing: a declaration as a PDF in the layout of the official printed form (header with the
//! number, lane and dates; general information; goods lines; taxes), and its tax notice
//! ("Thông báo thuế") and goods list ("Danh sách hàng"). A4, the bundled Noto Sans (`DejaVu Sans`
//! as fallback) subset-embedded, every page numbered "Trang X/Y".
//!
//! Owns: the page model and its filling ([`page`]), the forms ([`declaration`], [`notices`]),
//! the PDF writer ([`pdf`], krilla), the bundled fonts ([`fonts`]) and the print's own words
//! ([`labels`]).
//! Must not: do IO or read the clock — [`render`] is a pure function from a [`PrintJob`] (the
//! print time inside it) to the PDF's bytes; the command line and the window write the file.

pub mod declaration;
pub mod fonts;
pub mod labels;
pub mod notices;
pub mod page;
pub mod pdf;
pub mod trade_documents;

use chrono::{DateTime, Utc};

use crate::assess::Assessment;
use crate::domain::Declaration;
use crate::domain::lane::Lane;
use crate::wire::{DeclarationView, Status};

pub use page::{Item, Page};

/// The language of the print's own words and field names (the declaration's data is printed
/// as keyed).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Language {
    /// Tiếng Việt (the official form's language).
    #[default]
    Vi,
    /// English.
    En,
}

impl Language {
    /// Whether numbers use the Vietnamese marks (`1.234,5`).
    pub fn vietnamese(self) -> bool {
        self == Self::Vi
    }
}

/// Which document is printed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Kind {
    /// The declaration form (tờ khai).
    #[default]
    Declaration,
    /// The tax notice (thông báo thuế): the taxes per line and tax, and the totals.
    TaxNotice,
    /// The goods list (danh sách hàng): every goods line in one table.
    GoodsList,
}

/// What customs said about the declaration, when it has been sent (from the last answer's
/// [`DeclarationView`]); `None` fields are printed empty.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Registration {
    /// Where it stands.
    pub status: Option<Status>,
    /// The lane (phân luồng 1/2/3), once registered.
    pub lane: Option<Lane>,
    /// Official registration time.
    pub registered_at: Option<DateTime<Utc>>,
    /// The last registered amendment's time (ngày thay đổi đăng ký).
    pub changed_at: Option<DateTime<Utc>>,
    /// Clearance time.
    pub cleared_at: Option<DateTime<Utc>>,
}

impl Registration {
    /// The facts of the core's view (the lane, the dates; the time of the last IDE/EDE
    /// amendment registration from its events, when the view carries them).
    pub fn from_view(view: &DeclarationView) -> Self {
        let changed_at = view
            .events
            .iter()
            .filter(|e| {
                matches!(e.kind, crate::domain::job::EventKind::Job(job)
                    if matches!(job.code(), "IDE" | "EDE"))
            })
            .map(|e| e.at)
            .max();
        Self {
            status: Some(view.status),
            lane: view.lane.as_ref().map(|l| l.lane),
            registered_at: view.registered_at,
            changed_at,
            cleared_at: view.cleared_at,
        }
    }
}

/// Everything a print needs: plain data, no handles.
#[derive(Debug, Clone, PartialEq)]
pub struct PrintJob {
    /// The declaration as keyed (its number, if any, is printed).
    pub declaration: Declaration,
    /// What customs said, once it was sent.
    pub registration: Option<Registration>,
    /// The taxes: customs' (from the last answer) or KhaiBao's own preview.
    pub assessment: Option<Assessment>,
    /// Whether the assessment is KhaiBao's local preview (printed with a note saying so).
    pub assessment_is_preview: bool,
    /// The customs office's name (from the code tables), printed next to its code.
    pub office_name: Option<String>,
    /// When it is printed (shown in Vietnam time in the footer).
    pub printed_at: DateTime<Utc>,
    /// Language of the print's words.
    pub language: Language,
}

impl PrintJob {
    /// A job for a declaration alone, printed at `printed_at`, in Vietnamese.
    pub fn new(declaration: Declaration, printed_at: DateTime<Utc>) -> Self {
        Self {
            declaration,
            registration: None,
            assessment: None,
            assessment_is_preview: false,
            office_name: None,
            printed_at,
            language: Language::Vi,
        }
    }
}

impl PrintJob {
    /// With what customs answered last: the lane, the dates and customs' own assessment.
    #[must_use]
    pub fn with_view(mut self, view: &DeclarationView) -> Self {
        self.registration = Some(Registration::from_view(view));
        self.assessment = Some(view.assessment.clone());
        self.assessment_is_preview = false;
        self
    }

    /// With the time of the last amendment customs registered (an IDE/EDE answered with
    /// success in the store's timeline), when it is later than what the answer said; nothing
    /// changes for a declaration never registered.
    #[must_use]
    pub fn with_timeline(mut self, timeline: &[crate::store::TimelineEntry]) -> Self {
        let amended = timeline
            .iter()
            .filter(|e| {
                e.kind == crate::store::TimelineKind::Received
                    && e.job.is_some_and(|job| matches!(job.code(), "IDE" | "EDE"))
                    && e.result_code.as_deref() == Some(crate::wire::OK)
            })
            .map(|e| e.at)
            .max();
        if let Some(registration) = self.registration.as_mut() {
            registration.changed_at = registration.changed_at.max(amended);
        }
        self
    }

    /// With the office's name from the code tables and, when customs has not assessed it,
    /// KhaiBao's own tax preview at the customs exchange rates of `date` (printed as such).
    #[must_use]
    pub fn with_tables(mut self, codes: &crate::codes::CodeLists, date: chrono::NaiveDate) -> Self {
        let vietnamese = self.language.vietnamese();
        self.office_name = self.declaration.office.as_deref().and_then(|code| {
            codes
                .table(crate::codes::TableId::CustomsOffices)
                .get(code.trim())
                .map(|entry| entry.name(vietnamese).to_owned())
        });
        if self.assessment.is_none() && !self.declaration.goods.is_empty() {
            self.assessment = Some(crate::assess::assess(&self.declaration, codes, date));
            self.assessment_is_preview = true;
        }
        self
    }
}

/// Why a print could not be made.
#[derive(Debug, thiserror::Error)]
#[error("{}", self.message().joined())]
pub enum PrintError {
    /// A bundled font could not be read (a damaged build).
    Font(&'static str),
    /// The PDF writer refused (its own words).
    Pdf(String),
}

impl PrintError {
    /// What went wrong, in both languages.
    pub fn message(&self) -> crate::domain::text::Bilingual {
        match self {
            Self::Font(name) => crate::domain::text::Bilingual::new(
                format!("Không đọc được phông chữ {name} đi kèm chương trình"),
                format!("The bundled font {name} cannot be read"),
            ),
            Self::Pdf(detail) => crate::domain::text::Bilingual::new(
                format!("Không tạo được tệp PDF: {detail}"),
                format!("The PDF cannot be written: {detail}"),
            ),
        }
    }
}

crate::domain::text::localized!(PrintError);

/// Lays out `kind` for `job`: the pages and what is drawn on them (for the PDF writer, and
/// for tests that check what goes where).
pub fn layout(job: &PrintJob, kind: Kind) -> Result<Vec<Page>, PrintError> {
    let fonts = fonts::Fonts::bundled()?;
    Ok(match kind {
        Kind::Declaration => declaration::layout(job, &fonts),
        Kind::TaxNotice => notices::tax_notice(job, &fonts),
        Kind::GoodsList => notices::goods_list(job, &fonts),
    })
}

/// The PDF of `kind` for `job`: A4 pages, fonts subset-embedded. Pure: the caller writes it.
pub fn render(job: &PrintJob, kind: Kind) -> Result<Vec<u8>, PrintError> {
    let pages = layout(job, kind)?;
    pdf::write(&pages, &document_title(job, kind), job.language)
}

/// The PDF's title: the document and the declaration number.
fn document_title(job: &PrintJob, kind: Kind) -> String {
    let what = match kind {
        Kind::Declaration => declaration::title(job).get(job.language),
        Kind::TaxNotice => labels::TAX_NOTICE_TITLE.get(job.language),
        Kind::GoodsList => labels::GOODS_LIST_TITLE.get(job.language),
    };
    match job.declaration.number {
        Some(number) => format!("{what} {number}"),
        None => what.to_owned(),
    }
}

#[cfg(test)]
mod tests;
