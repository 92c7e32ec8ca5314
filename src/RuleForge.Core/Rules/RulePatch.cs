using RuleForge.Core.Errors;
using RuleForge.Core.Serialization;

namespace RuleForge.Core.Rules;

/// <summary>
/// Any subset of a rule's fields, to make the next version from the latest. Bookkeeping fields (<c>version</c>,
/// <c>createdAt</c>, <c>updatedAt</c>, <c>deleted</c>) are accepted so a shown rule can be edited and sent back, but are
/// ignored; <c>id</c>, when present, must name the rule being updated.
/// </summary>
public sealed record RulePatch
{
    public string? Id { get; init; }

    public int? Version { get; init; }

    public string? Name { get; init; }

    public string? Description { get; init; }

    public string? Domain { get; init; }

    public RuleBody? Body { get; init; }

    public RuleStatus? Status { get; init; }

    public bool? Deleted { get; init; }

    public RuleSource? Source { get; init; }

    public IReadOnlyList<string>? Tags { get; init; }

    public Provenance? Provenance { get; init; }

    public IReadOnlyDictionary<string, double>? Metrics { get; init; }

    public DateTimeOffset? CreatedAt { get; init; }

    public DateTimeOffset? UpdatedAt { get; init; }

    /// <summary>Reads a patch file; unknown fields and wrong types are reported with the source and field.</summary>
    public static RulePatch Parse(string json, string source) => CanonicalJson.Deserialize<RulePatch>(json, source);

    /// <summary>The next version's content: <paramref name="current"/> with this patch's fields replaced (version and timestamps are the store's to set).</summary>
    public Rule ApplyTo(Rule current)
    {
        ArgumentNullException.ThrowIfNull(current);
        if (Id is not null && Id != current.Id)
        {
            throw new InputException($"the patch's field 'id' is '{Id}' but the rule being updated is '{current.Id}'");
        }

        if (Name is not null && string.IsNullOrWhiteSpace(Name))
        {
            throw new InputException("the patch's field 'name' must not be empty");
        }

        if (Domain is not null && string.IsNullOrWhiteSpace(Domain))
        {
            throw new InputException("the patch's field 'domain' must not be empty");
        }

        if (Status is { } status && RuleStatusTransitions.Explain(current.Status, status) is { } refusal)
        {
            throw new InputException($"rule '{current.Id}': {refusal}");
        }

        return current with
        {
            Name = Name ?? current.Name,
            Description = Description ?? current.Description,
            Domain = Domain ?? current.Domain,
            Body = Body ?? current.Body,
            Status = Status ?? current.Status,
            Source = Source ?? current.Source,
            Tags = Tags ?? current.Tags,
            Provenance = Provenance ?? current.Provenance,
            Metrics = Metrics ?? current.Metrics,
        };
    }
}
