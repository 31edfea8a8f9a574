//! The API's route table. Each resource is declared once, as an [`Resource`]: its path, one
//! handler per method, and whether creating through it honours `Idempotency-Key`. The same
//! declaration registers the actix-web routes, answers any other method with 405 and an `Allow`
//! header naming the declared ones, and lists the routes in `api::table`, which the contract test
//! compares with `openapi.yaml`. A route cannot be served without being in the table.
use actix_web::http::Method;
use actix_web::middleware::from_fn;
use actix_web::{web, FromRequest, Handler, HttpRequest, HttpResponse, Responder};

use super::idempotency;
use crate::error::AppError;

/// One method on one path, as the API description writes it (`/v1/attempts/{attempt_id}`).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Endpoint {
    pub method: String,
    pub path: String,
}

/// Where resources go: an actix-web configuration, or only the table.
pub struct Routes<'a> {
    cfg: Option<&'a mut web::ServiceConfig>,
    prefix: &'static str,
    table: Vec<Endpoint>,
}

impl<'a> Routes<'a> {
    /// Registers resources on `cfg`, which is mounted at `prefix` (`""` or `"/v1"`).
    pub fn serving(cfg: &'a mut web::ServiceConfig, prefix: &'static str) -> Self {
        Routes {
            cfg: Some(cfg),
            prefix,
            table: Vec::new(),
        }
    }

    /// Only lists the resources (for [`crate::api::table`]), mounted at `prefix`.
    pub fn listing(prefix: &'static str) -> Self {
        Routes {
            cfg: None,
            prefix,
            table: Vec::new(),
        }
    }

    /// The routes added so far.
    pub fn into_table(self) -> Vec<Endpoint> {
        self.table
    }

    pub fn add(&mut self, resource: Resource) -> &mut Self {
        self.table.extend(resource.routes.iter().map(|(method, _)| Endpoint {
            method: method.to_string(),
            path: format!("{}{}", self.prefix, resource.path),
        }));
        if let Some(cfg) = self.cfg.as_deref_mut() {
            resource.register(cfg);
        }
        self
    }
}

/// A path and the handlers of its methods.
pub struct Resource {
    path: &'static str,
    routes: Vec<(Method, actix_web::Route)>,
    idempotent: Option<Caller>,
}

/// Who may create through an idempotent resource.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Caller {
    SignedIn,
    Anyone,
}

/// The order methods are named in an `Allow` header.
const METHOD_ORDER: [Method; 5] = [Method::GET, Method::POST, Method::PUT, Method::PATCH, Method::DELETE];

macro_rules! method {
    ($name:ident, $method:ident, $route:ident) => {
        pub fn $name<F, Args>(self, handler: F) -> Self
        where
            F: Handler<Args>,
            Args: FromRequest + 'static,
            F::Output: Responder + 'static,
        {
            self.with(Method::$method, web::$route().to(handler))
        }
    };
}

impl Resource {
    pub fn new(path: &'static str) -> Self {
        Resource {
            path,
            routes: Vec::new(),
            idempotent: None,
        }
    }

    /// A POST here creates something for a signed-in user: a repeated `Idempotency-Key` replays
    /// the first reply, to that user only.
    pub fn idempotent(mut self) -> Self {
        self.idempotent = Some(Caller::SignedIn);
        self
    }

    /// [`Resource::idempotent`] where anyone may create (registering an account).
    pub fn idempotent_for_anyone(mut self) -> Self {
        self.idempotent = Some(Caller::Anyone);
        self
    }

    method!(get, GET, get);
    method!(post, POST, post);
    method!(put, PUT, put);
    method!(patch, PATCH, patch);
    method!(delete, DELETE, delete);

    fn with(mut self, method: Method, route: actix_web::Route) -> Self {
        assert!(
            self.routes.iter().all(|(m, _)| *m != method),
            "{} {} is declared twice",
            method,
            self.path
        );
        self.routes.push((method, route));
        self
    }

    fn allow(&self) -> String {
        METHOD_ORDER
            .iter()
            .filter(|m| self.routes.iter().any(|(r, _)| r == *m))
            .map(Method::as_str)
            .collect::<Vec<_>>()
            .join(", ")
    }

    fn register(self, cfg: &mut web::ServiceConfig) {
        let allow = self.allow();
        let mut resource = web::resource(self.path);
        for (_, route) in self.routes {
            resource = resource.route(route);
        }
        let resource = resource.default_service(web::to(move |req: HttpRequest| {
            let allowed = allow.clone();
            async move { method_not_allowed(&req, allowed) }
        }));
        match self.idempotent {
            Some(Caller::SignedIn) => cfg.service(resource.wrap(from_fn(idempotency::signed_in_idempotent_posts))),
            Some(Caller::Anyone) => cfg.service(resource.wrap(from_fn(idempotency::idempotent_posts))),
            None => cfg.service(resource),
        };
    }
}

/// The default service of a resource: 405 naming the methods it does allow.
fn method_not_allowed(req: &HttpRequest, allowed: String) -> Result<HttpResponse, AppError> {
    Err(AppError::MethodNotAllowed {
        method: req.method().to_string(),
        allowed,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn allow_names_methods_in_a_fixed_order() {
        async fn ok() -> HttpResponse {
            HttpResponse::Ok().finish()
        }
        let r = Resource::new("/x").delete(ok).post(ok).get(ok);
        assert_eq!(r.allow(), "GET, POST, DELETE");
    }
}
