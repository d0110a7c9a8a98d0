//! Activities: read all, add, edit, remove.

use chrono::NaiveDate;
use rusqlite::{Row, Transaction};

use super::{Result, Store, StoreError};
use crate::domain::{Activity, ActivityData, Kind, Points};

const COLUMNS: &str = "id, title, date, points, kind, category, approved_by, provider, note";

impl Store {
    /// Every activity, oldest first.
    pub fn activities(&self) -> Result<Vec<Activity>> {
        let mut stmt = self
            .conn
            .prepare_cached(&format!("SELECT {COLUMNS} FROM activity ORDER BY date, id"))?;
        let rows = stmt.query_map([], read_row)?;
        rows.map(|r| r?).collect()
    }

    pub fn activity(&self, id: i64) -> Result<Activity> {
        let mut stmt = self
            .conn
            .prepare_cached(&format!("SELECT {COLUMNS} FROM activity WHERE id = ?1"))?;
        let mut rows = stmt.query_map([id], read_row)?;
        rows.next().ok_or(StoreError::NoActivity(id))??
    }

    /// Adds one activity; returns its id.
    pub fn add_activity(&mut self, activity: &ActivityData) -> Result<i64> {
        self.write(|tx| insert(tx, None, activity))
    }

    /// Adds many activities in one transaction: all of them, or none.
    pub fn add_activities(&mut self, activities: &[ActivityData]) -> Result<Vec<i64>> {
        self.write(|tx| activities.iter().map(|a| insert(tx, None, a)).collect())
    }

    /// Puts back an activity removed a moment ago, under its old id (an undo).
    pub fn restore_activity(&mut self, activity: &Activity) -> Result<()> {
        self.write(|tx| insert(tx, Some(activity.id), &activity.data).map(drop))
    }

    pub fn update_activity(&mut self, id: i64, activity: &ActivityData) -> Result<()> {
        self.write(|tx| {
            let mut stmt = tx.prepare_cached(
                "UPDATE activity SET title = ?2, date = ?3, points = ?4, kind = ?5, category = ?6,
                 approved_by = ?7, provider = ?8, note = ?9 WHERE id = ?1",
            )?;
            if stmt.execute(row_params(Some(id), activity))? == 0 {
                return Err(StoreError::NoActivity(id));
            }
            Ok(())
        })
    }

    /// Removes an activity and returns what it held (for an undo).
    pub fn remove_activity(&mut self, id: i64) -> Result<Activity> {
        self.write(|tx| {
            let mut stmt = tx.prepare_cached(&format!(
                "DELETE FROM activity WHERE id = ?1 RETURNING {COLUMNS}"
            ))?;
            let mut rows = stmt.query_map([id], read_row)?;
            rows.next().ok_or(StoreError::NoActivity(id))??
        })
    }
}

/// Inserts `a`; a `None` id lets SQLite pick the next one.
fn insert(tx: &Transaction, id: Option<i64>, a: &ActivityData) -> Result<i64> {
    let mut stmt = tx.prepare_cached(
        "INSERT INTO activity (id, title, date, points, kind, category, approved_by, provider, note)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
    )?;
    stmt.execute(row_params(id, a))?;
    Ok(tx.last_insert_rowid())
}

/// The columns in the order every statement here numbers them: ?1 is the id.
fn row_params(id: Option<i64>, a: &ActivityData) -> impl rusqlite::Params + '_ {
    (
        id,
        a.title.as_str(),
        a.date.to_string(),
        a.points.hundredths(),
        a.kind.as_str(),
        a.category.as_deref(),
        approved_json(&a.approved_by),
        a.provider.as_deref(),
        a.note.as_deref(),
    )
}

fn approved_json(bodies: &[String]) -> String {
    // Serializing a list of strings cannot fail.
    serde_json::to_string(bodies).unwrap_or_else(|_| "[]".to_owned())
}

pub(super) fn parse_date(text: &str) -> Result<NaiveDate> {
    NaiveDate::parse_from_str(text, "%Y-%m-%d")
        .map_err(|_| StoreError::Unreadable(format!("date '{text}'")))
}

fn read_row(row: &Row) -> rusqlite::Result<Result<Activity>> {
    let id: i64 = row.get(0)?;
    let date: String = row.get(2)?;
    let kind: String = row.get(4)?;
    let approved: String = row.get(6)?;
    let mut data = ActivityData {
        title: row.get(1)?,
        date: NaiveDate::MIN,
        points: Points::from_hundredths(row.get(3)?),
        kind: Kind::Course,
        category: row.get(5)?,
        approved_by: Vec::new(),
        provider: row.get(7)?,
        note: row.get(8)?,
    };
    // Values SQLite hands back but the domain cannot hold are reported, not guessed at.
    let decoded = (|| {
        data.date = parse_date(&date)?;
        data.kind = kind
            .parse()
            .map_err(|_| StoreError::Unreadable(format!("kind '{kind}' of activity {id}")))?;
        data.approved_by = serde_json::from_str(&approved)
            .map_err(|_| StoreError::Unreadable(format!("approved_by of activity {id}")))?;
        Ok(())
    })();
    Ok(decoded.map(|()| Activity { id, data }))
}
