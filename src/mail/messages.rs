//! The messages gatehouse mails, in the reader's language: a link (an
//! invitation or a password reset), a warning of wrong two-step codes, and
//! the test message. Each is plain
//! text with a simple HTML part beside it; the words come from the
//! catalogue, every value is escaped in the HTML.

use lettre::message::header::{ContentTransferEncoding, ContentType};
use lettre::message::{Body, Mailbox, MultiPart, SinglePart};
use lettre::Message;

use crate::domain::LinkKind;
use crate::i18n::{Arg, Language};

/// A link to mail to its person.
pub struct LinkMail<'a> {
    pub language: Language,
    pub kind: LinkKind,
    pub to_name: &'a str,
    pub to_email: &'a str,
    pub url: &'a str,
    /// When it stops working, as the reader's language writes it.
    pub until: &'a str,
    /// Who made it; `None` when the person asked for it themselves.
    pub sender: Option<&'a str>,
}

/// The message for a link.
pub fn link(from: &Mailbox, mail: &LinkMail<'_>) -> Result<Message, String> {
    let text = |key: &str, args: &[(&str, Arg)]| mail.language.text_with(key, args);
    let sender = mail.sender.unwrap_or("gatehouse").to_owned();
    let subject = match mail.kind {
        LinkKind::Invite => text("mail-invite-subject", &[("sender", sender.clone().into())]),
        LinkKind::Reset => text("mail-reset-subject", &[]),
    };
    let intro = match (mail.kind, mail.sender) {
        (LinkKind::Invite, _) => text("mail-invite-intro", &[("sender", sender.into())]),
        (LinkKind::Reset, Some(_)) => text("mail-reset-intro-admin", &[("sender", sender.into())]),
        (LinkKind::Reset, None) => text("mail-reset-intro-self", &[]),
    };
    let paragraphs = [
        text("mail-greeting", &[("name", mail.to_name.to_owned().into())]),
        intro,
        mail.url.to_owned(),
        text("mail-expires", &[("until", mail.until.to_owned().into())]),
        text("mail-ignore", &[]),
    ];
    let to = Mailbox::new(Some(mail.to_name.to_owned()), address(mail.to_email)?);
    build(from, to, &subject, &paragraphs, Some(mail.url))
}

/// The message to a person whose password was used with `count` wrong
/// two-step codes in a day: codes are refused for a day, and what to do.
pub fn codes_refused(
    from: &Mailbox,
    language: Language,
    to_name: &str,
    to_email: &str,
    count: i64,
) -> Result<Message, String> {
    let paragraphs = [
        language.text_with("mail-greeting", &[("name", to_name.to_owned().into())]),
        language.text_with("mail-codes-refused-body", &[("count", count.into())]),
        language.text("mail-codes-refused-advice"),
    ];
    let to = Mailbox::new(Some(to_name.to_owned()), address(to_email)?);
    build(
        from,
        to,
        &language.text("mail-codes-refused-subject"),
        &paragraphs,
        None,
    )
}

/// The message `gatehouse mail test` sends.
pub fn test(from: &Mailbox, to: &str, language: Language) -> Result<Message, String> {
    let to = Mailbox::new(None, address(to)?);
    let paragraphs = [language.text("mail-test-body")];
    build(from, to, &language.text("mail-test-subject"), &paragraphs, None)
}

fn address(email: &str) -> Result<lettre::Address, String> {
    email.parse().map_err(|_| format!("{email:?} is not a mail address"))
}

/// Plain text and HTML with the same paragraphs; `link` is the paragraph
/// shown as a link in the HTML.
fn build(
    from: &Mailbox,
    to: Mailbox,
    subject: &str,
    paragraphs: &[String],
    link: Option<&str>,
) -> Result<Message, String> {
    let plain = paragraphs.join("\n\n") + "\n";
    let mut html = String::from("<!doctype html><html><body style=\"font-family: sans-serif; line-height: 1.5\">");
    for paragraph in paragraphs {
        let escaped = escape(paragraph);
        match link {
            Some(url) if url == paragraph => html.push_str(&format!("<p><a href=\"{escaped}\">{escaped}</a></p>")),
            _ => html.push_str(&format!("<p>{escaped}</p>")),
        }
    }
    html.push_str("</body></html>");
    // Quoted-printable: text that stays readable in the raw message, accents and all.
    let body = |text: String| {
        Body::new_with_encoding(text, ContentTransferEncoding::QuotedPrintable)
            .map_err(|_| "cannot encode the message".to_owned())
    };
    Message::builder()
        .from(from.clone())
        .to(to)
        .subject(subject)
        .multipart(
            MultiPart::alternative()
                .singlepart(SinglePart::builder().header(ContentType::TEXT_PLAIN).body(body(plain)?))
                .singlepart(SinglePart::builder().header(ContentType::TEXT_HTML).body(body(html)?)),
        )
        .map_err(|e| format!("cannot write the message: {e}"))
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_link_message_has_both_parts_in_the_reader_s_language() {
        let from: Mailbox = "Office <gatehouse@example.org>".parse().unwrap();
        let spanish = Language::find("es").unwrap();
        let mail = LinkMail {
            language: spanish,
            kind: LinkKind::Invite,
            to_name: "Ana <b>",
            to_email: "ana@example.org",
            url: "https://g.example/invite/abc",
            until: "8 dic 2026, 12:05",
            sender: Some("Ada"),
        };
        let message = link(&from, &mail).unwrap();
        let raw = String::from_utf8(message.formatted()).unwrap();
        assert!(raw.contains("multipart/alternative") && raw.contains("text/html"));
        assert!(raw.contains("https://g.example/invite/abc"));
        assert!(raw.contains("Ana &lt;b&gt;"), "escaped in the HTML");
        assert!(raw.contains("8 dic 2026"));
        assert!(!raw.contains("Hello"), "in Spanish");
    }
}
