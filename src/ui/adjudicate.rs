//! The adjudication view (Project > Adjudicate..., or from the Team view): the queue of units
//! (article x actor x issue) whose coders disagree beyond a threshold, largest gap first, and for
//! the current unit every coder side by side: their marker on one axis, value, quotes with the
//! article text around them, and note. The lead takes coder N's value (keys 1-9) or sets another
//! (drag or type), skips, or steps with J / K (or the arrow keys); Ctrl+Z undoes a decision.
//!
//! The view holds only UI state (filters, the current unit, the typed value and note). The queue
//! is a derived result computed on a worker (a pass over every position); until the one for the
//! document as it is now arrives, the view shows the last one, less the units decided since, so a
//! decided unit leaves the list at once and a decision costs the frame no pass over the positions.

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
    /// Its place in the shown queue's entries (kept when it leaves the queue, so the next unit
    /// takes its place).
    index: usize,
    /// The (generation, options) of the shown queue that `index` and `decided` point into.
    seen: Option<(u64, QueueOptions)>,
    /// Units decided since the shown queue was computed: (their place in it, the unit, the
    /// document generation when decided). Hidden (unless settled units are shown) until a queue
    /// computed after the decision arrives.
    decided: Vec<(usize, Unit, u64)>,
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

/// The counts of the shown queue, with the decisions it does not reflect yet.
struct QueueSummary {
    disagreeing: usize,
    settled: usize,
    /// Units listed.
    entries: usize,
    /// The current unit's place among them (from 0).
    ordinal: usize,
}

impl AdjudicationView {
    /// Takes in a newly arrived queue: forgets the decisions it reflects, finds the others and the
    /// current unit in it. Nothing to do (no pass over the entries) while the same queue is shown.
    fn sync(&mut self, generation: u64, options: &QueueOptions, queue: &Queue) {
        if self.seen.as_ref().is_some_and(|(seen, seen_options)| *seen == generation && seen_options == options) {
            return;
        }
        self.seen = Some((generation, options.clone()));
        // Generations only grow: a queue computed at a later generation than a decision has it.
        self.decided.retain(|(_, _, decided_at)| *decided_at >= generation);
        for (index, unit, _) in &mut self.decided {
            *index = queue.entries.iter().position(|entry| &entry.unit == unit).unwrap_or(usize::MAX);
        }
        self.decided.retain(|(index, _, _)| *index != usize::MAX);
        if let Some(unit) = &self.current
            && queue.entries.get(self.index).map(|entry| &entry.unit) != Some(unit)
            && let Some(found) = queue.entries.iter().position(|entry| &entry.unit == unit)
        {
            self.index = found;
        }
    }

    /// True when the entry at `index` is listed (not a unit decided since the queue was computed,
    /// unless settled units are shown).
    fn listed(&self, index: usize) -> bool {
        self.options.show_settled || !self.decided.iter().any(|(decided, _, _)| *decided == index)
    }

    /// Puts the cursor on a listed entry: the one at its place, else the next, else the previous.
    fn place(&mut self, queue: &Queue) {
        let len = queue.entries.len();
        let start = self.index.min(len.saturating_sub(1));
        let found = (start..len)
            .find(|&index| self.listed(index))
            .or_else(|| (0..start).rev().find(|&index| self.listed(index)));
        self.index = found.unwrap_or(start);
        self.current = found.and_then(|index| queue.entries.get(index)).map(|entry| entry.unit.clone());
    }

    /// Moves the cursor `step` listed entries on (back when negative), stopping at the ends.
    fn step(&mut self, queue: &Queue, step: isize) {
        let mut index = self.index;
        for _ in 0..step.unsigned_abs() {
            let next = if step > 0 {
                (index + 1..queue.entries.len()).find(|&at| self.listed(at))
            } else {
                (0..index).rev().find(|&at| self.listed(at))
            };
            let Some(next) = next else { break };
            index = next;
        }
        self.index = index;
        self.current = queue.entries.get(index).map(|entry| entry.unit.clone());
    }

    /// After a decision on the current unit (at `generation`): it leaves the list at once unless
    /// settled units are shown, and the next unit is shown.
    fn after_decision(&mut self, queue: &Queue, generation: u64) {
        if let Some(unit) = self.current.clone()
            && queue.entries.get(self.index).is_some_and(|entry| entry.unit == unit)
            && !self.decided.iter().any(|(index, _, _)| *index == self.index)
        {
            self.decided.push((self.index, unit, generation));
        }
        if self.options.show_settled {
            self.step(queue, 1);
        } else {
            self.place(queue);
        }
    }

    /// The counts to show: the queue's, with the decisions it does not reflect yet.
    fn summary(&self, queue: &Queue) -> QueueSummary {
        let newly_settled =
            self.decided.iter().filter(|(index, _, _)| queue.entries.get(*index).is_some_and(|e| !e.settled)).count();
        let hidden = if self.options.show_settled { 0 } else { self.decided.len() };
        let hidden_before = if self.options.show_settled {
            0
        } else {
            self.decided.iter().filter(|(index, _, _)| *index < self.index).count()
        };
        QueueSummary {
            disagreeing: queue.disagreeing,
            settled: queue.settled + newly_settled,
            entries: queue.entries.len().saturating_sub(hidden),
            ordinal: self.index.saturating_sub(hidden_before),
        }
    }
}

/// Draws the adjudication view.
pub fn adjudication_ui(ui: &mut Ui, state: &mut AdjudicationView, view: &ViewContext<'_>) {
    ui.set_min_width(760.0);
    let project = view.project();
    ui.heading("Adjudicate");
    filters_ui(ui, state, project);
    let empty = Queue::default();
    let shown = view.derived.adjudication_queue();
    let queue = shown.map_or(&empty, |(_, _, queue)| queue);
    if let Some((generation, options, queue)) = shown {
        state.sync(generation, options, queue);
    }
    state.place(queue);
    let current = shown
        .is_some_and(|(generation, options, _)| generation == view.session.generation() && options == &state.options);
    let summary = state.summary(queue);
    ui.horizontal(|ui| {
        ui.label(RichText::new(format!("{} of {} settled", summary.settled, summary.disagreeing)).strong());
        let fraction = if summary.disagreeing == 0 { 1.0 } else { summary.settled as f32 / summary.disagreeing as f32 };
        ui.add(egui::ProgressBar::new(fraction).desired_width(200.0)).on_hover_text("Disagreements settled");
        if !current {
            ui.label(RichText::new("updating...").small().weak());
        }
    });
    ui.separator();
    let mut action = None;
    match state.current.clone() {
        None if shown.is_none() => {
            ui.label("Finding the units on which coders disagree...");
        }
        None => {
            let why = if summary.disagreeing == 0 {
                "No unit is coded by two coders or more with a gap above the threshold."
            } else {
                "Every disagreement is settled. Tick \"Show settled\" to revisit them."
            };
            ui.label(why);
        }
        Some(unit) => {
            let gap = queue.entries.get(state.index).map_or(0.0, |entry| entry.gap);
            action = unit_ui(ui, state, view, &unit, gap, &summary);
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
            state.step(queue, step);
        }
        return;
    };
    let generation = view.session.generation();
    match action {
        Action::Step(step) => state.step(queue, step),
        Action::Take(number) => {
            let positions = coders_on(project, &unit);
            let Some(position) = positions.get(number) else { return };
            view.commands.send(Command::SettleUnit {
                unit,
                value: position.value,
                from_coder: Some(position.coder.clone()),
                note: state.note.clone(),
            });
            state.after_decision(queue, generation);
        }
        Action::SetValue => {
            view.commands.send(Command::SettleUnit {
                unit,
                value: state.value,
                from_coder: None,
                note: state.note.clone(),
            });
            state.after_decision(queue, generation);
        }
        Action::Unsettle => view.commands.send(Command::UnsettleUnit(unit)),
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
        let label = ui.label("Issue");
        let issues = egui::ComboBox::from_id_salt("adjudicate-issue").selected_text(issue_text).show_ui(ui, |ui| {
            ui.selectable_value(&mut state.options.issue, None, "Every issue");
            for issue in &project.issues {
                ui.selectable_value(&mut state.options.issue, Some(issue.id.clone()), &issue.name);
            }
        });
        issues.response.labelled_by(label.id);
        let pair_text = state.options.pair.as_ref().map_or_else(
            || "Any coders".to_owned(),
            |(a, b)| format!("{} and {}", coder_name(project, a), coder_name(project, b)),
        );
        let label = ui.label("Coder pair");
        let pairs = egui::ComboBox::from_id_salt("adjudicate-pair").selected_text(pair_text).show_ui(ui, |ui| {
            ui.selectable_value(&mut state.options.pair, None, "Any coders");
            for (i, first) in project.coders.iter().enumerate() {
                for second in &project.coders[i + 1..] {
                    let text = format!("{} and {}", coder_name(project, &first.id), coder_name(project, &second.id));
                    ui.selectable_value(&mut state.options.pair, Some((first.id.clone(), second.id.clone())), text);
                }
            }
        });
        pairs.response.labelled_by(label.id);
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
    summary: &QueueSummary,
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
        "“{}”{} · gap {gap:.0} % of the scale · unit {} of {}",
        article.title,
        if article.date.is_empty() { String::new() } else { format!(" ({})", article.date) },
        summary.ordinal + 1,
        summary.entries
    ));
    markers_ui(ui, issue, &positions, settled.map(|c| c.value), &format!("{} on {}", actor.name, issue.name));
    let mut action = None;
    egui::ScrollArea::vertical().max_height(330.0).min_scrolled_height(330.0).auto_shrink([false, false]).show(
        ui,
        |ui| {
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
        },
    );
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::adjudication::QueueEntry;

    fn entry(n: usize) -> QueueEntry {
        let unit = Unit { issue: "nato".into(), actor: format!("actor-{n}").into(), article: "a1".into() };
        QueueEntry { unit, gap: 90.0 - n as f64, coders: 2, settled: false }
    }

    fn queue(numbers: &[usize], settled: usize) -> Queue {
        Queue { entries: numbers.iter().map(|&n| entry(n)).collect(), disagreeing: 4, settled }
    }

    #[test]
    fn a_decided_unit_leaves_the_list_at_once_and_the_recomputed_queue_takes_over() {
        let options = QueueOptions::default();
        let mut view = AdjudicationView::default();
        let shown = queue(&[0, 1, 2, 3], 0);
        view.sync(10, &options, &shown);
        view.place(&shown);
        view.step(&shown, 1);
        assert_eq!(view.current, Some(entry(1).unit));
        view.after_decision(&shown, 10);
        assert_eq!(view.current, Some(entry(2).unit), "the next unit takes the decided one's place");
        let summary = view.summary(&shown);
        assert_eq!((summary.settled, summary.entries, summary.ordinal), (1, 3, 1));
        view.step(&shown, -1);
        assert_eq!(view.current, Some(entry(0).unit));
        view.step(&shown, 1);
        assert_eq!(view.current, Some(entry(2).unit), "stepping passes over the decided unit");
        // The same queue drawn again changes nothing; the one computed after the decision replaces
        // the hidden unit.
        view.sync(10, &options, &shown);
        assert_eq!(view.decided.len(), 1);
        let recomputed = queue(&[0, 2, 3], 1);
        view.sync(12, &options, &recomputed);
        view.place(&recomputed);
        assert!(view.decided.is_empty());
        assert_eq!(view.current, Some(entry(2).unit));
        let summary = view.summary(&recomputed);
        assert_eq!((summary.settled, summary.entries, summary.ordinal), (1, 3, 1));
        // Deciding the last unit leaves the cursor on the one before it.
        view.step(&recomputed, 5);
        view.after_decision(&recomputed, 12);
        assert_eq!(view.current, Some(entry(2).unit));
    }
}
