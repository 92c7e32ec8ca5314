using Xunit;
using Xunit.Sdk;

namespace RuleForge.Testing.Postgres;

/// <summary>A fact in a store test base class: runs for every concrete subclass, skipped (with the reason) on a PostgreSQL subclass when the server binaries are absent outside CI.</summary>
[XunitTestCaseDiscoverer("RuleForge.Testing.Postgres.DatabaseFactDiscoverer", "RuleForge.Testing")]
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false)]
public sealed class DatabaseFactAttribute : FactAttribute
{
}
