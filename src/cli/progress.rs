//! A long command's progress on the terminal: a bar on standard error with
//! what is under way, in the computer's language, and how much is done.
//! When standard error is not a terminal (a pipe, a file, a service's log)
//! indicatif draws nothing, so the output is the same as without it.

use std::sync::{Arc, Mutex};

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressFinish, ProgressStyle};

use crate::progress::{Meter, Phase, Progress};

use super::text;

/// The bar of the phase under way, if any.
struct Bar(Mutex<Option<ProgressBar>>);

fn label(phase: Phase) -> String {
    text(match phase {
        Phase::Reading => "cli-progress-reading",
        Phase::Copying => "cli-progress-copying",
        Phase::Importing => "cli-progress-importing",
        Phase::Exporting => "cli-progress-exporting",
    })
}

impl Meter for Bar {
    fn begin(&self, phase: Phase, total: u64) {
        // Cleared when it ends, and when it is dropped unfinished (an error).
        let bar = ProgressBar::with_draw_target(Some(total), ProgressDrawTarget::stderr())
            .with_finish(ProgressFinish::AndClear);
        let style = ProgressStyle::with_template("{msg} [{bar:30}] {pos}/{len} ({eta})")
            .map(|s| s.progress_chars("=> "))
            .unwrap_or_else(|_| ProgressStyle::default_bar());
        bar.set_style(style);
        bar.set_message(label(phase));
        if let Ok(mut current) = self.0.lock() {
            if let Some(old) = current.replace(bar) {
                old.finish_and_clear();
            }
        }
    }

    fn advance(&self, steps: u64) {
        if let Ok(current) = self.0.lock() {
            if let Some(bar) = current.as_ref() {
                bar.inc(steps);
            }
        }
    }

    fn end(&self) {
        if let Ok(mut current) = self.0.lock() {
            if let Some(bar) = current.take() {
                bar.finish_and_clear();
            }
        }
    }
}

/// Progress shown on this terminal (nothing when it is not one).
pub fn on_terminal() -> Progress {
    Arc::new(Bar(Mutex::new(None)))
}
