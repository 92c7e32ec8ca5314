namespace RuleForge.Ingestion.Running;

/// <summary>The result of one <c>ingest</c>: a report per source, in the order they were given.</summary>
public sealed record IngestionReport(string RunId, IReadOnlyList<SourceReport> Sources)
{
    public bool AllOk => Sources.All(s => s.Status == SourceStatus.Ok);
}
