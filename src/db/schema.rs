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
        ended_at -> Nullable<Timestamp>,
        model_answer_shown_at -> Nullable<Timestamp>,
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
        after_model_answer -> Bool,
        events_content -> Nullable<Text>,
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

diesel::table! {
    cohorts (id) {
        id -> Text,
        name -> Text,
        coach_id -> Text,
        created_at -> Timestamp,
    }
}

diesel::table! {
    cohort_invites (id) {
        id -> Text,
        cohort_id -> Text,
        code_sha256 -> Text,
        expires_at -> Timestamp,
        revoked_at -> Nullable<Timestamp>,
        created_by -> Text,
        created_at -> Timestamp,
    }
}

diesel::table! {
    cohort_members (cohort_id, user_id) {
        cohort_id -> Text,
        user_id -> Text,
        joined_at -> Timestamp,
        left_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    reviews (id) {
        id -> Text,
        submission_id -> Text,
        reviewer_id -> Text,
        comment -> Text,
        created_at -> Timestamp,
    }
}

diesel::table! {
    score_overrides (id) {
        id -> Text,
        submission_id -> Text,
        review_id -> Text,
        dimension -> Text,
        score -> Double,
        reason -> Text,
        created_by -> Text,
        created_at -> Timestamp,
    }
}

diesel::table! {
    audit_entries (id) {
        id -> Text,
        subject_type -> Text,
        subject_id -> Text,
        actor_id -> Text,
        action -> Text,
        field -> Text,
        old_value -> Nullable<Text>,
        new_value -> Nullable<Text>,
        reason -> Text,
        created_at -> Timestamp,
    }
}

diesel::table! {
    idempotency_records (scope, idem_key) {
        scope -> Text,
        idem_key -> Text,
        request_sha256 -> Text,
        status -> Integer,
        location -> Nullable<Text>,
        content_type -> Nullable<Text>,
        body -> Nullable<Text>,
        created_at -> Timestamp,
        claim_id -> Text,
    }
}

diesel::table! {
    sessions (id) {
        id -> Text,
        user_id -> Text,
        created_at -> Timestamp,
        expires_at -> Timestamp,
        revoked_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    attempt_drafts (attempt_id) {
        attempt_id -> Text,
        content -> Text,
        updated_at -> Timestamp,
        events_content -> Nullable<Text>,
    }
}

diesel::table! {
    review_line_comments (id) {
        id -> Text,
        review_id -> Text,
        line -> Integer,
        comment -> Text,
        created_at -> Timestamp,
        document -> Text,
    }
}

diesel::table! {
    drill_reviews (id) {
        id -> Text,
        user_id -> Text,
        question_id -> Text,
        rating -> Integer,
        answer -> Nullable<Text>,
        correct -> Nullable<Bool>,
        reviewed_at -> Timestamp,
    }
}

diesel::table! {
    drill_nudges (id) {
        id -> Text,
        user_id -> Text,
        question_id -> Text,
        reason -> Text,
        submission_id -> Nullable<Text>,
        created_at -> Timestamp,
    }
}

diesel::table! {
    drill_reveals (user_id, question_id) {
        user_id -> Text,
        question_id -> Text,
        revealed_at -> Timestamp,
    }
}

diesel::table! {
    drill_settings (user_id) {
        user_id -> Text,
        new_per_day -> Integer,
        updated_at -> Timestamp,
    }
}

diesel::joinable!(attempts -> users (user_id));
diesel::joinable!(submissions -> attempts (attempt_id));
diesel::joinable!(submission_scores -> submissions (submission_id));
diesel::joinable!(cohort_members -> cohorts (cohort_id));
diesel::joinable!(cohort_members -> users (user_id));
diesel::joinable!(reviews -> submissions (submission_id));
diesel::allow_tables_to_appear_in_same_query!(
    users,
    login_failures,
    attempts,
    submissions,
    submission_scores,
    rate_events,
    cohorts,
    cohort_invites,
    cohort_members,
    reviews,
    score_overrides,
    audit_entries,
    idempotency_records,
    sessions,
    attempt_drafts,
    review_line_comments,
    drill_reviews,
    drill_nudges,
    drill_reveals,
    drill_settings,
);
