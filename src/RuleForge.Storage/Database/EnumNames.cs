using System.Text.Json;
using RuleForge.Core.Serialization;

namespace RuleForge.Storage.Database;

/// <summary>Enums are stored as their canonical JSON names, so the database reads like the JSON output.</summary>
public static class EnumNames
{
    public static string Name<T>(T value)
        where T : struct, Enum => JsonSerializer.Serialize(value, CanonicalJson.Options).Trim('"');

    public static T Parse<T>(string name)
        where T : struct, Enum => JsonSerializer.Deserialize<T>($"\"{name}\"", CanonicalJson.Options);
}
