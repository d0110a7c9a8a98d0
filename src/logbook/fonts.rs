//! Installed fonts for the transcript's characters its embedded font lacks (a title in
//! Chinese, a symbol): looked up with fontdb in the system's font folders and fontconfig's
//! configuration; nothing is ever downloaded.

use std::collections::BTreeSet;

use skrifa::MetadataProvider;

/// Font files (with the face's index inside) that together have as many of `chars` as the
/// installed fonts have, regular upright sans faces first so the fallback looks like the
/// rest of the page. Empty where none has any.
pub fn covering(chars: &[char]) -> Vec<(Vec<u8>, u32)> {
    let mut wanted: BTreeSet<char> = chars.iter().copied().collect();
    if wanted.is_empty() {
        return Vec::new();
    }
    let mut db = fontdb::Database::new();
    db.load_system_fonts();
    let mut faces: Vec<&fontdb::FaceInfo> = db.faces().collect();
    faces.sort_by_key(|f| {
        (
            f.style != fontdb::Style::Normal,
            f.weight.0.abs_diff(400),
            f.monospaced,
            f.families.first().map(|(name, _)| name.clone()),
        )
    });
    let mut found = Vec::new();
    for face in faces {
        if wanted.is_empty() {
            break;
        }
        let has = db
            .with_face_data(face.id, |data, index| {
                let font = skrifa::FontRef::from_index(data, index).ok()?;
                let charmap = font.charmap();
                let has: Vec<char> = wanted
                    .iter()
                    .copied()
                    .filter(|c| charmap.map(*c).is_some_and(|g| g.to_u32() != 0))
                    .collect();
                (!has.is_empty()).then(|| (has, data.to_vec(), index))
            })
            .flatten();
        if let Some((has, data, index)) = has {
            for c in has {
                wanted.remove(&c);
            }
            found.push((data, index));
        }
    }
    found
}
