using RuleForge.Storage.Database;

namespace RuleForge.Storage.Llm;

/// <summary>
/// Tables of the LLM layer: the cost ledger (one row per call: a hold, then its charge; model calls, API sources' calls
/// under provider <c>http</c>, and free replayed/cached replies by <c>kind</c>), the running sums of its settled calls per
/// (provider, model) — overall, per UTC day, run and batch, so admitting a call does not read every call ever made —
/// and the response cache.
/// </summary>
public static class LlmSchema
{
    public const string Area = "llm";

    public static IReadOnlyList<Migration> For(DatabaseKind kind) => kind == DatabaseKind.Sqlite
        ?
        [
            new(1, """
                CREATE TABLE IF NOT EXISTS llm_ledger (
                  id TEXT NOT NULL PRIMARY KEY, provider TEXT NOT NULL, model TEXT NOT NULL, run_id TEXT, batch_id TEXT,
                  settled INTEGER NOT NULL, at_ticks INTEGER NOT NULL, expires_ticks INTEGER NOT NULL,
                  prompt_tokens INTEGER NOT NULL, completion_tokens INTEGER NOT NULL, cost_nano_usd INTEGER NOT NULL);
                CREATE INDEX IF NOT EXISTS ix_llm_ledger_at ON llm_ledger (at_ticks);
                CREATE INDEX IF NOT EXISTS ix_llm_ledger_run ON llm_ledger (run_id);
                CREATE INDEX IF NOT EXISTS ix_llm_ledger_batch ON llm_ledger (batch_id);
                CREATE TABLE IF NOT EXISTS llm_cache (
                  cache_key TEXT NOT NULL PRIMARY KEY, provider TEXT NOT NULL, model TEXT NOT NULL, response_json TEXT NOT NULL,
                  created_ticks INTEGER NOT NULL, expires_ticks INTEGER NOT NULL, hits INTEGER NOT NULL)
                """),
            new(2, """
                ALTER TABLE llm_ledger ADD COLUMN bytes INTEGER NOT NULL DEFAULT 0;
                ALTER TABLE llm_ledger ADD COLUMN kind TEXT NOT NULL DEFAULT 'call';
                CREATE INDEX IF NOT EXISTS ix_llm_ledger_key ON llm_ledger (provider, model)
                """),
            new(3, """
                CREATE TABLE IF NOT EXISTS llm_ledger_sums (
                  scope TEXT NOT NULL, key TEXT NOT NULL, provider TEXT NOT NULL, model TEXT NOT NULL, day INTEGER NOT NULL,
                  cost_nano_usd INTEGER NOT NULL, prompt_tokens INTEGER NOT NULL, completion_tokens INTEGER NOT NULL,
                  bytes INTEGER NOT NULL, requests INTEGER NOT NULL, PRIMARY KEY (scope, key, provider, model));
                CREATE INDEX IF NOT EXISTS ix_llm_ledger_open ON llm_ledger (settled, expires_ticks);
                CREATE INDEX IF NOT EXISTS ix_llm_ledger_at_live ON llm_ledger (at_ticks, settled, expires_ticks, kind, provider, model);
                INSERT INTO llm_ledger_sums SELECT 'total', '', provider, model, 0, SUM(cost_nano_usd), SUM(prompt_tokens), SUM(completion_tokens), SUM(bytes), COUNT(*) FROM llm_ledger WHERE settled = 1 AND kind = 'call' GROUP BY provider, model;
                INSERT INTO llm_ledger_sums SELECT 'day', CAST(at_ticks / 864000000000 AS TEXT), provider, model, at_ticks / 864000000000, SUM(cost_nano_usd), SUM(prompt_tokens), SUM(completion_tokens), SUM(bytes), COUNT(*) FROM llm_ledger WHERE settled = 1 AND kind = 'call' GROUP BY at_ticks / 864000000000, provider, model;
                INSERT INTO llm_ledger_sums SELECT 'run', run_id, provider, model, 0, SUM(cost_nano_usd), SUM(prompt_tokens), SUM(completion_tokens), SUM(bytes), COUNT(*) FROM llm_ledger WHERE settled = 1 AND kind = 'call' AND run_id IS NOT NULL GROUP BY run_id, provider, model;
                INSERT INTO llm_ledger_sums SELECT 'batch', batch_id, provider, model, 0, SUM(cost_nano_usd), SUM(prompt_tokens), SUM(completion_tokens), SUM(bytes), COUNT(*) FROM llm_ledger WHERE settled = 1 AND kind = 'call' AND batch_id IS NOT NULL GROUP BY batch_id, provider, model
                """),
        ]
        :
        [
            new(1, """
                CREATE TABLE IF NOT EXISTS llm_ledger (
                  id text NOT NULL PRIMARY KEY, provider text NOT NULL, model text NOT NULL, run_id text, batch_id text,
                  settled boolean NOT NULL, at_ticks bigint NOT NULL, expires_ticks bigint NOT NULL,
                  prompt_tokens bigint NOT NULL, completion_tokens bigint NOT NULL, cost_nano_usd bigint NOT NULL);
                CREATE INDEX IF NOT EXISTS ix_llm_ledger_at ON llm_ledger (at_ticks);
                CREATE INDEX IF NOT EXISTS ix_llm_ledger_run ON llm_ledger (run_id);
                CREATE INDEX IF NOT EXISTS ix_llm_ledger_batch ON llm_ledger (batch_id);
                CREATE TABLE IF NOT EXISTS llm_cache (
                  cache_key text NOT NULL PRIMARY KEY, provider text NOT NULL, model text NOT NULL, response_json text NOT NULL,
                  created_ticks bigint NOT NULL, expires_ticks bigint NOT NULL, hits bigint NOT NULL)
                """),
            new(2, """
                ALTER TABLE llm_ledger ADD COLUMN IF NOT EXISTS bytes bigint NOT NULL DEFAULT 0;
                ALTER TABLE llm_ledger ADD COLUMN IF NOT EXISTS kind text NOT NULL DEFAULT 'call';
                CREATE INDEX IF NOT EXISTS ix_llm_ledger_key ON llm_ledger (provider, model)
                """),
            new(3, """
                CREATE TABLE IF NOT EXISTS llm_ledger_sums (
                  scope text NOT NULL, key text NOT NULL, provider text NOT NULL, model text NOT NULL, day bigint NOT NULL,
                  cost_nano_usd bigint NOT NULL, prompt_tokens bigint NOT NULL, completion_tokens bigint NOT NULL,
                  bytes bigint NOT NULL, requests bigint NOT NULL, PRIMARY KEY (scope, key, provider, model));
                CREATE INDEX IF NOT EXISTS ix_llm_ledger_open ON llm_ledger (settled, expires_ticks);
                CREATE INDEX IF NOT EXISTS ix_llm_ledger_at_live ON llm_ledger (at_ticks, settled, expires_ticks, kind, provider, model);
                INSERT INTO llm_ledger_sums SELECT 'total', '', provider, model, 0, SUM(cost_nano_usd), SUM(prompt_tokens), SUM(completion_tokens), SUM(bytes), COUNT(*) FROM llm_ledger WHERE settled AND kind = 'call' GROUP BY provider, model;
                INSERT INTO llm_ledger_sums SELECT 'day', CAST(at_ticks / 864000000000 AS text), provider, model, at_ticks / 864000000000, SUM(cost_nano_usd), SUM(prompt_tokens), SUM(completion_tokens), SUM(bytes), COUNT(*) FROM llm_ledger WHERE settled AND kind = 'call' GROUP BY at_ticks / 864000000000, provider, model;
                INSERT INTO llm_ledger_sums SELECT 'run', run_id, provider, model, 0, SUM(cost_nano_usd), SUM(prompt_tokens), SUM(completion_tokens), SUM(bytes), COUNT(*) FROM llm_ledger WHERE settled AND kind = 'call' AND run_id IS NOT NULL GROUP BY run_id, provider, model;
                INSERT INTO llm_ledger_sums SELECT 'batch', batch_id, provider, model, 0, SUM(cost_nano_usd), SUM(prompt_tokens), SUM(completion_tokens), SUM(bytes), COUNT(*) FROM llm_ledger WHERE settled AND kind = 'call' AND batch_id IS NOT NULL GROUP BY batch_id, provider, model
                """),
        ];
}
