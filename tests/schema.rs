//! The JSON Schemas shipped in the npm package (`www/profile.schema.json`,
//! `www/diff.schema.json`) are the ones the Rust types generate: they cannot drift from the
//! profile's shape. `SLUICE_WRITE_SCHEMA=1 cargo test --test schema` writes them.
#![cfg(all(feature = "schema", not(target_arch = "wasm32")))]

fn check(file: &str, generated: serde_json::Value) {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(file);
    let text = serde_json::to_string_pretty(&generated).unwrap() + "\n";
    if std::env::var_os("SLUICE_WRITE_SCHEMA").is_some() {
        std::fs::write(&path, &text).unwrap();
    }
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(committed == text, "{file} is not the schema the types generate: run SLUICE_WRITE_SCHEMA=1 cargo test --test schema");
}

#[test]
fn the_shipped_schemas_are_the_generated_ones() {
    let p = sluice::profile::profile_schema();
    // Every field of the profile is in it, described by its doc comment.
    let props = p["properties"].as_object().unwrap();
    for k in ["sluice_version", "profile_version", "files", "columns", "findings", "memory"] {
        assert!(props.contains_key(k), "{k}");
    }
    assert!(props["files"]["description"].as_str().unwrap().contains("files mined as this dataset"));
    check("www/profile.schema.json", p);
    check("www/diff.schema.json", sluice::diff::diff_schema());
}
