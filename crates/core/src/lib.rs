//! Pure domain values of the immigration platform: identity numbers, passport
//! data, people's names, money, offices and their time zones.
//!
//! Everything here is validated on construction (`parse`, `TryFrom`, `FromStr`,
//! serde), so holding a value proves it is well formed. No IO, no async.
//! Sensitive values (NIK, passport numbers, MRZ) never print whole in `Debug`.

pub mod codes;
pub mod identity;
pub mod mrz;
pub mod nationality;
pub mod nik;
pub mod office_code;
pub mod passport_number;
pub mod person_name;
pub mod rupiah;
pub mod sex;
pub mod zone;

pub use codes::{BillingCode, BookingCode, CodeError};
pub use identity::{
    CheckedIdentity, FieldProblem, IdentityError, IdentityField, IdentityInput, check_identity,
};
pub use mrz::{Mrz, MrzError, MrzField, MrzLine};
pub use nationality::{Nationality, NationalityError};
pub use nik::{IdentityMismatch, Nik, NikError};
pub use office_code::{OfficeCode, OfficeCodeError};
pub use passport_number::{PassportNumber, PassportNumberError};
pub use person_name::{PersonName, PersonNameError};
pub use rupiah::{Rupiah, RupiahError};
pub use sex::{Sex, SexError};
pub use zone::{OfficeZone, OfficeZoneError};
