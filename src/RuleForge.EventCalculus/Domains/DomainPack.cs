namespace RuleForge.EventCalculus.Domains;

/// <summary>
/// What a model needs to know to write activity definitions for one application: the input vocabulary, background
/// predicates, the catalogue of activities with their dependency graph, and worked examples.
/// </summary>
public sealed record DomainPack
{
    public required string Name { get; init; }

    public string Title { get; init; } = "";

    public string Description { get; init; } = "";

    public IReadOnlyList<Declaration> Events { get; init; } = [];

    public IReadOnlyList<Declaration> Fluents { get; init; } = [];

    public IReadOnlyList<Declaration> Background { get; init; } = [];

    public IReadOnlyList<ActivitySpec> Activities { get; init; } = [];

    /// <summary>Worked examples (Markdown with Prolog blocks), shown in the prompt.</summary>
    public string Examples { get; init; } = "";

    /// <summary>Where the pack was read from (a folder, or <c>built-in</c>).</summary>
    public string Source { get; init; } = "built-in";

    /// <summary>The activity named <paramref name="name"/>, or null.</summary>
    public ActivitySpec? Activity(string name) => Activities.FirstOrDefault(a => a.Name == name);

    /// <summary>The dependency graph over the catalogue.</summary>
    public DependencyGraph Graph => new(Activities);
}
