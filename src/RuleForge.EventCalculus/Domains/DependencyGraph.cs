using RuleForge.Core.Errors;

namespace RuleForge.EventCalculus.Domains;

/// <summary>Which activities build on which: prerequisites (transitive) and a dependency-respecting generation order.</summary>
public sealed class DependencyGraph
{
    private readonly Dictionary<string, ActivitySpec> _byName;
    private readonly List<string> _catalogueOrder;

    public DependencyGraph(IReadOnlyList<ActivitySpec> activities)
    {
        ArgumentNullException.ThrowIfNull(activities);
        _byName = new Dictionary<string, ActivitySpec>(StringComparer.Ordinal);
        _catalogueOrder = [];
        foreach (var a in activities)
        {
            if (!_byName.TryAdd(a.Name, a))
            {
                throw new InputException($"activity '{a.Name}' is declared twice");
            }

            _catalogueOrder.Add(a.Name);
        }

        foreach (var a in activities)
        {
            foreach (var d in a.DependsOn.Where(d => !_byName.ContainsKey(d)))
            {
                throw new InputException($"activity '{a.Name}' depends on '{d}', which is not in the catalogue");
            }
        }

        // Fails on cycles, naming them.
        _ = Order(_catalogueOrder);
    }

    /// <summary>The direct prerequisites of <paramref name="activity"/>.</summary>
    public IReadOnlyList<string> Direct(string activity) => Get(activity).DependsOn;

    /// <summary>Every fluent <paramref name="activity"/> builds on, directly or not, prerequisites first.</summary>
    public IReadOnlyList<string> Prerequisites(string activity)
    {
        var closure = Order(Get(activity).DependsOn);
        return closure;
    }

    /// <summary>
    /// <paramref name="activities"/> and (with <paramref name="withPrerequisites"/>) all their prerequisites, in an order where
    /// every prerequisite comes before the activities that use it; ties keep catalogue order.
    /// </summary>
    public IReadOnlyList<string> Order(IEnumerable<string> activities, bool withPrerequisites = true)
    {
        var wanted = new HashSet<string>(StringComparer.Ordinal);
        foreach (var a in activities)
        {
            _ = Get(a);
            if (withPrerequisites)
            {
                AddClosure(a, wanted);
            }
            else
            {
                wanted.Add(a);
            }
        }

        var result = new List<string>();
        var state = new Dictionary<string, int>(StringComparer.Ordinal); // 1 = visiting, 2 = done
        foreach (var name in _catalogueOrder.Where(wanted.Contains))
        {
            Visit(name, wanted, state, result, []);
        }

        return result;
    }

    private void AddClosure(string name, HashSet<string> set)
    {
        if (set.Add(name))
        {
            foreach (var d in Get(name).DependsOn)
            {
                AddClosure(d, set);
            }
        }
    }

    private void Visit(string name, HashSet<string> wanted, Dictionary<string, int> state, List<string> result, List<string> path)
    {
        if (state.TryGetValue(name, out var s))
        {
            if (s == 1)
            {
                var cycle = path[path.IndexOf(name)..];
                throw new InputException($"the dependency graph has a cycle: {string.Join(" → ", cycle)} → {name}");
            }

            return;
        }

        state[name] = 1;
        path.Add(name);
        foreach (var d in Get(name).DependsOn)
        {
            // Prerequisites outside the wanted set do not change the order among wanted ones, but cycles through them still count.
            Visit(d, wanted, state, result, path);
        }

        path.RemoveAt(path.Count - 1);
        state[name] = 2;
        if (wanted.Contains(name))
        {
            result.Add(name);
        }
    }

    private ActivitySpec Get(string name) =>
        _byName.TryGetValue(name, out var a) ? a : throw new InputException($"unknown activity '{name}'; the catalogue has: {string.Join(", ", _catalogueOrder)}");
}
