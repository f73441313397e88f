-- TCA sessions (docs/README.md §TCA): the figures of a session count what happened from its start; the newest is current.
CREATE TABLE tca_sessions (
    id              text        PRIMARY KEY,
    started_at      timestamptz NOT NULL,
    starting_equity numeric     NOT NULL CHECK (starting_equity > 0),
    created_at      timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX tca_sessions_started ON tca_sessions (started_at);
CREATE INDEX fills_filled_at ON fills (filled_at);
