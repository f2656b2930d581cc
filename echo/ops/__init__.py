"""Running in production: readiness (/readyz), Prometheus metrics (/metrics), request ids and
JSON logs (docs/deployment.md, "Operations"). The process-is-up check, /healthz, is main's."""
