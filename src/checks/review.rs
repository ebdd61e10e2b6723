//! Review-date checks (clause 7.5.3): the review is not overdue, not about to fall due
//! unnoticed, planned within the maximum interval, and the dates agree with each other.

use std::ops::Range;

use jiff::civil::Date;
use serde::Deserialize;

use super::{DocContext, Hit, Interval};
use crate::error::{SpannedError, TomlSource};

pub const OVERDUE_DOC: &str = "\
## What it does
Reports a document whose review is overdue: `next_review` is before today, or, where there is
no `next_review`, `last_reviewed` plus the maximum review interval (default 12 months) is.
Retired documents are not checked.

## Why
Clause 7.5.3 asks that documented information stays suitable and controlled; an overdue review
is among the first things a certification auditor samples.

## Example
With `--today 2026-06-01`, `next_review: 2026-03-31` fails; `next_review: 2026-12-31` passes.";

pub const DUE_SOON_DOC: &str = "\
## What it does
Warns when a document's review falls due within the warning window (default 30 days).

## Why
A review booked before its date is a review that happens; this is the reminder before the
overdue error.

## Example
With `--today 2026-06-01`, `next_review: 2026-06-20` warns; `next_review: 2026-09-01` passes.";

pub const INTERVAL_DOC: &str = "\
## What it does
Warns when `next_review` is further after `last_reviewed` than the maximum review interval
(default 12 months).

## Why
Planned intervals are how clause 7.5.3 control is shown; a three-year gap between reviews
usually means the review cycle was never set.

## Example
`last_reviewed: 2026-01-10` with `next_review: 2029-01-10` warns; `next_review: 2027-01-10`
passes.";

pub const CONSISTENT_DOC: &str = "\
## What it does
Reports review dates that contradict each other: `last_reviewed` after today, or
`next_review` before `last_reviewed`.

## Why
Dates an auditor cannot believe are no evidence of review (clause 7.5.2).

## Example
`last_reviewed: 2026-05-01` with `next_review: 2025-05-01` fails.";

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct RawReviewParams {
    max_interval: Option<toml::Spanned<String>>,
    window: Option<toml::Spanned<String>>,
    last_reviewed: Option<String>,
    next_review: Option<String>,
}

#[derive(Debug, Clone)]
pub struct ReviewParams {
    pub max_interval: Interval,
    pub window: Interval,
    pub last_reviewed: String,
    pub next_review: String,
}

impl Default for ReviewParams {
    fn default() -> Self {
        Self {
            max_interval: Interval {
                amount: 12,
                unit: super::IntervalUnit::Months,
            },
            window: Interval {
                amount: 30,
                unit: super::IntervalUnit::Days,
            },
            last_reviewed: "last_reviewed".into(),
            next_review: "next_review".into(),
        }
    }
}

fn interval(
    value: Option<&toml::Spanned<String>>,
    default: Interval,
    source: &TomlSource,
    errors: &mut Vec<SpannedError>,
) -> Interval {
    let Some(value) = value else { return default };
    Interval::parse(value.get_ref()).unwrap_or_else(|| {
        errors.push(
            source
                .error(
                    format!("`{}` is not a length of time", value.get_ref()),
                    Some(value.span()),
                )
                .with_help("write a number and a unit: \"30 days\", \"6 weeks\", \"12 months\", \"1 year\""),
        );
        default
    })
}

impl RawReviewParams {
    pub fn resolve(
        self,
        source: &TomlSource,
        _span: Option<Range<usize>>,
    ) -> Result<ReviewParams, Vec<SpannedError>> {
        let defaults = ReviewParams::default();
        let mut errors = Vec::new();
        let params = ReviewParams {
            max_interval: interval(
                self.max_interval.as_ref(),
                defaults.max_interval,
                source,
                &mut errors,
            ),
            window: interval(self.window.as_ref(), defaults.window, source, &mut errors),
            last_reviewed: self.last_reviewed.unwrap_or(defaults.last_reviewed),
            next_review: self.next_review.unwrap_or(defaults.next_review),
        };
        if errors.is_empty() {
            Ok(params)
        } else {
            Err(errors)
        }
    }
}

/// The review dates of a document, where present and valid.
#[derive(Debug, Clone)]
pub struct Dates {
    last: Option<(Date, Range<usize>)>,
    next: Option<(Date, Range<usize>)>,
}

/// The review dates, read once per document: the four review rules ask for them with the
/// same two fields (the built-in pack's do), and parsing them for each was a tenth of the
/// document-control checks.
fn dates<'a>(ctx: &DocContext<'a>, params: &'a ReviewParams) -> Option<Dates> {
    if let Some((last, next, cached)) = ctx.review_dates.get()
        && *last == params.last_reviewed
        && *next == params.next_review
    {
        return cached.clone();
    }
    let read = read_dates(ctx, params);
    // The first rule's fields are kept; a rule with other fields reads its own each time.
    let _ = ctx
        .review_dates
        .set((&params.last_reviewed, &params.next_review, read.clone()));
    read
}

fn read_dates(ctx: &DocContext<'_>, params: &ReviewParams) -> Option<Dates> {
    let retired = ctx
        .text("status")
        .is_some_and(|(s, _)| s.eq_ignore_ascii_case("retired"));
    if retired {
        return None;
    }
    let get = |field: &str| {
        let (text, span) = ctx.text(field)?;
        super::fields::parse_date(text).ok().map(|d| (d, span))
    };
    Some(Dates {
        last: get(&params.last_reviewed),
        next: get(&params.next_review),
    })
}

/// Dates that contradict each other get DOC007 only; the other checks stay quiet on them.
fn contradictory(d: &Dates, today: Date) -> bool {
    let future_last = d.last.as_ref().is_some_and(|(l, _)| *l > today);
    let backwards = matches!((&d.last, &d.next), (Some((l, _)), Some((n, _))) if n < l);
    future_last || backwards
}

/// When the review falls due and the span that says so.
fn due(d: &Dates, params: &ReviewParams) -> Option<(Date, Range<usize>, &'static str)> {
    if let Some((next, span)) = &d.next {
        return Some((*next, span.clone(), "next_review"));
    }
    d.last
        .as_ref()
        .map(|(last, span)| (params.max_interval.after(*last), span.clone(), "last_reviewed"))
}

fn days_between(from: Date, to: Date) -> i64 {
    from.until(to).map_or(0, |span| i64::from(span.get_days()))
}

pub fn overdue<'a>(ctx: &DocContext<'a>, params: &'a ReviewParams) -> Vec<Hit> {
    let Some(d) = dates(ctx, params) else {
        return Vec::new();
    };
    if contradictory(&d, ctx.today) {
        return Vec::new();
    }
    let Some((due, span, from)) = due(&d, params) else {
        return Vec::new();
    };
    if due >= ctx.today {
        return Vec::new();
    }
    let days = days_between(due, ctx.today);
    let message = if from == "next_review" {
        format!("review overdue: next_review was {due}, {days} days ago")
    } else {
        format!(
            "review overdue: last reviewed {}, so a review was due by {due} ({} maximum interval), {days} days ago",
            d.last.as_ref().map_or_else(String::new, |(l, _)| l.to_string()),
            params.max_interval
        )
    };
    vec![
        Hit::new(Some(span), message)
            .label(format!("due {due}"))
            .var("due", due.to_string())
            .var("days", days.to_string()),
    ]
}

pub fn due_soon<'a>(ctx: &DocContext<'a>, params: &'a ReviewParams) -> Vec<Hit> {
    let Some(d) = dates(ctx, params) else {
        return Vec::new();
    };
    if contradictory(&d, ctx.today) {
        return Vec::new();
    }
    let Some((due, span, _)) = due(&d, params) else {
        return Vec::new();
    };
    let horizon = params.window.after(ctx.today);
    if due < ctx.today || due > horizon {
        return Vec::new();
    }
    let days = days_between(ctx.today, due);
    vec![
        Hit::new(
            Some(span),
            format!(
                "review due on {due}, in {days} days (warning window {})",
                params.window
            ),
        )
        .label(format!("due in {days} days"))
        .var("due", due.to_string())
        .var("days", days.to_string()),
    ]
}

pub fn interval_too_long<'a>(ctx: &DocContext<'a>, params: &'a ReviewParams) -> Vec<Hit> {
    let Some(d) = dates(ctx, params) else {
        return Vec::new();
    };
    if contradictory(&d, ctx.today) {
        return Vec::new();
    }
    let (Some((last, _)), Some((next, span))) = (&d.last, &d.next) else {
        return Vec::new();
    };
    let latest = params.max_interval.after(*last);
    if *next <= latest {
        return Vec::new();
    }
    vec![
        Hit::new(
            Some(span.clone()),
            format!(
                "review interval too long: {} days from last_reviewed {last} to next_review {next}, more than {}",
                days_between(*last, *next),
                params.max_interval
            ),
        )
        .label(format!("latest allowed: {latest}"))
        .var("latest", latest.to_string()),
    ]
}

pub fn consistent<'a>(ctx: &DocContext<'a>, params: &'a ReviewParams) -> Vec<Hit> {
    let Some(d) = dates(ctx, params) else {
        return Vec::new();
    };
    let mut hits = Vec::new();
    if let Some((last, span)) = &d.last
        && *last > ctx.today
    {
        hits.push(
            Hit::new(
                Some(span.clone()),
                format!(
                    "{} {last} is in the future (today is {})",
                    params.last_reviewed, ctx.today
                ),
            )
            .label("after today"),
        );
    }
    if let (Some((last, _)), Some((next, span))) = (&d.last, &d.next)
        && next < last
    {
        hits.push(
            Hit::new(
                Some(span.clone()),
                format!(
                    "{} {next} is before {} {last}",
                    params.next_review, params.last_reviewed
                ),
            )
            .label("before the last review"),
        );
    }
    hits
}
