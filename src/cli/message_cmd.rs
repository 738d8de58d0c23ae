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
use crate::wire::vnaccs::{self, DataInfo, Decoded, RequestHeader, layout, results};

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
        #[arg(long, default_value_t = 0)]
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

/// The items of a decoded request in message order: (goods line, item definition, value).
fn items_in_order(decoded: &Decoded) -> Vec<(Option<usize>, &'static layout::ItemDef, &str)> {
    let Some(layout) = layout::get(&decoded.job) else {
        return Vec::new();
    };
    let mut rows = Vec::new();
    for def in layout.header_items() {
        if let Some(v) = decoded.items.get(&def.id) {
            rows.push((None, def, v));
        }
    }
    for (n, line) in decoded.items.lines.iter().enumerate() {
        for def in layout.line_items() {
            if let Some(v) = line.get(&def.id) {
                rows.push((Some(n + 1), def, v.as_str()));
            }
        }
    }
    rows
}

fn to_json(decoded: &Decoded) -> serde_json::Value {
    let header: Vec<_> = decoded
        .header
        .iter()
        .map(|(f, v)| {
            json!({"name": f.name, "name_vi": f.name_vi, "offset": f.offset, "width": f.width, "value": v})
        })
        .collect();
    let items: Vec<_> = items_in_order(decoded)
        .into_iter()
        .map(|(line, def, value)| {
            json!({"id": def.id, "name_vi": def.name_vi, "name_en": def.name_en, "line": line, "value": value})
        })
        .collect();
    let results: Vec<_> = decoded
        .results
        .iter()
        .map(|r| {
            let official = results::lookup(&decoded.job, &r.code, &r.item);
            json!({
                "code": r.code, "item": r.item, "repetition": r.repetition,
                "description_vi": official.map(|o| o.description_vi.as_str()),
                "disposition_vi": official.map(|o| o.disposition_vi.as_str()),
            })
        })
        .collect();
    json!({
        "answer": decoded.answer, "job": decoded.job, "length": decoded.length,
        "header": header, "items": items, "results": results,
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
    say!(out, "{}", lang.pick("Tiêu đề:", "Header:"));
    for (f, value) in &decoded.header {
        if value.trim().is_empty() {
            continue;
        }
        let name = lang.pick(f.name_vi, f.name);
        let name = name.as_str();
        say!(
            out,
            "  {:>3} {:>3}  {name:<22} \"{}\"",
            f.offset,
            f.width,
            visible(value)
        );
    }
    if decoded.answer {
        say!(out, "{}", lang.pick("Kết quả:", "Results:"));
        for r in &decoded.results {
            let official = results::lookup(&decoded.job, &r.code, &r.item);
            let meaning = official.map_or_else(
                || {
                    lang.pick(
                        "(mã không có trong bảng chính thức)",
                        "(code not in the official table)",
                    )
                },
                |o| {
                    format!(
                        "{} — {}",
                        o.description_vi.replace('\n', " "),
                        o.disposition_vi.replace('\n', " ")
                    )
                },
            );
            say!(out, "  {}  {meaning}", r.to_slot());
        }
        return;
    }
    let rows = items_in_order(decoded);
    say!(out, "{} ({}):", lang.pick("Chỉ tiêu", "Items"), rows.len());
    for (line, def, value) in rows {
        let at = line.map_or_else(String::new, |n| format!("[{n}] "));
        let name = match lang {
            Lang::Vi => def.name_vi.clone(),
            Lang::En | Lang::Both => format!("{} / {}", def.name_en, def.name_vi),
        };
        say!(out, "  {at}{:<4} {name}: {value}", def.id);
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
    let mut declaration = match super::core_cmd::read_declaration(out, path, lang) {
        Ok(d) => d,
        Err(code) => return code,
    };
    if number.is_some() {
        declaration.number = number;
    }
    let body = if matches!(job, "IDA" | "IDA01" | "EDA" | "EDA01") {
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
