//! The catalogues in locales/ are compiled into the binary: a language
//! added there (a new folder) rebuilds it, as a changed file does.

fn main() {
    println!("cargo:rerun-if-changed=locales");
}
