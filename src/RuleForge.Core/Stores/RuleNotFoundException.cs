using RuleForge.Core.Errors;

namespace RuleForge.Core.Stores;

/// <summary>The named rule (or version) does not exist.</summary>
public sealed class RuleNotFoundException : InputException
{
    public RuleNotFoundException()
    {
    }

    public RuleNotFoundException(string message)
        : base(message)
    {
    }

    public RuleNotFoundException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public static RuleNotFoundException For(string id, int? version = null, int? latest = null) => new(version is null
        ? $"no rule with id '{id}'"
        : latest is null ? $"no rule with id '{id}'" : $"rule '{id}' has no version {version} (latest is {latest})");
}
