//! Text as staff type it, made comparable: names folded to lower-case ASCII search keys, and
//! required free-text fields trimmed.

/// Lower-case search keys of a name: `María O'Brien-Smith` gives `maria`, `obrien`, `smith`.
/// Apostrophes join (O'Brien is one word); spaces, hyphens and other marks split. Every letter
/// is folded to the ASCII it is typed as on a US keyboard (`Nguyễn` is `nguyen`, `Yılmaz`
/// `yilmaz`), by `deunicode`.
pub fn name_keys(name: &str) -> Vec<String> {
    let joined: String = name
        .chars()
        .filter(|c| !matches!(c, '\'' | '’' | '`' | 'ʻ' | 'ʼ'))
        .collect();
    deunicode::deunicode(&joined)
        .to_lowercase()
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_owned)
        .collect()
}

/// "a review", "an injection": a noun with its article, lower case, for messages.
pub fn a_noun(noun: &str) -> String {
    let noun = noun.to_lowercase();
    let article = if noun.starts_with(['a', 'e', 'i', 'o', 'u']) {
        "an"
    } else {
        "a"
    };
    format!("{article} {noun}")
}

/// A required text field: trimmed, or `None` when nothing but spaces was typed.
pub fn required(text: &str) -> Option<String> {
    let trimmed = text.trim();
    (!trimmed.is_empty()).then(|| trimmed.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_fold_to_keys() {
        assert_eq!(
            name_keys("María O'Brien-Smith"),
            ["maria", "obrien", "smith"]
        );
        assert_eq!(name_keys("  van der  Berg "), ["van", "der", "berg"]);
        assert_eq!(name_keys("Zoë"), ["zoe"]);
        // Letters a hand-made table missed: Vietnamese, Turkish, Romanian, German, Polish.
        assert_eq!(name_keys("Nguyễn Thị Đặng"), ["nguyen", "thi", "dang"]);
        assert_eq!(name_keys("Trần Phạm"), ["tran", "pham"]);
        assert_eq!(
            name_keys("Yılmaz Ştefan Ștefan"),
            ["yilmaz", "stefan", "stefan"]
        );
        assert_eq!(name_keys("Groß Łukasz"), ["gross", "lukasz"]);
        assert_eq!(name_keys("N’Diaye"), ["ndiaye"]);
        assert!(name_keys(" - ").is_empty());
    }

    proptest::proptest! {
        /// Whatever is typed, the keys are lower-case ASCII letters and digits, so the search
        /// index (tokenised as ASCII) holds them whole.
        #[test]
        fn keys_are_plain_ascii(name in "\\PC{0,40}") {
            for key in name_keys(&name) {
                proptest::prop_assert!(!key.is_empty());
                proptest::prop_assert!(key.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit()));
            }
        }

        /// A name typed with its accents and the same name typed in plain letters give the
        /// same keys.
        #[test]
        fn accents_fold_away(base in "[a-z]{1,12}") {
            let accented: String = base
                .chars()
                .map(|c| match c {
                    'a' => 'ă',
                    'e' => 'ễ',
                    'i' => 'ı',
                    'o' => 'ộ',
                    'u' => 'ư',
                    's' => 'ș',
                    'd' => 'đ',
                    other => other,
                })
                .collect();
            proptest::prop_assert_eq!(name_keys(&accented), name_keys(&base));
        }
    }

    #[test]
    fn required_text() {
        assert_eq!(required("  CMA "), Some("CMA".to_owned()));
        assert_eq!(required("   "), None);
    }
}
