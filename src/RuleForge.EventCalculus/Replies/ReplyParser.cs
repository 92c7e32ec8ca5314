using RuleForge.Core.Llm;
using RuleForge.EventCalculus.Domains;
using RuleForge.EventCalculus.Prolog;

namespace RuleForge.EventCalculus.Replies;

/// <summary>
/// Reads a model's reply as untrusted input: takes the Prolog out of its fenced blocks, reads it with the project's
/// Prolog reader (never executes it) and classifies what is wrong — empty, no code block, prose around the code,
/// syntax error (line and column), invented predicates, or a definition of another fluent than the one asked for.
/// </summary>
public sealed class ReplyParser(DomainPack pack)
{
    private static readonly HashSet<string> CodeLanguages = new(StringComparer.OrdinalIgnoreCase) { "", "prolog", "pl", "rtec", "swipl", "swi-prolog", "logtalk" };

    // RTEC's own predicates and the Prolog built-ins a definition may call, by name/arity.
    private static readonly HashSet<string> RtecAndBuiltIns = new(StringComparer.Ordinal)
    {
        "happensAt/2", "holdsAt/2", "holdsFor/2", "initiatedAt/2", "terminatedAt/2",
        "union_all/2", "intersect_all/2", "relative_complement_all/3", "intDurGreater/3",
        "</2", ">/2", "=</2", ">=/2", "=:=/2", "=\\=/2", "=/2", "\\=/2", "==/2", "\\==/2", "is/2",
        "\\+/1", "not/1", ",/2", ";/2", "->/2", "true/0", "!/0", "member/2", "length/2", "findall/3",
    };

    /// <summary>Analyses <paramref name="reply"/> as a definition of <paramref name="activity"/>.</summary>
    public ReplyAnalysis Analyse(string reply, ActivitySpec activity)
    {
        ArgumentNullException.ThrowIfNull(activity);
        if (string.IsNullOrWhiteSpace(reply))
        {
            return new ReplyAnalysis("", null, [new ReplyIssue(ReplyProblem.Empty, "the reply is empty", true)]);
        }

        var issues = new List<ReplyIssue>();
        var code = Extract(reply);
        var blocks = code.Blocks.Where(b => CodeLanguages.Contains(b.Language.Trim())).ToList();
        if (blocks.Count == 0)
        {
            blocks = [.. code.Blocks];
        }

        if (blocks.Count == 0 || blocks.All(b => string.IsNullOrWhiteSpace(b.Code)))
        {
            // Bare Prolog that defines the fluent is used (and flagged); anything else is sent back.
            var bare = Check(reply, activity, [new ReplyIssue(ReplyProblem.NoCodeBlock, "the reply has no fenced ```prolog code block (the whole reply was read as Prolog); put the code in one", false)]);
            return bare.Usable ? bare : new ReplyAnalysis("", null, [new ReplyIssue(ReplyProblem.NoCodeBlock, "the reply has no fenced ```prolog code block", true)]);
        }

        if (code.HasProse)
        {
            issues.Add(new ReplyIssue(ReplyProblem.ProseAroundCode, "the reply has text outside the code block; answer with the code block only", false));
        }

        var text = string.Join("\n\n", blocks.Select(b => b.Code.TrimEnd()));
        return Check(text, activity, issues);
    }

    /// <summary>The reply's fenced blocks, and whether any non-blank line lies outside them (fence lines excluded).</summary>
    public static ReplyCode Extract(string reply)
    {
        ArgumentNullException.ThrowIfNull(reply);
        var blocks = FencedCodeBlocks.Extract(reply);
        var lines = reply.ReplaceLineEndings("\n").Split('\n');
        var inside = new bool[lines.Length];
        foreach (var b in blocks)
        {
            var contentLines = b.Content.Length == 0 ? 0 : b.Content.Split('\n').Length;
            var last = Math.Min(lines.Length - 1, b.StartLine - 1 + contentLines + (b.Closed ? 1 : 0));
            for (var i = b.StartLine - 1; i <= last; i++)
            {
                inside[i] = true;
            }
        }

        var prose = lines.Where((line, i) => !inside[i] && line.Trim().Length > 0 && !line.TrimStart().StartsWith("```", StringComparison.Ordinal)).Any();
        return new ReplyCode(blocks.Select(b => (b.Language, b.Content)).ToList(), prose);
    }

    /// <summary>Checks Prolog text (already out of its blocks) as a definition of <paramref name="activity"/>.</summary>
    public ReplyAnalysis Check(string text, ActivitySpec activity, List<ReplyIssue>? issues = null)
    {
        ArgumentNullException.ThrowIfNull(activity);
        issues ??= [];
        PrologProgram program;
        try
        {
            program = PrologReader.Parse(text, "reply", SimLp.SimLp.ReadOptions);
        }
        catch (ParseException e)
        {
            issues.Add(new ReplyIssue(ReplyProblem.SyntaxError, $"syntax error at line {e.Line}, column {e.Column}: {e.Reason}", true));
            return new ReplyAnalysis(text, null, issues);
        }

        var own = program.Clauses.Where(c => DefinedFluent(c) == activity.Name).ToList();
        if (own.Count == 0)
        {
            var defined = program.Clauses.Select(DefinedFluent).OfType<string>().Distinct().ToList();
            issues.Add(new ReplyIssue(
                ReplyProblem.WrongFluent,
                defined.Count == 0
                    ? $"the code defines no fluent; write initiatedAt/terminatedAt or holdsFor rules for `{activity.Name}`"
                    : $"the code defines {string.Join(", ", defined.Select(d => $"`{d}`"))} but not `{activity.Name}`",
                true));
            return new ReplyAnalysis(text, program, issues);
        }

        foreach (var clause in own)
        {
            foreach (var unknown in Undeclared(clause).Distinct())
            {
                issues.Add(new ReplyIssue(ReplyProblem.InventedPredicate, $"line {clause.Position.Line}: `{unknown}` is not declared in the domain; use only the declared events, fluents and background predicates", false));
            }
        }

        return new ReplyAnalysis(text, program, issues);
    }

    /// <summary>The fluent a clause defines (<c>initiatedAt</c>, <c>terminatedAt</c> or <c>holdsFor</c> head), or null.</summary>
    public static string? DefinedFluent(Clause clause)
    {
        ArgumentNullException.ThrowIfNull(clause);
        return clause.Head is Compound { Name: "initiatedAt" or "terminatedAt" or "holdsFor", Arity: >= 2 } h ? FluentName(h[0]) : null;
    }

    private static string? FluentName(Term t) => t switch
    {
        Compound { Name: "=", Arity: 2 } eq => FluentName(eq[0]),
        Compound c => c.Name,
        Atom a => a.Name,
        _ => null,
    };

    private static string Indicator(Term t) => t switch
    {
        Compound c => c.Indicator,
        Atom a => a.Name + "/0",
        _ => t.ToString(),
    };

    private IEnumerable<string> Undeclared(Clause clause)
    {
        foreach (var literal in clause.BodyLiterals)
        {
            var goal = literal;
            while (goal is Compound { Name: "\\+" or "not", Arity: 1 } neg)
            {
                goal = neg[0];
            }

            if (goal is Variable)
            {
                continue;
            }

            var indicator = Indicator(goal);
            switch (goal)
            {
                case Compound { Name: "happensAt", Arity: 2 } h:
                    if (UndeclaredEvent(h[0]) is { } e)
                    {
                        yield return e;
                    }

                    break;
                case Compound { Name: "holdsAt" or "holdsFor", Arity: 2 } h:
                    if (UndeclaredFluent(h[0]) is { } f)
                    {
                        yield return f;
                    }

                    break;
                default:
                    if (!RtecAndBuiltIns.Contains(indicator) && !pack.Background.Any(b => $"{b.Name}/{b.Arity}" == indicator))
                    {
                        yield return indicator;
                    }

                    break;
            }
        }
    }

    private string? UndeclaredEvent(Term e)
    {
        if (e is Compound { Name: "start" or "end", Arity: 1 } se)
        {
            return UndeclaredFluent(se[0]);
        }

        if (e is Variable)
        {
            return null;
        }

        var indicator = Indicator(e);
        return pack.Events.Any(d => $"{d.Name}/{d.Arity}" == indicator) ? null : indicator;
    }

    private string? UndeclaredFluent(Term f)
    {
        var fluent = f is Compound { Name: "=", Arity: 2 } eq ? eq[0] : f;
        if (fluent is Variable)
        {
            return null;
        }

        var indicator = Indicator(fluent);
        var name = FluentName(fluent);
        if (pack.Fluents.Any(d => $"{d.Name}/{d.Arity}" == indicator))
        {
            return null;
        }

        // Catalogue activities: match the name and the arity of their signature's first form.
        return pack.Activities.Any(a => a.Name == name && new Declaration(a.Signature, "").Arity == (fluent as Compound)?.Arity) ? null : indicator;
    }
}
