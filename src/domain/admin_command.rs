//! The command that creates the first administrator, written out in full for
//! the database in use, so that it can be copied as shown: the command line
//! prints it for an empty database, and the sign-in page shows it while no
//! administrator exists.

/// `gatehouse [--db DB] user create --admin --email you@example.com --name "Your Name"`.
/// `db_shown` is the database as messages name it (a path, or a URL without
/// its password); `None` for the default database, which needs no `--db`.
pub fn create_admin_command(db_shown: Option<&str>) -> String {
    create_admin_command_with(db_shown, "you@example.com", "Your Name")
}

/// As `create_admin_command`, with the example email and name in the
/// reader's language.
pub fn create_admin_command_with(db_shown: Option<&str>, email: &str, name: &str) -> String {
    let db = db_shown.map(|db| format!(" --db {}", quoted(db))).unwrap_or_default();
    format!(
        "gatehouse{db} user create --admin --email {} --name {}",
        quoted(email),
        always_quoted(name)
    )
}

/// Characters a shell (sh, cmd or PowerShell) reads as themselves.
fn plain(c: char) -> bool {
    c.is_alphanumeric() || "@%+=:,./\\-_".contains(c)
}

/// `text` as one word for a shell: as it is when it needs nothing, else in
/// double quotes (which sh, cmd and PowerShell all read, Windows paths with
/// their backslashes included), else, where double quotes would change it
/// in sh (`"`, `$`, `` ` ``), in single quotes.
fn quoted(text: &str) -> String {
    if !text.is_empty() && text.chars().all(plain) {
        text.to_owned()
    } else {
        always_quoted(text)
    }
}

fn always_quoted(text: &str) -> String {
    if text.contains(['"', '$', '`']) || text.ends_with('\\') {
        format!("'{}'", text.replace('\'', r"'\''"))
    } else {
        format!("\"{text}\"")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_default_database_needs_no_db() {
        assert_eq!(
            create_admin_command(None),
            r#"gatehouse user create --admin --email you@example.com --name "Your Name""#
        );
    }

    #[test]
    fn another_database_is_named() {
        assert_eq!(
            create_admin_command(Some("/srv/gatehouse/office.db")),
            r#"gatehouse --db /srv/gatehouse/office.db user create --admin --email you@example.com --name "Your Name""#
        );
        assert_eq!(
            create_admin_command(Some("postgres://gate@db.office.lan/gatehouse?sslmode=require")),
            r#"gatehouse --db "postgres://gate@db.office.lan/gatehouse?sslmode=require" user create --admin --email you@example.com --name "Your Name""#
        );
    }

    #[test]
    fn a_path_with_spaces_is_quoted() {
        assert_eq!(
            create_admin_command(Some("/home/ann/My Documents/office.db")),
            r#"gatehouse --db "/home/ann/My Documents/office.db" user create --admin --email you@example.com --name "Your Name""#
        );
    }

    #[test]
    fn windows_paths_keep_their_backslashes() {
        assert_eq!(
            create_admin_command(Some(r"C:\Users\Ann\AppData\Roaming\gatehouse\data\gatehouse.db")),
            r#"gatehouse --db C:\Users\Ann\AppData\Roaming\gatehouse\data\gatehouse.db user create --admin --email you@example.com --name "Your Name""#
        );
        assert_eq!(
            create_admin_command(Some(r"C:\Users\Ann Lee\Office Files\gatehouse.db")),
            r#"gatehouse --db "C:\Users\Ann Lee\Office Files\gatehouse.db" user create --admin --email you@example.com --name "Your Name""#
        );
    }

    #[test]
    fn what_double_quotes_would_change_goes_in_single_quotes() {
        assert_eq!(quoted("it's $HOME"), r"'it'\''s $HOME'");
        assert_eq!(quoted(""), r#""""#);
    }

    #[test]
    fn the_example_may_be_in_the_reader_s_language() {
        assert_eq!(
            create_admin_command_with(Some("office.db"), "usted@example.com", "Su nombre"),
            r#"gatehouse --db office.db user create --admin --email usted@example.com --name "Su nombre""#
        );
    }
}
