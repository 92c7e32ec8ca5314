namespace RuleForge.Tabular.Loop;

/// <summary>Which metric is the loop's score.</summary>
public enum TabularScore
{
    Accuracy,
    MacroF1,
}
