//! Who may read whose work. A denied read is a 404 everywhere, so ids of other people's attempts
//! and submissions never leak through a 403.
use crate::auth::AuthUser;
use crate::db::users::Role;
use crate::db::DbConn;

/// The owner and admins may read a user's attempts and submissions.
pub fn can_view_work(
    _conn: &mut DbConn,
    viewer: &AuthUser,
    owner_id: &str,
) -> diesel::QueryResult<bool> {
    Ok(viewer.id() == owner_id || viewer.role() == Role::Admin)
}
