using System.Reflection;
using System.Text;
using System.Text.RegularExpressions;
using RuleForge.Core.Errors;

namespace RuleForge.Tabular.Llm.Prompts;

/// <summary>
/// The prompt templates (<c>system.md</c>, <c>propose.md</c>, <c>refine.md</c>, <c>repair.md</c>): built in, and
/// each replaceable by a file of the same name in a user's folder. Placeholders are <c>{{name}}</c>.
/// </summary>
public sealed partial class PromptTemplates
{
    public static readonly IReadOnlyList<string> Names = ["system", "propose", "refine", "repair"];

    private readonly Dictionary<string, (string Text, string Source)> _templates;

    private PromptTemplates(Dictionary<string, (string Text, string Source)> templates) => _templates = templates;

    /// <summary>The built-in templates.</summary>
    public static PromptTemplates Default { get; } = Load(null);

    /// <summary>The built-in templates, each replaced by <c>&lt;directory&gt;/&lt;name&gt;.md</c> when that file exists.</summary>
    public static PromptTemplates Load(string? directory)
    {
        if (directory is not null && !Directory.Exists(directory))
        {
            throw new InputException($"prompt folder '{directory}' does not exist (expected {string.Join(", ", Names.Select(n => n + ".md"))})");
        }

        var templates = new Dictionary<string, (string, string)>(StringComparer.Ordinal);
        foreach (var name in Names)
        {
            var file = directory is null ? null : Path.Combine(directory, name + ".md");
            templates[name] = file is not null && File.Exists(file) ? (File.ReadAllText(file), file) : (BuiltIn(name), $"built-in {name}.md");
        }

        return new PromptTemplates(templates);
    }

    /// <summary>Fills the template; a placeholder without a value is an error naming the template file.</summary>
    public string Render(string name, IReadOnlyDictionary<string, string> values)
    {
        var (text, source) = _templates[name];
        var missing = new List<string>();
        var rendered = Placeholder().Replace(text, m =>
        {
            var key = m.Groups[1].Value;
            if (values.TryGetValue(key, out var value))
            {
                return value;
            }

            missing.Add(key);
            return m.Value;
        });
        if (missing.Count > 0)
        {
            throw new InputException($"{source}: unknown placeholder(s) {string.Join(", ", missing.Distinct().Select(k => "{{" + k + "}}"))}; known here: {string.Join(", ", values.Keys.Select(k => "{{" + k + "}}"))}");
        }

        return rendered.TrimEnd() + "\n";
    }

    private static string BuiltIn(string name)
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream($"RuleForge.Tabular.Llm.Templates.{name}.md")
            ?? throw new InvalidOperationException($"built-in template {name}.md is missing from the assembly");
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return reader.ReadToEnd();
    }

    [GeneratedRegex(@"\{\{\s*([a-z_]+)\s*\}\}")]
    private static partial Regex Placeholder();
}
