//! Whether the database answers, and whether it takes writes.

use super::{App, Result};

/// The setting the write check rewrites.
const HEALTH_CHECK: &str = "health_check";

/// Asks the database a question; with `write`, also writes one small row.
pub async fn check(app: &App, write: bool) -> Result<()> {
    let at = app.clock.now().to_string();
    app.store
        .read(move |repo| {
            repo.ping()?;
            if write {
                repo.put_setting(HEALTH_CHECK, &at)?;
            }
            Ok(())
        })
        .await
}
