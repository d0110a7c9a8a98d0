//! Commands on activities: add, edit, remove, list, and the status they add up to.

use super::args::ActivityArgs;
use super::context::{Context, Output};
use super::print::{self, Status};
use crate::domain::dates::parse_iso;
use crate::domain::{ActivityDraft, FieldError};

/// `add`: the options are checked before the logbook is opened (or created).
pub fn add(ctx: &Context, args: ActivityArgs, planned: bool) -> Output {
    let draft = ActivityDraft {
        planned,
        ..Default::default()
    };
    let data = args.apply(draft).validate(&ctx.rules.kinds, ctx.today)?;
    let mut logbook = ctx.open()?;
    Ok(format!("{}\n", logbook.add_activity(&data)?))
}

/// `done`: a planned activity was done, on `date` (today when not given).
pub fn done(ctx: &Context, id: i64, date: Option<&str>) -> Output {
    let date = match date {
        Some(text) => parse_iso(text).map_err(|m| FieldError::new("date", m))?,
        None => ctx.today,
    };
    let done = ctx.open()?.mark_done(id, date)?;
    Ok(format!(
        "activity {id} ({}) done on {}; it counts now\n",
        done.data.title, done.data.date
    ))
}

/// `edit`: only the options given change.
pub fn edit(ctx: &Context, id: i64, fields: ActivityArgs) -> Output {
    let mut logbook = ctx.open()?;
    let old = logbook.activity(id)?;
    let data = logbook.validate(fields.apply(ActivityDraft::from(&old.data)))?;
    logbook.update_activity(id, &data)?;
    Ok(format!("updated activity {id}\n"))
}

/// `remove`: certificates nobody refers to any more go with it.
pub fn remove(ctx: &Context, id: i64) -> Output {
    let mut logbook = ctx.open()?;
    let gone = logbook.remove_activity(id)?;
    logbook.sweep_certificates()?;
    Ok(format!(
        "removed activity {id} ({})\n",
        gone.activity.data.title
    ))
}

pub fn list(ctx: &Context, json: bool) -> Output {
    let activities = ctx.open()?.activities()?;
    if json {
        return print::json(&activities);
    }
    Ok(print::activity_table(&activities, ctx.today))
}

pub fn status(ctx: &Context, json: bool) -> Output {
    let all = ctx.open()?.progress()?;
    if json {
        return print::json(&Status {
            today: ctx.today,
            credentials: &all,
        });
    }
    Ok(print::status_text(&all))
}
