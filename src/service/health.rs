//! Whether the database answers, and whether it takes writes.

use super::{App, Result};

/// The setting the write check rewrites.
const HEALTH_CHECK: &str = "health_check";

/// Asks the database a question; with `write`, also writes one small row.
pub async fn check(app: &App, write: bool) -> Result<()> {
    if !write {
        return Ok(app.store.read(|repo| repo.ping()).await?);
    }
    let at = app.clock.now().to_string();
    Ok(app
        .store
        .note(move |repo| {
            repo.ping()?;
            repo.put_setting(HEALTH_CHECK, &at)
        })
        .await?)
}
