-- Transactional outbox table, same shape as the services' migrations
-- (which use CREATE TABLE IF NOT EXISTS too). Debezium streams INSERTs only.
-- Schema-relative: run with the search_path set to the service's schema
-- (scripts/stack/connectors.sh runs it once per schema its connector file lists).
CREATE TABLE IF NOT EXISTS outbox (
  id uuid PRIMARY KEY,
  aggregatetype varchar(255) NOT NULL,
  aggregateid varchar(255) NOT NULL,
  type varchar(255) NOT NULL,
  payload jsonb NOT NULL,
  correlation_id varchar(255),
  causation_id varchar(255),
  saga_id varchar(255),
  traceparent varchar(255),
  created_at timestamptz NOT NULL DEFAULT now()
);
