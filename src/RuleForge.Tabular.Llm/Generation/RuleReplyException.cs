using RuleForge.Tabular.Llm.Grammar;

namespace RuleForge.Tabular.Llm.Generation;

/// <summary>A model's reply was still not valid rules after the one repair request; the iteration fails.</summary>
public sealed class RuleReplyException : Exception
{
    public RuleReplyException()
    {
    }

    public RuleReplyException(string message)
        : base(message)
    {
    }

    public RuleReplyException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public RuleReplyException(IReadOnlyList<RuleParseError> errors)
        : base($"the model's reply was not valid rules after one repair request: {string.Join("; ", errors)}")
    {
        Errors = errors;
    }

    public IReadOnlyList<RuleParseError> Errors { get; } = [];
}
