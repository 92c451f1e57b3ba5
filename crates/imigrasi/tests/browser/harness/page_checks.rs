//! What every page must pass, and screenshots for the documentation.

use std::path::Path;

use anyhow::bail;
use imigrasi_platform::i18n::Lang;
use serde_json::{Value, json};

use super::{Browser, Step, Viewport};

/// The vendored axe-core (MPL-2.0, see `../vendor/LICENSE`).
const AXE: &str = include_str!("../vendor/axe.min.js");

impl Browser {
    /// Check the page as every page must be: no untranslated message, the
    /// run's language, keyboard-usable forms, and no serious or critical
    /// axe-core violation.
    pub async fn check_page(&self) -> Step {
        let path = self.path().await?;
        self.wait_loaded().await?;
        let html = self.client.source().await?;
        if let Some(at) = html.find("Unknown localization") {
            let end = html[at..]
                .char_indices()
                .nth(80)
                .map_or(html.len(), |(i, _)| at + i);
            bail!("{path}: untranslated message: {}", &html[at..end]);
        }
        let lang = self
            .client
            .execute("return document.documentElement.lang", vec![])
            .await?;
        if lang != self.lang.code() {
            bail!("{path}: <html lang={lang}> in a {} run", self.lang.code());
        }
        self.check_keyboard(&path).await?;
        self.check_axe(&path).await?;
        self.note_overflow(&path).await
    }

    /// Print (not fail) when the page is wider than the viewport: readers
    /// must then scroll sideways (WCAG 1.4.10 allows it for data tables).
    async fn note_overflow(&self, path: &str) -> Step {
        let wide = self
            .client
            .execute(
                r#"
const w = document.documentElement.clientWidth;
if (document.documentElement.scrollWidth <= w) return null;
const culprits = [...document.querySelectorAll('main *')]
  .filter(e => e.getBoundingClientRect().right > w + 1)
  .filter(e => !(e.parentElement && e.parentElement.getBoundingClientRect().right > w + 1));
return [document.documentElement.scrollWidth, culprits.slice(0, 3).map(e => e.tagName.toLowerCase() + (e.id ? '#' + e.id : '') + (e.className ? '.' + e.className : ''))];
"#,
                vec![],
            )
            .await?;
        if !wide.is_null() {
            eprintln!(
                "{path}: {} px wide in a {} px viewport ({}); widest: {}",
                wide[0], self.viewport.width, self.viewport.name, wide[1]
            );
        }
        Ok(())
    }

    async fn check_keyboard(&self, path: &str) -> Step {
        let problems = self
            .client
            .execute(
                r#"
const out = [];
const describe = e => e.outerHTML.slice(0, 120);
const visible = e => !!(e.offsetWidth || e.offsetHeight || e.getClientRects().length);
for (const f of document.forms) {
  const controls = [...f.elements].filter(e => !['FIELDSET', 'OBJECT', 'OUTPUT'].includes(e.tagName) && e.type !== 'hidden' && !e.disabled && visible(e));
  for (const c of controls) if (c.tabIndex < 0) out.push('not reachable with Tab: ' + describe(c));
  const submit = controls.some(c => (c.tagName === 'BUTTON' && (c.type || 'submit') === 'submit') || (c.tagName === 'INPUT' && c.type === 'submit'));
  if (!submit) out.push('form without a submit button: ' + describe(f));
}
for (const e of document.querySelectorAll('[tabindex]')) if (e.tabIndex > 0) out.push('positive tabindex: ' + describe(e));
for (const e of document.querySelectorAll('[onclick]:not(a):not(button):not(input)')) out.push('click handler on a non-control: ' + describe(e));
return out;
"#,
                vec![],
            )
            .await?;
        let list = problems.as_array().cloned().unwrap_or_default();
        if !list.is_empty() {
            let lines: Vec<String> = list
                .iter()
                .map(|p| format!("  - {}", p.as_str().unwrap_or_default()))
                .collect();
            bail!("{path}: keyboard problems:\n{}", lines.join("\n"));
        }
        Ok(())
    }

    async fn check_axe(&self, path: &str) -> Step {
        // IMIGRASI_AXE_REPORT=1 also prints moderate and minor findings.
        let report_all = std::env::var("IMIGRASI_AXE_REPORT").as_deref() == Ok("1");
        let loaded = self
            .client
            .execute("return typeof window.axe === 'object'", vec![])
            .await?;
        if loaded != true {
            self.client.execute(AXE, vec![]).await?;
        }
        let result = self
            .client
            .execute_async(
                r#"
const all = arguments[0];
const done = arguments[arguments.length - 1];
window.axe.run(document, { resultTypes: ['violations'] })
  .then(r => done({ violations: r.violations
      .filter(v => all || v.impact === 'serious' || v.impact === 'critical')
      .map(v => ({ id: v.id, impact: v.impact, help: v.help,
                   nodes: v.nodes.map(n => n.target.join(' ') + ' ' + (n.failureSummary || '').replace(/\s+/g, ' ')) })) }))
  .catch(e => done({ error: String(e) }));
"#,
                vec![json!(report_all)],
            )
            .await?;
        if let Some(e) = result.get("error") {
            bail!("{path}: axe-core failed: {e}");
        }
        let all = result["violations"].as_array().cloned().unwrap_or_default();
        let (violations, minor): (Vec<Value>, Vec<Value>) = all
            .into_iter()
            .partition(|v| matches!(v["impact"].as_str(), Some("serious" | "critical")));
        for v in &minor {
            eprintln!(
                "{path}: axe-core [{}] {}: {} ({} nodes)",
                v["impact"].as_str().unwrap_or_default(),
                v["id"].as_str().unwrap_or_default(),
                v["help"].as_str().unwrap_or_default(),
                v["nodes"].as_array().map_or(0, Vec::len)
            );
        }
        if violations.is_empty() {
            return Ok(());
        }
        let mut report = format!("{path}: accessibility violations (axe-core):\n");
        for v in &violations {
            report.push_str(&format!(
                "  [{}] {}: {}\n",
                v["impact"].as_str().unwrap_or_default(),
                v["id"].as_str().unwrap_or_default(),
                v["help"].as_str().unwrap_or_default()
            ));
            for n in v["nodes"].as_array().into_iter().flatten().take(5) {
                report.push_str(&format!("      {}\n", n.as_str().unwrap_or_default()));
            }
        }
        bail!(report)
    }

    /// Save a screenshot of the viewport to `docs/screenshots/NAME.png`, on
    /// the desktop run in English, when `IMIGRASI_SCREENSHOTS=1`.
    pub async fn screenshot(&self, name: &str) -> Step {
        if std::env::var("IMIGRASI_SCREENSHOTS").as_deref() != Ok("1")
            || self.viewport != Viewport::DESKTOP
            || self.lang != Lang::En
        {
            return Ok(());
        }
        // Start at the top, with no focus ring from the last click.
        self.client
            .execute(
                "window.scrollTo(0, 0); if (document.activeElement) document.activeElement.blur();",
                vec![],
            )
            .await?;
        let png = self.client.screenshot().await?;
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../docs/screenshots");
        std::fs::create_dir_all(&dir)?;
        std::fs::write(dir.join(format!("{name}.png")), png)?;
        Ok(())
    }
}
