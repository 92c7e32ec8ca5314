using System.Security.Cryptography;
using System.Text;
using RuleForge.Core.Costs;
using RuleForge.Core.Learning;
using RuleForge.Core.Llm;
using RuleForge.Core.Rules;
using RuleForge.EventCalculus.Prompts;
using RuleForge.EventCalculus.Replies;

namespace RuleForge.EventCalculus.Learning;

/// <summary>
/// Asks a chat model for an activity definition. The first attempt gets the domain, the learned prerequisites and the
/// request; later ones also the best usable earlier definition with its evaluation's feedback. A reply that cannot be
/// used (empty, no code block, syntax error, another fluent) is sent back once as a repair request; with several
/// samples the most self-consistent usable one is kept.
/// </summary>
public sealed class ActivityGenerator(IChatModel chat, PromptBuilder prompts, ReplyParser parser, ActivityGeneratorOptions? options = null) : IRuleGenerator
{
    private readonly ActivityGeneratorOptions _options = options ?? new ActivityGeneratorOptions();

    public string Name => "llm";

    public async Task<Candidate> GenerateAsync(Problem problem, IReadOnlyList<Iteration> history, CancellationToken cancellationToken)
    {
        var p = problem as ActivityProblem ?? throw new ArgumentException("the activity generator needs an ActivityProblem", nameof(problem));
        var user = prompts.Request(p.Activity, p.Learned, p.Unavailable);
        if (Previous(history) is { } previous && previous.Candidate.Rules.Rules.FirstOrDefault() is { Body: LogicRule prior })
        {
            user += "\n" + prompts.Refine(p.Activity, prior.Text, previous.Score, previous.Evaluation.Feedback, previous.Number);
        }

        List<ChatMessage> messages = [new(ChatRole.System, prompts.System()), new(ChatRole.User, user)];
        var hash = Hash(messages);
        var samples = new List<Sample>(_options.Samples);
        for (var i = 0; i < Math.Max(1, _options.Samples); i++)
        {
            samples.Add(await SampleAsync(p, messages, i, cancellationToken));
        }

        var chosen = Choose(samples, p.Activity.Name);
        var usage = samples.Aggregate(Usage.Zero, (sum, s) => sum + s.Usage);
        var model = chosen.Model ?? chat.Name;
        var rule = new Rule
        {
            Name = p.Activity.Name,
            Domain = "event-calculus",
            Description = string.Join("\n", chosen.Analysis.Issues.Select(x => "- " + x.Message)),
            Body = new LogicRule { Text = chosen.Analysis.Code },
            Source = RuleSource.Llm,
            Tags = [.. chosen.Analysis.Issues.Select(x => CandidateTags.Tag(x.Kind)).Distinct(), .. chosen.Analysis.Usable ? Array.Empty<string>() : [CandidateTags.Unusable], "ec-domain:" + p.Pack.Name],
            Metrics = new Dictionary<string, double> { [CandidateTags.RepairsMetric] = samples.Sum(s => s.Repairs) },
            Provenance = new Provenance { Generator = Name, Model = model, PromptHash = hash, Iteration = history.Count + 1 },
        };
        return new Candidate
        {
            Rules = new RuleSet(p.Target, [rule]),
            Generator = Name,
            Model = model,
            PromptHash = hash,
            Usage = usage,
            RawResponse = chosen.Raw,
        };
    }

    // Refine from the best usable attempt so far (a worse later one would only drag the model back); else the last.
    private static Iteration? Previous(IReadOnlyList<Iteration> history)
    {
        var usable = history.Where(h => h.Evaluation.Metrics.GetValueOrDefault("valid", 1) > 0).ToList();
        return FeedbackLoop.Best(usable) ?? (history.Count > 0 ? history[^1] : null);
    }

    private async Task<Sample> SampleAsync(ActivityProblem p, List<ChatMessage> messages, int index, CancellationToken ct)
    {
        var first = await chat.CompleteAsync(Request(messages, index), ct);
        var analysis = parser.Analyse(first.Text, p.Activity);
        if (analysis.Blocking is not { } blocking)
        {
            return new Sample(analysis, first.Text, first.Usage, first.Model, 0);
        }

        // Fed back once: the model sees its reply and what is wrong with it.
        var repair = prompts.Repair(p.Activity, blocking.Message, RepairDetail(blocking.Kind));
        List<ChatMessage> retry = [.. messages, new(ChatRole.Assistant, first.Text), new(ChatRole.User, repair)];
        var second = await chat.CompleteAsync(Request(retry, index), ct);
        var repaired = parser.Analyse(second.Text, p.Activity);
        var issues = analysis.Issues.Where(i => i.Blocking).Select(i => i with { Message = "first reply: " + i.Message, Blocking = false }).Concat(repaired.Issues).ToList();
        var raw = $"{first.Text}\n\n<!-- repair request: {blocking.Kind} -->\n\n{second.Text}";
        return new Sample(repaired with { Issues = issues }, raw, first.Usage + second.Usage, second.Model ?? first.Model, 1);
    }

    private static string RepairDetail(ReplyProblem kind) => kind switch
    {
        ReplyProblem.Empty => "The reply was empty.",
        ReplyProblem.NoCodeBlock => "Put the Prolog clauses inside a fenced code block that starts with ```prolog and ends with ```.",
        ReplyProblem.SyntaxError => "Check the clause at that position: balanced parentheses, commas between literals, a full stop after each clause.",
        ReplyProblem.WrongFluent => "Define the requested fluent itself (rule heads initiatedAt/terminatedAt or holdsFor of that fluent).",
        _ => "",
    };

    private ChatRequest Request(IReadOnlyList<ChatMessage> messages, int sample) => new()
    {
        Messages = messages,
        Model = _options.Model,
        Temperature = _options.Temperature,
        MaxTokens = _options.MaxTokens,
        // Distinct seeds make samples differ (and keep them apart in a response cache); one sample keeps the seed as given.
        Seed = _options.Samples > 1 ? (_options.Seed ?? 0) + sample : _options.Seed,
    };

    private static Sample Choose(List<Sample> samples, string activity)
    {
        var usable = samples.Where(s => s.Analysis.Usable).ToList();
        if (usable.Count <= 1)
        {
            return usable.Count == 1 ? usable[0] : samples[^1];
        }

        // Self-consistency: the candidate closest on average to the others (SimLP on the activity's partitions).
        Sample best = usable[0];
        var bestMean = double.NegativeInfinity;
        foreach (var a in usable)
        {
            var mean = usable.Where(b => !ReferenceEquals(a, b)).Average(b => ActivityScore.Similarity(SimLp.SimLp.Compare(a.Analysis.Program!, b.Analysis.Program!), activity));
            if (mean > bestMean)
            {
                best = a;
                bestMean = mean;
            }
        }

        return best;
    }

    private static string Hash(IEnumerable<ChatMessage> messages)
    {
        var text = string.Join("\n\u0000", messages.Select(m => m.Role + ":" + m.Content));
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
    }

    private sealed record Sample(ReplyAnalysis Analysis, string Raw, Usage Usage, string? Model, int Repairs);
}
