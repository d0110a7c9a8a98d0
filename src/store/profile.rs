//! The person the logbook belongs to: the name printed on transcripts, kept in the `setting`
//! table.

use super::Store;
use super::error::Result;

impl Store {
    /// The name to print on transcripts, if the person gave one.
    pub fn person_name(&self) -> Result<Option<String>> {
        let mut stmt = self
            .conn
            .prepare_cached("SELECT value FROM setting WHERE key = 'person_name'")?;
        let mut rows = stmt.query_map([], |r| r.get::<_, String>(0))?;
        Ok(rows.next().transpose()?)
    }

    /// Sets (or, with an empty name, forgets) the name printed on transcripts.
    pub fn set_person_name(&mut self, name: &str) -> Result<()> {
        let name = name.trim().to_owned();
        self.write(|tx| {
            if name.is_empty() {
                tx.execute("DELETE FROM setting WHERE key = 'person_name'", [])?;
            } else {
                tx.execute(
                    "INSERT INTO setting (key, value) VALUES ('person_name', ?1)
                     ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                    [&name],
                )?;
            }
            Ok(())
        })
    }
}
