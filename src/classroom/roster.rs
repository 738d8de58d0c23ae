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
        let id: UserId = fields[0].parse().map_err(|_| {
            problem(
                number,
                format!(
                    "mã người sử dụng \"{}\" không hợp lệ (VNACCS: 5 ký tự mã đơn vị + 3 ký tự, chữ in hoa và chữ số)",
                    fields[0]
                ),
                format!(
                    "user ID \"{}\" is not valid (VNACCS: a 5-character user code + 3 characters, capital letters and digits)",
                    fields[0]
                ),
            )
        })?;
        let name: String = fields.get(1).copied().unwrap_or("").nfc().collect();
        if name.is_empty() {
            return Err(problem(number, "thiếu họ tên", "the name is missing"));
        }
        let role = role_of(fields.get(2).copied().unwrap_or(""), number)?;
        let user_id = id.as_str().to_owned();
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
