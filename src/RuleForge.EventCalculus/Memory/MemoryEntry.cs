namespace RuleForge.EventCalculus.Memory;

/// <summary>The best accepted definition of one fluent in one domain, as the rule knowledge base keeps it.</summary>
public sealed record MemoryEntry(
    string Domain,
    string Fluent,
    string Definition,
    double Score,
    string? RunId,
    int? Iteration,
    string? Model,
    string RuleId,
    int Version,
    DateTimeOffset UpdatedAt);
