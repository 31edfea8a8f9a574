//! End-to-end tests: each test spawns the real server on a free port with a fresh database and
//! talks HTTP to it. Every test runs on SQLite, and on PostgreSQL too when
//! `APIDOJO_TEST_POSTGRES_URL` is set.
#[path = "../common/mod.rs"]
mod common;
mod helpers;

mod accounts;
mod cli;
mod coaches;
mod drills;
mod errors;
mod events;
mod health;
mod idempotency;
mod openapi;
mod pages_api;
pub mod practice;
mod sessions;
