//! Staff accounts as rules: usernames, roles, the password policy (NIST SP 800-63B: length, no
//! composition rules, a list of common and breached passwords), PINs, and how long a sign-in
//! waits after repeated failures. No cryptography and no storage here.

use std::collections::{BTreeMap, HashSet};
use std::time::Duration;

use unicode_normalization::UnicodeNormalization;

use crate::clinical::coded::coded_enum;
use crate::clinical::text::required;

/// The shortest password accepted. NIST SP 800-63B-4 (2025) asks for at least 15 characters
/// when a password is the only factor, as it is here; a passphrase of three or four words
/// meets it, and the PIN keeps the many unlocks of a day short.
pub const MIN_PASSWORD_CHARS: usize = 15;
/// The longest password accepted (NIST asks that at least 64 be allowed).
pub const MAX_PASSWORD_CHARS: usize = 256;
/// Sign-ins that may fail before each further try waits.
pub const FREE_FAILURES: u32 = 5;

coded_enum!(
    /// What a staff member may do. An administrator manages accounts, clinic settings and the
    /// audit log, and may also chart (a small clinic's first administrator is often its MA).
    Role {
        Administrator => "administrator", "Administrator";
        ClinicalStaff => "clinical_staff", "Clinical staff";
    }
);

/// A sign-in name: lower case letters, digits, dot, dash or underscore, 3 to 32 of them.
#[derive(
    Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize,
)]
pub struct Username(String);

#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum UsernameError {
    #[error("type a username of 3 to 32 letters, digits, dots, dashes or underscores")]
    Invalid,
}

impl Username {
    /// Case does not matter: `ALopez` and `alopez` are the same person.
    pub fn parse(text: &str) -> Result<Self, UsernameError> {
        let name = text.trim().to_lowercase();
        let allowed = |c: char| c.is_ascii_lowercase() || c.is_ascii_digit() || ".-_".contains(c);
        if (3..=32).contains(&name.len()) && name.chars().all(allowed) {
            Ok(Self(name))
        } else {
            Err(UsernameError::Invalid)
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Display for Username {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// A password as typed, normalised to one Unicode form so the same characters typed two ways
/// give the same password. Never logged, never shown.
#[derive(Clone, PartialEq, Eq, zeroize::Zeroize, zeroize::ZeroizeOnDrop)]
pub struct Password(String);

impl std::fmt::Debug for Password {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Password(…)")
    }
}

impl Password {
    pub fn new(typed: &str) -> Self {
        Self(typed.nfkc().collect())
    }

    pub fn as_bytes(&self) -> &[u8] {
        self.0.as_bytes()
    }

    pub fn chars(&self) -> usize {
        self.0.chars().count()
    }
}

#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum PasswordError {
    #[error(
        "use at least {MIN_PASSWORD_CHARS} characters: a few words you will remember make a good password"
    )]
    TooShort,
    #[error("use at most {MAX_PASSWORD_CHARS} characters")]
    TooLong,
    #[error("this password is on the list of common and breached passwords: choose another")]
    Common,
    #[error("a password made of one repeated piece is easy to guess: choose another")]
    Repetitive,
    #[error("the password must not be built on your name, username or the clinic's name")]
    Personal,
    #[error("the two passwords are not the same")]
    Mismatch,
}

/// The list of common and breached passwords, from `assets/common_passwords.txt`.
#[derive(Clone, Debug, Default)]
pub struct CommonPasswords(HashSet<String>);

impl CommonPasswords {
    pub fn parse(text: &str) -> Self {
        Self(
            text.lines()
                .map(str::trim)
                .filter(|l| !l.is_empty() && !l.starts_with('#'))
                .map(str::to_lowercase)
                .collect(),
        )
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    fn contains(&self, word: &str) -> bool {
        self.0.contains(word)
    }
}

/// Checks a new password. `context` holds words it must not be built on (the person's name and
/// username, the clinic's name). No rule about kinds of characters: any character counts.
pub fn check_new_password(
    password: &Password,
    context: &[&str],
    common: &CommonPasswords,
) -> Result<(), PasswordError> {
    let n = password.chars();
    if n < MIN_PASSWORD_CHARS {
        return Err(PasswordError::TooShort);
    }
    if n > MAX_PASSWORD_CHARS {
        return Err(PasswordError::TooLong);
    }
    let lower = password.0.to_lowercase();
    // Also what is left with the digits and marks at its ends taken away ("password2026!").
    let core: String = lower
        .trim_matches(|c: char| !c.is_alphabetic())
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    if common.contains(&lower) || common.contains(&core) || common.contains(&squashed(&lower)) {
        return Err(PasswordError::Common);
    }
    if let Some(unit) = repeated_unit(&lower)
        && common.contains(unit)
    {
        return Err(PasswordError::Common);
    }
    if is_repetition(&lower) || lower.chars().collect::<HashSet<_>>().len() <= 3 {
        return Err(PasswordError::Repetitive);
    }
    let personal = context
        .iter()
        .chain(std::iter::once(&"rooming"))
        .flat_map(|c| c.split_whitespace())
        .map(str::to_lowercase)
        .filter(|w| w.chars().count() >= 3)
        .any(|w| core == w || squashed(&lower) == w || is_repetition_of(&core, &w));
    if personal {
        return Err(PasswordError::Personal);
    }
    Ok(())
}

/// Letters and digits only: "pass word 123" is "password123".
fn squashed(text: &str) -> String {
    text.chars().filter(|c| c.is_alphanumeric()).collect()
}

/// The shortest piece the whole text is made of, repeated, if it is one.
fn repeated_unit(text: &str) -> Option<&str> {
    let len = text.len();
    (1..=len / 2)
        .filter(|n| len.is_multiple_of(*n) && text.is_char_boundary(*n))
        .map(|n| text.get(..n).unwrap_or(text))
        .find(|unit| unit.repeat(len / unit.len()) == text)
}

fn is_repetition(text: &str) -> bool {
    repeated_unit(text).is_some()
}

fn is_repetition_of(text: &str, word: &str) -> bool {
    !word.is_empty()
        && text.len().is_multiple_of(word.len())
        && word.repeat(text.len() / word.len()) == text
}

/// A PIN to resume one's own locked session: 4 to 8 digits.
#[derive(Clone, PartialEq, Eq, zeroize::Zeroize, zeroize::ZeroizeOnDrop)]
pub struct Pin(String);

impl std::fmt::Debug for Pin {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Pin(…)")
    }
}

#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum PinError {
    #[error("a PIN is 4 to 8 digits")]
    Invalid,
    #[error("a PIN of one digit repeated or counted in order is too easy: choose another")]
    Trivial,
}

impl Pin {
    pub fn parse(text: &str) -> Result<Self, PinError> {
        let digits = text.trim();
        if !(4..=8).contains(&digits.len()) || !digits.chars().all(|c| c.is_ascii_digit()) {
            return Err(PinError::Invalid);
        }
        let bytes = digits.as_bytes();
        let step = |d: i16| {
            bytes
                .windows(2)
                .all(|w| matches!(w, [a, b] if i16::from(*b) - i16::from(*a) == d))
        };
        if step(0) || step(1) || step(-1) {
            return Err(PinError::Trivial);
        }
        Ok(Self(digits.to_owned()))
    }

    pub fn as_bytes(&self) -> &[u8] {
        self.0.as_bytes()
    }
}

/// How long the next sign-in to an account waits after `failures` failed ones in a row: none
/// until five have failed, then 30 seconds, doubling each time, at most 15 minutes. The wait slows
/// guessing at the keyboard without locking a busy MA out for the day.
pub fn wait_after(failures: u32) -> Duration {
    match failures.checked_sub(FREE_FAILURES) {
        None => Duration::ZERO,
        Some(extra) => {
            let seconds = 30u64.saturating_mul(1u64 << extra.min(10));
            Duration::from_secs(seconds.min(15 * 60))
        }
    }
}

/// A staff member's account as the chart knows it now.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Account {
    pub staff: crate::clinical::staff::Staff,
    /// `None` for a staff member from before accounts, until an administrator gives one.
    pub username: Option<Username>,
    pub role: Role,
    /// A provider's co-signature passes the hard stops of the safety checks.
    pub provider: bool,
    pub active: bool,
    /// A temporary password set by an administrator, to be changed at the next sign-in.
    pub must_change_password: bool,
}

/// A change an administrator makes to an account (not the password).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AccountChange {
    pub name: String,
    pub credentials: String,
    pub role: Role,
    pub provider: bool,
}

/// The form an administrator fills to add or change a staff member.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct AccountDraft {
    pub name: String,
    pub credentials: String,
    pub username: String,
    pub role: Option<Role>,
    pub provider: bool,
    /// The temporary password (adding, or resetting).
    pub password: String,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum AccountField {
    Name,
    Credentials,
    Username,
    Role,
    Password,
    Confirm,
}

#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum AccountError {
    #[error("type the name")]
    NameMissing,
    #[error("type the credentials or title, e.g. CMA, MD")]
    CredentialsMissing,
    #[error(transparent)]
    Username(#[from] UsernameError),
    #[error("choose administrator or clinical staff")]
    RoleMissing,
    #[error(transparent)]
    Password(#[from] PasswordError),
}

/// A checked new account, not yet stored.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NewAccount {
    pub name: String,
    pub credentials: String,
    pub username: Username,
    pub role: Role,
    pub provider: bool,
    pub password: Password,
}

impl AccountDraft {
    pub fn check(
        &self,
        clinic: &str,
        common: &CommonPasswords,
    ) -> Result<NewAccount, BTreeMap<AccountField, AccountError>> {
        let mut errors = BTreeMap::new();
        let name = required(&self.name);
        if name.is_none() {
            errors.insert(AccountField::Name, AccountError::NameMissing);
        }
        let credentials = required(&self.credentials);
        if credentials.is_none() {
            errors.insert(AccountField::Credentials, AccountError::CredentialsMissing);
        }
        let username = Username::parse(&self.username)
            .map_err(|e| errors.insert(AccountField::Username, e.into()))
            .ok();
        if self.role.is_none() {
            errors.insert(AccountField::Role, AccountError::RoleMissing);
        }
        let password = Password::new(&self.password);
        let context = [self.name.as_str(), self.username.as_str(), clinic];
        if let Err(e) = check_new_password(&password, &context, common) {
            errors.insert(AccountField::Password, e.into());
        }
        match (name, credentials, username, self.role) {
            (Some(name), Some(credentials), Some(username), Some(role)) if errors.is_empty() => {
                Ok(NewAccount {
                    name,
                    credentials,
                    username,
                    role,
                    provider: self.provider,
                    password,
                })
            }
            _ => Err(errors),
        }
    }
}

impl AccountDraft {
    /// The draft of an existing account, to change it.
    pub fn of(account: &Account) -> Self {
        Self {
            name: account.staff.name.clone(),
            credentials: account.staff.credentials.clone(),
            username: account
                .username
                .as_ref()
                .map(|u| u.as_str().to_owned())
                .unwrap_or_default(),
            role: Some(account.role),
            provider: account.provider,
            password: String::new(),
        }
    }

    /// A change to an existing account: name, credentials, role and provider.
    pub fn check_change(&self) -> Result<AccountChange, BTreeMap<AccountField, AccountError>> {
        let mut errors = BTreeMap::new();
        let name = required(&self.name);
        if name.is_none() {
            errors.insert(AccountField::Name, AccountError::NameMissing);
        }
        let credentials = required(&self.credentials);
        if credentials.is_none() {
            errors.insert(AccountField::Credentials, AccountError::CredentialsMissing);
        }
        if self.role.is_none() {
            errors.insert(AccountField::Role, AccountError::RoleMissing);
        }
        match (name, credentials, self.role) {
            (Some(name), Some(credentials), Some(role)) => Ok(AccountChange {
                name,
                credentials,
                role,
                provider: self.provider,
            }),
            _ => Err(errors),
        }
    }

    /// A temporary password for an existing account, held to the same rules as any other.
    pub fn check_temporary(
        &self,
        clinic: &str,
        common: &CommonPasswords,
    ) -> Result<Password, PasswordError> {
        let password = Password::new(&self.password);
        check_new_password(
            &password,
            &[self.name.as_str(), self.username.as_str(), clinic],
            common,
        )?;
        Ok(password)
    }
}

/// A new password typed twice, for the person's own change.
pub fn check_password_change(
    new: &str,
    confirm: &str,
    context: &[&str],
    common: &CommonPasswords,
) -> Result<Password, PasswordError> {
    let password = Password::new(new);
    check_new_password(&password, context, common)?;
    if Password::new(confirm) != password {
        return Err(PasswordError::Mismatch);
    }
    Ok(password)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn common() -> CommonPasswords {
        CommonPasswords::parse("# header\npassword\nqwertyuiop\niloveyou\n")
    }

    fn check(text: &str) -> Result<(), PasswordError> {
        check_new_password(
            &Password::new(text),
            &["Ana Lopez", "alopez", "Valley Family Medicine"],
            &common(),
        )
    }

    #[test]
    fn a_long_passphrase_of_any_characters_is_accepted() {
        assert_eq!(check("ferry blue window garden"), Ok(()));
        assert_eq!(check("ñandú café 東京 über"), Ok(()), "any characters");
        assert_eq!(check("plainlowercasewords"), Ok(()), "no composition rules");
    }

    #[test]
    fn short_common_repetitive_and_personal_passwords_are_refused() {
        assert_eq!(check("window garden"), Err(PasswordError::TooShort));
        assert_eq!(check(&"x".repeat(257)), Err(PasswordError::TooLong));
        assert_eq!(check("PasswordPassword"), Err(PasswordError::Common));
        assert_eq!(check("qwertyuiop!!!!!!"), Err(PasswordError::Common));
        assert_eq!(check("iloveyou20261129"), Err(PasswordError::Common));
        assert_eq!(check("abcabcabcabcabc"), Err(PasswordError::Repetitive));
        assert_eq!(check("1111111111111111"), Err(PasswordError::Repetitive));
        assert_eq!(check("alopez!!!!!!!!!!!"), Err(PasswordError::Personal));
        assert_eq!(check("roomingrooming1"), Err(PasswordError::Personal));
    }

    #[test]
    fn the_same_characters_typed_two_ways_are_the_same_password() {
        // "é" as one character, and as e with a combining accent.
        assert_eq!(
            Password::new("caf\u{e9} latte morning"),
            Password::new("cafe\u{301} latte morning")
        );
    }

    #[test]
    fn usernames_ignore_case_and_refuse_odd_characters() {
        assert_eq!(Username::parse(" ALopez ").unwrap().as_str(), "alopez");
        assert!(Username::parse("al").is_err());
        assert!(Username::parse("ana lopez").is_err());
    }

    #[test]
    fn pins_are_digits_and_not_trivial() {
        assert!(Pin::parse("4821").is_ok());
        assert_eq!(Pin::parse("12a4"), Err(PinError::Invalid));
        assert_eq!(Pin::parse("1111"), Err(PinError::Trivial));
        assert_eq!(Pin::parse("1234"), Err(PinError::Trivial));
        assert_eq!(Pin::parse("4321"), Err(PinError::Trivial));
    }

    #[test]
    fn the_wait_grows_after_five_failures_and_is_capped() {
        assert_eq!(wait_after(4), Duration::ZERO);
        assert_eq!(wait_after(5), Duration::from_secs(30));
        assert_eq!(wait_after(6), Duration::from_mins(1));
        assert_eq!(wait_after(7), Duration::from_mins(2));
        assert_eq!(wait_after(30), Duration::from_mins(15));
    }
}
