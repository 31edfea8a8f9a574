use reqwest::StatusCode;

use crate::helpers::TestApp;
use crate::on_both_backends;

async fn healthz_and_readyz_answer(app: TestApp) {
    let r = app.get("/healthz", None).await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(r.json()["status"], "ok");
    let r = app.get("/readyz", None).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(r.json()["status"], "ready");
}

on_both_backends!(healthz_and_readyz_answer,);
