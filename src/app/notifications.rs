//! Messages for the user: errors stay until dismissed, notices fade after a few seconds.
//!
//! Every error is handled once, here: logged to stderr and shown in the window.

use std::time::Duration;

use egui::{RichText, Ui};

/// How long a notice stays.
const NOTICE_SECONDS: f64 = 5.0;

#[derive(Debug, Clone)]
struct Message {
    text: String,
    is_error: bool,
    /// Time (egui seconds) it was first shown; set on first draw.
    shown_at: Option<f64>,
}

/// The queue of messages shown in the bottom-right corner.
#[derive(Debug, Default)]
pub struct Notifications {
    messages: Vec<Message>,
}

impl Notifications {
    /// Adds an error; it stays until the user closes it.
    pub fn error(&mut self, text: impl Into<String>) {
        let text = text.into();
        eprintln!("stancemap: {text}");
        self.messages.push(Message { text, is_error: true, shown_at: None });
    }

    /// Adds a notice that fades out.
    pub fn info(&mut self, text: impl Into<String>) {
        self.messages.push(Message { text: text.into(), is_error: false, shown_at: None });
        if self.messages.len() > 8 {
            self.messages.remove(0);
        }
    }

    /// Texts of the messages currently held.
    pub fn texts(&self) -> Vec<String> {
        self.messages.iter().map(|message| message.text.clone()).collect()
    }

    /// The newest error, if any.
    pub fn last_error(&self) -> Option<String> {
        self.messages.iter().rev().find(|m| m.is_error).map(|m| m.text.clone())
    }

    /// Draws the messages in the bottom-right corner.
    pub fn show(&mut self, ctx: &egui::Context) {
        let now = ctx.input(|input| input.time);
        self.messages.retain(|message| message.is_error || message.shown_at.is_none_or(|t| now - t < NOTICE_SECONDS));
        if self.messages.is_empty() {
            return;
        }
        let mut dismissed = None;
        let mut next_expiry: Option<f64> = None;
        egui::Area::new(egui::Id::unique("notifications"))
            .anchor(egui::Align2::RIGHT_BOTTOM, egui::vec2(-12.0, -36.0))
            .order(egui::Order::Foreground)
            .show(ctx, |ui| {
                ui.set_max_width(460.0);
                for (index, message) in self.messages.iter_mut().enumerate() {
                    let shown_at = *message.shown_at.get_or_insert(now);
                    if !message.is_error {
                        let expires = shown_at + NOTICE_SECONDS;
                        next_expiry = Some(next_expiry.map_or(expires, |t: f64| t.min(expires)));
                    }
                    message_ui(ui, message, || dismissed = Some(index));
                }
            });
        if let Some(index) = dismissed {
            self.messages.remove(index);
        }
        if let Some(expiry) = next_expiry {
            ctx.request_repaint_after(Duration::from_secs_f64((expiry - now).max(0.05)));
        }
    }
}

fn message_ui(ui: &mut Ui, message: &Message, on_dismiss: impl FnOnce()) {
    let visuals = ui.visuals();
    let (fill, stroke) = if message.is_error {
        (visuals.extreme_bg_color, egui::Stroke::new(1.5, visuals.error_fg_color))
    } else {
        (visuals.extreme_bg_color, egui::Stroke::new(1.0, visuals.widgets.noninteractive.bg_stroke.color))
    };
    egui::Frame::popup(ui.style()).fill(fill).stroke(stroke).show(ui, |ui| {
        ui.horizontal(|ui| {
            let text = if message.is_error {
                RichText::new(&message.text).color(ui.visuals().error_fg_color)
            } else {
                RichText::new(&message.text)
            };
            ui.add(egui::Label::new(text).wrap());
            if message.is_error && ui.small_button("Dismiss").clicked() {
                on_dismiss();
            }
        });
    });
}
