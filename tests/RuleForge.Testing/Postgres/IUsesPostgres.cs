namespace RuleForge.Testing.Postgres;

/// <summary>Marks a test class that needs the throwaway PostgreSQL server; its <see cref="DatabaseFactAttribute"/> tests skip loudly (or fail in CI) without it.</summary>
#pragma warning disable CA1040 // A marker interface is what the discoverer looks for on the concrete test class.
public interface IUsesPostgres
{
}
#pragma warning restore CA1040
