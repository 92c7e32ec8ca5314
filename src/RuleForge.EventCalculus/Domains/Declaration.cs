namespace RuleForge.EventCalculus.Domains;

/// <summary>An input event, input fluent or background predicate a rule may use: its signature and what it means.</summary>
/// <param name="Signature">As written in the pack, e.g. <c>velocity(Vessel, Speed, Course, Heading)</c> or <c>proximity(V1, V2)=true</c>.</param>
/// <param name="Meaning">One or two sentences for the prompt.</param>
public sealed record Declaration(string Signature, string Meaning)
{
    /// <summary>The functor's name (the text before the first parenthesis or <c>=</c>).</summary>
    public string Name => Signature[..NameLength(Signature)].Trim();

    /// <summary>Number of top-level arguments in the first parenthesised group (0 for an atom).</summary>
    public int Arity => CountArguments(Signature);

    private static int NameLength(string s)
    {
        var i = s.IndexOfAny(['(', '=', ' ']);
        return i < 0 ? s.Length : i;
    }

    // Signatures are short, hand-written text; counting commas at depth 1 is all that is needed.
    private static int CountArguments(string s)
    {
        var open = s.IndexOf('(', StringComparison.Ordinal);
        if (open < 0)
        {
            return 0;
        }

        int depth = 0, count = 1;
        for (var i = open; i < s.Length; i++)
        {
            switch (s[i])
            {
                case '(' or '[':
                    depth++;
                    break;
                case ')' or ']':
                    depth--;
                    if (depth == 0)
                    {
                        return count;
                    }

                    break;
                case ',' when depth == 1:
                    count++;
                    break;
            }
        }

        return count;
    }
}
