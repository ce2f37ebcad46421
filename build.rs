//! The catalogues in locales/, the templates, the assets and the engines'
//! migrations are compiled into the binary: a file added to one of those
//! folders rebuilds it, as a changed file does.

fn main() {
    for folder in [
        "locales",
        "templates",
        "assets",
        "src/store/sqlite/migrations",
        "src/store/postgres/migrations",
    ] {
        println!("cargo:rerun-if-changed={folder}");
    }
}
