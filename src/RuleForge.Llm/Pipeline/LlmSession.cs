using RuleForge.Core.Llm;
using RuleForge.Llm.Configuration;
using RuleForge.Llm.Costs;
using RuleForge.Llm.Metering;

namespace RuleForge.Llm.Pipeline;

/// <summary>A composed chat model with its usage meter and cost ledger; disposing it closes the record file, the HTTP client and whatever else it owns.</summary>
public sealed class LlmSession : IAsyncDisposable
{
    private readonly IReadOnlyList<object> _owned;

    internal LlmSession(IChatModel model, UsageMeter usage, CostLedger ledger, LlmSettings settings, IReadOnlyList<object> owned)
    {
        Model = model;
        Usage = usage;
        Ledger = ledger;
        Settings = settings;
        _owned = owned;
    }

    /// <summary>The full pipeline: record/replay → cache → ledger → resilience → provider, metered.</summary>
    public IChatModel Model { get; }

    /// <summary>Running totals of what <see cref="Model"/> did.</summary>
    public UsageMeter Usage { get; }

    public CostLedger Ledger { get; }

    public LlmSettings Settings { get; }

    public async ValueTask DisposeAsync()
    {
        foreach (var owned in _owned.Reverse())
        {
            switch (owned)
            {
                case IAsyncDisposable a:
                    await a.DisposeAsync();
                    break;
                case IDisposable d:
                    d.Dispose();
                    break;
            }
        }
    }
}
