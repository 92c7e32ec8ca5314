namespace RuleForge.EventCalculus.Prolog;

/// <summary>The clauses read from one Prolog text, in order, and the operator table in force at its end.</summary>
public sealed record PrologProgram(string Source, IReadOnlyList<Clause> Clauses, OperatorTable Operators);
