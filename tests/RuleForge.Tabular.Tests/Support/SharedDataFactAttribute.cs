using RuleForge.Testing;

namespace RuleForge.Tabular.Tests.Support;

/// <summary>A fact needing ../shared/data/arff: skipped, saying so, when the folder is absent outside CI; always run in CI.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class SharedDataFactAttribute : FactAttribute
{
    public SharedDataFactAttribute()
    {
        if (SharedData.Find("arff") is null && !SharedData.InCi)
        {
            Skip = "../shared/data/arff is absent (a fresh clone outside CI); CI=true requires it";
        }
    }
}
