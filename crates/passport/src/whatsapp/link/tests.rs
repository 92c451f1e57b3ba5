use super::*;
use imigrasi_platform::pii;

#[test]
fn numbers_are_normalized_to_e164_digits() {
    assert_eq!(
        normalize_number("+62 812-3456-7890").as_deref(),
        Some("6281234567890")
    );
    assert_eq!(
        normalize_number("6281234567890").as_deref(),
        Some("6281234567890")
    );
    assert_eq!(normalize_number("081234567890"), None);
    assert_eq!(normalize_number("62812abc"), None);
    assert_eq!(normalize_number("1234"), None);
    assert_eq!(normalize_number("1234567890123456"), None);
    assert_eq!(pii::mask_phone("6281234567890"), "****7890");
}
