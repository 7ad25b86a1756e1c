//! Text as staff type it, made comparable: names folded to lower-case ASCII search keys, and
//! required free-text fields trimmed.

/// Lower-case search keys of a name: `María O'Brien-Smith` gives `maria`, `obrien`, `smith`.
/// Apostrophes join (O'Brien is one word); spaces, hyphens and other marks split.
pub fn name_keys(name: &str) -> Vec<String> {
    let folded: String = name
        .chars()
        .filter(|c| !matches!(c, '\'' | '’' | '`'))
        .flat_map(|c| fold(c).chars().collect::<Vec<_>>())
        .collect();
    folded
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_owned)
        .collect()
}

/// The lower-case ASCII letters a Latin letter is typed as on a US keyboard.
fn fold(c: char) -> String {
    let lower = c.to_lowercase().collect::<String>();
    let folded = match lower.as_str() {
        "à" | "á" | "â" | "ã" | "ä" | "å" | "ā" | "ą" => "a",
        "æ" => "ae",
        "ç" | "ć" | "č" => "c",
        "è" | "é" | "ê" | "ë" | "ē" | "ę" | "ě" => "e",
        "ì" | "í" | "î" | "ï" | "ī" => "i",
        "ñ" | "ń" | "ň" => "n",
        "ò" | "ó" | "ô" | "õ" | "ö" | "ø" | "ō" | "ő" => "o",
        "œ" => "oe",
        "ß" => "ss",
        "ś" | "š" | "ş" => "s",
        "ù" | "ú" | "û" | "ü" | "ū" | "ů" | "ű" => "u",
        "ý" | "ÿ" => "y",
        "ź" | "ż" | "ž" => "z",
        "ł" => "l",
        "ř" => "r",
        "ť" => "t",
        "ď" | "đ" => "d",
        other => return other.to_owned(),
    };
    folded.to_owned()
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
        assert!(name_keys(" - ").is_empty());
    }

    #[test]
    fn required_text() {
        assert_eq!(required("  CMA "), Some("CMA".to_owned()));
        assert_eq!(required("   "), None);
    }
}
