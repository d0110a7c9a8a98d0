//! The desktop integration agrees with the program: the menu entry starts this binary and
//! finds its window by the app id the window sets, the icon it names is the one installed,
//! and the window's icon is CE Logbook's own.

use ce_logbook::app::APP_ID;

fn entry() -> String {
    std::fs::read_to_string(format!(
        "{}/assets/desktop/{APP_ID}.desktop",
        env!("CARGO_MANIFEST_DIR")
    ))
    .expect("the desktop entry is named after the app id")
}

fn value<'a>(entry: &'a str, key: &str) -> Option<&'a str> {
    entry
        .lines()
        .find_map(|l| l.strip_prefix(key)?.strip_prefix('='))
}

#[test]
fn the_menu_entry_finds_the_window_by_its_app_id() {
    let entry = entry();
    assert_eq!(value(&entry, "StartupWMClass"), Some(APP_ID));
    assert_eq!(value(&entry, "Icon"), Some(APP_ID));
    let binary = std::path::Path::new(env!("CARGO_BIN_EXE_ce-logbook"));
    assert_eq!(
        value(&entry, "Exec").map(std::ffi::OsStr::new),
        binary.file_name()
    );
}

#[test]
fn the_metainfo_launches_the_desktop_entry_and_the_package_installs_both() {
    let dir = env!("CARGO_MANIFEST_DIR");
    let metainfo = std::fs::read_to_string(format!("{dir}/assets/desktop/{APP_ID}.metainfo.xml"))
        .expect("the metainfo is named after the app id");
    assert!(metainfo.contains(&format!("<id>{APP_ID}</id>")));
    assert!(metainfo.contains(&format!(
        "<launchable type=\"desktop-id\">{APP_ID}.desktop</launchable>"
    )));
    let version = env!("CARGO_PKG_VERSION");
    assert!(
        metainfo.contains(&format!("<release version=\"{version}\"")),
        "the metainfo names this version ({version}) as a release"
    );
    let manifest = std::fs::read_to_string(format!("{dir}/Cargo.toml")).unwrap();
    for installed in [
        format!("{APP_ID}.desktop"),
        format!("{APP_ID}.metainfo.xml"),
        format!("apps/{APP_ID}.png"),
        format!("apps/{APP_ID}.svg"),
    ] {
        assert!(
            manifest.contains(&installed),
            "the package lacks {installed}"
        );
    }
}
