-- The broken subscriptions, which every readiness page reads (PostgresChangeBotStore.Channels.cs): found by this
-- index instead of parsing every subscription (~150 ms at 10,000 channels under load); few rows are ever in it.
CREATE INDEX subscriptions_broken ON subscriptions (id) WHERE doc->>'brokenReason' IS NOT NULL;
