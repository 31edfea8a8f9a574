//! Spaced repetition over the question bank, computed from a candidate's review log alone.
//!
//! - **Scheduling** is FSRS (the `fsrs` crate, the open-spaced-repetition reference, with its
//!   default parameters and a desired retention of 90%). A question's memory state is replayed
//!   from its reviews, oldest first, each with the whole days since the one before; its next
//!   review is that many days after the last one, at least one (so a question answered is never
//!   due again the same day). Days are UTC days.
//! - **The queue of a day**: questions a graded mistake or a case study's follow-up brought due
//!   (nudged) first, then reviews whose day has come (the most overdue first), then new questions
//!   in outline order, up to the new-per-day setting less the new ones already started that day.
//! - **Statistics**: retention (the share of reviews of questions seen before that were not
//!   "again") and the streak (consecutive days with a review, up to today or yesterday), per part
//!   and overall.
use std::collections::{BTreeMap, HashMap};

use chrono::{NaiveDate, NaiveDateTime};
use serde::{Deserialize, Serialize};

use crate::catalog::{Part, Question, QuestionBank};

/// The retention FSRS schedules for: a review falls when recall is predicted at 90%.
pub const DESIRED_RETENTION: f32 = 0.9;

/// New questions a day when the candidate has not said otherwise.
pub const DEFAULT_NEW_PER_DAY: u32 = 10;

/// The most the new-per-day setting allows (the whole bank in a week or so).
pub const MAX_NEW_PER_DAY: u32 = 50;

/// How a review went, as FSRS counts it.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Hash,
    Serialize,
    Deserialize,
    strum::IntoStaticStr,
    strum::EnumString,
)]
#[serde(rename_all = "lowercase")]
#[strum(serialize_all = "lowercase")]
pub enum Rating {
    Again = 1,
    Hard = 2,
    Good = 3,
    Easy = 4,
}

impl Rating {
    pub const ALL: [Rating; 4] = [Rating::Again, Rating::Hard, Rating::Good, Rating::Easy];

    pub fn id(self) -> &'static str {
        self.into()
    }

    pub fn number(self) -> i32 {
        self as i32
    }

    pub fn from_number(n: i32) -> Option<Rating> {
        Rating::ALL.into_iter().find(|r| r.number() == n)
    }

    /// A graded answer's rating: all right is good, at least half right is hard, less is again.
    pub fn from_credit(credit: f64) -> Rating {
        if credit >= 1.0 {
            Rating::Good
        } else if credit >= 0.5 {
            Rating::Hard
        } else {
            Rating::Again
        }
    }
}

/// One review of one question.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Review {
    pub rating: Rating,
    pub at: NaiveDateTime,
}

/// Where a question stands after its reviews.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct CardState {
    pub reviews: usize,
    pub last_review: NaiveDateTime,
    /// FSRS's stability: days until recall is predicted to fall to 90%.
    pub stability: f32,
    /// FSRS's difficulty, 1 to 10.
    pub difficulty: f32,
    /// Days from the last review to the next.
    pub interval_days: u32,
    /// The UTC day the question is due again.
    pub due_on: NaiveDate,
}

impl CardState {
    /// The moment it is due: the start of its UTC day.
    pub fn due_at(&self) -> NaiveDateTime {
        self.due_on.and_hms_opt(0, 0, 0).unwrap_or(self.last_review)
    }
}

/// FSRS with its default parameters.
#[derive(Default)]
pub struct Scheduler(fsrs::FSRS);

impl Scheduler {
    /// Replays a question's reviews (oldest first). `None` for no reviews.
    pub fn replay(&self, reviews: &[Review]) -> Option<CardState> {
        let mut state: Option<CardState> = None;
        for review in reviews {
            state = Some(self.next(state.as_ref(), *review));
        }
        state
    }

    /// The state after one more review.
    pub fn next(&self, before: Option<&CardState>, review: Review) -> CardState {
        let day = review.at.date();
        let elapsed = before.map_or(0, |b| (day - b.last_review.date()).num_days().max(0));
        let memory = before.map(|b| fsrs::MemoryState {
            stability: b.stability,
            difficulty: b.difficulty,
        });
        let elapsed = u32::try_from(elapsed).unwrap_or(u32::MAX);
        // FSRS refuses only a state it could not have produced itself (NaN, zero stability); a
        // replayed log never holds one, but were it to, the question starts over.
        let next = self
            .0
            .next_states(memory, DESIRED_RETENTION, elapsed)
            .or_else(|_| self.0.next_states(None, DESIRED_RETENTION, 0))
            .ok();
        let (stability, difficulty, interval) = next.map_or((1.0, 5.0, 1.0), |n| {
            let s = match review.rating {
                Rating::Again => n.again,
                Rating::Hard => n.hard,
                Rating::Good => n.good,
                Rating::Easy => n.easy,
            };
            (s.memory.stability, s.memory.difficulty, s.interval)
        });
        let interval_days = interval_days(interval);
        CardState {
            reviews: before.map_or(0, |b| b.reviews) + 1,
            last_review: review.at,
            stability,
            difficulty,
            interval_days,
            due_on: day + chrono::Days::new(u64::from(interval_days)),
        }
    }
}

/// FSRS's interval in whole days: rounded, at least one, at most a hundred years.
fn interval_days(interval: f32) -> u32 {
    if interval.is_finite() {
        interval.round().clamp(1.0, 36_500.0) as u32
    } else {
        36_500
    }
}

/// Why a question is in today's queue.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "reason", rename_all = "kebab-case")]
pub enum Due {
    /// A graded submission lost points on what it trains, or a case study's interviewer follows
    /// up on it; `because` says which (`dimension:pagination`, `follow-up:chess/...`).
    Nudged { because: Vec<String> },
    /// Its review day has come.
    Review { due_on: NaiveDate },
    /// Never drilled.
    New,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DueItem {
    pub question_id: String,
    #[serde(flatten)]
    pub due: Due,
}

/// Today's queue and what the candidate's schedule looks like.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Queue {
    pub items: Vec<DueItem>,
    #[serde(flatten)]
    pub counts: QueueCounts,
}

/// How today's queue is made up.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
pub struct QueueCounts {
    /// Brought due by graded work or a case study's follow-ups.
    pub nudged: usize,
    /// Reviews whose day has come.
    pub reviews: usize,
    /// New questions still allowed today.
    pub new: usize,
    /// New questions started today.
    pub new_today: usize,
    pub new_per_day: u32,
    /// Questions reviewed today.
    pub reviewed_today: usize,
    /// The next day something is due, when nothing is due today.
    pub next_due_on: Option<NaiveDate>,
}

/// A candidate's log in the scheduler's terms.
pub struct Log<'a> {
    /// Per question, its reviews oldest first.
    pub reviews: &'a HashMap<String, Vec<Review>>,
    /// Per question, the nudges' reasons and times.
    pub nudges: &'a HashMap<String, Vec<(String, NaiveDateTime)>>,
    pub new_per_day: u32,
}

/// Today's queue for a candidate, `today` being the UTC day of `now`.
pub fn queue(scheduler: &Scheduler, bank: &QuestionBank, log: &Log, now: NaiveDateTime) -> Queue {
    let today = now.date();
    let mut nudged = Vec::new();
    let mut reviews: Vec<(NaiveDate, usize, DueItem)> = Vec::new();
    let mut new = Vec::new();
    let mut next_due_on: Option<NaiveDate> = None;
    let mut new_today = 0;
    let mut reviewed_today = 0;
    for (pos, q) in bank.all().iter().enumerate() {
        let history = log.reviews.get(&q.id).map_or(&[][..], Vec::as_slice);
        let state = scheduler.replay(history);
        if let Some(first) = history.first() {
            new_today += usize::from(first.at.date() == today);
            reviewed_today += usize::from(history.iter().any(|r| r.at.date() == today));
        }
        let last = state.map(|s| s.last_review);
        let because: Vec<String> = log
            .nudges
            .get(&q.id)
            .into_iter()
            .flatten()
            .filter(|(_, at)| last.is_none_or(|l| *at > l))
            .map(|(reason, _)| reason.clone())
            .collect::<std::collections::BTreeSet<_>>()
            .into_iter()
            .collect();
        // A nudge answered today waits for tomorrow like any review.
        if !because.is_empty() {
            nudged.push(DueItem {
                question_id: q.id.clone(),
                due: Due::Nudged { because },
            });
            continue;
        }
        match state {
            Some(s) if s.due_on <= today => reviews.push((
                s.due_on,
                pos,
                DueItem {
                    question_id: q.id.clone(),
                    due: Due::Review { due_on: s.due_on },
                },
            )),
            Some(s) => next_due_on = Some(next_due_on.map_or(s.due_on, |d| d.min(s.due_on))),
            None => new.push(DueItem {
                question_id: q.id.clone(),
                due: Due::New,
            }),
        }
    }
    reviews.sort_by_key(|(due, pos, _)| (*due, *pos));
    let allowance = (log.new_per_day as usize).saturating_sub(new_today);
    new.truncate(allowance);
    let mut items = nudged;
    let counts = (items.len(), reviews.len(), new.len());
    items.extend(reviews.into_iter().map(|(_, _, item)| item));
    items.extend(new);
    Queue {
        counts: QueueCounts {
            nudged: counts.0,
            reviews: counts.1,
            new: counts.2,
            next_due_on: if items.is_empty() { next_due_on } else { None },
            new_today,
            new_per_day: log.new_per_day,
            reviewed_today,
        },
        items,
    }
}

/// Retention and streak over some reviews.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Stats {
    /// Every review.
    pub reviews: usize,
    /// Distinct questions reviewed.
    pub questions: usize,
    /// The share (0 to 1) of reviews of questions seen before that were not "again"; `None`
    /// before any question came back.
    pub retention: Option<f64>,
    /// Consecutive UTC days with a review, ending today (or yesterday, still unbroken).
    pub streak_days: u32,
    pub last_review: Option<chrono::DateTime<chrono::Utc>>,
}

/// Stats over one question's or many questions' reviews: `reviews` maps question ids to their
/// reviews oldest first.
pub fn stats<'a>(reviews: impl Iterator<Item = &'a [Review]>, today: NaiveDate) -> Stats {
    let mut s = Stats::default();
    let (mut recalled, mut repeats) = (0usize, 0usize);
    let mut days = std::collections::BTreeSet::new();
    for history in reviews {
        if history.is_empty() {
            continue;
        }
        s.questions += 1;
        s.reviews += history.len();
        for r in &history[1..] {
            repeats += 1;
            recalled += usize::from(r.rating != Rating::Again);
        }
        for r in history {
            days.insert(r.at.date());
            let at = r.at.and_utc();
            s.last_review = Some(s.last_review.map_or(at, |l| l.max(at)));
        }
    }
    s.retention = (repeats > 0).then(|| recalled as f64 / repeats as f64);
    s.streak_days = streak(&days, today);
    s
}

fn streak(days: &std::collections::BTreeSet<NaiveDate>, today: NaiveDate) -> u32 {
    let mut day = if days.contains(&today) {
        today
    } else {
        match today.pred_opt() {
            Some(y) if days.contains(&y) => y,
            _ => return 0,
        }
    };
    let mut n = 0;
    while days.contains(&day) {
        n += 1;
        match day.pred_opt() {
            Some(d) => day = d,
            None => break,
        }
    }
    n
}

/// Stats per part of the outline, in its order, for the parts with any review.
pub fn stats_by_part(
    bank: &QuestionBank,
    reviews: &HashMap<String, Vec<Review>>,
    today: NaiveDate,
) -> Vec<(Part, Stats)> {
    let mut by_part: BTreeMap<Part, Vec<&[Review]>> = BTreeMap::new();
    for (id, history) in reviews {
        if let Some(q) = bank.get(id) {
            by_part.entry(q.part).or_default().push(history);
        }
    }
    by_part
        .into_iter()
        .map(|(part, histories)| (part, stats(histories.into_iter(), today)))
        .collect()
}

/// The questions a graded submission brings due. `lost` lists the dimensions that lost points,
/// the costliest first, each with the rules that found something in it. Each dimension's
/// candidates are the questions training one of those rules, then those training the
/// dimension; they are taken in turns, one per dimension a round, the costliest dimension first,
/// until `total` (so every dimension that lost points gets its question before any gets a
/// second), at most `per_dimension` of one dimension, none twice.
pub fn questions_for_mistakes<'a>(
    bank: &'a QuestionBank,
    lost: &[(String, Vec<String>)],
    per_dimension: usize,
    total: usize,
) -> Vec<(&'a Question, String)> {
    let candidates: Vec<Vec<(&Question, String)>> = lost
        .iter()
        .map(|(dimension, rules)| {
            let by_rule = bank.all().iter().filter_map(|q| {
                q.trains
                    .iter()
                    .find(|t| rules.contains(t))
                    .map(|t| (q, format!("rule:{t}")))
            });
            let by_dimension = bank
                .all()
                .iter()
                .filter(|q| q.trains.iter().any(|t| t == dimension))
                .map(|q| (q, format!("dimension:{dimension}")));
            by_rule.chain(by_dimension).collect()
        })
        .collect();
    let mut next = vec![0usize; candidates.len()];
    let mut taken = vec![0usize; candidates.len()];
    let mut chosen: Vec<(&Question, String)> = Vec::new();
    loop {
        let before = chosen.len();
        for (d, list) in candidates.iter().enumerate() {
            if chosen.len() == total {
                return chosen;
            }
            if taken[d] == per_dimension {
                continue;
            }
            while let Some((q, reason)) = list.get(next[d]) {
                next[d] += 1;
                if !chosen.iter().any(|(c, _)| c.id == q.id) {
                    chosen.push((q, reason.clone()));
                    taken[d] += 1;
                    break;
                }
            }
        }
        if chosen.len() == before {
            return chosen;
        }
    }
}

/// A case study's interviewer follow-ups: up to `n` questions tied to its probes, those on the
/// probes the design missed first, then the rest in the exercise's probe order; one per probe
/// before a second on any.
pub fn follow_ups<'a>(bank: &'a QuestionBank, probes: &[(String, bool)], n: usize) -> Vec<(&'a Question, String)> {
    let mut ordered: Vec<&(String, bool)> = probes.iter().filter(|(_, met)| !met).collect();
    ordered.extend(probes.iter().filter(|(_, met)| *met));
    let mut chosen: Vec<(&Question, String)> = Vec::new();
    for _round in 0..2 {
        for (probe, _) in &ordered {
            if chosen.len() == n {
                return chosen;
            }
            let unchosen = |q: &&Question| q.probes.contains(probe) && !chosen.iter().any(|(c, _)| c.id == q.id);
            if let Some(q) = bank.all().iter().find(unchosen) {
                chosen.push((q, format!("follow-up:{probe}")));
            }
        }
    }
    chosen
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(day: u32, hour: u32) -> NaiveDateTime {
        NaiveDate::from_ymd_opt(2026, 12, day)
            .unwrap()
            .and_hms_opt(hour, 0, 0)
            .unwrap()
    }

    fn review(rating: Rating, day: u32) -> Review {
        Review {
            rating,
            at: at(day, 10),
        }
    }

    /// The first review of a new card, with FSRS's default parameters: the stabilities (= the
    /// intervals at 90% retention) the `fsrs` crate documents for `next_states` of a new card
    /// (again 0.212, hard 1.2931, good 2.3065, easy 8.2956 days), in whole days at least one.
    #[test]
    fn first_reviews_match_the_fsrs_reference() {
        let s = Scheduler::default();
        let first = |r| s.replay(&[review(r, 1)]).unwrap();
        let reference = [
            (Rating::Again, 0.212, 1),
            (Rating::Hard, 1.2931, 1),
            (Rating::Good, 2.3065, 2),
            (Rating::Easy, 8.2956, 8),
        ];
        for (rating, stability, days) in reference {
            let c = first(rating);
            assert!((c.stability - stability).abs() < 1e-3, "{rating:?}: {}", c.stability);
            assert_eq!(c.interval_days, days, "{rating:?}");
            assert_eq!(c.due_on, at(1, 0).date() + chrono::Days::new(days.into()));
        }
    }

    /// A known sequence replayed: good, then good on the day it fell due, twice. The stabilities
    /// are FSRS-6's for the default parameters (checked against the crate's own
    /// `memory_state`), and the intervals grow.
    #[test]
    fn a_known_sequence_matches_the_reference_and_intervals_grow() {
        let s = Scheduler::default();
        let a = s.replay(&[review(Rating::Good, 1)]).unwrap();
        let b = s.replay(&[review(Rating::Good, 1), review(Rating::Good, 3)]).unwrap();
        let c = s
            .replay(&[
                review(Rating::Good, 1),
                review(Rating::Good, 3),
                Review {
                    rating: Rating::Good,
                    at: at(3, 10) + chrono::Days::new(u64::from(b.interval_days)),
                },
            ])
            .unwrap();
        assert!(
            a.interval_days < b.interval_days && b.interval_days < c.interval_days,
            "{a:?} {b:?} {c:?}"
        );
        // The crate computes the same memory from the same history in one call.
        let fsrs = fsrs::FSRS::default();
        let item = fsrs::FSRSItem {
            reviews: vec![
                fsrs::FSRSReview { rating: 3, delta_t: 0 },
                fsrs::FSRSReview { rating: 3, delta_t: 2 },
            ],
        };
        let m = fsrs.memory_state(item, None).unwrap();
        assert!((m.stability - b.stability).abs() < 1e-3 && (m.difficulty - b.difficulty).abs() < 1e-3);
        assert_eq!(
            b.interval_days,
            fsrs.next_interval(Some(m.stability), DESIRED_RETENTION, 3).round() as u32
        );
    }

    #[test]
    fn good_schedules_later_than_again_and_never_the_same_day() {
        let s = Scheduler::default();
        let base = [review(Rating::Good, 1), review(Rating::Good, 3)];
        let with = |r| {
            let mut h = base.to_vec();
            h.push(review(r, 9));
            s.replay(&h).unwrap()
        };
        let (again, hard, good, easy) = (
            with(Rating::Again),
            with(Rating::Hard),
            with(Rating::Good),
            with(Rating::Easy),
        );
        assert!(again.due_on < good.due_on, "{again:?} {good:?}");
        assert!(
            again.interval_days <= hard.interval_days
                && hard.interval_days <= good.interval_days
                && good.interval_days <= easy.interval_days
        );
        for c in [again, hard, good, easy] {
            assert!(c.due_on > at(9, 23).date());
        }
    }

    #[test]
    fn streaks_count_unbroken_days_to_today_or_yesterday() {
        let days: std::collections::BTreeSet<NaiveDate> = [3, 4, 5, 7, 8].iter().map(|d| at(*d, 0).date()).collect();
        assert_eq!(streak(&days, at(8, 0).date()), 2);
        assert_eq!(streak(&days, at(9, 0).date()), 2);
        assert_eq!(streak(&days, at(10, 0).date()), 0);
        assert_eq!(streak(&days, at(5, 0).date()), 3);
    }

    #[test]
    fn retention_counts_only_questions_seen_before() {
        let a = [
            review(Rating::Again, 1),
            review(Rating::Good, 2),
            review(Rating::Again, 4),
        ];
        let b = [review(Rating::Good, 1)];
        let s = stats([&a[..], &b[..]].into_iter(), at(4, 0).date());
        assert_eq!(
            (s.reviews, s.questions, s.retention, s.streak_days),
            (4, 2, Some(0.5), 1)
        );
        let none = stats([&b[..]].into_iter(), at(1, 0).date());
        assert_eq!(none.retention, None);
    }

    #[test]
    fn mistakes_bring_questions_of_every_lost_dimension_in_turns() {
        let catalog = crate::catalog::Catalog::builtin();
        let bank = catalog.questions();
        let lost = vec![
            ("security".to_owned(), vec!["security/operation-security".to_owned()]),
            ("pagination".to_owned(), vec!["pagination/page-size".to_owned()]),
            ("naming".to_owned(), vec![]),
        ];
        let chosen = questions_for_mistakes(bank, &lost, 6, 5);
        let reasons: Vec<&str> = chosen.iter().map(|(_, r)| r.as_str()).collect();
        assert_eq!(chosen.len(), 5, "{reasons:?}");
        // One a dimension a round, the costliest first; a rule's questions before the dimension's.
        assert_eq!(reasons[0], "rule:security/operation-security");
        assert_eq!(reasons[1], "rule:pagination/page-size");
        assert_eq!(reasons[2], "dimension:naming");
        for (q, reason) in &chosen {
            let tag = reason.split_once(':').unwrap().1;
            assert!(q.trains.iter().any(|t| t == tag), "{} does not train {tag}", q.id);
        }
        // The per-dimension cap holds, and nothing comes twice.
        let one = questions_for_mistakes(bank, &lost[..1], 2, 10);
        assert_eq!(one.len(), 2);
        assert_ne!(one[0].0.id, one[1].0.id);
    }

    #[test]
    fn follow_ups_ask_about_missed_probes_first() {
        let catalog = crate::catalog::Catalog::builtin();
        let bank = catalog.questions();
        let exercise = catalog.exercise("url-shortener").unwrap();
        let probes: Vec<(String, bool)> = exercise
            .expectations
            .iter()
            .filter(|e| e.kind == crate::catalog::ExpectationKind::Probe)
            .map(|e| (format!("url-shortener/{}", e.id), true))
            .collect();
        let tied = |p: &str| bank.all().iter().any(|q| q.probes.iter().any(|x| x == p));
        // Mark the last probe that has a question as missed: it is asked about first.
        let missed = probes.iter().rev().find(|(p, _)| tied(p)).unwrap().0.clone();
        let marked: Vec<(String, bool)> = probes.iter().map(|(p, _)| (p.clone(), *p != missed)).collect();
        let asked = follow_ups(bank, &marked, 3);
        assert_eq!(asked.len(), 3);
        assert_eq!(asked[0].1, format!("follow-up:{missed}"));
        assert!(asked[0].0.probes.contains(&missed));
    }

    #[test]
    fn ratings_from_answers() {
        assert_eq!(Rating::from_credit(1.0), Rating::Good);
        assert_eq!(Rating::from_credit(0.5), Rating::Hard);
        assert_eq!(Rating::from_credit(0.2), Rating::Again);
        assert_eq!(Rating::from_number(4), Some(Rating::Easy));
        assert_eq!(Rating::from_number(0), None);
    }
}
