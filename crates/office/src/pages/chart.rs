//! A bar chart drawn on the server as SVG: no script, no external style
//! (presentation attributes only, so the Content-Security-Policy holds),
//! with a `<title>`, a `<desc>` and an `aria-label` for screen readers.

use std::fmt::Write;

/// One bar: its axis label and value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Bar {
    pub label: String,
    pub value: i64,
}

/// Texts of a chart.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Labels<'a> {
    /// Title (also the `aria-label`).
    pub title: &'a str,
    /// A sentence describing the data.
    pub desc: &'a str,
    /// Name of the horizontal axis.
    pub x_axis: &'a str,
    /// Name of the vertical axis.
    pub y_axis: &'a str,
}

const WIDTH: i64 = 720;
const HEIGHT: i64 = 300;
const LEFT: i64 = 56;
const RIGHT: i64 = 16;
const TOP: i64 = 20;
const BOTTOM: i64 = 60;

/// Escape text for SVG (XML) content and attributes.
fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// A tick step giving at most five intervals up to `max` (1, 2, 5, 10, 20, …).
fn step_for(max: i64) -> i64 {
    let mut step = 1;
    loop {
        for m in [1, 2, 5] {
            if max <= step * m * 5 {
                return step * m;
            }
        }
        step = step.saturating_mul(10);
        if step > i64::MAX / 100 {
            return step;
        }
    }
}

/// Draw `bars` as an SVG bar chart.
pub(crate) fn bars(labels: Labels<'_>, bars: &[Bar]) -> String {
    let max = bars.iter().map(|b| b.value).max().unwrap_or(0).max(1);
    let step = step_for(max);
    let top_value = (max + step - 1) / step * step;
    let plot_w = WIDTH - LEFT - RIGHT;
    let plot_h = HEIGHT - TOP - BOTTOM;
    let n = i64::try_from(bars.len()).unwrap_or(1).max(1);
    let slot = plot_w as f64 / n as f64;
    let y_of = |v: i64| TOP as f64 + plot_h as f64 * (1.0 - v as f64 / top_value as f64);

    let mut s = String::new();
    let title = esc(labels.title);
    let _ = write!(
        s,
        r##"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" aria-label="{title}" aria-describedby="chart-desc" font-family="system-ui, sans-serif" font-size="13"><title>{title}</title><desc id="chart-desc">{desc}</desc>"##,
        desc = esc(labels.desc),
    );
    // Horizontal grid lines and the value axis.
    let mut v = 0;
    while v <= top_value {
        let y = y_of(v);
        let _ = write!(
            s,
            r##"<line x1="{LEFT}" x2="{x2}" y1="{y:.1}" y2="{y:.1}" stroke="#d6d6d6" stroke-width="1"/><text x="{tx}" y="{ty:.1}" text-anchor="end" fill="#333">{v}</text>"##,
            x2 = WIDTH - RIGHT,
            tx = LEFT - 8,
            ty = y + 4.0,
        );
        v += step;
    }
    // Bars, their values and their labels.
    for (i, b) in bars.iter().enumerate() {
        let x = LEFT as f64 + slot * i as f64;
        let bw = (slot * 0.7).max(2.0);
        let bx = x + (slot - bw) / 2.0;
        let y = y_of(b.value.max(0));
        let h = (TOP + plot_h) as f64 - y;
        let cx = x + slot / 2.0;
        let label = esc(&b.label);
        let _ = write!(
            s,
            r##"<g><title>{label}: {value}</title><rect x="{bx:.1}" y="{y:.1}" width="{bw:.1}" height="{h:.1}" fill="#8a1c1c"/>"##,
            value = b.value,
        );
        if b.value > 0 {
            let _ = write!(
                s,
                r##"<text x="{cx:.1}" y="{vy:.1}" text-anchor="middle" fill="#1a1a1a" font-weight="700">{value}</text>"##,
                vy = y - 5.0,
                value = b.value,
            );
        }
        let _ = write!(
            s,
            r##"<text x="{cx:.1}" y="{ly}" text-anchor="middle" fill="#333">{label}</text></g>"##,
            ly = TOP + plot_h + 18,
        );
    }
    // Axes and their names.
    let _ = write!(
        s,
        r##"<line x1="{LEFT}" x2="{LEFT}" y1="{TOP}" y2="{base}" stroke="#1a1a1a" stroke-width="1.5"/><line x1="{LEFT}" x2="{x2}" y1="{base}" y2="{base}" stroke="#1a1a1a" stroke-width="1.5"/><text x="{mx:.1}" y="{ay}" text-anchor="middle" fill="#1a1a1a" font-weight="600">{x_axis}</text><text x="14" y="{my:.1}" text-anchor="middle" fill="#1a1a1a" font-weight="600" transform="rotate(-90 14 {my:.1})">{y_axis}</text></svg>"##,
        base = TOP + plot_h,
        x2 = WIDTH - RIGHT,
        mx = LEFT as f64 + plot_w as f64 / 2.0,
        ay = HEIGHT - 12,
        my = TOP as f64 + plot_h as f64 / 2.0,
        x_axis = esc(labels.x_axis),
        y_axis = esc(labels.y_axis),
    );
    s
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    const LABELS: Labels<'static> = Labels {
        title: "Arrivals <per> hour",
        desc: "d",
        x_axis: "Hour",
        y_axis: "People",
    };

    #[test]
    fn steps_keep_at_most_five_intervals() {
        assert_eq!(step_for(1), 1);
        assert_eq!(step_for(5), 1);
        assert_eq!(step_for(6), 2);
        assert_eq!(step_for(10), 2);
        assert_eq!(step_for(11), 5);
        assert_eq!(step_for(26), 10);
        assert_eq!(step_for(240), 50);
    }

    #[test]
    fn draws_one_bar_per_hour_with_labels_and_escaped_title() {
        let bars_in: Vec<Bar> = (7..17)
            .map(|h| Bar {
                label: format!("{h:02}"),
                value: h - 7,
            })
            .collect();
        let svg = bars(LABELS, &bars_in);
        assert!(svg.starts_with("<svg"));
        assert!(svg.ends_with("</svg>"));
        assert!(svg.contains("<title>Arrivals &lt;per&gt; hour</title>"));
        assert!(svg.contains(r#"aria-label="Arrivals &lt;per&gt; hour""#));
        assert_eq!(svg.matches("<rect").count(), 10);
        assert!(svg.contains(">07</text>"));
        assert!(svg.contains(">16</text>"));
        assert!(!svg.contains("style="));
    }

    #[test]
    fn an_empty_day_still_draws_axes() {
        let svg = bars(LABELS, &[]);
        assert!(svg.contains("<line"));
        assert_eq!(svg.matches("<rect").count(), 0);
    }
}
