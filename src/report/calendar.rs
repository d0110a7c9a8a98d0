//! The calendar of deadlines: for every credential, its expiry, the last day of the CE route,
//! the body's other deadlines (e.g. CMA (AAMA): the last day to pass the exam without a
//! lapse) and reminders 6, 3 and 1 months before expiry, as all-day events in one iCalendar
//! file. Every event carries two alarms, a week before and on the day, so a calendar program
//! reminds the person instead of only listing the date.

use chrono::{Duration, Months, NaiveDate};
use icalendar::{Alarm, Calendar, Component, Event, EventLike};

use crate::domain::Progress;
use crate::domain::rules::ExtraDeadline;

/// Months before expiry that a reminder falls on.
pub const REMINDER_MONTHS: [u32; 3] = [6, 3, 1];

/// When the alarms ring, from the start (midnight) of an all-day event: 9:00 a week before,
/// and 9:00 on the day.
fn alarm_triggers() -> [Duration; 2] {
    [Duration::days(-7) + Duration::hours(9), Duration::hours(9)]
}

/// One credential's figures and its body's other deadlines.
pub struct Entry<'a> {
    pub progress: &'a Progress,
    pub deadlines: &'a [ExtraDeadline],
}

/// The iCalendar text. `today` stamps the events (DTSTAMP), so the same logbook on the same
/// day gives the same file; each event's UID stays the same across exports of one cycle, so a
/// calendar program updates it instead of adding a copy.
pub fn ics(entries: &[Entry<'_>], today: NaiveDate) -> String {
    let stamp = today.and_hms_opt(0, 0, 0).unwrap_or_default().and_utc();
    let mut cal = Calendar::new();
    cal.name("CE Logbook deadlines");
    for entry in entries {
        let p = entry.progress;
        let uid = |what: &str| format!("{what}-{}-{}@ce-logbook", p.id, p.cycle_start);
        let needed = if p.points_still_needed.is_positive() {
            format!(
                "{} points still needed as of {today}.",
                p.points_still_needed
            )
        } else {
            format!("Every requirement was met as of {today}.")
        };
        let mut event = |date: NaiveDate, key: &str, summary: String, description: String| {
            let uid = uid(key);
            let mut e = Event::new();
            e.uid(&uid)
                .timestamp(stamp)
                .all_day(date)
                // All-day events end, exclusively, on the next day (RFC 5545 3.6.1).
                .ends(date.succ_opt().unwrap_or(date))
                .summary(&summary)
                .description(&description);
            for (i, trigger) in alarm_triggers().into_iter().enumerate() {
                // Stamped and named like the event, so the file stays the same for the same
                // logbook on the same day.
                let mut alarm = Alarm::display(&summary, trigger);
                alarm.uid(&format!("{uid}-alarm-{i}")).timestamp(stamp);
                e.alarm(alarm);
            }
            cal.push(e.done());
        };
        for months in REMINDER_MONTHS {
            if let Some(date) = p.expires.checked_sub_months(Months::new(months)) {
                let when = if months == 1 {
                    "1 month".to_owned()
                } else {
                    format!("{months} months")
                };
                event(
                    date,
                    &format!("reminder-{months}m"),
                    format!("{} expires in {when}", p.name),
                    format!("{} expires on {}. {needed}", p.name, p.expires),
                );
            }
        }
        for d in entry.deadlines {
            if let Some(date) = p
                .expires
                .checked_sub_months(Months::new(d.months_before_expiry))
            {
                event(
                    date,
                    &format!("deadline-{}", d.id),
                    format!("{}: {}", p.name, d.title),
                    format!("{} {} expires on {}.", d.description, p.name, p.expires),
                );
            }
        }
        event(
            p.expires,
            "expires",
            format!("{} expires today", p.name),
            format!(
                "Last day of the cycle that began on {}. {needed}",
                p.cycle_start
            ),
        );
        if p.ce_deadline != p.expires {
            event(
                p.ce_deadline,
                "ce-deadline",
                format!("{}: last day of the CE route", p.name),
                format!(
                    "After today recertifying by continuing education is closed and the exam is the way back. {needed}"
                ),
            );
        }
    }
    cal.done().to_string()
}
