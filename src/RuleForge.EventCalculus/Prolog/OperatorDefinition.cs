namespace RuleForge.EventCalculus.Prolog;

/// <summary>One operator: its name, priority (1–1200) and type.</summary>
public sealed record OperatorDefinition(string Name, int Priority, OperatorType Type)
{
    /// <summary>The highest priority the left argument may have.</summary>
    public int LeftMax => Type is OperatorType.Yfx or OperatorType.Yf ? Priority : Priority - 1;

    /// <summary>The highest priority the right (or only prefix) argument may have.</summary>
    public int RightMax => Type is OperatorType.Xfy or OperatorType.Fy ? Priority : Priority - 1;
}
