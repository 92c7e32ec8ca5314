using RuleForge.Core.Errors;
using RuleForge.Core.Rules;
using RuleForge.Tabular.Data;

namespace RuleForge.Tabular.Scoring;

/// <summary>
/// A rule set compiled against a dataset: each rule is the AND of its conditions' bitsets, and rows take the
/// outcome of the first rule covering them (a decision list; a rule without conditions is the default).
/// </summary>
public sealed class DecisionList
{
    private readonly List<CompiledCondition[]> _conditions = [];

    public DecisionList(RuleSet rules, Dataset data)
    {
        Data = data;
        Rules = rules.Rules.Where(r => !r.Deleted).ToArray();
        foreach (var rule in Rules)
        {
            if (rule.Body is not ConditionRule body)
            {
                throw new InputException($"rule '{rule.Name}' is a {rule.Body.GetType().Name}, not a condition rule; tabular data needs IF … THEN rules");
            }

            _conditions.Add(body.Conditions.Select(c => new CompiledCondition(c, data, $"rule '{rule.Name}'")).ToArray());
            Outcomes.Add(body.Outcome.Value.Kind == RuleValueKind.Text ? body.Outcome.Value.Text! : body.Outcome.Value.ToString());
        }
    }

    public Dataset Data { get; }

    public IReadOnlyList<Rule> Rules { get; }

    /// <summary>The outcome label of each rule, as text.</summary>
    public List<string> Outcomes { get; } = [];

    /// <summary>Total condition checks (conditions × rows) the last evaluation did; for throughput figures.</summary>
    public long ConditionChecks { get; private set; }

    /// <summary>The rows each rule covers on its own (ignoring order).</summary>
    public Bitset Coverage(int ruleIndex)
    {
        var n = Data.RowCount;
        var covered = Bitset.All(n);
        var scratch = new Bitset(n);
        foreach (var c in _conditions[ruleIndex])
        {
            Array.Clear(scratch.Words);
            c.Evaluate(scratch);
            covered.And(scratch);
            ConditionChecks += n;
        }

        return covered;
    }

    /// <summary>Applies the list: for each row the index of the rule that fired, or -1 when none did.</summary>
    public int[] FiringRules()
    {
        ConditionChecks = 0;
        var n = Data.RowCount;
        var fired = new int[n];
        Array.Fill(fired, -1);
        var remaining = Bitset.All(n);
        for (var i = 0; i < _conditions.Count; i++)
        {
            var cover = Coverage(i);
            cover.And(remaining);
            foreach (var r in cover.ToRows())
            {
                fired[r] = i;
            }

            remaining.AndNot(cover);
        }

        return fired;
    }

    /// <summary>The predicted label per row (null when no rule fires).</summary>
    public string?[] Predict()
    {
        var fired = FiringRules();
        return fired.Select(i => i < 0 ? null : Outcomes[i]).ToArray();
    }
}
