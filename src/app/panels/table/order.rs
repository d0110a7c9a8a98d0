//! The table's order: the rows a query lets through, sorted by the chosen column and then by
//! date. Computed when the data or the query changes (the table caches it), on the window's
//! thread, so a click on a column header at 100,000 activities must take a frame or two.

use rustc_hash::FxHashMap;

use super::{ApprovedFilter, CycleFilter, Query, SortBy};
use crate::app::data::Data;
use crate::domain::{Activity, ActivityData, Kind, Points};

/// The rows to show, in order, as indices into the activities.
pub fn filter_and_sort(q: &Query, data: &Data) -> Vec<u32> {
    let mut rows = filtered(q, data);
    sort(&mut rows, q.sort, data);
    if !q.ascending {
        rows.reverse();
    }
    rows
}

/// The rows the query lets through, as indices into the activities.
fn filtered(q: &Query, data: &Data) -> Vec<u32> {
    let needle = q.search.trim().to_lowercase();
    let window = match q.cycle {
        CycleFilter::CountsFor(id) => data.view(id).map(|v| v.credential.cycle_window()),
        _ => None,
    };
    (0..data.activities.len())
        .filter(|&i| {
            let a = &data.activities[i].data;
            let text_ok = needle.is_empty()
                || a.title.to_lowercase().contains(&needle)
                || a.provider
                    .as_deref()
                    .is_some_and(|p| p.to_lowercase().contains(&needle))
                || a.note
                    .as_deref()
                    .is_some_and(|n| n.to_lowercase().contains(&needle));
            let category_ok = q
                .category
                .as_ref()
                .is_none_or(|c| a.category.as_deref() == Some(c.as_str()));
            let approved_ok = match q.approved {
                ApprovedFilter::All => true,
                ApprovedFilter::Approved => !a.approved_by.is_empty() && a.kind != Kind::College,
                ApprovedFilter::NotApproved => a.approved_by.is_empty() || a.kind == Kind::College,
            };
            let cycle_ok = match q.cycle {
                CycleFilter::All => true,
                CycleFilter::CountsFor(_) => window.as_ref().is_some_and(|w| w.contains(&a.date)),
                CycleFilter::Outside => !data.in_a_cycle[i],
            };
            text_ok && category_ok && approved_ok && cycle_ok
        })
        // Indices as u32, half the memory of usize at 100,000 rows; a logbook is nowhere near
        // 4 billion activities.
        .filter_map(|i| u32::try_from(i).ok())
        .collect()
}

/// Sorts by `by`, then by date and id.
fn sort(rows: &mut [u32], by: SortBy, data: &Data) {
    let acts = &data.activities;
    let a = |i: &u32| &acts[*i as usize];
    let by_date = |i: &u32, j: &u32| (a(i).data.date, a(i).id).cmp(&(a(j).data.date, a(j).id));
    // Date first (the activities are mostly in date order already, so this is quick); the
    // sorts below keep that order among equal keys.
    rows.sort_by(by_date);
    let ptr =
        |label: Option<&crate::domain::activity::Label>| label.map_or(0, |l| l.as_ptr() as usize);
    match by {
        SortBy::Date => {}
        SortBy::Title => by_title(rows, acts),
        SortBy::Provider => by_shared(
            rows,
            acts,
            |a| ptr(a.data.provider.as_ref()),
            |a| a.data.provider.as_deref().unwrap_or("").to_lowercase(),
        ),
        SortBy::Category => by_shared(
            rows,
            acts,
            |a| ptr(a.data.category.as_ref()),
            |a| a.data.category.clone(),
        ),
        SortBy::Approved => by_shared(
            rows,
            acts,
            |a| std::sync::Arc::as_ptr(&a.data.approved_by) as usize,
            |a| a.data.approved_by.clone(),
        ),
        SortBy::Kind => rows.sort_by_key(|i| a(i).data.kind),
        // By the points each counts (a college credit as its 15 points, a card as its 4),
        // not by the number typed.
        SortBy::Points => rows.sort_by_cached_key(|i| counted_points(&a(i).data, data)),
    }
}

/// A stable sort of `rows` by title, whatever its case. Each title is lowered once into one
/// buffer (an ASCII title byte by byte), not into a `String` of its own: lowering and
/// comparing 100,000 separate strings made a click on Title take about 40 ms (now 21–29).
fn by_title(rows: &mut [u32], acts: &[Activity]) {
    let mut lowered = String::new();
    let mut ends = Vec::with_capacity(rows.len());
    for &i in rows.iter() {
        let title: &str = &acts[i as usize].data.title;
        let start = lowered.len();
        if title.is_ascii() {
            lowered.push_str(title);
            lowered[start..].make_ascii_lowercase();
        } else {
            lowered.push_str(&title.to_lowercase());
        }
        ends.push(lowered.len());
    }
    // Keyed by (title, place): the place keeps rows with the same title in the order they
    // came in (by date), so the quicker unstable sort may be used.
    let mut keyed: Vec<(&str, u32, u32)> = Vec::with_capacity(rows.len());
    let mut start = 0;
    for (place, (&end, &i)) in ends.iter().zip(rows.iter()).enumerate() {
        keyed.push((&lowered[start..end], place as u32, i));
        start = end;
    }
    keyed.sort_unstable_by(|a, b| (a.0, a.1).cmp(&(b.0, b.1)));
    for (slot, (_, _, i)) in rows.iter_mut().zip(keyed) {
        *slot = i;
    }
}

/// A stable sort of `rows` by a key that many activities share (a provider, a category, the
/// approving bodies): `key` is worked out once per distinct shared value, which `shared`
/// names (its address), not once per row or per comparison. Text compared or lowered per row
/// made a click on such a column take 30 ms and more at 100,000 activities.
fn by_shared<K: Ord>(
    rows: &mut [u32],
    acts: &[Activity],
    shared: impl Fn(&Activity) -> usize,
    key: impl Fn(&Activity) -> K,
) {
    let mut keys: FxHashMap<usize, K> = FxHashMap::default();
    for &i in rows.iter() {
        let a = &acts[i as usize];
        keys.entry(shared(a)).or_insert_with(|| key(a));
    }
    let mut distinct: Vec<(K, usize)> = keys.into_iter().map(|(at, k)| (k, at)).collect();
    distinct.sort();
    // Equal keys held apart (the same text typed twice) share a rank.
    let mut rank: FxHashMap<usize, u32> = FxHashMap::default();
    let mut next = 0u32;
    for (n, (k, at)) in distinct.iter().enumerate() {
        if n > 0 && distinct[n - 1].0 != *k {
            next += 1;
        }
        rank.insert(*at, next);
    }
    rows.sort_by_cached_key(|&i| rank.get(&shared(&acts[i as usize])).copied().unwrap_or(0));
}

/// The most points `a` counts for any of the credentials (a college credit or a card as the
/// credential values it; nothing where none does); a course's own points.
fn counted_points(a: &ActivityData, data: &Data) -> Points {
    let conversions = data.credentials().map(|c| c.requirement.conversions);
    let best = match a.kind {
        Kind::Course => return a.points,
        Kind::College => conversions
            .filter_map(|c| c.college)
            .filter_map(|c| a.points.checked_mul(i64::from(c.points_per_credit)))
            .max(),
        Kind::Cpr => conversions
            .filter_map(|c| c.cpr)
            .map(|c| c.points_per_card)
            .max(),
    };
    best.unwrap_or(Points::ZERO)
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use chrono::NaiveDate;
    use proptest::prelude::*;

    use super::*;
    use crate::domain::activity::{Label, Labels};

    /// The order as it was first written: every key worked out per row.
    fn reference(rows: &mut [u32], by: SortBy, acts: &[Activity]) {
        let a = |i: &u32| &acts[*i as usize];
        let when = |i: &u32| (a(i).data.date, a(i).id);
        match by {
            SortBy::Provider => rows.sort_by_cached_key(|i| {
                let p = a(i).data.provider.as_deref().unwrap_or("").to_lowercase();
                (p, when(i))
            }),
            SortBy::Category => rows.sort_by_key(|i| (a(i).data.category.clone(), when(i))),
            SortBy::Approved => rows.sort_by_key(|i| (a(i).data.approved_by.clone(), when(i))),
            SortBy::Kind => rows.sort_by_key(|i| (a(i).data.kind, when(i))),
            _ => rows.sort_by_key(|i| (a(i).data.title.to_lowercase(), when(i))),
        }
    }

    fn activity(id: i64, day: u32, pick: u8, labels: &mut Labels) -> Activity {
        let names = [
            "Provider A",
            "provider a",
            "AMT",
            "clinical",
            "general",
            "",
            "Ärzte",
            "äRZTE b",
        ];
        let name = |n: u8| names[usize::from(n) % names.len()];
        // Every other one interned, the rest held apart: the same text at two addresses.
        let label = |n: u8, labels: &mut Labels| match n % 2 {
            0 => labels.label(name(n)),
            _ => Label::from(name(n)),
        };
        let date = NaiveDate::from_ymd_opt(2024, 1, 1).unwrap() + chrono::Days::new(u64::from(day));
        Activity {
            id,
            data: ActivityData {
                title: format!("{} course", name(pick / 3)).into(),
                date,
                points: Points::whole(1),
                kind: [Kind::Course, Kind::College, Kind::Cpr][usize::from(pick % 3)],
                category: (!pick.is_multiple_of(5)).then(|| label(pick / 5, labels)),
                approved_by: match pick % 4 {
                    0 => Default::default(),
                    1 => labels.bodies("AAMA"),
                    2 => Arc::new(vec![Label::from("AAMA")]),
                    _ => labels.bodies("AAMA;NHA"),
                },
                provider: (!pick.is_multiple_of(7)).then(|| label(pick / 7, labels)),
                note: None,
                planned: false,
            },
        }
    }

    proptest! {
        /// Sorting by a shared key gives the order keying every row gives: ties by date, then id.
        #[test]
        fn a_shared_key_sorts_as_keying_every_row_does(
            picks in proptest::collection::vec((0u32..6, any::<u8>()), 0..200),
        ) {
            let mut labels = Labels::default();
            let acts: Vec<Activity> = picks
                .iter()
                .enumerate()
                .map(|(n, (day, pick))| activity(n as i64 + 1, *day, *pick, &mut labels))
                .collect();
            let data = Data {
                activities: acts,
                certificates: Default::default(),
                views: Vec::new(),
                in_a_cycle: Vec::new(),
                generation: 0,
            };
            for by in [SortBy::Provider, SortBy::Category, SortBy::Approved, SortBy::Kind, SortBy::Title] {
                let mut rows: Vec<u32> = (0..data.activities.len() as u32).rev().collect();
                let mut expected = rows.clone();
                sort(&mut rows, by, &data);
                reference(&mut expected, by, &data.activities);
                prop_assert_eq!(rows, expected, "{:?}", by);
            }
        }
    }
}
