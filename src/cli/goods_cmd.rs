//! `khaibao goods import|export|template`, `khaibao split` and `khaibao copy`: a broker's daily
//! spreadsheet and invoice work from the command line. Files are written atomically and only
//! once everything was read and checked: a refused import leaves the declaration file as it
//! was.
//!
//! Exit codes: 0 written; 1 cells or an invoice that cannot be taken (the preview says which;
//! nothing written); 2 a file that cannot be read or written, or a wrong command line.

use std::io::Write;
use std::path::{Path, PathBuf};

use clap::{Args as ClapArgs, Subcommand, ValueEnum};
use rust_decimal::Decimal;

use super::{Lang, say};
use crate::domain::entry::{DecimalMark, format_number};
use crate::domain::text::Bilingual;
use crate::domain::{Declaration, Direction};
use crate::goods_sheet::{self, GoodsSheetError, Mapping, Mode, Preview};
use crate::sheets::CellRef;

/// How numbers typed as text are read (Excel number cells need no convention).
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Decimals {
    /// `1.234,5` (Vietnamese).
    Comma,
    /// `1,234.5` (English).
    Point,
}

/// Where goods lines come from in a spreadsheet.
#[derive(Debug, ClapArgs)]
pub struct SheetArgs {
    /// The sheet, by name (default: the first visible one).
    #[arg(long)]
    sheet: Option<String>,
    /// The header row, from 1 (default: the first of the top 30 rows naming two columns).
    #[arg(long, value_name = "ROW")]
    header_row: Option<u32>,
    /// Columns, as field=column: `CMD=C,CMN=D,quantity.amount=Số lượng` (a field by VNACCS
    /// item or path; a column by letter or heading). Unnamed columns are found by heading.
    #[arg(long, value_name = "MAP")]
    map: Option<String>,
    /// The decimal mark of numbers typed as text (default: comma with --lang vi, else point).
    #[arg(long, value_enum)]
    decimal: Option<Decimals>,
}

impl SheetArgs {
    fn mapping(&self, lang: Lang) -> Result<Mapping, GoodsSheetError> {
        let columns = match &self.map {
            Some(text) => Mapping::parse_columns(text)?,
            None => Vec::new(),
        };
        Ok(Mapping {
            sheet: self.sheet.clone(),
            header_row: self.header_row,
            columns,
            vietnamese_numbers: match self.decimal {
                Some(d) => d == Decimals::Comma,
                None => lang != Lang::En,
            },
            only_listed: false,
        })
    }
}

/// Goods lines and spreadsheets.
#[derive(Debug, Subcommand)]
pub enum GoodsAction {
    /// Read goods lines from an Excel (.xlsx, .xls, .ods) or CSV file into a declaration file:
    /// every cell is checked and the preview printed first; nothing is written while a cell
    /// cannot be read.
    Import {
        /// The spreadsheet.
        file: PathBuf,
        /// The declaration file to add the lines to (created when it does not exist).
        #[arg(long, value_name = "DECLARATION")]
        into: PathBuf,
        /// Replace the declaration's lines (default: append after them).
        #[arg(long, conflicts_with = "append")]
        replace: bool,
        /// Append after the declaration's lines (the default).
        #[arg(long)]
        append: bool,
        /// A new declaration file is an export one (default: import).
        #[arg(long)]
        export: bool,
        /// Print the preview only; write nothing.
        #[arg(long)]
        dry_run: bool,
        #[command(flatten)]
        sheet: SheetArgs,
    },
    /// Write a declaration's goods lines to .xlsx or .csv (by the file's ending).
    Export {
        /// The declaration file.
        declaration: PathBuf,
        /// The spreadsheet to write.
        #[arg(long)]
        out: PathBuf,
        /// CSV numbers: comma (`;` between cells, Excel in Vietnamese) or point.
        #[arg(long, value_enum)]
        decimal: Option<Decimals>,
    },
    /// Write the import template (.xlsx): the columns with their official names and a guide
    /// sheet.
    Template {
        /// The file to write.
        #[arg(long)]
        out: PathBuf,
        /// The columns of an export declaration (default: import).
        #[arg(long)]
        export: bool,
    },
}

/// `khaibao split`'s arguments.
#[derive(Debug, ClapArgs)]
pub struct SplitArgs {
    /// A declaration file with more than 50 lines, or a spreadsheet of the invoice's lines
    /// (then `--header` gives the rest of the declaration).
    input: PathBuf,
    /// The folder to write the declarations into (`<name>-01.json`…).
    #[arg(long, required_unless_present = "drafts")]
    out: Option<PathBuf>,
    /// Put the declarations into the local store as drafts (as the window does): when the
    /// first is sent and numbered, its number goes into the FIC of the others.
    #[arg(long)]
    drafts: bool,
    /// With a spreadsheet: the declaration file whose header (parties, invoice, freight,
    /// insurance, weight, packages) the lines go with.
    #[arg(long, value_name = "DECLARATION")]
    header: Option<PathBuf>,
    /// The first declaration's registered number, written into the FIC of the next ones.
    #[arg(long, value_name = "NUMBER")]
    first_number: Option<crate::domain::DeclarationNumber>,
    #[command(flatten)]
    sheet: SheetArgs,
}

/// `khaibao copy`'s arguments.
#[derive(Debug, ClapArgs)]
pub struct CopyArgs {
    /// A declaration file to copy (or --draft).
    #[arg(required_unless_present = "draft")]
    file: Option<PathBuf>,
    /// A declaration of the local store to copy into a new draft (any state).
    #[arg(long, conflicts_with = "file")]
    draft: Option<i64>,
    /// With a file: where to write the copy (default: a new draft in the local store).
    #[arg(long)]
    out: Option<PathBuf>,
}

/// Runs a `goods` command.
pub(super) fn goods(
    out: &mut impl Write,
    data_dir: &Path,
    clock: &crate::clock::Clock,
    action: GoodsAction,
    lang: Lang,
) -> u8 {
    let result = match action {
        GoodsAction::Import {
            file,
            into,
            replace,
            append: _,
            export,
            dry_run,
            sheet,
        } => {
            let mode = if replace { Mode::Replace } else { Mode::Append };
            let direction = if export {
                Direction::Export
            } else {
                Direction::Import
            };
            import(
                out, data_dir, clock, &file, &into, mode, direction, dry_run, &sheet, lang,
            )
        }
        GoodsAction::Export {
            declaration,
            out: target,
            decimal,
        } => export(out, &declaration, &target, decimal, lang),
        GoodsAction::Template {
            out: target,
            export,
        } => {
            let direction = if export {
                Direction::Export
            } else {
                Direction::Import
            };
            goods_sheet::export::template_xlsx(direction, lang != Lang::En)
                .map_err(|e| lang.error(&e))
                .and_then(|bytes| write(&target, &bytes, lang))
                .map(|()| {
                    say!(out, "{}", lang.text(&written(&target)));
                    0
                })
                .map_err(|m| (m, 2))
        }
    };
    finish(out, result)
}

fn finish(out: &mut impl Write, result: Result<u8, (String, u8)>) -> u8 {
    match result {
        Ok(code) => code,
        Err((message, code)) => {
            if !message.is_empty() {
                say!(out, "{message}");
            }
            code
        }
    }
}

fn written(path: &Path) -> Bilingual {
    Bilingual::new(
        format!("Đã ghi {}", path.display()),
        format!("Written: {}", path.display()),
    )
}

fn write(path: &Path, bytes: &[u8], lang: Lang) -> Result<(), String> {
    crate::appdata::write_file_atomically(path, bytes).map_err(|e| {
        lang.text(&Bilingual::new(
            format!("Không ghi được {}: {e}", path.display()),
            format!("Cannot write {}: {e}", path.display()),
        ))
    })
}

fn read_declaration(path: &Path, lang: Lang) -> Result<Declaration, (String, u8)> {
    crate::appdata::read_declaration(path).map_err(|e| (lang.error(&e), 2))
}

fn write_declaration(path: &Path, d: &Declaration, lang: Lang) -> Result<(), (String, u8)> {
    let json = crate::domain::file::to_json(d).map_err(|e| (format!("JSON: {e}"), 2))?;
    write(path, json.as_bytes(), lang).map_err(|m| (m, 2))
}

/// Reads the sheet and builds the preview (file-level refusals are exit 2 or 1).
fn read_preview(
    file: &Path,
    direction: Direction,
    args: &SheetArgs,
    lang: Lang,
) -> Result<Preview, (String, u8)> {
    let mapping = args.mapping(lang).map_err(|e| (lang.error(&e), 2))?;
    let sheet = crate::sheets::read_sheet(file, mapping.sheet.as_deref())
        .map_err(|e| (lang.error(&e), 2))?;
    goods_sheet::preview(&sheet, direction, &mapping).map_err(|e| {
        let code = if matches!(
            e,
            GoodsSheetError::Sheet(_) | GoodsSheetError::BadMapping { .. }
        ) {
            2
        } else {
            1
        };
        (lang.error(&e), code)
    })
}

#[allow(clippy::too_many_arguments)] // The command's options, passed through.
fn import(
    out: &mut impl Write,
    data_dir: &Path,
    clock: &crate::clock::Clock,
    file: &Path,
    into: &Path,
    mode: Mode,
    direction: Direction,
    dry_run: bool,
    args: &SheetArgs,
    lang: Lang,
) -> Result<u8, (String, u8)> {
    let target = if into.exists() {
        read_declaration(into, lang)?
    } else {
        Declaration::new(direction)
    };
    let preview = read_preview(file, target.direction, args, lang)?;
    print_preview(out, &preview, target.direction, lang);
    let result = goods_sheet::apply(&target, &preview, mode).map_err(|e| (lang.error(&e), 1))?;
    let codes = super::code_lists(data_dir, lang).map_err(|code| (String::new(), code))?;
    let findings = crate::rules::validate(&result, &codes, clock.today());
    let first_new = match mode {
        Mode::Append => target.goods.len(),
        Mode::Replace => 0,
    };
    print_findings(out, &preview, &findings, first_new, lang);
    if dry_run {
        say!(
            out,
            "{}",
            lang.pick("Chạy thử: không ghi gì", "Dry run: nothing written")
        );
        return Ok(0);
    }
    write_declaration(into, &result, lang)?;
    say!(
        out,
        "{}",
        lang.text(&Bilingual::new(
            format!(
                "Đã ghi {} dòng hàng vào {} (tờ khai có {} dòng)",
                preview.lines.len(),
                into.display(),
                result.goods.len()
            ),
            format!(
                "{} goods line(s) written into {} (the declaration has {} lines)",
                preview.lines.len(),
                into.display(),
                result.goods.len()
            ),
        ))
    );
    Ok(0)
}

fn print_preview(out: &mut impl Write, preview: &Preview, direction: Direction, lang: Lang) {
    let vi = lang != Lang::En;
    say!(
        out,
        "{}",
        lang.text(&Bilingual::new(
            format!(
                "Trang tính «{}», dòng tiêu đề {}, {} dòng hàng",
                preview.sheet,
                preview.header_row + 1,
                preview.lines.len()
            ),
            format!(
                "Sheet «{}», header row {}, {} goods line(s)",
                preview.sheet,
                preview.header_row + 1,
                preview.lines.len()
            ),
        ))
    );
    for (column, col) in &preview.columns {
        say!(
            out,
            "  {} → {} ({})",
            CellRef::column_letters(*col),
            column.heading(direction, vi),
            column.item(direction)
        );
    }
    for (col, heading) in &preview.unmapped {
        say!(
            out,
            "  {} «{heading}» → {}",
            CellRef::column_letters(*col),
            lang.pick("không dùng", "not used")
        );
    }
    for column in &preview.missing {
        say!(
            out,
            "{} {}",
            lang.pick("CHÚ Ý: không cột nào là", "NOTE: no column holds"),
            lang.pick(
                &format!(
                    "«{}» ({})",
                    column.heading(direction, true),
                    column.item(direction)
                ),
                &format!(
                    "«{}» ({})",
                    column.heading(direction, false),
                    column.item(direction)
                ),
            )
        );
    }
    for (row, _) in &preview.total_rows {
        say!(
            out,
            "{} {}",
            lang.pick("Dòng tổng cộng bỏ qua:", "Total row skipped:"),
            row + 1
        );
    }
    if !preview.blank_rows.is_empty() {
        say!(
            out,
            "{}: {}",
            lang.pick(
                "Dòng trống bỏ qua (số dòng)",
                "Blank rows skipped (row numbers)"
            ),
            preview.blank_rows_text()
        );
    }
    for note in &preview.notes {
        say!(out, "  {}: {}", note.at, lang.text(&note.message));
    }
    for problem in &preview.problems {
        say!(
            out,
            "{} {}: {}",
            lang.pick("LỖI", "ERROR"),
            problem.at,
            lang.text(&problem.message)
        );
    }
}

/// Findings of the rules on the imported lines, by sheet row.
fn print_findings(
    out: &mut impl Write,
    preview: &Preview,
    findings: &[crate::rules::Finding],
    first_new: usize,
    lang: Lang,
) {
    for f in findings {
        let Some(index) = f
            .path
            .strip_prefix("goods[")
            .and_then(|rest| rest.split(']').next())
            .and_then(|n| n.parse::<usize>().ok())
        else {
            continue;
        };
        let Some(line) = index
            .checked_sub(first_new)
            .and_then(|i| preview.lines.get(i))
        else {
            continue;
        };
        say!(
            out,
            "  {} {} [{}]: {}",
            lang.pick("dòng", "row"),
            line.row + 1,
            f.code,
            lang.pick(&f.message_vi, &f.message_en)
        );
    }
}

fn export(
    out: &mut impl Write,
    declaration: &Path,
    target: &Path,
    decimal: Option<Decimals>,
    lang: Lang,
) -> Result<u8, (String, u8)> {
    let d = read_declaration(declaration, lang)?;
    let csv = target
        .extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("csv"));
    let vietnamese = lang != Lang::En;
    let bytes = if csv {
        let comma = decimal.map_or(vietnamese, |d| d == Decimals::Comma);
        goods_sheet::export::to_csv(&d.goods, d.direction, vietnamese, comma)
    } else {
        goods_sheet::export::to_xlsx(&d.goods, d.direction, vietnamese)
            .map_err(|e| (lang.error(&e), 2))?
    };
    write(target, &bytes, lang).map_err(|m| (m, 2))?;
    say!(out, "{}", lang.text(&written(target)));
    Ok(0)
}

/// Runs `khaibao split`.
pub(super) fn split(
    out: &mut impl Write,
    data_dir: &Path,
    clock: &crate::clock::Clock,
    args: &SplitArgs,
    lang: Lang,
) -> u8 {
    let result = split_inner(out, data_dir, clock, args, lang);
    finish(out, result)
}

fn split_inner(
    out: &mut impl Write,
    data_dir: &Path,
    clock: &crate::clock::Clock,
    args: &SplitArgs,
    lang: Lang,
) -> Result<u8, (String, u8)> {
    let is_json = args
        .input
        .extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("json"));
    let whole = if is_json {
        read_declaration(&args.input, lang)?
    } else {
        let Some(header) = &args.header else {
            return Err((
                lang.pick(
                    "Tách từ bảng tính cần --header TỜ_KHAI.json (người khai, hóa đơn, phí vận chuyển…)",
                    "Splitting a spreadsheet needs --header DECLARATION.json (parties, invoice, freight…)",
                ),
                2,
            ));
        };
        let mut whole = read_declaration(header, lang)?;
        let preview = read_preview(&args.input, whole.direction, &args.sheet, lang)?;
        print_preview(out, &preview, whole.direction, lang);
        if let Some(first) = preview.problems.first() {
            let e = GoodsSheetError::Unreadable {
                count: preview.problems.len(),
                first: format!("{}: {}", first.at, first.message.vi),
                first_en: format!("{}: {}", first.at, first.message.en),
            };
            return Err((lang.error(&e), 1));
        }
        whole.goods = preview.lines.into_iter().map(|l| l.line).collect();
        whole
    };
    let mut parts = crate::domain::split::split_invoice(&whole).map_err(|e| (lang.error(&e), 1))?;
    if let Some(number) = &args.first_number {
        crate::domain::split::link_to_first(&mut parts, &number.to_string());
    }
    if let Some(dir) = &args.out {
        std::fs::create_dir_all(dir).map_err(|e| (format!("{}: {e}", dir.display()), 2))?;
        let stem = args.input.file_stem().map_or_else(
            || "invoice".to_owned(),
            |s| s.to_string_lossy().into_owned(),
        );
        for (k, part) in parts.iter().enumerate() {
            let path = dir.join(format!("{stem}-{:02}.json", k + 1));
            write_declaration(&path, part, lang)?;
        }
    }
    if args.drafts {
        let mut workflow = local_workflow(out, data_dir, clock, lang)?;
        let ids = workflow
            .split_into_drafts(&whole, None)
            .map_err(|e| (lang.error(&e), 2))?;
        let ids: Vec<String> = ids.iter().map(i64::to_string).collect();
        say!(
            out,
            "{}: {}",
            lang.pick("Tờ khai nháp", "Drafts"),
            ids.join(" ")
        );
        if ids.len() > 1 {
            let first = &ids[0];
            say!(
                out,
                "{}",
                lang.text(&Bilingual::new(
                    format!(
                        "Gửi tờ khai nháp {first} trước; khi nó có số, số đó tự được ghi vào «Số tờ khai đầu tiên» của các tờ khai sau"
                    ),
                    format!(
                        "Send draft {first} first; once it has its number, the number is written into the others' «First declaration number» by itself"
                    ),
                ))
            );
        }
    }
    print_reconciliation(out, &whole, &parts, args.drafts, lang);
    let codes = super::code_lists(data_dir, lang).map_err(|code| (String::new(), code))?;
    let date = whole.planned_date.unwrap_or_else(|| clock.today());
    print_tax_reconciliation(out, &whole, &parts, &codes, date, lang);
    Ok(0)
}

/// The taxable value and the taxes of the whole invoice assessed at once against the sum of
/// the parts', in đồng, with the difference (each declaration rounds its own lines).
fn print_tax_reconciliation(
    out: &mut impl Write,
    whole: &Declaration,
    parts: &[Declaration],
    codes: &crate::codes::CodeLists,
    date: chrono::NaiveDate,
    lang: Lang,
) {
    use crate::assess::{assess, format_vnd};
    let vietnamese = lang != Lang::En;
    let all = assess(whole, codes, date);
    let each: Vec<_> = parts.iter().map(|p| assess(p, codes, date)).collect();
    let rows = [
        (
            Bilingual::new("Trị giá tính thuế (VND)", "Taxable value (VND)"),
            all.total_taxable_value_vnd,
            each.iter()
                .map(|a| a.total_taxable_value_vnd)
                .sum::<Decimal>(),
        ),
        (
            Bilingual::new("Tổng tiền thuế (VND)", "Total taxes (VND)"),
            all.total_payable_vnd,
            each.iter().map(|a| a.total_payable_vnd).sum::<Decimal>(),
        ),
    ];
    for (label, whole_vnd, parts_vnd) in rows {
        let gap = parts_vnd - whole_vnd;
        say!(
            out,
            "{}: {} {}, {} {}, {} {}",
            lang.text(&label),
            lang.pick("cả hóa đơn", "whole invoice"),
            format_vnd(whole_vnd, vietnamese),
            lang.pick("cộng các tờ khai", "sum of the declarations"),
            format_vnd(parts_vnd, vietnamese),
            lang.pick("chênh lệch", "difference"),
            format_vnd(gap, vietnamese)
        );
    }
}

/// Each part's lines and amounts, and the whole invoice against their sums.
fn print_reconciliation(
    out: &mut impl Write,
    whole: &Declaration,
    parts: &[Declaration],
    drafts: bool,
    lang: Lang,
) {
    let mark = DecimalMark::for_vietnamese(lang != Lang::En);
    let n = |v: Option<Decimal>| format_number(v.unwrap_or_default(), mark);
    let freight = |d: &Declaration| d.valuation.freight.as_ref().and_then(|c| c.amount);
    let insurance = |d: &Declaration| d.valuation.insurance.as_ref().and_then(|c| c.amount);
    say!(
        out,
        "{}",
        lang.pick(
            "Tờ khai | FIC | dòng | trị giá hóa đơn | phí vận chuyển | phí bảo hiểm | trọng lượng | số kiện",
            "Declaration | FIC | lines | invoice value | freight | insurance | gross weight | packages"
        )
    );
    let mut first_line = 1;
    for (k, p) in parts.iter().enumerate() {
        let last = first_line + p.goods.len() - 1;
        say!(
            out,
            "{}/{} | {} | {first_line}–{last} | {} | {} | {} | {} | {}",
            k + 1,
            parts.len(),
            p.first_declaration.number.as_deref().unwrap_or("…"),
            n(p.invoice.total),
            n(freight(p)),
            n(insurance(p)),
            n(p.gross_weight.amount),
            n(p.packages.amount)
        );
        first_line = last + 1;
    }
    let sum = |f: &dyn Fn(&Declaration) -> Option<Decimal>| Some(parts.iter().filter_map(f).sum());
    say!(
        out,
        "{} | | {} | {} | {} | {} | {} | {}",
        lang.pick("Cộng", "Sum"),
        parts.iter().map(|p| p.goods.len()).sum::<usize>(),
        n(sum(&|p| p.invoice.total)),
        n(sum(&freight)),
        n(sum(&insurance)),
        n(sum(&|p| p.gross_weight.amount)),
        n(sum(&|p| p.packages.amount))
    );
    say!(
        out,
        "{} | | {} | {} | {} | {} | {} | {}",
        lang.pick("Hóa đơn", "Invoice"),
        whole.goods.len(),
        n(Some(whole.goods_invoice_total())),
        n(freight(whole)),
        n(insurance(whole)),
        n(whole.gross_weight.amount),
        n(whole.packages.amount)
    );
    if parts.len() > 1 && parts[1].first_declaration.number.is_none() && !drafts {
        say!(
            out,
            "{}",
            lang.pick(
                "Gửi tờ khai 1 trước; khi có số tờ khai, ghi vào các tờ khai sau (khaibao split … --first-number SỐ)",
                "Send declaration 1 first; once it has its number, write it into the next ones (khaibao split … --first-number NUMBER)"
            )
        );
    }
}

/// Runs `khaibao copy`.
pub(super) fn copy(
    out: &mut impl Write,
    data_dir: &Path,
    clock: &crate::clock::Clock,
    args: &CopyArgs,
    lang: Lang,
) -> u8 {
    let result = copy_inner(out, data_dir, clock, args, lang);
    finish(out, result)
}

fn copy_inner(
    out: &mut impl Write,
    data_dir: &Path,
    clock: &crate::clock::Clock,
    args: &CopyArgs,
    lang: Lang,
) -> Result<u8, (String, u8)> {
    let (said, direction) = match (&args.file, args.draft) {
        (Some(file), _) => {
            let source = read_declaration(file, lang)?;
            let copy = crate::domain::copy::copy_for_new(&source);
            if let Some(target) = &args.out {
                write_declaration(target, &copy, lang)?;
                (written(target), copy.direction)
            } else {
                let mut workflow = local_workflow(out, data_dir, clock, lang)?;
                let id = workflow
                    .save(None, &copy)
                    .map_err(|e| (lang.error(&e), 2))?
                    .0;
                (new_draft(id), copy.direction)
            }
        }
        (None, Some(id)) => {
            let mut workflow = local_workflow(out, data_dir, clock, lang)?;
            let id = workflow.copy(id).map_err(|e| (lang.error(&e), 2))?;
            let direction = workflow
                .open_draft(id)
                .map_err(|e| (lang.error(&e), 2))?
                .declaration
                .direction;
            (new_draft(id), direction)
        }
        (None, None) => return Err((String::new(), 2)),
    };
    say!(out, "{}", lang.text(&said));
    let names = |paths: &[&str]| -> Bilingual {
        let (vi, en): (Vec<String>, Vec<String>) = paths
            .iter()
            .map(|p| match crate::domain::field_label(p, direction) {
                Some(l) => (l.vi.to_owned(), l.en.to_owned()),
                None => ((*p).to_owned(), (*p).to_owned()),
            })
            .unzip();
        Bilingual::new(vi.join(", "), en.join(", "))
    };
    let cleared = names(crate::domain::copy::COPY_CLEARS);
    let check = names(crate::domain::copy::COPY_CHECKS);
    say!(
        out,
        "{}",
        lang.text(&Bilingual::new(
            format!("Đã xóa (mỗi lô hàng một khác): {}", cleared.vi),
            format!("Cleared (each shipment has its own): {}", cleared.en),
        ))
    );
    say!(
        out,
        "{}",
        lang.text(&Bilingual::new(
            format!("Giữ nguyên, cần kiểm tra lại cho lô hàng mới: {}", check.vi),
            format!("Kept, to check for the new shipment: {}", check.en),
        ))
    );
    Ok(0)
}

fn new_draft(id: i64) -> Bilingual {
    Bilingual::new(
        format!("Bản sao là tờ khai nháp {id}"),
        format!("The copy is draft {id}"),
    )
}

/// The local store and the embedded core, for the commands that save drafts.
fn local_workflow(
    out: &mut impl Write,
    data_dir: &Path,
    clock: &crate::clock::Clock,
    lang: Lang,
) -> Result<crate::workflow::Workflow, (String, u8)> {
    super::open_workflow(
        out,
        data_dir,
        clock,
        &crate::workflow::Connection::Embedded,
        "",
        lang,
    )
    .map_err(|code| (String::new(), code))
}
