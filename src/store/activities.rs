//! Activities: read all, add, edit, remove.

use chrono::{Datelike, NaiveDate};
use rusqlite::{Row, Transaction};

use super::Store;
use super::attachments::{self, Removed};
use super::error::{Result, StoreError};

use crate::domain::activity::{Label, Labels};
use crate::domain::title::TitleBuffer;
use crate::domain::{Activity, ActivityData, Kind, Points};

/// The page cache while every activity is read, in KiB (negative, as SQLite takes KiB).
const SCAN_CACHE_KIB: i64 = -256;

/// The most rows the read makes room for at once (80 MB of them).
const SIZE_HINT_BOUND: usize = 1 << 20;

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
        // below which the allocator keeps freed memory instead of returning it. The largest id
        // is the size (`count(*)` would walk every page of the table once more), up to a
        // bound: an id is whatever the file says, and past the bound the `Vec` grows.
        let largest: Option<i64> =
            self.conn
                .query_row("SELECT max(id) FROM activity", [], |r| r.get(0))?;
        let size = usize::try_from(largest.unwrap_or(0)).unwrap_or(0);
        let mut all = Vec::with_capacity(size.min(SIZE_HINT_BOUND));
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
        oldest_first(&mut all);
        // Ids of removed activities are not used again: many removed, much unused room.
        if all.capacity() - all.len() > all.len() / 8 {
            all.shrink_to_fit();
        }
        Ok(all)
    }

    pub fn activity(&self, id: i64) -> Result<Activity> {
        let mut stmt = self
            .conn
            .prepare_cached(&format!("SELECT {COLUMNS} FROM activity WHERE id = ?1"))?;
        let mut rows = stmt.query_map([id], |row| Ok(read_one(row)))?;
        rows.next().ok_or(StoreError::NoActivity(id))??
    }

    /// Adds one activity; returns its id.
    pub fn add_activity(&mut self, activity: &ActivityData) -> Result<i64> {
        self.write(|tx| insert(tx, None, activity))
    }

    /// Adds many activities in one transaction: all of them, or none.
    pub fn add_activities(&mut self, activities: &[ActivityData]) -> Result<Vec<i64>> {
        self.write(|tx| {
            // One statement for every row: looked up in the cache once, not once a row.
            let mut stmt = tx.prepare_cached(INSERT)?;
            activities
                .iter()
                .map(|a| insert_with(&mut stmt, tx, None, a))
                .collect()
        })
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
            let mut rows = stmt.query_map([id], |row| Ok(read_one(row)))?;
            let activity = rows.next().ok_or(StoreError::NoActivity(id))???;
            Ok(Removed {
                activity,
                attachments,
            })
        })
    }
}

/// One activity, its columns numbered as [`row_params`] gives them.
const INSERT: &str = "INSERT INTO activity (id, title, date, points, kind, category, approved_by,
                                            provider, note, planned)
                      VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)";

/// Inserts `a`; a `None` id lets SQLite pick the next one.
fn insert(tx: &Transaction, id: Option<i64>, a: &ActivityData) -> Result<i64> {
    let mut stmt = tx.prepare_cached(INSERT)?;
    insert_with(&mut stmt, tx, id, a)
}

/// [`insert`] through `stmt`, [`INSERT`] prepared once for many rows; returns the id.
fn insert_with(
    stmt: &mut rusqlite::Statement,
    tx: &Transaction,
    id: Option<i64>,
    a: &ActivityData,
) -> Result<i64> {
    stmt.execute(row_params(id, a))?;
    Ok(tx.last_insert_rowid())
}

/// The columns in the order every statement here numbers them: ?1 is the id.
fn row_params(id: Option<i64>, a: &ActivityData) -> impl rusqlite::Params + '_ {
    (
        id,
        &*a.title,
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

/// Reads a date the store wrote (`YYYY-MM-DD`, as the credentials keep theirs); anything else
/// is reported as unreadable. (The activities' dates are read from their bytes instead.)
pub(super) fn parse_date(text: &str) -> Result<NaiveDate> {
    crate::domain::dates::parse_iso(text)
        .map_err(|_| StoreError::Unreadable(format!("date '{text}'")))
}

/// Sorts by date, then id. The rows are 80 bytes: their (date, position) keys are sorted
/// instead, then each row is moved once into its place, several times less work than
/// sorting the rows themselves. A scan gives the rows in id order, so a row's position
/// orders as its id does; should they come otherwise, the rows themselves are sorted.
fn oldest_first(all: &mut [Activity]) {
    let in_id_order = all.windows(2).all(|w| w[0].id < w[1].id);
    let (Ok(count), true) = (u32::try_from(all.len()), in_id_order) else {
        return all.sort_unstable_by_key(|a| (a.data.date, a.id));
    };
    // The day number's sign bit flipped: unsigned order is the dates' order.
    let day = |a: &Activity| (a.data.date.num_days_from_ce() as u32) ^ (1 << 31);
    let mut keys: Vec<u64> = (0..count)
        .zip(all.iter())
        .map(|(at, a)| u64::from(day(a)) << 32 | u64::from(at))
        .collect();
    keys.sort_unstable();
    // `to[i]`: the place of the row now at i. Each swap puts one row in its place.
    let mut to = vec![0u32; all.len()];
    for (place, key) in (0..count).zip(&keys) {
        to[*key as u32 as usize] = place;
    }
    drop(keys);
    for i in 0..all.len() {
        while to[i] as usize != i {
            let j = to[i] as usize;
            all.swap(i, j);
            to.swap(i, j);
        }
    }
}

/// Every row of `stmt` into `all`, their labels shared and their titles in one buffer.
fn scan(stmt: &mut rusqlite::Statement, all: &mut Vec<Activity>) -> Result<()> {
    let (mut labels, mut titles) = (Labels::default(), TitleBuffer::default());
    for row in stmt.query_map([], |row| Ok(read_row(row, &mut labels, &mut titles)))? {
        // A row another process added since the size was taken still fits: it is a hint.
        all.push(row??);
    }
    titles.share(all.iter_mut().map(|a| &mut a.data.title));
    Ok(())
}

/// One row read alone.
fn read_one(row: &Row) -> Result<Activity> {
    let mut titles = TitleBuffer::default();
    let mut activity = read_row(row, &mut Labels::default(), &mut titles)?;
    titles.share([&mut activity.data.title]);
    Ok(activity)
}

/// One row; a value the domain cannot hold is reported, not guessed at.
fn read_row(row: &Row, labels: &mut Labels, titles: &mut TitleBuffer) -> Result<Activity> {
    let id: i64 = row.get(0)?;
    let unreadable = |what: &str, value: &[u8]| {
        let value = String::from_utf8_lossy(value);
        StoreError::Unreadable(format!("{what} '{value}' of activity {id}"))
    };
    // Borrowed, not copied, and checked to be UTF-8 only where kept as text: this runs once
    // per activity on every load. A label already seen was checked when first read.
    let bytes = |i: usize| -> rusqlite::Result<&[u8]> { Ok(row.get_ref(i)?.as_bytes()?) };
    let mut label = |i: usize, what: &str| -> Result<Option<Label>> {
        let text = row.get_ref(i)?.as_bytes_or_null();
        let Some(text) = text.map_err(rusqlite::Error::from)? else {
            return Ok(None);
        };
        let label = labels.label_from_bytes(text);
        Ok(Some(label.map_err(|_| unreadable(what, text))?))
    };
    let (category, provider) = (label(5, "category")?, label(7, "provider")?);
    let title = bytes(1)?;
    let title = std::str::from_utf8(title).map_err(|_| unreadable("title", title))?;
    let (date, kind_text, approved) = (bytes(2)?, bytes(4)?, bytes(6)?);
    let kind = Kind::ALL
        .into_iter()
        .find(|k| k.as_str().as_bytes() == kind_text);
    let kind = kind.ok_or_else(|| unreadable("kind", kind_text))?;
    let date =
        crate::domain::dates::iso_from_bytes(date).ok_or_else(|| unreadable("date", date))?;
    let approved_by = labels
        .bodies_from_bytes(approved)
        .map_err(|_| unreadable("approving bodies", approved))?;
    Ok(Activity {
        id,
        data: ActivityData {
            title: titles.add(title),
            date,
            points: Points::from_hundredths(row.get(3)?),
            kind,
            category,
            approved_by,
            provider,
            note: row.get(8)?,
            planned: row.get(9)?,
        },
    })
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

    #[test]
    fn a_row_the_domain_cannot_hold_is_named_not_guessed_at() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(&dir.path().join("logbook.sqlite3")).unwrap();
        let insert = |date: &str, kind: &str, category: &[u8]| {
            store.conn.execute("DELETE FROM activity", []).unwrap();
            store
                .conn
                .execute(
                    "INSERT INTO activity (id, title, date, points, kind, category) \
                     VALUES (7, 'x', ?1, 100, ?2, CAST(?3 AS TEXT))",
                    rusqlite::params![date, kind, category],
                )
                .unwrap();
            store.activities().unwrap_err().to_string()
        };
        let error = insert("2024-02-30", "course", b"clinical");
        assert!(error.contains("date '2024-02-30' of activity 7"), "{error}");
        let error = insert("2024-02-03", "lecture", b"clinical");
        assert!(error.contains("kind 'lecture' of activity 7"), "{error}");
        let error = insert("2024-02-03", "course", b"clin\xffical");
        assert!(
            error.contains("category 'clin\u{fffd}ical' of activity 7"),
            "{error}"
        );
        insert_ok(&store);
    }

    #[test]
    fn an_id_far_past_the_others_is_read_without_making_room_for_it() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(&dir.path().join("logbook.sqlite3")).unwrap();
        store
            .conn
            .execute(
                "INSERT INTO activity (id, title, date, points, kind) \
                 VALUES (1000000000000000, 'x', '2024-02-03', 100, 'course')",
                [],
            )
            .unwrap();
        let all = store.activities().unwrap();
        assert_eq!(all.len(), 1);
        assert!(all.capacity() < 8, "{}", all.capacity());
    }

    fn insert_ok(store: &Store) {
        store
            .conn
            .execute("UPDATE activity SET category = 'clinical'", [])
            .unwrap();
        let all = store.activities().unwrap();
        assert_eq!(all[0].data.category.as_deref(), Some("clinical"));
    }

    fn activity(id: i64, days: i32) -> Activity {
        let date = NaiveDate::from_num_days_from_ce_opt(days).unwrap();
        Activity {
            id,
            data: ActivityData {
                title: format!("course {id}").into(),
                date,
                points: Points::from_hundredths(100),
                kind: Kind::Course,
                category: None,
                approved_by: Default::default(),
                provider: None,
                note: None,
                planned: false,
            },
        }
    }

    proptest::proptest! {
        /// Whatever order the rows come in: date, then id, as sorting the rows would give.
        #[test]
        fn rows_are_put_oldest_first(
            days in proptest::collection::vec(-800_000i32..800_000, 0..300),
            shuffle in proptest::bool::ANY,
        ) {
            let mut rows: Vec<Activity> = days
                .iter()
                .enumerate()
                // Few distinct dates, so that ties are decided by the id.
                .map(|(i, d)| activity(i as i64 * 3 + 1, d / 50_000))
                .collect();
            if shuffle {
                rows.reverse();
            }
            let mut expected: Vec<(NaiveDate, i64)> =
                rows.iter().map(|a| (a.data.date, a.id)).collect();
            expected.sort();
            oldest_first(&mut rows);
            let got: Vec<(NaiveDate, i64)> = rows.iter().map(|a| (a.data.date, a.id)).collect();
            proptest::prop_assert_eq!(got, expected);
        }
    }
}
