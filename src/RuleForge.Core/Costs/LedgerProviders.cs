namespace RuleForge.Core.Costs;

/// <summary>Provider names the ledger uses besides the model APIs' own (<c>openai</c>, <c>anthropic</c>).</summary>
public static class LedgerProviders
{
    /// <summary>Calls of HTTP API ingestion sources; the model key is the source id.</summary>
    public const string Http = "http";

    /// <summary>The provider key an entry is shown under: <c>http:&lt;source&gt;</c> or <c>openai:&lt;model&gt;</c>.</summary>
    public static string Key(string provider, string model) => provider + ":" + model;
}
