using RuleForge.Tabular.Induction;

namespace RuleForge.Tabular.Loop;

/// <summary>What a generator factory gets: learner settings, free-form settings (model, prompt…) and services (e.g. a chat model).</summary>
public sealed record TabularGeneratorContext
{
    public RipperOptions Ripper { get; init; } = new();

    public IReadOnlyDictionary<string, string> Settings { get; init; } = new Dictionary<string, string>();

    /// <summary>Services a generator may need, by type (e.g. an IChatModel); null when absent.</summary>
    public IServiceProvider? Services { get; init; }

    public TimeProvider Time { get; init; } = TimeProvider.System;
}
