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
use crate::gateway::{DEFAULT_TIMEOUT, Gateway as _, GatewayError, Http};

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
        /// Check the password with this classroom server first (e.g.
        /// `https://192.168.1.10:7443`); nothing is saved when it refuses it.
        #[arg(long)]
        server: Option<String>,
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
            server,
        } => login(
            out,
            data_dir,
            &user,
            password_stdin,
            server.as_deref(),
            lang,
        ),
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
    /// Add someone to the class (password printed once; signs in at once, on a running server
    /// too; written to the roster file the server was started with).
    Add {
        /// Their VNACCS user ID (8 characters).
        #[arg(long)]
        user: String,
        /// Full name, with its accents.
        #[arg(long)]
        name: String,
        /// An instructor rather than a trainee.
        #[arg(long)]
        instructor: bool,
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
    // The port first: passwords are issued (and printed once) only when the class can start.
    if let Err(err) = std::net::TcpListener::bind(addr) {
        return super::core_cmd::served(out, addr, Err(err), lang);
    }
    let dir = Core::default_dir(data_dir);
    let prepared = members(roster_file, instructor).and_then(|members| {
        std::fs::create_dir_all(&dir).map_err(|e| ClassroomError::io(&dir, &e))?;
        let mut accounts = Accounts::open(&dir)?;
        let issued = accounts.sync(&members)?;
        // Where `sim roster add` writes new members, so they stay at the next start.
        let absolute = std::path::absolute(roster_file).unwrap_or_else(|_| roster_file.to_owned());
        accounts.set_roster(&absolute)?;
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

/// `khaibao sim roster reset-password ID`, `sim roster add …`.
fn roster(out: &mut impl Write, data_dir: &Path, action: RosterAction, lang: Lang) -> u8 {
    let user_id = match action {
        RosterAction::ResetPassword { user_id } => user_id,
        RosterAction::Add {
            user,
            name,
            instructor,
        } => {
            let role = if instructor {
                Role::Instructor
            } else {
                Role::Trainee
            };
            return roster_add(out, data_dir, &user, &name, role, lang);
        }
    };
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

/// `khaibao sim roster add --user ID --name NAME [--instructor]`: the account (a running
/// server reads it at the next sign-in) and a line in the roster file the server was started
/// with (so the member stays at the next start).
fn roster_add(
    out: &mut impl Write,
    data_dir: &Path,
    user: &str,
    name: &str,
    role: Role,
    lang: Lang,
) -> u8 {
    use unicode_normalization::UnicodeNormalization as _;
    let user_id = match roster::user_id(user) {
        Ok(id) => id,
        Err(problem) => {
            say!(out, "{}", lang.text(&problem));
            return 2;
        }
    };
    let member = Member {
        user_id,
        name: name.trim().nfc().collect(),
        role,
    };
    let dir = Core::default_dir(data_dir);
    let added = Accounts::open(&dir).and_then(|mut accounts| {
        if accounts.all().contains_key(&member.user_id) {
            return Err(ClassroomError::AlreadyListed(member.user_id.clone()));
        }
        let file = accounts.roster().map(Path::to_owned);
        let roster_text = match &file {
            Some(path) => {
                let text =
                    std::fs::read_to_string(path).map_err(|e| ClassroomError::io(path, &e))?;
                let listed = roster::parse(&text)?
                    .iter()
                    .any(|m| m.user_id == member.user_id);
                // Already written in by hand: only the account is missing.
                (!listed)
                    .then(|| roster::append(&text, &member))
                    .transpose()?
            }
            None => None,
        };
        let issued = accounts.add(&member)?;
        if let (Some(path), Some(text)) = (&file, roster_text) {
            crate::classroom::write_private(path, text.as_bytes())?;
        }
        Ok((issued, file))
    });
    match added {
        Ok((issued, file)) => {
            print_issued(out, &[issued], lang);
            say!(
                out,
                "{}",
                lang.pick(
                    "Đăng nhập được ngay, cả với máy chủ đang chạy (không cần khởi động lại).",
                    "They can sign in at once, on a running server too (no restart needed).",
                )
            );
            match file {
                Some(path) => say!(out, "{}", lang.pick(
                    &format!("Đã ghi vào danh sách lớp {}.", path.display()),
                    &format!("Written to the roster {}.", path.display()),
                )),
                None => say!(out, "{}", lang.pick(
                    "Chưa biết tệp danh sách lớp (máy chủ chưa từng chạy với --roster ở thư mục dữ liệu này): hãy thêm dòng này vào danh sách, nếu không tài khoản bị xóa ở lần khởi động sau.",
                    "No roster file is known (the server never ran with --roster in this data folder): add the line to your roster, or the account is removed at the next start.",
                )),
            }
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
        Some(typed) => given_matches(out, url, typed, &presented, lang),
        None if std::io::stdin().is_terminal() => {
            ask_typed(out, &mut std::io::stdin().lock(), &presented, lang)
        }
        None => {
            show_for_rerun(out, url, &presented, lang);
            false
        }
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

/// Whether the fingerprint given with `--fingerprint` is the one the server presented (a
/// warning when it is not, for scripts and careful trainees).
fn given_matches(
    out: &mut impl Write,
    url: &str,
    typed: &str,
    presented: &str,
    lang: Lang,
) -> bool {
    let Some(typed) = tofu::normalise(typed) else {
        say!(
            out,
            "{}",
            lang.pick(
                "Dấu vân tay phải gồm 32 cặp chữ số hệ 16 (AB:CD:…)",
                "A fingerprint is 32 hex pairs (AB:CD:…)"
            )
        );
        return false;
    };
    if typed != presented {
        say!(out, "{}", lang.pick(
            &format!("CẢNH BÁO: máy chủ {url} có dấu vân tay {presented}, KHÁC với dấu vân tay đã nhập {typed}. Không tin cậy; hãy hỏi giảng viên"),
            &format!("WARNING: the server {url} presents {presented}, which is NOT the fingerprint given ({typed}). Not trusted; ask the instructor"),
        ));
        return false;
    }
    true
}

/// Without a terminal nobody can type: the fingerprint is shown, to compare with the one the
/// instructor reads out, and the command to give it with.
fn show_for_rerun(out: &mut impl Write, url: &str, presented: &str, lang: Lang) {
    say!(
        out,
        "{}\n{}",
        lang.pick(
            "Dấu vân tay chứng thư SHA-256 của máy chủ:",
            "The server certificate's SHA-256 fingerprint:"
        ),
        tofu::grouped(presented)
    );
    say!(out, "{}", lang.pick(
        &format!("Không có bàn phím (terminal) để gõ dấu vân tay. So sánh với dấu vân tay giảng viên đọc; nếu trùng khớp, chạy lại: khaibao sim trust {url} --fingerprint <dấu vân tay giảng viên đọc>. Chưa tin cậy máy chủ."),
        &format!("No terminal to type the fingerprint in. Compare it with the one the instructor reads out; if they match, run again: khaibao sim trust {url} --fingerprint <the fingerprint the instructor reads out>. The server is not trusted yet."),
    ));
}

/// Most tries at typing the fingerprint.
const TYPING_TRIES: usize = 3;

/// Asks the trainee to type the fingerprint the instructor reads out (case, spaces, colons
/// and line breaks do not matter: [`tofu::normalise`]) and compares it with the one the
/// server presented, which is never shown: a trainee who only had to say "yes" to it could
/// trust whatever answered. True only on a match; [`TYPING_TRIES`] tries.
fn ask_typed(
    out: &mut impl Write,
    input: &mut impl std::io::BufRead,
    presented: &str,
    lang: Lang,
) -> bool {
    for _ in 0..TYPING_TRIES {
        say!(out, "{}", lang.pick(
            "Gõ dấu vân tay chứng thư giảng viên đọc (64 chữ số hệ 16; chữ hoa/thường, dấu cách, dấu hai chấm và xuống dòng không quan trọng):",
            "Type the certificate fingerprint the instructor reads out (64 hex digits; case, spaces, colons and line breaks do not matter):",
        ));
        let _ = out.flush();
        let Some(typed) = read_fingerprint(input) else {
            return false;
        };
        match tofu::normalise(&typed) {
            Some(typed) if typed == presented => return true,
            Some(_) => say!(out, "{}", lang.pick(
                "KHÔNG trùng với chứng thư của máy chủ. Kiểm tra lại điều đã gõ; nếu đúng là dấu vân tay giảng viên đọc thì có thể máy khác đang giả danh máy chủ: hãy báo giảng viên.",
                "It does NOT match the server's certificate. Check what you typed; if it is what the instructor reads out, another machine may be posing as the server: tell the instructor.",
            )),
            None => {
                let count = typed.chars().filter(char::is_ascii_hexdigit).count();
                say!(out, "{}", lang.pick(
                    &format!("Đã gõ {count} chữ số hệ 16; dấu vân tay có 64 (0–9, A–F)."),
                    &format!("{count} hex digits typed; a fingerprint has 64 (0–9, A–F)."),
                ));
            }
        }
    }
    say!(
        out,
        "{}",
        lang.pick("Chưa tin cậy máy chủ.", "The server is not trusted.")
    );
    false
}

/// One typed fingerprint: lines until 64 characters other than separators were typed, an
/// empty line after some, or the end of input (`None` when nothing was typed by then).
fn read_fingerprint(input: &mut impl std::io::BufRead) -> Option<String> {
    let mut typed = String::new();
    loop {
        let mut line = String::new();
        let read = input.read_line(&mut line).unwrap_or(0);
        let counted = |t: &str| {
            t.chars()
                .filter(|c| !matches!(c, ':' | ' ' | '-' | '\t' | '\n' | '\r'))
                .count()
        };
        if read == 0 {
            return (counted(&typed) > 0).then_some(typed);
        }
        if line.trim().is_empty() && counted(&typed) > 0 {
            return Some(typed);
        }
        typed.push_str(line.trim_end());
        typed.push(' ');
        if counted(&typed) >= 64 {
            return Some(typed);
        }
    }
}

/// `khaibao sim login --user ID [--password-stdin] [--server URL]`: saves a classroom
/// password in the OS credential store (the terminal ID and access key already saved for the
/// user stay). A user ID or password that cannot be a classroom one is explained and nothing
/// is saved; with `--server`, the server must accept the password first.
fn login(
    out: &mut impl Write,
    data_dir: &Path,
    user: &str,
    password_stdin: bool,
    server: Option<&str>,
    lang: Lang,
) -> u8 {
    let user = match roster::user_id(user) {
        Ok(id) => id,
        Err(problem) => {
            say!(out, "{}", lang.text(&problem));
            return 2;
        }
    };
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
    let password = zeroize::Zeroizing::new(text.trim_end_matches(['\r', '\n']).to_owned());
    if password.is_empty() {
        say!(
            out,
            "{}",
            lang.pick("Chưa nhập mật khẩu", "No password entered")
        );
        return 2;
    }
    if let Some(problem) = crate::classroom::password::explain_typed(&password) {
        say!(out, "{}", lang.text(&problem));
        say!(out, "{}", lang.pick("Chưa lưu gì.", "Nothing was saved."));
        return 2;
    }
    if let Some(url) = server
        && let Err(code) = check_with_server(out, data_dir, url, &user, &password, lang)
    {
        return code;
    }
    save_login(out, &user, password, lang)
}

/// Signs in to the classroom server at `url` as `user` (`GET /v1/health`, which a classroom
/// server answers only to a signed-in user); what to say and the exit code when it refuses.
fn check_with_server(
    out: &mut impl Write,
    data_dir: &Path,
    url: &str,
    user: &str,
    password: &zeroize::Zeroizing<String>,
    lang: Lang,
) -> Result<(), u8> {
    if !url.trim().to_ascii_lowercase().starts_with("https://") {
        say!(out, "{}", lang.pick(
            &format!("{url} không phải máy chủ lớp học (https://…): nó không kiểm tra mật khẩu. Chưa lưu gì."),
            &format!("{url} is not a classroom server (https://…): it checks no password. Nothing was saved."),
        ));
        return Err(2);
    }
    let checked = Http::with_pins(url, std::time::Duration::from_secs(30), &Pins::of(data_dir))
        .map(|http| http.signed_in_as(user, password.clone()))
        .and_then(|mut http| http.health());
    match checked {
        Ok(_) => {
            say!(
                out,
                "{}",
                lang.pick(
                    &format!(
                        "Máy chủ lớp học {} chấp nhận mật khẩu của {user}.",
                        tofu::origin(url)
                    ),
                    &format!(
                        "The classroom server {} accepts the password of {user}.",
                        tofu::origin(url)
                    ),
                )
            );
            Ok(())
        }
        Err(GatewayError::SignInRefused {
            code,
            message_vi,
            message_en,
            ..
        }) => {
            say!(out, "{}", lang.pick(
                &format!("Máy chủ lớp học {} từ chối: {code} {message_vi} ({user}). Chưa lưu gì; kiểm tra lại mã và mật khẩu trên giấy giảng viên phát, hoặc nhờ giảng viên cấp mật khẩu mới (khaibao sim roster reset-password {user}).", tofu::origin(url)),
                &format!("The classroom server {} refused: {code} {message_en} ({user}). Nothing was saved; check the user ID and password on the paper the instructor gave, or ask the instructor for a new one (khaibao sim roster reset-password {user}).", tofu::origin(url)),
            ));
            Err(2)
        }
        Err(err) => {
            say!(out, "{}", lang.error(&err));
            say!(out, "{}", lang.pick("Chưa lưu gì.", "Nothing was saved."));
            Err(2)
        }
    }
}

/// Keeps `password` for `user` in the OS credential store.
fn save_login(
    out: &mut impl Write,
    user: &str,
    password: zeroize::Zeroizing<String>,
    lang: Lang,
) -> u8 {
    let service = crate::secrets::SERVICE;
    let mut credentials = crate::secrets::load(service, user)
        .ok()
        .flatten()
        .unwrap_or_default();
    user.clone_into(&mut credentials.user_id);
    credentials.password = password;
    match crate::secrets::save(service, user, &credentials) {
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
            .map(|d| match d.lane() {
                Some(decided) => format!(
                    "{} {} {}",
                    d.number,
                    state_name(&d.status, lang),
                    decided.name(lang == Lang::Vi)
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

#[cfg(test)]
mod tests {
    use super::*;

    fn presented() -> String {
        tofu::fingerprint(b"the classroom certificate")
    }

    #[test]
    fn a_fingerprint_typed_as_read_aloud_is_trusted_and_the_servers_is_never_shown() {
        let fp = presented();
        // Read aloud in four lines of eight pairs, typed in small letters with spaces.
        let typed = tofu::grouped(&fp).replace(':', " ").to_lowercase() + "\n";
        let mut out = Vec::new();
        assert!(ask_typed(
            &mut out,
            &mut std::io::Cursor::new(typed),
            &fp,
            Lang::En
        ));
        let shown = String::from_utf8(out).unwrap();
        assert!(
            shown.contains("Type the certificate fingerprint"),
            "{shown}"
        );
        assert!(!shown.contains(&fp[..20]), "{shown}");
    }

    #[test]
    fn a_wrong_or_short_fingerprint_is_not_trusted_after_three_tries() {
        let fp = presented();
        let wrong = tofu::fingerprint(b"someone else");
        let typed = format!("AB:CD\n\n{wrong}\n{wrong}\n");
        let mut out = Vec::new();
        assert!(!ask_typed(
            &mut out,
            &mut std::io::Cursor::new(typed),
            &fp,
            Lang::En
        ));
        let shown = String::from_utf8(out).unwrap();
        assert!(
            shown.contains("4 hex digits typed; a fingerprint has 64"),
            "{shown}"
        );
        assert_eq!(shown.matches("does NOT match").count(), 2, "{shown}");
        assert!(shown.ends_with("The server is not trusted.\n"), "{shown}");
        assert!(!shown.contains(&fp[..20]));
        // Nothing typed at all (end of input): not trusted.
        assert!(!ask_typed(
            &mut Vec::new(),
            &mut std::io::Cursor::new(""),
            &fp,
            Lang::Vi
        ));
    }
}
