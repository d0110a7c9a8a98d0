//! The progress engine: for one credential and the logged activities, how far the person is
//! from recertifying. Pure: `today` and the rules come in, nothing is read from outside.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use serde::Serialize;

use super::activity::{Activity, Kind};
use super::credential::Credential;
use super::points::Points;
use super::rules::KindRules;

/// Where a credential stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum State {
    /// Every requirement is met (even when that happened in the grace period).
    Complete,
    /// Not yet met, and not yet expired.
    InProgress,
    /// Expired, but the CE route is still open.
    Grace,
    /// Expired and past the CE route: the exam is the way back.
    Lapsed,
}

impl State {
    pub fn label(self) -> &'static str {
        match self {
            State::Complete => "complete",
            State::InProgress => "in progress",
            State::Grace => "grace period",
            State::Lapsed => "lapsed",
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct CategoryProgress {
    pub earned: Points,
    pub required: Points,
}

/// The answer for one credential. Its serialized form is the `status --json` object, key for key.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Progress {
    pub id: i64,
    pub preset: String,
    pub name: String,
    pub cycle_start: NaiveDate,
    pub expires: NaiveDate,
    pub ce_deadline: NaiveDate,
    pub days_left: i64,
    pub state: State,
    /// Converted and kind-capped points inside the window.
    pub points_earned: Points,
    /// `points_earned` after the cap on non-approved points.
    pub points_counted: Points,
    pub points_required: Points,
    pub approved_points: Points,
    pub approved_required: Points,
    /// Earned before the non-approved cap.
    pub categories: BTreeMap<String, CategoryProgress>,
    pub points_still_needed: Points,
    pub complete: bool,
    /// How much `points_counted` would grow if every planned activity in the cycle were done.
    pub points_planned: Points,
    /// `points_still_needed` with every planned activity done.
    pub plan_still_needed: Points,
    /// The date of the first activity, done or planned, in date order, after which every
    /// requirement is met; `None` if done and planned together never meet them.
    pub projected_complete: Option<NaiveDate>,
    /// Kinds of activity in the window that this credential's rules do not count.
    pub not_counted: Vec<NotCounted>,
    /// The approving body, where the credential names one.
    #[serde(skip)]
    pub approved_by: Option<String>,
    /// Non-approved points earned but not counted because of the cap.
    #[serde(skip)]
    pub non_approved_over_cap: Points,
    /// What the plan leaves short besides the total: ("AAMA-approved", 5), ("clinical", 2).
    #[serde(skip)]
    pub plan_shortfalls: Vec<(String, Points)>,
}

impl Progress {
    /// The categories still short, with how much each lacks.
    pub fn missing_categories(&self) -> impl Iterator<Item = (&str, Points)> {
        self.categories
            .iter()
            .map(|(name, c)| (name.as_str(), c.required.shortfall_from(c.earned)))
            .filter(|(_, short)| short.is_positive())
    }

    /// What the plan leaves: "7 points short (5 AAMA-approved, 2 clinical)".
    pub fn plan_short_text(&self) -> String {
        let parts: Vec<String> = self
            .plan_shortfalls
            .iter()
            .map(|(what, n)| format!("{n} {what}"))
            .collect();
        let detail = match parts.is_empty() {
            true => String::new(),
            false => format!(" ({})", parts.join(", ")),
        };
        format!("{} points short{detail}", self.plan_still_needed)
    }

    pub fn approved_shortfall(&self) -> Points {
        self.approved_required.shortfall_from(self.approved_points)
    }

    /// Points per month still needed to finish by the expiry date; `None` when nothing is
    /// needed or the date has passed.
    pub fn pace_per_month(&self) -> Option<f64> {
        if !self.points_still_needed.is_positive() || self.days_left <= 0 {
            return None;
        }
        // An average month is 365.25 / 12 days.
        let months = self.days_left as f64 / (365.25 / 12.0);
        Some(self.points_still_needed.as_f64() / months.max(1.0))
    }
}

/// Remembers, by address, a decision about a label it has seen. Two live strings at one
/// address and of one length are the same text, and the store shares one `Arc` per distinct
/// category or list of bodies, so after the first few activities a lookup is an integer
/// comparison; a label not seen before is judged in full. Bounded: a logbook without shared
/// labels pays one short scan per activity.
struct Memo<T> {
    seen: Vec<((usize, usize), T)>,
}

impl<T: Copy> Memo<T> {
    const CAPACITY: usize = 16;

    fn new() -> Self {
        Memo {
            seen: Vec::with_capacity(Self::CAPACITY),
        }
    }

    fn get<E>(&mut self, key: &[E], judge: impl FnOnce() -> T) -> T {
        let key = (key.as_ptr() as usize, key.len());
        if let Some((_, decided)) = self.seen.iter().find(|(k, _)| *k == key) {
            return *decided;
        }
        let decided = judge();
        if self.seen.len() < Self::CAPACITY {
            self.seen.push((key, decided));
        }
        decided
    }
}

/// One activity's contribution to a credential, after the window, conversions and kind caps.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Counted<'a> {
    /// The activity itself (its id, and what the caller judges of it: its proof, its title).
    pub activity: &'a Activity,
    pub date: NaiveDate,
    pub points: Points,
    pub category: Option<&'a str>,
    /// Approved by the body the credential names (false where it names none).
    pub approved: bool,
    /// Not done yet: only the plan counts it.
    pub planned: bool,
}

/// Calls `f` for every activity that counts toward `credential` on `today`: done, dated inside
/// the current cycle's window (start to CE deadline, and not after today), converted by this
/// credential's rules, and within the kind caps. The one place these rules live; [`progress`]
/// and [`timeline`] both build on it.
pub fn for_each_counted<'a>(
    credential: &'a Credential,
    activities: &'a [Activity],
    kinds: &'a KindRules,
    today: NaiveDate,
    f: impl FnMut(Counted<'a>),
) {
    visit(credential, activities, kinds, today, false, f);
}

/// How many activities in the window count for nothing because the rules set no value for
/// their kind: (college, cpr).
type Unconverted = (usize, usize);

/// [`for_each_counted`], and with `with_plan` also every planned activity dated inside the
/// window (up to the CE deadline, as if done on its date).
fn visit<'a>(
    credential: &'a Credential,
    activities: &'a [Activity],
    kinds: &'a KindRules,
    today: NaiveDate,
    with_plan: bool,
    mut f: impl FnMut(Counted<'a>),
) -> Unconverted {
    let req = &credential.requirement;
    let start = credential.cycle_start();
    let deadline = credential.ce_deadline();
    let done_end = deadline.min(today);
    let approving_body = req.approved.as_ref().map(|a| a.by.as_str());
    let cap = req.conversions.cpr.and_then(|c| c.max_per_cycle);
    let mut unconverted = (0, 0);
    // CPR cards go through the per-cycle cap after the rest; few, so sorting them is cheap.
    let mut cards: Vec<Counted<'a>> = Vec::new();
    let mut approvals = Memo::new();
    for activity in activities {
        let a = &activity.data;
        let end = match a.planned {
            true if !with_plan => continue,
            true => deadline,
            false => done_end,
        };
        if a.date < start || a.date > end {
            continue;
        }
        let Some(credit) = req.credit(a, kinds) else {
            match a.kind {
                Kind::College => unconverted.0 += 1,
                Kind::Cpr => unconverted.1 += 1,
                Kind::Course => {}
            }
            continue;
        };
        let counted = Counted {
            activity,
            date: a.date,
            points: credit.points,
            category: credit.category,
            approved: approving_body.is_some_and(|body| {
                a.approval(|| approvals.get(&a.approved_by, || a.lists_body(body)))
            }),
            planned: a.planned,
        };
        if a.kind == Kind::Cpr && cap.is_some() {
            cards.push(counted);
        } else {
            f(counted);
        }
    }
    if let Some(cap) = cap {
        // The cards that help most count: done before planned, approved first, then the
        // earliest.
        cards.sort_by(|x, y| {
            x.planned
                .cmp(&y.planned)
                .then(y.approved.cmp(&x.approved))
                .then(x.date.cmp(&y.date))
                .then(x.activity.id.cmp(&y.activity.id))
        });
        cards.into_iter().take(cap as usize).for_each(f);
    }
    unconverted
}

/// Points counted after the cap on non-approved points: where a credential sets an approved
/// minimum, non-approved points count for at most `points_required - minimum`.
fn apply_non_approved_cap(credential: &Credential, earned: Points, approved: Points) -> Points {
    match &credential.requirement.approved {
        Some(rule) => {
            let cap = credential
                .requirement
                .points_required
                .shortfall_from(rule.min);
            approved + (earned - approved).min(cap)
        }
        None => earned,
    }
}

/// Running sums toward one credential's requirements.
#[derive(Clone)]
struct Tally {
    earned: Points,
    approved: Points,
    /// In the order of the requirement's categories.
    categories: Vec<Points>,
}

/// One counted activity, its category found once. Small (16 bytes): the engine writes and
/// reads one per activity, so its size is most of the engine's memory traffic.
#[derive(Clone, Copy)]
struct Item {
    date: NaiveDate,
    points: Points,
    approved: bool,
    planned: bool,
    /// Index into the requirement's categories (a credential has a handful).
    category: Option<u8>,
}

impl Tally {
    fn new(credential: &Credential) -> Tally {
        Tally {
            earned: Points::ZERO,
            approved: Points::ZERO,
            categories: vec![Points::ZERO; credential.requirement.categories.len()],
        }
    }

    fn add(&mut self, item: &Item) {
        self.earned += item.points;
        if item.approved {
            self.approved += item.points;
        }
        if let Some(i) = item.category {
            self.categories[usize::from(i)] += item.points;
        }
    }

    fn counted(&self, credential: &Credential) -> Points {
        apply_non_approved_cap(credential, self.earned, self.approved)
    }

    /// The approved share and the categories still short, named as the panel names them.
    fn shortfalls(&self, credential: &Credential) -> Vec<(String, Points)> {
        let req = &credential.requirement;
        let approved = req.approved.as_ref().map(|a| {
            (
                format!("{}-approved", a.by),
                a.min.shortfall_from(self.approved),
            )
        });
        let categories = req
            .categories
            .iter()
            .zip(&self.categories)
            .map(|((name, required), earned)| (name.clone(), required.shortfall_from(*earned)));
        approved
            .into_iter()
            .chain(categories)
            .filter(|(_, short)| short.is_positive())
            .collect()
    }

    /// The fewest further points that would meet every requirement.
    fn still_needed(&self, credential: &Credential) -> Points {
        let req = &credential.requirement;
        let approved_required = req.approved.as_ref().map_or(Points::ZERO, |a| a.min);
        let category_shortfall: Points = req
            .categories
            .values()
            .zip(&self.categories)
            .map(|(required, earned)| required.shortfall_from(*earned))
            .sum();
        req.points_required
            .shortfall_from(self.counted(credential))
            .max(approved_required.shortfall_from(self.approved))
            .max(category_shortfall)
    }
}

/// Every counted activity (done, and with `with_plan` planned), in two runs each in date
/// order: walk them with [`Items::in_date_order`].
struct Items {
    /// The activities that arrived in date order: all of them when the caller's activities are
    /// sorted by date, as the store hands them out.
    sorted: Vec<Item>,
    /// Those that arrived out of order (the CPR cards, chosen after the rest; or everything
    /// of an unsorted list), sorted here.
    late: Vec<Item>,
}

impl Items {
    /// Both runs merged, in date order (items of one day in any order: only day boundaries
    /// are looked at). No sort of the whole list: on sorted input the engine stays one pass.
    fn in_date_order(&self) -> impl Iterator<Item = &Item> {
        let (mut a, mut b) = (self.sorted.iter().peekable(), self.late.iter().peekable());
        std::iter::from_fn(move || match (a.peek(), b.peek()) {
            (Some(x), Some(y)) if y.date < x.date => b.next(),
            (Some(_), _) => a.next(),
            (None, _) => b.next(),
        })
    }

    fn first_date(&self) -> Option<NaiveDate> {
        match (self.sorted.first(), self.late.first()) {
            (Some(x), Some(y)) => Some(x.date.min(y.date)),
            (x, y) => x.or(y).map(|i| i.date),
        }
    }
}

fn items(
    credential: &Credential,
    activities: &[Activity],
    kinds: &KindRules,
    today: NaiveDate,
    with_plan: bool,
) -> (Items, Unconverted) {
    let names: Vec<&str> = credential
        .requirement
        .categories
        .keys()
        .map(String::as_str)
        .collect();
    let mut category_of = Memo::new();
    let mut items = Items {
        sorted: Vec::with_capacity(activities.len()),
        late: Vec::new(),
    };
    let unconverted = visit(credential, activities, kinds, today, with_plan, |c| {
        let category = c.category.and_then(|name| {
            // A handful of categories: a flat list is far cheaper per activity than a map.
            category_of.get(name.as_bytes(), || {
                names
                    .iter()
                    .position(|k| *k == name)
                    .and_then(|i| u8::try_from(i).ok())
            })
        });
        let item = Item {
            date: c.date,
            points: c.points,
            approved: c.approved,
            planned: c.planned,
            category,
        };
        match items.sorted.last() {
            Some(last) if last.date > item.date => items.late.push(item),
            _ => items.sorted.push(item),
        }
    });
    items.late.sort_unstable_by_key(|i| i.date);
    (items, unconverted)
}

/// A kind of activity the credential's rules set no value for, and how many of them lie in
/// its window.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct NotCounted {
    pub kind: Kind,
    pub activities: usize,
    /// "CCMA (NHA) sets no value for college credit: log the CE credits ... as a course".
    pub reason: String,
}

/// Computes the progress of `credential` on `today`. An activity counts for every credential
/// whose window holds it.
pub fn progress(
    credential: &Credential,
    activities: &[Activity],
    kinds: &KindRules,
    today: NaiveDate,
) -> Progress {
    let req = &credential.requirement;
    let expires = credential.expires();
    let ce_deadline = credential.ce_deadline();

    let (items, (college, cpr)) = items(credential, activities, kinds, today, true);
    let (mut now, mut plan) = (Tally::new(credential), Tally::new(credential));
    // Walked in date order, so the day the requirements are first met is seen on the way.
    let mut projected_complete = None;
    let mut day = items.first_date();
    for item in items.in_date_order() {
        if Some(item.date) != day {
            if projected_complete.is_none() && !plan.still_needed(credential).is_positive() {
                projected_complete = day;
            }
            day = Some(item.date);
        }
        plan.add(item);
        if !item.planned {
            now.add(item);
        }
    }
    if projected_complete.is_none() && !plan.still_needed(credential).is_positive() {
        projected_complete = day;
    }

    let counted = now.counted(credential);
    let still_needed = now.still_needed(credential);
    let complete = !still_needed.is_positive();
    let state = if complete {
        State::Complete
    } else if today <= expires {
        State::InProgress
    } else if today <= ce_deadline {
        State::Grace
    } else {
        State::Lapsed
    };
    let not_counted = [(Kind::College, college), (Kind::Cpr, cpr)]
        .into_iter()
        .filter(|(_, n)| *n > 0)
        .filter_map(|(kind, activities)| {
            req.unconverted(kind).map(|reason| NotCounted {
                kind,
                activities,
                reason,
            })
        })
        .collect();

    Progress {
        id: credential.id,
        preset: credential.spec.preset_id().to_owned(),
        name: credential.name().to_owned(),
        cycle_start: credential.cycle_start(),
        expires,
        ce_deadline,
        days_left: (expires - today).num_days(),
        state,
        points_earned: now.earned,
        points_counted: counted,
        points_required: req.points_required,
        approved_points: now.approved,
        approved_required: req.approved.as_ref().map_or(Points::ZERO, |a| a.min),
        categories: req
            .categories
            .iter()
            .zip(&now.categories)
            .map(|((name, &required), &earned)| {
                (name.clone(), CategoryProgress { earned, required })
            })
            .collect(),
        points_still_needed: still_needed,
        complete,
        points_planned: plan.counted(credential) - counted,
        plan_still_needed: plan.still_needed(credential),
        projected_complete,
        not_counted,
        approved_by: req.approved.as_ref().map(|a| a.by.clone()),
        non_approved_over_cap: now.earned - counted,
        plan_shortfalls: plan.shortfalls(credential),
    }
}

/// Points counted so far, day by day: one step per day with activity, in date order. Its last
/// value is [`Progress::points_counted`].
pub fn timeline(
    credential: &Credential,
    activities: &[Activity],
    kinds: &KindRules,
    today: NaiveDate,
) -> Vec<(NaiveDate, Points)> {
    steps(credential, activities, kinds, today, false)
}

/// The timeline with every planned activity in the cycle done on its date: the chart's
/// continuation through the plan.
pub fn plan_timeline(
    credential: &Credential,
    activities: &[Activity],
    kinds: &KindRules,
    today: NaiveDate,
) -> Vec<(NaiveDate, Points)> {
    steps(credential, activities, kinds, today, true)
}

fn steps(
    credential: &Credential,
    activities: &[Activity],
    kinds: &KindRules,
    today: NaiveDate,
    with_plan: bool,
) -> Vec<(NaiveDate, Points)> {
    let (items, _) = items(credential, activities, kinds, today, with_plan);
    let mut tally = Tally::new(credential);
    let mut steps: Vec<(NaiveDate, Points)> = Vec::new();
    for item in items.in_date_order() {
        tally.add(item);
        let counted = tally.counted(credential);
        match steps.last_mut() {
            Some(last) if last.0 == item.date => last.1 = counted,
            _ => steps.push((item.date, counted)),
        }
    }
    steps
}

#[cfg(test)]
mod tests;
