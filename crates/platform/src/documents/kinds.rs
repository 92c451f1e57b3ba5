//! Kinds of document: each names the service it belongs to, the types it
//! accepts and its largest size. Services add their own kinds to the
//! registry the binary builds (as they register settlers for bills).

use std::sync::Arc;

use super::content::ContentType;

/// Largest size any kind may allow: uploads are held in memory while checked.
pub const MAX_KIND_BYTES: usize = 10 * 1024 * 1024;

/// One kind of document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DocumentKind {
    /// Name used in `?kind=`, e.g. `photo`; `a-z`, `0-9` and `_`.
    pub name: &'static str,
    /// The service it belongs to, e.g. `visa`, or `common`.
    pub service: &'static str,
    /// The types accepted.
    pub allowed: &'static [ContentType],
    /// The largest size accepted, in bytes.
    pub max_bytes: usize,
}

/// Kinds shared by every service.
pub fn common() -> Vec<DocumentKind> {
    vec![
        DocumentKind {
            name: "photo",
            service: "common",
            allowed: &[ContentType::Jpeg, ContentType::Png],
            max_bytes: 1024 * 1024,
        },
        DocumentKind {
            name: "passport_bio_page",
            service: "common",
            allowed: &[ContentType::Jpeg, ContentType::Png, ContentType::Pdf],
            max_bytes: 2 * 1024 * 1024,
        },
        DocumentKind {
            name: "supporting_document",
            service: "common",
            allowed: &[ContentType::Pdf],
            max_bytes: 5 * 1024 * 1024,
        },
    ]
}

/// Why a registry is refused (a programming mistake caught at start).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum KindError {
    /// Two kinds with one name.
    #[error("document kind {0} is registered twice")]
    Duplicate(&'static str),
    /// A name outside `a-z`, `0-9`, `_` (1 to 48 characters).
    #[error("document kind name {0:?} is not 1 to 48 of a-z, 0-9 and _")]
    Name(&'static str),
    /// No type allowed, or a size of 0 or above [`MAX_KIND_BYTES`].
    #[error("document kind {0} allows no type or has a size outside 1 byte to 10 MiB")]
    Limits(&'static str),
}

/// The registry of kinds. Cheap to clone.
#[derive(Debug, Clone)]
pub struct DocumentKinds(Arc<Vec<DocumentKind>>);

impl DocumentKinds {
    /// A registry of these kinds.
    pub fn new(kinds: Vec<DocumentKind>) -> Result<DocumentKinds, KindError> {
        for (i, k) in kinds.iter().enumerate() {
            let name_ok = (1..=48).contains(&k.name.len())
                && k.name
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_');
            if !name_ok {
                return Err(KindError::Name(k.name));
            }
            if k.allowed.is_empty() || k.max_bytes == 0 || k.max_bytes > MAX_KIND_BYTES {
                return Err(KindError::Limits(k.name));
            }
            if kinds[..i].iter().any(|o| o.name == k.name) {
                return Err(KindError::Duplicate(k.name));
            }
        }
        Ok(DocumentKinds(Arc::new(kinds)))
    }

    /// The kind of this name.
    pub fn find(&self, name: &str) -> Option<&DocumentKind> {
        self.0.iter().find(|k| k.name == name)
    }

    /// Every kind.
    pub fn all(&self) -> &[DocumentKind] {
        &self.0
    }

    /// The largest size any kind accepts: the upload route's body limit.
    pub fn largest(&self) -> usize {
        self.0.iter().map(|k| k.max_bytes).max().unwrap_or(0)
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn the_common_kinds_form_a_valid_registry() {
        let kinds = DocumentKinds::new(common()).unwrap();
        assert_eq!(kinds.find("photo").unwrap().max_bytes, 1024 * 1024);
        assert!(kinds.find("PHOTO").is_none());
        assert_eq!(kinds.largest(), 5 * 1024 * 1024);
    }

    #[test]
    fn mistakes_in_a_registry_are_refused() {
        let mut twice = common();
        twice.push(common()[0].clone());
        assert_eq!(
            DocumentKinds::new(twice).unwrap_err(),
            KindError::Duplicate("photo")
        );
        let mut bad = common()[0].clone();
        bad.name = "Foto Paspor";
        assert_eq!(
            DocumentKinds::new(vec![bad]).unwrap_err(),
            KindError::Name("Foto Paspor")
        );
        let mut big = common()[0].clone();
        big.max_bytes = MAX_KIND_BYTES + 1;
        assert!(matches!(
            DocumentKinds::new(vec![big]),
            Err(KindError::Limits("photo"))
        ));
        let mut none = common()[0].clone();
        none.allowed = &[];
        assert!(DocumentKinds::new(vec![none]).is_err());
    }
}
