//! ISO 3166-1 alpha-2: which two-letter codes are countries.
//!
//! A lead's country may be any text; two letters are only read as a country code when the code
//! is assigned. `EU`, `XX` or `UK` (reserved, not assigned: the UK is `GB`) are then "not
//! recognised" — unknown, which lowers confidence — instead of a country the firm does not
//! serve, which would disqualify an otherwise ideal lead over a placeholder.

/// The officially assigned codes (249) plus `XK` (Kosovo: user-assigned, but what the EU, SWIFT
/// and most CRMs use), sorted, two bytes each.
const ASSIGNED: &str = "ADAEAFAGAIALAMAOAQARASATAUAWAXAZBABBBDBEBFBGBHBIBJBLBMBNBOBQBRBSBTBVBWBYBZ\
CACCCDCFCGCHCICKCLCMCNCOCRCUCVCWCXCYCZDEDJDKDMDODZECEEEGEHERESETFIFJFKFMFOFRGAGBGDGEGFGGGHGIGLGM\
GNGPGQGRGSGTGUGWGYHKHMHNHRHTHUIDIEILIMINIOIQIRISITJEJMJOJPKEKGKHKIKMKNKPKRKWKYKZLALBLCLILKLRLSLT\
LULVLYMAMCMDMEMFMGMHMKMLMMMNMOMPMQMRMSMTMUMVMWMXMYMZNANCNENFNGNINLNONPNRNUNZOMPAPEPFPGPHPKPLPMPN\
PRPSPTPWPYQARERORSRURWSASBSCSDSESGSHSISJSKSLSMSNSOSRSSSTSVSXSYSZTCTDTFTGTHTJTKTLTMTNTOTRTTTVTWTZ\
UAUGUMUSUYUZVAVCVEVGVIVNVUWFWSXKYEYTZAZMZW";

/// Whether `code` (two uppercase ASCII letters) is an assigned ISO 3166-1 alpha-2 code.
pub fn is_assigned(code: &str) -> bool {
    assigned_code(code) == Some(code)
}

/// The assigned code that two ASCII letters spell in either case (`"fr"` → `"FR"`), borrowed
/// from the list (no uppercase copy per lead). A binary search of the sorted list.
pub fn assigned_code(code: &str) -> Option<&'static str> {
    let &[a, b] = code.as_bytes() else {
        return None;
    };
    let wanted = [a.to_ascii_uppercase(), b.to_ascii_uppercase()];
    let (mut low, mut high) = (0, ASSIGNED.len() / 2);
    while low < high {
        let middle = (low + high) / 2;
        let listed = ASSIGNED.get(2 * middle..2 * middle + 2)?;
        match listed.as_bytes().cmp(&wanted[..]) {
            std::cmp::Ordering::Less => low = middle + 1,
            std::cmp::Ordering::Greater => high = middle,
            std::cmp::Ordering::Equal => return Some(listed),
        }
    }
    None
}

/// Codes that CRMs also use as "no value": read as unknown unless the model names the country
/// (`NA` is Namibia, and "N/A" for everyone else).
pub fn is_placeholder(code: &str) -> bool {
    code == "NA"
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_list_is_sorted_complete_and_well_formed() {
        let codes: Vec<&[u8]> = ASSIGNED.as_bytes().chunks_exact(2).collect();
        assert_eq!(ASSIGNED.len() % 2, 0);
        assert_eq!(codes.len(), 250);
        let sorted = codes.iter().zip(codes.iter().skip(1)).all(|(a, b)| a < b);
        assert!(sorted, "sorted, no duplicates");
        assert!(codes.iter().all(|c| c.iter().all(u8::is_ascii_uppercase)));
    }

    #[test]
    fn assigned_and_not() {
        for code in ["US", "GB", "DE", "NA", "XK", "ZW", "AD"] {
            assert!(is_assigned(code), "{code}");
        }
        for code in ["UK", "EU", "XX", "ZZ", "us", "U", "USA", ""] {
            assert!(!is_assigned(code), "{code}");
        }
        // Either case reads as the listed code; every listed code is found.
        assert_eq!(assigned_code("fr"), Some("FR"));
        assert_eq!(assigned_code("gB"), Some("GB"));
        for code in ["UK", "uk", "EU", "XX", "U", "USA", "", "é"] {
            assert_eq!(assigned_code(code), None, "{code}");
        }
        for start in (0..ASSIGNED.len()).step_by(2) {
            let Some(listed) = ASSIGNED.get(start..start + 2) else {
                panic!("a code at {start}");
            };
            assert_eq!(assigned_code(listed), Some(listed));
            assert_eq!(assigned_code(&listed.to_ascii_lowercase()), Some(listed));
        }
    }
}
