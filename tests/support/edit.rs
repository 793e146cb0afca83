//! Breaking valid JSON text for the readers' property tests (`tests/json.rs`,
//! `tests/lead_reader.rs`): pieces put in at, or in place of the character at, chosen places.

use proptest::sample::Index;

/// Applies each edit in turn: `piece` inserted at a character boundary chosen by `at`, replacing
/// the character there when `replace`.
pub fn edit<P: AsRef<str>>(text: &mut String, edits: &[(Index, P, bool)]) {
    for (at, piece, replace) in edits {
        let boundaries: Vec<usize> = (0..=text.len())
            .filter(|&i| text.is_char_boundary(i))
            .collect();
        let start = boundaries
            .get(at.index(boundaries.len()))
            .copied()
            .unwrap_or(0);
        let end = if *replace {
            text.get(start..)
                .and_then(|rest| rest.chars().next())
                .map_or(start, |c| start + c.len_utf8())
        } else {
            start
        };
        text.replace_range(start..end, piece.as_ref());
    }
}
