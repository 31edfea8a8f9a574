//! The JSON API: one file (or folder) of handlers per resource. A handler translates HTTP to a
//! call of the domain layer (`service`) and its answer back to HTTP, nothing more; it never
//! inspects OpenAPI documents and never imports another handler module. What handlers share
//! lives beside them: the route table (`routes`), input in the API's words (`body`, `query`),
//! pagination, idempotency, the signed-in-user extractor (`extract`) and shared views.
pub mod accounts;
pub mod attempts;
pub mod body;
pub mod cohorts;
pub mod drills;
pub mod exercises;
pub mod extract;
pub mod health;
pub mod idempotency;
pub mod openapi;
pub mod pagination;
pub mod query;
pub mod reviews;
pub mod routes;
pub mod sessions;
pub mod submissions;
pub mod views;

use routes::{Endpoint, Routes};

/// The health checks, at the root.
pub fn root_routes(routes: &mut Routes) {
    health::routes(routes);
}

/// Everything under `/v1`.
pub fn routes(routes: &mut Routes) {
    accounts::routes(routes);
    sessions::routes(routes);
    exercises::routes(routes);
    attempts::routes(routes);
    submissions::routes(routes);
    cohorts::routes(routes);
    reviews::routes(routes);
    drills::routes(routes);
    openapi::routes(routes);
}

/// Every route the API serves: the health checks at the root and everything under `/v1`.
pub fn table() -> Vec<Endpoint> {
    let mut root = Routes::listing("");
    root_routes(&mut root);
    let mut v1 = Routes::listing("/v1");
    routes(&mut v1);
    let mut all = root.into_table();
    all.extend(v1.into_table());
    all
}

#[cfg(test)]
mod tests {
    use super::routes::Endpoint;

    #[test]
    fn the_table_lists_each_method_once_with_its_prefix() {
        let table = super::table();
        assert!(table.contains(&Endpoint {
            method: "GET".into(),
            path: "/healthz".into()
        }));
        assert!(table.contains(&Endpoint {
            method: "POST".into(),
            path: "/v1/attempts/{attempt_id}/submissions".into()
        }));
        let mut sorted = table.clone();
        sorted.sort();
        sorted.dedup();
        assert_eq!(sorted.len(), table.len(), "a route is declared twice");
    }
}
