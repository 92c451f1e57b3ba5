//! Pure rules of Visa Online: the index, the applicant's data, who may
//! apply for what, e-Visa validity. No IO, no clock.

pub mod applicant;
pub mod evisa;
pub mod visa_type;
