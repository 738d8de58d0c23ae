//! The rows an `.xlsx` sheet hides (`<row r="12" hidden="1">` in the sheet's XML, ECMA-376
//! part 1 §18.3.1.73), which `calamine` does not report. The sheet's part is found as Excel
//! finds it: its name in `xl/workbook.xml`, its relationship in `xl/_rels/workbook.xml.rels`.
//! Read with the zip and XML readers `calamine` uses; nothing else of the file is interpreted.

use std::io::{BufReader, Read, Seek};
use std::path::Path;

use quick_xml::events::Event;

/// Rows hidden in the sheet `name` of the workbook at `path`, from 0, in order.
///
/// # Errors
/// A reader's message when the file is not a readable `.xlsx` package.
pub fn hidden_rows(path: &Path, name: &str) -> Result<Vec<u32>, String> {
    let file = std::fs::File::open(path).map_err(|e| e.to_string())?;
    let mut zip = zip::ZipArchive::new(BufReader::new(file)).map_err(|e| e.to_string())?;
    let Some(relationship) = each_element(&mut zip, "xl/workbook.xml", "sheet", |attrs| {
        (attrs.get("name").map(String::as_str) == Some(name))
            .then(|| attrs.get("r:id").cloned())
            .flatten()
    })?
    else {
        return Ok(Vec::new());
    };
    let Some(target) = each_element(
        &mut zip,
        "xl/_rels/workbook.xml.rels",
        "Relationship",
        |attrs| {
            (attrs.get("Id") == Some(&relationship))
                .then(|| attrs.get("Target").cloned())
                .flatten()
        },
    )?
    else {
        return Ok(Vec::new());
    };
    let part = match target.strip_prefix('/') {
        Some(absolute) => absolute.to_owned(),
        None => format!("xl/{target}"),
    };
    let mut hidden = Vec::new();
    each_element(&mut zip, &part, "row", |attrs| {
        let is_hidden = attrs
            .get("hidden")
            .is_some_and(|v| v == "1" || v.eq_ignore_ascii_case("true"));
        if is_hidden && let Some(row) = attrs.get("r").and_then(|r| r.parse::<u32>().ok()) {
            hidden.push(row.saturating_sub(1));
        }
        None::<()>
    })?;
    Ok(hidden)
}

type Attributes = std::collections::HashMap<String, String>;

/// Calls `visit` with the attributes of each element named `element` (start or empty tag) in
/// the part, until it gives `Some`. A missing part gives `None`.
fn each_element<R: Read + Seek, T>(
    zip: &mut zip::ZipArchive<R>,
    part: &str,
    element: &str,
    mut visit: impl FnMut(&Attributes) -> Option<T>,
) -> Result<Option<T>, String> {
    let Ok(entry) = zip.by_name(part) else {
        return Ok(None);
    };
    let mut reader = quick_xml::Reader::from_reader(BufReader::new(entry));
    let mut buf = Vec::new();
    loop {
        match reader
            .read_event_into(&mut buf)
            .map_err(|e| e.to_string())?
        {
            Event::Start(e) | Event::Empty(e) if AsRef::<str>::as_ref(&e.name()) == element => {
                let mut attrs = Attributes::new();
                for attr in e.attributes().flatten() {
                    let key = AsRef::<str>::as_ref(&attr.key).to_owned();
                    let value = attr
                        .normalized_value(quick_xml::XmlVersion::Implicit1_0)
                        .map_err(|e| e.to_string())?;
                    attrs.insert(key, value.into_owned());
                }
                if let Some(found) = visit(&attrs) {
                    return Ok(Some(found));
                }
            }
            Event::Eof => return Ok(None),
            _ => {}
        }
        buf.clear();
    }
}
