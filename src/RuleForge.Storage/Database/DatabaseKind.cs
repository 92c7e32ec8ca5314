namespace RuleForge.Storage.Database;

/// <summary>Which database engine a <see cref="DatabaseConnector"/> talks to.</summary>
public enum DatabaseKind
{
    Sqlite,
    PostgreSql,
}
