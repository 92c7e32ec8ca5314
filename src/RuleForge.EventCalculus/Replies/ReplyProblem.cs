namespace RuleForge.EventCalculus.Replies;

/// <summary>What is wrong with a model's reply; serialised camelCase (<c>noCodeBlock</c>, <c>syntaxError</c>…).</summary>
public enum ReplyProblem
{
    /// <summary>The reply has no text at all.</summary>
    Empty,

    /// <summary>The reply has no fenced code block.</summary>
    NoCodeBlock,

    /// <summary>The code is in a fenced block but the reply also has text around it (the code is still used).</summary>
    ProseAroundCode,

    /// <summary>The code cannot be read as Prolog.</summary>
    SyntaxError,

    /// <summary>The definition calls a predicate, event or fluent the domain does not declare (the code is still scored).</summary>
    InventedPredicate,

    /// <summary>The code does not define the fluent that was asked for.</summary>
    WrongFluent,
}
