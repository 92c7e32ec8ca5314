using System.Reflection;
using System.Text;
using RuleForge.Core.Errors;

namespace RuleForge.EventCalculus.Prompts;

/// <summary>
/// The prompt texts (<c>system</c>, <c>domain</c>, <c>request</c>, <c>refine</c>, <c>repair</c>), built in and
/// overridable one by one by <c>&lt;name&gt;.md</c> files in a folder; <c>{{placeholder}}</c>s are filled by <see cref="PromptBuilder"/>.
/// </summary>
public sealed class PromptTemplates
{
    public static IReadOnlyList<string> Names { get; } = ["system", "domain", "request", "refine", "repair"];

    private readonly Dictionary<string, string> _texts;

    private PromptTemplates(Dictionary<string, string> texts) => _texts = texts;

    /// <summary>The built-in templates.</summary>
    public static PromptTemplates Default { get; } = Load(null);

    /// <summary>The built-in templates, each replaced by <c>&lt;name&gt;.md</c> in <paramref name="overrideDir"/> when that file exists.</summary>
    public static PromptTemplates Load(string? overrideDir)
    {
        if (overrideDir is not null && !Directory.Exists(overrideDir))
        {
            throw new InputException($"templates folder '{overrideDir}' does not exist");
        }

        var texts = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var name in Names)
        {
            var file = overrideDir is null ? null : Path.Combine(overrideDir, name + ".md");
            texts[name] = file is not null && File.Exists(file) ? File.ReadAllText(file) : BuiltIn(name);
        }

        return new PromptTemplates(texts);
    }

    /// <summary>Template <paramref name="name"/> with each <c>{{key}}</c> replaced by its value (unknown placeholders stay as written).</summary>
    public string Render(string name, IReadOnlyDictionary<string, string> values)
    {
        var text = _texts.TryGetValue(name, out var t) ? t : throw new ArgumentException($"no template '{name}'", nameof(name));
        var s = new StringBuilder(text.Length + 256);
        var i = 0;
        while (i < text.Length)
        {
            var open = text.IndexOf("{{", i, StringComparison.Ordinal);
            var close = open < 0 ? -1 : text.IndexOf("}}", open + 2, StringComparison.Ordinal);
            if (close < 0)
            {
                s.Append(text, i, text.Length - i);
                break;
            }

            s.Append(text, i, open - i);
            var key = text[(open + 2)..close].Trim();
            if (values.TryGetValue(key, out var value))
            {
                s.Append(value);
            }
            else
            {
                s.Append(text, open, close + 2 - open);
            }

            i = close + 2;
        }

        return s.ToString().Trim() + "\n";
    }

    private static string BuiltIn(string name)
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream($"RuleForge.EventCalculus.Prompts.Templates.{name}.md")
            ?? throw new InvalidOperationException($"built-in template '{name}' is missing from the assembly");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
