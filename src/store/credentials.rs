//! Credentials and their renewals.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use rusqlite::{OptionalExtension, params};

use super::Store;
use super::activities::parse_date;
use super::error::{Result, StoreError};
use crate::domain::rules::{Approval, CUSTOM, CollegeConversion, Conversions, CprConversion};
use crate::domain::{CredentialRecord, CredentialSpec, CustomSpec, Points};

impl Store {
    /// Every credential, in the order they were added.
    pub fn credentials(&self) -> Result<Vec<CredentialRecord>> {
        let mut renewals: BTreeMap<i64, Vec<NaiveDate>> = BTreeMap::new();
        let mut stmt = self.conn.prepare_cached(
            "SELECT credential_id, on_date FROM renewal ORDER BY credential_id, on_date",
        )?;
        let mut rows = stmt.query([])?;
        while let Some(row) = rows.next()? {
            let on: String = row.get(1)?;
            renewals
                .entry(row.get(0)?)
                .or_default()
                .push(parse_date(&on)?);
        }

        let mut stmt = self.conn.prepare_cached(
            "SELECT id, preset, certified, name, cycle_months, points_required, approved_by,
                    approved_min, categories, college_points, cpr_points, cpr_max
             FROM credential ORDER BY id",
        )?;
        let mut rows = stmt.query([])?;
        let mut credentials = Vec::new();
        while let Some(row) = rows.next()? {
            let id: i64 = row.get(0)?;
            let preset: String = row.get(1)?;
            let certified: String = row.get(2)?;
            let spec = if preset == CUSTOM {
                let unreadable =
                    || StoreError::Unreadable(format!("definition of credential {id}"));
                let months: i64 = row.get::<_, Option<i64>>(4)?.ok_or_else(unreadable)?;
                let categories: Option<String> = row.get(8)?;
                let categories: BTreeMap<String, i64> = match categories {
                    Some(json) => serde_json::from_str(&json).map_err(|_| unreadable())?,
                    None => BTreeMap::new(),
                };
                let approved = match (
                    row.get::<_, Option<String>>(6)?,
                    row.get::<_, Option<i64>>(7)?,
                ) {
                    (Some(by), Some(min)) => Some(Approval {
                        by,
                        min: Points::from_hundredths(min),
                    }),
                    _ => None,
                };
                CredentialSpec::Custom(CustomSpec {
                    name: row.get::<_, Option<String>>(3)?.ok_or_else(unreadable)?,
                    cycle_months: u32::try_from(months).map_err(|_| unreadable())?,
                    points_required: Points::from_hundredths(
                        row.get::<_, Option<i64>>(5)?.ok_or_else(unreadable)?,
                    ),
                    categories: categories
                        .into_iter()
                        .map(|(k, v)| (k, Points::from_hundredths(v)))
                        .collect(),
                    approved,
                    conversions: read_conversions(row).map_err(|_| unreadable())?,
                })
            } else {
                CredentialSpec::Preset(preset)
            };
            credentials.push(CredentialRecord {
                id,
                spec,
                certified: parse_date(&certified)?,
                renewals: renewals.remove(&id).unwrap_or_default(),
            });
        }
        Ok(credentials)
    }

    pub fn credential(&self, id: i64) -> Result<CredentialRecord> {
        self.credentials()?
            .into_iter()
            .find(|c| c.id == id)
            .ok_or(StoreError::NoCredential(id))
    }

    /// Adds a credential certified on `certified`; returns its id.
    pub fn add_credential(&mut self, spec: &CredentialSpec, certified: NaiveDate) -> Result<i64> {
        self.write(|tx| {
            let custom = match spec {
                CredentialSpec::Custom(c) => Some(c),
                CredentialSpec::Preset(_) => None,
            };
            let categories = custom.map(|c| {
                let map: BTreeMap<&str, i64> = c
                    .categories
                    .iter()
                    .map(|(k, v)| (k.as_str(), v.hundredths()))
                    .collect();
                serde_json::to_string(&map).unwrap_or_else(|_| "{}".to_owned())
            });
            let approved = custom.and_then(|c| c.approved.as_ref());
            let conversions = custom.map(|c| c.conversions).unwrap_or_default();
            tx.execute(
                "INSERT INTO credential (preset, certified, name, cycle_months, points_required,
                                         approved_by, approved_min, categories, college_points,
                                         cpr_points, cpr_max)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
                params![
                    spec.preset_id(),
                    certified.to_string(),
                    custom.map(|c| c.name.as_str()),
                    custom.map(|c| c.cycle_months),
                    custom.map(|c| c.points_required.hundredths()),
                    approved.map(|a| a.by.as_str()),
                    approved.map(|a| a.min.hundredths()),
                    categories,
                    conversions.college.map(|c| c.points_per_credit),
                    conversions.cpr.map(|c| c.points_per_card.hundredths()),
                    conversions.cpr.and_then(|c| c.max_per_cycle),
                ],
            )?;
            Ok(tx.last_insert_rowid())
        })
    }

    /// Records a recertification on `on`: the next cycle starts there.
    pub fn renew_credential(&mut self, id: i64, on: NaiveDate) -> Result<()> {
        self.write(|tx| {
            exists(tx, id)?;
            tx.execute(
                "INSERT INTO renewal (credential_id, on_date) VALUES (?1, ?2)",
                params![id, on.to_string()],
            )?;
            Ok(())
        })
    }

    /// Removes a credential and its renewals; activities stay.
    pub fn remove_credential(&mut self, id: i64) -> Result<()> {
        self.write(|tx| {
            exists(tx, id)?;
            tx.execute("DELETE FROM credential WHERE id = ?1", [id])?;
            Ok(())
        })
    }
}

/// A custom credential's conversions: columns 9 to 11 (college points per credit, CPR points
/// in hundredths, most cards); checked as the form checks them.
fn read_conversions(row: &rusqlite::Row) -> std::result::Result<Conversions, ()> {
    let college = row.get::<_, Option<u32>>(9).map_err(drop)?;
    let cpr_points = row.get::<_, Option<i64>>(10).map_err(drop)?;
    let cpr_max = row.get::<_, Option<u32>>(11).map_err(drop)?;
    let conversions = Conversions {
        college: college.map(|points_per_credit| CollegeConversion { points_per_credit }),
        cpr: cpr_points.map(|p| CprConversion {
            points_per_card: Points::from_hundredths(p),
            max_per_cycle: cpr_max,
        }),
    };
    conversions.check().map_err(drop)?;
    Ok(conversions)
}

fn exists(tx: &rusqlite::Transaction, id: i64) -> Result<()> {
    tx.query_row("SELECT 1 FROM credential WHERE id = ?1", [id], |_| Ok(()))
        .optional()?
        .ok_or(StoreError::NoCredential(id))
}
