namespace RuleForge.Ingestion.Config;

/// <summary>The <c>type</c> of a source.</summary>
public enum SourceKind
{
    File,
    Http,
    Database,
}
