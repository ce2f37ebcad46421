//! A person's display name: trimmed, 1 to 200 characters (a full Spanish
//! name with two family names and particles runs past 80), no control
//! characters. A longer one is refused with a message, never cut.

use super::Problem;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UserName(String);

impl UserName {
    pub const MAX_CHARS: usize = 200;

    pub fn parse(input: &str) -> Result<UserName, Problem> {
        let name = input.trim();
        if name.is_empty() {
            return Err(Problem::NameMissing);
        }
        if name.chars().count() > Self::MAX_CHARS {
            return Err(Problem::NameTooLong);
        }
        if name.chars().any(char::is_control) {
            return Err(Problem::NameHasControls);
        }
        Ok(UserName(name.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The key the directory sorts by: names as people read them.
    pub fn sort_key(&self) -> String {
        sort_key(&self.0)
    }
}

/// Digits a number in a name is padded to: "Persona 2" before "Persona 10".
const NUMBER_WIDTH: usize = 20;

/// The key `name` sorts by, byte by byte on both engines: without regard to
/// case or accents ("Álvaro" among the A's, "Óscar" among the O's), ñ after
/// every other n (as Spanish orders it), and numbers by their value.
pub fn sort_key(name: &str) -> String {
    use unicode_normalization::char::is_combining_mark;
    use unicode_normalization::UnicodeNormalization;
    let mut key = String::with_capacity(name.len() + 8);
    let mut digits = String::new();
    let flush = |digits: &mut String, key: &mut String| {
        if !digits.is_empty() {
            let value = digits.trim_start_matches('0');
            let value = if value.is_empty() { "0" } else { value };
            for _ in value.len()..NUMBER_WIDTH {
                key.push('0');
            }
            key.push_str(value);
            digits.clear();
        }
    };
    for c in name.chars() {
        if c.is_ascii_digit() {
            digits.push(c);
            continue;
        }
        flush(&mut digits, &mut key);
        if c == 'ñ' || c == 'Ñ' {
            // After "nz": '~' sorts after every letter.
            key.push_str("n~");
            continue;
        }
        for part in c.nfkd().filter(|p| !is_combining_mark(*p)) {
            key.extend(part.to_lowercase());
        }
    }
    flush(&mut digits, &mut key);
    key
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_sort_as_people_read_them() {
        let mut names = vec![
            "Zoe Martín",
            "Úrsula Díaz",
            "Álvaro Ruiz",
            "óscar Peña",
            "Íñigo Sanz",
            "Inés Gil",
            "Persona 10",
            "Persona 2",
            "Persona 02b",
            "Nuño",
            "Nuria",
            "ana López",
            "Ana Lopez",
            "Beatriz",
        ];
        names.sort_by_key(|n| (sort_key(n), n.to_string()));
        assert_eq!(
            names,
            [
                "Álvaro Ruiz",
                "Ana Lopez",
                "ana López",
                "Beatriz",
                "Inés Gil",
                "Íñigo Sanz",
                "Nuño",
                "Nuria",
                "óscar Peña",
                "Persona 2",
                "Persona 02b",
                "Persona 10",
                "Úrsula Díaz",
                "Zoe Martín",
            ]
        );
        assert_eq!(sort_key("ÁLVARO"), sort_key("alvaro"));
    }

    #[test]
    fn name_is_trimmed_and_limited() {
        assert_eq!(UserName::parse("  Ann Lee ").unwrap().as_str(), "Ann Lee");
        assert_eq!(UserName::parse("   "), Err(Problem::NameMissing));
        assert!(UserName::parse(&"é".repeat(200)).is_ok());
        assert_eq!(UserName::parse(&"é".repeat(201)), Err(Problem::NameTooLong));
        let long = "María de los Ángeles Fernández de Córdoba y Martínez-Villanueva del Río";
        assert_eq!(UserName::parse(long).unwrap().as_str(), long);
        assert_eq!(UserName::parse("Ann\nLee"), Err(Problem::NameHasControls));
        assert!(UserName::parse("Ann\u{7f}").is_err());
    }
}
