//! The library's log: one process-wide sink that the host sets (from C through
//! `mssip_log_set`), and the macros the library's modules write to.
//!
//! The library never prints. With no sink set, or below the level the host asked for, a log
//! statement costs one relaxed atomic load: its message is not even formatted. A message that
//! is delivered is formatted into a buffer kept per thread, so logging does not allocate
//! either once the buffer has grown. The sink may be called from any thread that calls into
//! the library, and concurrently from several.

use std::cell::RefCell;
use std::fmt::{self, Write};
use std::sync::Arc;
use std::sync::atomic::{AtomicU8, Ordering};

use parking_lot::RwLock;

/// How severe a message is. Ordered from the most severe: a sink set for `Warn` gets `Error`
/// and `Warn` messages.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Level {
    /// Something failed that the host should see (e.g. an internal error caught at the C
    /// boundary).
    Error = 1,
    /// Something was refused or repaired (e.g. a hostile or malformed input).
    Warn = 2,
    /// A notable event of normal operation (e.g. a key rotated, a binding expired).
    Info = 3,
    /// Detail for debugging a deployment.
    Debug = 4,
}

impl Level {
    /// The level with number `raw` (1 error ... 4 debug).
    pub fn from_raw(raw: u32) -> Option<Level> {
        match raw {
            1 => Some(Level::Error),
            2 => Some(Level::Warn),
            3 => Some(Level::Info),
            4 => Some(Level::Debug),
            _ => None,
        }
    }

    /// Lower-case name: `error`, `warn`, `info`, `debug`.
    pub fn name(self) -> &'static str {
        match self {
            Level::Error => "error",
            Level::Warn => "warn",
            Level::Info => "info",
            Level::Debug => "debug",
        }
    }
}

impl fmt::Display for Level {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// Where delivered messages go: called with the level and the message text.
pub type Sink = Arc<dyn Fn(Level, &str) + Send + Sync>;

/// The least severe level delivered, as a number; 0 when logging is off.
static MAX_LEVEL: AtomicU8 = AtomicU8::new(0);

/// The sink, read for each delivered message (the lock is never held while it runs).
static SINK: RwLock<Option<Sink>> = RwLock::new(None);

thread_local! {
    /// Reused for formatting messages on this thread.
    static LINE: RefCell<String> = const { RefCell::new(String::new()) };
}

/// Sets the process-wide sink: messages at `min_level` or more severe go to `sink`. `None`
/// turns logging off. Safe to call from any thread at any time; a message being delivered on
/// another thread at that moment may still reach the previous sink.
pub fn set_sink(min_level: Level, sink: Option<Sink>) {
    let mut slot = SINK.write();
    MAX_LEVEL.store(0, Ordering::Release);
    let on = sink.is_some();
    *slot = sink;
    if on {
        MAX_LEVEL.store(min_level as u8, Ordering::Release);
    }
}

/// True when a message at `level` would be delivered.
#[inline]
pub fn enabled(level: Level) -> bool {
    (level as u8) <= MAX_LEVEL.load(Ordering::Relaxed)
}

/// Formats and delivers a message; use the [`crate::log_error!`] family, which check
/// [`enabled`] first so that nothing is formatted when the message would be dropped.
pub fn write(level: Level, args: fmt::Arguments<'_>) {
    if !enabled(level) {
        return;
    }
    let Some(sink) = SINK.read().clone() else {
        return;
    };
    let reused = LINE.try_with(|line| {
        // A sink that logs from inside the sink finds the buffer taken: it gets its own.
        let Ok(mut line) = line.try_borrow_mut() else {
            return false;
        };
        line.clear();
        if line.write_fmt(args).is_ok() {
            sink(level, &line);
        }
        true
    });
    if reused != Ok(true) {
        sink(level, &args.to_string());
    }
}

/// Logs at [`Level::Error`]: `log_error!("what {}", x)`.
#[macro_export]
macro_rules! log_error {
    ($($arg:tt)+) => { $crate::log_at!($crate::log::Level::Error, $($arg)+) };
}

/// Logs at [`Level::Warn`].
#[macro_export]
macro_rules! log_warn {
    ($($arg:tt)+) => { $crate::log_at!($crate::log::Level::Warn, $($arg)+) };
}

/// Logs at [`Level::Info`].
#[macro_export]
macro_rules! log_info {
    ($($arg:tt)+) => { $crate::log_at!($crate::log::Level::Info, $($arg)+) };
}

/// Logs at [`Level::Debug`].
#[macro_export]
macro_rules! log_debug {
    ($($arg:tt)+) => { $crate::log_at!($crate::log::Level::Debug, $($arg)+) };
}

/// Logs at a given level; the arguments are evaluated only when the level is enabled.
#[macro_export]
macro_rules! log_at {
    ($level:expr, $($arg:tt)+) => {
        if $crate::log::enabled($level) {
            $crate::log::write($level, ::std::format_args!($($arg)+));
        }
    };
}

/// Serializes the tests (in this crate) that set the process-wide sink.
#[cfg(test)]
pub(crate) static TEST_SINK_LOCK: parking_lot::Mutex<()> = parking_lot::Mutex::new(());

#[cfg(test)]
mod tests {
    use super::*;
    use parking_lot::Mutex;

    type Seen = Arc<Mutex<Vec<(Level, String)>>>;

    /// Collects the messages starting with `tag` (other tests running at the same time may
    /// log too, e.g. the panics they provoke).
    fn collect(min: Level, tag: &'static str) -> Seen {
        let seen: Seen = Arc::default();
        let into = Arc::clone(&seen);
        set_sink(
            min,
            Some(Arc::new(move |l, m: &str| {
                if m.starts_with(tag) {
                    into.lock().push((l, m.into()));
                }
            })),
        );
        seen
    }

    #[test]
    fn messages_at_or_above_the_level_reach_the_sink() {
        let _serial = TEST_SINK_LOCK.lock();
        let seen = collect(Level::Warn, "lvl");
        crate::log_error!("lvl e {}", 1);
        crate::log_warn!("lvl w {}", 2);
        crate::log_info!("lvl i {}", 3);
        crate::log_debug!("lvl d {}", 4);
        set_sink(Level::Debug, None);
        crate::log_error!("lvl after off");
        assert_eq!(
            *seen.lock(),
            vec![
                (Level::Error, "lvl e 1".into()),
                (Level::Warn, "lvl w 2".into())
            ]
        );
    }

    #[test]
    fn nothing_is_formatted_when_off() {
        let _serial = TEST_SINK_LOCK.lock();
        set_sink(Level::Debug, None);
        struct Loud;
        impl fmt::Display for Loud {
            fn fmt(&self, _: &mut fmt::Formatter<'_>) -> fmt::Result {
                panic!("formatted while logging is off");
            }
        }
        crate::log_error!("{}", Loud);
        let seen = collect(Level::Error, "loud");
        crate::log_debug!("{}", Loud);
        set_sink(Level::Error, None);
        assert!(seen.lock().is_empty());
    }

    #[test]
    fn a_sink_may_log_itself_and_many_threads_may_log_at_once() {
        let _serial = TEST_SINK_LOCK.lock();
        let seen: Seen = Arc::default();
        let into = Arc::clone(&seen);
        set_sink(
            Level::Info,
            Some(Arc::new(move |l, m: &str| {
                if m.starts_with("outer") {
                    crate::log_info!("inner of {m}");
                }
                if m.starts_with("outer") || m.starts_with("inner") {
                    into.lock().push((l, m.into()));
                }
            })),
        );
        let threads: Vec<_> = (0..4)
            .map(|t| {
                std::thread::spawn(move || (0..50).for_each(|i| crate::log_info!("outer {t} {i}")))
            })
            .collect();
        threads
            .into_iter()
            .for_each(|t| t.join().expect("no panic"));
        set_sink(Level::Info, None);
        let seen = seen.lock();
        assert_eq!(seen.len(), 400);
        assert!(seen.iter().any(|(_, m)| m == "inner of outer 3 49"));
    }

    #[test]
    fn a_sink_may_replace_itself() {
        let _serial = TEST_SINK_LOCK.lock();
        let seen = collect(Level::Info, "swap");
        let into = Arc::clone(&seen);
        set_sink(
            Level::Info,
            Some(Arc::new(move |l, m: &str| {
                if m.starts_with("swap") {
                    into.lock().push((l, m.into()));
                    set_sink(Level::Info, None);
                }
            })),
        );
        crate::log_info!("swap 1");
        crate::log_info!("swap 2");
        assert_eq!(*seen.lock(), vec![(Level::Info, "swap 1".into())]);
    }

    #[test]
    fn levels_are_numbered_and_named() {
        for (n, l) in [
            (1, Level::Error),
            (2, Level::Warn),
            (3, Level::Info),
            (4, Level::Debug),
        ] {
            assert_eq!(Level::from_raw(n), Some(l));
            assert_eq!(l as u32, n);
        }
        assert_eq!(Level::from_raw(0), None);
        assert_eq!(Level::from_raw(5), None);
        assert_eq!(Level::Warn.to_string(), "warn");
        assert!(Level::Error < Level::Debug);
    }
}
