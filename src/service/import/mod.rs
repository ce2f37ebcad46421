//! People in and out of gatehouse in bulk: from a Flask app's database
//! (flask.rs), from a spreadsheet (spreadsheet.rs), to a spreadsheet
//! (export.rs).

pub mod export;
pub mod flask;
pub mod spreadsheet;
