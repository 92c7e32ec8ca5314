namespace RuleForge.EventCalculus.Prolog;

/// <summary>An immutable operator table (private dictionaries never changed after construction; cheap to build at start-up): the standard (SWI-Prolog) operators by default, extended with <see cref="With"/>.</summary>
public sealed class OperatorTable
{
    private readonly Dictionary<string, OperatorDefinition> prefix;
    private readonly Dictionary<string, OperatorDefinition> infix;
    private readonly Dictionary<string, OperatorDefinition> postfix;

    private OperatorTable(IEnumerable<OperatorDefinition> prefix, IEnumerable<OperatorDefinition> infix, IEnumerable<OperatorDefinition> postfix)
    {
        this.prefix = prefix.ToDictionary(o => o.Name, StringComparer.Ordinal);
        this.infix = infix.ToDictionary(o => o.Name, StringComparer.Ordinal);
        this.postfix = postfix.ToDictionary(o => o.Name, StringComparer.Ordinal);
    }

    /// <summary>The standard operator table (ISO plus SWI-Prolog's usual additions).</summary>
    public static OperatorTable Standard { get; } = CreateStandard();

    /// <summary>All operator definitions in the table.</summary>
    public IEnumerable<OperatorDefinition> All => prefix.Values.Concat(infix.Values).Concat(postfix.Values);

    /// <summary>The prefix operator named <paramref name="name"/>, if any.</summary>
    public OperatorDefinition? Prefix(string name) => prefix.GetValueOrDefault(name);

    /// <summary>The infix operator named <paramref name="name"/>, if any.</summary>
    public OperatorDefinition? Infix(string name) => infix.GetValueOrDefault(name);

    /// <summary>The postfix operator named <paramref name="name"/>, if any.</summary>
    public OperatorDefinition? Postfix(string name) => postfix.GetValueOrDefault(name);

    /// <summary>Whether <paramref name="name"/> is an operator of any kind.</summary>
    public bool IsOperator(string name) => prefix.ContainsKey(name) || infix.ContainsKey(name) || postfix.ContainsKey(name);

    /// <summary>A table with <paramref name="name"/> defined (or, with priority 0, removed) as in <c>op/3</c>.</summary>
    public OperatorTable With(int priority, OperatorType type, string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentOutOfRangeException.ThrowIfNegative(priority);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(priority, 1200);
        var p = prefix.Values.ToDictionary(o => o.Name, StringComparer.Ordinal);
        var i = infix.Values.ToDictionary(o => o.Name, StringComparer.Ordinal);
        var s = postfix.Values.ToDictionary(o => o.Name, StringComparer.Ordinal);
        var target = type switch
        {
            OperatorType.Fx or OperatorType.Fy => p,
            OperatorType.Xf or OperatorType.Yf => s,
            _ => i,
        };
        if (priority == 0)
        {
            target.Remove(name);
        }
        else
        {
            target[name] = new OperatorDefinition(name, priority, type);
        }

        return new OperatorTable(p.Values, i.Values, s.Values);
    }

    private static OperatorTable CreateStandard()
    {
        var prefixOps = new List<OperatorDefinition>();
        var infixOps = new List<OperatorDefinition>();
        void Add(int priority, OperatorType type, params string[] names)
        {
            foreach (var n in names)
            {
                (type is OperatorType.Fx or OperatorType.Fy ? prefixOps : infixOps).Add(new OperatorDefinition(n, priority, type));
            }
        }

        Add(1200, OperatorType.Xfx, ":-", "-->");
        Add(1200, OperatorType.Fx, ":-", "?-");
        Add(1150, OperatorType.Fx, "dynamic", "discontiguous", "initialization", "meta_predicate", "module_transparent", "multifile", "public", "thread_local", "table");
        Add(1100, OperatorType.Xfy, ";", "|");
        Add(1050, OperatorType.Xfy, "->", "*->");
        Add(1000, OperatorType.Xfy, ",");
        Add(990, OperatorType.Xfx, ":=");
        Add(900, OperatorType.Fy, "\\+");
        Add(700, OperatorType.Xfx, "=", "\\=", "==", "\\==", "@<", "@>", "@=<", "@>=", "=..", "is", "=:=", "=\\=", "<", "=<", ">", ">=", ">:<", ":<", "as");
        Add(600, OperatorType.Xfy, ":");
        Add(500, OperatorType.Yfx, "+", "-", "/\\", "\\/", "xor");
        Add(500, OperatorType.Fx, "?");
        Add(400, OperatorType.Yfx, "*", "/", "//", "rem", "mod", "div", "<<", ">>", "divmod", "rdiv");
        Add(200, OperatorType.Xfx, "**");
        Add(200, OperatorType.Xfy, "^");
        Add(200, OperatorType.Fy, "-", "+", "\\");
        Add(1, OperatorType.Fx, "$");

        return new OperatorTable(prefixOps, infixOps, []);
    }
}
