using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using RuleForge.EventCalculus.SimLp;

namespace RuleForge.Cli.Commands;

/// <summary>Source-generated JSON for <c>ruleforge simlp</c> in the CanonicalJson dialect (camelCase, camelCase enums, nulls omitted, indented): no reflection at start-up, which keeps a one-shot run under 0.2 s.</summary>
[JsonSerializable(typeof(SimLpCommand.SimLpJson))]
[JsonSerializable(typeof(SimLpCommand.SimLpBatchJson))]
internal sealed partial class SimLpJsonContext : JsonSerializerContext
{
    private static readonly SimLpJsonContext Canonical = new(new JsonSerializerOptions
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        WriteIndented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        Converters =
        {
            new JsonStringEnumConverter<PartitionStatus>(JsonNamingPolicy.CamelCase),
            new JsonStringEnumConverter<FeedbackDetail>(JsonNamingPolicy.CamelCase),
            new JsonStringEnumConverter<FeedbackIssueKind>(JsonNamingPolicy.CamelCase),
        },
    });

    public static string Write(SimLpCommand.SimLpJson value) => JsonSerializer.Serialize(value, Canonical.SimLpJson);

    public static string Write(SimLpCommand.SimLpBatchJson value) => JsonSerializer.Serialize(value, Canonical.SimLpBatchJson);
}
