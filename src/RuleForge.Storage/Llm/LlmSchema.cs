using RuleForge.Storage.Database;

namespace RuleForge.Storage.Llm;

/// <summary>
/// Tables of the LLM layer: the cost ledger (one row per call: a hold, then its charge), its running sums of settled
/// charges (overall, per UTC day, per run, per batch: admitting a call reads these instead of every call ever made)
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
                CREATE TABLE IF NOT EXISTS llm_ledger_sums (
                  scope TEXT NOT NULL, key TEXT NOT NULL, day INTEGER NOT NULL, cost_nano_usd INTEGER NOT NULL,
                  prompt_tokens INTEGER NOT NULL, completion_tokens INTEGER NOT NULL, requests INTEGER NOT NULL, PRIMARY KEY (scope, key));
                CREATE INDEX IF NOT EXISTS ix_llm_ledger_open ON llm_ledger (settled, expires_ticks);
                CREATE INDEX IF NOT EXISTS ix_llm_ledger_at_live ON llm_ledger (at_ticks, settled, expires_ticks);
                INSERT INTO llm_ledger_sums SELECT 'total', '', 0, SUM(cost_nano_usd), SUM(prompt_tokens), SUM(completion_tokens), COUNT(*) FROM llm_ledger WHERE settled = 1 HAVING COUNT(*) > 0;
                INSERT INTO llm_ledger_sums SELECT 'day', CAST(at_ticks / 864000000000 AS TEXT), at_ticks / 864000000000, SUM(cost_nano_usd), SUM(prompt_tokens), SUM(completion_tokens), COUNT(*) FROM llm_ledger WHERE settled = 1 GROUP BY at_ticks / 864000000000;
                INSERT INTO llm_ledger_sums SELECT 'run', run_id, 0, SUM(cost_nano_usd), SUM(prompt_tokens), SUM(completion_tokens), COUNT(*) FROM llm_ledger WHERE settled = 1 AND run_id IS NOT NULL GROUP BY run_id;
                INSERT INTO llm_ledger_sums SELECT 'batch', batch_id, 0, SUM(cost_nano_usd), SUM(prompt_tokens), SUM(completion_tokens), COUNT(*) FROM llm_ledger WHERE settled = 1 AND batch_id IS NOT NULL GROUP BY batch_id;
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
                CREATE TABLE IF NOT EXISTS llm_ledger_sums (
                  scope text NOT NULL, key text NOT NULL, day bigint NOT NULL, cost_nano_usd bigint NOT NULL,
                  prompt_tokens bigint NOT NULL, completion_tokens bigint NOT NULL, requests bigint NOT NULL, PRIMARY KEY (scope, key));
                CREATE INDEX IF NOT EXISTS ix_llm_ledger_open ON llm_ledger (settled, expires_ticks);
                CREATE INDEX IF NOT EXISTS ix_llm_ledger_at_live ON llm_ledger (at_ticks, settled, expires_ticks);
                INSERT INTO llm_ledger_sums SELECT 'total', '', 0, SUM(cost_nano_usd), SUM(prompt_tokens), SUM(completion_tokens), COUNT(*) FROM llm_ledger WHERE settled HAVING COUNT(*) > 0;
                INSERT INTO llm_ledger_sums SELECT 'day', CAST(at_ticks / 864000000000 AS text), at_ticks / 864000000000, SUM(cost_nano_usd), SUM(prompt_tokens), SUM(completion_tokens), COUNT(*) FROM llm_ledger WHERE settled GROUP BY at_ticks / 864000000000;
                INSERT INTO llm_ledger_sums SELECT 'run', run_id, 0, SUM(cost_nano_usd), SUM(prompt_tokens), SUM(completion_tokens), COUNT(*) FROM llm_ledger WHERE settled AND run_id IS NOT NULL GROUP BY run_id;
                INSERT INTO llm_ledger_sums SELECT 'batch', batch_id, 0, SUM(cost_nano_usd), SUM(prompt_tokens), SUM(completion_tokens), COUNT(*) FROM llm_ledger WHERE settled AND batch_id IS NOT NULL GROUP BY batch_id;
                """),
        ];
}
