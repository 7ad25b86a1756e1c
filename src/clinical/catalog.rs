//! Suggestions as you type from a catalog of names (medications, allergens, conditions,
//! procedures): every word of the query must start a word of the name or of a synonym, and
//! names whose start matches come first. Built once per catalog; a lookup scans folded keys.

use crate::clinical::text::name_keys;

/// One searchable entry: its folded words, from the name and each synonym.
struct Entry {
    /// Words of the name, then of each synonym, each list in order.
    phrases: Vec<Vec<String>>,
}

/// A search index over a catalog's names, in the catalog's order.
pub struct SuggestionIndex {
    entries: Vec<Entry>,
}

/// A match: the catalog position, and how good it is (lower is better).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Suggestion {
    pub rank: u8,
    pub index: usize,
}

impl SuggestionIndex {
    /// `names` yields, per catalog entry, its name and synonyms.
    pub fn new<'a, I, N>(names: I) -> Self
    where
        I: IntoIterator<Item = N>,
        N: IntoIterator<Item = &'a str>,
    {
        let entries = names
            .into_iter()
            .map(|names| Entry {
                phrases: names
                    .into_iter()
                    .map(name_keys)
                    .filter(|w| !w.is_empty())
                    .collect(),
            })
            .collect();
        Self { entries }
    }

    /// The best `limit` entries for what was typed so far.
    pub fn suggest(&self, typed: &str, limit: usize) -> Vec<Suggestion> {
        let query = name_keys(typed);
        if query.is_empty() {
            return Vec::new();
        }
        let mut found: Vec<Suggestion> = self
            .entries
            .iter()
            .enumerate()
            .filter_map(|(index, entry)| {
                entry
                    .phrases
                    .iter()
                    .enumerate()
                    .filter_map(|(n, phrase)| rank(&query, phrase).map(|r| r + u8::from(n > 0)))
                    .min()
                    .map(|rank| Suggestion { rank, index })
            })
            .collect();
        found.sort_unstable();
        found.truncate(limit);
        found
    }
}

/// 0: the phrase starts with the query; 2: every query word starts some word; else no match.
fn rank(query: &[String], phrase: &[String]) -> Option<u8> {
    let in_order = query
        .iter()
        .zip(phrase.iter())
        .all(|(q, w)| w.starts_with(q.as_str()))
        && query.len() <= phrase.len();
    if in_order {
        return Some(0);
    }
    query
        .iter()
        .all(|q| phrase.iter().any(|w| w.starts_with(q.as_str())))
        .then_some(2)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn index() -> SuggestionIndex {
        SuggestionIndex::new([
            vec!["Amoxicillin", "Amoxil"],
            vec!["Amlodipine", "Norvasc"],
            vec!["Insulin glargine", "Lantus"],
            vec!["Glipizide"],
        ])
    }

    #[test]
    fn prefixes_of_names_and_synonyms() {
        let found: Vec<usize> = index().suggest("am", 10).iter().map(|s| s.index).collect();
        assert_eq!(found, [0, 1]);
        assert_eq!(
            index().suggest("norv", 10).first().map(|s| s.index),
            Some(1)
        );
        assert_eq!(
            index().suggest("glar", 10).first().map(|s| s.index),
            Some(2)
        );
        // A name that starts with the query beats a later word.
        let found: Vec<usize> = index().suggest("gl", 10).iter().map(|s| s.index).collect();
        assert_eq!(found, [3, 2]);
        assert!(index().suggest("", 10).is_empty());
        assert!(index().suggest("xyz", 10).is_empty());
    }
}

/// A catalog of names with an optional standard code, for suggestions (conditions with their
/// ICD-10-CM codes, procedures), read from a TOML file of `[[entry]]` tables.
pub struct NamedCatalog {
    entries: Vec<NamedEntry>,
    index: SuggestionIndex,
}

#[derive(Clone, Debug, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NamedEntry {
    pub name: String,
    pub code: Option<String>,
    #[serde(default)]
    pub synonyms: Vec<String>,
}

#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct NamedFile {
    source: String,
    entry: Vec<NamedEntry>,
}

impl NamedCatalog {
    /// Reads a catalog; `file` names it in messages.
    pub fn parse(
        file: &'static str,
        text: &str,
    ) -> Result<Self, crate::clinical::allergy::catalog::CatalogError> {
        use crate::clinical::allergy::catalog::CatalogError;
        let parsed: NamedFile = toml::from_str(text).map_err(|e| CatalogError::Syntax {
            file,
            detail: e.to_string(),
        })?;
        if parsed.source.trim().is_empty() {
            return Err(CatalogError::Invalid {
                file,
                detail: "the catalog names no source".into(),
            });
        }
        if let Some(empty) = parsed.entry.iter().find(|e| e.name.trim().is_empty()) {
            return Err(CatalogError::Invalid {
                file,
                detail: format!("an entry has no name (code {:?})", empty.code),
            });
        }
        let index = SuggestionIndex::new(parsed.entry.iter().map(|e| {
            std::iter::once(e.name.as_str()).chain(e.synonyms.iter().map(String::as_str))
        }));
        Ok(Self {
            entries: parsed.entry,
            index,
        })
    }

    pub fn suggest(&self, typed: &str, limit: usize) -> Vec<&NamedEntry> {
        self.index
            .suggest(typed, limit)
            .into_iter()
            .filter_map(|s| self.entries.get(s.index))
            .collect()
    }

    /// The entry whose name is exactly this text (case and spacing aside).
    pub fn by_name(&self, text: &str) -> Option<&NamedEntry> {
        let folded = name_keys(text);
        self.entries.iter().find(|e| name_keys(&e.name) == folded)
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }
}
