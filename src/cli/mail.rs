//! `gatehouse mail test --to ADDRESS`: sends a test message through the
//! `[default.smtp]` settings and prints what the mail server answered, so
//! that an office can check its settings before inviting anyone.

use crate::mail::{messages, Mailer};

use super::location::{block_on, settings};
use super::{text, text_with, LANGUAGE};

pub fn test(to: &str) -> Result<(), String> {
    let Some(smtp) = settings()?.smtp else {
        return Err(text("cli-mail-none"));
    };
    let mailer = Mailer::new(&smtp).map_err(|reason| text_with("cli-mail-unusable", &[("reason", reason.into())]))?;
    let message = messages::test(mailer.from(), to.trim(), *LANGUAGE)
        .map_err(|reason| text_with("cli-mail-not-made", &[("reason", reason.into())]))?;
    let server = ("server", mailer.server.clone().into());
    match block_on(mailer.send(message))? {
        Ok(answer) => {
            println!(
                "{}",
                text_with(
                    "cli-mail-sent",
                    &[("to", to.trim().to_owned().into()), server, ("answer", answer.into())],
                )
            );
            Ok(())
        }
        Err(reason) => Err(text_with("cli-mail-failed", &[server, ("reason", reason.into())])),
    }
}
