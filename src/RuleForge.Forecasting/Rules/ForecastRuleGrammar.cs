using System.Globalization;
using System.Text.RegularExpressions;
using RuleForge.Core.Rules;

namespace RuleForge.Forecasting.Rules;

/// <summary>
/// The strict text form of forecast rules, one per line, used to talk with language models:
/// <c>IF var op number [AND var op number]… THEN ADJUST target BY +δ|-δ|*f [FOR HORIZON h]</c> or <c>ALWAYS THEN ADJUST …</c>,
/// with op one of <c>&lt; &lt;= &gt; &gt;= == !=</c>. Text is parsed into data and checked, never executed.
/// </summary>
public static partial class ForecastRuleGrammar
{
    /// <summary>The grammar as told to a model.</summary>
    public const string Description = """
        One rule per line, nothing else (no numbering, no prose, no code fences):
          IF <variable> <op> <number> [AND <variable> <op> <number>]... THEN ADJUST <target> BY <adjustment> [FOR HORIZON <h>]
          ALWAYS THEN ADJUST <target> BY <adjustment> [FOR HORIZON <h>]
        <op> is one of < <= > >= == !=; <number> is a decimal like -0.25 or 3; <adjustment> is +<number> or -<number>
        (added to the forecast) or *<number> (multiplies it, > 0). Use only the variables listed. At most 5 rules.
        """;

    /// <summary>Parses <paramref name="text"/>; returns the rules and, for each rejected line, why.</summary>
    public static (IReadOnlyList<ForecastRule> Rules, IReadOnlyList<string> Errors) Parse(string text, Func<string, bool>? knownVariable = null, string? target = null)
    {
        var rules = new List<ForecastRule>();
        var errors = new List<string>();
        var n = 0;
        foreach (var raw in text.Split('\n'))
        {
            n++;
            var line = raw.Trim();
            if (line.Length == 0 || line.StartsWith('#') || line.StartsWith("```", StringComparison.Ordinal))
            {
                continue;
            }

            var m = RuleLine().Match(line);
            if (!m.Success)
            {
                errors.Add($"line {n}: does not follow the grammar: {Clip(line)}");
                continue;
            }

            var conditions = new List<Condition>();
            var bad = false;
            if (m.Groups["conds"].Success)
            {
                foreach (var part in AndSplit().Split(m.Groups["conds"].Value))
                {
                    var c = ConditionText().Match(part.Trim());
                    if (!c.Success || !ConditionOperators.TryParse(c.Groups["op"].Value, out var op) || !TryNumber(c.Groups["num"].Value, out var value))
                    {
                        errors.Add($"line {n}: bad condition '{Clip(part.Trim())}'");
                        bad = true;
                        break;
                    }

                    var variable = c.Groups["var"].Value;
                    if (knownVariable is not null && !knownVariable(variable))
                    {
                        errors.Add($"line {n}: unknown variable '{Clip(variable)}'");
                        bad = true;
                        break;
                    }

                    conditions.Add(new Condition(variable, op, RuleValue.Of(value)));
                }
            }

            if (bad)
            {
                continue;
            }

            var adjusted = m.Groups["target"].Value;
            if (target is not null && adjusted != target)
            {
                errors.Add($"line {n}: adjusts '{Clip(adjusted)}', only '{target}' is forecast");
                continue;
            }

            var sign = m.Groups["sign"].Value;
            if (!TryNumber(m.Groups["amount"].Value, out var amount))
            {
                errors.Add($"line {n}: bad adjustment");
                continue;
            }

            var horizon = m.Groups["h"].Success ? int.Parse(m.Groups["h"].Value, CultureInfo.InvariantCulture) : 1;
            var rule = new ForecastRule
            {
                Conditions = conditions,
                Variable = adjusted,
                Adjustment = sign == "*" ? ForecastAdjustment.Multiply : ForecastAdjustment.Add,
                Amount = sign == "-" ? -amount : amount,
                Horizon = horizon,
            };
            try
            {
                CompiledForecastRule.Compile(rule);
                rules.Add(rule);
            }
            catch (Core.Errors.InputException e)
            {
                errors.Add($"line {n}: {e.Message}");
            }
        }

        return (rules, errors);
    }

    /// <summary>A rule in the grammar's text form (the inverse of <see cref="Parse"/>).</summary>
    public static string Format(ForecastRule rule)
    {
        static string Num(double v) => v.ToString("0.######", CultureInfo.InvariantCulture);
        var when = rule.Conditions.Count == 0
            ? "ALWAYS"
            : "IF " + string.Join(" AND ", rule.Conditions.Select(c => $"{c.Variable} {ConditionOperators.Symbol(c.Operator)} {Num(c.Value.Number)}"));
        var by = rule.Adjustment == ForecastAdjustment.Multiply ? "*" + Num(rule.Amount) : (rule.Amount < 0 ? "-" : "+") + Num(Math.Abs(rule.Amount));
        return $"{when} THEN ADJUST {rule.Variable} BY {by}" + (rule.Horizon != 1 ? $" FOR HORIZON {rule.Horizon}" : "");
    }

    private static bool TryNumber(string s, out double value) =>
        double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out value) && double.IsFinite(value);

    private static string Clip(string s) => s.Length <= 80 ? s : s[..80] + "…";

    [GeneratedRegex(@"^(?:IF\s+(?<conds>.+?)|ALWAYS)\s+THEN\s+ADJUST\s+(?<target>[A-Za-z_][A-Za-z0-9_.]*)\s+BY\s+(?<sign>[+\-*])\s*(?<amount>[0-9]+(?:\.[0-9]+)?(?:[eE][+\-]?[0-9]+)?)(?:\s+FOR\s+HORIZON\s+(?<h>[1-9][0-9]{0,2}))?\s*$", RegexOptions.CultureInvariant, 1000)]
    private static partial Regex RuleLine();

    [GeneratedRegex(@"\s+AND\s+", RegexOptions.CultureInvariant, 1000)]
    private static partial Regex AndSplit();

    [GeneratedRegex(@"^(?<var>[A-Za-z_][A-Za-z0-9_.]*)\s*(?<op><=|>=|==|!=|<|>)\s*(?<num>-?[0-9]+(?:\.[0-9]+)?(?:[eE][+\-]?[0-9]+)?)$", RegexOptions.CultureInvariant, 1000)]
    private static partial Regex ConditionText();
}
