//! The adjudication view (Project > Adjudicate..., or from the Team view): the queue of units
//! (article x actor x issue) whose coders disagree beyond a threshold, largest gap first, and for
//! the current unit every coder side by side: their marker on one axis, value, quotes with the
//! article text around them, and note. The lead takes coder N's value (keys 1-9) or sets another
//! (drag or type), skips, or steps with J / K (or the arrow keys); Ctrl+Z undoes a decision.
//!
//! The view holds only UI state (filters, the current unit, the typed value and note) and a copy
//! of the queue keyed by the document's generation; decisions go to the session as commands.

use egui::{Color32, Key, Modifiers, RichText, Sense, Stroke, Ui, pos2, vec2};

use super::ViewContext;
use crate::analysis::adjudication::{Queue, QueueOptions, coders_on};
use crate::model::consensus::{self, Unit};
use crate::model::{CoderId, Position, Project};
use crate::session::Command;

/// The adjudication view's state.
#[derive(Clone, Debug, Default)]
pub struct AdjudicationView {
    /// Which units the queue holds.
    pub options: QueueOptions,
    /// The unit shown.
    current: Option<Unit>,
    /// Its place in the queue (kept when it leaves the queue, so the next unit takes its place).
    index: usize,
    /// The queue as of (document generation, options).
    cache: Option<(u64, QueueOptions, Queue)>,
    /// The unit the typed value and note belong to.
    draft_for: Option<Unit>,
    /// The value to set by hand.
    value: f64,
    /// The note that goes with the decision.
    note: String,
}

/// What the user asked for this frame.
enum Action {
    Step(isize),
    Take(usize),
    SetValue,
    Unsettle,
}

impl AdjudicationView {
    /// The queue for the current document, recomputed only when the document or the filters change.
    fn queue(&mut self, view: &ViewContext<'_>) -> &Queue {
        let generation = view.session.generation();
        let fresh = self.cache.as_ref().is_some_and(|(at, options, _)| *at == generation && *options == self.options);
        if !fresh {
            let queue = Queue::of(view.project(), &self.options);
            self.cache = Some((generation, self.options.clone(), queue));
        }
        &self.cache.as_ref().expect("just filled").2
    }

    /// Keeps the current unit if it is still queued, else takes the one now at its place.
    fn settle_cursor(&mut self, view: &ViewContext<'_>) {
        let current = self.current.clone();
        let at = self.index;
        let queue = self.queue(view);
        let len = queue.entries.len();
        let found = current.and_then(|unit| queue.entries.iter().position(|entry| entry.unit == unit));
        let index = found.unwrap_or(at.min(len.saturating_sub(1)));
        let unit = queue.entries.get(index).map(|entry| entry.unit.clone());
        self.index = index;
        self.current = unit;
    }

    fn step(&mut self, view: &ViewContext<'_>, step: isize) {
        let len = self.queue(view).entries.len();
        if len == 0 {
            return;
        }
        let index = self.index.saturating_add_signed(step).min(len - 1);
        self.index = index;
        self.current = self.queue(view).entries.get(index).map(|entry| entry.unit.clone());
    }

    /// After a decision: the next unit is shown (a settled unit leaves the queue unless settled
    /// units are shown, then the cursor moves on by itself).
    fn after_decision(&mut self, view: &ViewContext<'_>) {
        if self.options.show_settled {
            self.step(view, 1);
        } else {
            self.current = None;
        }
    }
}

/// Draws the adjudication view.
pub fn adjudication_ui(ui: &mut Ui, state: &mut AdjudicationView, view: &ViewContext<'_>) {
    ui.set_min_width(760.0);
    let project = view.project();
    ui.heading("Adjudicate");
    filters_ui(ui, state, project);
    state.settle_cursor(view);
    let queue = state.queue(view).clone_summary();
    ui.horizontal(|ui| {
        ui.label(RichText::new(format!("{} of {} settled", queue.settled, queue.disagreeing)).strong());
        let fraction = if queue.disagreeing == 0 { 1.0 } else { queue.settled as f32 / queue.disagreeing as f32 };
        ui.add(egui::ProgressBar::new(fraction).desired_width(200.0)).on_hover_text("Disagreements settled");
    });
    ui.separator();
    let mut action = None;
    match state.current.clone() {
        None => {
            let why = if queue.disagreeing == 0 {
                "No unit is coded by two coders or more with a gap above the threshold."
            } else {
                "Every disagreement is settled. Tick \"Show settled\" to revisit them."
            };
            ui.label(why);
        }
        Some(unit) => {
            let index = state.index;
            let gap = state.queue(view).entries.get(index).map_or(0.0, |entry| entry.gap);
            action = unit_ui(ui, state, view, &unit, gap, queue.entries);
        }
    }
    ui.separator();
    ui.horizontal(|ui| {
        if ui.button("Previous (K)").clicked() {
            action = Some(Action::Step(-1));
        }
        if ui.button("Skip (S)").on_hover_text("Leave this unit undecided and go on").clicked() {
            action = Some(Action::Step(1));
        }
        if ui.button("Next (J)").clicked() {
            action = Some(Action::Step(1));
        }
        ui.add_space(16.0);
        if ui.button("Close").clicked() {
            view.commands.send(Command::CloseDialog);
        }
    });
    if action.is_none() {
        action = keys(ui, view);
    }
    let Some(action) = action else { return };
    let Some(unit) = state.current.clone() else {
        if let Action::Step(step) = action {
            state.step(view, step);
        }
        return;
    };
    match action {
        Action::Step(step) => state.step(view, step),
        Action::Take(number) => {
            let positions = coders_on(project, &unit);
            let Some(position) = positions.get(number) else { return };
            view.commands.send(Command::SettleUnit {
                unit,
                value: position.value,
                from_coder: Some(position.coder.clone()),
                note: state.note.clone(),
            });
            state.after_decision(view);
        }
        Action::SetValue => {
            view.commands.send(Command::SettleUnit {
                unit,
                value: state.value,
                from_coder: None,
                note: state.note.clone(),
            });
            state.after_decision(view);
        }
        Action::Unsettle => view.commands.send(Command::UnsettleUnit(unit)),
    }
}

/// The counts of a queue, without its entries.
struct QueueSummary {
    disagreeing: usize,
    settled: usize,
    entries: usize,
}

impl Queue {
    fn clone_summary(&self) -> QueueSummary {
        QueueSummary { disagreeing: self.disagreeing, settled: self.settled, entries: self.entries.len() }
    }
}

/// Keys, while no text field has the keyboard: 1-9 take coder N's value, J / Down / Right next,
/// K / Up / Left previous, S skip; Ctrl+Z undo, Ctrl+Shift+Z / Ctrl+Y redo.
fn keys(ui: &Ui, view: &ViewContext<'_>) -> Option<Action> {
    if ui.ctx().egui_wants_keyboard_input() {
        return None;
    }
    const NUMBERS: [Key; 9] =
        [Key::Num1, Key::Num2, Key::Num3, Key::Num4, Key::Num5, Key::Num6, Key::Num7, Key::Num8, Key::Num9];
    ui.input_mut(|input| {
        if input.consume_key(Modifiers::COMMAND.plus(Modifiers::SHIFT), Key::Z)
            || input.consume_key(Modifiers::COMMAND, Key::Y)
        {
            view.commands.send(Command::Redo);
            return None;
        }
        if input.consume_key(Modifiers::COMMAND, Key::Z) {
            view.commands.send(Command::Undo);
            return None;
        }
        for (number, key) in NUMBERS.iter().enumerate() {
            if input.consume_key(Modifiers::NONE, *key) {
                return Some(Action::Take(number));
            }
        }
        for key in [Key::J, Key::S, Key::ArrowDown, Key::ArrowRight] {
            if input.consume_key(Modifiers::NONE, key) {
                return Some(Action::Step(1));
            }
        }
        for key in [Key::K, Key::ArrowUp, Key::ArrowLeft] {
            if input.consume_key(Modifiers::NONE, key) {
                return Some(Action::Step(-1));
            }
        }
        None
    })
}

fn coder_name(project: &Project, coder: &CoderId) -> String {
    project
        .coder(coder)
        .map(|c| c.name.trim())
        .filter(|name| !name.is_empty())
        .map_or_else(|| coder.to_string(), str::to_owned)
}

/// The threshold, issue and coder-pair filters and the "Show settled" switch.
fn filters_ui(ui: &mut Ui, state: &mut AdjudicationView, project: &Project) {
    ui.horizontal_wrapped(|ui| {
        let label = ui.label("Gap above");
        ui.add(egui::DragValue::new(&mut state.options.threshold).range(0.0..=100.0).speed(1.0).suffix(" %"))
            .labelled_by(label.id)
            .on_hover_text("Units whose coders lie further apart than this share of the issue's scale");
        let issue_text = state
            .options
            .issue
            .as_ref()
            .and_then(|id| project.issue(id))
            .map_or_else(|| "Every issue".to_owned(), |issue| issue.name.clone());
        egui::ComboBox::from_label("Issue").selected_text(issue_text).show_ui(ui, |ui| {
            ui.selectable_value(&mut state.options.issue, None, "Every issue");
            for issue in &project.issues {
                ui.selectable_value(&mut state.options.issue, Some(issue.id.clone()), &issue.name);
            }
        });
        let pair_text = state.options.pair.as_ref().map_or_else(
            || "Any coders".to_owned(),
            |(a, b)| format!("{} and {}", coder_name(project, a), coder_name(project, b)),
        );
        egui::ComboBox::from_label("Coder pair").selected_text(pair_text).show_ui(ui, |ui| {
            ui.selectable_value(&mut state.options.pair, None, "Any coders");
            for (i, first) in project.coders.iter().enumerate() {
                for second in &project.coders[i + 1..] {
                    let text = format!("{} and {}", coder_name(project, &first.id), coder_name(project, &second.id));
                    ui.selectable_value(&mut state.options.pair, Some((first.id.clone(), second.id.clone())), text);
                }
            }
        });
        ui.checkbox(&mut state.options.show_settled, "Show settled")
            .on_hover_text("Keep settled units in the queue, to revisit or take a decision back");
    });
}

/// The current unit: coders side by side, the consensus controls. Returns what was clicked.
fn unit_ui(
    ui: &mut Ui,
    state: &mut AdjudicationView,
    view: &ViewContext<'_>,
    unit: &Unit,
    gap: f64,
    queued: usize,
) -> Option<Action> {
    let project = view.project();
    let (Some(actor), Some(issue), Some(article)) =
        (project.actor(&unit.actor), project.issue(&unit.issue), project.article(&unit.article))
    else {
        return None;
    };
    let positions = coders_on(project, unit);
    let settled = consensus::find(&project.consensus, unit);
    if state.draft_for.as_ref() != Some(unit) {
        state.draft_for = Some(unit.clone());
        state.value = settled.map_or_else(
            || positions.iter().map(|p| p.value).sum::<f64>() / positions.len().max(1) as f64,
            |consensus| consensus.value,
        );
        state.note = settled.map(|consensus| consensus.note.clone()).unwrap_or_default();
    }
    ui.label(RichText::new(format!("{} on {}", actor.name, issue.name)).heading().strong());
    ui.label(format!(
        "“{}”{} · gap {gap:.0} % of the scale · unit {} of {queued}",
        article.title,
        if article.date.is_empty() { String::new() } else { format!(" ({})", article.date) },
        state.index + 1
    ));
    markers_ui(ui, issue, &positions, settled.map(|c| c.value), &format!("{} on {}", actor.name, issue.name));
    let mut action = None;
    egui::ScrollArea::vertical().max_height(330.0).auto_shrink([false, true]).show(ui, |ui| {
        for (number, position) in positions.iter().enumerate() {
            let name = coder_name(project, &position.coder);
            ui.horizontal(|ui| {
                ui.label(RichText::new(format!("{}", number + 1)).strong().monospace());
                ui.label(RichText::new(&name).strong());
                ui.label(format!("{:.1}", position.value));
                ui.label(RichText::new(format!("confidence {}", position.confidence.label())).small().weak());
                if number < 9 {
                    let take = ui.button(format!("Take {name}'s value ({})", number + 1));
                    if take.clicked() {
                        action = Some(Action::Take(number));
                    }
                }
            });
            evidence_ui(ui, &article.text, position);
            ui.add_space(4.0);
        }
    });
    ui.separator();
    if let Some(consensus) = settled {
        ui.label(
            RichText::new(format!(
                "Settled at {:.1} by {} at {}, {}",
                consensus.value,
                coder_name(project, &consensus.decided_by),
                consensus.decided_at,
                consensus.origin(project)
            ))
            .strong(),
        );
    }
    ui.horizontal(|ui| {
        let (low, high) = issue.bounds();
        ui.add(egui::Slider::new(&mut state.value, low..=high).text("Consensus value"));
        if ui.button("Set this value").on_hover_text("Settle the unit at the value on the slider").clicked() {
            action = Some(Action::SetValue);
        }
        if settled.is_some() && ui.button("Take back the decision").clicked() {
            action = Some(Action::Unsettle);
        }
    });
    ui.horizontal(|ui| {
        let label = ui.label("Note");
        ui.add(egui::TextEdit::singleline(&mut state.note).desired_width(480.0).hint_text("Why (optional)"))
            .labelled_by(label.id);
    });
    action
}

/// One axis with every coder's marker (numbered as the keys that take it) and the consensus (a
/// diamond).
fn markers_ui(ui: &mut Ui, issue: &crate::model::Issue, positions: &[&Position], consensus: Option<f64>, name: &str) {
    // 1. Size: the full width, room for the numbers.
    let size = vec2(ui.available_width().min(720.0), 46.0);
    // 2. Allocate.
    let (response, painter) = ui.allocate_painter(size, Sense::hover());
    response.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Image, true, format!("Coders' values of {name}")));
    // 3. No interaction: the values are taken with the buttons and keys.
    // 4. Paint.
    let rect = response.rect.shrink2(vec2(16.0, 0.0));
    let y = rect.center().y;
    let visuals = ui.visuals();
    painter.line_segment([pos2(rect.left(), y), pos2(rect.right(), y)], Stroke::new(2.0, visuals.weak_text_color()));
    let (low, high) = issue.bounds();
    let x_of = |value: f64| rect.left() + ((value - low) / (high - low).max(f64::EPSILON)) as f32 * rect.width();
    let font = egui::FontId::proportional(12.0);
    painter.text(
        pos2(rect.left(), y + 14.0),
        egui::Align2::LEFT_TOP,
        format!("{low}"),
        font.clone(),
        visuals.weak_text_color(),
    );
    painter.text(
        pos2(rect.right(), y + 14.0),
        egui::Align2::RIGHT_TOP,
        format!("{high}"),
        font.clone(),
        visuals.weak_text_color(),
    );
    if let Some(value) = consensus {
        let centre = pos2(x_of(value), y);
        let diamond = vec![
            centre + vec2(0.0, -11.0),
            centre + vec2(11.0, 0.0),
            centre + vec2(0.0, 11.0),
            centre + vec2(-11.0, 0.0),
        ];
        painter.add(egui::Shape::convex_polygon(
            diamond,
            Color32::TRANSPARENT,
            Stroke::new(2.0, visuals.strong_text_color()),
        ));
    }
    for (number, position) in positions.iter().enumerate() {
        let centre = pos2(x_of(position.value), y);
        painter.circle_filled(centre, 8.0, visuals.selection.bg_fill);
        painter.text(
            centre,
            egui::Align2::CENTER_CENTER,
            format!("{}", number + 1),
            font.clone(),
            visuals.strong_text_color(),
        );
    }
}

/// A coder's quotes with the article text around them, and their note.
fn evidence_ui(ui: &mut Ui, text: &str, position: &Position) {
    const AROUND: usize = 160;
    if position.evidence.is_empty() {
        ui.label(RichText::new("No quote").small().weak());
    }
    for evidence in position.evidence.iter().take(3) {
        let Some(quote) = text.get(evidence.start..evidence.end) else { continue };
        let mut start = evidence.start.saturating_sub(AROUND);
        while !text.is_char_boundary(start) {
            start -= 1;
        }
        let mut end = (evidence.end + AROUND).min(text.len());
        while !text.is_char_boundary(end) {
            end += 1;
        }
        let before = text[start..evidence.start].replace('\n', " ");
        let after = text[evidence.end..end].replace('\n', " ");
        ui.horizontal_wrapped(|ui| {
            ui.spacing_mut().item_spacing.x = 0.0;
            let dots = |cut: bool| if cut { "..." } else { "" };
            ui.label(RichText::new(format!("{}{before}", dots(start > 0))).small().weak());
            ui.label(RichText::new(quote.replace('\n', " ")).small().strong());
            ui.label(RichText::new(format!("{after}{}", dots(end < text.len()))).small().weak());
        });
    }
    if position.evidence.len() > 3 {
        ui.label(RichText::new(format!("and {} more quotes", position.evidence.len() - 3)).small().weak());
    }
    if !position.note.trim().is_empty() {
        ui.label(RichText::new(format!("Note: {}", position.note.trim())).small().italics());
    }
}
