//! Signed VNACCS jobs as the terminal sends them: S/MIME `multipart/signed` (RFC 1847,
//! RFC 8551) with the message as the first part (`text/plain; charset=UTF-8`) and a detached
//! PKCS#7 signature `smime.p7s` (base64) as the second. The signature covers the first part
//! exactly as transmitted: its MIME headers, the blank line and the message bytes.

use base64::Engine as _;

/// The MIME headers of the signed part.
const PART_HEADERS: &[u8] =
    b"Content-Type: text/plain; charset=UTF-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n";

/// The first part, as signed: its headers, a blank line, the message.
pub fn signed_part(message: &[u8]) -> Vec<u8> {
    let mut part = PART_HEADERS.to_vec();
    part.extend_from_slice(message);
    part
}

/// The message inside a signed part (after the first blank line).
pub fn message_of(part: &[u8]) -> Option<&[u8]> {
    part.windows(4)
        .position(|w| w == b"\r\n\r\n")
        .map(|p| &part[p + 4..])
}

/// A `multipart/signed` body: (`Content-Type` header value, body bytes). `boundary` must not
/// occur in the part (a message is ASCII header + items, so a boundary with `=_` never does).
pub fn build(part: &[u8], signature_der: &[u8], boundary: &str) -> (String, Vec<u8>) {
    let content_type = format!(
        "multipart/signed; protocol=\"application/pkcs7-signature\"; micalg=sha-256; boundary=\"{boundary}\""
    );
    let b64 = base64::engine::general_purpose::STANDARD.encode(signature_der);
    let mut body = format!("--{boundary}\r\n").into_bytes();
    body.extend_from_slice(part);
    body.extend_from_slice(format!("\r\n--{boundary}\r\n").as_bytes());
    body.extend_from_slice(
        b"Content-Type: application/pkcs7-signature; name=smime.p7s\r\n\
          Content-Transfer-Encoding: base64\r\n\
          Content-Disposition: attachment; filename=smime.p7s\r\n\r\n",
    );
    for chunk in b64.as_bytes().chunks(76) {
        body.extend_from_slice(chunk);
        body.extend_from_slice(b"\r\n");
    }
    body.extend_from_slice(format!("--{boundary}--\r\n").as_bytes());
    (content_type, body)
}

/// Why a signed body could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SmimeError {
    /// The content type names no boundary or another protocol.
    #[error("not multipart/signed with a PKCS#7 signature: {0}")]
    ContentType(String),
    /// Fewer than two parts.
    #[error("the signed body does not have its two parts")]
    Parts,
    /// The signature part is not base64.
    #[error("the signature is not base64: {0}")]
    Base64(String),
}

/// Reads a `multipart/signed` body: (the signed part exactly as received, the signature DER).
///
/// # Errors
/// See [`SmimeError`].
pub fn parse<'a>(content_type: &str, body: &'a [u8]) -> Result<(&'a [u8], Vec<u8>), SmimeError> {
    let lower = content_type.to_ascii_lowercase();
    if !lower.starts_with("multipart/signed") || !lower.contains("pkcs7-signature") {
        return Err(SmimeError::ContentType(content_type.to_owned()));
    }
    let boundary = content_type
        .split(';')
        .filter_map(|p| p.trim().split_once('='))
        .find(|(k, _)| k.trim().eq_ignore_ascii_case("boundary"))
        .map(|(_, v)| v.trim().trim_matches('"').to_owned())
        .filter(|b| !b.is_empty())
        .ok_or_else(|| SmimeError::ContentType(content_type.to_owned()))?;
    let open = format!("--{boundary}\r\n");
    let between = format!("\r\n--{boundary}\r\n");
    let start = find(body, open.as_bytes()).ok_or(SmimeError::Parts)? + open.len();
    let end = start + find(&body[start..], between.as_bytes()).ok_or(SmimeError::Parts)?;
    let part = &body[start..end];
    let second = &body[end + between.len()..];
    let content = message_of(second).ok_or(SmimeError::Parts)?;
    let close = format!("--{boundary}--");
    let content = find(content, close.as_bytes()).map_or(content, |p| &content[..p]);
    let b64: Vec<u8> = content
        .iter()
        .copied()
        .filter(|b| !b.is_ascii_whitespace())
        .collect();
    let der = base64::engine::general_purpose::STANDARD
        .decode(&b64)
        .map_err(|e| SmimeError::Base64(e.to_string()))?;
    Ok((part, der))
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_signed_body_reads_back_to_the_exact_part_and_signature() {
        let message = b"SS IDC  ...\r\n      123456\r\n";
        let part = signed_part(message);
        let signature: Vec<u8> = (0..=255u8).cycle().take(1_500).collect();
        let (content_type, body) = build(&part, &signature, "=_KhaiBao_1");
        let (read, der) = parse(&content_type, &body).unwrap();
        assert_eq!(read, part.as_slice());
        assert_eq!(der, signature);
        assert_eq!(message_of(read), Some(&message[..]));
        assert!(parse("text/plain", &body).is_err());
        assert_eq!(parse(&content_type, b"--x\r\n"), Err(SmimeError::Parts));
    }
}
