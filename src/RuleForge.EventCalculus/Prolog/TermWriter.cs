using System.Globalization;
using System.Text;

namespace RuleForge.EventCalculus.Prolog;

/// <summary>Writes terms back as Prolog text with the standard operators, quoting atoms where needed (like <c>writeq/1</c>).</summary>
public static class TermWriter
{
    /// <summary>The term as Prolog text.</summary>
    public static string Write(Term term, OperatorTable? operators = null)
    {
        ArgumentNullException.ThrowIfNull(term);
        var sb = new StringBuilder();
        Write(sb, term, 1200, operators ?? OperatorTable.Standard);
        return sb.ToString();
    }

    /// <summary>An atom's name quoted if Prolog would need quotes to read it back.</summary>
    public static string QuoteAtom(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (!NeedsQuotes(name))
        {
            return name;
        }

        var sb = new StringBuilder(name.Length + 2).Append('\'');
        AppendEscaped(sb, name, '\'');
        return sb.Append('\'').ToString();
    }

    private static bool NeedsQuotes(string name)
    {
        if (name.Length == 0)
        {
            return true;
        }

        if (name is "[]" or "!" or ";" or "{}" or ",")
        {
            return name == ",";
        }

        if (char.IsAsciiLetterLower(name[0]))
        {
            foreach (var c in name)
            {
                if (!char.IsAsciiLetterOrDigit(c) && c != '_')
                {
                    return true;
                }
            }

            return false;
        }

        foreach (var c in name)
        {
            if ("+-*/\\^<>=~:.?@#&$".IndexOf(c, StringComparison.Ordinal) < 0)
            {
                return true;
            }
        }

        return name.Contains("/*", StringComparison.Ordinal) || name == ".";
    }

    private static void AppendEscaped(StringBuilder sb, string text, char quote)
    {
        foreach (var c in text)
        {
            switch (c)
            {
                case '\\': sb.Append(@"\\"); break;
                case '\n': sb.Append(@"\n"); break;
                case '\t': sb.Append(@"\t"); break;
                case '\r': sb.Append(@"\r"); break;
                default:
                    if (c == quote)
                    {
                        sb.Append('\\').Append(c);
                    }
                    else if (char.IsControl(c))
                    {
                        sb.Append(CultureInfo.InvariantCulture, $"\\x{(int)c:x}\\");
                    }
                    else
                    {
                        sb.Append(c);
                    }

                    break;
            }
        }
    }

    private static void Write(StringBuilder sb, Term term, int maxPrec, OperatorTable ops)
    {
        switch (term)
        {
            case Atom a:
                var atomText = QuoteAtom(a.Name);
                if (ops.IsOperator(a.Name) && maxPrec < 1200 && a.Name is not "[]" and not "{}")
                {
                    sb.Append('(').Append(atomText).Append(')');
                }
                else
                {
                    sb.Append(atomText);
                }

                break;
            case Variable v:
                sb.Append(v.Name);
                break;
            case Integer i:
                sb.Append(i.Value.ToString(CultureInfo.InvariantCulture));
                break;
            case Float f:
                sb.Append(FormatFloat(f.Value));
                break;
            case PrologString s:
                sb.Append('"');
                AppendEscaped(sb, s.Text, '"');
                sb.Append('"');
                break;
            case Compound c:
                WriteCompound(sb, c, maxPrec, ops);
                break;
            default:
                throw new ArgumentException($"unknown term type {term.GetType().Name}", nameof(term));
        }
    }

    private static void WriteCompound(StringBuilder sb, Compound c, int maxPrec, OperatorTable ops)
    {
        if (PrologLists.IsCons(c) && c.Name == PrologLists.ConsName)
        {
            var (items, tail) = PrologLists.Decompose(c);
            sb.Append('[');
            for (var i = 0; i < items.Count; i++)
            {
                if (i > 0)
                {
                    sb.Append(',');
                }

                Write(sb, items[i], 999, ops);
            }

            if (tail is not Atom { Name: PrologLists.NilName })
            {
                sb.Append('|');
                Write(sb, tail, 999, ops);
            }

            sb.Append(']');
            return;
        }

        if (c is { Name: "{}", Arity: 1 })
        {
            sb.Append('{');
            Write(sb, c[0], 1200, ops);
            sb.Append('}');
            return;
        }

        if (c.Arity == 2 && ops.Infix(c.Name) is { } infix)
        {
            var paren = infix.Priority > maxPrec;
            if (paren)
            {
                sb.Append('(');
            }

            Write(sb, c[0], infix.LeftMax, ops);
            if (c.Name == ",")
            {
                sb.Append(", ");
            }
            else
            {
                sb.Append(' ').Append(QuoteAtom(c.Name)).Append(' ');
            }

            Write(sb, c[1], infix.RightMax, ops);
            if (paren)
            {
                sb.Append(')');
            }

            return;
        }

        if (c.Arity == 1 && ops.Prefix(c.Name) is { } prefix && c.Name is not "-" and not "+" || c.Arity == 1 && c.Name is "-" or "+" && c[0] is not Integer and not Float)
        {
            var op = ops.Prefix(c.Name)!;
            var paren = op.Priority > maxPrec;
            if (paren)
            {
                sb.Append('(');
            }

            sb.Append(QuoteAtom(c.Name)).Append(' ');
            Write(sb, c[0], op.RightMax, ops);
            if (paren)
            {
                sb.Append(')');
            }

            return;
        }

        sb.Append(QuoteAtom(c.Name)).Append('(');
        for (var i = 0; i < c.Arity; i++)
        {
            if (i > 0)
            {
                sb.Append(", ");
            }

            Write(sb, c[i], 999, ops);
        }

        sb.Append(')');
    }

    private static string FormatFloat(double value)
    {
        if (double.IsNaN(value))
        {
            return "1.5NaN";
        }

        if (double.IsInfinity(value))
        {
            return value > 0 ? "1.0Inf" : "-1.0Inf";
        }

        var s = value.ToString("R", CultureInfo.InvariantCulture).Replace("E+", "e", StringComparison.Ordinal).Replace('E', 'e');
        var e = s.IndexOf('e', StringComparison.Ordinal);
        var mantissa = e < 0 ? s : s[..e];
        if (!mantissa.Contains('.', StringComparison.Ordinal))
        {
            s = mantissa + ".0" + (e < 0 ? string.Empty : s[e..]);
        }

        return s;
    }
}
