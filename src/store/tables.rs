//! What a table is to `copy`: its columns, in order, with what each holds.
//! Each table is described beside its statements, in store/sql/ (`TABLE`
//! in each file, all of them in `sql::TABLES`); copying a database reads and
//! writes rows by these descriptions (`repo::Transfer`, `transfer`).

/// What a column holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Int,
    /// An integer or nothing.
    OptInt,
    Text,
    Bytes,
    Bool,
}

/// One value of a row being copied.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Int(i64),
    Null,
    Text(String),
    Bytes(Vec<u8>),
    Bool(bool),
}

/// A table as both engines have it: its columns, the first being its key.
#[derive(Debug)]
pub struct Table {
    pub name: &'static str,
    pub columns: &'static [(&'static str, Kind)],
    /// What people are told was copied: "users", "sessions"…
    pub shown: &'static str,
}

impl Table {
    pub fn key(&self) -> &'static str {
        self.columns[0].0
    }

    /// The key below every row's, to start from.
    pub fn first_key(&self) -> Value {
        match self.columns[0].1 {
            Kind::Text => Value::Text(String::new()),
            _ => Value::Int(i64::MIN),
        }
    }

    /// Whether new rows get their key from the engine (a sequence to move on).
    pub fn generated_key(&self) -> bool {
        self.columns[0].1 == Kind::Int
    }

    pub fn column_list(&self) -> String {
        self.columns
            .iter()
            .map(|(name, _)| *name)
            .collect::<Vec<_>>()
            .join(", ")
    }
}
