using System.Reflection;
using RuleForge.Core.Errors;
using YamlDotNet.Core;
using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;

namespace RuleForge.EventCalculus.Domains;

/// <summary>
/// Reads domain packs: the built-in ones (<c>msa</c>, <c>har</c>, embedded in this assembly) or a user's folder holding
/// the same files — <c>domain.yaml</c> (vocabulary, background, catalogue, dependencies) and optional <c>examples.md</c>.
/// </summary>
public static class DomainPackLoader
{
    public const string DomainFile = "domain.yaml";
    public const string ExamplesFile = "examples.md";

    private const string ResourcePrefix = "RuleForge.EventCalculus.Domains.";

    /// <summary>The names of the built-in packs.</summary>
    public static IReadOnlyList<string> BuiltIn { get; } = ["msa", "har"];

    /// <summary>
    /// The pack named <paramref name="name"/>: from <paramref name="domainDir"/> when given (the folder itself, or its
    /// sub-folder <paramref name="name"/>), else built-in.
    /// </summary>
    public static DomainPack Load(string name, string? domainDir = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        if (domainDir is not null)
        {
            var nested = Path.Combine(domainDir, name);
            var folder = File.Exists(Path.Combine(nested, DomainFile)) ? nested : domainDir;
            return LoadFolder(folder);
        }

        var yaml = Resource(name, DomainFile)
            ?? throw new InputException($"unknown domain '{name}'; built-in domains: {string.Join(", ", BuiltIn)} (or give --domain-dir with a {DomainFile})");
        return Parse(yaml, Resource(name, ExamplesFile) ?? "", $"built-in:{name}/{DomainFile}") with { Source = "built-in" };
    }

    /// <summary>Reads a pack from a folder with <c>domain.yaml</c> and optional <c>examples.md</c>.</summary>
    public static DomainPack LoadFolder(string folder)
    {
        var file = Path.Combine(folder, DomainFile);
        if (!File.Exists(file))
        {
            throw new InputException($"domain folder '{folder}' has no {DomainFile}");
        }

        var examples = Path.Combine(folder, ExamplesFile);
        return Parse(File.ReadAllText(file), File.Exists(examples) ? File.ReadAllText(examples) : "", file) with { Source = folder };
    }

    /// <summary>Parses the YAML of a pack; errors name <paramref name="source"/>, the line and the field.</summary>
    public static DomainPack Parse(string yaml, string examples, string source)
    {
        PackFile file;
        try
        {
            var deserializer = new DeserializerBuilder().WithNamingConvention(CamelCaseNamingConvention.Instance).Build();
            file = deserializer.Deserialize<PackFile?>(yaml) ?? throw new InputException($"{source}: empty domain file");
        }
        catch (YamlException e)
        {
            throw new InputException($"{source}:{e.Start.Line}:{e.Start.Column}: {Inner(e)}", e);
        }

        if (string.IsNullOrWhiteSpace(file.Name))
        {
            throw new InputException($"{source}: field 'name' is required");
        }

        var activities = new List<ActivitySpec>();
        for (var i = 0; i < file.Activities.Count; i++)
        {
            var a = file.Activities[i];
            var where = $"{source}: activities[{i}]";
            Require(a.Name, $"{where}.name");
            Require(a.Signature, $"{where}.signature ({a.Name})");
            Require(a.Description, $"{where}.description ({a.Name})");
            var kind = a.Kind?.ToLowerInvariant() switch
            {
                null or "" or "simple" => ActivityKind.Simple,
                "static" => ActivityKind.Static,
                var k => throw new InputException($"{where}.kind ({a.Name}): '{k}' is not 'simple' or 'static'"),
            };
            activities.Add(new ActivitySpec(a.Name!.Trim(), a.Signature!.Trim(), a.Description!.Trim(), kind, a.DependsOn ?? []));
        }

        if (activities.Count == 0)
        {
            throw new InputException($"{source}: field 'activities' must list at least one activity");
        }

        var pack = new DomainPack
        {
            Name = file.Name.Trim(),
            Title = file.Title?.Trim() ?? "",
            Description = file.Description?.Trim() ?? "",
            Events = Declarations(file.Events, source, "events"),
            Fluents = Declarations(file.Fluents, source, "fluents"),
            Background = Declarations(file.Background, source, "background"),
            Activities = activities,
            Examples = examples.Trim(),
        };
        try
        {
            _ = pack.Graph;
        }
        catch (InputException e)
        {
            throw new InputException($"{source}: {e.Message}", e);
        }

        return pack;
    }

    private static string Inner(Exception e) => e.InnerException is { } inner ? inner.Message : e.Message;

    private static void Require(string? value, string field)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            throw new InputException($"{field} is required");
        }
    }

    private static List<Declaration> Declarations(List<DeclarationFile>? items, string source, string field)
    {
        var list = new List<Declaration>();
        for (var i = 0; i < (items?.Count ?? 0); i++)
        {
            var d = items![i];
            Require(d.Signature, $"{source}: {field}[{i}].signature");
            list.Add(new Declaration(d.Signature!.Trim(), d.Meaning?.Trim() ?? ""));
        }

        return list;
    }

    private static string? Resource(string name, string file)
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream($"{ResourcePrefix}{name}.{file}");
        if (stream is null)
        {
            return null;
        }

        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    // YAML shapes (mutable for the deserializer; turned into the immutable model above).
    private sealed class PackFile
    {
        public string? Name { get; set; }
        public string? Title { get; set; }
        public string? Description { get; set; }
        public List<DeclarationFile>? Events { get; set; }
        public List<DeclarationFile>? Fluents { get; set; }
        public List<DeclarationFile>? Background { get; set; }
        public List<ActivityFile> Activities { get; set; } = [];
    }

    private sealed class DeclarationFile
    {
        public string? Signature { get; set; }
        public string? Meaning { get; set; }
    }

    private sealed class ActivityFile
    {
        public string? Name { get; set; }
        public string? Signature { get; set; }
        public string? Description { get; set; }
        public string? Kind { get; set; }
        public List<string>? DependsOn { get; set; }
    }
}
