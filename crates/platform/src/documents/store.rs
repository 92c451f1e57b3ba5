//! The `documents` table.

use sea_orm::{ConnectionTrait, DbErr, QueryResult, Value};

use super::{ContentType, Document, StorageName};
use crate::db;

fn from_row(r: &QueryResult) -> Result<Document, DbErr> {
    let content_type: String = db::col(r, "content_type")?;
    let storage_name: String = db::col(r, "storage_name")?;
    Ok(Document {
        id: db::col(r, "id")?,
        owner_id: db::col(r, "owner_id")?,
        service: db::col(r, "service")?,
        object_id: db::col(r, "object_id")?,
        office_code: db::col(r, "office_code")?,
        kind: db::col(r, "kind")?,
        content_type: ContentType::parse(&content_type)
            .ok_or_else(|| DbErr::Custom(format!("unknown stored type {content_type}")))?,
        size: db::col(r, "size")?,
        sha256: db::col(r, "sha256")?,
        storage_name: StorageName::parse(&storage_name)
            .ok_or_else(|| DbErr::Custom("malformed storage name".to_owned()))?,
        created_at: db::from_millis(db::col(r, "created_at")?),
    })
}

/// Record a document.
pub async fn insert(txn: &impl ConnectionTrait, d: &Document) -> Result<(), DbErr> {
    db::exec(
        txn,
        "INSERT INTO documents (id, owner_id, service, object_id, office_code, kind,
            content_type, size, sha256, storage_name, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)",
        [
            Value::from(d.id.clone()),
            Value::from(d.owner_id.clone()),
            Value::from(d.service.clone()),
            Value::from(d.object_id.clone()),
            Value::from(d.office_code.clone()),
            Value::from(d.kind.clone()),
            Value::from(d.content_type.as_str()),
            Value::from(d.size),
            Value::from(d.sha256.clone()),
            Value::from(d.storage_name.as_str()),
            Value::from(db::millis(d.created_at)),
        ],
    )
    .await?;
    Ok(())
}

/// One document by id.
pub async fn find(c: &impl ConnectionTrait, id: &str) -> Result<Option<Document>, DbErr> {
    db::one_as(
        c,
        "SELECT * FROM documents WHERE id = $1",
        [Value::from(id)],
        from_row,
    )
    .await
}

/// The documents attached to a service's object, oldest first.
pub async fn list_for_object(
    c: &impl ConnectionTrait,
    service: &str,
    object_id: &str,
) -> Result<Vec<Document>, DbErr> {
    db::all_as(
        c,
        "SELECT * FROM documents WHERE service = $1 AND object_id = $2 ORDER BY created_at, id",
        [Value::from(service), Value::from(object_id)],
        from_row,
    )
    .await
}

/// Where a document is attached.
#[derive(Debug, Clone, Copy)]
pub struct Attachment<'a> {
    /// The service, e.g. `visa`.
    pub service: &'a str,
    /// Its object, e.g. an application id.
    pub object_id: &'a str,
    /// The office handling the object, if known (staff of that office may
    /// then read the document).
    pub office_code: Option<&'a str>,
}

/// Attach `owner`'s unattached document to a service's object, inside the
/// service's transaction. Returns false when the document does not exist,
/// belongs to someone else or is already attached.
pub async fn attach(
    txn: &impl ConnectionTrait,
    id: &str,
    owner_id: &str,
    to: Attachment<'_>,
) -> Result<bool, DbErr> {
    let n = db::exec(
        txn,
        "UPDATE documents SET service = $3, object_id = $4, office_code = $5
         WHERE id = $1 AND owner_id = $2 AND object_id IS NULL",
        [
            Value::from(id),
            Value::from(owner_id),
            Value::from(to.service),
            Value::from(to.object_id),
            Value::from(to.office_code),
        ],
    )
    .await?;
    Ok(n == 1)
}
