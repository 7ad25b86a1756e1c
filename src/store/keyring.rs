//! The chart's keys. A random 256-bit data key opens the `SQLCipher` database; it is never stored
//! as it is, only sealed (XChaCha20-Poly1305) in the key file beside the chart: once for each
//! active staff member, under a key argon2id derives from their password, and once under the
//! recovery key shown at set-up. Opening a slot is how a password is checked: no password, and
//! no hash of one, is stored anywhere else.

use std::fs::OpenOptions;
use std::io::Write;
use std::path::{Path, PathBuf};

use argon2::{Algorithm, Argon2, Params, Version};
use chacha20poly1305::aead::{Aead, KeyInit, Payload};
use chacha20poly1305::{XChaCha20Poly1305, XNonce};
use serde::{Deserialize, Serialize};
use sha2::Digest;
use zeroize::{Zeroize, Zeroizing};

use crate::clinical::account::{Password, Username};
use crate::clinical::ids::StaffId;

/// The key that opens the database. Wiped from memory when dropped.
#[derive(Clone, PartialEq, Eq, Zeroize, zeroize::ZeroizeOnDrop)]
pub struct DataKey([u8; 32]);

impl std::fmt::Debug for DataKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("DataKey(…)")
    }
}

impl DataKey {
    pub fn random() -> Result<Self, KeyError> {
        let mut bytes = [0u8; 32];
        getrandom::fill(&mut bytes).map_err(|e| KeyError::Random(e.to_string()))?;
        Ok(Self(bytes))
    }

    /// The key in `SQLCipher`'s raw-key form, `x'…'`: used as is, with no key derivation, so
    /// opening the chart costs no more than opening a plain file.
    pub(crate) fn pragma_value(&self) -> Zeroizing<String> {
        Zeroizing::new(format!("x'{}'", hex(&self.0)))
    }
}

/// Why the keys could not be read or used, in words; nothing is changed when these happen.
#[derive(Debug, thiserror::Error)]
pub enum KeyError {
    #[error(
        "the key file {path} is missing: without it nobody can open the chart, not even with the recovery key (whose slot is in it). Nothing was changed; put the key file back beside the chart, from the backup"
    )]
    Missing { path: PathBuf },
    #[error(
        "the key file {path} is damaged or is not a Rooming key file ({detail}). Nothing was changed; put back the key file from the backup"
    )]
    Damaged { path: PathBuf, detail: String },
    #[error("that username and password do not open this chart")]
    WrongCredentials,
    #[error(
        "that recovery key does not open this chart: check each group of four against the printed sheet"
    )]
    WrongRecoveryKey,
    #[error("the key file could not be written ({0}); nothing was changed")]
    Write(String),
    #[error("the system's random source failed: {0}")]
    Random(String),
}

/// The recovery key: 160 random bits written as 32 letters and digits in groups of four, with
/// two check characters, so a person can print it, keep it in a safe, and type it back.
#[derive(Clone, PartialEq, Eq, Zeroize, zeroize::ZeroizeOnDrop)]
pub struct RecoveryKey([u8; 20]);

impl std::fmt::Debug for RecoveryKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("RecoveryKey(…)")
    }
}

/// Crockford's base 32: no I, L, O or U, so nothing typed back is misread.
const BASE32: &[u8; 32] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";

impl RecoveryKey {
    fn random() -> Result<Self, KeyError> {
        let mut bytes = [0u8; 20];
        getrandom::fill(&mut bytes).map_err(|e| KeyError::Random(e.to_string()))?;
        Ok(Self(bytes))
    }

    fn check(bytes: &[u8; 20]) -> [u8; 2] {
        let digest = sha2::Sha256::digest(bytes);
        let first = digest.first().copied().unwrap_or(0);
        let second = digest.get(1).copied().unwrap_or(0);
        [
            BASE32.get(usize::from(first % 32)).copied().unwrap_or(b'0'),
            BASE32
                .get(usize::from(second % 32))
                .copied()
                .unwrap_or(b'0'),
        ]
    }

    /// "K7Q2-M9XA-…-3F": eight groups of four and the two check characters.
    pub fn formatted(&self) -> Zeroizing<String> {
        let mut chars = Vec::with_capacity(34);
        // 160 bits are exactly 32 characters of 5 bits.
        let mut bits: u32 = 0;
        let mut held = 0;
        for byte in self.0 {
            bits = (bits << 8) | u32::from(byte);
            held += 8;
            while held >= 5 {
                held -= 5;
                let index = usize::try_from((bits >> held) & 31).unwrap_or(0);
                chars.push(BASE32.get(index).copied().unwrap_or(b'0'));
            }
        }
        chars.extend(Self::check(&self.0));
        let groups: Vec<String> = chars
            .chunks(4)
            .map(|g| String::from_utf8_lossy(g).into_owned())
            .collect();
        chars.zeroize();
        Zeroizing::new(groups.join("-"))
    }

    /// Reads a recovery key as typed: case, spaces and dashes do not matter, and the letters
    /// I, L and O are read as 1, 1 and 0.
    pub fn parse(typed: &str) -> Result<Self, KeyError> {
        let mut values = Zeroizing::new(Vec::with_capacity(34));
        for c in typed.chars().filter(|c| !c.is_whitespace() && *c != '-') {
            let c = match c.to_ascii_uppercase() {
                'I' | 'L' => '1',
                'O' => '0',
                other => other,
            };
            let position = BASE32
                .iter()
                .position(|b| char::from(*b) == c)
                .ok_or(KeyError::WrongRecoveryKey)?;
            values.push(u8::try_from(position).unwrap_or(0));
        }
        if values.len() != 34 {
            return Err(KeyError::WrongRecoveryKey);
        }
        let mut bytes = [0u8; 20];
        let mut bits: u32 = 0;
        let mut held = 0;
        let mut out = 0;
        for value in values.iter().take(32) {
            bits = (bits << 5) | u32::from(*value);
            held += 5;
            if held >= 8 {
                held -= 8;
                if let Some(slot) = bytes.get_mut(out) {
                    *slot = u8::try_from((bits >> held) & 0xff).unwrap_or(0);
                }
                out += 1;
            }
        }
        let check = Self::check(&bytes);
        let typed_check: Vec<u8> = values
            .iter()
            .skip(32)
            .filter_map(|v| BASE32.get(usize::from(*v)).copied())
            .collect();
        if typed_check != check {
            bytes.zeroize();
            return Err(KeyError::WrongRecoveryKey);
        }
        Ok(Self(bytes))
    }
}

/// The argon2id cost of a slot, kept with it so it can be raised for new slots later.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct KdfParams {
    pub memory_kib: u32,
    pub iterations: u32,
    pub parallelism: u32,
}

impl KdfParams {
    /// OWASP's Password Storage Cheat Sheet: argon2id with 19 MiB, 2 iterations, 1 lane.
    pub const OWASP: Self = Self {
        memory_kib: 19_456,
        iterations: 2,
        parallelism: 1,
    };

    fn derive(&self, secret: &[u8], salt: &[u8]) -> Result<Zeroizing<[u8; 32]>, String> {
        let params = Params::new(self.memory_kib, self.iterations, self.parallelism, Some(32))
            .map_err(|e| e.to_string())?;
        let mut out = Zeroizing::new([0u8; 32]);
        Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
            .hash_password_into(secret, salt, out.as_mut())
            .map_err(|e| e.to_string())?;
        Ok(out)
    }
}

/// Whose slot it is.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Holder {
    Staff { staff: StaffId, username: Username },
    Recovery,
}

impl Holder {
    fn tag(&self) -> String {
        match self {
            Self::Staff { staff, .. } => format!("staff:{staff}"),
            Self::Recovery => "recovery".into(),
        }
    }
}

/// The data key sealed for one holder.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
struct Slot {
    holder: Holder,
    kdf: KdfParams,
    salt: String,
    nonce: String,
    sealed: String,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
struct KeyFileContent {
    format: u32,
    /// A random id shared with the chart, so a slot sealed for one chart never opens another.
    chart: String,
    /// The clinic's name, for the sign-in screen (it is not patient data).
    clinic: String,
    slots: Vec<Slot>,
}

const FORMAT: u32 = 1;

/// The key file of a chart: `chart.rooming.keys` beside `chart.rooming`, readable by the
/// owner only.
#[derive(Clone, Debug)]
pub struct Keyring {
    path: PathBuf,
    content: KeyFileContent,
}

/// The key file's path for a chart.
pub fn key_file(chart: &Path) -> PathBuf {
    let mut name = chart.file_name().unwrap_or_default().to_owned();
    name.push(".keys");
    chart.with_file_name(name)
}

pub(crate) fn hex(bytes: &[u8]) -> String {
    use std::fmt::Write as _;
    bytes.iter().fold(String::new(), |mut s, b| {
        let _ = write!(s, "{b:02x}");
        s
    })
}

fn unhex(text: &str) -> Option<Vec<u8>> {
    if !text.len().is_multiple_of(2) {
        return None;
    }
    (0..text.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(text.get(i..i + 2)?, 16).ok())
        .collect()
}

fn random_bytes<const N: usize>() -> Result<[u8; N], KeyError> {
    let mut bytes = [0u8; N];
    getrandom::fill(&mut bytes).map_err(|e| KeyError::Random(e.to_string()))?;
    Ok(bytes)
}

/// Writes `bytes` to `path` readable and writable by the owner only, all or nothing: a new
/// file beside it, flushed to disk, then renamed over the old one.
pub(crate) fn write_private(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let mut temp = path.as_os_str().to_owned();
    temp.push(".new");
    let temp = PathBuf::from(temp);
    let mut options = OpenOptions::new();
    options.write(true).create(true).truncate(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    let mut file = options.open(&temp)?;
    file.write_all(bytes)?;
    file.sync_all()?;
    drop(file);
    std::fs::rename(&temp, path)?;
    if let Some(folder) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
        // The rename itself reaches the disk only when the folder is flushed.
        if let Ok(dir) = std::fs::File::open(folder) {
            let _ = dir.sync_all();
        }
    }
    Ok(())
}

impl Keyring {
    /// Reads the key file of `chart`.
    pub fn load(chart: &Path) -> Result<Self, KeyError> {
        let path = key_file(chart);
        let text = match std::fs::read_to_string(&path) {
            Ok(text) => text,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                return Err(KeyError::Missing { path });
            }
            Err(e) => {
                return Err(KeyError::Damaged {
                    path,
                    detail: e.to_string(),
                });
            }
        };
        let content: KeyFileContent =
            serde_json::from_str(&text).map_err(|e| KeyError::Damaged {
                path: path.clone(),
                detail: e.to_string(),
            })?;
        if content.format != FORMAT {
            return Err(KeyError::Damaged {
                path,
                detail: format!("format {} is not one this version reads", content.format),
            });
        }
        Ok(Self { path, content })
    }

    /// A new key file for a new chart: a new chart id, the first administrator's slot and the
    /// recovery slot. Returns the recovery key, to be shown once.
    pub fn create(
        chart: &Path,
        clinic: &str,
        key: &DataKey,
        staff: StaffId,
        username: &Username,
        password: &Password,
    ) -> Result<(Self, RecoveryKey), KeyError> {
        let mut ring = Self {
            path: key_file(chart),
            content: KeyFileContent {
                format: FORMAT,
                chart: hex(&random_bytes::<16>()?),
                clinic: clinic.to_owned(),
                slots: Vec::new(),
            },
        };
        let recovery = RecoveryKey::random()?;
        ring.seal(Holder::Recovery, &recovery.0, key)?;
        ring.seal(
            Holder::Staff {
                staff,
                username: username.clone(),
            },
            password.as_bytes(),
            key,
        )?;
        ring.save()?;
        Ok((ring, recovery))
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The chart id the slots are bound to.
    pub fn chart_id(&self) -> &str {
        &self.content.chart
    }

    pub fn clinic(&self) -> &str {
        &self.content.clinic
    }

    /// Who has a slot: the usernames that can open the chart.
    pub fn usernames(&self) -> Vec<&Username> {
        self.content
            .slots
            .iter()
            .filter_map(|s| match &s.holder {
                Holder::Staff { username, .. } => Some(username),
                Holder::Recovery => None,
            })
            .collect()
    }

    fn aad(&self, holder: &Holder) -> String {
        format!("rooming-slot:{}:{}", self.content.chart, holder.tag())
    }

    fn seal(&mut self, holder: Holder, secret: &[u8], key: &DataKey) -> Result<(), KeyError> {
        let salt = random_bytes::<16>()?;
        let nonce = random_bytes::<24>()?;
        let kdf = KdfParams::OWASP;
        let wrapping = kdf.derive(secret, &salt).map_err(KeyError::Random)?;
        let cipher = XChaCha20Poly1305::new_from_slice(wrapping.as_ref())
            .map_err(|e| KeyError::Random(e.to_string()))?;
        let aad = self.aad(&holder);
        let sealed = cipher
            .encrypt(
                &XNonce::from(nonce),
                Payload {
                    msg: &key.0,
                    aad: aad.as_bytes(),
                },
            )
            .map_err(|e| KeyError::Random(e.to_string()))?;
        self.content.slots.retain(|s| s.holder != holder);
        self.content.slots.push(Slot {
            holder,
            kdf,
            salt: hex(&salt),
            nonce: hex(&nonce),
            sealed: hex(&sealed),
        });
        Ok(())
    }

    fn open_slot(&self, slot: &Slot, secret: &[u8]) -> Option<DataKey> {
        let salt = unhex(&slot.salt)?;
        let nonce: [u8; 24] = unhex(&slot.nonce)?.try_into().ok()?;
        let sealed = unhex(&slot.sealed)?;
        let wrapping = slot.kdf.derive(secret, &salt).ok()?;
        let cipher = XChaCha20Poly1305::new_from_slice(wrapping.as_ref()).ok()?;
        let aad = self.aad(&slot.holder);
        let plain = Zeroizing::new(
            cipher
                .decrypt(
                    &XNonce::from(nonce),
                    Payload {
                        msg: &sealed,
                        aad: aad.as_bytes(),
                    },
                )
                .ok()?,
        );
        let bytes: [u8; 32] = plain.as_slice().try_into().ok()?;
        Some(DataKey(bytes))
    }

    /// Opens the slot of `username` with `password`: the data key, and whose it is. A wrong
    /// password and an unknown username take the same time and give the same error.
    pub fn unlock(
        &self,
        username: &Username,
        password: &Password,
    ) -> Result<(StaffId, DataKey), KeyError> {
        let slot = self
            .content
            .slots
            .iter()
            .find(|s| matches!(&s.holder, Holder::Staff { username: u, .. } if u == username));
        let Some(slot) = slot else {
            // The same work as a real slot, so the time taken says nothing.
            let _ = KdfParams::OWASP.derive(password.as_bytes(), &[0u8; 16]);
            return Err(KeyError::WrongCredentials);
        };
        match (&slot.holder, self.open_slot(slot, password.as_bytes())) {
            (Holder::Staff { staff, .. }, Some(key)) => Ok((*staff, key)),
            _ => Err(KeyError::WrongCredentials),
        }
    }

    /// Opens the recovery slot.
    pub fn unlock_with_recovery(&self, recovery: &RecoveryKey) -> Result<DataKey, KeyError> {
        self.content
            .slots
            .iter()
            .find(|s| s.holder == Holder::Recovery)
            .and_then(|slot| self.open_slot(slot, &recovery.0))
            .ok_or(KeyError::WrongRecoveryKey)
    }

    /// Seals the data key for a staff member under their (new) password, replacing any slot
    /// they had, and writes the file.
    pub fn set_password(
        &mut self,
        staff: StaffId,
        username: &Username,
        password: &Password,
        key: &DataKey,
    ) -> Result<(), KeyError> {
        self.content
            .slots
            .retain(|s| !matches!(&s.holder, Holder::Staff { staff: id, .. } if *id == staff));
        self.seal(
            Holder::Staff {
                staff,
                username: username.clone(),
            },
            password.as_bytes(),
            key,
        )?;
        self.save()
    }

    /// Removes a staff member's slot (deactivation): their password opens nothing any more.
    pub fn remove(&mut self, staff: StaffId) -> Result<(), KeyError> {
        self.content
            .slots
            .retain(|s| !matches!(&s.holder, Holder::Staff { staff: id, .. } if *id == staff));
        self.save()
    }

    /// Writes the clinic's name shown before sign-in.
    pub fn set_clinic(&mut self, clinic: &str) -> Result<(), KeyError> {
        clinic.clone_into(&mut self.content.clinic);
        self.save()
    }

    fn save(&self) -> Result<(), KeyError> {
        let json =
            serde_json::to_vec_pretty(&self.content).map_err(|e| KeyError::Write(e.to_string()))?;
        write_private(&self.path, &json).map_err(|e| KeyError::Write(e.to_string()))
    }

    /// The same key file at another path (a backup, a restored chart).
    pub fn copy_to(&self, chart: &Path) -> Result<Self, KeyError> {
        let copy = Self {
            path: key_file(chart),
            content: self.content.clone(),
        };
        copy.save()?;
        Ok(copy)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_recovery_key_reads_back_as_typed_and_catches_a_typo() {
        let key = RecoveryKey([7u8; 20]);
        let text = key.formatted();
        assert_eq!(text.len(), 34 + 8, "nine groups and their dashes");
        assert_eq!(RecoveryKey::parse(&text).unwrap(), key);
        let sloppy = text.to_lowercase().replace('-', " ").replace('1', "l");
        assert_eq!(RecoveryKey::parse(&sloppy).unwrap(), key);
        // Change one character: the check characters no longer match.
        let mut typo: Vec<char> = text.chars().collect();
        typo[0] = if typo[0] == 'A' { 'B' } else { 'A' };
        let typo: String = typo.into_iter().collect();
        assert!(RecoveryKey::parse(&typo).is_err());
    }

    #[test]
    fn hex_round_trips() {
        assert_eq!(unhex(&hex(&[0, 1, 254, 255])), Some(vec![0, 1, 254, 255]));
        assert_eq!(unhex("zz"), None);
    }
}
