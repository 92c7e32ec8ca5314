using System.CommandLine;
using RuleForge.Cli.Hosting;
using RuleForge.Core.Errors;
using RuleForge.Core.Rules;
using RuleForge.Core.Stores;

namespace RuleForge.Cli.Commands.Rules;

/// <summary>The rule filters shared by <c>rules search</c> and <c>rules export</c>.</summary>
internal sealed class RuleFilterOptions
{
    private readonly Option<string?> _text = new("--text", "-t") { Description = "Substring of the name or description (case-insensitive)" };
    private readonly Option<string?> _domain = new("--domain") { Description = "Rule domain, e.g. tabular" };
    private readonly Option<string?> _status = new("--status") { Description = "draft, candidate, active or retired" };
    private readonly Option<string?> _source = new("--source") { Description = "human, symbolic, llm or hybrid" };
    private readonly Option<string?> _tag = new("--tag") { Description = "Rules carrying this tag" };
    private readonly Option<DateTimeOffset?> _after = new("--created-after") { Description = "Created at or after (ISO 8601)" };
    private readonly Option<DateTimeOffset?> _before = new("--created-before") { Description = "Created before (ISO 8601)" };
    private readonly Option<double?> _min = new("--min-score") { Description = "Lowest score (of --metric)" };
    private readonly Option<double?> _max = new("--max-score") { Description = "Highest score (of --metric)" };
    private readonly Option<string> _metric = new("--metric") { Description = "The metric used as score", DefaultValueFactory = _ => "score" };
    private readonly Option<bool> _allVersions = new("--all-versions") { Description = "Every version, not only the latest" };
    private readonly Option<bool> _deleted = new("--include-deleted") { Description = "Include soft-deleted rules" };

    public RuleFilterOptions()
    {
        _status.AcceptOnlyFromAmong("draft", "candidate", "active", "retired");
        _source.AcceptOnlyFromAmong("human", "symbolic", "llm", "hybrid");
    }

    public Option<bool> AllVersions => _allVersions;

    public void AddTo(Command command)
    {
        foreach (var option in new Option[] { _text, _domain, _status, _source, _tag, _after, _before, _min, _max, _metric, _allVersions, _deleted })
        {
            command.Options.Add(option);
        }
    }

    public RuleQuery Query(CommandContext ctx)
    {
        var min = ctx.Value(_min);
        var max = ctx.Value(_max);
        if (min > max)
        {
            throw new InputException($"--min-score {min} is above --max-score {max}");
        }

        return new RuleQuery
        {
            Text = ctx.Value(_text),
            Domain = ctx.Value(_domain),
            Status = ctx.Value(_status) is { } status ? Enum.Parse<RuleStatus>(status, ignoreCase: true) : null,
            Source = ctx.Value(_source) is { } source ? Enum.Parse<RuleSource>(source, ignoreCase: true) : null,
            Tag = ctx.Value(_tag),
            CreatedAfter = ctx.Value(_after),
            CreatedBefore = ctx.Value(_before),
            MinScore = min,
            MaxScore = max,
            ScoreMetric = ctx.Value(_metric),
            LatestOnly = !ctx.Value(_allVersions),
            IncludeDeleted = ctx.Value(_deleted),
        };
    }
}
