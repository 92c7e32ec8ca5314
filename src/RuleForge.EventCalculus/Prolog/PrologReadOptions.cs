namespace RuleForge.EventCalculus.Prolog;

/// <summary>How to read a Prolog text.</summary>
/// <param name="Operators">The operator table to start with (default: <see cref="OperatorTable.Standard"/>).</param>
/// <param name="ApplyOperatorDirectives">Whether <c>:- op(P, T, Names).</c> directives change the table for the clauses after them (as Prolog does).</param>
/// <param name="MaxNestingDepth">Deeper nesting of parentheses, arguments or prefix operators is a syntax error rather than a stack overflow.</param>
public sealed record PrologReadOptions(OperatorTable? Operators = null, bool ApplyOperatorDirectives = true, int MaxNestingDepth = 1000)
{
    /// <summary>The defaults: standard operators, op/3 directives applied, nesting up to 1000.</summary>
    public static PrologReadOptions Default { get; } = new();
}
