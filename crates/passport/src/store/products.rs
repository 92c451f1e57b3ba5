//! Products, fees and surcharges are data (`passport_products`,
//! `passport_fees`), and so is which passport types an office issues
//! (`passport_office_products`: no rows, every type; rows, only those).

use imigrasi_platform::db;
use sea_orm::{ConnectionTrait, DbErr, Value};

use crate::domain::{Category, PassportType, ServiceKind};

/// One product an office issues, with its fee.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Product {
    /// Passport type.
    pub passport_type: PassportType,
    /// Years of validity.
    pub validity_years: u8,
    /// Fee, rupiah.
    pub fee: i64,
}

/// What is charged for a booking, rupiah.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FeeItems {
    /// The product's fee (none when the product is unknown).
    pub product: Option<i64>,
    /// Surcharge of the service (lost, damaged), 0 otherwise.
    pub surcharge: i64,
    /// Same-day (accelerated) service fee, 0 for other sessions.
    pub accelerated: i64,
}

impl FeeItems {
    /// The total (the product's fee counted as 0 when unknown).
    pub fn total(&self) -> i64 {
        self.product.unwrap_or(0) + self.surcharge + self.accelerated
    }
}

/// The `passport_fees` item of a service's surcharge.
pub fn surcharge_item(service: ServiceKind) -> Option<&'static str> {
    match service {
        ServiceKind::ReplacementLost => Some("surcharge_replacement_lost"),
        ServiceKind::ReplacementDamaged => Some("surcharge_replacement_damaged"),
        ServiceKind::New | ServiceKind::Renewal | ServiceKind::DataChange => None,
    }
}

/// The amount of a `passport_fees` item (0 when missing).
pub async fn fee_item(c: &impl ConnectionTrait, item: &str) -> Result<i64, DbErr> {
    db::one(
        c,
        "SELECT amount FROM passport_fees WHERE item = $1",
        [Value::from(item)],
    )
    .await?
    .map(|r| db::col::<i64>(&r, "amount"))
    .transpose()
    .map(|a| a.unwrap_or(0))
}

/// The same-day (accelerated) service fee.
pub async fn accelerated_fee(c: &impl ConnectionTrait) -> Result<i64, DbErr> {
    fee_item(c, "accelerated_service").await
}

/// The fee of one product, if it exists.
pub async fn product_fee(
    c: &impl ConnectionTrait,
    passport: PassportType,
    validity_years: u8,
) -> Result<Option<i64>, DbErr> {
    db::one(
        c,
        "SELECT fee FROM passport_products WHERE passport_type = $1 AND validity_years = $2",
        [
            Value::from(passport.as_str()),
            Value::from(i32::from(validity_years)),
        ],
    )
    .await?
    .map(|r| db::col::<i64>(&r, "fee"))
    .transpose()
}

/// Product, surcharge and same-day fee of a booking.
pub async fn fee_items(
    c: &impl ConnectionTrait,
    passport: PassportType,
    validity_years: u8,
    service: ServiceKind,
    category: Category,
) -> Result<FeeItems, DbErr> {
    let surcharge = match surcharge_item(service) {
        Some(item) => fee_item(c, item).await?,
        None => 0,
    };
    let accelerated = match category {
        Category::Accelerated => accelerated_fee(c).await?,
        _ => 0,
    };
    Ok(FeeItems {
        product: product_fee(c, passport, validity_years).await?,
        surcharge,
        accelerated,
    })
}

/// The fee of a 5-year passport of this type, new, in a session of this
/// category (what the calendar, the form and WhatsApp show).
pub async fn fee(
    c: &impl ConnectionTrait,
    passport: PassportType,
    category: Category,
) -> Result<i64, DbErr> {
    Ok(fee_items(c, passport, 5, ServiceKind::New, category)
        .await?
        .total())
}

/// The passport types `office` issues: those listed for it, or every type
/// when none is listed.
pub async fn office_types(
    c: &impl ConnectionTrait,
    office: &str,
) -> Result<Vec<PassportType>, DbErr> {
    let rows = db::all(
        c,
        "SELECT passport_type FROM passport_office_products WHERE office_code = $1",
        [Value::from(office)],
    )
    .await?;
    let mut listed = Vec::new();
    for r in rows {
        let t: String = db::col(&r, "passport_type")?;
        if let Ok(t) = t.parse::<PassportType>() {
            listed.push(t);
        }
    }
    Ok(match listed.is_empty() {
        true => PassportType::ALL.to_vec(),
        false => PassportType::ALL
            .into_iter()
            .filter(|t| listed.contains(t))
            .collect(),
    })
}

/// The products `office` issues, by type then validity.
pub async fn office_products(
    c: &impl ConnectionTrait,
    office: &str,
) -> Result<Vec<Product>, DbErr> {
    let types = office_types(c, office).await?;
    let rows = db::all(
        c,
        "SELECT passport_type, validity_years, fee FROM passport_products
         ORDER BY passport_type DESC, validity_years",
        [],
    )
    .await?;
    let mut out = Vec::new();
    for r in rows {
        let t: String = db::col(&r, "passport_type")?;
        let Ok(passport_type) = t.parse::<PassportType>() else {
            continue;
        };
        let years = db::col::<i32>(&r, "validity_years")?;
        if !types.contains(&passport_type) {
            continue;
        }
        out.push(Product {
            passport_type,
            validity_years: u8::try_from(years).unwrap_or(0),
            fee: db::col(&r, "fee")?,
        });
    }
    Ok(out)
}

/// Restrict `office` to `types` (an empty list lifts the restriction: every
/// type again). The seed and an administrator's tooling call this.
pub async fn restrict_office(
    c: &impl ConnectionTrait,
    office: &str,
    types: &[PassportType],
) -> Result<(), DbErr> {
    db::exec(
        c,
        "DELETE FROM passport_office_products WHERE office_code = $1",
        [Value::from(office)],
    )
    .await?;
    for t in types {
        db::exec(
            c,
            "INSERT INTO passport_office_products (office_code, passport_type) VALUES ($1, $2)",
            [Value::from(office), Value::from(t.as_str())],
        )
        .await?;
    }
    Ok(())
}
