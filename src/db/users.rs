//! Accounts: `User` (a row), `NewUser` (an insert), and the queries on them.
use chrono::NaiveDateTime;
use diesel::prelude::*;
use diesel::result::{DatabaseErrorKind, Error as DieselError};

use super::schema::users;
use super::DbConn;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    Candidate,
    Coach,
    Admin,
}

impl Role {
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Candidate => "candidate",
            Role::Coach => "coach",
            Role::Admin => "admin",
        }
    }
}

impl std::str::FromStr for Role {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "candidate" => Ok(Role::Candidate),
            "coach" => Ok(Role::Coach),
            "admin" => Ok(Role::Admin),
            other => Err(format!("unknown role {other:?}: use candidate, coach or admin")),
        }
    }
}

impl std::fmt::Display for Role {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = users)]
pub struct User {
    pub id: String,
    pub email: String,
    pub display_name: String,
    pub password_hash: String,
    role: String,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

impl User {
    /// Rows only ever hold roles written through [`Role::as_str`]; an unknown one (a hand-edited
    /// row) gets the least privilege.
    pub fn role(&self) -> Role {
        self.role.parse().unwrap_or(Role::Candidate)
    }
}

#[derive(Debug, Insertable)]
#[diesel(table_name = users)]
pub struct NewUser<'a> {
    pub id: String,
    pub email: String,
    pub display_name: &'a str,
    pub password_hash: &'a str,
    pub role: &'a str,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

impl<'a> NewUser<'a> {
    pub fn new(email: &str, display_name: &'a str, password_hash: &'a str, role: Role) -> Self {
        let now = super::now();
        Self {
            id: uuid::Uuid::new_v4().to_string(),
            email: normalize_email(email),
            display_name,
            password_hash,
            role: role.as_str(),
            created_at: now,
            updated_at: now,
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum CreateUserError {
    #[error("an account with this email already exists")]
    EmailTaken,
    #[error(transparent)]
    Database(#[from] DieselError),
}

/// Emails are unique regardless of case: `Ada@Example.com` and `ada@example.com` are one account.
pub fn normalize_email(email: &str) -> String {
    email.trim().to_lowercase()
}

impl User {
    pub fn create(conn: &mut DbConn, new: &NewUser<'_>) -> Result<User, CreateUserError> {
        match diesel::insert_into(users::table).values(new).execute(conn) {
            Ok(_) => Ok(User::find(conn, &new.id)?),
            Err(DieselError::DatabaseError(DatabaseErrorKind::UniqueViolation, _)) => Err(CreateUserError::EmailTaken),
            Err(e) => Err(e.into()),
        }
    }

    pub fn find(conn: &mut DbConn, id: &str) -> QueryResult<User> {
        users::table.find(id).select(User::as_select()).first(conn)
    }

    pub fn find_by_email(conn: &mut DbConn, email: &str) -> QueryResult<Option<User>> {
        users::table
            .filter(users::email.eq(normalize_email(email)))
            .select(User::as_select())
            .first(conn)
            .optional()
    }

    /// Returns the updated user, or `NotFound` when no account has that email.
    /// Every account, oldest first, at most `limit`.
    pub fn list(conn: &mut DbConn, limit: i64) -> QueryResult<Vec<User>> {
        users::table
            .order((users::created_at.asc(), users::id.asc()))
            .select(User::as_select())
            .limit(limit)
            .load(conn)
    }

    /// `(id, display name)` of some accounts, for showing names instead of ids.
    pub fn names(conn: &mut DbConn, ids: &[String]) -> QueryResult<Vec<(String, String)>> {
        users::table
            .filter(users::id.eq_any(ids))
            .select((users::id, users::display_name))
            .load(conn)
    }

    pub fn set_password_hash(conn: &mut DbConn, id: &str, hash: &str) -> QueryResult<usize> {
        diesel::update(users::table.find(id))
            .set((users::password_hash.eq(hash), users::updated_at.eq(super::now())))
            .execute(conn)
    }

    pub fn set_role(conn: &mut DbConn, email: &str, role: Role) -> QueryResult<User> {
        let n = diesel::update(users::table.filter(users::email.eq(normalize_email(email))))
            .set((users::role.eq(role.as_str()), users::updated_at.eq(super::now())))
            .execute(conn)?;
        if n == 0 {
            return Err(DieselError::NotFound);
        }
        User::find_by_email(conn, email)?.ok_or(DieselError::NotFound)
    }
}
