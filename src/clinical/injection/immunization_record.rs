//! The patient's immunization record as a clinician reads it: vaccines grouped by what they
//! protect against, each group's doses oldest first; a combination vaccine shows in each of its
//! groups. Refusals are listed with the doses so the record tells the whole story.

use crate::clinical::injection::administration::Administration;
use crate::clinical::injection::catalog::{InjectionCatalog, ProductKind};
use crate::clinical::record::{Versioned, current};

pub struct VaccineGroupRecord<'a> {
    pub group: String,
    pub entries: Vec<&'a Versioned<Administration>>,
}

/// Current vaccine entries by group, in the catalog's group order.
pub fn immunization_record<'a>(
    administrations: &'a [Versioned<Administration>],
    catalog: &InjectionCatalog,
) -> Vec<VaccineGroupRecord<'a>> {
    let vaccines: Vec<&Versioned<Administration>> = current(administrations)
        .filter(|a| a.content.product.kind == ProductKind::Vaccine)
        .collect();
    let mut groups: Vec<VaccineGroupRecord<'a>> = catalog
        .groups()
        .iter()
        .map(|g| VaccineGroupRecord {
            group: g.name.clone(),
            entries: vaccines
                .iter()
                .copied()
                .filter(|a| a.content.product.groups.contains(&g.id))
                .collect(),
        })
        .filter(|g| !g.entries.is_empty())
        .collect();
    // A group the catalog no longer lists still shows its doses.
    let orphans: Vec<_> = vaccines
        .iter()
        .copied()
        .filter(|a| {
            !a.content
                .product
                .groups
                .iter()
                .any(|g| catalog.group(g).is_some())
        })
        .collect();
    if !orphans.is_empty() {
        groups.push(VaccineGroupRecord {
            group: "Other vaccines".into(),
            entries: orphans,
        });
    }
    for group in &mut groups {
        group
            .entries
            .sort_by_key(|a| (a.content.day(), a.recorded.at));
    }
    groups
}
