namespace RuleForge.Storage.Database;

/// <summary>One step of a store's schema: applied once, in version order, inside a transaction.</summary>
/// <param name="Version">1-based, contiguous within an area.</param>
/// <param name="Sql">Statements separated by semicolons; must be valid for the connector's engine.</param>
public sealed record Migration(int Version, string Sql);
