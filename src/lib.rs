//! apidojo: a self-hostable practice server and offline grader for API-design interviews.
//!
//! Layers, from the outside in: `cli` (every subcommand; `serve` runs the `app`), then `api` (JSON
//! handlers) and `web` (pages) -> `auth` / `db` (accounts, storage) -> `catalog` (exercises and
//! rubrics, read into the grader's types) -> `grading` (pure CPU work on an OpenAPI document).
//! Each layer uses only the ones after it.
//! Handlers never inspect OpenAPI; the grader never touches the database or HTTP.
pub mod api;
pub mod app;
pub mod auth;
pub mod catalog;
pub mod cli;
pub mod config;
pub mod db;
pub mod error;
pub mod grading;
pub mod hashing;
pub mod state;
pub mod telemetry;
pub mod web;
