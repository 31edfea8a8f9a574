//! Accounts: registering a candidate (the email, name and password checked together), reading
//! one, changing its role, and changing one's password (the current one required; every other
//! session of the account ends).
use diesel::Connection;
use secrecy::{ExposeSecret, SecretString};
use serde::Deserialize;

use crate::auth::{password, AuthUser};
use crate::db::users::{CreateUserError, NewUser, Role, User};
use crate::db::DbConn;
use crate::error::{AppError, FieldError, OrNotFound};
use crate::state::AppState;

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

/// A registration that passed its checks, with its password hashed: ready to be stored.
pub struct CheckedRegistration {
    registration: Registration,
    hash: String,
}

/// Checks a registration and hashes its password (off the async workers).
pub async fn check_registration(state: &AppState, reg: Registration) -> Result<CheckedRegistration, AppError> {
    validate(&reg)?;
    state
        .hash(move || {
            password::hash(&reg.password).map(|hash| CheckedRegistration {
                registration: reg,
                hash,
            })
        })
        .await?
        .map_err(AppError::internal)
}

/// Stores a checked registration as a candidate account, inside the caller's transaction.
pub fn insert_candidate(conn: &mut DbConn, checked: &CheckedRegistration) -> Result<User, AppError> {
    let reg = &checked.registration;
    let new = NewUser::new(&reg.email, reg.display_name.trim(), &checked.hash, Role::Candidate);
    let user = User::create(conn, &new).map_err(|e| match e {
        CreateUserError::EmailTaken => {
            AppError::conflict("an account with this email already exists; log in with POST /v1/sessions")
        }
        CreateUserError::Database(e) => e.into(),
    })?;
    tracing::info!(user_id = %user.id, "account registered");
    Ok(user)
}

/// Checks a registration and creates the candidate account.
pub async fn create_account(state: &AppState, reg: Registration) -> Result<User, AppError> {
    let checked = check_registration(state, reg).await?;
    state.db(move |conn| insert_candidate(conn, &checked)).await
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

/// Your own account, or any account for an admin. Anyone else gets 404, so ids do not leak.
pub async fn visible_account(state: &AppState, viewer: &AuthUser, id: String) -> Result<User, AppError> {
    if id != viewer.id() && viewer.role() != Role::Admin {
        return Err(AppError::not_found(format!("no account {id}")));
    }
    state
        .db(move |conn| User::find(conn, &id).or_not_found(|| format!("no account {id}")))
        .await
}

/// Admins change roles (the first admin is made from the command line).
pub async fn change_role(state: &AppState, viewer: &AuthUser, id: String, role: Role) -> Result<User, AppError> {
    if viewer.role() != Role::Admin {
        return Err(if id == viewer.id() {
            AppError::forbidden("only an admin changes roles")
        } else {
            AppError::not_found(format!("no account {id}"))
        });
    }
    let user = state
        .db(move |conn| {
            let user = User::find(conn, &id).or_not_found(|| format!("no account {id}"))?;
            Ok(User::set_role(conn, &user.email, role)?)
        })
        .await?;
    tracing::info!(user_id = %user.id, role = %role, "role changed");
    Ok(user)
}

/// Every account, for the admin's page.
pub async fn list_accounts(state: &AppState, viewer: &AuthUser, most: i64) -> Result<Vec<User>, AppError> {
    if viewer.role() != Role::Admin {
        return Err(AppError::forbidden("only an admin changes roles"));
    }
    state
        .db(move |conn| User::list(conn, most).map_err(AppError::from))
        .await
}
