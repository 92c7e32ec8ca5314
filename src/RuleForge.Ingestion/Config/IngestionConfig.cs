namespace RuleForge.Ingestion.Config;

/// <summary>The <c>sources:</c> section of <c>ruleforge.yaml</c> / <c>ruleforge.json</c>.</summary>
public sealed class IngestionConfig
{
    public List<SourceConfig> Sources { get; set; } = [];

    /// <summary>The folder of the config file; relative paths in sources were resolved against it.</summary>
    [YamlDotNet.Serialization.YamlIgnore]
    public string BaseDirectory { get; set; } = "";
}
