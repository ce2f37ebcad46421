//! The catalogues in locales/, the templates and the assets are compiled
//! into the binary: a file added to one of those folders rebuilds it, as a
//! changed file does.

fn main() {
    for folder in ["locales", "templates", "assets"] {
        println!("cargo:rerun-if-changed={folder}");
    }
}
