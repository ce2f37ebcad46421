//! The tables that hold data, described once for both engines: their
//! columns, in order, with what each holds. Copying a database reads and
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

/// Every table that holds data, parents before children. (`counts` is kept
/// by the engine itself as users are written.)
pub const TABLES: &[Table] = &[
    Table {
        name: "users",
        shown: "users",
        columns: &[
            ("id", Kind::Int),
            ("name", Kind::Text),
            ("email", Kind::Text),
            ("password_hash", Kind::Text),
            ("role", Kind::Text),
            ("active", Kind::Bool),
            ("must_change_password", Kind::Bool),
            ("created_at", Kind::Int),
            ("updated_at", Kind::Int),
            ("language", Kind::Text),
            ("totp_secret", Kind::Text),
            ("totp_pending", Kind::Text),
            ("totp_last_step", Kind::Int),
            ("sort_key", Kind::Text),
        ],
    },
    Table {
        name: "sessions",
        shown: "sessions",
        columns: &[
            ("id", Kind::Int),
            ("token_hash", Kind::Bytes),
            ("user_id", Kind::Int),
            ("csrf_token", Kind::Text),
            ("persistent", Kind::Bool),
            ("created_at", Kind::Int),
            ("last_seen_at", Kind::Int),
            ("expires_at", Kind::Int),
            ("user_agent", Kind::Text),
            ("address", Kind::Text),
        ],
    },
    Table {
        name: "links",
        shown: "invitation and reset links",
        columns: &[
            ("id", Kind::Int),
            ("token_hash", Kind::Bytes),
            ("user_id", Kind::Int),
            ("kind", Kind::Text),
            ("created_at", Kind::Int),
            ("expires_at", Kind::Int),
            ("used_at", Kind::OptInt),
            ("replaced_at", Kind::OptInt),
            ("refusal_recorded_at", Kind::OptInt),
        ],
    },
    Table {
        name: "recovery_codes",
        shown: "two-step recovery codes",
        columns: &[
            ("id", Kind::Int),
            ("user_id", Kind::Int),
            ("code_hash", Kind::Bytes),
            ("used_at", Kind::OptInt),
        ],
    },
    Table {
        name: "pending_sign_ins",
        shown: "sign-ins waiting for their code",
        columns: &[
            ("id", Kind::Int),
            ("token_hash", Kind::Bytes),
            ("user_id", Kind::Int),
            ("persistent", Kind::Bool),
            ("next", Kind::Text),
            ("created_at", Kind::Int),
            ("expires_at", Kind::Int),
        ],
    },
    Table {
        name: "settings",
        shown: "settings (the cookie key among them)",
        columns: &[("key", Kind::Text), ("value", Kind::Text)],
    },
    Table {
        name: "audit",
        shown: "security log entries",
        columns: &[
            ("id", Kind::Int),
            ("at", Kind::Int),
            ("event", Kind::Text),
            ("actor_id", Kind::OptInt),
            ("actor", Kind::Text),
            ("target_id", Kind::OptInt),
            ("target", Kind::Text),
            ("address", Kind::Text),
            ("detail", Kind::Text),
        ],
    },
    Table {
        name: "sign_in_failures",
        shown: "failed sign-ins (the throttle's counts)",
        columns: &[
            ("id", Kind::Int),
            ("at", Kind::Int),
            ("email", Kind::Text),
            ("address", Kind::Text),
        ],
    },
];
