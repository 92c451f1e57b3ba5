//! Languages: Bahasa Indonesia (default) and English.
//!
//! Every string a person reads comes from the Fluent files in the
//! workspace's `locales/` folder, compiled into the binary.

use std::borrow::Cow;
use std::collections::HashMap;

use fluent_templates::fluent_bundle::FluentValue;
use fluent_templates::{LanguageIdentifier, Loader, langid, static_loader};

static_loader! {
    static LOCALES = {
        locales: "../../locales",
        fallback_language: "id",
        customise: |bundle| bundle.set_use_isolating(false),
    };
}

static ID: LanguageIdentifier = langid!("id");
static EN: LanguageIdentifier = langid!("en");

/// A language the platform speaks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    /// Bahasa Indonesia, the default.
    #[default]
    Id,
    /// English.
    En,
}

/// Name of the cookie that remembers the chosen language.
pub const LANG_COOKIE: &str = "imigrasi_lang";

impl Lang {
    /// Both languages.
    pub const ALL: [Lang; 2] = [Lang::Id, Lang::En];

    /// The language code (`id`, `en`).
    pub fn code(self) -> &'static str {
        match self {
            Lang::Id => "id",
            Lang::En => "en",
        }
    }

    /// Parse a code such as `id`, `en`, `en-GB`, `id-ID`.
    pub fn parse(s: &str) -> Option<Lang> {
        let primary = s.trim().split(['-', '_']).next()?.to_ascii_lowercase();
        match primary.as_str() {
            "id" | "in" => Some(Lang::Id),
            "en" => Some(Lang::En),
            _ => None,
        }
    }

    /// Choose from an `Accept-Language` header by quality, defaulting to Indonesian.
    pub fn from_accept_language(header: &str) -> Lang {
        let mut best: Option<(f32, Lang)> = None;
        for part in header.split(',') {
            let mut pieces = part.split(';');
            let tag = pieces.next().unwrap_or("");
            let q = pieces
                .find_map(|p| p.trim().strip_prefix("q="))
                .and_then(|q| q.parse::<f32>().ok())
                .unwrap_or(1.0);
            if let Some(lang) = Lang::parse(tag)
                && best.is_none_or(|(bq, _)| q > bq)
            {
                best = Some((q, lang));
            }
        }
        best.map(|(_, l)| l).unwrap_or_default()
    }

    fn id(self) -> &'static LanguageIdentifier {
        match self {
            Lang::Id => &ID,
            Lang::En => &EN,
        }
    }

    /// Translate a message id.
    pub fn t(self, key: &str) -> String {
        LOCALES.lookup(self.id(), key)
    }

    /// Translate a message id with named arguments.
    pub fn t_args(self, key: &str, args: &[(&str, &str)]) -> String {
        let map: HashMap<Cow<'static, str>, FluentValue> = args
            .iter()
            .map(|(k, v)| {
                (
                    Cow::Owned((*k).to_owned()),
                    FluentValue::from((*v).to_owned()),
                )
            })
            .collect();
        LOCALES.lookup_with_args(self.id(), key, &map)
    }

    /// Whether a message id exists in this language (no fallback).
    pub fn has(self, key: &str) -> bool {
        LOCALES.try_lookup(self.id(), key).is_some()
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use std::collections::{BTreeMap, BTreeSet};

    /// Message ids of a language with the variables each uses.
    fn keys(lang: &str) -> BTreeMap<String, Vec<String>> {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../../locales/");
        let mut out = BTreeMap::new();
        for entry in std::fs::read_dir(format!("{dir}{lang}")).unwrap() {
            let text = std::fs::read_to_string(entry.unwrap().path()).unwrap();
            for line in text.lines() {
                if let Some((k, v)) = line.split_once('=') {
                    let k = k.trim();
                    if !k.is_empty()
                        && !line.starts_with([' ', '\t', '#', '.'])
                        && k.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
                    {
                        let vars = v
                            .split("{ $")
                            .skip(1)
                            .filter_map(|r| r.split([' ', '}']).next())
                            .map(str::to_owned)
                            .collect();
                        out.insert(k.to_owned(), vars);
                    }
                }
            }
        }
        out
    }

    #[test]
    fn both_languages_have_the_same_messages() {
        let id_map = keys("id");
        let en_map = keys("en");
        let id: BTreeSet<_> = id_map.keys().cloned().collect();
        let en: BTreeSet<_> = en_map.keys().cloned().collect();
        assert!(!id.is_empty());
        let only_id: Vec<_> = id.difference(&en).collect();
        let only_en: Vec<_> = en.difference(&id).collect();
        assert!(only_id.is_empty(), "missing in English: {only_id:?}");
        assert!(only_en.is_empty(), "missing in Indonesian: {only_en:?}");
        for (k, vars) in &id_map {
            let args: Vec<(&str, &str)> = vars.iter().map(|v| (v.as_str(), "x")).collect();
            for lang in Lang::ALL {
                let text = lang.t_args(k, &args);
                assert!(
                    !text.starts_with("Unknown localization"),
                    "{k} does not load in {lang:?}"
                );
            }
        }
    }

    #[test]
    fn accept_language_prefers_quality_and_defaults_to_indonesian() {
        assert_eq!(Lang::from_accept_language("en-US,en;q=0.9"), Lang::En);
        assert_eq!(
            Lang::from_accept_language("fr, en;q=0.5, id;q=0.8"),
            Lang::Id
        );
        assert_eq!(Lang::from_accept_language("fr"), Lang::Id);
        assert_eq!(Lang::from_accept_language(""), Lang::Id);
    }

    #[test]
    fn translates_with_arguments() {
        assert_ne!(Lang::Id.t("app-name"), Lang::En.t("nav-login"));
        let s = Lang::En.t_args("demo-account-line", &[("role", "officer"), ("email", "e")]);
        assert!(s.contains("officer"));
    }
}
