//! Panics inside third-party parsers, caught quietly.
//!
//! The PDF and HTML libraries can panic on hostile files (an unwrap on a missing object). The
//! importer turns such a panic into an [`super::ImportError`] with a one-line reason, and the
//! user must not see the panic text and backtrace that Rust's default hook prints on stderr. This
//! module installs, once, a panic hook that stays silent on threads currently inside
//! [`quietly`] (remembering the message instead) and defers to the previous hook everywhere else,
//! so real bugs elsewhere still report as usual.

use std::cell::{Cell, RefCell};
use std::panic::{AssertUnwindSafe, PanicHookInfo};
use std::sync::Once;

thread_local! {
    /// Nesting count of [`quietly`] calls on this thread.
    static QUIET: Cell<usize> = const { Cell::new(0) };
    /// Message of the last panic caught quietly on this thread.
    static LAST: RefCell<String> = const { RefCell::new(String::new()) };
}

static INSTALL: Once = Once::new();

fn install_hook() {
    INSTALL.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info: &PanicHookInfo<'_>| {
            if QUIET.with(Cell::get) > 0 {
                LAST.with(|l| *l.borrow_mut() = one_line(info));
            } else {
                previous(info);
            }
        }));
    });
}

/// The panic's message, first line only, at most 200 characters.
fn one_line(info: &PanicHookInfo<'_>) -> String {
    let payload = info.payload();
    let msg = payload
        .downcast_ref::<&str>()
        .map(|s| (*s).to_owned())
        .or_else(|| payload.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "unknown error".to_owned());
    msg.lines().next().unwrap_or_default().chars().take(200).collect()
}

/// Run `f`, turning a panic into `Err(message)` without printing anything.
pub(crate) fn quietly<T>(f: impl FnOnce() -> T) -> Result<T, String> {
    install_hook();
    QUIET.with(|q| q.set(q.get() + 1));
    let outcome = std::panic::catch_unwind(AssertUnwindSafe(f));
    QUIET.with(|q| q.set(q.get().saturating_sub(1)));
    outcome.map_err(|_| LAST.with(|l| std::mem::take(&mut *l.borrow_mut())))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_panic_becomes_its_one_line_message() {
        let r: Result<(), String> = quietly(|| panic!("missing object reference\nsecond line"));
        assert_eq!(r, Err("missing object reference".to_owned()));
        assert_eq!(quietly(|| 7), Ok(7));
        let nested = quietly(|| quietly(|| -> u8 { panic!("inner") }));
        assert_eq!(nested, Ok(Err("inner".to_owned())));
    }
}
