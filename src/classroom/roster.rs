//! The class roster the instructor writes: a CSV file with the header `user_id,name` and an
//! optional third column `role` (`trainee`/`học viên`, `instructor`/`giảng viên`; empty means
//! trainee). User IDs are VNACCS user IDs (5 + 3 characters, [`crate::domain::ids::UserId`]);
//! names keep their Vietnamese accents (NFC). A UTF-8 byte-order mark and CRLF line ends (as
//! Excel writes them) are accepted; commas or semicolons separate the columns.
//!
//! Pure: reads text, does no IO.

use std::collections::HashMap;

use super::{ClassroomError, Role};
use crate::domain::ids::UserId;
use crate::domain::text::Bilingual;

/// One person of the roster.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Member {
    /// VNACCS user ID, 8 characters.
    pub user_id: String,
    /// Full name as written (NFC).
    pub name: String,
    /// Trainee or instructor.
    pub role: Role,
}

fn problem(line: usize, vi: impl Into<String>, en: impl Into<String>) -> ClassroomError {
    ClassroomError::Roster {
        line,
        problem: Bilingual::new(vi, en),
    }
}

fn role_of(text: &str, line: usize) -> Result<Role, ClassroomError> {
    let folded = crate::domain::text::fold(text.trim());
    match folded.as_str() {
        "" | "trainee" | "hoc vien" | "hocvien" | "student" => Ok(Role::Trainee),
        "instructor" | "giang vien" | "giangvien" | "teacher" => Ok(Role::Instructor),
        _ => Err(problem(
            line,
            format!("vai trò \"{text}\" không hợp lệ (học viên hoặc giảng viên)"),
            format!("role \"{text}\" is not valid (trainee or instructor)"),
        )),
    }
}

/// A VNACCS user ID as typed (small letters made capitals, spaces around dropped); otherwise why not, in
/// both languages: 8 characters, a 5-character user code and 3 more, capitals and digits
/// ([`UserId`]).
///
/// # Errors
/// The explanation, saying how many characters were given.
pub fn user_id(text: &str) -> Result<String, Bilingual> {
    let trimmed = text.trim();
    trimmed
        .to_ascii_uppercase()
        .parse::<UserId>()
        .map(|id| id.as_str().to_owned())
        .map_err(|_| {
            let count = trimmed.chars().count();
            Bilingual::new(
                format!(
                    "mã người sử dụng \"{trimmed}\" không hợp lệ ({count} ký tự; VNACCS: đúng 8 ký tự — 5 ký tự mã đơn vị + 3 ký tự, chữ in hoa và chữ số)"
                ),
                format!(
                    "user ID \"{trimmed}\" is not valid ({count} characters; VNACCS: exactly 8 — a 5-character user code + 3 characters, capital letters and digits)"
                ),
            )
        })
}

/// The roster's text with `member` added as its last line, in the file's own way (byte-order
/// mark, line ends, separator); a `role` column is added to the header when an instructor is
/// added to a roster without one.
///
/// # Errors
/// [`ClassroomError::Roster`]: the roster as it is cannot be read, the user ID is on it
/// already, or the name holds a separator or a quote (it could not be read back).
pub fn append(text: &str, member: &Member) -> Result<String, ClassroomError> {
    let existing = parse(text)?;
    if let Some(at) = existing.iter().position(|m| m.user_id == member.user_id) {
        return Err(problem(
            at + 2,
            format!("mã {} đã có trong danh sách", member.user_id),
            format!("user ID {} is already on the roster", member.user_id),
        ));
    }
    if member.name.contains([',', ';', '"', '\n', '\r']) || member.name.trim().is_empty() {
        return Err(problem(
            existing.len() + 2,
            "họ tên trống hoặc có dấu phẩy, chấm phẩy hay ngoặc kép",
            "the name is empty or holds a comma, semicolon or quote",
        ));
    }
    let line_end = if text.contains("\r\n") { "\r\n" } else { "\n" };
    let (bom, body) = text
        .strip_prefix('\u{feff}')
        .map_or(("", text), |rest| ("\u{feff}", rest));
    let mut lines: Vec<&str> = body.lines().map(|l| l.trim_end_matches('\r')).collect();
    while lines.last().is_some_and(|l| l.trim().is_empty()) {
        lines.pop();
    }
    let header_at = lines.iter().position(|l| !l.trim().is_empty()).unwrap_or(0);
    let header = lines.get(header_at).copied().unwrap_or_default();
    let separator = if header.contains(';') && !header.contains(',') {
        ';'
    } else {
        ','
    };
    let has_role = header.split(separator).count() > 2;
    let mut out: Vec<String> = lines.iter().map(|l| (*l).to_owned()).collect();
    if member.role == Role::Instructor && !has_role {
        out[header_at] = format!("{header}{separator}role");
    }
    let role = match (member.role, has_role || member.role == Role::Instructor) {
        (Role::Instructor, _) => format!("{separator}instructor"),
        (Role::Trainee, true) => format!("{separator}trainee"),
        (Role::Trainee, false) => String::new(),
    };
    out.push(format!(
        "{}{separator}{}{role}",
        member.user_id, member.name
    ));
    let written = format!("{bom}{}{line_end}", out.join(line_end));
    // Read back: the new line must be the member, the others unchanged.
    let back = parse(&written)?;
    if back.len() != existing.len() + 1 || back.last() != Some(member) {
        return Err(problem(
            out.len(),
            "dòng mới không đọc lại được",
            "the new line cannot be read back",
        ));
    }
    Ok(written)
}

/// The members of a roster file's text, in file order.
///
/// # Errors
/// [`ClassroomError::Roster`] with the line number: a missing or wrong header, a bad user ID,
/// an empty name, a user ID twice, an unknown role, or no member at all.
pub fn parse(text: &str) -> Result<Vec<Member>, ClassroomError> {
    use unicode_normalization::UnicodeNormalization as _;
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut lines = text
        .lines()
        .enumerate()
        .map(|(i, l)| (i + 1, l.trim_end_matches('\r')));
    let header = lines
        .by_ref()
        .find(|(_, l)| !l.trim().is_empty())
        .ok_or_else(|| problem(1, "tệp trống", "the file is empty"))?;
    let separator = if header.1.contains(';') && !header.1.contains(',') {
        ';'
    } else {
        ','
    };
    let columns: Vec<String> = header
        .1
        .split(separator)
        .map(|c| c.trim().to_ascii_lowercase())
        .collect();
    if columns.len() < 2 || columns[0] != "user_id" || columns[1] != "name" {
        return Err(problem(
            header.0,
            "dòng tiêu đề phải là user_id,name (thêm ,role nếu cần)",
            "the header must be user_id,name (and ,role when needed)",
        ));
    }
    let mut members = Vec::new();
    let mut seen: HashMap<String, usize> = HashMap::new();
    for (number, line) in lines {
        if line.trim().is_empty() {
            continue;
        }
        let fields: Vec<&str> = line
            .split(separator)
            .map(|f| f.trim().trim_matches('"'))
            .collect();
        let user_id = user_id(fields[0]).map_err(|problem| ClassroomError::Roster {
            line: number,
            problem,
        })?;
        let name: String = fields.get(1).copied().unwrap_or("").nfc().collect();
        if name.is_empty() {
            return Err(problem(number, "thiếu họ tên", "the name is missing"));
        }
        let role = role_of(fields.get(2).copied().unwrap_or(""), number)?;
        if let Some(first) = seen.insert(user_id.clone(), number) {
            return Err(problem(
                number,
                format!("mã {user_id} đã có ở dòng {first}"),
                format!("user ID {user_id} is already on line {first}"),
            ));
        }
        members.push(Member {
            user_id,
            name,
            role,
        });
    }
    if members.is_empty() {
        return Err(problem(
            header.0,
            "danh sách không có học viên nào",
            "the roster lists nobody",
        ));
    }
    Ok(members)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_excel_roster_with_bom_crlf_accents_and_an_instructor_is_read() {
        let text = "\u{feff}user_id,name,role\r\nKBLOP001,Nguyễn Văn An,\r\nKBLOP002,Trần Thị Bích,học viên\r\n\r\nKBLOPGV1,Lê Đức Thọ,Giảng viên\r\n";
        let members = parse(text).unwrap();
        assert_eq!(members.len(), 3);
        assert_eq!(members[0].user_id, "KBLOP001");
        assert_eq!(members[0].name, "Nguyễn Văn An");
        assert_eq!(members[1].role, Role::Trainee);
        assert_eq!(members[2].role, Role::Instructor);
        // Semicolons (Excel in a Vietnamese locale) and no role column.
        let semi = parse("user_id;name\nKBLOP003;Phạm Minh\n").unwrap();
        assert_eq!(semi[0].name, "Phạm Minh");
    }

    #[test]
    fn a_member_is_appended_in_the_files_own_way_and_read_back() {
        let excel = "\u{feff}user_id;name\r\nKBLOP001;Nguyễn An\r\n\r\n";
        let trainee = Member {
            user_id: "KBLOP002".into(),
            name: "Trần Bình".into(),
            role: Role::Trainee,
        };
        let added = append(excel, &trainee).unwrap();
        assert_eq!(
            added,
            "\u{feff}user_id;name\r\nKBLOP001;Nguyễn An\r\nKBLOP002;Trần Bình\r\n"
        );
        // An instructor to a roster without roles: the header gains the column.
        let teacher = Member {
            user_id: "KBLOPGV2".into(),
            name: "Lê Thầy".into(),
            role: Role::Instructor,
        };
        let again = append(&added, &teacher).unwrap();
        let members = parse(&again).unwrap();
        assert_eq!(members.len(), 3);
        assert_eq!(members[1], trainee);
        assert_eq!(members[2], teacher);
        assert!(again.starts_with("\u{feff}user_id;name;role\r\n"));
        // Twice, or a name that would not read back: refused, in both languages.
        let twice = append(&again, &trainee).unwrap_err();
        crate::domain::text::assert_apart(&twice);
        assert!(twice.message().en.contains("already on the roster"));
        let comma = Member {
            name: "Trần, Bình".into(),
            user_id: "KBLOP003".into(),
            role: Role::Trainee,
        };
        assert!(append(&again, &comma).is_err());
    }

    #[test]
    fn a_user_id_of_seven_or_nine_characters_is_explained() {
        assert_eq!(user_id(" kblop001 ").unwrap(), "KBLOP001");
        let short = user_id("KBLOP01").unwrap_err();
        assert!(short.en.contains("7 characters") && short.en.contains("exactly 8"));
        assert!(short.vi.contains("7 ký tự"));
        assert!(
            user_id("KBLOP0001")
                .unwrap_err()
                .en
                .contains("9 characters")
        );
    }

    #[test]
    fn bad_lines_are_refused_with_their_line_number_in_both_languages() {
        let cases = [
            (
                "user_id,name\nKBLOP001,An\nKBLOP001,Bình\n",
                3,
                "already on line 2",
            ),
            (
                "user_id,name\nKBLOP001,An\nXYZ,Bình\n",
                3,
                "user ID \"XYZ\"",
            ),
            ("user_id,name\nKBLOP001,\n", 2, "name is missing"),
            ("id,name\nKBLOP001,An\n", 1, "header"),
            ("user_id,name,role\nKBLOP001,An,boss\n", 2, "role"),
            ("user_id,name\n", 1, "lists nobody"),
        ];
        for (text, line, en) in cases {
            let err = parse(text).unwrap_err();
            crate::domain::text::assert_apart(&err);
            let ClassroomError::Roster { line: got, .. } = &err else {
                panic!("{err}");
            };
            assert_eq!(*got, line, "{text}");
            assert!(err.message().en.contains(en), "{}", err.message().en);
        }
    }
}
