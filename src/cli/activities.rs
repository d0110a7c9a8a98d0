//! Commands on activities: add, edit, remove, list, and the status they add up to.

use super::args::ActivityArgs;
use super::context::{Context, Output};
use super::print::{self, Status};
use crate::domain::ActivityDraft;

/// `add`: the options are checked before the logbook is opened (or created).
pub fn add(ctx: &Context, args: ActivityArgs) -> Output {
    let data = args
        .apply(ActivityDraft::default())
        .validate(&ctx.rules.kinds, ctx.today)?;
    let mut logbook = ctx.open()?;
    Ok(format!("{}\n", logbook.add_activity(&data)?))
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
    Ok(print::activity_table(&activities))
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
