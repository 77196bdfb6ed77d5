//! Pure functions over the model: mentions of actors and issues in texts, aggregation of positions,
//! inter-coder agreement and forecasts. No UI, no files.

pub mod adjudication;
pub mod aggregate;
pub mod agreement;
pub mod article_filter;
pub mod candidates;
pub mod find;
pub mod forecast;
pub mod mentions;
pub mod suggest;
pub mod team_status;
