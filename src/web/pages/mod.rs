//! One small struct per page, one handler per route; each file a part of the site.
mod account;
mod catalog;
mod coach;
mod drills;
mod practice;

use actix_web::web;

pub fn routes(cfg: &mut web::ServiceConfig) {
    catalog::routes(cfg);
    account::routes(cfg);
    practice::routes(cfg);
    coach::routes(cfg);
    drills::routes(cfg);
}
