namespace RuleForge.EventCalculus.SimLp;

/// <summary>Kinds of differences SimLP feedback reports.</summary>
public enum FeedbackIssueKind
{
    /// <summary>A definition (partition) of the reference has no generated rule.</summary>
    MissingDefinition,

    /// <summary>A generated definition (partition) the reference does not have (not scored).</summary>
    ExtraDefinition,

    /// <summary>A fluent is simple (initiatedAt/terminatedAt) on one side and statically determined (holdsFor) on the other.</summary>
    DefinitionTypeMismatch,

    /// <summary>A reference rule has no generated counterpart in its partition.</summary>
    MissingRule,

    /// <summary>A generated rule has no reference counterpart in its partition.</summary>
    ExtraRule,

    /// <summary>A matched rule lacks a body literal the reference has.</summary>
    MissingBodyLiteral,

    /// <summary>A matched rule has a body literal the reference does not.</summary>
    ExtraBodyLiteral,

    /// <summary>A literal or sub-term uses another predicate or functor name.</summary>
    WrongPredicate,

    /// <summary>A literal or sub-term has the right name but another number of arguments.</summary>
    WrongArity,

    /// <summary>A constant, or a term of another kind, where the reference has something else.</summary>
    WrongArgument,

    /// <summary>A variable is shared with other literals where the reference leaves that position unconstrained.</summary>
    SharedVariable,

    /// <summary>A singleton (or <c>_</c>-named) variable where the reference links the position to other literals.</summary>
    SingletonMisuse,

    /// <summary>A shared variable that links other positions than the reference's variable does.</summary>
    VariableLinkMismatch,
}
