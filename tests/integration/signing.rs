//! Signing with a real PKCS#11 module (SoftHSM2, installed by `.ci/run`): every test has its own
//! token directory through `SOFTHSM2_CONF` and its own data folder, and drives the `khaibao`
//! binary as a broker would. `openssl cms -verify` checks what KhaiBao produces.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use crate::util::{fixture, stdout};

/// A PIN that cannot appear by chance in any file or output.
pub(crate) const PIN: &str = "Pin-5839-khaibao";

fn softhsm_module() -> PathBuf {
    [
        "/usr/lib/softhsm/libsofthsm2.so",
        "/usr/lib/x86_64-linux-gnu/softhsm/libsofthsm2.so",
        "/usr/local/lib/softhsm/libsofthsm2.so",
    ]
    .iter()
    .map(PathBuf::from)
    .find(|p| p.is_file())
    .expect("SoftHSM2 is installed (apt install softhsm2; .ci/run does it)")
}

/// One test's world: a data folder, a SoftHSM2 token directory, and every output seen.
pub(crate) struct Lab {
    dir: tempfile::TempDir,
    outputs: Vec<String>,
    /// The data folder's path under the lab folder.
    data: PathBuf,
    /// More environment for every `khaibao` run.
    pub(crate) env: Vec<(String, String)>,
}

impl Lab {
    pub(crate) fn new() -> Self {
        Self::with_data_folder("data")
    }

    /// A lab whose data folder is `relative` under the lab folder (e.g. a Windows user's
    /// profile with Vietnamese letters and spaces).
    pub(crate) fn with_data_folder(relative: &str) -> Self {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("tokens")).unwrap();
        std::fs::write(
            dir.path().join("softhsm2.conf"),
            format!(
                "directories.tokendir = {}\nobjectstore.backend = file\nlog.level = ERROR\n",
                dir.path().join("tokens").display()
            ),
        )
        .unwrap();
        let data = dir.path().join(relative);
        Self {
            dir,
            outputs: Vec::new(),
            data,
            env: Vec::new(),
        }
    }

    pub(crate) fn data(&self) -> PathBuf {
        self.data.clone()
    }

    pub(crate) fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    pub(crate) fn conf(&self) -> PathBuf {
        self.path("softhsm2.conf")
    }

    /// Runs `khaibao` with `stdin` fed in; records stdout and stderr for the PIN check.
    pub(crate) fn run(&mut self, args: &[&str], stdin: &str) -> Output {
        let mut child = Command::new(env!("CARGO_BIN_EXE_khaibao"))
            .args(args)
            .args(["--lang", "both"])
            .env("KHAIBAO_DATA", self.data())
            .env("SOFTHSM2_CONF", self.conf())
            .env("KHAIBAO_USER", "KBTRN001")
            .env("KHAIBAO_NOW", crate::util::NOW)
            .envs(self.env.iter().map(|(k, v)| (k.as_str(), v.as_str())))
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        child
            .stdin
            .take()
            .unwrap()
            .write_all(stdin.as_bytes())
            .unwrap();
        let output = child.wait_with_output().unwrap();
        self.outputs.push(stdout(&output));
        self.outputs
            .push(String::from_utf8_lossy(&output.stderr).into_owned());
        output
    }

    pub(crate) fn ok(&mut self, args: &[&str], stdin: &str) -> String {
        let output = self.run(args, stdin);
        let text = stdout(&output);
        assert!(
            output.status.success(),
            "{args:?} failed: {text}\n{}",
            String::from_utf8_lossy(&output.stderr)
        );
        text
    }

    pub(crate) fn fails(&mut self, args: &[&str], stdin: &str) -> String {
        let output = self.run(args, stdin);
        let text = stdout(&output);
        assert!(!output.status.success(), "{args:?} should fail: {text}");
        text
    }

    pub(crate) fn practice(&mut self, extra: &[&str]) -> String {
        let mut args = vec![
            "token",
            "practice",
            "--name",
            "Nguyễn Văn An",
            "--tax-code",
            "0101234567",
            "--pin-stdin",
        ];
        args.extend_from_slice(extra);
        self.ok(&args, &format!("{PIN}\n"))
    }

    pub(crate) fn register(&mut self) -> String {
        self.ok(
            &[
                "cert",
                "register",
                "--name",
                "Nguyễn Văn An",
                "--id-number",
                "001090012345",
                "--pin-stdin",
            ],
            &format!("{PIN}\n"),
        )
    }

    /// Submits a job, signed, returning the output.
    pub(crate) fn submit_signed(&mut self, args: &[&str], pin: &str) -> Output {
        let mut all = vec!["submit", "--sign", "--pin-stdin"];
        all.extend_from_slice(args);
        self.run(&all, &format!("{pin}\n"))
    }

    /// Every file under the lab folder (data, tokens, signatures).
    pub(crate) fn files(&self) -> Vec<PathBuf> {
        fn walk(dir: &Path, found: &mut Vec<PathBuf>) {
            for entry in std::fs::read_dir(dir).unwrap().flatten() {
                let path = entry.path();
                if path.is_dir() {
                    walk(&path, found);
                } else {
                    found.push(path);
                }
            }
        }
        let mut found = Vec::new();
        walk(self.dir.path(), &mut found);
        found
    }

    /// The PIN is in no output and no file.
    pub(crate) fn assert_pin_nowhere(&self) {
        for text in &self.outputs {
            assert!(!text.contains(PIN), "the PIN appeared in output: {text}");
        }
        let files = self.files();
        assert!(files.len() > 5, "{files:?}");
        for file in files {
            // A journal file may go between listing and reading (a window still running).
            let Ok(bytes) = std::fs::read(&file) else {
                continue;
            };
            assert!(
                !bytes.windows(PIN.len()).any(|w| w == PIN.as_bytes()),
                "the PIN is in {}",
                file.display()
            );
        }
    }
}

fn number_of(output: &str) -> String {
    output
        .split_whitespace()
        .find(|w| w.len() == 12 && w.chars().all(|c| c.is_ascii_digit()))
        .unwrap_or_else(|| panic!("no number in {output}"))
        .to_owned()
}

/// `openssl cms -verify`, checking certificate validity at the tests' stated instant
/// ([`crate::util::NOW`]), not at the machine's date.
fn openssl_verify(lab: &Lab, content: &Path, signature: &Path, ca: Option<&Path>) -> Output {
    let mut command = Command::new("openssl");
    command.args(["cms", "-verify", "-binary", "-inform", "DER", "-attime"]);
    command.arg(crate::util::now().timestamp().to_string());
    command.arg("-in");
    command.arg(signature).arg("-content").arg(content);
    match ca {
        Some(ca) => command.arg("-CAfile").arg(ca),
        None => command.arg("-noverify"),
    };
    command.arg("-out").arg(lab.path("verified.out"));
    command.output().unwrap()
}

#[test]
fn a_practice_token_signs_a_whole_import_that_the_core_verifies() {
    let mut lab = Lab::new();
    let made = lab.practice(&[]);
    assert!(
        made.contains("LUYỆN TẬP") && made.contains("SIMULATION ONLY"),
        "{made}"
    );
    let registered = lab.register();
    assert!(registered.contains("00000"), "{registered}");
    assert!(
        registered.contains("[LUYỆN TẬP] / [PRACTICE]"),
        "{registered}"
    );
    lab.ok(&["sim", "signatures", "required"], "");

    let file = fixture("import-sea-container.json");
    let file = file.to_str().unwrap();
    // Unsigned official job: refused.
    let unsigned = lab.fails(&["submit", "--op", "IDA", file], "");
    assert!(unsigned.contains("E9990"), "{unsigned}");
    // Signed: IDA then IDC.
    let ida = lab.submit_signed(&["--op", "IDA", file], PIN);
    let text = stdout(&ida);
    assert!(ida.status.success(), "{text}");
    let number = number_of(&text);
    let idc = lab.submit_signed(&["--op", "IDC", "--number", &number], PIN);
    let text = stdout(&idc);
    assert!(idc.status.success() && text.contains("00000"), "{text}");
    assert!(text.contains("Luồng / Lane"), "{text}");
    lab.assert_pin_nowhere();
}

#[test]
fn openssl_accepts_the_signature_for_rsa_and_ec_keys() {
    for key in ["rsa", "ec"] {
        let mut lab = Lab::new();
        lab.practice(&["--key", key]);
        let content = lab.path("to-sign.json");
        std::fs::write(&content, "{\"tờ khai\": \"101234567820\"}\r\n").unwrap();
        let content_arg = content.to_str().unwrap().to_owned();
        lab.ok(
            &["token", "sign", &content_arg, "--pin-stdin"],
            &format!("{PIN}\n"),
        );
        let signature = lab.path("to-sign.json.p7s");
        let verified = openssl_verify(&lab, &content, &signature, None);
        assert!(
            verified.status.success(),
            "{key}: {}",
            String::from_utf8_lossy(&verified.stderr)
        );
        let checked = lab.ok(
            &["token", "verify", &content_arg, signature.to_str().unwrap()],
            "",
        );
        assert!(checked.contains("Chữ ký hợp lệ"), "{checked}");
        // One changed byte: both openssl and KhaiBao refuse.
        std::fs::write(&content, "{\"tờ khai\": \"101234567821\"}\r\n").unwrap();
        assert!(
            !openssl_verify(&lab, &content, &signature, None)
                .status
                .success()
        );
        let tampered = lab.fails(
            &["token", "verify", &content_arg, signature.to_str().unwrap()],
            "",
        );
        assert!(tampered.contains("bị thay đổi sau khi ký"), "{tampered}");
        lab.assert_pin_nowhere();
    }
}

/// A token as a CA ships it, in the lab's SoftHSM2: a test CA (`ca.pem`), a broker's key and
/// CA-issued certificate written with `pkcs11-tool`, label "VN-CA token", the user PIN [`PIN`].
#[allow(clippy::too_many_lines)] // The CA and token set-up with the real tools, one command each.
fn ca_issued_token(lab: &Lab) {
    // The certificates are made as of the tests' stated instant (libfaketime, installed by
    // .ci/run, for `openssl`: OpenSSL 3.0's `x509` takes no start date), so that they are
    // valid on the date the client and the core are told it is, whatever the machine's date.
    let run = |program: &str, args: &[&str], conf: &Path| {
        let mut command = if program == "openssl" {
            let mut faked = Command::new("faketime");
            // An hour before: the certificates' validity starts before the stated instant.
            let made = crate::util::now() - chrono::Duration::hours(1);
            faked
                .arg(made.format("%Y-%m-%d %H:%M:%S").to_string())
                .arg(program);
            // The suite may itself run under libfaketime (.ci/run): this one starts afresh.
            faked
                .env("TZ", "UTC")
                .env_remove("LD_PRELOAD")
                .env_remove("FAKETIME");
            faked
        } else {
            Command::new(program)
        };
        let output = command
            .args(args)
            .env("SOFTHSM2_CONF", conf)
            .output()
            .unwrap();
        assert!(
            output.status.success(),
            "{program} {args:?}: {}",
            String::from_utf8_lossy(&output.stderr)
        );
        output
    };
    let p = |name: &str| lab.path(name).to_str().unwrap().to_owned();
    let conf = lab.conf();
    // A test CA and a broker's certificate issued by it.
    run(
        "openssl",
        &[
            "req",
            "-x509",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-keyout",
            &p("ca.key"),
            "-out",
            &p("ca.pem"),
            "-days",
            "30",
            "-subj",
            "/C=VN/O=Test CA/CN=Test CA",
        ],
        &conf,
    );
    run(
        "openssl",
        &[
            "req",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-keyout",
            &p("user.key"),
            "-out",
            &p("user.csr"),
            "-subj",
            "/C=VN/UID=MST:0312345678/CN=CONG TY TNHH THU NGHIEM",
        ],
        &conf,
    );
    std::fs::write(
        lab.path("ext.cnf"),
        "keyUsage=critical,digitalSignature,nonRepudiation\n",
    )
    .unwrap();
    run(
        "openssl",
        &[
            "x509",
            "-req",
            "-in",
            &p("user.csr"),
            "-CA",
            &p("ca.pem"),
            "-CAkey",
            &p("ca.key"),
            "-CAcreateserial",
            "-days",
            "20",
            "-extfile",
            &p("ext.cnf"),
            "-out",
            &p("user.pem"),
        ],
        &conf,
    );
    run(
        "openssl",
        &[
            "x509",
            "-in",
            &p("user.pem"),
            "-outform",
            "DER",
            "-out",
            &p("user.der"),
        ],
        &conf,
    );
    run(
        "openssl",
        &[
            "pkcs8",
            "-topk8",
            "-nocrypt",
            "-in",
            &p("user.key"),
            "-outform",
            "DER",
            "-out",
            &p("user.p8"),
        ],
        &conf,
    );
    run(
        "softhsm2-util",
        &[
            "--init-token",
            "--free",
            "--label",
            "VN-CA token",
            "--pin",
            PIN,
            "--so-pin",
            "12345678",
        ],
        &conf,
    );
    let module = softhsm_module();
    let module = module.to_str().unwrap();
    for (file, kind) in [("user.p8", "privkey"), ("user.der", "cert")] {
        run(
            "pkcs11-tool",
            &[
                "--module",
                module,
                "--login",
                "--pin",
                PIN,
                "--write-object",
                &p(file),
                "--type",
                kind,
                "--id",
                "0a0b",
                "--label",
                "broker",
            ],
            &conf,
        );
    }
}

/// A token as a CA ships it: key and CA-issued certificate written with `pkcs11-tool`.
#[test]
fn a_ca_issued_certificate_on_a_token_is_found_by_certificate_and_chain_verifies() {
    let mut lab = Lab::new();
    ca_issued_token(&lab);
    let module = softhsm_module();
    let module = module.to_str().unwrap();

    let tokens = lab.ok(&["token", "list", "--module", module], "");
    assert!(
        tokens.contains("VN-CA token") && tokens.contains("SoftHSM"),
        "{tokens}"
    );
    let listed = lab.ok(
        &["token", "certs", "--module", module, "--format", "json"],
        "",
    );
    let certs: serde_json::Value = serde_json::from_str(&listed).unwrap();
    let cert = &certs[0];
    assert_eq!(cert["info"]["tax_code"], "0312345678");
    assert_eq!(cert["has_private_key"], true);
    assert_eq!(cert["info"]["practice"], false);
    let fingerprint = cert["info"]["fingerprint"].as_str().unwrap().to_owned();
    lab.ok(
        &["token", "use", "--module", module, "--cert", &fingerprint],
        "",
    );

    let content = lab.path("declaration.json");
    std::fs::copy(fixture("import-sea-container.json"), &content).unwrap();
    lab.ok(
        &["token", "sign", content.to_str().unwrap(), "--pin-stdin"],
        &format!("{PIN}\n"),
    );
    let verified = openssl_verify(
        &lab,
        &content,
        &lab.path("declaration.json.p7s"),
        Some(&lab.path("ca.pem")),
    );
    assert!(
        verified.status.success(),
        "{}",
        String::from_utf8_lossy(&verified.stderr)
    );

    // The real certificate signs for the simulator too, once registered.
    lab.ok(&["sim", "signatures", "required"], "");
    lab.register();
    let ida = lab.submit_signed(&["--op", "IDA", content.to_str().unwrap()], PIN);
    assert!(ida.status.success(), "{}", stdout(&ida));
    lab.assert_pin_nowhere();
}

#[test]
fn a_wrong_pin_says_so_and_changes_nothing() {
    let mut lab = Lab::new();
    lab.practice(&[]);
    lab.register();
    let file = fixture("import-sea-container.json");
    let file = file.to_str().unwrap();
    let ida = lab.submit_signed(&["--op", "IDA", file], PIN);
    let number = number_of(&stdout(&ida));
    let wrong = lab.submit_signed(&["--op", "IDC", "--number", &number], "0000-wrong");
    let text = stdout(&wrong);
    assert_eq!(wrong.status.code(), Some(2), "{text}");
    assert!(text.contains("PIN sai"), "{text}");
    assert!(text.contains("Wrong PIN"), "{text}");
    // SoftHSM2 raises CKF_USER_PIN_COUNT_LOW after a failure.
    assert!(text.contains("còn ít lần thử"), "{text}");
    // Nothing was sent: the declaration is still provisional, and the right PIN registers it.
    let reference = lab.ok(&["submit", "--op", "IID", "--number", &number], "");
    assert!(reference.contains("chưa đăng ký"), "{reference}");
    let idc = lab.submit_signed(&["--op", "IDC", "--number", &number], PIN);
    assert!(idc.status.success(), "{}", stdout(&idc));
    lab.assert_pin_nowhere();
}

#[test]
fn a_locked_pin_is_refused_before_any_try() {
    let mut lab = Lab::new();
    lab.practice(&[]);
    // SoftHSM2 never locks a PIN by itself; set CKF_USER_PIN_LOCKED in its token file, as a
    // token that counted too many wrong PINs reports it.
    let token_file = lab
        .files()
        .into_iter()
        .find(|p| p.ends_with("token.object") && p.starts_with(lab.data()))
        .unwrap();
    let mut bytes = std::fs::read(&token_file).unwrap();
    let tag = [0x80, 0x00, 0x53, 0x4b, 0, 0, 0, 0, 0, 0, 0, 0x02];
    let at = bytes.windows(tag.len()).position(|w| w == tag).unwrap() + tag.len();
    let flags = u64::from_be_bytes(bytes[at..at + 8].try_into().unwrap()) | 0x0004_0000;
    bytes[at..at + 8].copy_from_slice(&flags.to_be_bytes());
    std::fs::write(&token_file, bytes).unwrap();

    let listed = lab.ok(&["token", "list"], "");
    assert!(listed.contains("PIN bị khóa"), "{listed}");
    let file = fixture("import-sea-container.json");
    let locked = lab.submit_signed(&["--op", "IDA", file.to_str().unwrap()], PIN);
    let text = stdout(&locked);
    assert_eq!(locked.status.code(), Some(2), "{text}");
    assert!(text.contains("PIN của token đã bị khóa"), "{text}");
    assert!(!text.contains("PIN sai"), "{text}");
}

#[test]
fn a_wrong_module_path_and_a_file_that_is_no_module_each_say_so() {
    let mut lab = Lab::new();
    let missing = lab.fails(
        &["token", "list", "--module", "/opt/no-such/libtoken.so"],
        "",
    );
    assert!(
        missing.contains("Không tìm thấy thư viện PKCS#11"),
        "{missing}"
    );
    let fake = lab.path("fake-pkcs11.so");
    std::fs::write(&fake, b"MZ not really a library").unwrap();
    let unusable = lab.fails(&["token", "list", "--module", fake.to_str().unwrap()], "");
    assert!(
        unusable.contains("không phải thư viện PKCS#11"),
        "{unusable}"
    );
    // Signing with no certificate chosen is its own message too.
    let file = fixture("import-sea-container.json");
    let none = lab.submit_signed(&["--op", "IDA", file.to_str().unwrap()], PIN);
    assert!(
        stdout(&none).contains("Chưa chọn chứng thư số"),
        "{}",
        stdout(&none)
    );
}

#[test]
fn expired_unregistered_and_revoked_certificates_are_refused() {
    let mut lab = Lab::new();
    // Expired before signing: the client refuses without touching the core.
    lab.practice(&["--valid-from", "2024-01-01", "--valid-to", "2024-12-31"]);
    let content = lab.path("x.txt");
    std::fs::write(&content, "x").unwrap();
    let expired = lab.fails(
        &["token", "sign", content.to_str().unwrap(), "--pin-stdin"],
        &format!("{PIN}\n"),
    );
    assert!(expired.contains("đã hết hạn ngày 31/12/2024"), "{expired}");

    // A valid one, not registered: A0036.
    lab.practice(&[]);
    let file = fixture("import-sea-container.json");
    let file = file.to_str().unwrap();
    let unregistered = lab.submit_signed(&["--op", "IDA", file], PIN);
    assert!(
        stdout(&unregistered).contains("A0036"),
        "{}",
        stdout(&unregistered)
    );

    // Registered, then revoked by the CA: KB-S0051.
    let registered = lab.register();
    let serial = registered
        .split_whitespace()
        .skip_while(|w| *w != "Certificate")
        .nth(1)
        .unwrap_or_else(|| panic!("no serial in {registered}"))
        .to_owned();
    lab.ok(
        &[
            "sim",
            "cert-status",
            "--serial",
            &serial,
            "--status",
            "revoked",
        ],
        "",
    );
    let revoked = lab.submit_signed(&["--op", "IDA", file], PIN);
    assert!(
        stdout(&revoked).contains("KB-S0051"),
        "{}",
        stdout(&revoked)
    );
    lab.ok(
        &[
            "sim",
            "cert-status",
            "--serial",
            &serial,
            "--status",
            "active",
        ],
        "",
    );
    let ok = lab.submit_signed(&["--op", "IDA", file], PIN);
    assert!(ok.status.success(), "{}", stdout(&ok));

    // The simulated clock passes the end of validity: the core refuses with KB-S0050.
    lab.ok(&["sim", "advance", "--days", "400"], "");
    let late = lab.submit_signed(&["--op", "IDA", file], PIN);
    // The client checks against the real clock (still valid), the core against simulated time.
    assert!(stdout(&late).contains("KB-S0050"), "{}", stdout(&late));
    lab.assert_pin_nowhere();
}

#[test]
fn signed_messages_cross_http_intact() {
    let mut lab = Lab::new();
    lab.practice(&[]);
    // A server on a free port, sharing the data folder's simulator.
    let server = Server::start(&lab);
    let url = server.url.clone();
    let registered = lab.ok(
        &[
            "cert",
            "register",
            "--name",
            "Nguyễn Văn An",
            "--id-number",
            "001090012345",
            "--pin-stdin",
            "--server",
            &url,
        ],
        &format!("{PIN}\n"),
    );
    assert!(registered.contains("00000"), "{registered}");
    let file = fixture("import-sea-container.json");
    let ida = lab.submit_signed(
        &["--op", "IDA", file.to_str().unwrap(), "--server", &url],
        PIN,
    );
    drop(server);
    assert!(ida.status.success(), "{}", stdout(&ida));
    lab.assert_pin_nowhere();
}

#[test]
fn a_token_pulled_out_is_its_own_message() {
    let mut lab = Lab::new();
    lab.practice(&[]);
    let tokens = lab.data().join("practice-token").join("tokens");
    for entry in std::fs::read_dir(&tokens).unwrap().flatten() {
        std::fs::remove_dir_all(entry.path()).unwrap();
    }
    let file = fixture("import-sea-container.json");
    let gone = lab.submit_signed(&["--op", "IDA", file.to_str().unwrap()], PIN);
    let text = stdout(&gone);
    assert_eq!(gone.status.code(), Some(2), "{text}");
    assert!(text.contains("Chưa cắm token chữ ký số nào"), "{text}");
    // Nothing reached the simulator: no number was given out.
    let reference = lab.fails(&["submit", "--op", "IID", "--number", "100000000110"], "");
    assert!(reference.contains("KB-S0002"), "{reference}");
}

#[test]
fn a_token_that_lists_sha256_rsa_but_refuses_it_signs_through_raw_pkcs1_with_one_pin() {
    // A test-only PKCS#11 module in front of the real SoftHSM2 refuses CKM_SHA256_RSA_PKCS at
    // C_SignInit, as some tokens do; KhaiBao falls back to CKM_RSA_PKCS over the DigestInfo in
    // the same session, and the signature is the one openssl expects.
    let mut lab = Lab::new();
    ca_issued_token(&lab);
    let shim = lab.path("refuse_sha256_rsa.so");
    let built = Command::new("cc")
        .args(["-shared", "-fPIC", "-O1", "-o"])
        .arg(&shim)
        .arg(crate::util::root().join("tests/pkcs11-shim/refuse_sha256_rsa.c"))
        .arg("-ldl")
        .output()
        .expect("a C compiler (cc) for the test-only PKCS#11 shim");
    assert!(
        built.status.success(),
        "{}",
        String::from_utf8_lossy(&built.stderr)
    );
    let log = lab.path("shim.log");
    lab.env = vec![
        (
            "KHAIBAO_SHIM_TARGET".into(),
            softhsm_module().display().to_string(),
        ),
        ("KHAIBAO_SHIM_LOG".into(), log.display().to_string()),
    ];
    let module = shim.to_str().unwrap();
    let listed = lab.ok(
        &["token", "certs", "--module", module, "--format", "json"],
        "",
    );
    let certs: serde_json::Value = serde_json::from_str(&listed).unwrap();
    let fingerprint = certs[0]["info"]["fingerprint"].as_str().unwrap().to_owned();
    lab.ok(
        &["token", "use", "--module", module, "--cert", &fingerprint],
        "",
    );
    let content = lab.path("declaration.json");
    std::fs::copy(fixture("import-sea-container.json"), &content).unwrap();
    // One PIN on standard input: asked once.
    lab.ok(
        &["token", "sign", content.to_str().unwrap(), "--pin-stdin"],
        &format!("{PIN}\n"),
    );
    let refused = std::fs::read_to_string(&log).unwrap_or_default();
    assert!(
        refused.contains("refused CKM_SHA256_RSA_PKCS"),
        "the shim was in the way: {refused:?}"
    );
    let verified = openssl_verify(
        &lab,
        &content,
        &lab.path("declaration.json.p7s"),
        Some(&lab.path("ca.pem")),
    );
    assert!(
        verified.status.success(),
        "{}",
        String::from_utf8_lossy(&verified.stderr)
    );
    lab.assert_pin_nowhere();
}

/// A `khaibao sim serve` on a free port sharing the lab's data folder; killed on drop.
struct Server {
    child: std::process::Child,
    url: String,
}

impl Server {
    fn start(lab: &Lab) -> Self {
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let address = format!("127.0.0.1:{port}");
        let child = Command::new(env!("CARGO_BIN_EXE_khaibao"))
            .args(["sim", "serve", "--addr", &address])
            .env("KHAIBAO_DATA", lab.data())
            .env("KHAIBAO_NOW", crate::util::NOW)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let ready = (0..100).any(|_| {
            std::thread::sleep(std::time::Duration::from_millis(50));
            std::net::TcpStream::connect(&address).is_ok()
        });
        assert!(ready, "server did not start");
        Self {
            child,
            url: format!("http://{address}"),
        }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The amendment after IDC in VNACCS messages: IDD, then IDA01 and IDE signed; the branch
/// digit goes to 1.
fn amend_signed(lab: &mut Lab, file: &Path, number: &str, vnaccs: &str) {
    let idd = lab.run(
        &[
            "submit", "--op", "IDD", "--number", number, "--server", vnaccs,
        ],
        "",
    );
    assert!(idd.status.success(), "{}", stdout(&idd));
    let ida01 = lab.submit_signed(
        &[
            "--op",
            "IDA01",
            file.to_str().unwrap(),
            "--number",
            number,
            "--server",
            vnaccs,
        ],
        PIN,
    );
    assert!(ida01.status.success(), "{}", stdout(&ida01));
    let ide = lab.submit_signed(
        &["--op", "IDE", "--number", number, "--server", vnaccs],
        PIN,
    );
    let text = stdout(&ide);
    assert!(ide.status.success(), "{text}");
    let amended = format!("{}1", &number[..11]);
    assert!(text.contains(&amended), "{text}");
}

#[test]
fn signed_vnaccs_messages_go_as_multipart_signed_and_refusals_carry_the_official_text() {
    let mut lab = Lab::new();
    lab.practice(&[]);
    let server = Server::start(&lab);
    let vnaccs = format!("vnaccs+{}", server.url);
    // The certificate's registration is a simulator control: it goes by JSON, signed.
    let registered = lab.ok(
        &[
            "cert",
            "register",
            "--name",
            "Nguyễn Văn An",
            "--id-number",
            "001090012345",
            "--pin-stdin",
            "--server",
            &vnaccs,
        ],
        &format!("{PIN}\n"),
    );
    assert!(registered.contains("00000"), "{registered}");
    lab.ok(
        &["sim", "signatures", "required", "--server", &server.url],
        "",
    );
    let file = fixture("import-sea-container.json");
    // IDA, signed: the message in a multipart/signed body, verified by the core.
    let ida = lab.submit_signed(
        &["--op", "IDA", file.to_str().unwrap(), "--server", &vnaccs],
        PIN,
    );
    assert!(ida.status.success(), "{}", stdout(&ida));
    let number = number_of(&stdout(&ida));
    // IDB then IDA with the number: the correction before IDC (IDB needs no signature).
    let idb = lab.run(
        &[
            "submit", "--op", "IDB", "--number", &number, "--server", &vnaccs,
        ],
        "",
    );
    assert!(idb.status.success(), "{}", stdout(&idb));
    let corrected = lab.submit_signed(
        &[
            "--op",
            "IDA",
            file.to_str().unwrap(),
            "--number",
            &number,
            "--server",
            &vnaccs,
        ],
        PIN,
    );
    assert!(corrected.status.success(), "{}", stdout(&corrected));
    // IDC unsigned: E9990 with the official Vietnamese meaning and remedy.
    let unsigned = lab.run(
        &[
            "submit", "--op", "IDC", "--number", &number, "--server", &vnaccs,
        ],
        "",
    );
    let text = stdout(&unsigned);
    assert_eq!(unsigned.status.code(), Some(1), "{text}");
    assert!(text.contains("E9990"), "{text}");
    assert!(
        text.contains("Nghiệp vụ này yêu cầu chữ ký điện tử"),
        "{text}"
    );
    // IDC signed: the lane.
    let idc = lab.submit_signed(
        &["--op", "IDC", "--number", &number, "--server", &vnaccs],
        PIN,
    );
    let text = stdout(&idc);
    assert!(idc.status.success(), "{text}");
    assert!(text.contains("Luồng") || text.contains("lane"), "{text}");
    amend_signed(&mut lab, &file, &number, &vnaccs);
    // A number never given: S0006 with its official text.
    let unknown = lab.run(
        &[
            "submit",
            "--op",
            "IDB",
            "--number",
            "109999999320",
            "--server",
            &vnaccs,
        ],
        "",
    );
    let text = stdout(&unknown);
    assert!(text.contains("S0006"), "{text}");
    assert!(text.contains("chưa được đăng ký"), "{text}");
    lab.assert_pin_nowhere();
}
