//! A path on this site to return to after signing in (`next`): it starts
//! with one `/`, holds only characters a URL may carry, and neither as typed
//! nor once percent-decoded could a browser read it as another host (`//`,
//! `/\`, a backslash, a control character).

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LocalPath(String);

impl LocalPath {
    pub fn parse(input: &str) -> Option<LocalPath> {
        if !input.chars().all(is_url_char) || !has_valid_escapes(input) {
            return None;
        }
        let mut layer = input.to_owned();
        // Check the text as typed and every percent-decoded layer of it.
        for _ in 0..4 {
            if !Self::is_plain_local(&layer) {
                return None;
            }
            let decoded = percent_encoding::percent_decode_str(&layer)
                .decode_utf8_lossy()
                .into_owned();
            if decoded == layer {
                return Some(LocalPath(input.to_owned()));
            }
            layer = decoded;
        }
        None
    }

    fn is_plain_local(path: &str) -> bool {
        let mut chars = path.chars();
        chars.next() == Some('/')
            && !matches!(chars.next(), Some('/') | Some('\\'))
            && !path.chars().any(|c| c == '\\' || c.is_control())
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A character an origin-form URL (path and query) may hold as it is:
/// printable ASCII but for space, `"`, `#`, `<`, `>` and `\`.
fn is_url_char(c: char) -> bool {
    c.is_ascii_graphic() && !matches!(c, '"' | '#' | '<' | '>' | '\\')
}

/// Every `%` starts a two-hex-digit escape.
fn has_valid_escapes(text: &str) -> bool {
    let bytes = text.as_bytes();
    bytes.iter().enumerate().all(|(i, b)| {
        *b != b'%'
            || bytes
                .get(i + 1..i + 3)
                .is_some_and(|hex| hex.iter().all(u8::is_ascii_hexdigit))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn local_paths_are_accepted() {
        for ok in ["/", "/users", "/users?q=ann&page=2", "/users/5/edit", "/a%20b"] {
            assert_eq!(LocalPath::parse(ok).map(|p| p.0), Some(ok.to_owned()), "{ok}");
        }
    }

    #[test]
    fn other_hosts_are_refused() {
        for bad in [
            "",
            "users",
            "//evil.example",
            "/\\evil.example",
            "\\\\evil.example",
            "https://evil.example/",
            "javascript:alert(1)",
            "/%2Fevil.example",
            "/%5Cevil.example",
            "%2F%2Fevil.example",
            "/%252Fevil.example",
            "/\t/evil.example",
            "/%09/evil.example",
            "/users\\..\\",
            "/ /evil",
            "/%zz",
            "/é",
        ] {
            assert_eq!(LocalPath::parse(bad), None, "{bad:?} should be refused");
        }
    }
}
