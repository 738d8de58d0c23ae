//! `khaibao sim serve --roster`, `sim roster`, `sim trust`, `sim login`, `sim class`: the
//! classroom (docs/classroom.md).

use std::io::{IsTerminal as _, Write};
use std::path::Path;

use super::{Format, Lang, say};
use crate::classroom::accounts::{Accounts, Issued};
use crate::classroom::roster::{self, Member};
use crate::classroom::{ClassroomError, Role};
use crate::clock::Clock;
use crate::core_sim::Core;
use crate::gateway::tofu::{self, Pins};
use crate::gateway::{DEFAULT_TIMEOUT, GatewayError, Http};

/// The classroom's commands of `khaibao sim` (flattened into its subcommands).
#[derive(Debug, clap::Subcommand)]
pub enum ClassAction {
    /// The classroom's accounts (the server's data folder).
    Roster {
        #[command(subcommand)]
        action: RosterAction,
    },
    /// Trust a classroom server's certificate (compare its fingerprint with the instructor's).
    Trust {
        /// The server, e.g. `https://192.168.1.10:7443`.
        url: String,
        /// The fingerprint the instructor read out (asked interactively when absent).
        #[arg(long)]
        fingerprint: Option<String>,
        /// Forget the server's pinned fingerprint instead.
        #[arg(long, conflicts_with = "fingerprint")]
        forget: bool,
    },
    /// Save a classroom password in the operating system's credential store.
    Login {
        /// VNACCS user ID.
        #[arg(long)]
        user: String,
        /// Read the password from one line of stdin instead of asking.
        #[arg(long)]
        password_stdin: bool,
    },
    /// The instructor's view of a classroom: every trainee and their declarations.
    Class {
        /// The classroom server, e.g. `https://127.0.0.1:7443`.
        #[arg(long)]
        server: String,
        /// The instructor's VNACCS user ID (default: `KHAIBAO_USER`).
        #[arg(long)]
        user: Option<String>,
        /// Print again every this many seconds (Ctrl+C to stop).
        #[arg(long)]
        watch: Option<u64>,
        /// Output format.
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
    },
}

/// Runs one of the classroom's `sim` commands.
pub(super) fn sim(out: &mut impl Write, data_dir: &Path, action: ClassAction, lang: Lang) -> u8 {
    match action {
        ClassAction::Roster { action } => roster(out, data_dir, action, lang),
        ClassAction::Trust {
            url,
            fingerprint,
            forget,
        } => trust(out, data_dir, &url, fingerprint.as_deref(), forget, lang),
        ClassAction::Login {
            user,
            password_stdin,
        } => login(out, &user, password_stdin, lang),
        ClassAction::Class {
            server,
            user,
            watch,
            format,
        } => {
            let user = super::core_cmd::user_id(user.as_ref());
            class(out, data_dir, &server, &user, watch, format, lang)
        }
    }
}

/// `sim roster …`.
#[derive(Debug, clap::Subcommand)]
pub enum RosterAction {
    /// Give a trainee a new password (printed once; applies at once, on a running server too).
    ResetPassword {
        /// The trainee's VNACCS user ID.
        user_id: String,
    },
}

/// Prints the passwords given out now, once.
fn print_issued(out: &mut impl Write, issued: &[Issued], lang: Lang) {
    if issued.is_empty() {
        return;
    }
    say!(
        out,
        "{}",
        lang.pick(
            "Mật khẩu ban đầu (chỉ hiện MỘT lần — chép hoặc in ra và phát cho từng học viên):",
            "Initial passwords (shown ONCE — copy or print them and hand each to its trainee):"
        )
    );
    say!(
        out,
        "{:<10} {:<32} {}",
        lang.pick("Mã NSD", "User ID"),
        lang.pick("Họ tên", "Name"),
        lang.pick("Mật khẩu", "Password")
    );
    for i in issued {
        let role = if i.role == Role::Instructor {
            lang.pick(" (giảng viên)", " (instructor)")
        } else {
            String::new()
        };
        say!(
            out,
            "{:<10} {:<32} {}",
            i.user_id,
            format!("{}{role}", i.name),
            i.password.as_str()
        );
    }
}

/// The roster's members, with `--instructor` made one (added when not listed).
fn members(path: &Path, instructor: Option<&str>) -> Result<Vec<Member>, ClassroomError> {
    let bytes = std::fs::read(path).map_err(|e| ClassroomError::io(path, &e))?;
    let text = String::from_utf8(bytes).map_err(|e| ClassroomError::Corrupt {
        path: path.display().to_string(),
        detail: format!("UTF-8: {e}"),
    })?;
    let mut members = roster::parse(&text)?;
    if let Some(id) = instructor {
        let id: crate::domain::ids::UserId = id
            .parse()
            .map_err(|_| ClassroomError::NoAccount(id.to_owned()))?;
        match members.iter_mut().find(|m| m.user_id == id.as_str()) {
            Some(member) => member.role = Role::Instructor,
            None => members.push(Member {
                user_id: id.as_str().to_owned(),
                name: "Giảng viên".to_owned(),
                role: Role::Instructor,
            }),
        }
    }
    Ok(members)
}

/// `khaibao sim serve --roster FILE [--instructor ID]`: the classroom server over HTTPS.
pub(super) fn serve(
    out: &mut impl Write,
    data_dir: &Path,
    clock: &Clock,
    addr: std::net::SocketAddr,
    roster_file: &Path,
    instructor: Option<&str>,
    lang: Lang,
) -> u8 {
    let dir = Core::default_dir(data_dir);
    let prepared = members(roster_file, instructor).and_then(|members| {
        std::fs::create_dir_all(&dir).map_err(|e| ClassroomError::io(&dir, &e))?;
        let mut accounts = Accounts::open(&dir)?;
        let issued = accounts.sync(&members)?;
        let identity = crate::gateway::classroom::identity(&dir)?;
        let guard = crate::gateway::classroom::Guard::new(
            accounts.all().clone().into_iter().collect(),
            &dir,
        )?;
        Ok((issued, identity, guard))
    });
    let (issued, identity, guard) = match prepared {
        Ok(p) => p,
        Err(err) => {
            say!(out, "{}", lang.error(&err));
            return 2;
        }
    };
    print_issued(out, &issued, lang);
    let _ = out.flush();
    // The roster's instructors are the core's: only they may use its training controls.
    let (core, runtime) =
        match super::core_cmd::server_core(out, data_dir, &dir, Some(&guard.instructors()), lang) {
            Ok(opened) => opened,
            Err(code) => return code,
        };
    let core_clock = clock.clone();
    let fingerprint = tofu::grouped(&identity.fingerprint);
    let shown = dir.display().to_string();
    let result = runtime.block_on(crate::gateway::server::serve_classroom(
        core,
        std::sync::Arc::new(move || core_clock.machine_now()),
        std::sync::Arc::new(guard),
        identity.config,
        addr,
        |bound| {
            eprintln!("{}", lang.pick(
                &format!("Lớp học mô phỏng VNACCS đang chạy tại https://{bound} (dữ liệu: {shown}); Ctrl+C để dừng.\nDấu vân tay chứng thư SHA-256 (đọc cho học viên):\n{fingerprint}"),
                &format!("Simulated VNACCS classroom listening on https://{bound} (data: {shown}); Ctrl+C to stop.\nCertificate SHA-256 fingerprint (read it out to the trainees):\n{fingerprint}"),
            ));
        },
        async {
            let _ = tokio::signal::ctrl_c().await;
        },
    ));
    super::core_cmd::served(out, addr, result, lang)
}

/// `khaibao sim roster reset-password ID`.
fn roster(out: &mut impl Write, data_dir: &Path, action: RosterAction, lang: Lang) -> u8 {
    let RosterAction::ResetPassword { user_id } = action;
    let dir = Core::default_dir(data_dir);
    match Accounts::open(&dir).and_then(|mut a| a.reset_password(&user_id)) {
        Ok(issued) => {
            print_issued(out, &[issued], lang);
            say!(
                out,
                "{}",
                lang.pick(
                    "Mật khẩu mới có hiệu lực ngay, cả với máy chủ đang chạy; mật khẩu cũ không dùng được nữa.",
                    "The new password applies at once, on a running server too; the old one no longer works."
                )
            );
            0
        }
        Err(err) => {
            say!(out, "{}", lang.error(&err));
            2
        }
    }
}

/// `khaibao sim trust URL [--fingerprint FP] [--forget]`.
fn trust(
    out: &mut impl Write,
    data_dir: &Path,
    url: &str,
    fingerprint: Option<&str>,
    forget: bool,
    lang: Lang,
) -> u8 {
    let pins = Pins::of(data_dir);
    if forget {
        return if pins.forget(url).is_ok() {
            say!(
                out,
                "{}",
                lang.pick("Đã bỏ tin cậy máy chủ.", "The server is no longer trusted.")
            );
            0
        } else {
            say!(
                out,
                "{}",
                lang.pick("Không ghi được tệp tin cậy.", "Cannot write the pins file.")
            );
            2
        };
    }
    let presented = match tofu::probe(url, std::time::Duration::from_secs(10)) {
        Ok(fp) => fp,
        Err(err) => {
            say!(out, "{}", lang.error(&err));
            return 2;
        }
    };
    let confirmed = match fingerprint {
        Some(typed) => {
            let Some(typed) = tofu::normalise(typed) else {
                say!(
                    out,
                    "{}",
                    lang.pick(
                        "Dấu vân tay phải gồm 32 cặp chữ số hệ 16 (AB:CD:…)",
                        "A fingerprint is 32 hex pairs (AB:CD:…)"
                    )
                );
                return 2;
            };
            if typed != presented {
                say!(out, "{}", lang.pick(
                    &format!("CẢNH BÁO: máy chủ {url} có dấu vân tay {presented}, KHÁC với dấu vân tay đã nhập {typed}. Không tin cậy; hãy hỏi giảng viên"),
                    &format!("WARNING: the server {url} presents {presented}, which is NOT the fingerprint given ({typed}). Not trusted; ask the instructor"),
                ));
                return 2;
            }
            true
        }
        None => ask(out, &presented, lang),
    };
    if !confirmed {
        return 2;
    }
    match pins.pin(url, &presented) {
        Ok(()) => {
            say!(
                out,
                "{}",
                lang.pick(
                    &format!(
                        "Đã tin cậy máy chủ lớp học {} ({presented}).",
                        tofu::origin(url)
                    ),
                    &format!(
                        "The classroom server {} is trusted ({presented}).",
                        tofu::origin(url)
                    ),
                )
            );
            0
        }
        Err(Some(pinned)) => {
            let err = GatewayError::CertificateChanged {
                url: tofu::origin(url),
                pinned,
                presented,
            };
            say!(out, "{}", lang.error(&err));
            2
        }
        Err(None) => {
            say!(
                out,
                "{}",
                lang.pick("Không ghi được tệp tin cậy.", "Cannot write the pins file.")
            );
            2
        }
    }
}

/// Shows the fingerprint and asks the trainee to confirm it (a terminal only).
fn ask(out: &mut impl Write, presented: &str, lang: Lang) -> bool {
    say!(
        out,
        "{}\n{}",
        lang.pick(
            "Dấu vân tay chứng thư SHA-256 của máy chủ:",
            "The server certificate's SHA-256 fingerprint:"
        ),
        tofu::grouped(presented)
    );
    if !std::io::stdin().is_terminal() {
        say!(out, "{}", lang.pick(
            "So sánh với dấu vân tay giảng viên đọc rồi chạy lại với --fingerprint để xác nhận.",
            "Compare it with the one the instructor reads out, then run again with --fingerprint to confirm."
        ));
        return false;
    }
    let _ = write!(
        out,
        "{}",
        lang.pick(
            "Trùng với dấu vân tay giảng viên đọc? [c/K] ",
            "Does it match the one the instructor reads out? [y/N] "
        )
    );
    let _ = out.flush();
    let mut answer = String::new();
    let _ = std::io::stdin().read_line(&mut answer);
    matches!(
        answer.trim().to_lowercase().as_str(),
        "y" | "yes" | "c" | "có" | "co"
    )
}

/// `khaibao sim login --user ID [--password-stdin]`: saves a classroom password in the OS
/// credential store (the terminal ID and access key already saved for the user stay).
fn login(out: &mut impl Write, user: &str, password_stdin: bool, lang: Lang) -> u8 {
    let user = user.trim().to_ascii_uppercase();
    let mut text = zeroize::Zeroizing::new(String::new());
    let read = if password_stdin {
        std::io::stdin().read_line(&mut text).map(|_| ())
    } else {
        rpassword::prompt_password(lang.pick("Mật khẩu: ", "Password: ")).map(|p| *text = p)
    };
    if let Err(err) = read {
        say!(out, "{err}");
        return 2;
    }
    let password = text.trim_end_matches(['\r', '\n']);
    if password.is_empty() {
        say!(
            out,
            "{}",
            lang.pick("Chưa nhập mật khẩu", "No password entered")
        );
        return 2;
    }
    let service = crate::secrets::SERVICE;
    let mut credentials = crate::secrets::load(service, &user)
        .ok()
        .flatten()
        .unwrap_or_default();
    credentials.user_id.clone_from(&user);
    credentials.password = zeroize::Zeroizing::new(password.to_owned());
    match crate::secrets::save(service, &user, &credentials) {
        Ok(()) => {
            say!(
                out,
                "{}",
                lang.pick(
                    &format!("Đã lưu mật khẩu của {user}."),
                    &format!("The password of {user} is saved."),
                )
            );
            say!(out, "{}", lang.text(&crate::secrets::store_description()));
            0
        }
        Err(err) => {
            say!(out, "{}", lang.error(&err));
            2
        }
    }
}

/// `khaibao sim class --server URL [--user ID] [--watch SECONDS]`: the instructor's view.
fn class(
    out: &mut impl Write,
    data_dir: &Path,
    server: &str,
    user: &str,
    watch: Option<u64>,
    format: Format,
    lang: Lang,
) -> u8 {
    let mut http = match Http::with_pins(server, DEFAULT_TIMEOUT, &Pins::of(data_dir)) {
        Ok(h) => h,
        Err(err) => {
            say!(out, "{}", lang.error(&err));
            return 2;
        }
    };
    loop {
        let view = match http.class(user) {
            Ok(v) => v,
            Err(err) => {
                say!(out, "{}", lang.error(&err));
                return 2;
            }
        };
        if format == Format::Json {
            if !super::say_json(out, &view) {
                return 2;
            }
        } else {
            print_class(out, &view, lang);
        }
        let _ = out.flush();
        match watch {
            Some(seconds) => std::thread::sleep(std::time::Duration::from_secs(seconds.max(1))),
            None => return 0,
        }
    }
}

/// A declaration's status as the core names it, in the language asked.
fn state_name(status: &str, lang: Lang) -> String {
    let (vi, en) = match status {
        "provisional" => ("khai trước", "provisional"),
        "registered" => ("đã đăng ký", "registered"),
        "cleared" => ("đã thông quan", "cleared"),
        "cancelled" => ("đã hủy", "cancelled"),
        "expired" => ("hết hạn", "expired"),
        other => (other, other),
    };
    lang.pick(vi, en)
}

/// A lane as the core names it, in the language asked.
fn lane_name(decided: &str, lang: Lang) -> String {
    let (vi, en) = match decided {
        "green" => ("luồng xanh", "green"),
        "yellow" => ("luồng vàng", "yellow"),
        "red" => ("luồng đỏ", "red"),
        other => (other, other),
    };
    lang.pick(vi, en)
}

fn print_class(out: &mut impl Write, view: &crate::gateway::classroom::ClassView, lang: Lang) {
    say!(
        out,
        "{:<10} {:<28} {:>5} {:>6}  {}",
        lang.pick("Mã NSD", "User ID"),
        lang.pick("Họ tên", "Name"),
        lang.pick("Số TK", "Decl."),
        lang.pick("Điểm", "Score"),
        lang.pick(
            "Tờ khai (số, trạng thái, luồng)",
            "Declarations (number, status, lane)"
        )
    );
    for m in &view.members {
        // The mean of the best score of each exercise tried, with how many were tried.
        let score = match u32::try_from(m.scores.len()) {
            Ok(0) | Err(_) => "-".to_owned(),
            Ok(n) => format!(
                "{}%/{n}",
                m.scores.iter().map(|s| s.best_percent).sum::<u32>() / n
            ),
        };
        let list: Vec<String> = m
            .declarations
            .iter()
            .map(|d| match &d.lane {
                Some(decided) => format!(
                    "{} {} {}",
                    d.number,
                    state_name(&d.status, lang),
                    lane_name(decided, lang)
                ),
                None => format!("{} {}", d.number, state_name(&d.status, lang)),
            })
            .collect();
        say!(
            out,
            "{:<10} {:<28} {:>5} {:>6}  {}",
            m.user_id,
            m.name,
            m.declarations.len(),
            score,
            list.join("; ")
        );
    }
}
