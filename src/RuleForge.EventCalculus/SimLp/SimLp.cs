using RuleForge.EventCalculus.Prolog;

namespace RuleForge.EventCalculus.SimLp;

/// <summary>SimLP (Kouvaras, Mantenoglou and Artikis, EDBT 2025): how similar a generated RTEC event description is to a reference one, with feedback.</summary>
public static class SimLp
{
    /// <summary>How SimLP reads Prolog: standard operators plus <c>not</c> as a prefix operator like <c>\+</c> (LLM output often writes <c>not G</c>).</summary>
    public static PrologReadOptions ReadOptions { get; } = new(OperatorTable.Standard.With(900, OperatorType.Fy, "not"));

    /// <summary>Parses both texts (syntax errors throw <see cref="ParseException"/>) and compares them.</summary>
    public static SimLpResult Compare(string generated, string reference, SimLpOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(generated);
        ArgumentNullException.ThrowIfNull(reference);
        options ??= SimLpOptions.Default;
        var g = PrologReader.Parse(generated, options.GeneratedName, ReadOptions);
        var r = PrologReader.Parse(reference, options.ReferenceName, ReadOptions);
        return Compare(g, r, options);
    }

    /// <summary>Compares two read programs: facts and rules count (directives do not); the similarity is exactly 1 for a program against itself.</summary>
    public static SimLpResult Compare(PrologProgram generated, PrologProgram reference, SimLpOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(generated);
        ArgumentNullException.ThrowIfNull(reference);
        options ??= SimLpOptions.Default;
        var builder = new SimRuleBuilder();
        var genRules = builder.Build(generated);
        var refRules = builder.Build(reference);
        var genParts = Partition(genRules);
        var refParts = Partition(refRules);

        var shared = genParts.Keys.Where(refParts.ContainsKey).Order().ToList();
        var referenceOnly = refParts.Keys.Where(k => !genParts.ContainsKey(k)).Order().ToList();
        var generatedOnly = genParts.Keys.Where(k => !refParts.ContainsKey(k)).Order().ToList();
        var mismatched = TypeMismatchedFluents(genParts.Keys, refParts.Keys);

        var partitions = new List<PartitionComparison>(shared.Count + referenceOnly.Count);
        var sum = 0.0;
        foreach (var key in shared)
        {
            var p = PartitionComparison.Compute(key, genParts[key], refParts[key], mismatched.Contains(key.Fluent));
            sum += p.Similarity;
            partitions.Add(p);
        }

        foreach (var key in referenceOnly)
        {
            partitions.Add(PartitionComparison.Missing(key, refParts[key]));
        }

        var denominator = shared.Count + referenceOnly.Count;
        var similarity = denominator > 0 ? sum / denominator : genRules.Count == 0 ? 1.0 : 0.0;
        var feedback = FeedbackBuilder.Build(options.Feedback, similarity, partitions, generatedOnly.Select(k => (k, genParts[k])).ToList(), mismatched);
        return new SimLpResult(
            similarity,
            partitions.Select(p => p.ToResult()).ToList(),
            generatedOnly.Select(k => k.ToString()).ToList(),
            referenceOnly.Select(k => k.ToString()).ToList(),
            shared.Count,
            genRules.Count,
            refRules.Count,
            feedback);
    }

    /// <summary>Reads two files and compares them (syntax errors throw <see cref="ParseException"/> naming the file, line and column).</summary>
    public static async Task<SimLpResult> CompareFilesAsync(string generatedPath, string referencePath, SimLpOptions? options = null, CancellationToken cancellationToken = default)
    {
        var g = await PrologReader.ReadFileAsync(generatedPath, ReadOptions, cancellationToken).ConfigureAwait(false);
        var r = await PrologReader.ReadFileAsync(referencePath, ReadOptions, cancellationToken).ConfigureAwait(false);
        return Compare(g, r, (options ?? SimLpOptions.Default) with { GeneratedName = generatedPath, ReferenceName = referencePath });
    }

    private static Dictionary<PartitionKey, List<SimRule>> Partition(IReadOnlyList<SimRule> rules)
    {
        var parts = new Dictionary<PartitionKey, List<SimRule>>();
        foreach (var rule in rules)
        {
            if (!parts.TryGetValue(rule.Key, out var list))
            {
                list = [];
                parts[rule.Key] = list;
            }

            list.Add(rule);
        }

        return parts;
    }

    // A fluent defined as simple (initiatedAt/terminatedAt) on one side and statically (holdsFor) on the other, or mixed differently.
    private static HashSet<string> TypeMismatchedFluents(IEnumerable<PartitionKey> generated, IEnumerable<PartitionKey> reference)
    {
        static Dictionary<string, HashSet<string>> Types(IEnumerable<PartitionKey> keys)
        {
            var d = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
            foreach (var k in keys)
            {
                if (k.DefinitionType is { } t)
                {
                    if (!d.TryGetValue(k.Fluent, out var set))
                    {
                        set = new HashSet<string>(StringComparer.Ordinal);
                        d[k.Fluent] = set;
                    }

                    set.Add(t);
                }
            }

            return d;
        }

        var g = Types(generated);
        var r = Types(reference);
        var result = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (fluent, types) in g)
        {
            if (r.TryGetValue(fluent, out var other) && !types.SetEquals(other))
            {
                result.Add(fluent);
            }
        }

        return result;
    }
}
