//! What the window shows, held in memory: read from the store once, kept in step with every
//! change, and re-derived (progress, charts) only when something changed, never per frame.
//! Each credential is one [`CredentialView`]: the credential with its progress, timeline and
//! proof counts, so nothing is matched up by index.

use chrono::NaiveDate;

use crate::domain::progress::{for_each_counted, plan_timeline};
use crate::domain::proof::{Certificates, Lack, documented, lacks_in};
use crate::domain::{
    Activity, ActivityData, Credential, Points, Progress, RuleBook, progress, timeline,
};
use crate::logbook::{self, Logbook};
use crate::store::attachments::Removed;

/// One credential as the window shows it: the credential and what is derived from it.
pub struct CredentialView {
    pub credential: Credential,
    pub progress: Progress,
    /// Counted points over the cycle.
    pub timeline: Vec<(NaiveDate, Points)>,
    /// The same with every planned activity done on its date; empty when the plan adds
    /// nothing.
    pub plan_timeline: Vec<(NaiveDate, Points)>,
    /// How many of the activities it counts lack some proof.
    pub lacking_proof: usize,
    /// The certificates of the activities it counts (what its packet holds).
    pub counted_certificates: usize,
}

pub struct Data {
    pub activities: Vec<Activity>,
    /// Each activity's certificates, with whether their stored copies are there (checked by
    /// size when read; hashed when a packet is made).
    pub certificates: Certificates,
    /// One per credential, in the store's order.
    pub views: Vec<CredentialView>,
    /// Per activity: whether some credential's current cycle holds it.
    pub in_a_cycle: Vec<bool>,
    /// Bumped on every change, so caches know when to rebuild.
    pub generation: u64,
}

impl Data {
    /// Reads everything the window shows; certificates are checked by size, not hashed.
    pub fn load(logbook: &Logbook) -> logbook::Result<Data> {
        let mut data = Data {
            activities: logbook.activities()?,
            certificates: logbook.certificates(false)?,
            views: Vec::new(),
            in_a_cycle: Vec::new(),
            generation: 0,
        };
        data.set_credentials(
            logbook.credentials().to_vec(),
            logbook.rules(),
            logbook.today(),
        );
        Ok(data)
    }

    /// Recomputes everything that follows from the activities and credentials.
    pub fn derive(&mut self, rules: &RuleBook, today: NaiveDate) {
        let credentials = std::mem::take(&mut self.views)
            .into_iter()
            .map(|v| v.credential)
            .collect();
        self.set_credentials(credentials, rules, today);
    }

    /// Takes these credentials (added or renewed ones) and derives every view from them: a
    /// view never holds a credential without its progress.
    pub fn set_credentials(
        &mut self,
        credentials: Vec<Credential>,
        rules: &RuleBook,
        today: NaiveDate,
    ) {
        let kinds = &rules.kinds;
        let windows: Vec<_> = credentials.iter().map(Credential::cycle_window).collect();
        self.in_a_cycle = self
            .activities
            .iter()
            .map(|a| windows.iter().any(|w| w.contains(&a.data.date)))
            .collect();
        self.views = credentials
            .into_iter()
            .map(|credential| {
                let (mut lacking_proof, mut counted_certificates) = (0, 0);
                for_each_counted(&credential, &self.activities, kinds, today, |counted| {
                    // Counted means inside its cycle, as `documented` assumes.
                    if !documented(&self.certificates, counted.activity) {
                        lacking_proof += 1;
                    }
                    counted_certificates += self
                        .certificates
                        .get(&counted.activity.id)
                        .map_or(0, Vec::len);
                });
                let progress = progress(&credential, &self.activities, kinds, today);
                let plan_timeline = if progress.points_planned.is_positive() {
                    plan_timeline(&credential, &self.activities, kinds, today)
                } else {
                    Vec::new()
                };
                CredentialView {
                    progress,
                    timeline: timeline(&credential, &self.activities, kinds, today),
                    plan_timeline,
                    credential,
                    lacking_proof,
                    counted_certificates,
                }
            })
            .collect();
        self.generation += 1;
    }

    /// What `activity` lacks as proof; `in_cycle` says whether its date counts.
    pub fn lacks(&self, activity: &Activity, in_cycle: bool) -> Vec<Lack> {
        lacks_in(&self.certificates, activity, in_cycle)
    }

    /// Puts back an activity whose removal was undone, with its certificates.
    pub fn restore(&mut self, removed: Removed, logbook: &Logbook) {
        let id = removed.activity.id;
        if !removed.attachments.is_empty() {
            let list = removed
                .attachments
                .into_iter()
                .map(|a| {
                    let state = logbook.store().file_state(&a, false);
                    (a, state)
                })
                .collect();
            self.certificates.insert(id, list);
        }
        self.activities.push(removed.activity);
    }

    pub fn activity(&self, id: i64) -> Option<&Activity> {
        self.activities.iter().find(|a| a.id == id)
    }

    /// The view of the credential with this id.
    pub fn view(&self, id: i64) -> Option<&CredentialView> {
        self.views.iter().find(|v| v.credential.id == id)
    }

    pub fn credentials(&self) -> impl Iterator<Item = &Credential> {
        self.views.iter().map(|v| &v.credential)
    }

    /// Why an activity counts for no credential, for the dimmed row's tooltip.
    pub fn outside_reason(&self, a: &ActivityData) -> String {
        if self.views.is_empty() {
            return "No credential yet: add the one you hold to count this activity.".to_owned();
        }
        let windows: Vec<String> = self
            .credentials()
            .map(|c| {
                format!(
                    "{} counts {} to {}",
                    c.name(),
                    c.cycle_start(),
                    c.ce_deadline()
                )
            })
            .collect();
        format!(
            "{} is outside every current cycle: {}.",
            a.date,
            windows.join("; ")
        )
    }

    /// What a row's tooltip says: why it counts for no cycle, which credentials set no value
    /// for its kind, and that a planned activity does not count yet.
    pub fn row_notes(&self, a: &ActivityData, inside: bool) -> Vec<String> {
        let mut notes = Vec::new();
        if !inside {
            notes.push(self.outside_reason(a));
        }
        if a.planned {
            notes.push(
                "Planned: it counts only in your plan until you mark it done (Enter edits it)."
                    .to_owned(),
            );
        }
        notes.extend(
            self.credentials()
                .filter(|c| c.cycle_contains(a.date))
                .filter_map(|c| c.requirement.unconverted(a.kind))
                .map(|reason| format!("Not counted: {reason}.")),
        );
        notes
    }

    /// Every approving body the user's credentials name, for the form's checkboxes.
    pub fn approving_bodies(&self, rules: &RuleBook) -> Vec<String> {
        let mut bodies: Vec<String> = Vec::new();
        for c in self.credentials() {
            let body = match &c.requirement.approved {
                Some(a) => Some(a.by.clone()),
                None => rules.preset(c.spec.preset_id()).map(|p| p.body.clone()),
            };
            if let Some(b) = body
                && !bodies.iter().any(|x| x.eq_ignore_ascii_case(&b))
            {
                bodies.push(b);
            }
        }
        bodies
    }

    /// Categories worth offering: the credentials' minimums, the standard three, and any in use.
    pub fn categories(&self) -> Vec<String> {
        let mut all: Vec<String> = ["administrative", "clinical", "general"]
            .map(String::from)
            .to_vec();
        let named = self
            .credentials()
            .flat_map(|c| c.requirement.categories.keys().cloned());
        for c in named {
            if !all.contains(&c) {
                all.push(c);
            }
        }
        let mut used: Vec<&str> = self
            .activities
            .iter()
            .filter_map(|a| a.data.category.as_deref())
            .collect();
        used.sort_unstable();
        used.dedup();
        for c in used {
            if !all.iter().any(|a| a == c) {
                all.push(c.to_owned());
            }
        }
        all
    }
}
