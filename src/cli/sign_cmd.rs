//! `khaibao token …` (modules, tokens, certificates, choosing one, the practice token),
//! `khaibao cert …` (registration with the simulated customs), and signing a request for
//! `khaibao submit --sign`. The PIN is read without echo from the terminal, or from one line of
//! stdin with `--pin-stdin` (scripts, tests); it is never printed or written anywhere.

use std::io::{BufRead, Write};
use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use clap::{Subcommand, ValueEnum};

use super::{Format, Lang, say};
use crate::domain::time::vietnam_display;
use crate::signature::KeyKind;
use crate::signing::helper::{Helper, Pin};
use crate::signing::profile::SigningProfile;
use crate::signing::{TokenCertificate, TokenError, modules};
use crate::wire::SignedMessage;
use crate::workflow::tokens;

/// Key kinds for the practice certificate.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum KeyChoice {
    /// RSA 2048 (what Vietnamese CA tokens carry).
    Rsa,
    /// ECDSA P-256.
    Ec,
}

/// `khaibao token …`.
#[derive(Debug, Subcommand)]
pub enum TokenAction {
    /// The PKCS#11 libraries of common tokens found on this machine.
    Modules,
    /// The tokens plugged in.
    List {
        /// The PKCS#11 library (default: the chosen one, else the first found).
        #[arg(long)]
        module: Option<PathBuf>,
    },
    /// The certificates on the tokens.
    Certs {
        /// The PKCS#11 library (default: the chosen one, else the first found).
        #[arg(long)]
        module: Option<PathBuf>,
        /// Output format.
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
    },
    /// Choose the certificate to sign with (kept in `signing.json`; no secret).
    Use {
        /// The PKCS#11 library.
        #[arg(long)]
        module: PathBuf,
        /// The certificate's thumbprint (SHA-256, from `token certs`).
        #[arg(long)]
        cert: String,
    },
    /// Sign a file with the chosen certificate: writes a detached CMS signature (DER) that
    /// `openssl cms -verify` reads. A way to test the token and PIN before a real submission.
    Sign {
        /// The file to sign.
        file: PathBuf,
        /// Where to write the signature (default: FILE.p7s).
        #[arg(long)]
        out: Option<PathBuf>,
        /// Read the PIN from one line of stdin.
        #[arg(long)]
        pin_stdin: bool,
    },
    /// Check a detached CMS signature over a file and show the signer.
    Verify {
        /// The signed file.
        file: PathBuf,
        /// The signature (DER).
        signature: PathBuf,
    },
    /// Make a practice token and certificate (SIMULATION ONLY) and choose it.
    Practice {
        /// The signer's name.
        #[arg(long)]
        name: String,
        /// The enterprise tax code written into the certificate.
        #[arg(long)]
        tax_code: String,
        /// Key kind.
        #[arg(long, value_enum, default_value_t = KeyChoice::Rsa)]
        key: KeyChoice,
        /// First valid day (default: today).
        #[arg(long, value_name = "DATE")]
        valid_from: Option<NaiveDate>,
        /// Last valid day (default: one year on).
        #[arg(long, value_name = "DATE")]
        valid_to: Option<NaiveDate>,
        /// Read the new PIN from one line of stdin instead of asking.
        #[arg(long)]
        pin_stdin: bool,
    },
}

/// `khaibao cert …`.
#[derive(Debug, Subcommand)]
pub enum CertAction {
    /// Register the chosen certificate with (simulated) customs for a user; signed with it.
    Register {
        /// Signer's full name.
        #[arg(long)]
        name: String,
        /// Signer's ID card / passport number.
        #[arg(long)]
        id_number: String,
        /// Signer's title.
        #[arg(long, default_value = "")]
        title: String,
        /// Tax code, when the certificate carries none.
        #[arg(long)]
        tax_code: Option<String>,
        /// VNACCS user ID (default: `$KHAIBAO_USER`, else `TRAIN001`).
        #[arg(long)]
        user: Option<String>,
        /// A simulator server instead of the embedded core.
        #[arg(long)]
        server: Option<String>,
        /// Read the PIN from one line of stdin.
        #[arg(long)]
        pin_stdin: bool,
    },
    /// The certificates registered for a user.
    List {
        /// VNACCS user ID.
        #[arg(long)]
        user: Option<String>,
        /// A simulator server instead of the embedded core.
        #[arg(long)]
        server: Option<String>,
    },
}

/// Where the PIN comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PinSource {
    /// Asked on the terminal without echo.
    Prompt,
    /// One line of stdin.
    Stdin,
}

impl PinSource {
    /// From the `--pin-stdin` flag.
    pub fn from_flag(pin_stdin: bool) -> Self {
        if pin_stdin { Self::Stdin } else { Self::Prompt }
    }
}

pub(super) fn read_pin(source: PinSource, lang: Lang) -> Result<Pin, String> {
    let mut text = zeroize::Zeroizing::new(String::new());
    match source {
        PinSource::Stdin => {
            std::io::stdin()
                .lock()
                .read_line(&mut text)
                .map_err(|e| e.to_string())?;
        }
        // On Windows, started from `cmd` without waiting, the terminal reads the keyboard too:
        // a PIN typed there could land in it. Refused, with the ways that are safe.
        PinSource::Prompt if crate::console::shares_parent_terminal() => {
            return Err(lang.pick(
                "Không hỏi PIN ở đây: cửa sổ lệnh này vẫn đọc bàn phím cùng lúc. Dùng --pin-stdin, hoặc ký trong cửa sổ KhaiBao",
                "The PIN is not asked here: this terminal is reading the keyboard at the same time. Use --pin-stdin, or sign in the KhaiBao window",
            ));
        }
        PinSource::Prompt => {
            let prompt = lang.pick("Nhập PIN của token: ", "Token PIN: ");
            *text = rpassword::prompt_password(prompt).map_err(|e| e.to_string())?;
        }
    }
    let pin = text.trim_end_matches(['\r', '\n']);
    if pin.is_empty() {
        return Err(lang.pick("Chưa nhập PIN", "No PIN entered"));
    }
    Ok(Pin::new(pin))
}

fn helper() -> Result<Helper, TokenError> {
    Helper::this_program()
}

fn fail(out: &mut impl Write, err: &TokenError, lang: Lang) -> u8 {
    say!(out, "{}", lang.error(err));
    2
}

/// Signs a request's payload (the connection's own, `Gateway::signing_payload`) with the
/// chosen certificate: the exact payload bytes and their CMS.
pub(super) fn sign_payload(
    data_dir: &Path,
    clock: &crate::clock::Clock,
    payload: String,
    pin: PinSource,
    to_simulator: bool,
    lang: Lang,
) -> Result<SignedMessage, String> {
    let profile = SigningProfile::load(data_dir)
        .map_err(|e| lang.error(&e))?
        .ok_or_else(|| {
            lang.pick(
                "Chưa chọn chứng thư số để ký: dùng `khaibao token use` (token thật) hoặc `khaibao token practice` (luyện tập)",
                "No signing certificate chosen: use `khaibao token use` (a real token) or `khaibao token practice` (practice)",
            )
        })?;
    if let Some(warning) = profile.expiry_warning(clock.machine_now()) {
        eprintln!("{}", lang.text(&warning));
    }
    let pin = read_pin(pin, lang)?;
    helper()
        .and_then(|h| {
            profile.sign_payload(data_dir, h, pin, payload, clock.machine_now(), to_simulator)
        })
        .map_err(|e| lang.error(&e))
}

fn sign_file(
    out: &mut impl Write,
    data_dir: &Path,
    clock: &crate::clock::Clock,
    file: &Path,
    target: Option<PathBuf>,
    pin: PinSource,
    lang: Lang,
) -> u8 {
    let content = match std::fs::read(file) {
        Ok(content) => content,
        Err(e) => {
            say!(out, "{}: {e}", file.display());
            return 2;
        }
    };
    let profile = match SigningProfile::load(data_dir) {
        Ok(Some(profile)) => profile,
        Ok(None) => {
            say!(
                out,
                "{}",
                lang.pick(
                    "Chưa chọn chứng thư số để ký",
                    "No signing certificate chosen"
                )
            );
            return 2;
        }
        Err(e) => return fail(out, &e, lang),
    };
    let pin = match read_pin(pin, lang) {
        Ok(pin) => pin,
        Err(message) => {
            say!(out, "{message}");
            return 2;
        }
    };
    // A file signed here goes nowhere: a practice certificate may sign it.
    match helper().and_then(|h| profile.sign(data_dir, h, pin, &content, clock.machine_now(), true))
    {
        Ok(cms) => {
            let target = target.unwrap_or_else(|| {
                let mut name = file.as_os_str().to_owned();
                name.push(".p7s");
                PathBuf::from(name)
            });
            match std::fs::write(&target, cms) {
                Ok(()) => {
                    say!(
                        out,
                        "{}: {}",
                        lang.pick("Đã ký, chữ ký ghi vào", "Signed; signature written to"),
                        target.display()
                    );
                    0
                }
                Err(e) => {
                    say!(out, "{}: {e}", target.display());
                    2
                }
            }
        }
        Err(e) => fail(out, &e, lang),
    }
}

/// The module to use: the explicit one, the chosen profile's, else the first installed.
fn module_for(data_dir: &Path, explicit: Option<PathBuf>) -> Result<(PathBuf, Helper), TokenError> {
    let base = helper()?;
    if let Some(module) = explicit {
        return Ok((module, base));
    }
    if let Some(profile) = SigningProfile::load(data_dir)? {
        let helper = profile.helper(data_dir, base);
        return Ok((profile.module, helper));
    }
    modules::installed()
        .first()
        .map(|m| (PathBuf::from(&m.path), base))
        .ok_or_else(|| TokenError::ModuleNotFound {
            path: modules::candidates()
                .iter()
                .map(|m| m.path.as_str())
                .collect::<Vec<_>>()
                .join(", "),
        })
}

fn print_certificate(out: &mut impl Write, c: &TokenCertificate, lang: Lang) {
    let info = &c.info;
    say!(
        out,
        "{}{}",
        info.display_name(),
        if info.practice {
            lang.pick(
                "  [LUYỆN TẬP — chỉ dùng mô phỏng]",
                "  [PRACTICE — simulation only]",
            )
        } else {
            String::new()
        }
    );
    say!(
        out,
        "  {}: {}",
        lang.pick("Chủ thể", "Subject"),
        info.subject
    );
    say!(
        out,
        "  {}: {}",
        lang.pick("Tổ chức cấp (CA)", "Issuer (CA)"),
        info.issuer
    );
    say!(
        out,
        "  {}: {}",
        lang.pick("Số sê-ri", "Serial number"),
        info.serial
    );
    say!(
        out,
        "  {}: {} → {}",
        lang.pick("Hiệu lực", "Valid"),
        vietnam_display(info.not_before),
        vietnam_display(info.not_after)
    );
    if let Some(tax_code) = &info.tax_code {
        say!(out, "  {}: {tax_code}", lang.pick("Mã số thuế", "Tax code"));
    }
    say!(
        out,
        "  Token: {} ({})   {}: {}",
        c.token_label,
        c.token_serial,
        lang.pick("Có khóa bí mật", "Private key"),
        if c.has_private_key {
            lang.pick("có", "yes")
        } else {
            lang.pick("không", "no")
        }
    );
    say!(
        out,
        "  {}: {}",
        lang.pick("Dấu vân tay SHA-256", "SHA-256 thumbprint"),
        info.fingerprint
    );
}

/// `khaibao token …`.
pub(super) fn token(
    out: &mut impl Write,
    data_dir: &Path,
    clock: &crate::clock::Clock,
    action: TokenAction,
    lang: Lang,
) -> u8 {
    match action {
        TokenAction::Modules => {
            let installed = modules::installed();
            if installed.is_empty() {
                say!(
                    out,
                    "{}",
                    lang.pick(
                        "Không thấy thư viện PKCS#11 quen thuộc nào; chỉ định tệp bằng --module",
                        "No common PKCS#11 library found; give the file with --module"
                    )
                );
            }
            for module in installed {
                say!(out, "{}: {}", module.name, module.path);
            }
            0
        }
        TokenAction::List { module } => list_tokens(out, data_dir, module, lang),
        TokenAction::Certs { module, format } => {
            list_certificates(out, data_dir, module, format, lang)
        }
        TokenAction::Use { module, cert } => use_certificate(out, data_dir, &module, &cert, lang),
        TokenAction::Sign {
            file,
            out: target,
            pin_stdin,
        } => sign_file(
            out,
            data_dir,
            clock,
            &file,
            target,
            PinSource::from_flag(pin_stdin),
            lang,
        ),
        TokenAction::Verify { file, signature } => {
            let read =
                |path: &Path| std::fs::read(path).map_err(|e| format!("{}: {e}", path.display()));
            let checked = read(&file).and_then(|content| {
                let der = read(&signature)?;
                crate::signature::verify_detached(&content, &der).map_err(|e| lang.error(&e))
            });
            match checked {
                Ok(verified) => {
                    say!(
                        out,
                        "{}",
                        lang.pick("Chữ ký hợp lệ", "The signature is valid")
                    );
                    say!(
                        out,
                        "  {}: {}",
                        lang.pick("Người ký", "Signer"),
                        verified.certificate.subject
                    );
                    if let Some(at) = verified.signing_time {
                        say!(
                            out,
                            "  {}: {}",
                            lang.pick("Thời điểm ký", "Signed at"),
                            vietnam_display(at)
                        );
                    }
                    0
                }
                Err(message) => {
                    say!(out, "{message}");
                    1
                }
            }
        }
        TokenAction::Practice {
            name,
            tax_code,
            key,
            valid_from,
            valid_to,
            pin_stdin,
        } => {
            let key = match key {
                KeyChoice::Rsa => KeyKind::Rsa,
                KeyChoice::Ec => KeyKind::EcP256,
            };
            let pin = PinSource::from_flag(pin_stdin);
            make_practice(
                out,
                data_dir,
                clock,
                name,
                tax_code,
                key,
                (valid_from, valid_to),
                pin,
                lang,
            )
        }
    }
}

fn list_tokens(out: &mut impl Write, data_dir: &Path, module: Option<PathBuf>, lang: Lang) -> u8 {
    let tokens = match module_for(data_dir, module).and_then(|(m, h)| h.tokens(&m)) {
        Ok(tokens) if tokens.is_empty() => return fail(out, &TokenError::NoToken, lang),
        Ok(tokens) => tokens,
        Err(e) => return fail(out, &e, lang),
    };
    for t in tokens {
        let pin_state = if t.pin_locked {
            lang.pick("PIN bị khóa", "PIN locked")
        } else if t.pin_final_try {
            lang.pick("còn 1 lần thử PIN", "1 PIN try left")
        } else if t.pin_count_low {
            lang.pick("đã nhập sai PIN", "a wrong PIN was entered")
        } else {
            String::new()
        };
        say!(
            out,
            "{} — {} {} — {}: {} {}",
            t.label,
            t.manufacturer,
            t.model,
            lang.pick("số sê-ri", "serial"),
            t.serial,
            pin_state
        );
    }
    0
}

fn list_certificates(
    out: &mut impl Write,
    data_dir: &Path,
    module: Option<PathBuf>,
    format: Format,
    lang: Lang,
) -> u8 {
    let list = match module_for(data_dir, module).and_then(|(m, h)| h.certificates(&m)) {
        Ok(list) => list,
        Err(e) => return fail(out, &e, lang),
    };
    if format == Format::Json {
        if !super::say_json(out, &list) {
            return 2;
        }
    } else if list.is_empty() {
        say!(
            out,
            "{}",
            lang.pick(
                "Không có chứng thư số nào trên token",
                "No certificate on the tokens"
            )
        );
    } else {
        for c in &list {
            print_certificate(out, c, lang);
        }
    }
    0
}

fn use_certificate(
    out: &mut impl Write,
    data_dir: &Path,
    module: &Path,
    cert: &str,
    lang: Lang,
) -> u8 {
    let chosen = helper()
        .and_then(|h| tokens::choose_by_fingerprint(&h, data_dir, module, cert))
        .map(|(_, c)| c);
    match chosen {
        Ok(c) => {
            say!(
                out,
                "{}",
                lang.pick("Đã chọn chứng thư để ký:", "Signing certificate chosen:")
            );
            print_certificate(out, &c, lang);
            0
        }
        Err(e) => fail(out, &e, lang),
    }
}

#[allow(clippy::too_many_arguments)] // The command's own options, passed through once.
fn make_practice(
    out: &mut impl Write,
    data_dir: &Path,
    clock: &crate::clock::Clock,
    name: String,
    tax_code: String,
    key: KeyKind,
    (valid_from, valid_to): (Option<NaiveDate>, Option<NaiveDate>),
    pin: PinSource,
    lang: Lang,
) -> u8 {
    let pin = match read_pin(pin, lang) {
        Ok(pin) => pin,
        Err(message) => {
            say!(out, "{message}");
            return 2;
        }
    };
    let from = valid_from.unwrap_or_else(|| clock.machine_today());
    let request = tokens::practice_request(name, tax_code, key, from, valid_to);
    let made = helper()
        .and_then(|h| tokens::make_practice(&h, data_dir, &request, pin))
        .map(|(_, c)| c);
    match made {
        Ok(c) => {
            say!(
                out,
                "{}",
                lang.pick(
                    "Đã tạo token luyện tập và chọn chứng thư này để ký (CHỈ DÙNG VỚI HỆ THỐNG MÔ PHỎNG):",
                    "Practice token made and its certificate chosen for signing (SIMULATION ONLY):"
                )
            );
            print_certificate(out, &c, lang);
            0
        }
        Err(e) => fail(out, &e, lang),
    }
}
