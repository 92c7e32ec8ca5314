namespace RuleForge.EventCalculus.Prolog;

/// <summary>An operator's type: position and associativity (x: argument priority strictly lower, y: lower or equal).</summary>
public enum OperatorType
{
    /// <summary>Infix, non-associative.</summary>
    Xfx,

    /// <summary>Infix, right-associative.</summary>
    Xfy,

    /// <summary>Infix, left-associative.</summary>
    Yfx,

    /// <summary>Prefix, non-associative.</summary>
    Fx,

    /// <summary>Prefix, associative.</summary>
    Fy,

    /// <summary>Postfix, non-associative.</summary>
    Xf,

    /// <summary>Postfix, associative.</summary>
    Yf,
}
