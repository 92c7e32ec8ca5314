using System.Globalization;
using RuleForge.Core.Llm;
using RuleForge.Core.Rules;
using RuleForge.Tabular.Data;

namespace RuleForge.Tabular.Llm.Grammar;

/// <summary>
/// Parses rules written in the strict tabular grammar (see docs/llm-tabular.md) and validates every column,
/// operator, value and class against the data's schema. Nothing in the text is ever executed: it only becomes
/// <see cref="Condition"/> data.
/// </summary>
public sealed class TabularRuleParser(Dataset data, ClassTarget target, int maxRules = TabularRuleParser.DefaultMaxRules)
{
    /// <summary>Most rules accepted in one reply (the default included), so a runaway reply cannot blow up evaluation.</summary>
    public const int DefaultMaxRules = 100;

    private const int MaxListed = 20;

    /// <summary>
    /// Parses a model's reply: the one fenced block tagged <c>rules</c> (or the only fenced block) must hold the
    /// rules. Zero blocks, or several candidates, are errors — a reply is never guessed at.
    /// </summary>
    public RuleParseResult ParseReply(string reply)
    {
        var blocks = FencedCodeBlocks.Extract(reply);
        var tagged = blocks.Where(b => string.Equals(b.Language, "rules", StringComparison.OrdinalIgnoreCase)).ToList();
        var chosen = tagged.Count > 0 ? tagged : blocks.ToList();
        if (chosen.Count == 0)
        {
            return Fail("no fenced code block found; put the rules in one block that starts with ```rules and ends with ```");
        }

        if (chosen.Count > 1)
        {
            return Fail($"found {chosen.Count} {(tagged.Count > 0 ? "```rules blocks" : "fenced blocks")}; put all the rules in exactly one ```rules block");
        }

        if (!chosen[0].Closed)
        {
            return Fail("the rules block is not closed with ``` (was the reply cut off? keep the rules shorter)");
        }

        return ParseBlock(chosen[0].Content);

        static RuleParseResult Fail(string message) => new() { Errors = [new RuleParseError(0, 0, "", message)] };
    }

    /// <summary>Parses the text of a rules block; line numbers in errors count from the block's first line.</summary>
    public RuleParseResult ParseBlock(string block)
    {
        var errors = new List<RuleParseError>();
        var rules = new List<Rule>();
        var defaultLine = 0;
        var lines = block.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
        for (var n = 1; n <= lines.Length; n++)
        {
            var text = lines[n - 1].Trim();
            if (text.Length == 0 || text.StartsWith('#') || text.StartsWith("//", StringComparison.Ordinal))
            {
                continue;
            }

            var (tokens, tokenError) = RuleTokenizer.Tokenize(text);
            if (tokenError is not null)
            {
                errors.Add(new RuleParseError(n, 0, "", tokenError));
                continue;
            }

            if (defaultLine > 0)
            {
                errors.Add(new RuleParseError(n, 1, tokens[0].Text, $"nothing may follow the DEFAULT line (line {defaultLine})"));
                continue;
            }

            var line = new LineParser(this, n, tokens);
            var body = line.Parse();
            if (body is null)
            {
                errors.Add(line.Error!);
                continue;
            }

            if (body.IsDefault)
            {
                defaultLine = n;
            }

            rules.Add(new Rule
            {
                Name = body.IsDefault ? "default" : $"rule {rules.Count + 1}",
                Domain = "tabular",
                Body = body,
                Status = RuleStatus.Candidate,
                Source = RuleSource.Llm,
            });
        }

        if (rules.Count > maxRules)
        {
            errors.Add(new RuleParseError(0, 0, "", $"{rules.Count} rules is more than the limit of {maxRules}; merge or drop rules"));
        }

        if (defaultLine == 0 && errors.Count == 0)
        {
            errors.Add(new RuleParseError(0, 0, "", $"the block has no DEFAULT line; end it with 'DEFAULT {Quote(_target.Name)} = <class>'"));
        }

        return errors.Count > 0
            ? new RuleParseResult { Errors = errors }
            : new RuleParseResult { Rules = new RuleSet(_target.Name, rules) };
    }

    /// <summary>Writes a name or value so <see cref="RuleTokenizer"/> reads it back as one token.</summary>
    public static string Quote(string text)
    {
        var plain = text.Length > 0
            && text.All(c => !char.IsWhiteSpace(c) && "<>=!{},\"`'#".IndexOf(c, StringComparison.Ordinal) < 0)
            && !Keywords.Contains(text);
        return plain ? text : text.Contains('"', StringComparison.Ordinal) ? $"`{text}`" : $"\"{text}\"";
    }

    private static readonly HashSet<string> Keywords = new(["IF", "AND", "THEN", "DEFAULT", "IN", "NOT"], StringComparer.OrdinalIgnoreCase);

    private static string List(IEnumerable<string> items)
    {
        var all = items.ToList();
        var shown = string.Join(", ", all.Take(MaxListed));
        return all.Count > MaxListed ? $"{shown}, … ({all.Count} in all)" : shown;
    }

    /// <summary>Parses one line; on the first problem it stops and keeps the error.</summary>
    private sealed class LineParser(TabularRuleParser owner, int line, List<RuleToken> tokens)
    {
        private int _pos;

        public RuleParseError? Error { get; private set; }

        public ConditionRule? Parse()
        {
            var first = tokens[0];
            if (first.IsWord("DEFAULT"))
            {
                _pos = 1;
                var outcome = ParseOutcome();
                return outcome is null ? null : End(new ConditionRule { Outcome = outcome });
            }

            if (!first.IsWord("IF"))
            {
                return Fail(first, "a rule line starts with IF or DEFAULT");
            }

            _pos = 1;
            var conditions = new List<Condition>();
            while (true)
            {
                var condition = ParseCondition();
                if (condition is null)
                {
                    return null;
                }

                conditions.Add(condition);
                var next = Next();
                if (next is null)
                {
                    return FailAtEnd("the rule ends after a condition; expected AND or THEN");
                }

                if (next.IsWord("THEN"))
                {
                    break;
                }

                if (!next.IsWord("AND"))
                {
                    return Fail(next, "expected AND or THEN after a condition (OR is not part of the grammar: write a second rule)");
                }
            }

            var result = ParseOutcome();
            return result is null ? null : End(new ConditionRule { Conditions = conditions, Outcome = result });
        }

        private Condition? ParseCondition()
        {
            var columnToken = Next();
            if (columnToken is null)
            {
                return FailAtEnd<Condition>("expected a column name");
            }

            if (!columnToken.IsName)
            {
                return Fail<Condition>(columnToken, "expected a column name");
            }

            var data = owner._data;
            if (columnToken.Text == owner._target.Name)
            {
                return Fail<Condition>(columnToken, $"the target column '{owner._target.Name}' cannot be used in a condition");
            }

            var index = data.IndexOf(columnToken.Text);
            if (index < 0)
            {
                var near = data.Columns.FirstOrDefault(c => string.Equals(c.Name, columnToken.Text, StringComparison.OrdinalIgnoreCase));
                var hint = near is null ? "" : $" (did you mean '{near.Name}'? names are case-sensitive)";
                return Fail<Condition>(columnToken, $"unknown column{hint}; columns are: {List(data.Columns.Where(c => c.Name != owner._target.Name).Select(c => c.Name))}");
            }

            var column = data.Columns[index];
            var opToken = Next();
            if (opToken is null)
            {
                return FailAtEnd<Condition>($"expected an operator after '{column.Name}'");
            }

            ConditionOperator op;
            if (opToken.IsWord("in"))
            {
                op = ConditionOperator.In;
            }
            else if (opToken.IsWord("not"))
            {
                var inToken = Next();
                if (inToken is null || !inToken.IsWord("in"))
                {
                    return inToken is null ? FailAtEnd<Condition>("expected 'in' after 'not'") : Fail<Condition>(inToken, "expected 'in' after 'not'");
                }

                op = ConditionOperator.NotIn;
            }
            else if (opToken.Kind == RuleTokenKind.Symbol && opToken.Text is "<" or "<=" or ">" or ">=" or "=" or "==" or "!=")
            {
                op = opToken.Text switch
                {
                    "<" => ConditionOperator.Less,
                    "<=" => ConditionOperator.LessOrEqual,
                    ">" => ConditionOperator.Greater,
                    ">=" => ConditionOperator.GreaterOrEqual,
                    "!=" => ConditionOperator.NotEqual,
                    _ => ConditionOperator.Equal,
                };
            }
            else
            {
                return Fail<Condition>(opToken, "expected an operator: <, <=, >, >=, =, !=, in or not in");
            }

            if (!column.IsNumeric && op is ConditionOperator.Less or ConditionOperator.LessOrEqual or ConditionOperator.Greater or ConditionOperator.GreaterOrEqual)
            {
                return Fail<Condition>(opToken, $"column '{column.Name}' holds categories; use =, !=, in or not in");
            }

            if (op is ConditionOperator.In or ConditionOperator.NotIn)
            {
                var open = Next();
                if (open is null || !open.IsSymbol("{"))
                {
                    return open is null ? FailAtEnd<Condition>("expected '{' to start the list of values") : Fail<Condition>(open, "expected '{' to start the list of values");
                }

                var items = new List<RuleValue>();
                while (true)
                {
                    var value = ParseValue(column);
                    if (value is null)
                    {
                        return null;
                    }

                    items.Add(value);
                    var sep = Next();
                    if (sep is null)
                    {
                        return FailAtEnd<Condition>("the list of values is not closed with '}'");
                    }

                    if (sep.IsSymbol("}"))
                    {
                        break;
                    }

                    if (!sep.IsSymbol(","))
                    {
                        return Fail<Condition>(sep, "expected ',' or '}' in the list of values");
                    }
                }

                return new Condition(column.Name, op, RuleValue.List(items));
            }

            var single = ParseValue(column);
            return single is null ? null : new Condition(column.Name, op, single);
        }

        private RuleValue? ParseValue(DataColumn column)
        {
            var token = Next();
            if (token is null)
            {
                return FailAtEnd<RuleValue>($"expected a value for column '{column.Name}'");
            }

            if (!token.IsName)
            {
                return Fail<RuleValue>(token, $"expected a value for column '{column.Name}'");
            }

            if (column.IsNumeric)
            {
                return double.TryParse(token.Text, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) && double.IsFinite(number)
                    ? RuleValue.Of(number)
                    : Fail<RuleValue>(token, $"column '{column.Name}' is numeric; expected a number");
            }

            if (column.CodeOf(token.Text) < 0)
            {
                var near = column.Categories.FirstOrDefault(c => string.Equals(c, token.Text, StringComparison.OrdinalIgnoreCase));
                var hint = near is null ? "" : $" (did you mean '{near}'? values are case-sensitive)";
                return Fail<RuleValue>(token, $"not a value of column '{column.Name}'{hint}; values are: {List(column.Categories)}");
            }

            return RuleValue.Of(token.Text);
        }

        private Outcome? ParseOutcome()
        {
            var targetToken = Next();
            var target = owner._target;
            if (targetToken is null)
            {
                return FailAtEnd<Outcome>($"expected '{target.Name} = <class>'");
            }

            if (!targetToken.IsName || targetToken.Text != target.Name)
            {
                return Fail<Outcome>(targetToken, $"a rule must conclude the target column '{target.Name}'");
            }

            var eq = Next();
            if (eq is null || !(eq.IsSymbol("=") || eq.IsSymbol("==")))
            {
                return eq is null ? FailAtEnd<Outcome>($"expected '=' after '{target.Name}'") : Fail<Outcome>(eq, $"expected '=' after '{target.Name}'");
            }

            var label = Next();
            if (label is null)
            {
                return FailAtEnd<Outcome>("expected a class after '='");
            }

            if (!label.IsName || target.CodeOf(label.Text) < 0)
            {
                return Fail<Outcome>(label, $"not a class of '{target.Name}'; classes are: {List(target.Labels)}");
            }

            return new Outcome(target.Name, RuleValue.Of(label.Text));
        }

        private ConditionRule? End(ConditionRule rule)
        {
            var extra = Next();
            return extra is null ? rule : Fail(extra, "unexpected text after the class; one rule per line");
        }

        private RuleToken? Next() => _pos < tokens.Count ? tokens[_pos++] : null;

        private ConditionRule? Fail(RuleToken token, string message) => Fail<ConditionRule>(token, message);

        private ConditionRule? FailAtEnd(string message) => FailAtEnd<ConditionRule>(message);

        private T? Fail<T>(RuleToken token, string message)
            where T : class
        {
            Error = new RuleParseError(line, token.Index, token.Text, message);
            return null;
        }

        private T? FailAtEnd<T>(string message)
            where T : class
        {
            Error = new RuleParseError(line, tokens.Count + 1, "end of line", message);
            return null;
        }
    }

    private readonly Dataset _data = data;
    private readonly ClassTarget _target = target;
}
