//! Progress on a terminal, and what each stage of a run cost.
//!
//! A long run shows one line on stderr: the stage it is in, how far it got
//! and how fast. It is drawn only when [`Messages::progress`] is set (the
//! binary sets it when stderr is a terminal and `-q` is not given), so
//! pipes, log files and CI output never see it. With `-v` each stage's
//! time is noted when it ends, which is what the stage times in
//! `docs/measurements.md` (Performance) are made from.

use std::time::{Duration, Instant};

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use crate::messages::{self, Messages};

/// One stage of a run: timed, and shown on the terminal while it lasts.
pub struct Stage {
    name: &'static str,
    start: Instant,
    bar: Option<ProgressBar>,
    messages: Messages,
}

impl Stage {
    /// Start stage `name`, counting `unit`s (of `len` in all, when known;
    /// no count when `unit` is empty).
    pub fn start(messages: &Messages, name: &'static str, unit: &str, len: Option<u64>) -> Stage {
        let bar = (messages.progress && !messages.quiet).then(|| {
            let template = match len {
                _ if unit.is_empty() => format!("{{spinner}} {name} ({{elapsed}})"),
                Some(_) => format!(
                    "{{spinner}} {name}: {{bar:20}} {{human_pos}}/{{human_len}} {unit} ({{elapsed}})"
                ),
                None => format!("{{spinner}} {name}: {{human_pos}} {unit} ({{elapsed}})"),
            };
            let style = ProgressStyle::with_template(&template)
                .unwrap_or_else(|_| ProgressStyle::default_spinner());
            let bar = ProgressBar::with_draw_target(len, ProgressDrawTarget::stderr())
                .with_style(style);
            bar.enable_steady_tick(Duration::from_millis(200));
            messages::set_progress_line(Some(bar.clone()));
            bar
        });
        Stage {
            name,
            start: Instant::now(),
            bar,
            messages: *messages,
        }
    }

    /// `n` more units done.
    pub fn inc(&self, n: u64) {
        if let Some(bar) = &self.bar {
            bar.inc(n);
        }
    }

    /// Seconds since the stage started.
    pub fn elapsed(&self) -> f64 {
        self.start.elapsed().as_secs_f64()
    }
}

impl Drop for Stage {
    fn drop(&mut self) {
        if let Some(bar) = self.bar.take() {
            bar.finish_and_clear();
            messages::set_progress_line(None);
        }
        self.messages
            .note(format_args!("time: {} {:.2} s", self.name, self.elapsed()));
    }
}
