using RuleForge.Core.Errors;
using RuleForge.Core.Learning;

namespace RuleForge.Tabular.Loop;

/// <summary>Generators for tabular learning by method name (<c>symbolic</c>, later <c>llm</c>, <c>hybrid</c>…), so hosts pick one with <c>--method</c>.</summary>
public sealed class TabularGeneratorRegistry
{
    private readonly Dictionary<string, Func<TabularGeneratorContext, IRuleGenerator>> _factories = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>A registry holding the built-in methods (<c>symbolic</c>, alias <c>ripper</c>).</summary>
    public static TabularGeneratorRegistry CreateDefault()
    {
        var registry = new TabularGeneratorRegistry();
        registry.Register(SymbolicRuleGenerator.MethodName, _ => new SymbolicRuleGenerator());
        registry.Register("ripper", _ => new SymbolicRuleGenerator());
        return registry;
    }

    public IEnumerable<string> Methods => _factories.Keys.Order(StringComparer.Ordinal);

    /// <summary>Adds or replaces the factory for <paramref name="method"/>.</summary>
    public void Register(string method, Func<TabularGeneratorContext, IRuleGenerator> factory) => _factories[method] = factory;

    public bool Contains(string method) => _factories.ContainsKey(method);

    /// <summary>Creates the generator for a method; an unknown method is bad input listing the known ones.</summary>
    public IRuleGenerator Create(string method, TabularGeneratorContext context) =>
        _factories.TryGetValue(method, out var factory)
            ? factory(context)
            : throw new InputException($"unknown method '{method}'; known methods: {string.Join(", ", Methods)}");
}
