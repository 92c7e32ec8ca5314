using RuleForge.Testing;

namespace RuleForge.Storage.Tests.Support;

/// <summary>Fresh SQLite files in a temp folder, deleted with the test class.</summary>
public sealed class SqliteDatabases : IDisposable
{
    private readonly TempFolder _folder = new();
    private int _count;

    public string NewFile() => _folder.File($"db{Interlocked.Increment(ref _count)}/ruleforge.db");

    public void Dispose() => _folder.Dispose();
}
