//! Where the database is (`--db`, `GATEHOUSE_DB`: a file or a PostgreSQL
//! URL, else a file in the platform's data folder), and the use cases' `App`
//! opened on it for a command.

use std::future::Future;
use std::path::PathBuf;

use crate::clock::Clock;
use crate::config::{self, Settings};
use crate::service::App;
use crate::store::{Location, Store};

use super::{text, text_with};

/// The database to use: `--db` / `GATEHOUSE_DB`, else the default file, and
/// whether its folder may be created (only the default's).
pub fn location(db: Option<PathBuf>) -> Result<(Location, bool), String> {
    if let Some(db) = db {
        return Ok((Location::parse(db.into_os_string()), false));
    }
    let dirs = directories::ProjectDirs::from("", "", "gatehouse").ok_or_else(|| text("cli-no-data-folder"))?;
    Ok((Location::File(dirs.data_dir().join("gatehouse.db")), true))
}

/// Opens (and migrates) the database the command line names.
pub fn open_store(db: Option<PathBuf>) -> Result<Store, String> {
    let (location, create_folder) = location(db)?;
    open(&location, create_folder)
}

/// Opens (and migrates) the database at `location`; a failure says which
/// database, in this computer's language, before the engine's own words.
pub fn open(location: &Location, create_folder: bool) -> Result<Store, String> {
    if let (Location::File(path), false) = (location, create_folder) {
        if let Some(folder) = path.parent().filter(|f| !f.as_os_str().is_empty() && !f.is_dir()) {
            return Err(text_with(
                "cli-no-folder",
                &[("folder", folder.display().to_string().into())],
            ));
        }
    }
    Store::open(location, create_folder, &settings()?.pool()).map_err(|reason| {
        text_with(
            "cli-cannot-open",
            &[("database", location.shown().into()), ("reason", reason.into())],
        )
    })
}

/// gatehouse's settings from Rocket.toml and the environment.
pub fn settings() -> Result<Settings, String> {
    Settings::from_figment(&config::figment())
        .map_err(|reason| text_with("cli-settings-invalid", &[("reason", reason.into())]))
}

/// The use cases' `App` on the database the command line names.
pub fn open_app(db: Option<PathBuf>) -> Result<App, String> {
    Ok(App::new(open_store(db)?, settings()?, Clock::system()))
}

/// Runs one use case to its end on this thread, for a command.
pub fn block_on<F: Future>(work: F) -> Result<F::Output, String> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| text_with("cli-cannot-start", &[("reason", e.to_string().into())]))?;
    Ok(runtime.block_on(work))
}
