//! JSON adapters of Visa Online under `/api/v1/visa` (and the public
//! document verification routes): parse, call the use case, answer.

pub mod applications;
pub mod errors;
pub mod evisa;
pub mod index;
pub mod pdf;
pub mod review;
pub mod verify;
pub mod views;

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::routing::{get, post, put};
use imigrasi_platform::AppState;
use utoipa::OpenApi;

/// OpenAPI description of the visa routes.
#[derive(OpenApi)]
#[openapi(
    paths(
        applications::list_types,
        index::put_type,
        applications::set_sponsor,
        applications::create,
        applications::list,
        applications::get_one,
        pdf::evisa_pdf,
        applications::upload,
        applications::submit,
        review::decision,
        review::withdraw,
        evisa::revoke,
        evisa::entry,
        evisa::lookup,
        evisa::public_status,
        verify::verify,
        verify::keys,
    ),
    components(schemas(
        applications::TypeList, applications::TypeView, applications::Names,
        applications::SponsorBody, applications::SponsorAnswer,
        applications::ApplyBody, applications::Created, applications::CaseView,
        applications::CaseList, applications::ApplicantView, applications::CaseSummary,
        applications::StepView, applications::PaymentView, applications::EVisaView,
        applications::SubmitAnswer, applications::UploadForm,
        review::DecisionBody, index::TypeBody, index::NamesBody, evisa::RevokeBody, evisa::EVisaStatus, evisa::EntryBody, evisa::EntryAddress,
        evisa::LookupBody, evisa::LookupAnswer, evisa::FoundView, evisa::StatusBody,
        evisa::StatusAnswer, verify::VerifyBody, verify::VerifyAnswer, verify::Holder,
        crate::domain::applicant::ApplicantInput,
        crate::domain::visa_type::RequiredDocument, crate::domain::visa_type::SponsorKind,
    )),
    tags((name = "visa", description = "Visa Online: index, applications, review, e-Visa"),
         (name = "documents", description = "Verifying signed documents"))
)]
pub struct VisaApi;

/// The routes.
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/api/v1/visa/types", get(applications::list_types))
        .route("/api/v1/visa/types/{code}", put(index::put_type))
        .route("/api/v1/visa/sponsor", put(applications::set_sponsor))
        .route(
            "/api/v1/visa/applications",
            post(applications::create).get(applications::list),
        )
        .route(
            "/api/v1/visa/applications/{register_number}",
            get(applications::get_one),
        )
        .route(
            "/api/v1/visa/applications/{register_number}/evisa.pdf",
            get(pdf::evisa_pdf),
        )
        .route(
            "/api/v1/visa/applications/{register_number}/documents",
            // The platform's body limit bounds it; the route stops storing
            // at the kind's limit (axum's own 2 MB default would cut the
            // stream before the route can name the file).
            post(applications::upload).layer(DefaultBodyLimit::disable()),
        )
        .route(
            "/api/v1/visa/applications/{register_number}/submit",
            post(applications::submit),
        )
        .route(
            "/api/v1/visa/applications/{register_number}/decision",
            post(review::decision),
        )
        .route(
            "/api/v1/visa/applications/{register_number}/withdraw",
            post(review::withdraw),
        )
        .route("/api/v1/visa/evisas/{number}/revoke", post(evisa::revoke))
        .route("/api/v1/visa/evisas/{number}/entry", post(evisa::entry))
        .route("/api/v1/visa/lookup", post(evisa::lookup))
        .route("/api/v1/visa/status", post(evisa::public_status))
        .route("/api/v1/documents/verify", post(verify::verify))
        .route("/api/v1/documents/keys", get(verify::keys))
}
