//! Where a Flask app keeps its people: which table of its database, and
//! which columns hold the sign-in entry (an email, or a username that must
//! be one), the Werkzeug hash, and, when there, a name, whether the account
//! is active and whether it is an administrator. Found from the names
//! Flask-SQLAlchemy apps use (English and Spanish), or named by the person
//! (`--table`, `--columns ENTRY,PASSWORD`).

/// A table of the source and its columns, as the source lists them.
pub type Listing = [(String, Vec<String>)];

/// The names a table of people goes by, the likeliest first.
const TABLES: &[&str] = &[
    "user", "users", "usuario", "usuarios", "account", "accounts", "member", "members",
];
const ENTRIES: &[&str] = &[
    "email",
    "correo",
    "mail",
    "email_address",
    "username",
    "login",
    "user_name",
    "usuario",
];
const PASSWORDS: &[&str] = &[
    "password_hash",
    "password",
    "pwhash",
    "hashed_password",
    "pw_hash",
    "contrasena",
    "contraseña",
    "clave",
];
const NAMES: &[&str] = &["name", "full_name", "nombre", "display_name", "nombre_completo"];
const ACTIVES: &[&str] = &["active", "is_active", "activo", "enabled"];
const ADMINS: &[&str] = &["is_admin", "admin", "es_admin", "administrador"];

/// The columns read from the table found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Columns {
    pub entry: String,
    pub password: String,
    pub name: Option<String>,
    pub active: Option<String>,
    pub admin: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Found {
    pub table: String,
    pub columns: Columns,
}

/// Why the people's table was not found: each says what to write instead.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NotFound {
    /// No table looks like one of people; these are the source's tables.
    NoTable { tables: Vec<String> },
    /// More than one does: `--table` picks.
    SeveralTables { tables: Vec<String> },
    /// `--table` names none of the source's tables.
    NoSuchTable { table: String, tables: Vec<String> },
    /// The table has no column for the entry or the password: `--columns` names them.
    NoColumns { table: String, columns: Vec<String> },
    /// `--columns` names a column the table does not have.
    NoSuchColumn {
        table: String,
        column: String,
        columns: Vec<String>,
    },
}

/// The first of `wanted` (without regard to case) among `columns`.
fn first_of(columns: &[String], wanted: &[&str]) -> Option<String> {
    wanted
        .iter()
        .find_map(|w| columns.iter().find(|c| c.eq_ignore_ascii_case(w)))
        .cloned()
}

fn same(a: &str, b: &str) -> bool {
    a.eq_ignore_ascii_case(b)
}

/// The people's table and its columns in `listing`; `table` and `columns`
/// (entry, password) as the person named them, when they did.
pub fn find(listing: &Listing, table: Option<&str>, columns: Option<(&str, &str)>) -> Result<Found, NotFound> {
    let names = || listing.iter().map(|(t, _)| t.clone()).collect::<Vec<_>>();
    let (table, listed) = match table {
        Some(wanted) => {
            listing
                .iter()
                .find(|(t, _)| same(t, wanted))
                .cloned()
                .ok_or_else(|| NotFound::NoSuchTable {
                    table: wanted.to_owned(),
                    tables: names(),
                })?
        }
        None => {
            let fits = |cols: &Vec<String>| first_of(cols, ENTRIES).is_some() && first_of(cols, PASSWORDS).is_some();
            let candidates: Vec<&(String, Vec<String>)> = listing.iter().filter(|(_, cols)| fits(cols)).collect();
            let named = candidates
                .iter()
                .filter(|(t, _)| TABLES.iter().any(|n| same(t, n)))
                .collect::<Vec<_>>();
            match (candidates.as_slice(), named.as_slice()) {
                ([one], _) => (*one).clone(),
                (_, [one]) => (**one).clone(),
                ([], _) => return Err(NotFound::NoTable { tables: names() }),
                (several, _) => {
                    return Err(NotFound::SeveralTables {
                        tables: several.iter().map(|(t, _)| t.clone()).collect(),
                    })
                }
            }
        }
    };
    let column = |wanted: &str| {
        listed
            .iter()
            .find(|c| same(c, wanted))
            .cloned()
            .ok_or_else(|| NotFound::NoSuchColumn {
                table: table.clone(),
                column: wanted.to_owned(),
                columns: listed.clone(),
            })
    };
    let (entry, password) = match columns {
        Some((entry, password)) => (column(entry)?, column(password)?),
        None => match (first_of(&listed, ENTRIES), first_of(&listed, PASSWORDS)) {
            (Some(entry), Some(password)) => (entry, password),
            _ => return Err(NotFound::NoColumns { table, columns: listed }),
        },
    };
    // A name column; else, where the entry is an email, a username says who it is.
    let name = first_of(&listed, NAMES)
        .or_else(|| first_of(&listed, &["username", "user_name"]).filter(|u| !same(u, &entry) && !same(u, &password)));
    Ok(Found {
        columns: Columns {
            name: name.filter(|n| !same(n, &entry)),
            active: first_of(&listed, ACTIVES),
            admin: first_of(&listed, ADMINS),
            entry,
            password,
        },
        table,
    })
}

/// A boolean as a database writes one in text: `1`, `true`, `t` (any case).
pub fn truthy(value: &str) -> bool {
    matches!(
        value.trim().to_ascii_lowercase().as_str(),
        "1" | "true" | "t" | "yes" | "y"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn listing(tables: &[(&str, &[&str])]) -> Vec<(String, Vec<String>)> {
        tables
            .iter()
            .map(|(t, cols)| (t.to_string(), cols.iter().map(|c| c.to_string()).collect()))
            .collect()
    }

    #[test]
    fn finds_flask_sqlalchemys_user_table() {
        let source = listing(&[
            ("alembic_version", &["version_num"]),
            ("user", &["id", "username", "email", "password_hash", "active"]),
            ("post", &["id", "title", "user_id"]),
        ]);
        let found = find(&source, None, None).unwrap();
        assert_eq!(found.table, "user");
        assert_eq!(found.columns.entry, "email");
        assert_eq!(found.columns.password, "password_hash");
        assert_eq!(found.columns.name.as_deref(), Some("username"));
        assert_eq!(found.columns.active.as_deref(), Some("active"));
        assert_eq!(found.columns.admin, None);
    }

    #[test]
    fn finds_a_spanish_one_and_a_username_entry() {
        let source = listing(&[("usuarios", &["id", "nombre", "correo", "contrasena", "es_admin"])]);
        let found = find(&source, None, None).unwrap();
        assert_eq!(
            (found.columns.entry.as_str(), found.columns.password.as_str()),
            ("correo", "contrasena")
        );
        assert_eq!(found.columns.name.as_deref(), Some("nombre"));
        assert_eq!(found.columns.admin.as_deref(), Some("es_admin"));
        let by_username = listing(&[("users", &["id", "username", "password"])]);
        let found = find(&by_username, None, None).unwrap();
        assert_eq!(found.columns.entry, "username");
        assert_eq!(found.columns.name, None, "the entry is not also the name");
    }

    #[test]
    fn asks_when_it_cannot_tell() {
        let two = listing(&[("staff", &["email", "password"]), ("clients", &["email", "password"])]);
        assert!(matches!(find(&two, None, None), Err(NotFound::SeveralTables { .. })));
        assert_eq!(find(&two, Some("Staff"), None).unwrap().table, "staff");
        let none = listing(&[("post", &["id", "title"])]);
        assert!(matches!(find(&none, None, None), Err(NotFound::NoTable { .. })));
        assert!(matches!(
            find(&none, Some("people"), None),
            Err(NotFound::NoSuchTable { .. })
        ));
        let odd = listing(&[("people", &["id", "mail_addr", "secret"])]);
        assert!(matches!(
            find(&odd, Some("people"), None),
            Err(NotFound::NoColumns { .. })
        ));
        let named = find(&odd, Some("people"), Some(("mail_addr", "secret"))).unwrap();
        assert_eq!(named.columns.entry, "mail_addr");
        assert!(matches!(
            find(&odd, Some("people"), Some(("email", "secret"))),
            Err(NotFound::NoSuchColumn { .. })
        ));
    }

    #[test]
    fn reads_booleans_as_engines_write_them() {
        for yes in ["1", "true", "t", "TRUE"] {
            assert!(truthy(yes));
        }
        for no in ["0", "false", "f", "", "no"] {
            assert!(!truthy(no));
        }
    }
}
