namespace RuleForge.EventCalculus.Prolog;

/// <summary>One clause read from a Prolog text: the whole term, its parts, where it starts and its variables' names.</summary>
/// <param name="Term">The term as read (for a rule, <c>':-'(Head, Body)</c>).</param>
/// <param name="Kind">Fact, rule, directive, query or grammar rule.</param>
/// <param name="Head">The head (null for directives and queries).</param>
/// <param name="Body">The body (null for facts); for directives and queries, the goal.</param>
/// <param name="Position">Where the clause's first token starts.</param>
/// <param name="VariableNames">The names of the clause's variables by <see cref="Variable.Index"/> (anonymous ones are <c>_</c>).</param>
public sealed record Clause(Term Term, ClauseKind Kind, Term? Head, Term? Body, SourcePosition Position, IReadOnlyList<string> VariableNames)
{
    /// <summary>The body split at top-level conjunctions (<c>a, (b, c)</c> gives a, b, c); empty for facts.</summary>
    public IReadOnlyList<Term> BodyLiterals => Body is null ? [] : Conjuncts(Body);

    /// <summary>Splits a goal at its top-level <c>,/2</c> operators, left to right (iterative).</summary>
    public static IReadOnlyList<Term> Conjuncts(Term goal)
    {
        ArgumentNullException.ThrowIfNull(goal);
        var result = new List<Term>();
        var stack = new Stack<Term>();
        stack.Push(goal);
        while (stack.Count > 0)
        {
            var t = stack.Pop();
            if (t is Compound { Name: ",", Arity: 2 } c)
            {
                stack.Push(c[1]);
                stack.Push(c[0]);
            }
            else
            {
                result.Add(t);
            }
        }

        return result;
    }

    /// <summary>The head's predicate indicator (<c>name/arity</c>), or null when there is no head or it is not callable.</summary>
    public string? HeadIndicator => Head switch
    {
        Compound c => c.Indicator,
        Atom a => a.Name + "/0",
        _ => null,
    };
}
