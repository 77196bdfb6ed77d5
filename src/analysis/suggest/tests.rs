use super::*;
use crate::model::presets;

/// (actor id, issue id, side) of every suggestion for `text` with the preset actors and issues.
fn sides(text: &str) -> Vec<(String, String, Side)> {
    let suggester = Suggester::new(&presets::preset_actors(), &presets::preset_issues());
    suggester
        .suggest(text)
        .into_iter()
        .map(|s| (s.actor.as_str().to_owned(), s.issue.as_str().to_owned(), s.side))
        .collect()
}

fn one(actor: &str, issue: &str, side: Side) -> Vec<(String, String, Side)> {
    vec![(actor.to_owned(), issue.to_owned(), side)]
}

#[test]
fn a_reported_proposal_is_the_proposers_stance() {
    let text = "The U.S. has suggested that Ukraine may need to reconsider its aspirations concerning NATO membership.";
    let suggester = Suggester::new(&presets::preset_actors(), &presets::preset_issues());
    let suggestions = suggester.suggest(text);
    assert_eq!(suggestions.len(), 1, "{suggestions:?}");
    let suggestion = &suggestions[0];
    assert_eq!((suggestion.actor.as_str(), suggestion.side), ("united-states", Side::Low));
    assert_eq!(suggestion.confidence, Confidence::Low, "hedged by “may need to”");
    assert_eq!((suggestion.start, suggestion.end), (0, text.len()), "the whole sentence is the evidence");
    assert_eq!(suggestion.value, 30.0);
    for cue in ["proposal “suggested” by United States", "opposition “reconsider”", "hedge “may need to”"] {
        assert!(suggestion.cues.iter().any(|c| c == cue), "{cue} in {:?}", suggestion.cues);
    }
}

#[test]
fn negation_flips_and_exclusion_after_the_issue_word_counts() {
    assert_eq!(
        sides(
            "President Volodymyr Zelenskyy stated that Ukraine would not accept any outcomes from talks they were not a part of."
        ),
        one("ukraine", "ukraine-in-talks", Side::High)
    );
    assert_eq!(
        sides("Moscow would not withdraw from territories it regards as its own."),
        one("russia", "ceding-territory", Side::High)
    );
    assert_eq!(
        sides("Russia must withdraw from all occupied territories, the EU said."),
        one("european-union", "ceding-territory", Side::Low)
    );
}

#[test]
fn giving_up_points_to_the_pole_that_gives_something_up() {
    assert_eq!(
        sides("Zelenskyy rejected the idea of ceding territory."),
        one("ukraine", "ceding-territory", Side::Low)
    );
    assert_eq!(sides("Kyiv will not give up any of its territory."), one("ukraine", "ceding-territory", Side::Low));
    assert_eq!(
        sides("Washington would ask Kyiv to drop its bid to join NATO."),
        one("united-states", "nato-membership", Side::Low),
        "Kyiv is the object of “ask”, and dropping a bid is against membership"
    );
}

#[test]
fn cues_after_the_issue_word_count_when_none_precede_it() {
    assert_eq!(
        sides("According to Rubio, NATO membership for Ukraine is \"not on the table right now\"."),
        one("united-states", "nato-membership", Side::Low)
    );
}

#[test]
fn objects_and_quotations_do_not_speak() {
    assert!(sides("Demonstrators criticized Trump and called for talks.").is_empty());
    assert!(sides("Nothing here names an issue, though Putin rejects it.").is_empty());
    assert!(sides("The draft recognizes the \"Russia-Ukraine conflict\" and supports talks.").is_empty());
}

#[test]
fn possessives_titles_and_members_roll_up() {
    assert_eq!(
        sides("Russia's Deputy Foreign Minister Sergei Ryabkov said Moscow rejects NATO membership for Ukraine."),
        one("russia", "nato-membership", Side::Low)
    );
    // A member with a parent counts for the parent.
    let mut actors = presets::preset_actors();
    let rubio = Actor {
        id: "rubio".into(),
        name: "Marco Rubio".into(),
        parent: Some("united-states".into()),
        kind: crate::model::ActorKind::Person,
        ..Actor::default()
    };
    for actor in &mut actors {
        actor.aliases.retain(|alias| !alias.contains("Rubio"));
    }
    actors.push(rubio);
    let suggester = Suggester::new(&actors, &presets::preset_issues());
    let suggestions =
        suggester.suggest("Secretary of State Marco Rubio said he supports direct talks between Moscow and Kyiv.");
    let found: Vec<_> = suggestions.iter().map(|s| (s.actor.as_str(), s.issue.as_str(), s.side)).collect();
    assert_eq!(found, vec![("united-states", "ukraine-in-talks", Side::High)]);
}

#[test]
fn the_seed_article_yields_its_attributed_stances() {
    let article = presets::seed_article();
    let suggester = Suggester::new(&presets::preset_actors(), &presets::preset_issues());
    let suggestions = suggester.suggest(&article.text);
    let has = |actor: &str, issue: &str, side: Side| {
        suggestions.iter().any(|s| s.actor.as_str() == actor && s.issue.as_str() == issue && s.side == side)
    };
    assert!(has("united-states", "nato-membership", Side::Low));
    assert!(has("united-states", "ceding-territory", Side::High));
    assert!(has("ukraine", "ukraine-in-talks", Side::High));
    assert!(has("european-union", "ceding-territory", Side::Low));
    for suggestion in &suggestions {
        let sentence = &article.text[suggestion.start..suggestion.end];
        assert!(sentence.ends_with('.'), "{sentence:?} is a whole sentence");
    }
}
