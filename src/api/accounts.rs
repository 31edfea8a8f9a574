//! Accounts: register (`POST /v1/accounts`), read one (`GET /v1/accounts/{id}`), and the
//! signed-in user's own (`GET /v1/me`), and changing one's password (`PUT /v1/me/password`:
//! the current password is required, and every other session of the account is ended).
use super::idempotency::{self, Idempotent};
use actix_web::{web, HttpResponse};
use diesel::Connection;
use secrecy::SecretString;
use serde::{Deserialize, Serialize};

use super::routes::{Resource, Routes};
use crate::auth::{password, AuthUser};
use crate::db::users::{CreateUserError, NewUser, Role, User};
use crate::error::{AppError, FieldError, OrNotFound};
use crate::state::AppState;

pub fn routes(routes: &mut Routes) {
    routes
        .add(Resource::new("/accounts").idempotent().post(register))
        .add(
            Resource::new("/accounts/{account_id}")
                .get(get_account)
                .patch(change_role),
        )
        .add(Resource::new("/me").get(me))
        .add(Resource::new("/me/password").put(put_password));
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
    pub email: String,
    pub display_name: String,
    pub password: SecretString,
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
    if let Some(detail) = password::weakness(reg.password.expose_secret(), &[email, reg.display_name.trim()]) {
        errors.push(FieldError {
            pointer: "/password".into(),
            detail,
        });
    }
    if errors.is_empty() {
        Ok(())
    } else {
        Err(AppError::invalid_fields(errors))
    }
}

async fn register(
    state: web::Data<AppState>,
    idempotent: Idempotent,
    body: crate::api::body::ApiJson<Registration>,
) -> Result<HttpResponse, AppError> {
    let (reg, hash) = validate_and_hash(&state, body.into_inner()).await?;
    idempotency::create(&state, idempotent, move |conn| {
        let user = insert_candidate(conn, &reg, &hash)?;
        Ok((format!("/v1/accounts/{}", user.id), AccountView::from(&user)))
    })
    .await
}

/// Validates a registration and creates the candidate account.
pub async fn create_account(state: &AppState, reg: Registration) -> Result<User, AppError> {
    let (reg, hash) = validate_and_hash(state, reg).await?;
    state.db(move |conn| insert_candidate(conn, &reg, &hash)).await
}

/// A valid registration and the hash of its password (computed off the async workers).
async fn validate_and_hash(state: &AppState, reg: Registration) -> Result<(Registration, String), AppError> {
    validate(&reg)?;
    state
        .hash(move || password::hash(&reg.password).map(|h| (reg, h)))
        .await?
        .map_err(AppError::internal)
}

fn insert_candidate(conn: &mut crate::db::DbConn, reg: &Registration, hash: &str) -> Result<User, AppError> {
    let new = NewUser::new(&reg.email, reg.display_name.trim(), hash, Role::Candidate);
    let user = User::create(conn, &new).map_err(|e| match e {
        CreateUserError::EmailTaken => {
            AppError::conflict("an account with this email already exists; log in with POST /v1/sessions")
        }
        CreateUserError::Database(e) => e.into(),
    })?;
    tracing::info!(user_id = %user.id, "account registered");
    Ok(user)
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PasswordChange {
    pub current_password: SecretString,
    pub new_password: SecretString,
}

/// Checks the current password, stores the new one and ends every other session of the account
/// (the one making the change stays signed in).
pub async fn change_password(state: &AppState, auth: &AuthUser, change: PasswordChange) -> Result<(), AppError> {
    use secrecy::ExposeSecret;
    let personal = [auth.0.email.as_str(), auth.0.display_name.as_str()];
    if let Some(detail) = password::weakness(change.new_password.expose_secret(), &personal) {
        return Err(AppError::invalid_fields(vec![FieldError {
            pointer: "/new_password".into(),
            detail,
        }]));
    }
    let stored = auth.0.password_hash.clone();
    let hashed = state
        .hash(move || {
            if password::verify(&change.current_password, Some(&stored)) {
                password::hash(&change.new_password).map(Some)
            } else {
                Ok(None)
            }
        })
        .await?
        .map_err(AppError::internal)?;
    let Some(hash) = hashed else {
        return Err(AppError::forbidden("the current password is wrong"));
    };
    let (user_id, keep) = (auth.id().to_owned(), auth.session_id().to_owned());
    let ended = state
        .db(move |conn| {
            conn.transaction(|conn| {
                User::set_password_hash(conn, &user_id, &hash)?;
                crate::db::sessions::Session::revoke_others(conn, &user_id, &keep, crate::db::now())
            })
            .map_err(AppError::from)
        })
        .await?;
    tracing::info!(user_id = %auth.id(), ended, "password changed; other sessions ended");
    Ok(())
}

async fn put_password(
    state: web::Data<AppState>,
    auth: AuthUser,
    body: crate::api::body::ApiJson<PasswordChange>,
) -> Result<HttpResponse, AppError> {
    change_password(&state, &auth, body.into_inner()).await?;
    Ok(HttpResponse::NoContent().finish())
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
    body: crate::api::body::ApiJson<RoleChange>,
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
