-- Event ids are forgotten once Slack no longer retries them (ProcessedEventsExpiry, daily): find old ones by time.
CREATE INDEX processed_events_by_time ON processed_events (at_ticks);
