-- Conversations by the group they belong to (a Teams team's channels), so the bot leaving a team reaches
-- its channels with one indexed query instead of reading every conversation.
CREATE INDEX conversations_by_group ON conversations ((doc->>'group'), address_key) WHERE doc->>'group' IS NOT NULL;
