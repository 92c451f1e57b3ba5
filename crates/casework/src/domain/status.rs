//! The state machine of an application.
//!
//! ```text
//! draft → submitted → awaiting_payment → in_review ⇄ info_requested
//!                          │                 │
//!                   expired_unpaid      recommended → approved | rejected
//! draft, submitted, awaiting_payment, in_review, info_requested → withdrawn
//! ```
//!
//! [`transition`] is the only place that says which step is allowed; the
//! store's conditional update writes what it returns.

use serde::Serialize;

/// Where a case stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// Being prepared by the applicant or sponsor.
    Draft,
    /// Handed in (documents complete).
    Submitted,
    /// Waiting for the fee.
    AwaitingPayment,
    /// Paid; officers verify it.
    InReview,
    /// An officer asked the applicant for more.
    InfoRequested,
    /// An officer recommended a decision; a supervisor decides.
    Recommended,
    /// Approved by a supervisor (final).
    Approved,
    /// Rejected by a supervisor (final).
    Rejected,
    /// Withdrawn by the applicant or sponsor (final).
    Withdrawn,
    /// Not paid in time (final; a late payment is refused).
    ExpiredUnpaid,
}

impl Status {
    /// Every status, in a stable order.
    pub const ALL: [Status; 10] = [
        Status::Draft,
        Status::Submitted,
        Status::AwaitingPayment,
        Status::InReview,
        Status::InfoRequested,
        Status::Recommended,
        Status::Approved,
        Status::Rejected,
        Status::Withdrawn,
        Status::ExpiredUnpaid,
    ];

    /// The machine name, as stored and answered.
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Draft => "draft",
            Status::Submitted => "submitted",
            Status::AwaitingPayment => "awaiting_payment",
            Status::InReview => "in_review",
            Status::InfoRequested => "info_requested",
            Status::Recommended => "recommended",
            Status::Approved => "approved",
            Status::Rejected => "rejected",
            Status::Withdrawn => "withdrawn",
            Status::ExpiredUnpaid => "expired_unpaid",
        }
    }

    /// Parse a machine name.
    pub fn parse(s: &str) -> Option<Status> {
        Status::ALL.into_iter().find(|st| st.as_str() == s)
    }

    /// Whether nothing can happen to the case any more.
    pub fn is_final(self) -> bool {
        matches!(
            self,
            Status::Approved | Status::Rejected | Status::Withdrawn | Status::ExpiredUnpaid
        )
    }
}

/// Who performs an action.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Performer {
    /// The applicant or the sponsor.
    Party,
    /// An officer of the processing office.
    Officer,
    /// A supervisor of the processing office.
    Supervisor,
    /// The system (payment gateway, expiry worker).
    System,
}

/// A step someone takes on a case.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Action {
    /// Hand the draft in.
    Submit,
    /// Ask for the fee (right after submission).
    RequestPayment,
    /// The fee was paid.
    Pay,
    /// The payment deadline passed.
    ExpireUnpaid,
    /// An officer asks for more information.
    RequestInfo,
    /// The applicant answered a request for information.
    ProvideInfo,
    /// An officer recommends approval.
    RecommendApprove,
    /// An officer recommends rejection.
    RecommendReject,
    /// A supervisor approves the recommendation.
    Approve,
    /// A supervisor rejects.
    Reject,
    /// The applicant or sponsor withdraws.
    Withdraw,
}

impl Action {
    /// Every action, in a stable order.
    pub const ALL: [Action; 11] = [
        Action::Submit,
        Action::RequestPayment,
        Action::Pay,
        Action::ExpireUnpaid,
        Action::RequestInfo,
        Action::ProvideInfo,
        Action::RecommendApprove,
        Action::RecommendReject,
        Action::Approve,
        Action::Reject,
        Action::Withdraw,
    ];

    /// The machine name, as the timeline stores it.
    pub fn as_str(self) -> &'static str {
        match self {
            Action::Submit => "submit",
            Action::RequestPayment => "request_payment",
            Action::Pay => "pay",
            Action::ExpireUnpaid => "expire_unpaid",
            Action::RequestInfo => "request_info",
            Action::ProvideInfo => "provide_info",
            Action::RecommendApprove => "recommend_approve",
            Action::RecommendReject => "recommend_reject",
            Action::Approve => "approve",
            Action::Reject => "reject",
            Action::Withdraw => "withdraw",
        }
    }

    /// Who may take this step.
    pub fn performer(self) -> Performer {
        match self {
            Action::Submit | Action::ProvideInfo | Action::Withdraw => Performer::Party,
            Action::RequestPayment | Action::Pay | Action::ExpireUnpaid => Performer::System,
            Action::RequestInfo | Action::RecommendApprove | Action::RecommendReject => {
                Performer::Officer
            }
            Action::Approve | Action::Reject => Performer::Supervisor,
        }
    }

    /// Whether the step is the second of the two-person rule (the one who
    /// recommended may not take it).
    pub fn needs_second_person(self) -> bool {
        matches!(self, Action::Approve | Action::Reject)
    }
}

/// A step not allowed from the case's status.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("{action:?} is not allowed from {from:?}")]
pub struct InvalidTransition {
    /// Where the case stood.
    pub from: Status,
    /// What was asked.
    pub action: Action,
}

/// The status after `action` from `from`, or why not.
pub fn transition(from: Status, action: Action) -> Result<Status, InvalidTransition> {
    use Action as A;
    use Status as S;
    let to = match (from, action) {
        (S::Draft, A::Submit) => S::Submitted,
        (S::Submitted, A::RequestPayment) => S::AwaitingPayment,
        (S::AwaitingPayment, A::Pay) => S::InReview,
        (S::AwaitingPayment, A::ExpireUnpaid) => S::ExpiredUnpaid,
        (S::InReview, A::RequestInfo) => S::InfoRequested,
        (S::InfoRequested, A::ProvideInfo) => S::InReview,
        (S::InReview, A::RecommendApprove | A::RecommendReject) => S::Recommended,
        (S::Recommended, A::Approve) => S::Approved,
        (S::Recommended, A::Reject) => S::Rejected,
        (
            S::Draft | S::Submitted | S::AwaitingPayment | S::InReview | S::InfoRequested,
            A::Withdraw,
        ) => S::Withdrawn,
        _ => return Err(InvalidTransition { from, action }),
    };
    Ok(to)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// The allowed steps, written out once more as a table.
    const ALLOWED: &[(Status, Action, Status)] = &[
        (Status::Draft, Action::Submit, Status::Submitted),
        (
            Status::Submitted,
            Action::RequestPayment,
            Status::AwaitingPayment,
        ),
        (Status::AwaitingPayment, Action::Pay, Status::InReview),
        (
            Status::AwaitingPayment,
            Action::ExpireUnpaid,
            Status::ExpiredUnpaid,
        ),
        (Status::InReview, Action::RequestInfo, Status::InfoRequested),
        (Status::InfoRequested, Action::ProvideInfo, Status::InReview),
        (
            Status::InReview,
            Action::RecommendApprove,
            Status::Recommended,
        ),
        (
            Status::InReview,
            Action::RecommendReject,
            Status::Recommended,
        ),
        (Status::Recommended, Action::Approve, Status::Approved),
        (Status::Recommended, Action::Reject, Status::Rejected),
        (Status::Draft, Action::Withdraw, Status::Withdrawn),
        (Status::Submitted, Action::Withdraw, Status::Withdrawn),
        (Status::AwaitingPayment, Action::Withdraw, Status::Withdrawn),
        (Status::InReview, Action::Withdraw, Status::Withdrawn),
        (Status::InfoRequested, Action::Withdraw, Status::Withdrawn),
    ];

    fn status() -> impl Strategy<Value = Status> {
        proptest::sample::select(Status::ALL.to_vec())
    }
    fn action() -> impl Strategy<Value = Action> {
        proptest::sample::select(Action::ALL.to_vec())
    }

    #[test]
    fn names_round_trip() {
        for s in Status::ALL {
            assert_eq!(Status::parse(s.as_str()), Some(s));
        }
        assert_eq!(Status::parse("paid"), None);
    }

    proptest! {
        #[test]
        fn only_listed_steps_are_accepted(from in status(), action in action()) {
            let expected = ALLOWED
                .iter()
                .find(|(f, a, _)| *f == from && *a == action)
                .map(|(_, _, to)| *to);
            prop_assert_eq!(transition(from, action).ok(), expected);
        }

        #[test]
        fn final_states_accept_nothing(from in status(), action in action()) {
            if from.is_final() {
                prop_assert!(transition(from, action).is_err());
            }
        }

        /// Along any run of steps, a case reaches `approved` or `rejected`
        /// only through `recommended`, and `in_review` only after payment.
        #[test]
        fn runs_pass_through_recommendation_and_payment(
            actions in proptest::collection::vec(action(), 0..40)
        ) {
            let mut s = Status::Draft;
            let mut paid = false;
            for a in actions {
                if let Ok(next) = transition(s, a) {
                    if matches!(next, Status::Approved | Status::Rejected) {
                        prop_assert_eq!(s, Status::Recommended);
                    }
                    if next == Status::InReview && s == Status::AwaitingPayment {
                        paid = true;
                    }
                    if next == Status::InReview {
                        prop_assert!(paid);
                    }
                    s = next;
                }
            }
        }
    }
}
