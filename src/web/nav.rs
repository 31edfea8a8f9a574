//! What the navigation bar of every page knows about the viewer, and where the site's style and
//! icon are.
use crate::auth::AuthUser;
use crate::db::users::Role;
use crate::state::AppState;

/// What the navigation bar needs to know about the viewer.
pub struct Nav {
    pub user: Option<NavUser>,
    /// The page does not know who is looking (an error page): it offers neither log-in nor
    /// sign-up, which a signed-in viewer would not need, but the way to their work.
    pub viewer_unknown: bool,
    pub css: &'static str,
    pub icon: &'static str,
}

pub struct NavUser {
    pub name: String,
    pub is_coach: bool,
    pub is_admin: bool,
    pub csrf: String,
}

impl Nav {
    /// The navigation of a page shown to no one in particular (an error about the session).
    pub fn nobody() -> Nav {
        Nav {
            user: None,
            viewer_unknown: true,
            css: super::statics::url("style.css"),
            icon: super::statics::url("icon.svg"),
        }
    }

    pub fn new(state: &AppState, viewer: Option<&AuthUser>) -> Nav {
        Nav {
            user: viewer.map(|u| NavUser {
                name: u.0.display_name.clone(),
                is_coach: matches!(u.role(), Role::Coach | Role::Admin),
                is_admin: u.role() == Role::Admin,
                csrf: state.keys.csrf_token(u.session_id()),
            }),
            viewer_unknown: false,
            css: super::statics::url("style.css"),
            icon: super::statics::url("icon.svg"),
        }
    }

    /// The CSRF token for forms on this page ("" when signed out).
    pub fn csrf(&self) -> &str {
        self.user.as_ref().map_or("", |u| u.csrf.as_str())
    }
}
