//! The arithmetic of paged lists (the directory, the security log): pages
//! are numbered from 1, `per_page` items each.

/// How many pages `total` items fill (at least one).
pub fn page_count(total: i64, per_page: u32) -> i64 {
    ((total + i64::from(per_page) - 1) / i64::from(per_page)).max(1)
}

/// How many items come before page `page`.
pub fn page_offset(page: u32, per_page: u32) -> i64 {
    i64::from(page.max(1) - 1) * i64::from(per_page)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pages_are_counted_up_and_start_where_the_last_ended() {
        assert_eq!(page_count(0, 50), 1);
        assert_eq!(page_count(50, 50), 1);
        assert_eq!(page_count(51, 50), 2);
        assert_eq!(page_offset(1, 50), 0);
        assert_eq!(page_offset(3, 50), 100);
        assert_eq!(page_offset(0, 50), 0);
        assert_eq!(page_offset(u32::MAX, 50), (i64::from(u32::MAX) - 1) * 50);
    }
}
