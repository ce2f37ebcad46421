//! People in a spreadsheet, as an office's Excel or LibreOffice writes a CSV:
//! the bytes decoded (UTF-8 with or without a BOM, else Windows-1252), the
//! delimiter found (`,`, or `;` as Spanish Excel writes, or a tab), the
//! header row read in English or Spanish (`name`/`nombre`, `email`/`correo`,
//! `role`/`rol`, `groups`/`grupos`, `language`/`idioma`), each row's cells
//! taken as text (an empty cell: nothing to change). And the other way, a
//! cell written so that a spreadsheet shows it as text, never as a formula.

use super::{Problem, Role};

/// At most this many bytes in a file (1 MiB).
pub const MAX_BYTES: usize = 1 << 20;
/// At most this many people in a file.
pub const MAX_ROWS: usize = 5000;

/// Why a file cannot be read as people.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SheetError {
    /// Over `MAX_BYTES`.
    TooLarge,
    /// Over `MAX_ROWS` people.
    TooManyRows,
    /// Nothing in it.
    Empty,
    /// An Excel workbook (.xlsx, .xls) or another binary file, not CSV.
    NotCsv,
    /// Saved as "Unicode text" (UTF-16), which this does not read.
    Utf16,
    /// No column of the first row is `email` (or `correo`).
    NoEmailColumn,
    /// A quote opened and never closed, or another break of CSV's rules (the line).
    Broken(u64),
}

/// A column of the file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    /// The row as a whole.
    Row,
    Name,
    Email,
    Role,
    Groups,
    Language,
}

impl Field {
    /// The header a spreadsheet of gatehouse's has (the export's).
    pub fn header(self) -> &'static str {
        match self {
            Field::Row => "row",
            Field::Name => "name",
            Field::Email => "email",
            Field::Role => "role",
            Field::Groups => "groups",
            Field::Language => "language",
        }
    }

    fn from_header(cell: &str) -> Option<Field> {
        let cell = cell.trim().to_lowercase();
        match cell.as_str() {
            "name" | "nombre" | "full name" | "nombre completo" => Some(Field::Name),
            "email" | "e-mail" | "correo" | "correo electrónico" | "correo electronico" | "mail" => Some(Field::Email),
            "role" | "rol" => Some(Field::Role),
            "groups" | "grupos" => Some(Field::Groups),
            "language" | "idioma" | "lang" => Some(Field::Language),
            _ => None,
        }
    }
}

/// One person's row: the cells as written (trimmed); `None` for an empty
/// cell or a column the file does not have.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SheetRow {
    /// The line of the file it starts on (the header is line 1).
    pub line: u64,
    pub email: String,
    pub name: Option<String>,
    pub role: Option<String>,
    /// The group names, in the order written.
    pub groups: Option<Vec<String>>,
    pub language: Option<String>,
    /// It has cells past the header's columns (a delimiter inside a cell
    /// without quotes, most likely: "García; Ana").
    pub extra_cells: bool,
}

/// A file read: how it was written, and its rows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sheet {
    /// `UTF-8` or `Windows-1252`.
    pub encoding: &'static str,
    pub delimiter: char,
    /// Headers of columns gatehouse does not read (left as they are).
    pub ignored: Vec<String>,
    pub rows: Vec<SheetRow>,
}

/// The text of a file: UTF-8 (its BOM dropped), else Windows-1252.
pub fn decode(bytes: &[u8]) -> Result<(String, &'static str), SheetError> {
    if bytes.len() > MAX_BYTES {
        return Err(SheetError::TooLarge);
    }
    if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
        return Err(SheetError::Utf16);
    }
    // A workbook is a ZIP (xlsx) or an OLE file (xls); text has no NUL.
    if bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0]) || bytes.contains(&0) {
        return Err(SheetError::NotCsv);
    }
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    match std::str::from_utf8(bytes) {
        Ok(text) => Ok((text.to_owned(), "UTF-8")),
        Err(_) => {
            let (text, _) = encoding_rs::WINDOWS_1252.decode_without_bom_handling(bytes);
            Ok((text.into_owned(), "Windows-1252"))
        }
    }
}

/// The delimiter of the header line: the most frequent of `;`, `,` and tab
/// outside quotes; for a header of one column, the next line's (`,` when
/// neither has one).
fn delimiter(text: &str) -> u8 {
    let mut counts = [(b',', 0usize), (b';', 0), (b'\t', 0)];
    let (mut quoted, mut lines) = (false, 0);
    for byte in text.bytes() {
        match byte {
            b'"' => quoted = !quoted,
            b'\n' if !quoted => {
                lines += 1;
                if lines == 2 || counts.iter().any(|(_, n)| *n > 0) {
                    break;
                }
            }
            _ if !quoted => {
                if let Some(count) = counts.iter_mut().find(|(d, _)| *d == byte) {
                    count.1 += 1;
                }
            }
            _ => {}
        }
    }
    counts
        .iter()
        .fold((b',', 0), |best, &(d, n)| if n > best.1 { (d, n) } else { best })
        .0
}

/// The line of a quote that is never closed, if one is: the csv reader
/// would take the rest of the file into that one cell.
fn unclosed_quote(text: &str) -> Option<u64> {
    let (mut line, mut opened_at) = (1, None);
    for c in text.chars() {
        match c {
            '"' => opened_at = if opened_at.is_some() { None } else { Some(line) },
            '\n' => line += 1,
            _ => {}
        }
    }
    opened_at
}

/// A file's people, every cell as text, nothing judged yet but the shape.
pub fn read(bytes: &[u8]) -> Result<Sheet, SheetError> {
    let (text, encoding) = decode(bytes)?;
    parse(&text, encoding)
}

/// A file kept as `decode` gave it (UTF-8, which may be longer than the
/// Windows-1252 bytes it came from: the size was checked on the way in).
pub fn read_kept(text: &str) -> Result<Sheet, SheetError> {
    parse(text, "UTF-8")
}

fn parse(text: &str, encoding: &'static str) -> Result<Sheet, SheetError> {
    if text.trim().is_empty() {
        return Err(SheetError::Empty);
    }
    if let Some(line) = unclosed_quote(text) {
        return Err(SheetError::Broken(line));
    }
    let delimiter = delimiter(text);
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut records = reader.records();
    let broken = |e: csv::Error| SheetError::Broken(e.position().map_or(1, |p| p.line()));
    let header = records.next().ok_or(SheetError::Empty)?.map_err(broken)?;
    let fields: Vec<Option<Field>> = header.iter().map(Field::from_header).collect();
    if !fields.contains(&Some(Field::Email)) {
        return Err(SheetError::NoEmailColumn);
    }
    let ignored = header
        .iter()
        .zip(&fields)
        .filter(|(cell, field)| field.is_none() && !cell.trim().is_empty())
        .map(|(cell, _)| cell.trim().to_owned())
        .collect();
    let mut rows = Vec::new();
    for record in records {
        let record = record.map_err(broken)?;
        if record.iter().all(|cell| cell.trim().is_empty()) {
            continue;
        }
        if rows.len() == MAX_ROWS {
            return Err(SheetError::TooManyRows);
        }
        let mut row = SheetRow {
            line: record.position().map_or(0, |p| p.line()),
            extra_cells: record.iter().skip(fields.len()).any(|cell| !cell.trim().is_empty()),
            ..SheetRow::default()
        };
        for (cell, field) in record.iter().zip(&fields) {
            let value = from_spreadsheet(cell.trim());
            let given = (!value.is_empty()).then(|| value.to_owned());
            match field {
                Some(Field::Email) => row.email = value.to_owned(),
                Some(Field::Name) => row.name = given,
                Some(Field::Role) => row.role = given,
                Some(Field::Groups) => row.groups = given.map(|g| split_groups(&g)),
                Some(Field::Language) => row.language = given,
                Some(Field::Row) | None => {}
            }
        }
        rows.push(row);
    }
    Ok(Sheet {
        encoding,
        delimiter: delimiter as char,
        ignored,
        rows,
    })
}

/// Group names in a cell: separated by commas (or semicolons), a `\,` a
/// comma inside a name (as the export writes it).
pub fn split_groups(cell: &str) -> Vec<String> {
    let mut names = Vec::new();
    let mut current = String::new();
    let mut chars = cell.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' if matches!(chars.peek(), Some(',' | ';' | '\\')) => current.extend(chars.next()),
            ',' | ';' => names.push(std::mem::take(&mut current)),
            _ => current.push(c),
        }
    }
    names.push(current);
    names
        .into_iter()
        .map(|n| n.trim().to_owned())
        .filter(|n| !n.is_empty())
        .collect()
}

/// Group names as one cell: `, ` between them, a comma in a name as `\,`.
pub fn join_groups(names: &[String]) -> String {
    names
        .iter()
        .map(|n| n.replace('\\', "\\\\").replace(',', "\\,").replace(';', "\\;"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// A role as a spreadsheet may write it, in English or Spanish.
pub fn role(cell: &str) -> Result<Role, Problem> {
    match cell.trim().to_lowercase().as_str() {
        "admin" | "administrator" | "administrador" | "administradora" | "administración" | "administracion" => {
            Ok(Role::Admin)
        }
        "member" | "miembro" => Ok(Role::Member),
        _ => Err(Problem::SheetRoleUnknown),
    }
}

/// The characters a spreadsheet reads as the start of a formula.
fn starts_a_formula(text: &str) -> bool {
    text.starts_with(['=', '+', '-', '@', '\t', '\r'])
}

/// A value as a cell no spreadsheet runs: one that would start a formula
/// gets a `'` before it (OWASP's advice: the spreadsheet shows the cell as
/// text, the quote included), as does one whose quotes come before such a
/// character, so that reading it back gives the value.
pub fn to_spreadsheet(value: &str) -> String {
    match starts_a_formula(value.trim_start_matches('\'')) {
        true => format!("'{value}"),
        false => value.to_owned(),
    }
}

/// A cell as `to_spreadsheet` wrote it, back to its value.
fn from_spreadsheet(cell: &str) -> &str {
    match cell.strip_prefix('\'') {
        Some(rest) if starts_a_formula(rest.trim_start_matches('\'')) => rest,
        _ => cell,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_commas_semicolons_and_tabs_with_a_header_in_either_language() {
        let english = read(b"name,email,role\nAna,ana@x.org,admin\n").unwrap();
        assert_eq!(english.delimiter, ',');
        assert_eq!(english.rows[0].email, "ana@x.org");
        assert_eq!(english.rows[0].role.as_deref(), Some("admin"));
        let spanish = read("Nombre;Correo;Grupos\n\"García; Ana\";ana@x.org;Ventas, IT\n".as_bytes()).unwrap();
        assert_eq!(spanish.delimiter, ';');
        assert_eq!(spanish.rows[0].name.as_deref(), Some("García; Ana"));
        assert_eq!(
            spanish.rows[0].groups.as_deref(),
            Some(&["Ventas".to_owned(), "IT".to_owned()][..])
        );
        let one_column = read(b"correo\nana@x.org;Ana\n").unwrap();
        assert_eq!(one_column.delimiter, ';', "found on the next line");
        assert!(one_column.rows[0].extra_cells);
        let shifted = read("correo;nombre\nana@x.org;García; Ana\n".as_bytes()).unwrap();
        assert!(shifted.rows[0].extra_cells, "a delimiter inside a cell without quotes");
        assert!(!spanish.rows[0].extra_cells);
        let tabs = read(b"email\tname\nbo@x.org\tBo\n").unwrap();
        assert_eq!((tabs.delimiter, tabs.rows[0].name.as_deref()), ('\t', Some("Bo")));
    }

    #[test]
    fn keeps_quotes_and_newlines_in_cells_and_counts_lines() {
        let sheet =
            read(b"email,name\r\na@x.org,\"Ana \"\"la jefa\"\"\"\r\nb@x.org,\"Bo\nBis\"\r\n\r\n,,\r\nc@x.org,\r\n")
                .unwrap();
        assert_eq!(sheet.rows.len(), 3, "blank rows are skipped");
        assert_eq!(sheet.rows[0].name.as_deref(), Some("Ana \"la jefa\""));
        assert_eq!(sheet.rows[1].name.as_deref(), Some("Bo\nBis"));
        assert_eq!(sheet.rows[2].line, 6, "the line the row starts on");
        assert_eq!(sheet.rows[2].name, None, "an empty cell changes nothing");
    }

    #[test]
    fn decodes_utf8_with_or_without_bom_else_windows_1252() {
        let bom = read("\u{feff}email,name\nj@x.org,José\n".as_bytes()).unwrap();
        assert_eq!((bom.encoding, bom.rows[0].name.as_deref()), ("UTF-8", Some("José")));
        let mut cp1252 = b"email;name\nj@x.org;Jos".to_vec();
        cp1252.extend([0xE9, b' ', b'N', 0xFA, 0xF1, b'e', b'z', b'\n']);
        let sheet = read(&cp1252).unwrap();
        assert_eq!(
            (sheet.encoding, sheet.rows[0].name.as_deref()),
            ("Windows-1252", Some("José Núñez"))
        );
    }

    #[test]
    fn says_why_a_file_is_not_people() {
        assert_eq!(read(b""), Err(SheetError::Empty));
        assert_eq!(read(b"  \n"), Err(SheetError::Empty));
        assert_eq!(read(b"name,role\nAna,admin\n"), Err(SheetError::NoEmailColumn));
        assert_eq!(read(b"PK\x03\x04rest of a workbook"), Err(SheetError::NotCsv));
        assert_eq!(read(&[0xFF, 0xFE, b'e', 0]), Err(SheetError::Utf16));
        assert_eq!(read(&vec![b'a'; MAX_BYTES + 1]), Err(SheetError::TooLarge));
        let many = format!("email\n{}", "a@x.org\n".repeat(MAX_ROWS + 1));
        assert_eq!(read(many.as_bytes()), Err(SheetError::TooManyRows));
        assert!(read(format!("email\n{}", "a@x.org\n".repeat(MAX_ROWS)).as_bytes()).is_ok());
        let ignored = read(b"email,phone,\na@x.org,555,\n").unwrap();
        assert_eq!(ignored.ignored, ["phone"]);
        assert_eq!(
            read(b"email,name\na@x.org,Ana\nb@x.org,\"Bo\nc@x.org,Cy\n"),
            Err(SheetError::Broken(3))
        );
    }

    #[test]
    fn formula_cells_are_written_as_text_and_read_back() {
        for value in ["=1+1", "+34 600", "-2", "@SUM(A1)", "\tx", "\rx"] {
            let cell = to_spreadsheet(value);
            assert!(cell.starts_with('\''), "{value:?}");
            assert_eq!(from_spreadsheet(&cell), value);
        }
        assert_eq!(to_spreadsheet("Ana"), "Ana");
        assert_eq!(
            from_spreadsheet("'quoted"),
            "'quoted",
            "a quote before text is the text's"
        );
        for value in ["'=x", "''=x", "'quoted", "''"] {
            assert_eq!(from_spreadsheet(&to_spreadsheet(value)), value);
        }
        let sheet = read(b"email,name\na@x.org,'=cmd\n").unwrap();
        assert_eq!(sheet.rows[0].name.as_deref(), Some("=cmd"));
    }

    #[test]
    fn group_names_with_commas_go_through() {
        let names = vec!["Ventas".to_owned(), "I+D, Madrid".to_owned()];
        let cell = join_groups(&names);
        assert_eq!(cell, "Ventas, I+D\\, Madrid");
        assert_eq!(split_groups(&cell), names);
        assert_eq!(split_groups("a; b ,, c"), ["a", "b", "c"]);
    }

    #[test]
    fn roles_in_either_language() {
        assert_eq!(role("Admin"), Ok(Role::Admin));
        assert_eq!(role("administradora"), Ok(Role::Admin));
        assert_eq!(role("miembro"), Ok(Role::Member));
        assert_eq!(role("boss"), Err(Problem::SheetRoleUnknown));
    }
}
