-- The broken subscriptions, which every readiness page reads (PostgresChangeBotStore.Channels.cs): found by this
-- index instead of parsing every subscription (~150 ms at 10,000 channels under load). An expression index, not a
-- partial one: ANALYZE keeps statistics of the expression, so the planner knows how few rows are broken (with a
-- partial index it estimated 99.5 % of them and scanned the table, 1.6-1.9 ms against 0.05 ms).
CREATE INDEX subscriptions_broken ON subscriptions ((doc->>'brokenReason'));
