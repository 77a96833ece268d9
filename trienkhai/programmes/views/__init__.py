"""Programme pages, split by noun: `programmes` (programmes, their structure, the
matrix and roadmap), `tasks` (task lists, a task, its delegation and progress), `plans`
(a lower unit's implementing plan)."""
