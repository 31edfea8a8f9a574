//! Accounts: register (`POST /v1/accounts`), read one (`GET /v1/accounts/{id}`), and the
//! signed-in user's own (`GET /v1/me`).
use actix_web::{http::header, web, HttpResponse};
use secrecy::SecretString;
use serde::{Deserialize, Serialize};

use super::method_not_allowed;
use crate::app::AppState;
use crate::auth::{password, AuthUser};
use crate::db::users::{CreateUserError, NewUser, Role, User};
use crate::error::{AppError, FieldError, OrNotFound};

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.service(
        web::resource("/accounts")
            .route(web::post().to(register))
            .default_service(web::to(method_not_allowed("POST"))),
    )
    .service(
        web::resource("/accounts/{account_id}")
            .route(web::get().to(get_account))
            .route(web::patch().to(change_role))
            .default_service(web::to(method_not_allowed("GET, PATCH"))),
    )
    .service(
        web::resource("/me")
            .route(web::get().to(me))
            .default_service(web::to(method_not_allowed("GET"))),
    );
}

/// An account as the API shows it: never the password hash.
#[derive(Debug, Serialize)]
pub struct AccountView {
    pub id: String,
    pub email: String,
    pub display_name: String,
    pub role: Role,
    pub created_at: chrono::DateTime<chrono::Utc>,
}

impl From<&User> for AccountView {
    fn from(u: &User) -> Self {
        Self {
            id: u.id.clone(),
            email: u.email.clone(),
            display_name: u.display_name.clone(),
            role: u.role(),
            created_at: u.created_at.and_utc(),
        }
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Registration {
    email: String,
    display_name: String,
    password: SecretString,
}

pub const MAX_EMAIL_CHARS: usize = 254;
pub const MAX_DISPLAY_NAME_CHARS: usize = 100;

/// Checks every field and reports all problems at once.
fn validate(reg: &Registration) -> Result<(), AppError> {
    use secrecy::ExposeSecret;
    let mut errors = Vec::new();
    let email = reg.email.trim();
    let plausible = email.split_once('@').is_some_and(|(local, domain)| {
        !local.is_empty() && domain.contains('.') && !domain.starts_with('.') && !domain.ends_with('.')
    });
    if !plausible || email.chars().any(char::is_whitespace) {
        errors.push(FieldError {
            pointer: "/email".into(),
            detail: "must be an email address such as ada@example.com".into(),
        });
    } else if email.chars().count() > MAX_EMAIL_CHARS {
        errors.push(FieldError {
            pointer: "/email".into(),
            detail: format!("must be at most {MAX_EMAIL_CHARS} characters"),
        });
    }
    let name_len = reg.display_name.trim().chars().count();
    if name_len == 0 || name_len > MAX_DISPLAY_NAME_CHARS {
        errors.push(FieldError {
            pointer: "/display_name".into(),
            detail: format!("must be 1 to {MAX_DISPLAY_NAME_CHARS} characters"),
        });
    }
    let pw_len = reg.password.expose_secret().chars().count();
    if pw_len < password::MIN_PASSWORD_CHARS {
        errors.push(FieldError {
            pointer: "/password".into(),
            detail: format!("must be at least {} characters", password::MIN_PASSWORD_CHARS),
        });
    } else if pw_len > password::MAX_PASSWORD_CHARS {
        errors.push(FieldError {
            pointer: "/password".into(),
            detail: format!("must be at most {} characters", password::MAX_PASSWORD_CHARS),
        });
    }
    if errors.is_empty() {
        Ok(())
    } else {
        Err(AppError::invalid_fields(errors))
    }
}

async fn register(state: web::Data<AppState>, body: web::Json<Registration>) -> Result<HttpResponse, AppError> {
    let reg = body.into_inner();
    validate(&reg)?;
    let hash = web::block(move || password::hash(&reg.password).map(|h| (reg, h)))
        .await?
        .map_err(AppError::internal)?;
    let (reg, hash) = hash;
    let user = state
        .db(move |conn| {
            let new = NewUser::new(&reg.email, reg.display_name.trim(), &hash, Role::Candidate);
            User::create(conn, &new).map_err(|e| match e {
                CreateUserError::EmailTaken => {
                    AppError::conflict("an account with this email already exists; log in with POST /v1/sessions")
                }
                CreateUserError::Database(e) => e.into(),
            })
        })
        .await?;
    tracing::info!(user_id = %user.id, "account registered");
    Ok(HttpResponse::Created()
        .insert_header((header::LOCATION, format!("/v1/accounts/{}", user.id)))
        .json(AccountView::from(&user)))
}

/// Your own account, or any account for an admin. Anyone else gets 404, so ids do not leak.
async fn get_account(
    state: web::Data<AppState>,
    auth: AuthUser,
    path: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let id = path.into_inner();
    if id != auth.id() && auth.role() != Role::Admin {
        return Err(AppError::not_found(format!("no account {id}")));
    }
    let user = state
        .db(move |conn| User::find(conn, &id).or_not_found(|| format!("no account {id}")))
        .await?;
    Ok(HttpResponse::Ok().json(AccountView::from(&user)))
}

async fn me(auth: AuthUser) -> HttpResponse {
    HttpResponse::Ok().json(AccountView::from(&auth.0))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RoleChange {
    role: Role,
}

/// Admins change roles over HTTP (the first admin is made with `apidojo users create`).
async fn change_role(
    state: web::Data<AppState>,
    auth: AuthUser,
    path: web::Path<String>,
    body: web::Json<RoleChange>,
) -> Result<HttpResponse, AppError> {
    let id = path.into_inner();
    if auth.role() != Role::Admin {
        return Err(if id == auth.id() {
            AppError::forbidden("only an admin changes roles")
        } else {
            AppError::not_found(format!("no account {id}"))
        });
    }
    let role = body.into_inner().role;
    let user = state
        .db(move |conn| {
            let user = User::find(conn, &id).or_not_found(|| format!("no account {id}"))?;
            Ok(User::set_role(conn, &user.email, role)?)
        })
        .await?;
    tracing::info!(user_id = %user.id, role = %role, "role changed");
    Ok(HttpResponse::Ok().json(AccountView::from(&user)))
}
