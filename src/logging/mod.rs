//! The process's log: one tracing subscriber, set up at the start of `main`
//! from the settings (settings.rs), writing on standard error either text
//! lines for a person or JSON lines for a collector. gatehouse's own events
//! carry fields (a request's id, a security event's actor and target);
//! Rocket's `log` records come in through bridge.rs with every secret cut
//! out (redact.rs). Nothing is written before `install`; the tests'
//! in-process servers install no subscriber, only the bridge, so Rocket's
//! own logger is never the process's.

mod bridge;
pub mod redact;
mod settings;

use std::sync::Once;

use tracing::Subscriber;
use tracing_subscriber::fmt::MakeWriter;
use tracing_subscriber::layer::SubscriberExt;
use tracing_subscriber::{Layer, Registry};

pub use self::settings::{BadFilter, Format, Level, LogSettings};

/// The subscriber `settings` describe, writing to `writer`.
pub fn subscriber<W>(settings: &LogSettings, writer: W) -> impl Subscriber + Send + Sync
where
    W: for<'w> MakeWriter<'w> + Send + Sync + 'static,
{
    let lines = tracing_subscriber::fmt::layer().with_ansi(false).with_writer(writer);
    let lines = match settings.format {
        Format::Text => lines.boxed(),
        Format::Json => lines.json().with_current_span(false).with_span_list(false).boxed(),
    };
    Registry::default().with(lines).with(settings.filter())
}

/// Makes `settings` the process's log, on standard error, with Rocket's
/// records bridged in. Only the first call counts.
pub fn install(settings: &LogSettings) {
    static INSTALLED: Once = Once::new();
    INSTALLED.call_once(|| {
        if tracing::subscriber::set_global_default(subscriber(settings, std::io::stderr)).is_ok() {
            bridge_rocket();
            log::set_max_level(log_filter());
        }
    });
}

/// Makes the bridge the process's `log` logger (once), so that Rocket never
/// installs its own, which would write its lines, unredacted, on standard
/// output. Without a subscriber (the tests' servers), its records go nowhere.
pub fn bridge_rocket() {
    static BRIDGED: Once = Once::new();
    BRIDGED.call_once(|| {
        if log::set_boxed_logger(Box::new(bridge::Bridge)).is_ok() {
            log::set_max_level(log_filter());
        }
    });
}

/// `log`'s own filter: what tracing may show (Rocket's records are moved
/// down a level or two on the way, bridge.rs).
fn log_filter() -> log::LevelFilter {
    match tracing::level_filters::LevelFilter::current().into_level() {
        None => log::LevelFilter::Off,
        Some(tracing::Level::ERROR) => log::LevelFilter::Error,
        Some(tracing::Level::WARN) => log::LevelFilter::Warn,
        Some(tracing::Level::INFO) => log::LevelFilter::Info,
        Some(tracing::Level::DEBUG) => log::LevelFilter::Debug,
        Some(tracing::Level::TRACE) => log::LevelFilter::Trace,
    }
}

#[cfg(test)]
pub mod test_support {
    //! The log's lines as a test reads them: a subscriber writing into memory.

    use std::sync::{Arc, Mutex};

    use super::LogSettings;

    /// Everything written, shared with the writer.
    #[derive(Clone, Default)]
    pub struct Written(Arc<Mutex<Vec<u8>>>);

    impl Written {
        pub fn text(&self) -> String {
            String::from_utf8_lossy(&self.0.lock().unwrap()).into_owned()
        }
    }

    impl std::io::Write for Written {
        fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
            self.0.lock().unwrap().extend_from_slice(bytes);
            Ok(bytes.len())
        }

        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }

    /// What `work` logs under `settings`.
    pub fn logged(settings: &LogSettings, work: impl FnOnce()) -> String {
        let written = Written::default();
        let out = written.clone();
        let subscriber = super::subscriber(settings, move || out.clone());
        tracing::subscriber::with_default(subscriber, work);
        written.text()
    }
}
