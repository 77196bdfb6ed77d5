//! The positions on screen: the current coder's positions in the open article (and their overall
//! judgements), per issue and indexed like the actor list.
//!
//! Every frame each axis in view asks for each actor's position, twice (this article's and the
//! overall one), and the axes' forecast lines and the reader's evidence highlighting read the same
//! positions: at corpus scale each of those was a B-tree search through an issue's tens of
//! thousands of positions, or a pass over them. The table answers them by index. It is built once
//! per article, coder and shape of the project (one search per actor and issue), and after an edit
//! only the issues whose positions changed are looked up again (a drag: one issue, one search per
//! actor), so a frame costs what is on screen, not what the project holds.
//!
//! A row knows the version of its issue's positions it was made from: a reader holding a row for
//! another version (or another article, coder or shape) gets nothing from [`OpenPositions::on_issue`]
//! and looks the positions up itself, so a late refresh can never show a stale marker.

use std::collections::HashMap;

use crate::model::{ArticleId, CoderId, IssueId, Position, PositionKey, Project};

/// What a table is made for: the open article (`None`: overall coding), the coder and the shape
/// of the project (the actor list's order indexes the rows).
type TableKey = (Option<ArticleId>, CoderId, u64);

/// One issue's positions in the open article and overall, indexed like the actor list.
#[derive(Debug, Default)]
pub struct IssueRow {
    /// The version of the issue's positions this row was made from.
    version: u64,
    /// Each actor's position in the open article by the current coder (with no article open: the
    /// overall judgements).
    pub article: Vec<Option<Position>>,
    /// Each actor's overall judgement by the current coder (empty with no article open: the
    /// article row holds them then).
    pub overall: Vec<Option<Position>>,
}

/// The current coder's positions in the open article, per issue (see the module doc).
#[derive(Debug, Default)]
pub struct OpenPositions {
    key: Option<TableKey>,
    rows: HashMap<IssueId, IssueRow>,
}

impl OpenPositions {
    /// Brings the table up to date with `project` for `article`, `coder` and `shape`. Returns the
    /// issues whose rows were made anew (every issue when the article, coder or shape changed).
    pub fn refresh(
        &mut self,
        project: &Project,
        article: Option<&ArticleId>,
        coder: &CoderId,
        shape: u64,
    ) -> Vec<IssueId> {
        let key = (article.cloned(), coder.clone(), shape);
        if self.key.as_ref() != Some(&key) {
            self.rows.clear();
            self.key = Some(key);
        }
        self.rows.retain(|issue, _| project.issue(issue).is_some());
        let mut remade = Vec::new();
        for issue in &project.issues {
            let version = project.positions.issue_version(&issue.id);
            if self.rows.get(&issue.id).is_some_and(|row| row.version == version) {
                continue;
            }
            let row = Self::row(project, &issue.id, article, coder, version);
            self.rows.insert(issue.id.clone(), row);
            remade.push(issue.id.clone());
        }
        remade
    }

    /// `issue`'s row, looked up one search per actor.
    fn row(project: &Project, issue: &IssueId, article: Option<&ArticleId>, coder: &CoderId, version: u64) -> IssueRow {
        let mut row = IssueRow { version, ..IssueRow::default() };
        if version == 0 {
            // No positions on the issue at all.
            row.article = vec![None; project.actors.len()];
            row.overall = if article.is_some() { vec![None; project.actors.len()] } else { Vec::new() };
            return row;
        }
        let mut key = PositionKey {
            issue: issue.clone(),
            actor: Default::default(),
            article: article.cloned(),
            coder: coder.clone(),
        };
        for actor in &project.actors {
            key.actor = actor.id.clone();
            key.article = article.cloned();
            row.article.push(project.positions.get(&key).cloned());
            if article.is_some() {
                key.article = None;
                row.overall.push(project.positions.get(&key).cloned());
            }
        }
        row
    }

    /// `issue`'s row for `project` as it is now, with `article`, `coder` and `shape`; `None` when
    /// the table was made for anything else (the caller then looks positions up itself).
    pub fn on_issue(
        &self,
        project: &Project,
        issue: &IssueId,
        article: Option<&ArticleId>,
        coder: &CoderId,
        shape: u64,
    ) -> Option<&IssueRow> {
        let (shown_article, shown_coder, shown_shape) = self.key.as_ref()?;
        if shown_article.as_ref() != article || shown_coder != coder || *shown_shape != shape {
            return None;
        }
        self.rows.get(issue).filter(|row| row.version == project.positions.issue_version(issue))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Edit, presets};

    fn project() -> Project {
        presets::sample_project()
    }

    #[test]
    fn the_table_holds_what_a_lookup_finds_and_follows_edits_issue_by_issue() {
        let mut project = project();
        let article = project.articles.first().map(|a| a.id.clone());
        let coder = project.coders.first().map(|c| c.id.clone()).unwrap_or_default();
        let mut table = OpenPositions::default();
        let remade = table.refresh(&project, article.as_ref(), &coder, 1);
        assert_eq!(remade.len(), project.issues.len(), "a new table makes every issue's row");
        let check = |project: &Project, table: &OpenPositions| {
            for issue in &project.issues {
                let row = table.on_issue(project, &issue.id, article.as_ref(), &coder, 1).expect("current row");
                for (index, actor) in project.actors.iter().enumerate() {
                    let key = PositionKey {
                        issue: issue.id.clone(),
                        actor: actor.id.clone(),
                        article: article.clone(),
                        coder: coder.clone(),
                    };
                    assert_eq!(row.article[index].as_ref(), project.positions.get(&key));
                    let overall = PositionKey { article: None, ..key };
                    assert_eq!(row.overall[index].as_ref(), project.positions.get(&overall));
                }
            }
        };
        check(&project, &table);
        let issue = project.issues[1].id.clone();
        let key = PositionKey {
            issue: issue.clone(),
            actor: project.actors[2].id.clone(),
            article: article.clone(),
            coder: coder.clone(),
        };
        Edit::set_position(Position::new(&key, 1.5)).apply(&mut project);
        assert!(
            table.on_issue(&project, &issue, article.as_ref(), &coder, 1).is_none(),
            "a row of an older version is not served"
        );
        assert_eq!(table.refresh(&project, article.as_ref(), &coder, 1), vec![issue.clone()], "only the edited issue");
        check(&project, &table);
        assert!(table.on_issue(&project, &issue, None, &coder, 1).is_none(), "another article");
        assert!(table.on_issue(&project, &issue, article.as_ref(), &coder, 2).is_none(), "another shape");
    }
}
