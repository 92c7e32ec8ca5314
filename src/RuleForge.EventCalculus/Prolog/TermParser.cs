using System.Runtime.CompilerServices;

namespace RuleForge.EventCalculus.Prolog;

/// <summary>Operator-precedence parser over <see cref="PrologLexer"/> tokens; right-associative chains (<c>a, b, c, …</c>) are read iteratively.</summary>
internal sealed class TermParser
{
    private readonly PrologLexer lexer;
    private readonly PrologReadOptions options;
    private readonly Dictionary<string, Variable> variables = new(StringComparer.Ordinal);
    private readonly List<string> variableNames = [];

    // Names come interned from the lexer, so atoms are cached by reference (one Atom per distinct name per text).
    private readonly Dictionary<string, Atom> atoms = new(ReferenceEqualityComparer.Instance);
    private static readonly Integer[] SmallIntegers = [.. Enumerable.Range(-16, 1041).Select(i => new Integer(i))];
    private OperatorTable ops;
    private Token tok;
    private Token? peeked;
    private int lastEnd;
    private int depth;

    public TermParser(PrologLexer lexer, PrologReadOptions options)
    {
        this.lexer = lexer;
        this.options = options;
        ops = options.Operators ?? OperatorTable.Standard;
        tok = lexer.Next();
    }

    public OperatorTable Operators => ops;

    public bool AtEnd => tok.Kind == TokenKind.EndOfFile;

    /// <summary>Reads the next clause (a term ended by a full stop).</summary>
    public Clause ReadClause()
    {
        variables.Clear();
        variableNames.Clear();
        depth = 0;
        var start = lexer.PositionOf(tok.Start);
        var term = ParseGuarded(1200, requireEnd: true);
        var clause = Classify(term, start, [.. variableNames]);
        if (clause.Kind == ClauseKind.Directive && options.ApplyOperatorDirectives)
        {
            ApplyOpDirective(clause.Body!);
        }

        return clause;
    }

    /// <summary>Reads one term that fills the whole text; the final full stop is optional.</summary>
    public (Term Term, IReadOnlyList<string> VariableNames) ReadSingleTerm()
    {
        var term = ParseGuarded(1200, requireEnd: false);
        if (tok.Kind == TokenKind.End)
        {
            Advance();
        }

        if (tok.Kind != TokenKind.EndOfFile)
        {
            throw Unexpected("the end of the term");
        }

        return (term, [.. variableNames]);
    }

    private Term ParseGuarded(int maxPrec, bool requireEnd)
    {
        Term term;
        try
        {
            term = Parse(maxPrec, out _);
        }
        catch (InsufficientExecutionStackException)
        {
            throw lexer.Error(tok.Start, "term nested too deeply");
        }

        if (requireEnd)
        {
            if (tok.Kind == TokenKind.EndOfFile)
            {
                throw lexer.Error(lastEnd, "missing final full stop '.' at the end of the clause");
            }

            if (tok.Kind != TokenKind.End)
            {
                throw Unexpected("an operator or the full stop ending the clause");
            }

            Advance();
        }

        return term;
    }

    private static Clause Classify(Term term, SourcePosition start, IReadOnlyList<string> names)
    {
        if (term is Compound { Arity: 2 } c && c.Name is ":-" or "-->")
        {
            return new Clause(term, c.Name == ":-" ? ClauseKind.Rule : ClauseKind.GrammarRule, c[0], c[1], start, names);
        }

        if (term is Compound { Arity: 1 } d && d.Name is ":-" or "?-")
        {
            return new Clause(term, d.Name == ":-" ? ClauseKind.Directive : ClauseKind.Query, null, d[0], start, names);
        }

        return new Clause(term, ClauseKind.Fact, term, null, start, names);
    }

    private void ApplyOpDirective(Term goal)
    {
        foreach (var g in Clause.Conjuncts(goal))
        {
            if (g is not Compound { Name: "op", Arity: 3 } op || op[0] is not Integer { Value: >= 0 and <= 1200 } p || op[1] is not Atom type)
            {
                continue;
            }

            OperatorType? t = type.Name switch
            {
                "xfx" => OperatorType.Xfx,
                "xfy" => OperatorType.Xfy,
                "yfx" => OperatorType.Yfx,
                "fx" => OperatorType.Fx,
                "fy" => OperatorType.Fy,
                "xf" => OperatorType.Xf,
                "yf" => OperatorType.Yf,
                _ => null,
            };
            if (t is null)
            {
                continue;
            }

            var namesTerm = op[2];
            var list = namesTerm is Atom { Name: not PrologLists.NilName } single ? [single] : PrologLists.ToProperList(namesTerm) ?? [];
            foreach (var n in list)
            {
                if (n is Atom a && a.Name is not "," and not "[]" and not "{}")
                {
                    ops = ops.With((int)p.Value, t.Value, a.Name);
                }
            }
        }
    }

    private void Advance()
    {
        lastEnd = tok.End;
        if (peeked is { } p)
        {
            tok = p;
            peeked = null;
        }
        else
        {
            tok = lexer.Next();
        }
    }

    private Token Peek() => peeked ??= lexer.Next();

    private ParseException Unexpected(string expected) => tok.Kind switch
    {
        TokenKind.EndOfFile => lexer.Error(tok.Start, $"unexpected end of file; expected {expected}"),
        TokenKind.CloseParen or TokenKind.CloseBracket or TokenKind.CloseCurly => lexer.Error(tok.Start, $"unexpected {tok.Describe()} (unbalanced brackets?); expected {expected}"),
        _ => lexer.Error(tok.Start, $"unexpected {tok.Describe()}; expected {expected}"),
    };

    private Term Parse(int maxPrec, out int prec)
    {
        if (++depth > options.MaxNestingDepth)
        {
            throw lexer.Error(tok.Start, $"term nested deeper than {options.MaxNestingDepth} levels");
        }

        RuntimeHelpers.EnsureSufficientExecutionStack();
        var left = ParsePrimary(maxPrec, out var leftPrec);
        var result = ParseInfix(left, leftPrec, maxPrec, -1, out prec);
        depth--;
        return result;
    }

    private string? InfixName() => tok.Kind switch
    {
        TokenKind.Name or TokenKind.QuotedName => tok.Text,
        TokenKind.Comma => ",",
        TokenKind.Bar => "|",
        _ => null,
    };

    private Term ParseInfix(Term left, int leftPrec, int maxPrec, int stopAtXfy, out int prec)
    {
        while (true)
        {
            var name = InfixName();
            if (name is null)
            {
                break;
            }

            var op = ops.Infix(name);
            if (op is not null && op.Priority <= maxPrec && leftPrec <= op.LeftMax)
            {
                if (op.Type == OperatorType.Xfy && op.Priority == stopAtXfy)
                {
                    break;
                }

                Advance();
                if (op.Type == OperatorType.Xfy)
                {
                    left = ParseXfyChain(left, op);
                }
                else
                {
                    var right = Parse(op.RightMax, out _);
                    left = new Compound(op.Name, [left, right], owned: true);
                }

                leftPrec = op.Priority;
                continue;
            }

            var post = ops.Postfix(name);
            if (post is not null && post.Priority <= maxPrec && leftPrec <= post.LeftMax)
            {
                Advance();
                left = new Compound(post.Name, [left], owned: true);
                leftPrec = post.Priority;
                continue;
            }

            break;
        }

        prec = leftPrec;
        return left;
    }

    // Reads "x op y op z …" for one right-associative priority level in a loop, then folds to the right,
    // so a 100,000-goal conjunction does not recurse 100,000 levels deep.
    private Term ParseXfyChain(Term first, OperatorDefinition firstOp)
    {
        var priority = firstOp.Priority;
        var operands = new List<Term> { first };
        var operators = new List<string> { firstOp.Name };
        while (true)
        {
            if (++depth > options.MaxNestingDepth)
            {
                throw lexer.Error(tok.Start, $"term nested deeper than {options.MaxNestingDepth} levels");
            }

            var primary = ParsePrimary(priority, out var primaryPrec);
            var operand = ParseInfix(primary, primaryPrec, priority, priority, out var operandPrec);
            depth--;
            var name = InfixName();
            var next = name is null ? null : ops.Infix(name);
            if (next is { Type: OperatorType.Xfy } && next.Priority == priority && operandPrec <= priority - 1)
            {
                operands.Add(operand);
                operators.Add(next.Name);
                Advance();
                continue;
            }

            operands.Add(operand);
            break;
        }

        var acc = operands[^1];
        for (var i = operands.Count - 2; i >= 0; i--)
        {
            acc = new Compound(BarAsDisjunction(operators[i]), [operands[i], acc], owned: true);
        }

        return acc;
    }

    // As in SWI-Prolog 7, an infix bar at priority 1100 reads as the disjunction ';' (so DCG and goal alternatives work).
    private string BarAsDisjunction(string name) => name == "|" && ops.Infix("|") is { Priority: 1100 } ? ";" : name;

    private static bool EndsTerm(TokenKind kind) => kind is TokenKind.CloseParen or TokenKind.CloseBracket or TokenKind.CloseCurly
        or TokenKind.Comma or TokenKind.Bar or TokenKind.End or TokenKind.EndOfFile;

    private Term ParsePrimary(int maxPrec, out int prec)
    {
        prec = 0;
        var t = tok;
        switch (t.Kind)
        {
            case TokenKind.Integer:
                Advance();
                return MakeInteger(t.IntegerValue);
            case TokenKind.Float:
                Advance();
                return new Float(t.FloatValue);
            case TokenKind.Variable:
                Advance();
                return VariableNamed(t.Text!);
            case TokenKind.String:
                Advance();
                return new PrologString(t.Text!);
            case TokenKind.BackQuoted:
                Advance();
                return Codes(t.Text!);
            case TokenKind.OpenParen:
            {
                Advance();
                var inner = Parse(1200, out _);
                Expect(TokenKind.CloseParen, t, "')'");
                return inner;
            }

            case TokenKind.OpenBracket:
                return ParseList(t);
            case TokenKind.OpenCurly:
            {
                Advance();
                if (tok.Kind == TokenKind.CloseCurly)
                {
                    Advance();
                    return NameOrCompound(t, "{}", maxPrec, out prec);
                }

                var inner = Parse(1200, out _);
                Expect(TokenKind.CloseCurly, t, "'}'");
                return new Compound("{}", [inner], owned: true);
            }

            case TokenKind.Name:
            case TokenKind.QuotedName:
                Advance();
                return NameOrCompound(t, t.Text!, maxPrec, out prec);
            case TokenKind.End:
                throw lexer.Error(t.Start, "unexpected full stop: the clause ends where a term was expected");
            case TokenKind.EndOfFile:
                throw lexer.Error(t.Start, "unexpected end of file where a term was expected");
            default:
                throw Unexpected("a term");
        }
    }

    private Term ParseList(Token open)
    {
        Advance();
        if (tok.Kind == TokenKind.CloseBracket)
        {
            Advance();
            return NameOrCompound(open, PrologLists.NilName, 0, out _);
        }

        var items = new List<Term>();
        Term tail = Atom.Nil;
        while (true)
        {
            items.Add(Parse(999, out _));
            if (tok.Kind == TokenKind.Comma)
            {
                Advance();
                continue;
            }

            if (tok.Kind == TokenKind.Bar)
            {
                Advance();
                tail = Parse(999, out _);
            }

            break;
        }

        Expect(TokenKind.CloseBracket, open, "']'");
        return PrologLists.Build(items, tail);
    }

    private void Expect(TokenKind kind, Token open, string what)
    {
        if (tok.Kind == kind)
        {
            Advance();
            return;
        }

        var o = lexer.PositionOf(open.Start);
        if (tok.Kind is TokenKind.End or TokenKind.EndOfFile)
        {
            throw lexer.Error(tok.Start, $"unbalanced brackets: {open.Describe()} opened at {o.Line}:{o.Column} is not closed before {tok.Describe()}");
        }

        throw Unexpected($"{what} to close {open.Describe()} opened at {o.Line}:{o.Column}, or an operator");
    }

    private Term NameOrCompound(Token nameToken, string name, int maxPrec, out int prec)
    {
        prec = 0;

        // Functional notation: the name touches its '('.
        if (tok.Kind == TokenKind.OpenParen && !tok.LayoutBefore)
        {
            var open = tok;
            Advance();
            var args = new List<Term>(4);
            while (true)
            {
                args.Add(Parse(999, out _));
                if (tok.Kind == TokenKind.Comma)
                {
                    Advance();
                    continue;
                }

                break;
            }

            Expect(TokenKind.CloseParen, open, "')'");
            return new Compound(name, [.. args], owned: true);
        }

        if (nameToken.Kind == TokenKind.Name && name == "-" && tok.Kind is TokenKind.Integer or TokenKind.Float && !tok.LayoutBefore)
        {
            var number = tok;
            Advance();
            return number.Kind == TokenKind.Integer ? MakeInteger(-number.IntegerValue) : new Float(-number.FloatValue);
        }

        var prefix = nameToken.Kind is TokenKind.Name or TokenKind.QuotedName ? ops.Prefix(name) : null;
        if (prefix is null || EndsTerm(tok.Kind))
        {
            return MakeAtom(name);
        }

        // "- = x": the name is an operand when the next token is an infix operator that cannot start a term.
        if (tok.Kind is TokenKind.Name or TokenKind.QuotedName && ops.Infix(tok.Text!) is not null && ops.Prefix(tok.Text!) is null
            && !(Peek().Kind == TokenKind.OpenParen && !Peek().LayoutBefore))
        {
            return MakeAtom(name);
        }

        // An operator above the allowed priority is read at the allowed priority (as SWI-Prolog does, e.g. X = \+ a).
        var priority = Math.Min(prefix.Priority, maxPrec);
        var argMax = Math.Min(prefix.RightMax, priority);
        var arg = Parse(argMax, out _);
        prec = priority;
        return new Compound(name, [arg], owned: true);
    }

    private static Integer MakeInteger(long value) => value is >= -16 and <= 1024 ? SmallIntegers[value + 16] : new Integer(value);

    private Atom MakeAtom(string name)
    {
        if (!atoms.TryGetValue(name, out var atom))
        {
            atom = name == PrologLists.NilName ? Atom.Nil : new Atom(name);
            atoms[name] = atom;
        }

        return atom;
    }

    private Variable VariableNamed(string name)
    {
        if (name == "_")
        {
            var anon = new Variable(name, variableNames.Count);
            variableNames.Add(name);
            return anon;
        }

        if (!variables.TryGetValue(name, out var v))
        {
            v = new Variable(name, variableNames.Count);
            variableNames.Add(name);
            variables[name] = v;
        }

        return v;
    }

    private static Term Codes(string text)
    {
        var codes = new List<Term>(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            var cp = char.ConvertToUtf32(text, i);
            if (cp > 0xFFFF)
            {
                i++;
            }

            codes.Add(new Integer(cp));
        }

        return PrologLists.Build(codes);
    }
}
