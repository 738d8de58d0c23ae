//! Token jobs in a child process with a time limit.
//!
//! The parent ([`Helper`]) starts `khaibao token-helper`, writes one JSON [`Job`] to its stdin
//! (the PIN included; the buffer is zeroized right after) and reads one JSON answer from its
//! stdout. A job that overruns its limit is killed: the vendor library cannot hang the app,
//! and a crash in it is reported as an error, never a crash of the window. The child side is
//! [`serve_one`].
//!
//! Environment variables of the job (e.g. `SOFTHSM2_CONF` for the practice token) are set on the
//! child only, so several tokens with different configurations can be used from one app.

use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use zeroize::{Zeroize, Zeroizing};

use super::token::Module;
use super::{TokenCertificate, TokenError, TokenInfo};
use crate::signature::KeyKind;
use crate::signature::cert::PracticeSubject;

/// Default time limit of a job: a USB token may take a few seconds for an RSA signature, and
/// some vendor libraries show their own PIN dialog.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(60);

/// A PIN: zeroized on drop, never printed.
#[derive(Clone, Default)]
pub struct Pin(Zeroizing<String>);

impl Serialize for Pin {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.0)
    }
}

impl<'de> Deserialize<'de> for Pin {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        String::deserialize(deserializer).map(|text| Self(Zeroizing::new(text)))
    }
}

impl Pin {
    /// Takes the text (the caller's copy should be zeroized too).
    pub fn new(text: &str) -> Self {
        Self(Zeroizing::new(text.to_owned()))
    }

    /// The PIN text, for the token call.
    pub fn secret(&self) -> &Zeroizing<String> {
        &self.0
    }
}

impl std::fmt::Debug for Pin {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Pin(***)")
    }
}

/// One job for the helper.
#[derive(Debug, Serialize, Deserialize)]
#[serde(tag = "job", rename_all = "snake_case")]
pub enum Job {
    /// List tokens.
    Tokens {
        /// The module.
        module: PathBuf,
    },
    /// List certificates on all tokens.
    Certificates {
        /// The module.
        module: PathBuf,
    },
    /// Sign content.
    Sign {
        /// The module.
        module: PathBuf,
        /// Token serial.
        token: String,
        /// Certificate thumbprint.
        fingerprint: String,
        /// The PIN.
        pin: Pin,
        /// The exact bytes to sign, base64.
        content: String,
        /// Signing time (the client's clock).
        at: DateTime<Utc>,
    },
    /// Initialise a practice token (if `token` is `None`) and make a practice identity on it.
    Practice {
        /// The module.
        module: PathBuf,
        /// An existing token's serial, or `None` to initialise a new one.
        token: Option<String>,
        /// The label of a new token.
        label: String,
        /// The certificate's serial number (positive, big-endian).
        serial: Vec<u8>,
        /// The SO PIN for a new token.
        so_pin: Pin,
        /// The user PIN.
        pin: Pin,
        /// Key kind.
        key: KeyKind,
        /// Signer name.
        name: String,
        /// Tax code.
        tax_code: String,
        /// Validity start.
        not_before: DateTime<Utc>,
        /// Validity end.
        not_after: DateTime<Utc>,
    },
}

/// The helper's answer.
#[derive(Debug, Serialize, Deserialize)]
#[serde(tag = "answer", rename_all = "snake_case")]
pub enum Answer {
    /// Tokens.
    Tokens {
        /// The list.
        tokens: Vec<TokenInfo>,
    },
    /// Certificates.
    Certificates {
        /// The list.
        certificates: Vec<TokenCertificate>,
    },
    /// A detached CMS, base64 DER.
    Signed {
        /// The signature.
        cms: String,
    },
    /// The practice identity made.
    Practice {
        /// Its certificate.
        certificate: Box<TokenCertificate>,
    },
    /// The job failed.
    Failed {
        /// Why.
        error: TokenError,
    },
}

/// Runs token jobs in child processes.
#[derive(Debug, Clone)]
pub struct Helper {
    program: PathBuf,
    env: Vec<(String, PathBuf)>,
    timeout: Duration,
    cancel: std::sync::Arc<std::sync::atomic::AtomicBool>,
}

impl Helper {
    /// Jobs run by `program token-helper` (the `khaibao` binary).
    pub fn new(program: PathBuf) -> Self {
        Self {
            program,
            env: Vec::new(),
            timeout: DEFAULT_TIMEOUT,
            cancel: std::sync::Arc::default(),
        }
    }

    /// Jobs run by this executable (the app or the CLI).
    pub fn this_program() -> Result<Self, TokenError> {
        std::env::current_exe()
            .map(Self::new)
            .map_err(|e| TokenError::Helper {
                detail: e.to_string(),
            })
    }

    /// With an environment variable set for the child (e.g. `SOFTHSM2_CONF`).
    #[must_use]
    pub fn with_env(mut self, key: &str, value: &Path) -> Self {
        self.env.push((key.to_owned(), value.to_path_buf()));
        self
    }

    /// With another time limit.
    #[must_use]
    pub fn with_timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    /// Stops the job running now (from another thread; clones share the switch): the child is
    /// killed and the job ends with [`TokenError::Cancelled`]. Nothing is sent after a stop.
    pub fn cancel(&self) {
        self.cancel.store(true, std::sync::atomic::Ordering::SeqCst);
    }

    /// Lists the tokens of a module.
    pub fn tokens(&self, module: &Path) -> Result<Vec<TokenInfo>, TokenError> {
        match self.run(&Job::Tokens {
            module: module.to_path_buf(),
        })? {
            Answer::Tokens { tokens } => Ok(tokens),
            other => Err(unexpected(&other)),
        }
    }

    /// Lists the certificates on a module's tokens.
    pub fn certificates(&self, module: &Path) -> Result<Vec<TokenCertificate>, TokenError> {
        match self.run(&Job::Certificates {
            module: module.to_path_buf(),
        })? {
            Answer::Certificates { certificates } => Ok(certificates),
            other => Err(unexpected(&other)),
        }
    }

    /// Signs `content`; returns the detached CMS (DER).
    pub fn sign(
        &self,
        module: &Path,
        token: &str,
        fingerprint: &str,
        pin: Pin,
        content: &[u8],
        at: DateTime<Utc>,
    ) -> Result<Vec<u8>, TokenError> {
        use base64::Engine as _;
        let job = Job::Sign {
            module: module.to_path_buf(),
            token: token.to_owned(),
            fingerprint: fingerprint.to_owned(),
            pin,
            content: base64::engine::general_purpose::STANDARD.encode(content),
            at,
        };
        match self.run(&job)? {
            Answer::Signed { cms } => base64::engine::general_purpose::STANDARD
                .decode(cms)
                .map_err(|e| TokenError::Helper {
                    detail: e.to_string(),
                }),
            other => Err(unexpected(&other)),
        }
    }

    /// Makes a practice identity (see [`Job::Practice`]).
    pub fn practice(&self, job: &Job) -> Result<TokenCertificate, TokenError> {
        match self.run(job)? {
            Answer::Practice { certificate } => Ok(*certificate),
            other => Err(unexpected(&other)),
        }
    }

    /// Runs one job in a child process.
    pub fn run(&self, job: &Job) -> Result<Answer, TokenError> {
        let helper_error = |detail: String| TokenError::Helper { detail };
        self.cancel
            .store(false, std::sync::atomic::Ordering::SeqCst);
        let mut command = Command::new(&self.program);
        command
            .arg("token-helper")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        for (key, value) in &self.env {
            command.env(key, value);
        }
        let mut child = command
            .spawn()
            .map_err(|e| helper_error(format!("{}: {e}", self.program.display())))?;
        let mut request =
            Zeroizing::new(serde_json::to_vec(job).map_err(|e| helper_error(e.to_string()))?);
        if let Some(mut stdin) = child.stdin.take() {
            let written = stdin.write_all(&request);
            request.zeroize();
            written.map_err(|e| helper_error(e.to_string()))?;
        }
        // Each pipe has its own reader, so a child that fills one while we drain the other
        // cannot block.
        let drain = |pipe: Option<Box<dyn Read + Send>>| {
            std::thread::spawn(move || {
                let mut bytes = Vec::new();
                if let Some(mut pipe) = pipe {
                    let _ = pipe.read_to_end(&mut bytes);
                }
                bytes
            })
        };
        let stdout = drain(
            child
                .stdout
                .take()
                .map(|p| Box::new(p) as Box<dyn Read + Send>),
        );
        let stderr = drain(
            child
                .stderr
                .take()
                .map(|p| Box::new(p) as Box<dyn Read + Send>),
        );
        let deadline = Instant::now() + self.timeout;
        let status = loop {
            match child.try_wait() {
                Ok(Some(status)) => break status,
                Ok(None) if Instant::now() >= deadline => {
                    let _ = child.kill();
                    let _ = child.wait();
                    return Err(TokenError::Timeout {
                        seconds: self.timeout.as_secs(),
                    });
                }
                Ok(None) if self.cancel.load(std::sync::atomic::Ordering::SeqCst) => {
                    let _ = child.kill();
                    let _ = child.wait();
                    return Err(TokenError::Cancelled);
                }
                Ok(None) => std::thread::sleep(Duration::from_millis(5)),
                Err(e) => return Err(helper_error(e.to_string())),
            }
        };
        let joined = |reader: std::thread::JoinHandle<Vec<u8>>| {
            reader
                .join()
                .map_err(|_| helper_error("reader thread".to_owned()))
        };
        let (out, err) = (joined(stdout)?, joined(stderr)?);
        match serde_json::from_slice::<Answer>(&out) {
            Ok(Answer::Failed { error }) => Err(error),
            Ok(answer) => Ok(answer),
            Err(_) => Err(helper_error(format!(
                "exit {status}; {}",
                String::from_utf8_lossy(&err)
                    .chars()
                    .take(300)
                    .collect::<String>()
            ))),
        }
    }
}

fn unexpected(answer: &Answer) -> TokenError {
    TokenError::Helper {
        detail: format!("unexpected answer {answer:?}"),
    }
}

/// The child side: reads one job from `input`, runs it with `now` as the clock, writes one
/// answer to `output`.
pub fn serve_one(input: &mut impl Read, output: &mut impl Write) -> std::io::Result<()> {
    let mut buffer = Zeroizing::new(Vec::new());
    input.read_to_end(&mut buffer)?;
    let answer = match serde_json::from_slice::<Job>(&buffer) {
        Ok(job) => perform(job).unwrap_or_else(|error| Answer::Failed { error }),
        Err(e) => Answer::Failed {
            error: TokenError::Helper {
                detail: format!("bad job: {}", e.classify() as u8),
            },
        },
    };
    serde_json::to_writer(&mut *output, &answer)?;
    output.flush()
}

fn perform(job: Job) -> Result<Answer, TokenError> {
    use base64::Engine as _;
    match job {
        Job::Tokens { module } => Ok(Answer::Tokens {
            tokens: Module::load(&module)?.tokens()?,
        }),
        Job::Certificates { module } => Ok(Answer::Certificates {
            certificates: Module::load(&module)?.certificates()?,
        }),
        Job::Sign {
            module,
            token,
            fingerprint,
            pin,
            content,
            at,
        } => {
            let content = base64::engine::general_purpose::STANDARD
                .decode(content)
                .map_err(|e| TokenError::Helper {
                    detail: e.to_string(),
                })?;
            let cms =
                Module::load(&module)?.sign(&token, &fingerprint, pin.secret(), &content, at)?;
            Ok(Answer::Signed {
                cms: base64::engine::general_purpose::STANDARD.encode(cms),
            })
        }
        Job::Practice {
            module,
            token,
            label,
            serial,
            so_pin,
            pin,
            key,
            name,
            tax_code,
            not_before,
            not_after,
        } => {
            let module = Module::load(&module)?;
            let token = match token {
                Some(serial) => serial,
                None => module.init_token(&label, so_pin.secret(), pin.secret())?,
            };
            let subject = PracticeSubject {
                name,
                tax_code,
                not_before,
                not_after,
                serial,
            };
            Ok(Answer::Practice {
                certificate: Box::new(module.create_practice_identity(
                    &token,
                    pin.secret(),
                    key,
                    &subject,
                )?),
            })
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[cfg(unix)]
    fn script(dir: &Path, body: &str) -> PathBuf {
        use std::os::unix::fs::PermissionsExt as _;
        let path = dir.join("fake-helper.sh");
        std::fs::write(&path, format!("#!/bin/sh\n{body}\n")).unwrap();
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755)).unwrap();
        path
    }

    #[cfg(unix)]
    #[test]
    fn a_job_that_hangs_is_killed_at_its_time_limit() {
        let dir = tempfile::tempdir().unwrap();
        let helper = Helper::new(script(dir.path(), "cat > /dev/null; sleep 30"))
            .with_timeout(Duration::from_millis(300));
        let started = Instant::now();
        let err = helper.tokens(Path::new("/any/module.so")).unwrap_err();
        assert_eq!(err, TokenError::Timeout { seconds: 0 });
        assert!(started.elapsed() < Duration::from_secs(10));
        assert!(err.to_string().contains("Token không trả lời"));
    }

    #[cfg(unix)]
    #[test]
    fn a_job_can_be_stopped_from_another_thread() {
        let dir = tempfile::tempdir().unwrap();
        let helper = Helper::new(script(dir.path(), "cat > /dev/null; sleep 30"));
        let switch = helper.clone();
        let started = Instant::now();
        let stopper = std::thread::spawn(move || {
            std::thread::sleep(Duration::from_millis(300));
            switch.cancel();
        });
        let err = helper.tokens(Path::new("/any/module.so")).unwrap_err();
        stopper.join().unwrap();
        assert_eq!(err, TokenError::Cancelled);
        assert!(started.elapsed() < Duration::from_secs(10));
        assert!(err.to_string().contains("Đã dừng"), "{err}");
    }

    #[cfg(unix)]
    #[test]
    fn a_helper_that_crashes_is_an_error_not_a_crash() {
        let dir = tempfile::tempdir().unwrap();
        let helper = Helper::new(script(dir.path(), "cat > /dev/null; echo boom >&2; exit 3"));
        let err = helper.tokens(Path::new("/any/module.so")).unwrap_err();
        assert!(
            matches!(&err, TokenError::Helper { detail } if detail.contains("boom")),
            "{err}"
        );
    }

    #[test]
    fn the_pin_never_shows_in_debug_output() {
        let job = Job::Sign {
            module: PathBuf::from("/m.so"),
            token: "T".into(),
            fingerprint: "F".into(),
            pin: Pin::new("secret-pin-991"),
            content: String::new(),
            at: "2026-11-23T02:00:00Z".parse().unwrap(),
        };
        let shown = format!("{job:?}");
        assert!(!shown.contains("secret-pin-991"), "{shown}");
        // It does cross the pipe (that is the point), and comes back out whole.
        let json = serde_json::to_string(&job).unwrap();
        let back: Job = serde_json::from_str(&json).unwrap();
        let Job::Sign { pin, .. } = back else {
            panic!("{back:?}")
        };
        assert_eq!(pin.secret().as_str(), "secret-pin-991");
    }
}
