-- boxoffice 0005: scheduled sales, a fair pre-queue and live line controls.
--
-- A token may be PRE_QUEUED: it entered before its concert's sale opened and
-- has no place yet; the first admit tick at or after the opening shuffles
-- every pre-queued token of the concert into line, ahead of everyone who
-- entered after the opening. A line keeps its sale window, whether that
-- shuffle ran, and the operator's controls (pause, per-concert limits), read
-- by every process at its next call. Existing lines get no window (on sale),
-- unpaused, with the policy's limits: the defaults below rewrite no row.

ALTER TABLE queue_tokens DROP CONSTRAINT queue_tokens_status_known;
ALTER TABLE queue_tokens
  ADD CONSTRAINT queue_tokens_status_known CHECK (status IN ('PRE_QUEUED', 'WAITING', 'ACTIVE'));

ALTER TABLE queue_lines
  ADD COLUMN sales_open_at  timestamptz,
  ADD COLUMN sales_close_at timestamptz,
  ADD COLUMN opened         boolean NOT NULL DEFAULT false,
  ADD COLUMN paused         boolean NOT NULL DEFAULT false,
  ADD COLUMN max_active     integer,
  ADD COLUMN admit_per_tick integer,
  ADD CONSTRAINT queue_lines_window_ordered CHECK (sales_close_at IS NULL OR sales_close_at > sales_open_at),
  ADD CONSTRAINT queue_lines_limits_positive CHECK (coalesce(max_active, 1) > 0 AND coalesce(admit_per_tick, 1) > 0);
