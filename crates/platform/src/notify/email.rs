//! E-mail over SMTP (lettre), or to the log when no relay is configured.
//!
//! This build has no TLS: the relay is reached in plain SMTP
//! (`smtp://[user:pass@]host[:port]`, port 25 by default), which suits a
//! relay on the same host or private network (a local Postfix, or a
//! provider's relay behind a TLS-terminating proxy).

use std::time::Duration;

use lettre::message::header::ContentType;
use lettre::message::{Mailbox, Message};
use lettre::transport::smtp::authentication::Credentials;
use lettre::{AsyncSmtpTransport, AsyncTransport, Tokio1Executor};

use super::{Outcome, SendError, SetupError};
use crate::notify::templates::{Rendered, scrub_identity_numbers};

/// How long one SMTP conversation may take (well inside the outbox lease).
pub const SMTP_TIMEOUT: Duration = Duration::from_secs(20);

/// Where e-mail goes.
#[derive(Clone)]
pub enum Mailer {
    /// An SMTP relay.
    Smtp {
        /// The transport (one connection per message).
        transport: AsyncSmtpTransport<Tokio1Executor>,
        /// The sender.
        from: Mailbox,
    },
    /// No relay: the log (and the administrators' outbox page).
    Log,
}

impl std::fmt::Debug for Mailer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Mailer::Smtp { from, .. } => write!(f, "Mailer::Smtp(from {from})"),
            Mailer::Log => f.write_str("Mailer::Log"),
        }
    }
}

/// The parts of an `smtp://` URL.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SmtpUrl {
    /// Host name or address.
    pub host: String,
    /// Port (25 by default).
    pub port: u16,
    /// User and password, when given.
    pub credentials: Option<(String, String)>,
}

fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let hex = |b: u8| (b as char).to_digit(16);
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%'
            && i + 2 < bytes.len()
            && let (Some(h), Some(l)) = (hex(bytes[i + 1]), hex(bytes[i + 2]))
        {
            out.push((h * 16 + l) as u8);
            i += 3;
            continue;
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// Parse `smtp://[user[:password]@]host[:port]`.
pub fn parse_smtp_url(url: &str) -> Result<SmtpUrl, SetupError> {
    let bad = |why: &str| SetupError(format!("IMIGRASI_SMTP_URL: {why}"));
    let rest = if let Some(r) = url.trim().strip_prefix("smtp://") {
        r
    } else if url.trim().starts_with("smtps://") {
        return Err(bad(
            "smtps:// needs TLS, which this build does not include; use smtp:// to a local relay",
        ));
    } else {
        return Err(bad("expected smtp://[user:password@]host[:port]"));
    };
    if rest.contains('?') {
        return Err(bad(
            "options such as ?tls= are not supported (this build has no TLS)",
        ));
    }
    let rest = rest.trim_end_matches('/');
    let (userinfo, hostport) = match rest.rsplit_once('@') {
        Some((u, h)) => (Some(u), h),
        None => (None, rest),
    };
    let port_of = |p: &str| {
        p.parse::<u16>()
            .map_err(|_| bad("the port is not a number"))
    };
    let (host, port) = if let Some(h) = hostport.strip_prefix('[') {
        let (h, after) = h
            .split_once(']')
            .ok_or_else(|| bad("unclosed [ in the host"))?;
        let port = match after.strip_prefix(':') {
            Some(p) => port_of(p)?,
            None if after.is_empty() => 25,
            None => return Err(bad("unexpected text after the host")),
        };
        (h.to_owned(), port)
    } else {
        match hostport.rsplit_once(':') {
            Some((h, p)) => (h.to_owned(), port_of(p)?),
            None => (hostport.to_owned(), 25),
        }
    };
    if host.is_empty() {
        return Err(bad("the host is missing"));
    }
    let credentials = userinfo.map(|u| match u.split_once(':') {
        Some((user, pass)) => (percent_decode(user), percent_decode(pass)),
        None => (percent_decode(u), String::new()),
    });
    Ok(SmtpUrl {
        host,
        port,
        credentials,
    })
}

impl Mailer {
    /// A mailer for an optional `smtp://` URL and a sender address.
    pub fn new(smtp_url: Option<&str>, from: &str) -> Result<Mailer, SetupError> {
        let Some(url) = smtp_url.filter(|u| !u.trim().is_empty()) else {
            return Ok(Mailer::Log);
        };
        let from: Mailbox = from
            .parse()
            .map_err(|e| SetupError(format!("IMIGRASI_MAIL_FROM is not an address: {e}")))?;
        let u = parse_smtp_url(url)?;
        let mut builder = AsyncSmtpTransport::<Tokio1Executor>::builder_dangerous(u.host)
            .port(u.port)
            .timeout(Some(SMTP_TIMEOUT));
        if let Some((user, pass)) = u.credentials {
            builder = builder.credentials(Credentials::new(user, pass));
        }
        Ok(Mailer::Smtp {
            transport: builder.build(),
            from,
        })
    }

    /// Send one message; `id` becomes its Message-ID, so that a message
    /// re-sent after a crash is recognisable as the same one.
    pub async fn send(
        &self,
        id: &str,
        to: &str,
        message: &Rendered,
        footer: &str,
    ) -> Result<Outcome, SendError> {
        let (transport, from) = match self {
            Mailer::Log => {
                tracing::info!(
                    outbox_id = %id,
                    channel = "email",
                    recipient = %to,
                    subject = %scrub_identity_numbers(&message.subject),
                    body = %scrub_identity_numbers(&message.body),
                    "e-mail not sent (no IMIGRASI_SMTP_URL): logged"
                );
                return Ok(Outcome::Logged);
            }
            Mailer::Smtp { transport, from } => (transport, from),
        };
        let to: Mailbox = to
            .parse()
            .map_err(|e| SendError::permanent(format!("bad recipient address: {e}")))?;
        let domain = from.email.domain().to_owned();
        let email = Message::builder()
            .from(from.clone())
            .to(to)
            .subject(message.subject.clone())
            .message_id(Some(format!("<{id}@{domain}>")))
            .header(ContentType::TEXT_PLAIN)
            .body(format!("{}\n\n--\n{footer}\n", message.body))
            .map_err(|e| SendError::permanent(format!("cannot build the e-mail: {e}")))?;
        match transport.send(email).await {
            Ok(_) => Ok(Outcome::Sent),
            Err(e) if e.is_permanent() => Err(SendError::permanent(format!("SMTP: {e}"))),
            Err(e) => Err(SendError::transient(format!("SMTP: {e}"))),
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn smtp_urls() {
        assert_eq!(
            parse_smtp_url("smtp://127.0.0.1:2525").unwrap(),
            SmtpUrl {
                host: "127.0.0.1".into(),
                port: 2525,
                credentials: None
            }
        );
        let u = parse_smtp_url("smtp://mailer:p%40ss@relay.internal").unwrap();
        assert_eq!(u.host, "relay.internal");
        assert_eq!(u.port, 25);
        assert_eq!(u.credentials, Some(("mailer".into(), "p@ss".into())));
        assert!(parse_smtp_url("smtps://relay:465").is_err());
        assert!(parse_smtp_url("http://relay").is_err());
        assert!(parse_smtp_url("smtp://relay:x").is_err());
        assert!(parse_smtp_url("smtp://relay?tls=required").is_err());
    }
}
