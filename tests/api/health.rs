use reqwest::StatusCode;

use crate::helpers::TestApp;
use crate::on_both_backends;

async fn healthz_and_readyz_answer(app: TestApp) {
    let visitor = app.anonymous();
    let r = visitor.get("/healthz").await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(r.json()["status"], "ok");
    let r = visitor.get("/readyz").await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(r.json()["status"], "ready");
}

on_both_backends!(healthz_and_readyz_answer,);
