DROP TABLE drill_settings;
DROP TABLE drill_reveals;
DROP TABLE drill_nudges;
DROP TABLE drill_reviews;
