//! How far long work has got (copying a database, importing or exporting
//! many people): the work says what it is doing and how much there is, then
//! counts what it has done, through a `Progress`. The command line shows it
//! as a bar on a terminal (`cli/progress.rs`); elsewhere (the web pages,
//! the tests, a pipe) it is `silent()`.

use std::sync::Arc;

/// What is under way, as the command line names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Phase {
    /// Reading the rows of a database or app.
    Reading,
    /// Copying rows into the target database.
    Copying,
    /// Bringing people in.
    Importing,
    /// Writing people out.
    Exporting,
}

/// Where long work reports to; shared with the thread that does it.
pub trait Meter: Send + Sync {
    /// `phase` begins, with `total` steps to do.
    fn begin(&self, phase: Phase, total: u64);
    /// `steps` more are done.
    fn advance(&self, steps: u64);
    /// The phase is over (done, or given up).
    fn end(&self);
}

pub type Progress = Arc<dyn Meter>;

struct Silent;

impl Meter for Silent {
    fn begin(&self, _: Phase, _: u64) {}
    fn advance(&self, _: u64) {}
    fn end(&self) {}
}

/// Progress nobody watches.
pub fn silent() -> Progress {
    Arc::new(Silent)
}
