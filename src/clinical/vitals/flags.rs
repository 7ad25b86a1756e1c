//! How a value compares with the normal range for the patient's age: the flag shown beside the
//! field and stored with the observation (HL7 v3 `ObservationInterpretation` codes).

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Interpretation {
    CriticalLow,
    Low,
    Normal,
    High,
    CriticalHigh,
}

impl Interpretation {
    pub const ALL: [Self; 5] = [
        Self::CriticalLow,
        Self::Low,
        Self::Normal,
        Self::High,
        Self::CriticalHigh,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Self::CriticalLow => "LL",
            Self::Low => "L",
            Self::Normal => "N",
            Self::High => "H",
            Self::CriticalHigh => "HH",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|i| i.code() == code)
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::CriticalLow => "critically low",
            Self::Low => "low",
            Self::Normal => "normal",
            Self::High => "high",
            Self::CriticalHigh => "critically high",
        }
    }

    pub fn is_abnormal(self) -> bool {
        self != Self::Normal
    }

    pub fn is_critical(self) -> bool {
        matches!(self, Self::CriticalLow | Self::CriticalHigh)
    }
}
