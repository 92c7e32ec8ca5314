namespace RuleForge.EventCalculus.SimLp;

/// <summary>The three kinds of terms SimLP distinguishes.</summary>
internal enum SimTermKind
{
    Variable,
    Constant,
    Compound,
}
