#![allow(clippy::expect_used, clippy::unwrap_used)]
//! Embeds every rule page under `rules/` into the binary, so `compat explain` works from anywhere.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::{env, fs};

fn main() {
    println!("cargo:rerun-if-changed=rules");
    let mut pages = Vec::new();
    collect(Path::new("rules"), &mut pages);
    pages.sort();
    let mut out = String::from(
        "/// `(path, text)` of every rule page, sorted by path.\npub static PAGES: &[(&str, &str)] = &[\n",
    );
    for page in &pages {
        let absolute = fs::canonicalize(page).expect("rule page path");
        println!("cargo:rerun-if-changed={}", page.display());
        writeln!(
            out,
            "    ({:?}, include_str!({:?})),",
            page.display().to_string(),
            absolute.display().to_string()
        )
        .unwrap();
    }
    out.push_str("];\n");
    let dest = PathBuf::from(env::var_os("OUT_DIR").expect("OUT_DIR")).join("rule_pages.rs");
    fs::write(dest, out).expect("write rule_pages.rs");
}

fn collect(dir: &Path, pages: &mut Vec<PathBuf>) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    for entry in entries {
        let path = entry.expect("read rules/").path();
        println!("cargo:rerun-if-changed={}", path.display());
        if path.is_dir() {
            collect(&path, pages);
        } else if path.extension().is_some_and(|e| e == "md") {
            pages.push(path);
        }
    }
}
