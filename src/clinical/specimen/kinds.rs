//! The closed lists a specimen is described by: what it is and what it was collected into.

use crate::clinical::coded::coded_enum;

coded_enum!(
    SpecimenType {
        Blood => "blood", "Blood";
        Urine => "urine", "Urine";
        Swab => "swab", "Swab";
        Stool => "stool", "Stool";
        Sputum => "sputum", "Sputum";
        Other => "other", "Other";
    }
);

coded_enum!(
    /// Tubes and containers by the colour of their top, as the MA knows them.
    Container {
        LavenderEdta => "lavender_edta", "Lavender top (EDTA)";
        GoldSst => "gold_sst", "Gold top (SST)";
        LightBlueCitrate => "light_blue_citrate", "Light blue top (citrate)";
        GreenHeparin => "green_heparin", "Green top (heparin)";
        GrayFluoride => "gray_fluoride", "Gray top (fluoride)";
        RedPlain => "red_plain", "Red top (plain)";
        UrineCup => "urine_cup", "Urine cup";
        UrineTransport => "urine_transport", "Urine transport tube";
        CultureSwab => "culture_swab", "Culture swab";
        ViralTransport => "viral_transport", "Viral transport medium";
        StoolContainer => "stool_container", "Stool container";
        SterileCup => "sterile_cup", "Sterile cup";
    }
);

impl Container {
    /// The containers that hold a specimen of this type, so the form offers only those.
    pub fn for_type(kind: SpecimenType) -> Vec<Self> {
        Self::ALL
            .iter()
            .copied()
            .filter(|c| c.holds(kind))
            .collect()
    }

    /// Whether a specimen in this container also does for a test that asks for `needed`: the
    /// same container, or a sterile cup for a urinalysis (a culture and a UA are routinely
    /// poured from one sterile cup).
    pub fn serves(self, needed: Self) -> bool {
        self == needed || (self == Self::SterileCup && needed == Self::UrineCup)
    }

    pub fn holds(self, kind: SpecimenType) -> bool {
        use Container as C;
        match kind {
            SpecimenType::Blood => matches!(
                self,
                C::LavenderEdta
                    | C::GoldSst
                    | C::LightBlueCitrate
                    | C::GreenHeparin
                    | C::GrayFluoride
                    | C::RedPlain
            ),
            SpecimenType::Urine => matches!(self, C::UrineCup | C::UrineTransport | C::SterileCup),
            SpecimenType::Swab => matches!(self, C::CultureSwab | C::ViralTransport),
            SpecimenType::Stool => matches!(self, C::StoolContainer | C::SterileCup),
            SpecimenType::Sputum => matches!(self, C::SterileCup),
            SpecimenType::Other => true,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_type_has_a_container_and_every_container_a_type() {
        for kind in SpecimenType::ALL {
            assert!(!Container::for_type(*kind).is_empty(), "{kind:?}");
        }
        for container in Container::ALL {
            assert!(
                SpecimenType::ALL
                    .iter()
                    .any(|k| *k != SpecimenType::Other && container.holds(*k)),
                "{container:?}"
            );
        }
        assert!(!Container::UrineCup.holds(SpecimenType::Blood));
    }
}
