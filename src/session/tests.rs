//! The session on its own, without egui: commands, effects, undo grouping and selection fixing.

use super::*;
use crate::model::{Confidence, Edit, IssueId};

fn sample() -> Session {
    Session::new(presets::sample_project(), None)
}

fn russia_on_nato(session: &Session) -> PositionKey {
    session.position_key(&"russia".into(), &"nato-membership".into())
}

fn value(session: &Session, key: &PositionKey) -> Option<f64> {
    session.project().positions.get(key).map(|position| position.value)
}

#[test]
fn a_drag_is_one_labelled_undo_step_and_the_session_stamps_the_time() {
    let mut session = sample();
    let key = russia_on_nato(&session);
    let before = value(&session, &key);
    for step in [10.0, 20.0, 30.0] {
        session.apply(Command::SetPosition { key: key.clone(), value: step, gesture: Gesture::Continuous(7) });
    }
    assert_eq!(value(&session, &key), Some(30.0));
    assert!(!session.project().positions.get(&key).is_some_and(|p| p.updated.is_empty()));
    let label = session.document().undo_label().map(str::to_owned);
    assert_eq!(label.as_deref(), Some("move Russia on Ukraine's NATO membership"));
    session.apply(Command::Undo);
    assert_eq!(value(&session, &key), before);
    assert!(!session.document().is_dirty(), "undo back to the loaded state is clean");
}

#[test]
fn two_drags_are_two_steps_and_key_presses_are_one_each() {
    let mut session = sample();
    let key = russia_on_nato(&session);
    let before = value(&session, &key);
    session.apply(Command::SetPosition { key: key.clone(), value: 10.0, gesture: Gesture::Continuous(1) });
    session.apply(Command::SetPosition { key: key.clone(), value: 20.0, gesture: Gesture::Continuous(2) });
    session.apply(Command::SetPosition { key: key.clone(), value: 21.0, gesture: Gesture::Once });
    session.apply(Command::SetPosition { key: key.clone(), value: 22.0, gesture: Gesture::Once });
    for expected in [Some(21.0), Some(20.0), Some(10.0), before] {
        session.apply(Command::Undo);
        assert_eq!(value(&session, &key), expected);
    }
}

#[test]
fn values_are_clamped_to_the_scale_and_nonsense_is_ignored() {
    let mut session = sample();
    let key = russia_on_nato(&session);
    session.apply(Command::SetPosition { key: key.clone(), value: 1e9, gesture: Gesture::Once });
    assert_eq!(value(&session, &key), Some(100.0));
    session.apply(Command::SetPosition { key: key.clone(), value: f64::NAN, gesture: Gesture::Once });
    assert_eq!(value(&session, &key), Some(100.0));
    let unknown = PositionKey { actor: "atlantis".into(), ..key };
    session.apply(Command::SetPosition { key: unknown.clone(), value: 5.0, gesture: Gesture::Once });
    assert!(session.project().positions.get(&unknown).is_none());
}

#[test]
fn typing_a_note_is_one_step_and_other_fields_are_their_own() {
    let mut session = sample();
    let key = russia_on_nato(&session);
    session.apply(Command::SetPosition { key: key.clone(), value: 40.0, gesture: Gesture::Once });
    let original_note = session.project().positions.get(&key).map(|p| p.note.clone());
    for note in ["a", "ab", "abc"] {
        let change = PositionChange::Note(note.into());
        session.apply(Command::EditPosition { key: key.clone(), change, gesture: Gesture::Continuous(3) });
    }
    let change = PositionChange::Confidence(Confidence::High);
    session.apply(Command::EditPosition { key: key.clone(), change, gesture: Gesture::Once });
    assert_eq!(session.document().undo_label(), Some("edit confidence in Russia on Ukraine's NATO membership"));
    session.apply(Command::Undo);
    assert_eq!(session.document().undo_label(), Some("edit note on Russia on Ukraine's NATO membership"));
    session.apply(Command::Undo);
    assert_eq!(session.project().positions.get(&key).map(|p| p.note.clone()), original_note);
}

#[test]
fn an_invalid_actor_draft_keeps_the_dialog_open_with_the_reason() {
    let mut session = sample();
    let DialogRequest::Actor(mut draft) = session.actor_dialog(Some(&"russia".into())) else {
        panic!("the actor editor opens on an actor draft");
    };
    draft.actor.name = "ukraine".into();
    let effects = session.apply(Command::SaveActor(draft.clone()));
    assert_eq!(effects, vec![Effect::DialogError("There is already an actor called “ukraine”.".into())]);
    assert!(!session.document().is_dirty());
    draft.actor.name = "  Russian Federation ".into();
    let effects = session.apply(Command::SaveActor(draft));
    assert!(effects.contains(&Effect::CloseDialog));
    assert_eq!(session.project().actor(&"russia".into()).map(|a| a.name.as_str()), Some("Russian Federation"));
    assert_eq!(session.document().undo_label(), Some("edit actor Russian Federation"));
}

#[test]
fn deleting_the_selected_actor_clears_the_selection_and_undo_restores_it() {
    let mut session = sample();
    let marker = MarkerRef { actor: "russia".into(), issue: "nato-membership".into() };
    session.apply(Command::SelectMarker(Some(marker)));
    let positions = session.project().positions.len();
    session.apply(Command::DeleteActor("russia".into()));
    assert!(session.project().actor(&"russia".into()).is_none());
    assert!(session.selected_marker().is_none());
    session.apply(Command::Undo);
    assert!(session.project().actor(&"russia".into()).is_some());
    assert_eq!(session.project().positions.len(), positions);
}

#[test]
fn deleting_the_current_article_moves_to_another_and_says_so() {
    let mut project = presets::sample_project();
    let mut second = project.articles[0].clone();
    second.id = "second".into();
    second.text = "Another article.".into();
    project.articles.push(second);
    let mut session = Session::new(project, None);
    let first = session.article().cloned().expect("the sample has an article");
    let effects = session.apply(Command::DeleteArticle(first.clone()));
    assert_eq!(session.article().map(|id| id.as_str()), Some("second"));
    assert!(effects.contains(&Effect::ArticleShown));
    assert!(session.project().positions.iter().all(|p| p.article.as_ref() != Some(&first)));
    session.apply(Command::Undo);
    assert!(session.project().article(&first).is_some());
}

#[test]
fn adding_evidence_needs_a_marker_and_stores_the_exact_span() {
    let mut session = sample();
    let effects = session.apply(Command::AddEvidence { start: 0, end: 5 });
    assert!(matches!(effects.as_slice(), [Effect::Error(_)]));
    let marker = MarkerRef { actor: "ukraine".into(), issue: "ceding-territory".into() };
    session.apply(Command::SelectMarker(Some(marker)));
    let article = session.project().article(session.article().expect("article")).expect("exists").text.clone();
    session.apply(Command::AddEvidence { start: 0, end: 16 });
    let key = session.position_key(&"ukraine".into(), &"ceding-territory".into());
    let position = session.project().positions.get(&key).expect("placed with its quote");
    assert!(position.evidence.iter().any(|e| e.start == 0 && e.end == 16 && e.quote == article[0..16]));
}

#[test]
fn a_quote_is_snapped_to_whole_words_and_each_added_quote_is_one_undo_step() {
    let mut session = sample();
    let marker = MarkerRef { actor: "european-union".into(), issue: "nato-membership".into() };
    session.apply(Command::SelectMarker(Some(marker)));
    let text = session.project().articles[0].text.clone();
    let cut = "maintain a firm stance a";
    let start = text.find(cut).expect("in the seed article");
    session.apply(Command::AddEvidence { start, end: start + cut.len() });
    let key = session.position_key(&"european-union".into(), &"nato-membership".into());
    let quotes = |session: &Session| -> Vec<String> {
        session
            .project()
            .positions
            .get(&key)
            .map_or_else(Vec::new, |p| p.evidence.iter().map(|e| e.quote.clone()).collect())
    };
    assert_eq!(quotes(&session), vec!["maintain a firm stance against".to_owned()]);
    // A second selection adds a quote beside the first; the same words again are not added twice.
    let second = text.find("must actively involve Kyiv").expect("in the seed article");
    session.apply(Command::AddEvidence { start: second - 1, end: second + 26 });
    assert_eq!(quotes(&session).len(), 2);
    let effects = session.apply(Command::AddEvidence { start: start + 2, end: start + cut.len() });
    assert!(effects.iter().any(|e| matches!(e, Effect::Info(text) if text.contains("already"))), "{effects:?}");
    assert_eq!(quotes(&session).len(), 2);
    let effects = session.apply(Command::AddEvidence { start: start + 8, end: start + 9 });
    assert!(matches!(effects.as_slice(), [Effect::Error(_)]), "a lone space holds no word");
    session.apply(Command::Undo);
    assert_eq!(quotes(&session), vec!["maintain a firm stance against".to_owned()], "undo takes the second only");
}

#[test]
fn new_with_unsaved_changes_asks_first_and_keeps_the_view_switches() {
    let mut session = sample();
    session.apply(Command::ShowOtherCoders(true));
    session.apply(Command::ShowSpread(false));
    let key = russia_on_nato(&session);
    session.apply(Command::SetPosition { key, value: 1.0, gesture: Gesture::Once });
    let effects = session.apply(Command::New);
    assert_eq!(effects, vec![Effect::ShowDialog(DialogRequest::UnsavedChanges(PendingAction::New))]);
    session.apply(Command::DiscardThen(PendingAction::New));
    assert!(session.project().articles.is_empty());
    assert!(!session.document().is_dirty());
    assert!(session.show_other_coders() && !session.spread_enabled(), "view switches survive New");
}

#[test]
fn quit_without_changes_closes_and_with_changes_asks() {
    let mut session = sample();
    assert_eq!(session.apply(Command::Quit), vec![Effect::CloseWindow]);
    session.apply(Command::SetPosition { key: russia_on_nato(&session), value: 3.0, gesture: Gesture::Once });
    assert_eq!(
        session.apply(Command::Quit),
        vec![Effect::ShowDialog(DialogRequest::UnsavedChanges(PendingAction::Quit))]
    );
}

#[test]
fn save_as_then_continue_runs_the_pending_action_after_saving() {
    let folder = tempfile::tempdir().expect("temp dir");
    let mut session = sample();
    session.apply(Command::SetPosition { key: russia_on_nato(&session), value: 3.0, gesture: Gesture::Once });
    let effects = session.apply(Command::SaveThen(PendingAction::Quit));
    assert!(matches!(&effects[..], [Effect::ShowDialog(DialogRequest::Path { purpose: PathPurpose::SaveAs, .. })]));
    let path = folder.path().join("saved");
    let effects = session.apply(Command::SubmitPaths(PathPurpose::SaveAs, vec![path.clone()]));
    let saved = path.with_extension("stancemap");
    assert!(saved.exists());
    assert_eq!(effects.last(), Some(&Effect::CloseWindow));
    assert!(!session.document().is_dirty());
    assert_eq!(session.path(), Some(saved.as_path()));
}

#[test]
fn a_failed_save_keeps_the_prompt_open_with_the_reason() {
    let folder = tempfile::tempdir().expect("temp dir");
    let mut session = sample();
    let path = folder.path().join("no-such-folder").join("x.stancemap");
    let effects = session.apply(Command::SubmitPaths(PathPurpose::SaveAs, vec![path]));
    assert!(effects.iter().any(|effect| matches!(effect, Effect::DialogError(_))));
    assert!(!effects.contains(&Effect::CloseDialog));
}

#[test]
fn an_edit_through_the_document_and_undo_label_name_imports() {
    let mut session = sample();
    let issue: IssueId = "nato-membership".into();
    let effects = session.apply(Command::DeleteIssue(issue.clone()));
    assert!(effects.contains(&Effect::CloseDialog));
    assert_eq!(session.document().undo_label(), Some("delete issue Ukraine's NATO membership"));
    session.apply(Command::Undo);
    assert_eq!(session.document().redo_label(), Some("delete issue Ukraine's NATO membership"));
    // The document itself stays usable for tools that build edits directly.
    let mut document = Document::new(presets::new_project("t"), None);
    assert!(document.apply(Edit::SetTitle("x".into()), None, "rename"));
}

#[test]
fn deleted_things_wait_in_the_trash_and_come_back_with_their_positions() {
    let mut session = sample();
    let article = session.article().cloned().expect("the sample has an article");
    let positions = session.project().positions.len();
    session.apply(Command::DeleteArticle(article.clone()));
    assert!(session.project().article(&article).is_none());
    assert_eq!(session.project().trash.len(), 1);
    assert_eq!(session.project().trash[0].positions.len(), positions);
    let id = session.project().trash[0].id.clone();
    session.apply(Command::RestoreFromTrash(id));
    assert!(session.project().article(&article).is_some());
    assert_eq!(session.project().positions.len(), positions);
    assert!(session.project().trash.is_empty());
    // Undo takes it back to the Trash; undo again brings back the original state.
    session.apply(Command::Undo);
    assert_eq!(session.project().trash.len(), 1);
    session.apply(Command::Undo);
    assert!(session.project().trash.is_empty());
    assert_eq!(session.project(), &presets::sample_project());
}

#[test]
fn a_cleared_position_and_an_emptied_trash_are_undoable() {
    let mut session = sample();
    let key = russia_on_nato(&session);
    session.apply(Command::ClearPosition(key.clone()));
    assert!(session.project().positions.get(&key).is_none());
    assert_eq!(session.project().trash[0].describe(session.project()), "position Russia on Ukraine's NATO membership");
    let effects = session.apply(Command::AskEmptyTrash);
    assert_eq!(effects, vec![Effect::ShowDialog(DialogRequest::ConfirmEmptyTrash { count: 1 })]);
    session.apply(Command::EmptyTrash);
    assert!(session.project().trash.is_empty());
    session.apply(Command::Undo);
    assert_eq!(session.project().trash.len(), 1, "emptying is undoable until saved");
}

#[test]
fn coders_can_be_renamed_and_deleted_but_not_the_last_one() {
    let mut session = sample();
    let only = session.coder().clone();
    let effects = session.apply(Command::DeleteCoder(only.clone()));
    assert!(matches!(effects.as_slice(), [Effect::Error(_)]));
    session.apply(Command::AddCoder("Coder B".into()));
    let b = session.coder().clone();
    session.apply(Command::SetPosition { key: russia_on_nato(&session), value: 70.0, gesture: Gesture::Once });
    session.apply(Command::RenameCoder { id: b.clone(), name: "Beatriz".into() });
    assert_eq!(session.project().coder(&b).map(|c| c.name.as_str()), Some("Beatriz"));
    let effects = session.apply(Command::RenameCoder { id: b.clone(), name: "analyst".into() });
    assert!(matches!(effects.as_slice(), [Effect::DialogError(_)]), "names stay unique: {effects:?}");
    session.apply(Command::DeleteCoder(b.clone()));
    assert!(session.project().coder(&b).is_none());
    assert!(session.project().positions.iter().all(|p| p.coder != b));
    assert_eq!(session.coder(), &only, "coding goes on as the remaining coder");
    assert_eq!(session.project().trash.last().map(|t| t.positions.len()), Some(1));
}

#[test]
fn a_drag_is_one_line_of_history_and_quotes_are_recorded() {
    let mut session = sample();
    let key = session.position_key(&"united-nations".into(), &"nato-membership".into());
    for value in [10.0, 20.0, 30.0] {
        session.apply(Command::SetPosition { key: key.clone(), value, gesture: Gesture::Continuous(9) });
    }
    session.apply(Command::SetPosition { key: key.clone(), value: 31.0, gesture: Gesture::Once });
    let history = &session.project().positions.get(&key).expect("placed").history;
    assert_eq!(history.len(), 2, "{history:?}");
    assert_eq!((history[0].from, history[0].to), (None, 30.0));
    assert_eq!((history[1].from, history[1].to), (Some(30.0), 31.0));
    assert_eq!(&history[1].by, session.coder());
    session.apply(Command::SelectMarker(Some(MarkerRef {
        actor: "united-nations".into(),
        issue: "nato-membership".into(),
    })));
    session.apply(Command::AddEvidence { start: 0, end: 12 });
    let history = &session.project().positions.get(&key).expect("placed").history;
    assert_eq!(history.last().map(|h| h.evidence_added.len()), Some(1));
}

#[test]
fn the_date_field_takes_dates_and_refuses_words() {
    let mut session = sample();
    let Some(original) = session.project().articles.first().cloned() else { panic!("the sample has an article") };
    let with_date = |date: &str| Box::new(crate::model::Article { date: date.to_owned(), ..original.clone() });
    let effects = session.apply(Command::SaveArticleDetails(with_date("yesterday")));
    let message = "“yesterday” is not a date: write it like 2025-02-24, 2025-02-24T18:30 or 24 February 2025.";
    assert_eq!(effects, vec![Effect::DialogError(message.into())]);
    assert_eq!(session.project().articles[0].date, original.date, "nothing saved");
    session.apply(Command::SaveArticleDetails(with_date("24 February 2025")));
    assert_eq!(session.project().articles[0].date, "2025-02-24");
    session.apply(Command::SaveArticleDetails(with_date("")));
    assert_eq!(session.project().articles[0].date, "");
}

#[test]
fn a_map_drag_moves_both_positions_as_one_undo_step() {
    let mut session = sample();
    let nato = russia_on_nato(&session);
    let talks = session.position_key(&"russia".into(), &"ukraine-in-talks".into());
    let before = (value(&session, &nato), value(&session, &talks));
    for (x, y) in [(10.0, 20.0), (15.0, 25.0), (30.0, 1e9)] {
        let changes = vec![(nato.clone(), x), (talks.clone(), y)];
        session.apply(Command::SetPositions { changes, gesture: Gesture::Continuous(3) });
    }
    assert_eq!((value(&session, &nato), value(&session, &talks)), (Some(30.0), Some(100.0)), "clamped");
    assert_eq!(
        session.document().undo_label(),
        Some("move Russia on Ukraine's NATO membership and Ukraine's inclusion in talks")
    );
    let history = &session.project().positions.get(&nato).expect("coded").history;
    assert_eq!(history.last().map(|h| (h.from, h.to)), Some((before.0, 30.0)), "one history line per drag");
    session.apply(Command::Undo);
    assert_eq!((value(&session, &nato), value(&session, &talks)), before, "one step restores both");
    assert!(!session.document().can_undo(), "nothing else was recorded");
    // A second drag is its own step; unknown actors and NaN are left out.
    let ghost = PositionKey { actor: "atlantis".into(), ..nato.clone() };
    let changes = vec![(nato.clone(), 40.0), (ghost.clone(), 5.0), (talks.clone(), f64::NAN)];
    session.apply(Command::SetPositions { changes, gesture: Gesture::Continuous(4) });
    assert_eq!((value(&session, &nato), value(&session, &talks)), (Some(40.0), before.1));
    assert!(session.project().positions.get(&ghost).is_none());
    session.apply(Command::Undo);
    assert_eq!(value(&session, &nato), before.0);
}

#[test]
fn a_batch_edit_sets_source_and_file_name_dates_as_one_undo_step() {
    let article = |id: &str, origin: &str, date: &str| crate::model::Article {
        id: id.into(),
        title: id.into(),
        date: date.into(),
        origin_file: origin.into(),
        text: format!("Text of {id}."),
        ..crate::model::Article::default()
    };
    let added = vec![
        article("a", "01_whitehouse_2025-08-19_summit.txt", ""),
        article("b", "20250820-kremlin.pdf", "2025-01-01"),
        article("c", "notes.txt", "2024-05-05"),
    ];
    let mut project = presets::sample_project();
    project.articles.extend(added);
    let mut session = Session::new(project, None);
    let before = session.project().clone();
    let ids: Vec<crate::model::ArticleId> = ["a", "b", "c"].into_iter().map(Into::into).collect();

    let effects = session.apply(Command::EditArticlesDetails(ids.clone()));
    assert!(matches!(effects.as_slice(), [Effect::ShowDialog(DialogRequest::BatchArticleDetails(_))]), "{effects:?}");

    let draft = |date, text: &str| {
        Box::new(BatchDetailsDraft {
            articles: ids.clone(),
            set_source: true,
            source: " White House ".into(),
            date,
            date_text: text.into(),
        })
    };
    let effects = session.apply(Command::SaveArticlesDetails(draft(BatchDate::Set, "last week")));
    assert!(matches!(effects.as_slice(), [Effect::DialogError(_)]), "a word is not a date: {effects:?}");
    assert_eq!(session.project(), &before, "nothing saved");

    let effects = session.apply(Command::SaveArticlesDetails(draft(BatchDate::FromFileName, "")));
    let dates: Vec<(&str, &str)> =
        session.project().articles[1..].iter().map(|a| (a.source.as_str(), a.date.as_str())).collect();
    assert_eq!(dates, [("White House", "2025-08-19"), ("White House", "2025-08-20"), ("White House", "2024-05-05")]);
    assert!(
        effects.contains(&Effect::Info(
            "Changed the details of 3 articles; 1 has no date in the file name and kept its date".into()
        )),
        "{effects:?}"
    );
    assert_eq!(session.document().undo_label(), Some("edit details of 3 articles"));
    session.apply(Command::Undo);
    assert_eq!(session.project().articles, before.articles, "one undo step brings every article back");

    session.apply(Command::SaveArticlesDetails(draft(BatchDate::Set, "24 February 2025")));
    assert!(session.project().articles[1..].iter().all(|a| a.date == "2025-02-24"));
}
