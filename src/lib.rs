//! apidojo: a self-hostable practice server and offline grader for API-design interviews.
//!
//! Layers, from the outside in: `cli` (every command; `serve` runs the `app`) -> `app` (the
//! server: routes and middleware) -> `api` (JSON handlers) and `web` (pages), two peers that
//! never import each other -> `service` (the domain operations both call) -> `state` (what every
//! request shares) -> `auth` (passwords, tokens, what a request presents) -> `db` (storage) ->
//! `drill` (spaced repetition over the question bank) -> `catalog` (exercises and rubrics, read into the grader's types) -> `grading` (pure CPU work on
//! an OpenAPI document). Each layer uses only the ones after it (`error`, `config`, `hashing`,
//! `markdown`, `metrics` and `telemetry` are small leaves any layer may use); `tests/layers.rs` keeps this true, and keeps
//! the files free of import circles.
//! Handlers never inspect OpenAPI; the grader never touches the database or HTTP.
pub mod api;
pub mod app;
pub mod auth;
pub mod catalog;
pub mod cli;
pub mod config;
pub mod db;
pub mod drill;
pub mod error;
pub mod grading;
pub mod hashing;
pub mod markdown;
pub mod metrics;
pub mod service;
pub mod state;
pub mod telemetry;
pub mod web;
