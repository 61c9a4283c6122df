//! A minimal SMTP server for tests: it speaks enough of RFC 5321 (EHLO, MAIL, RCPT, DATA, RSET,
//! NOOP, QUIT) for a real client to deliver to it, and keeps what it receives. Set it to refuse
//! with a temporary error to see how the app retries.

use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
use tokio::net::TcpListener;

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Received {
    pub from: String,
    pub to: Vec<String>,
    /// The message as sent (headers and body).
    pub data: String,
}

impl Received {
    /// The value of a header, e.g. `Subject`: unfolded, with RFC 2047 encoded words decoded.
    pub fn header(&self, name: &str) -> Option<String> {
        let prefix = format!("{}:", name.to_ascii_lowercase());
        let mut unfolded: Vec<String> = Vec::new();
        for line in self.data.lines().take_while(|l| !l.is_empty()) {
            match unfolded.last_mut() {
                Some(last) if line.starts_with([' ', '\t']) => last.push_str(line),
                _ => unfolded.push(line.to_owned()),
            }
        }
        unfolded
            .into_iter()
            .find(|l| l.to_ascii_lowercase().starts_with(&prefix))
            .map(|l| decode_words(l[prefix.len()..].trim()))
    }

    /// The body, quoted-printable decoded.
    pub fn body(&self) -> String {
        let raw = self.data.split_once("\n\n").map_or("", |(_, b)| b);
        let joined = raw.replace("=\n", "");
        let mut bytes = Vec::with_capacity(joined.len());
        let mut rest = joined.as_bytes();
        while let Some((&b, tail)) = rest.split_first() {
            match (b, tail.get(..2).and_then(|h| u8::from_str_radix(std::str::from_utf8(h).ok()?, 16).ok())) {
                (b'=', Some(byte)) => {
                    bytes.push(byte);
                    rest = &tail[2..];
                }
                _ => {
                    bytes.push(b);
                    rest = tail;
                }
            }
        }
        String::from_utf8_lossy(&bytes).into_owned()
    }
}

/// Decodes `=?utf-8?b?…?=` words (the form lettre writes) and drops the space between two of them.
fn decode_words(text: &str) -> String {
    use base64::Engine;
    let mut out = String::new();
    let mut previous_was_word = false;
    for token in text.split(' ') {
        let word = token
            .strip_prefix("=?utf-8?b?")
            .or_else(|| token.strip_prefix("=?UTF-8?B?"))
            .and_then(|t| t.strip_suffix("?="))
            .and_then(|b| base64::engine::general_purpose::STANDARD.decode(b).ok())
            .map(|bytes| String::from_utf8_lossy(&bytes).into_owned());
        match word {
            Some(decoded) => {
                if !previous_was_word && !out.is_empty() {
                    out.push(' ');
                }
                out.push_str(&decoded);
                previous_was_word = true;
            }
            None => {
                if !out.is_empty() {
                    out.push(' ');
                }
                out.push_str(token);
                previous_was_word = false;
            }
        }
    }
    out
}

#[derive(Clone, Default)]
pub struct FakeSmtp {
    pub port: u16,
    received: Arc<Mutex<Vec<Received>>>,
    connections: Arc<AtomicUsize>,
    refusing: Arc<AtomicBool>,
}

impl FakeSmtp {
    pub async fn start() -> FakeSmtp {
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind the fake SMTP server");
        let port = listener.local_addr().expect("local address").port();
        let server = FakeSmtp { port, ..FakeSmtp::default() };
        let shared = server.clone();
        tokio::spawn(async move {
            while let Ok((stream, _)) = listener.accept().await {
                shared.connections.fetch_add(1, Ordering::SeqCst);
                let session = shared.clone();
                tokio::spawn(async move {
                    let _ = session.serve(stream).await;
                });
            }
        });
        server
    }

    /// While on, every `MAIL FROM` is answered with `451` (try again later).
    pub fn refuse(&self, on: bool) {
        self.refusing.store(on, Ordering::SeqCst);
    }

    pub fn received(&self) -> Vec<Received> {
        self.received.lock().map(|r| r.clone()).unwrap_or_default()
    }

    pub fn connections(&self) -> usize {
        self.connections.load(Ordering::SeqCst)
    }

    async fn serve(&self, stream: tokio::net::TcpStream) -> std::io::Result<()> {
        let (read, mut write) = stream.into_split();
        let mut lines = BufReader::new(read).lines();
        write.write_all(b"220 fake.test ESMTP\r\n").await?;
        let mut current = Received::default();
        while let Some(line) = lines.next_line().await? {
            let upper = line.to_ascii_uppercase();
            let reply: &[u8] = if upper.starts_with("EHLO") {
                b"250-fake.test\r\n250 8BITMIME\r\n"
            } else if upper.starts_with("HELO") || upper.starts_with("NOOP") {
                b"250 OK\r\n"
            } else if upper.starts_with("RSET") {
                current = Received::default();
                b"250 OK\r\n"
            } else if upper.starts_with("MAIL FROM:") {
                if self.refusing.load(Ordering::SeqCst) {
                    b"451 4.3.0 coba lagi nanti\r\n"
                } else {
                    current.from = address(&line);
                    b"250 OK\r\n"
                }
            } else if upper.starts_with("RCPT TO:") {
                current.to.push(address(&line));
                b"250 OK\r\n"
            } else if upper == "DATA" {
                write.write_all(b"354 end with <CRLF>.<CRLF>\r\n").await?;
                let mut data = String::new();
                while let Some(line) = lines.next_line().await? {
                    if line == "." {
                        break;
                    }
                    data.push_str(line.strip_prefix('.').filter(|_| line.starts_with("..")).unwrap_or(&line));
                    data.push('\n');
                }
                current.data = data;
                if let Ok(mut all) = self.received.lock() {
                    all.push(std::mem::take(&mut current));
                }
                b"250 OK queued\r\n"
            } else if upper.starts_with("QUIT") {
                write.write_all(b"221 bye\r\n").await?;
                return Ok(());
            } else {
                b"502 command not implemented\r\n"
            };
            write.write_all(reply).await?;
        }
        Ok(())
    }
}

fn address(line: &str) -> String {
    let start = line.find('<').map_or(0, |i| i + 1);
    let end = line[start..].find('>').map_or(line.len(), |i| start + i);
    line[start..end].to_owned()
}
