// The tables, written by hand so one definition serves both backends (text ids, UTC timestamps).
diesel::table! {
    users (id) {
        id -> Text,
        email -> Text,
        display_name -> Text,
        password_hash -> Text,
        role -> Text,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    login_failures (id) {
        id -> Text,
        throttle_key -> Text,
        failed_at -> Timestamp,
    }
}

diesel::table! {
    attempts (id) {
        id -> Text,
        user_id -> Text,
        exercise_id -> Text,
        exercise_version -> Integer,
        started_at -> Timestamp,
        deadline_at -> Timestamp,
    }
}

diesel::table! {
    submissions (id) {
        id -> Text,
        attempt_id -> Text,
        user_id -> Text,
        exercise_id -> Text,
        exercise_version -> Integer,
        rubric_id -> Nullable<Text>,
        rubric_version -> Nullable<Integer>,
        content_type -> Text,
        content -> Text,
        content_sha256 -> Text,
        report -> Text,
        score -> Double,
        level -> Nullable<Text>,
        idempotency_key -> Nullable<Text>,
        submitted_at -> Timestamp,
    }
}

diesel::table! {
    submission_scores (submission_id, dimension) {
        submission_id -> Text,
        dimension -> Text,
        score -> Nullable<Double>,
        weight -> Double,
    }
}

diesel::table! {
    rate_events (id) {
        id -> Text,
        rate_key -> Text,
        at -> Timestamp,
    }
}

diesel::joinable!(attempts -> users (user_id));
diesel::joinable!(submissions -> attempts (attempt_id));
diesel::joinable!(submission_scores -> submissions (submission_id));
diesel::allow_tables_to_appear_in_same_query!(
    users,
    login_failures,
    attempts,
    submissions,
    submission_scores,
    rate_events
);
