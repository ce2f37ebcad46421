//! An engine's migrations as its folder holds them (`migrations/NNNN_what.sql`,
//! numbered from 0001 with no gap), read from the folder when gatehouse is
//! built: a new migration is one file in each engine's folder.

use rust_embed::RustEmbed;

/// The SQL of every migration in `F`'s folder, in the order of their numbers.
pub fn in_order<F: RustEmbed>() -> Vec<String> {
    names::<F>()
        .iter()
        .map(|name| {
            let file = F::get(name).expect("a file the folder lists");
            String::from_utf8_lossy(&file.data).into_owned()
        })
        .collect()
}

fn names<F: RustEmbed>() -> Vec<String> {
    let mut names: Vec<String> = F::iter()
        .filter(|name| name.ends_with(".sql"))
        .map(|name| name.into_owned())
        .collect();
    names.sort();
    names
}

/// What is wrong with the folder's numbering: a file whose name does not
/// start with the number after the one before (`0001_`, `0002_`…).
#[cfg(test)]
pub fn misnumbered<F: RustEmbed>() -> Vec<String> {
    names::<F>()
        .into_iter()
        .enumerate()
        .filter(|(index, name)| !name.starts_with(&format!("{:04}_", index + 1)))
        .map(|(_, name)| name)
        .collect()
}
