//! Activities: read all, add, edit, remove.

use chrono::NaiveDate;
use rusqlite::{Row, Transaction};

use super::Store;
use super::attachments::{self, Removed};
use super::error::{Result, StoreError};

use crate::domain::activity::{Label, Labels};
use crate::domain::{Activity, ActivityData, Kind, Points};

/// The page cache while every activity is read, in KiB (negative, as SQLite takes KiB).
const SCAN_CACHE_KIB: i64 = -256;

const COLUMNS: &str =
    "id, title, date, points, kind, category, approved_by, provider, note, planned";

impl Store {
    /// Every activity, oldest first.
    pub fn activities(&self) -> Result<Vec<Activity>> {
        // Read in table order (a sequential scan) and sort here: ordering in SQL walks an index
        // and fetches each row apart, several times slower for a large logbook.
        let mut stmt = self
            .conn
            .prepare_cached(&format!("SELECT {COLUMNS} FROM activity"))?;
        // Sized once: grown by doubling, each larger block freed on the way raises the size
        // below which the allocator keeps freed memory instead of returning it.
        let count: i64 = self
            .conn
            .query_row("SELECT count(*) FROM activity", [], |r| r.get(0))?;
        let mut all = Vec::with_capacity(usize::try_from(count).unwrap_or(0));
        // A scan reads each page once: a small page cache for it, or the cache fills up (2 MB
        // by default) with pages whose rows are all in `all` afterwards, and the allocator
        // keeps that memory once it is freed.
        let cache: i64 = self
            .conn
            .pragma_query_value(None, "cache_size", |r| r.get(0))?;
        self.conn
            .pragma_update(None, "cache_size", SCAN_CACHE_KIB)?;
        let read = scan(&mut stmt, &mut all);
        self.conn.pragma_update(None, "cache_size", cache)?;
        read?;
        all.sort_unstable_by_key(|a| (a.data.date, a.id));
        Ok(all)
    }

    pub fn activity(&self, id: i64) -> Result<Activity> {
        let mut stmt = self
            .conn
            .prepare_cached(&format!("SELECT {COLUMNS} FROM activity WHERE id = ?1"))?;
        let mut rows = stmt.query_map([id], |row| read_row(row, &mut Labels::default()))?;
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

    /// Puts back an activity removed a moment ago, under its old id, with its certificates
    /// (an undo; their files are kept until [`Store::sweep_attachments`]).
    pub fn restore_activity(&mut self, removed: &Removed) -> Result<()> {
        let id = removed.activity.id;
        self.write(|tx| {
            insert(tx, Some(id), &removed.activity.data)?;
            attachments::reinsert(tx, id, &removed.attachments)
        })
    }

    pub fn update_activity(&mut self, id: i64, activity: &ActivityData) -> Result<()> {
        self.write(|tx| {
            let mut stmt = tx.prepare_cached(
                "UPDATE activity SET title = ?2, date = ?3, points = ?4, kind = ?5, category = ?6,
                 approved_by = ?7, provider = ?8, note = ?9, planned = ?10 WHERE id = ?1",
            )?;
            if stmt.execute(row_params(Some(id), activity))? == 0 {
                return Err(StoreError::NoActivity(id));
            }
            Ok(())
        })
    }

    /// Removes an activity and its certificate records, and returns what it held (for an
    /// undo). Files no longer referenced go at the next [`Store::sweep_attachments`].
    pub fn remove_activity(&mut self, id: i64) -> Result<Removed> {
        self.write(|tx| {
            let attachments = attachments::of_activity(tx, id)?;
            let mut stmt = tx.prepare_cached(&format!(
                "DELETE FROM activity WHERE id = ?1 RETURNING {COLUMNS}"
            ))?;
            let mut rows = stmt.query_map([id], |row| read_row(row, &mut Labels::default()))?;
            let activity = rows.next().ok_or(StoreError::NoActivity(id))???;
            Ok(Removed {
                activity,
                attachments,
            })
        })
    }
}

/// Inserts `a`; a `None` id lets SQLite pick the next one.
fn insert(tx: &Transaction, id: Option<i64>, a: &ActivityData) -> Result<i64> {
    let mut stmt = tx.prepare_cached(
        "INSERT INTO activity (id, title, date, points, kind, category, approved_by, provider, note,
                               planned)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
    )?;
    stmt.execute(row_params(id, a))?;
    Ok(tx.last_insert_rowid())
}

/// The columns in the order every statement here numbers them: ?1 is the id.
fn row_params(id: Option<i64>, a: &ActivityData) -> impl rusqlite::Params + '_ {
    (
        id,
        &a.title,
        a.date.to_string(),
        a.points.hundredths(),
        a.kind.as_str(),
        a.category.as_deref(),
        approved_text(&a.approved_by),
        a.provider.as_deref(),
        a.note.as_deref(),
        a.planned,
    )
}

/// Approving bodies are kept as one text, `;` between them: validation forbids `;` in a
/// body's name (as the CSV does), and this is far cheaper to read back than JSON.
fn approved_text(bodies: &[Label]) -> String {
    bodies.join(";")
}

/// Reads a date the store wrote (`YYYY-MM-DD`); anything else is reported as unreadable.
/// A stored date (always `YYYY-MM-DD`), read by the domain's direct reader: chrono's general
/// parser showed in the profile of reading 100,000 activities.
pub(super) fn parse_date(text: &str) -> Result<NaiveDate> {
    crate::domain::dates::parse_iso(text)
        .map_err(|_| StoreError::Unreadable(format!("date '{text}'")))
}

/// Every row of `stmt` into `all`, their labels shared.
fn scan(stmt: &mut rusqlite::Statement, all: &mut Vec<Activity>) -> Result<()> {
    let mut labels = Labels::default();
    for row in stmt.query_map([], |row| read_row(row, &mut labels))? {
        // A row another process added since the count still fits: the capacity is a hint.
        all.push(row??);
    }
    Ok(())
}

fn read_row(row: &Row, labels: &mut Labels) -> rusqlite::Result<Result<Activity>> {
    let id: i64 = row.get(0)?;
    // Borrowed, not copied: this runs once per activity on every load.
    let text = |i: usize| -> rusqlite::Result<&str> { Ok(row.get_ref(i)?.as_str()?) };
    let (date, kind, approved) = (text(2)?, text(4)?, text(6)?);
    // Values SQLite hands back but the domain cannot hold are reported, not guessed at.
    let Some(kind) = Kind::ALL.into_iter().find(|k| k.as_str() == kind) else {
        return Ok(Err(StoreError::Unreadable(format!(
            "kind '{kind}' of activity {id}"
        ))));
    };
    let date = match parse_date(date) {
        Ok(d) => d,
        Err(e) => return Ok(Err(e)),
    };
    Ok(Ok(Activity {
        id,
        data: ActivityData {
            title: row.get(1)?,
            date,
            points: Points::from_hundredths(row.get(3)?),
            kind,
            category: row.get_ref(5)?.as_str_or_null()?.map(|c| labels.label(c)),
            approved_by: labels.bodies(approved),
            provider: row.get_ref(7)?.as_str_or_null()?.map(|p| labels.label(p)),
            note: row.get(8)?,
            planned: row.get(9)?,
        },
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cache_size(store: &Store) -> i64 {
        store
            .conn
            .pragma_query_value(None, "cache_size", |r| r.get(0))
            .unwrap()
    }

    #[test]
    fn reading_every_activity_leaves_the_page_cache_as_it_was() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(&dir.path().join("logbook.sqlite3")).unwrap();
        let before = cache_size(&store);
        assert_ne!(before, SCAN_CACHE_KIB);
        store.activities().unwrap();
        // Writes (an import of thousands of rows) keep the cache they had.
        assert_eq!(cache_size(&store), before);
    }
}
