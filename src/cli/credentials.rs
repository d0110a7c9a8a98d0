//! `credential add|renew|list|remove`: the credentials the user holds and their cycles.

use chrono::NaiveDate;

use super::args::CredentialCommand;
use super::context::{Context, Output};
use super::print::{self, CredentialJson};
use crate::domain::dates::{check_past, parse_iso};
use crate::domain::rules::CUSTOM;
use crate::domain::{CredentialSpec, CustomDraft, FieldError, InvalidInput};

pub fn run(ctx: &Context, command: CredentialCommand) -> Output {
    match command {
        CredentialCommand::Add {
            preset,
            certified,
            name,
            months,
            points,
            categories,
            approved_by,
            approved_min,
            college_points,
            cpr_points,
            cpr_max,
        } => {
            // Which custom option was typed at all (even empty): a preset takes none.
            let custom_option = [
                ("name", name.is_some()),
                ("months", months.is_some()),
                ("points", points.is_some()),
                ("category", !categories.is_empty()),
                ("approved-by", approved_by.is_some()),
                ("approved-min", approved_min.is_some()),
                ("college-points", college_points.is_some()),
                ("cpr-points", cpr_points.is_some()),
                ("cpr-max", cpr_max.is_some()),
            ]
            .into_iter()
            .find_map(|(field, given)| given.then_some(field));
            let custom = CustomDraft {
                name: name.unwrap_or_default(),
                months: months.unwrap_or_default(),
                points: points.unwrap_or_default(),
                categories,
                approved_by: approved_by.unwrap_or_default(),
                approved_min: approved_min.unwrap_or_default(),
                college_points: college_points.unwrap_or_default(),
                cpr_points: cpr_points.unwrap_or_default(),
                cpr_max: cpr_max.unwrap_or_default(),
            };
            add(ctx, &preset, &certified, custom, custom_option)
        }
        CredentialCommand::Renew { id, on } => {
            let on = parse_iso(&on).map_err(|m| FieldError::new("on", m))?;
            let mut logbook = ctx.open()?;
            let id = logbook.credential_id(&id)?;
            let (credential, start, expires) = logbook.renew_credential(id, on)?;
            Ok(format!(
                "{}: new cycle from {start}, expires {expires}\n",
                credential.name()
            ))
        }
        CredentialCommand::List { json } => {
            let logbook = ctx.open()?;
            if json {
                let list: Vec<_> = logbook
                    .credentials()
                    .iter()
                    .map(CredentialJson::from)
                    .collect();
                return print::json(&list);
            }
            Ok(print::credentials_text(logbook.credentials()))
        }
        CredentialCommand::Remove { id } => {
            let mut logbook = ctx.open()?;
            let id = logbook.credential_id(&id)?;
            let credential = logbook.remove_credential(id)?;
            Ok(format!(
                "removed credential {id} ({}); its activities stay in the logbook\n",
                credential.name()
            ))
        }
    }
}

/// `credential add`: every option is checked (and every wrong one named) before the logbook
/// is opened or created.
fn add(
    ctx: &Context,
    preset: &str,
    certified: &str,
    custom: CustomDraft,
    custom_option: Option<&'static str>,
) -> Output {
    let certified = parse_iso(certified)
        .and_then(|d| check_past(d, ctx.today))
        .map_err(|m| FieldError::new("certified", m));
    let preset = preset.trim().to_ascii_lowercase();
    let spec = if preset == CUSTOM {
        custom_spec(custom, certified.as_ref().err())?
    } else if ctx.rules.preset(&preset).is_some() {
        if let Some(field) = custom_option {
            return Err(FieldError::new(
                field,
                format!("is only for a custom credential; {preset} has its rules built in"),
            )
            .into());
        }
        CredentialSpec::Preset(preset)
    } else {
        return Err(FieldError::new(
            "preset",
            format!(
                "'{preset}' is not a credential preset; use one of {}",
                ctx.rules.preset_ids().join(", ")
            ),
        )
        .into());
    };
    let certified: NaiveDate = certified?;
    Ok(format!(
        "{}\n",
        ctx.open()?.add_credential(&spec, certified)?
    ))
}

/// A custom credential's rules, with the certification date's error (if any) named too.
fn custom_spec(
    draft: CustomDraft,
    certified: Option<&FieldError>,
) -> Result<CredentialSpec, InvalidInput> {
    let mut errors: Vec<FieldError> = certified.cloned().into_iter().collect();
    match draft.validate() {
        Ok(spec) if errors.is_empty() => Ok(CredentialSpec::Custom(spec)),
        Ok(_) => Err(InvalidInput(errors)),
        Err(InvalidInput(more)) => {
            errors.extend(more);
            Err(InvalidInput(errors))
        }
    }
}
