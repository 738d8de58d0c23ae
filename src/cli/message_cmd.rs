//! `khaibao message decode|encode`: real VNACCS messages from the command line — read one
//! field by field and item by item with the official names, or write the request bytes of a
//! declaration file.

use std::io::Write;
use std::path::{Path, PathBuf};

use clap::Subcommand;
use serde_json::json;

use super::{Format, Lang, say};
use crate::clock::Clock;
use crate::domain::ids::DeclarationNumber;
use crate::wire::vnaccs::view::{self, Section};
use crate::wire::vnaccs::{self, DataInfo, Decoded, RequestHeader};

/// What to do with VNACCS messages.
#[derive(Debug, Subcommand)]
pub enum MessageAction {
    /// Read a VNACCS message (a request or an answer): its header fields (name, offset, value)
    /// and its items (ID, Vietnamese name, value) or result codes with their official meaning.
    Decode {
        /// The message file (exact bytes).
        file: PathBuf,
        /// Output format.
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
    },
    /// Write the request bytes of a job for a declaration file (the password is never written:
    /// its field is left blank and filled only when the program sends).
    Encode {
        /// The declaration file.
        declaration: PathBuf,
        /// The job: IDA, IDA01, EDA, EDA01 (the declaration's data) or IDB, IDC, IDD, IDE, IID,
        /// EDB, EDC, EDD, EDE, IEX (the number only).
        #[arg(long)]
        job: String,
        /// The declaration number (default: the file's own).
        #[arg(long)]
        number: Option<DeclarationNumber>,
        /// VNACCS user code for the header.
        #[arg(long, default_value = "")]
        user: String,
        /// Terminal ID for the header.
        #[arg(long, default_value = "")]
        terminal: String,
        /// Send counter for the data-info key.
        #[arg(long, default_value_t = 0, value_parser = clap::value_parser!(u32).range(0..=999_999))]
        counter: u32,
        /// Write the bytes to this file (default: standard output).
        #[arg(long)]
        out: Option<PathBuf>,
    },
}

/// Runs a `message` command.
pub(super) fn run(out: &mut impl Write, clock: &Clock, action: MessageAction, lang: Lang) -> u8 {
    match action {
        MessageAction::Decode { file, format } => decode(out, &file, format, lang),
        MessageAction::Encode {
            declaration,
            job,
            number,
            user,
            terminal,
            counter,
            out: target,
        } => {
            let header = |job: &str| RequestHeader {
                job: job.to_owned(),
                user_id: user.clone(),
                password: String::new(),
                terminal_id: terminal.clone(),
                data_info: DataInfo {
                    job,
                    client_time: clock
                        .now()
                        .with_timezone(&crate::domain::time::vietnam_offset())
                        .naive_local(),
                    counter,
                }
                .to_field(),
            };
            encode(
                out,
                &declaration,
                &job.to_ascii_uppercase(),
                number,
                &header,
                target.as_deref(),
                lang,
            )
        }
    }
}

fn decode(out: &mut impl Write, file: &Path, format: Format, lang: Lang) -> u8 {
    let bytes = match std::fs::read(file) {
        Ok(b) => b,
        Err(e) => {
            say!(
                out,
                "{}",
                lang.pick(
                    &format!("Không đọc được tệp {}: {e}", file.display()),
                    &format!("Cannot read {}: {e}", file.display())
                )
            );
            return 2;
        }
    };
    let decoded = match vnaccs::decode(&bytes) {
        Ok(d) => d,
        Err(e) => {
            say!(out, "{}", lang.error(&e));
            return 1;
        }
    };
    match format {
        Format::Json => u8::from(!super::say_json(out, &to_json(&decoded))) * 2,
        Format::Text => {
            print_text(out, &decoded, lang);
            0
        }
    }
}

fn to_json(decoded: &Decoded) -> serde_json::Value {
    json!({
        "answer": decoded.answer, "job": decoded.job, "length": decoded.length,
        "rows": view::rows(decoded),
    })
}

/// A header value shown on one line: CR and LF made visible.
fn visible(value: &str) -> String {
    value.replace('\r', "\\r").replace('\n', "\\n")
}

fn print_text(out: &mut impl Write, decoded: &Decoded, lang: Lang) {
    let kind = if decoded.answer {
        lang.pick("trả lời", "answer")
    } else {
        lang.pick("yêu cầu", "request")
    };
    say!(
        out,
        "{} {} ({kind}), {} {}",
        lang.pick("Thông điệp VNACCS", "VNACCS message"),
        decoded.job,
        decoded.length,
        lang.pick("byte", "bytes")
    );
    let rows = view::rows(decoded);
    let count = |section| rows.iter().filter(|r| r.section == section).count();
    let mut last = None;
    for row in &rows {
        if last != Some(row.section) {
            let title = match row.section {
                Section::Header => lang.pick("Tiêu đề:", "Header:"),
                Section::Result => lang.pick("Kết quả:", "Results:"),
                Section::Simulator => {
                    lang.pick("Trả lời của hệ thống mô phỏng:", "The simulator's answer:")
                }
                Section::Item => format!(
                    "{} ({}):",
                    lang.pick("Chỉ tiêu", "Items"),
                    count(Section::Item)
                ),
            };
            say!(out, "{title}");
            last = Some(row.section);
        }
        match row.section {
            Section::Header => {
                let name = lang.pick(&row.name_vi, &row.name_en);
                let offset = row.offset.unwrap_or_default();
                say!(
                    out,
                    "  {offset:>3} {:>3}  {name:<22} \"{}\"",
                    row.width,
                    visible(&row.value)
                );
            }
            Section::Simulator => say!(
                out,
                "  {}: {}",
                lang.pick(&row.name_vi, &row.name_en),
                row.value
            ),
            Section::Result if row.name_vi.is_empty() => say!(
                out,
                "  {}  {}",
                row.id,
                lang.pick(
                    "(mã không có trong bảng chính thức)",
                    "(code not in the official table)"
                )
            ),
            Section::Result => say!(
                out,
                "  {}  {} — {}",
                row.id,
                row.name_vi.replace('\n', " "),
                row.value.replace('\n', " ")
            ),
            Section::Item => {
                let at = row.line.map_or_else(String::new, |n| format!("[{n}] "));
                let name = match lang {
                    Lang::Vi => row.name_vi.clone(),
                    Lang::En | Lang::Both => format!("{} / {}", row.name_en, row.name_vi),
                };
                say!(out, "  {at}{:<4} {name}: {}", row.id, row.value);
            }
        }
    }
}

fn encode(
    out: &mut impl Write,
    path: &Path,
    job: &str,
    number: Option<DeclarationNumber>,
    header: &dyn Fn(&str) -> RequestHeader,
    target: Option<&Path>,
    lang: Lang,
) -> u8 {
    let refuse = |out: &mut dyn Write, vi: String, en: String| {
        say!(out, "{}", lang.pick(&vi, &en));
        2
    };
    let known = job
        .parse::<crate::domain::BusinessCode>()
        .is_ok_and(|_| vnaccs::layout::get(job).is_some());
    if !known {
        let jobs = "IDA, IDA01, IDB, IDC, IDD, IDE, IID, EDA, EDA01, EDB, EDC, EDD, EDE, IEX";
        return refuse(
            out,
            format!("Nghiệp vụ \"{job}\" không ghi được từ một tờ khai; các nghiệp vụ: {jobs}"),
            format!("Job \"{job}\" cannot be written from a declaration; the jobs: {jobs}"),
        );
    }
    let mut declaration = match super::core_cmd::read_declaration(out, path, lang) {
        Ok(d) => d,
        Err(code) => return code,
    };
    if number.is_some() {
        declaration.number = number;
    }
    let data_job = matches!(job, "IDA" | "IDA01" | "EDA" | "EDA01");
    if data_job
        && job.starts_with('E') != (declaration.direction == crate::domain::Direction::Export)
    {
        let right = vnaccs::data_job(declaration.direction, job.ends_with("01"));
        return refuse(
            out,
            format!(
                "Tệp là tờ khai {}: dùng --job {right}",
                if right.starts_with('E') {
                    "xuất khẩu"
                } else {
                    "nhập khẩu"
                }
            ),
            format!(
                "The file is an {} declaration: use --job {right}",
                if right.starts_with('E') {
                    "export"
                } else {
                    "import"
                }
            ),
        );
    }
    if job.ends_with("01") && declaration.number.is_none() {
        return refuse(
            out,
            format!(
                "{job} là dữ liệu sửa đổi của một tờ khai đã đăng ký: cần số tờ khai (--number)"
            ),
            format!(
                "{job} is the amendment data of a registered declaration: it needs the number (--number)"
            ),
        );
    }
    let body = if data_job {
        vnaccs::declaration_body(&declaration, job)
    } else if let Some(n) = declaration.number {
        vnaccs::number_body(job, n)
    } else {
        say!(
            out,
            "{}",
            lang.pick(
                &format!("Nghiệp vụ {job} cần số tờ khai (--number)"),
                &format!("Job {job} needs the declaration number (--number)")
            )
        );
        return 2;
    };
    let framed = body.and_then(|b| Ok(vnaccs::header::frame_request(&header(job), &b)?));
    let bytes = match framed {
        Ok(b) => b,
        Err(vnaccs::EncodeError::Items(problems)) => {
            for p in &problems {
                say!(out, "{}", lang.error(p));
            }
            return 1;
        }
        Err(vnaccs::EncodeError::Framing(e)) => {
            say!(out, "{}", lang.error(&e));
            return 2;
        }
    };
    let written = match target {
        Some(file) => std::fs::write(file, &bytes),
        None => out.write_all(&bytes),
    };
    match written {
        Ok(()) => 0,
        Err(e) => {
            eprintln!("{e}");
            2
        }
    }
}
